package dev.codedpo.data.world;

import dev.codedpo.core.progress.Progress;
import dev.codedpo.eval.exec.CodeExecutor;
import dev.codedpo.eval.exec.ExecutionRequest;
import dev.codedpo.eval.exec.ExecutionResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs requests through the sandboxed executor, as many at once as it has workers; results in request order. */
final class BatchRunner {
    private BatchRunner() {}

    static List<ExecutionResult> run(CodeExecutor executor, List<ExecutionRequest> requests, Progress progress) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, executor.parallelism()), r -> {
            Thread t = new Thread(r, "world-exec");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<ExecutionResult>> futures = new ArrayList<>();
            for (ExecutionRequest q : requests) {
                futures.add(pool.submit(() -> {
                    ExecutionResult r = executor.execute(q);
                    progress.step();
                    return r;
                }));
            }
            List<ExecutionResult> out = new ArrayList<>();
            for (Future<ExecutionResult> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("executing the world's references failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
