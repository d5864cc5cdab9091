package dev.codedpo.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.IntSupplier;

/** Runs a command line in this JVM and keeps what it printed on stderr (the messages users see) and stdout. */
final class StdErr {
    record Run(int exitCode, String stderr, String stdout) {}

    private StdErr() {}

    static synchronized Run capture(IntSupplier command) {
        PrintStream originalErr = System.err;
        PrintStream originalOut = System.out;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            int code = command.getAsInt();
            return new Run(code, err.toString(StandardCharsets.UTF_8), out.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(originalErr);
            System.setOut(originalOut);
        }
    }

    static Run execute(String... args) {
        return capture(() -> Main.execute(args));
    }
}
