package dev.codedpo.eval.exec;

/**
 * Resource limits applied to every check.
 *
 * @param timeoutSeconds  wall-clock limit per test (the code's own import gets the same limit)
 * @param cpuSeconds      CPU-time limit per test process
 * @param memoryBytes     address-space limit (RLIMIT_AS)
 * @param maxOutputBytes  stdout+stderr kept per process; the rest is discarded
 * @param maxFileBytes    largest file a candidate may write (RLIMIT_FSIZE)
 */
public record SandboxLimits(double timeoutSeconds, double cpuSeconds, long memoryBytes, long maxOutputBytes,
                            long maxFileBytes) {
    public static SandboxLimits defaults() {
        return new SandboxLimits(5.0, 5.0, 2L << 30, 64 * 1024, 16L << 20);
    }

    public SandboxLimits withTimeout(double seconds) {
        return new SandboxLimits(seconds, Math.max(cpuSeconds, seconds), memoryBytes, maxOutputBytes, maxFileBytes);
    }
}
