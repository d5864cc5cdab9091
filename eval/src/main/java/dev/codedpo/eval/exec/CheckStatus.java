package dev.codedpo.eval.exec;

/** Outcome of one (code, test) check. Only {@link #PASS} counts as passing. */
public enum CheckStatus {
    /** The harness itself saw the test finish without an exception. */
    PASS,
    /** The test raised AssertionError. */
    FAIL,
    /** The code, the setup or the test raised any other exception (SystemExit included). */
    ERROR,
    /** Wall-clock or CPU limit reached. */
    TIMEOUT,
    /** The process died without reporting: a signal, os._exit, out of memory, a killed parent. */
    CRASH;

    public String label() {
        return name().toLowerCase();
    }

    /** The status a {@link #label()} names; IllegalArgumentException for any other text. */
    public static CheckStatus ofLabel(String label) {
        return valueOf(label.toUpperCase(java.util.Locale.ROOT));
    }
}
