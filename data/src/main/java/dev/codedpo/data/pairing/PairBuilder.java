package dev.codedpo.data.pairing;

import dev.codedpo.core.concurrent.TaskWindow;
import dev.codedpo.core.io.AtomicFiles;
import dev.codedpo.core.io.Json;
import dev.codedpo.core.io.OutputDirLock;
import dev.codedpo.core.progress.Progress;
import dev.codedpo.data.task.TaskFileReader;
import dev.codedpo.eval.exec.CodeExecutor;
import dev.codedpo.eval.exec.SandboxLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

/**
 * {@code codedpo pairs}: reads tasks, runs each through {@link TaskProcessor} on as many threads as the executor has
 * workers, and appends each finished task to a {@link ResumableOutput}. Input is checked completely before anything
 * is written; tasks already finished in the output directory are skipped.
 */
public final class PairBuilder {
    /** What a run did, for the command's last lines (recomputed tasks are in the summary, not in resumedTasks). */
    public record Result(RunSummary summary, int resumedTasks) {}

    private final PairsConfig config;
    private final CodeExecutor executor;
    private final SandboxLimits limits;
    private final BiFunction<String, Long, Progress> progressFactory;

    /**
     * @param progressFactory makes the progress display for (task name, number of tasks to do)
     */
    public PairBuilder(PairsConfig config, CodeExecutor executor, SandboxLimits limits,
                       BiFunction<String, Long, Progress> progressFactory) {
        this.config = config;
        this.executor = executor;
        this.limits = limits;
        this.progressFactory = progressFactory;
    }

    /**
     * Builds into {@code outDir}, which stays locked against other runs until this returns. An existing directory
     * is locked before the input is read, so that a second run on it is refused at once (as is a file in its place);
     * a new one is made only once the input is known to be good, so that bad input leaves nothing behind.
     */
    public Result run(Path input, Path outDir) {
        TaskFileReader reader = new TaskFileReader(input, config.maxRowBytes(), config.skipBadRows());
        OutputDirLock lock = Files.exists(outDir) ? OutputDirLock.acquire(outDir) : null;
        try {
            TaskFileReader.Census census = reader.census();
            if (lock == null) {
                lock = OutputDirLock.acquire(outDir);
            }
            return build(reader, census, lock);
        } finally {
            if (lock != null) {
                lock.close();
            }
        }
    }

    private Result build(TaskFileReader reader, TaskFileReader.Census census, OutputDirLock lock) {
        long start = System.nanoTime();
        AtomicInteger done = new AtomicInteger();
        AtomicLong checks = new AtomicLong();
        int resumed;
        Result result;
        dev.codedpo.data.output.OutputFiles files;
        try (ResumableOutput out = ResumableOutput.open(lock, config, census.taskHashes())) {
            Set<String> finished = out.finished();
            resumed = (int) census.taskIds().stream().filter(finished::contains).count();
            int threads = Math.max(1, executor.parallelism());
            TaskProcessor processor = new TaskProcessor(config, executor, limits);
            try (Progress progress = progressFactory.apply("pairs", (long) census.tasks() - resumed);
                 TaskWindow window = new TaskWindow(threads, "pairs-task")) {
                reader.forEach(task -> {
                    if (finished.contains(task.taskId()) || window.failed()) {
                        return;
                    }
                    window.submit(() -> {
                        TaskOutcome outcome = processor.process(task);
                        out.write(outcome);
                        done.incrementAndGet();
                        checks.addAndGet((long) task.codes().size() * task.tests().size());
                        progress.step();
                    });
                });
                window.finish();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            RunSummary summary = SummaryBuilder.build(out.files(), config, census.skipped(), out.recomputed(),
                    done.get(), checks.get(), seconds, executor.sandbox());
            AtomicFiles.writeString(out.files().summary(), Json.pretty(summary));
            result = new Result(summary, resumed);
            files = out.files();
        }
        // Workers finish tasks in any order; the files keep the input's, so that the same input gives the same files.
        for (Path p : files.all()) {
            TaskRows.orderByTask(p, census.taskIds());
        }
        return result;
    }

}
