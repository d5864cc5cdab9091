package dev.codedpo.data.world;

import dev.codedpo.eval.exec.PoolConfig;
import dev.codedpo.eval.exec.PythonWorkerPool;

/** One small sandboxed Python pool for the world's tests. */
final class TestPool {
    private TestPool() {}

    static PythonWorkerPool start() {
        return PythonWorkerPool.start(PoolConfig.defaults().withWorkers(2));
    }
}
