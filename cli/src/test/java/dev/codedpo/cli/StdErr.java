package dev.codedpo.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.IntSupplier;

/** Runs a command line in this JVM and keeps what it printed on stderr (the messages users see). */
final class StdErr {
    record Run(int exitCode, String stderr) {}

    private StdErr() {}

    static synchronized Run capture(IntSupplier command) {
        PrintStream original = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            int code = command.getAsInt();
            return new Run(code, buf.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(original);
        }
    }

    static Run execute(String... args) {
        return capture(() -> Main.execute(args));
    }
}
