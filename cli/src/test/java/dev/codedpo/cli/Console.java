package dev.codedpo.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs a command line in this JVM and keeps both what it printed on stdout and on stderr. */
final class Console {
    record Run(int exitCode, String stdout, String stderr) {
        String all() {
            return stdout + stderr;
        }
    }

    private Console() {}

    static synchronized Run execute(String... args) {
        PrintStream out = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            StdErr.Run r = StdErr.execute(args);
            return new Run(r.exitCode(), buf.toString(StandardCharsets.UTF_8), r.stderr());
        } finally {
            System.setOut(out);
        }
    }
}
