package dev.codedpo.eval.exec;

/**
 * How to start a {@link PythonWorkerPool}.
 *
 * @param workers         warm worker processes (requests served at once)
 * @param python          interpreter command or path; resolved once to the real executable
 * @param limits          default limits for requests that carry none
 * @param isolateNetwork  start each worker in a new network namespace (needs root or user namespaces)
 * @param dropPrivileges  when running as root, run candidates as an unprivileged uid of their worker's own
 * @param uids            where those uids come from (one per worker, unused by any account)
 */
public record PoolConfig(int workers, String python, SandboxLimits limits, boolean isolateNetwork,
                         boolean dropPrivileges, SandboxUidRange uids) {
    public PoolConfig {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1, got " + workers);
        }
        if (python == null || python.isBlank()) {
            throw new IllegalArgumentException("python must name an interpreter");
        }
        limits = limits == null ? SandboxLimits.defaults() : limits;
        uids = uids == null ? SandboxUidRange.defaults() : uids;
    }

    public PoolConfig(int workers, String python, SandboxLimits limits, boolean isolateNetwork,
                      boolean dropPrivileges) {
        this(workers, python, limits, isolateNetwork, dropPrivileges, null);
    }

    public static PoolConfig defaults() {
        return new PoolConfig(Runtime.getRuntime().availableProcessors(), "python3", SandboxLimits.defaults(),
                true, true, null);
    }

    public PoolConfig withWorkers(int n) {
        return new PoolConfig(n, python, limits, isolateNetwork, dropPrivileges, uids);
    }

    public PoolConfig withPython(String command) {
        return new PoolConfig(workers, command, limits, isolateNetwork, dropPrivileges, uids);
    }

    public PoolConfig withLimits(SandboxLimits l) {
        return new PoolConfig(workers, python, l, isolateNetwork, dropPrivileges, uids);
    }

    public PoolConfig withUids(SandboxUidRange range) {
        return new PoolConfig(workers, python, limits, isolateNetwork, dropPrivileges, range);
    }
}
