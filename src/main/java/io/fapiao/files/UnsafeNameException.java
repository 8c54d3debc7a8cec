package io.fapiao.files;

/** A file name or path that must not become a path here or on a server; the message shows it escaped, and why. */
public final class UnsafeNameException extends IllegalArgumentException {

    public UnsafeNameException(String message) {
        super(message);
    }
}
