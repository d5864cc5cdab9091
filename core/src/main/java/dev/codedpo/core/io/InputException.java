package dev.codedpo.core.io;

import java.nio.file.Path;

/**
 * Bad user input: a file, a row or an option that cannot be used. The CLI maps it to exit code 2 and prints only
 * the message, so the message must say where (file:line) and what was expected.
 */
public class InputException extends RuntimeException {
    public InputException(String message) {
        super(message);
    }

    public InputException(String message, Throwable cause) {
        super(message, cause);
    }

    public static InputException at(Path file, long line, String what) {
        return new InputException(file + ":" + line + ": " + what);
    }
}
