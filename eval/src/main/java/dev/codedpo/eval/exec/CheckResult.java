package dev.codedpo.eval.exec;

/**
 * One (code, test) check.
 *
 * @param exceptionType Python exception class name when one was raised (e.g. "AssertionError"), else null
 * @param message       the exception's message or a short reason (truncated), else null
 * @param cpuSeconds    CPU time of the test itself (user + system of the test's process), excluding the code's import
 */
public record CheckResult(CheckStatus status, String exceptionType, String message, double cpuSeconds) {
    public boolean passed() {
        return status == CheckStatus.PASS;
    }
}
