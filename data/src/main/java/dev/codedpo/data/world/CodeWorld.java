package dev.codedpo.data.world;

import dev.codedpo.core.io.AtomicDirectory;
import dev.codedpo.core.io.InputException;
import dev.codedpo.core.progress.Progress;
import dev.codedpo.eval.exec.CodeExecutor;
import dev.codedpo.eval.exec.PoolConfig;
import dev.codedpo.eval.exec.PythonWorkerPool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * The code world of the bundled demo: a seeded family of small Python tasks, their reference tests, solutions of
 * different speed, the held-out suite and the demo model's tokenizer, written to one directory.
 */
public final class CodeWorld {
    private CodeWorld() {}

    /** Generates with its own sandboxed Python workers, silently. */
    public static World generate(CodeWorldConfig config, Path outDir) {
        int workers = config.workers() > 0 ? config.workers() : Runtime.getRuntime().availableProcessors();
        try (PythonWorkerPool pool = PythonWorkerPool.start(PoolConfig.defaults().withWorkers(workers))) {
            return generate(config, outDir, pool, (name, total) -> Progress.NONE, line -> { });
        }
    }

    /**
     * Builds the world and writes it to {@code outDir}, which must not exist: the directory appears whole or not at
     * all. The same settings give the same bytes.
     */
    public static World generate(CodeWorldConfig config, Path outDir, CodeExecutor executor,
                                 BiFunction<String, Long, Progress> progress, Consumer<String> log) {
        if (Files.exists(outDir)) {
            throw new InputException(outDir + ": exists already (choose a new --out or delete it)");
        }
        Path parent = outDir.toAbsolutePath().getParent();
        World world = new WorldBuilder(executor, progress, log).build(config);
        try {
            Files.createDirectories(parent);
        } catch (java.io.IOException e) {
            throw new InputException(parent + ": cannot create: " + e.getMessage());
        }
        AtomicDirectory.write(outDir, dir -> WorldFiles.write(world, dir));
        log.accept("codedpo world: wrote " + outDir);
        return world;
    }
}
