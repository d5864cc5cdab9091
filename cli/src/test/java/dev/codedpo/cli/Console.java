package dev.codedpo.cli;

/** Runs a command line in this JVM and keeps both what it printed on stdout and on stderr. */
final class Console {
    record Run(int exitCode, String stdout, String stderr) {
        String all() {
            return stdout + stderr;
        }
    }

    private Console() {}

    static Run execute(String... args) {
        StdErr.Run r = StdErr.execute(args);
        return new Run(r.exitCode(), r.stdout(), r.stderr());
    }
}
