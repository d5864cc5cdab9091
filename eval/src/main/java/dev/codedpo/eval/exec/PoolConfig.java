package dev.codedpo.eval.exec;

/**
 * How to start a {@link PythonWorkerPool}.
 *
 * @param workers         warm worker processes (requests served at once)
 * @param python          interpreter command or path; resolved once to the real executable
 * @param limits          default limits for requests that carry none
 * @param isolateNetwork  start each worker in a new network namespace (needs root or user namespaces)
 * @param dropPrivileges  when running as root, run candidates as nobody (65534)
 */
public record PoolConfig(int workers, String python, SandboxLimits limits, boolean isolateNetwork,
                         boolean dropPrivileges) {
    public PoolConfig {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1, got " + workers);
        }
        if (python == null || python.isBlank()) {
            throw new IllegalArgumentException("python must name an interpreter");
        }
        limits = limits == null ? SandboxLimits.defaults() : limits;
    }

    public static PoolConfig defaults() {
        return new PoolConfig(Runtime.getRuntime().availableProcessors(), "python3", SandboxLimits.defaults(),
                true, true);
    }

    public PoolConfig withWorkers(int n) {
        return new PoolConfig(n, python, limits, isolateNetwork, dropPrivileges);
    }

    public PoolConfig withPython(String command) {
        return new PoolConfig(workers, command, limits, isolateNetwork, dropPrivileges);
    }

    public PoolConfig withLimits(SandboxLimits l) {
        return new PoolConfig(workers, python, l, isolateNetwork, dropPrivileges);
    }
}
