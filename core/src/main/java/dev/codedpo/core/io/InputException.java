package dev.codedpo.core.io;

import java.nio.file.Path;

/**
 * Bad user input: a file, a row or an option that cannot be used. The CLI maps it to exit code 2 and prints only
 * the message, so the message must say where (file:line) and what was expected.
 */
public class InputException extends RuntimeException {
    private final long line;

    public InputException(String message) {
        this(message, -1, null);
    }

    public InputException(String message, Throwable cause) {
        this(message, -1, cause);
    }

    private InputException(String message, long line, Throwable cause) {
        super(message, cause);
        this.line = line;
    }

    public static InputException at(Path file, long line, String what) {
        return new InputException(file + ":" + line + ": " + what, line, null);
    }

    /** The 1-based line of the input file this is about, or -1 when it is not about one line. */
    public long line() {
        return line;
    }
}
