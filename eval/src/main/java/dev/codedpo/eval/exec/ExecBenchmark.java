package dev.codedpo.eval.exec;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs requests through an executor with as many caller threads as it has parallelism, and times the whole. */
public final class ExecBenchmark {
    /**
     * @param results  one result per request, in request order
     * @param seconds  wall-clock time for all requests
     * @param checks   (code, test) checks executed
     */
    public record Run(List<ExecutionResult> results, double seconds, long checks) {
        public double checksPerSecond() {
            return checks / seconds;
        }

        public Map<CheckStatus, Long> statusCounts() {
            Map<CheckStatus, Long> m = new EnumMap<>(CheckStatus.class);
            for (ExecutionResult r : results) {
                for (CheckResult c : r.checks()) {
                    m.merge(c.status(), 1L, Long::sum);
                }
            }
            return m;
        }
    }

    private ExecBenchmark() {}

    public static Run run(CodeExecutor executor, List<ExecutionRequest> requests) {
        ExecutorService callers = Executors.newFixedThreadPool(executor.parallelism());
        try {
            long t0 = System.nanoTime();
            List<Future<ExecutionResult>> futures = new ArrayList<>(requests.size());
            for (ExecutionRequest req : requests) {
                futures.add(callers.submit(() -> executor.execute(req)));
            }
            List<ExecutionResult> results = new ArrayList<>(requests.size());
            for (Future<ExecutionResult> f : futures) {
                results.add(f.get());
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            long checks = requests.stream().mapToLong(r -> r.tests().size()).sum();
            return new Run(results, seconds, checks);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("benchmark interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("benchmark request failed: " + e.getCause(), e.getCause());
        } finally {
            callers.shutdownNow();
        }
    }

    /** Every {@code step}-th request, so that a sample spans all tasks and code kinds. */
    public static List<ExecutionRequest> sample(List<ExecutionRequest> all, int k) {
        if (k >= all.size()) {
            return all;
        }
        List<ExecutionRequest> out = new ArrayList<>(k);
        double step = (double) all.size() / k;
        for (int i = 0; i < k; i++) {
            out.add(all.get((int) (i * step)));
        }
        return out;
    }
}
