package io.fapiao.files;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which names may become a path, here or on an SFTP server. A name comes from outside (an ERP's file, a server's
 * directory listing) and is used to read, move and write files, so it is refused unless it is plainly one name:
 * no {@code ..}, no separator of either system, no drive letter or other {@code :}, no control or invisible direction
 * characters, not a Windows device name, not ending in a dot or space (Windows drops them, so two names would meet),
 * and at most {@value #MAX_BYTES} bytes in UTF-8. The error says which rule, with the name escaped so that a hostile
 * name cannot forge a log line.
 */
public final class SafeNames {

    /** The longest name most file systems keep (ext4, XFS, NTFS, and OpenSSH's servers on them), in UTF-8 bytes. */
    public static final int MAX_BYTES = 255;
    /**
     * The longest input name: its result and error files add {@code .result.csv} or {@code .errors.csv} and, when the
     * name was dropped before, a suffix, and must still fit in {@value #MAX_BYTES} bytes.
     */
    public static final int MAX_INPUT_BYTES = 200;
    /** The deepest relative path the bundle writes: {@code results/<name>} and the like. */
    public static final int MAX_SEGMENTS = 8;

    private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:.*");
    private static final Pattern DEVICE = Pattern.compile("(?i)(CON|PRN|AUX|NUL|COM[0-9]|LPT[0-9])(\\..*)?");

    private SafeNames() {
    }

    /** Why {@code name} may not be one file name, or empty when it may. */
    public static Optional<String> problem(String name) {
        return problem(name, MAX_BYTES);
    }

    /** The name itself when it is safe as one file name. */
    public static String fileName(String name) {
        return check(name, MAX_BYTES);
    }

    /**
     * Why {@code name} may not be the name of an input file (an ERP's drop), which must leave room for the names of
     * its result files; empty when it may.
     */
    public static Optional<String> inputProblem(String name) {
        return problem(name, MAX_INPUT_BYTES);
    }

    /**
     * A relative path of safe names separated by {@code /}, such as {@code results/orders.csv.result.csv}: answered
     * unchanged, or refused. An absolute path, an empty segment ({@code a//b}) or a backslash is refused.
     */
    public static String relativePath(String path) {
        if (path == null || path.isEmpty()) {
            throw new UnsafeNameException("path refused: it is empty");
        }
        if (path.startsWith("/")) {
            throw new UnsafeNameException("path '" + shown(path) + "' refused: it is absolute");
        }
        String[] segments = path.split("/", -1);
        if (segments.length > MAX_SEGMENTS) {
            throw new UnsafeNameException("path '" + shown(path) + "' refused: more than " + MAX_SEGMENTS + " folders deep");
        }
        for (String segment : segments) {
            Optional<String> why = problem(segment, MAX_BYTES);
            if (why.isPresent()) {
                throw new UnsafeNameException("path '" + shown(path) + "' refused: a part of it " + why.get());
            }
        }
        return path;
    }

    /** {@code root} joined with a safe relative path; the result is checked to stay inside {@code root}. */
    public static Path resolve(Path root, String relative) {
        Path base = root.toAbsolutePath().normalize();
        Path p = base.resolve(relativePath(relative)).normalize();
        if (!p.startsWith(base) || p.equals(base)) {
            throw new UnsafeNameException("path '" + shown(relative) + "' refused: it leaves " + base);
        }
        return p;
    }

    /**
     * A name as it may appear in a log line or an error message: control and invisible characters as {@code \\uXXXX},
     * cut after 120 characters.
     */
    public static String shown(String name) {
        if (name == null) {
            return "(none)";
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < name.length() && b.length() < 120; i++) {
            char c = name.charAt(i);
            if (Character.isISOControl(c) || isInvisible(c) || Character.isSurrogate(c) || c == '\'') {
                b.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
            } else {
                b.append(c);
            }
        }
        if (b.length() >= 120) {
            b.append("…");
        }
        return b.toString();
    }

    private static String check(String name, int maxBytes) {
        Optional<String> why = problem(name, maxBytes);
        if (why.isPresent()) {
            throw new UnsafeNameException("file name '" + shown(name) + "' refused: it " + why.get());
        }
        return name;
    }

    private static Optional<String> problem(String name, int maxBytes) {
        if (name == null || name.isEmpty()) {
            return Optional.of("is empty");
        }
        if (name.equals(".") || name.equals("..")) {
            return Optional.of("is '" + name + "', a folder reference");
        }
        if (name.indexOf('/') >= 0) {
            return Optional.of("contains '/', a folder separator");
        }
        if (name.indexOf('\\') >= 0) {
            return Optional.of("contains '\\', a Windows folder separator");
        }
        if (DRIVE.matcher(name).matches()) {
            return Optional.of("starts with a Windows drive letter");
        }
        if (name.indexOf(':') >= 0) {
            return Optional.of("contains ':' (a Windows drive or NTFS stream separator)");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isISOControl(c)) {
                return Optional.of(String.format(Locale.ROOT, "contains the control character U+%04X", (int) c));
            }
            if (isInvisible(c)) {
                return Optional.of(String.format(Locale.ROOT, "contains the invisible direction character U+%04X",
                        (int) c));
            }
            if (Character.isHighSurrogate(c) && i + 1 < name.length() && Character.isLowSurrogate(name.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return Optional.of("is not valid Unicode");
            }
            if (c == '\uFFFD') {
                return Optional.of("has bytes that are not valid in the file name encoding (U+FFFD)");
            }
        }
        if (name.endsWith(".") || name.endsWith(" ")) {
            return Optional.of("ends with a dot or a space, which Windows drops");
        }
        if (DEVICE.matcher(name).matches()) {
            return Optional.of("is a Windows device name");
        }
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxBytes) {
            return Optional.of("is " + bytes + " bytes long in UTF-8; at most " + maxBytes + " are allowed");
        }
        return Optional.empty();
    }

    /** Direction marks and overrides that make a name read differently from what it is. */
    private static boolean isInvisible(char c) {
        return c == '\u200E' || c == '\u200F' || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069')
                || c == '\u061C' || c == '\uFEFF';
    }
}
