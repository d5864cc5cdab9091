package dev.codedpo.data.generate;

import dev.codedpo.eval.exec.PoolConfig;
import dev.codedpo.eval.exec.PythonWorkerPool;

/** One sandboxed Python worker shared by this package's tests, started on first use and closed at JVM exit. */
final class TestPool {
    private static PythonWorkerPool pool;

    private TestPool() {}

    static synchronized SyntaxChecker checker() {
        if (pool == null) {
            pool = PythonWorkerPool.start(PoolConfig.defaults().withWorkers(1));
            Runtime.getRuntime().addShutdownHook(new Thread(pool::close));
        }
        return new SyntaxChecker(pool, SyntaxChecker.defaultLimits());
    }
}
