package dev.codedpo.eval.run;

import dev.codedpo.eval.check.CheckPlanner;
import dev.codedpo.eval.check.Verdict;
import dev.codedpo.eval.exec.CodeExecutor;
import dev.codedpo.eval.exec.ExecutionResult;
import dev.codedpo.eval.samples.Sample;
import dev.codedpo.eval.suite.Suite;
import dev.codedpo.eval.suite.Task;
import dev.codedpo.eval.truth.GroundTruth;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** Runs every sample through the sandboxed executor, as many at once as the executor has workers. */
public final class Evaluator {
    private final CodeExecutor executor;
    private final CheckPlanner planner;
    private final Consumer<String> log;

    public Evaluator(CodeExecutor executor, CheckPlanner planner, Consumer<String> log) {
        this.executor = executor;
        this.planner = planner;
        this.log = log;
    }

    /** Results in the order of {@code samples}. */
    public List<SampleResult> run(Suite suite, Map<String, GroundTruth> truth, List<Sample> samples) {
        Map<String, Task> tasks = suite.byId();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, executor.parallelism()), r -> {
            Thread t = new Thread(r, "eval-submit");
            t.setDaemon(true);
            return t;
        });
        AtomicInteger done = new AtomicInteger();
        long start = System.nanoTime();
        int every = Math.max(1, samples.size() / 10);
        try {
            // Slowest tasks first (by the reference's time), so one long task does not run alone at the end.
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < samples.size(); i++) {
                order.add(i);
            }
            order.sort(Comparator.comparingDouble((Integer i) -> -weight(truth.get(samples.get(i).taskId())))
                    .thenComparingInt(i -> i));
            List<Future<SampleResult>> futures = new ArrayList<>(Collections.nCopies(samples.size(), null));
            for (int i : order) {
                Sample s = samples.get(i);
                futures.set(i, pool.submit(() -> {
                    SampleResult r = check(suite.name(), tasks.get(s.taskId()), truth.get(s.taskId()), s);
                    int n = done.incrementAndGet();
                    if (n % every == 0 || n == samples.size()) {
                        log.accept(String.format("checked %d/%d samples (%.0f s)", n, samples.size(),
                                (System.nanoTime() - start) / 1e9));
                    }
                    return r;
                }));
            }
            List<SampleResult> out = new ArrayList<>(samples.size());
            for (Future<SampleResult> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(c);
        } finally {
            pool.shutdownNow();
        }
    }

    private static double weight(GroundTruth g) {
        return g == null ? 0 : g.referenceSeconds();
    }

    private SampleResult check(String suite, Task task, GroundTruth truth, Sample s) {
        long t0 = System.nanoTime();
        ExecutionResult r = executor.execute(planner.request(task, truth, s.program()));
        double wall = (System.nanoTime() - t0) / 1e9;
        Verdict v = Verdict.of(r, task.isDifferential());
        return new SampleResult(suite, s.taskId(), s.index(), v.status(), v.baseStatus(), v.plusStatus(), v.failed(),
                v.cpuSeconds(), wall, s.program());
    }
}
