package dev.codedpo.eval.run;

import dev.codedpo.eval.check.CheckPlanner;
import dev.codedpo.eval.check.TimeLimits;
import dev.codedpo.eval.exec.CodeExecutor;
import dev.codedpo.eval.exec.ResultCache;
import dev.codedpo.eval.exec.SandboxLimits;
import dev.codedpo.eval.samples.Sample;
import dev.codedpo.eval.suite.Suite;
import dev.codedpo.eval.suite.Task;
import dev.codedpo.eval.truth.GroundTruth;
import dev.codedpo.eval.truth.GroundTruthStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/** One evaluation from loaded samples to written results: reference run (cached), checks, summary, files. */
public final class EvalJob {
    /**
     * @param ks           the k of pass@k to report
     * @param reuseResults answer programs checked before from cacheDir/results ({@link ResultCache}), and record
     */
    public record Options(List<Integer> ks, TimeLimits limits, Path cacheDir, String python, int referenceWorkers,
                          boolean reuseResults) {
        /** Without reused results. */
        public Options(List<Integer> ks, TimeLimits limits, Path cacheDir, String python, int referenceWorkers) {
            this(ks, limits, cacheDir, python, referenceWorkers, false);
        }
    }

    public record Outcome(List<SampleResult> results, EvalSummary summary) {}

    private EvalJob() {}

    public static Outcome run(Suite suite, List<Sample> samples, String samplesName, Path outDir,
                              CodeExecutor executor, Options options, Consumer<String> log) {
        Set<String> sampled = new HashSet<>();
        samples.forEach(s -> sampled.add(s.taskId()));
        Suite needed = suite.subset(suite.tasks().stream().filter(t -> sampled.contains(t.taskId())).toList());
        Map<String, GroundTruth> truth = new GroundTruthStore(options.cacheDir(), options.python(),
                options.referenceWorkers()).forSuite(needed, log);
        truth.values().stream().filter(g -> !g.failures().isEmpty()).forEach(g ->
                log.accept("warning: the suite's reference solution of " + g.taskId() + " fails "
                        + String.join("; ", g.failures())));
        CheckPlanner planner = new CheckPlanner(SandboxLimits.defaults(), options.limits());
        Path recorded = options.cacheDir().resolve(ResultCache.DIR);
        ResultCache cached = options.reuseResults() ? new ResultCache(executor, recorded) : null;
        long t0 = System.nanoTime();
        List<SampleResult> results = new Evaluator(cached != null ? cached : executor, planner, log)
                .run(suite, truth, samples);
        double wall = (System.nanoTime() - t0) / 1e9;
        if (cached != null) {
            log.accept(String.format("%d sample(s) checked, %d answered from %s", cached.forwarded(),
                    cached.answered(), recorded));
        }
        TimeLimits l = options.limits();
        String limits = String.format("CPU per input/test max(%.3g s, %.3g x reference); per set <= max(%.3g s, 2 x reference)",
                l.minSeconds(), l.factor(), l.capSeconds());
        var sb = executor.sandbox();
        String sandbox = String.format("network isolated: %s, privileges dropped: %s%s", sb.networkIsolated(),
                sb.privilegesDropped(), sb.notes() == null || sb.notes().isBlank() ? "" : " (" + sb.notes() + ")");
        EvalSummary summary = Summaries.of(suite, samplesName, results, options.ks(), limits, wall, sandbox);
        List<Integer> skipped = Summaries.skippedK(options.ks(), summary.minSamplesPerTask());
        if (!skipped.isEmpty()) {
            log.accept("note: pass@" + skipped + " not reported: some task has only " + summary.minSamplesPerTask()
                    + " sample(s)");
        }
        if (summary.tasksEvaluated() < summary.tasksInSuite()) {
            log.accept(String.format("note: samples cover %d of the suite's %d tasks; pass@k averages over those %d",
                    summary.tasksEvaluated(), summary.tasksInSuite(), summary.tasksEvaluated()));
        }
        ResultsFiles.write(outDir, results, summary);
        return new Outcome(results, summary);
    }

    /** Samples that are the suite's own reference solutions (a sanity check of a suite and of the harness). */
    public static List<Sample> referenceSamples(Suite suite) {
        List<Sample> out = new ArrayList<>();
        for (Task t : suite.tasks()) {
            if (t.reference() != null) {
                out.add(new Sample(t.taskId(), 0, t.reference(), suite.name() + " reference"));
            }
        }
        return out;
    }
}
