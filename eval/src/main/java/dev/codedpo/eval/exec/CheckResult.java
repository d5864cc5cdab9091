package dev.codedpo.eval.exec;

/**
 * One (code, test) check.
 *
 * @param exceptionType   Python exception class name when one was raised (e.g. "AssertionError"), else null
 * @param message         the exception's message or a short reason (truncated), else null
 * @param cpuSeconds      CPU time of the test itself (user + system of the test's process), excluding the code's
 *                        import
 * @param output          what the test wrote to stdout and stderr (one pipe, so interleaved as the writes reached
 *                        it), at most {@link SandboxLimits#maxOutputBytes()} bytes decoded as UTF-8; null when the
 *                        executor does not capture or the test never ran (e.g. the code failed to load)
 * @param outputTruncated true when the test wrote more than was kept
 */
public record CheckResult(CheckStatus status, String exceptionType, String message, double cpuSeconds,
                          String output, boolean outputTruncated) {
    /** A check without captured output (executors that do not capture, test doubles). */
    public CheckResult(CheckStatus status, String exceptionType, String message, double cpuSeconds) {
        this(status, exceptionType, message, cpuSeconds, null, false);
    }

    public boolean passed() {
        return status == CheckStatus.PASS;
    }
}
