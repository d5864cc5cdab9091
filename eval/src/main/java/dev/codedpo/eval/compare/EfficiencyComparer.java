package dev.codedpo.eval.compare;

import dev.codedpo.core.io.InputException;
import dev.codedpo.eval.check.CheckPlanner;
import dev.codedpo.eval.exec.CodeExecutor;
import dev.codedpo.eval.exec.TimingClock;
import dev.codedpo.eval.exec.TimingResult;
import dev.codedpo.eval.run.SampleResult;
import dev.codedpo.eval.suite.Suite;
import dev.codedpo.eval.suite.Task;
import dev.codedpo.eval.truth.GroundTruth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Re-times the passing solutions of two eval runs on the same inputs (the suite's base and plus inputs, or its
 * tests) and reports per-problem speed-ups. For each problem the first passing sample of each run is used; the two
 * are timed one after the other by the same worker, in {@code repeats} rounds each, with the given clock.
 */
public final class EfficiencyComparer {
    private final CodeExecutor executor;
    private final CheckPlanner planner;
    private final Consumer<String> log;

    public EfficiencyComparer(CodeExecutor executor, CheckPlanner planner, Consumer<String> log) {
        this.executor = executor;
        this.planner = planner;
        this.log = log;
    }

    /** The suite named by a run's rows; both runs must name the same one. */
    public static String suiteOf(List<SampleResult> before, List<SampleResult> after) {
        if (before.isEmpty() || after.isEmpty()) {
            throw new InputException("a run has no results");
        }
        String a = before.get(0).suite();
        String b = after.get(0).suite();
        if (!a.equals(b)) {
            throw new InputException("the runs evaluated different suites: " + a + " and " + b);
        }
        return a;
    }

    public ComparisonReport compare(Suite suite, Map<String, GroundTruth> truth, List<SampleResult> before,
                                    List<SampleResult> after, String beforeName, String afterName, int repeats,
                                    TimingClock clock) {
        Map<String, SampleResult> b = firstPass(before);
        Map<String, SampleResult> a = firstPass(after);
        List<Task> both = suite.tasks().stream().filter(t -> b.containsKey(t.taskId()) && a.containsKey(t.taskId()))
                .toList();
        log.accept(String.format("%d problems solved in both runs; timing each solution in %d round(s) (%s)",
                both.size(), repeats, clock.label()));
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, executor.parallelism()));
        List<ProblemSpeedup> problems = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        try {
            List<Future<Object>> futures = new ArrayList<>();
            for (Task t : both) {
                futures.add(pool.submit(() -> timeOne(t, truth.get(t.taskId()), b.get(t.taskId()),
                        a.get(t.taskId()), repeats, clock)));
            }
            for (Future<Object> f : futures) {
                Object o = f.get();
                if (o instanceof ProblemSpeedup p) {
                    problems.add(p);
                } else {
                    skipped.add((String) o);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("timing failed: " + e.getMessage(), e);
        } finally {
            pool.shutdownNow();
        }
        return summarize(suite.name(), beforeName, afterName, repeats, clock, problems, skipped);
    }

    static ComparisonReport summarize(String suite, String before, String after, int repeats, TimingClock clock,
                                      List<ProblemSpeedup> problems, List<String> skipped) {
        int n = problems.size();
        double mean = problems.stream().mapToDouble(ProblemSpeedup::speedup).average().orElse(Double.NaN);
        double geo = n == 0 ? Double.NaN
                : Math.exp(problems.stream().mapToDouble(p -> Math.log(p.speedup())).sum() / n);
        double faster = n == 0 ? Double.NaN : problems.stream().filter(p -> p.speedup() >= 1.1).count() / (double) n;
        double slower = n == 0 ? Double.NaN
                : problems.stream().filter(p -> p.speedup() <= 1 / 1.1).count() / (double) n;
        double[] noise = problems.stream().mapToDouble(ProblemSpeedup::noise).sorted().toArray();
        double medNoise = n == 0 ? Double.NaN : median(noise);
        return new ComparisonReport(suite, before, after, repeats, clock, n, mean, geo, faster, slower, medNoise,
                List.copyOf(problems), List.copyOf(skipped));
    }

    private Object timeOne(Task task, GroundTruth truth, SampleResult before, SampleResult after, int repeats,
                           TimingClock clock) {
        TimingResult tb = executor.time(planner.timing(task, truth, before.solution(), repeats, clock));
        TimingResult ta = executor.time(planner.timing(task, truth, after.solution(), repeats, clock));
        if (!tb.allPassed() || !ta.allPassed()) {
            return task.taskId() + ": the " + (!tb.allPassed() ? "before" : "after")
                    + "-solution did not complete every timing round";
        }
        double mb = tb.median();
        double ma = ta.median();
        if (!(mb > 0) || !(ma > 0)) {
            return task.taskId() + ": too fast to time (a round measured 0 " + clock.unit() + ")";
        }
        double noise = Math.max(spread(tb), spread(ta));
        return new ProblemSpeedup(task.taskId(), before.sampleIndex(), after.sampleIndex(), mb, ma, mb / ma, noise);
    }

    static double spread(TimingResult t) {
        return (t.max() - t.min()) / t.median();
    }

    static double median(double[] sorted) {
        double[] s = sorted.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    private static Map<String, SampleResult> firstPass(List<SampleResult> results) {
        Map<String, SampleResult> m = new LinkedHashMap<>();
        results.stream().filter(r -> "pass".equals(r.status()))
                .sorted(Comparator.comparingInt(SampleResult::sampleIndex))
                .forEach(r -> m.putIfAbsent(r.taskId(), r));
        return m;
    }
}
