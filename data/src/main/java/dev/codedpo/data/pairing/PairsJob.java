package dev.codedpo.data.pairing;

import dev.codedpo.core.io.OutputDirLock;
import dev.codedpo.core.progress.Progress;
import dev.codedpo.eval.exec.PoolConfig;
import dev.codedpo.eval.exec.PythonWorkerPool;
import dev.codedpo.eval.exec.SandboxLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * One {@code codedpo pairs} from a resolved config to written files: the sandboxed pool sized and limited by the
 * config, then the pair builder. Shared by the command and the run's pairs stage.
 */
public final class PairsJob {
    private PairsJob() {}

    /**
     * @param warn told when the sandbox is weaker than asked (no network isolation, privileges kept)
     * @param log  told how many requests recorded executions answered, when the config reuses some
     */
    public static PairBuilder.Result run(PairsConfig cfg, Path input, Path out,
                                         BiFunction<String, Long, Progress> progress, Consumer<String> warn,
                                         Consumer<String> log) {
        if (Files.exists(out)) {
            // Refuse a directory in use (or a file) before starting the Python workers; the builder then takes the
            // lock for the whole run.
            OutputDirLock.acquire(out).close();
        }
        SandboxLimits limits = SandboxLimits.defaults().withTimeout(cfg.timeoutSeconds());
        limits = new SandboxLimits(limits.timeoutSeconds(), limits.cpuSeconds(), cfg.memoryMb() << 20,
                limits.maxOutputBytes(), limits.maxFileBytes());
        int n = cfg.workers() > 0 ? cfg.workers() : Runtime.getRuntime().availableProcessors();
        PoolConfig pool = new PoolConfig(n, PoolConfig.defaults().python(), limits, true, true);
        try (PythonWorkerPool executor = PythonWorkerPool.start(pool)) {
            if (!executor.sandbox().networkIsolated() || !executor.sandbox().privilegesDropped()) {
                warn.accept(executor.sandbox().notes());
            }
            if (cfg.reuseExecutions() == null) {
                return new PairBuilder(cfg, executor, limits, progress).run(input, out);
            }
            RecordedExecutor recorded = RecordedExecutor.load(Path.of(cfg.reuseExecutions()), input, cfg, executor);
            PairBuilder.Result result = new PairBuilder(cfg, recorded, limits, progress).run(input, out);
            log.accept(String.format("%d requests answered from %s, %d executed", recorded.answered(),
                    cfg.reuseExecutions(), recorded.forwarded()));
            return result;
        }
    }
}
