package dev.codedpo.data.tasks;

import dev.codedpo.data.generate.SyntaxChecker;
import dev.codedpo.eval.exec.PoolConfig;
import dev.codedpo.eval.exec.PythonWorkerPool;

/** One sandboxed Python worker shared by this package's tests, started on first use and closed at JVM exit. */
final class TestPool {
    private static PythonWorkerPool pool;

    private TestPool() {}

    static synchronized PythonAst ast() {
        if (pool == null) {
            pool = PythonWorkerPool.start(PoolConfig.defaults().withWorkers(1)
                    .withLimits(SyntaxChecker.defaultLimits()));
            Runtime.getRuntime().addShutdownHook(new Thread(pool::close));
        }
        return new PythonAst(pool, SyntaxChecker.defaultLimits());
    }
}
