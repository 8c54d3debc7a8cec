package io.fapiao.api;

/** A request the API refuses, with the HTTP status to answer and a message for the caller in both languages. */
public class ApiException extends RuntimeException {

    private final int status;

    public ApiException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
