package dev.codedpo.cli;

import dev.codedpo.core.io.AtomicFiles;
import dev.codedpo.core.io.InputException;
import dev.codedpo.core.io.Json;
import dev.codedpo.eval.check.CheckPlanner;
import dev.codedpo.eval.check.TimeLimits;
import dev.codedpo.eval.compare.ComparisonReport;
import dev.codedpo.eval.compare.EfficiencyComparer;
import dev.codedpo.eval.compare.ProblemSpeedup;
import dev.codedpo.eval.exec.PoolConfig;
import dev.codedpo.eval.exec.PythonWorkerPool;
import dev.codedpo.eval.exec.SandboxLimits;
import dev.codedpo.eval.exec.TimingClock;
import dev.codedpo.eval.run.ResultsFiles;
import dev.codedpo.eval.run.SampleResult;
import dev.codedpo.eval.suite.Suite;
import dev.codedpo.eval.suite.SuiteLoader;
import dev.codedpo.eval.truth.GroundTruth;
import dev.codedpo.eval.truth.GroundTruthStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code codedpo compare}: how much faster the after-run's solutions are than the before-run's. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        header = "Speed-up of after- over before-solutions on problems solved in both eval runs.", sortOptions = false,
        description = {
            "Compare the efficiency of two `codedpo eval` runs of the same suite. On the",
            "problems solved in both, the first passing solution of each run is re-timed",
            "(CPU time or executed opcodes, REPEATS rounds, the same inputs: base and plus",
            "inputs of plus suites, else the tests). Reports each speed-up (before/after)",
            "with its noise, their mean and geometric mean, and the share at least 10%%",
            "faster (>= 1.1x).",
            ""})
public final class CompareCommand implements Callable<Integer> {
    @Option(names = "--before", required = true, paramLabel = "DIR", description = "Output directory of the first eval.")
    Path before;

    @Option(names = "--after", required = true, paramLabel = "DIR", description = "Output directory of the second eval.")
    Path after;

    @Option(names = "--repeats", defaultValue = "5", paramLabel = "R",
            description = "Timing rounds per solution (default ${DEFAULT-VALUE}); the median is used.")
    int repeats;

    @Option(names = "--clock", defaultValue = "cpu", paramLabel = "CLOCK",
            description = {"What a round measures (default ${DEFAULT-VALUE}): cpu = CPU seconds (varies between runs",
                "and machines); opcodes = Python bytecode instructions executed (the same in every run, one round",
                "is enough; blind to work inside builtins)."})
    String clock;

    @Option(names = "--workers", defaultValue = "1", paramLabel = "N",
            description = "Problems timed at once (default ${DEFAULT-VALUE}: least interference between timings).")
    int workers;

    @Option(names = "--out", paramLabel = "FILE", description = "Also write the full report as JSON here.")
    Path out;

    @Option(names = "--python", defaultValue = "python3", paramLabel = "EXE", description = "Python interpreter.")
    String python;

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "Reference cache of `codedpo eval` (default: $XDG_CACHE_HOME/codedpo/eval).")
    Path cacheDir;

    @Override
    public Integer call() {
        if (repeats < 1) {
            throw new InputException("--repeats must be >= 1, got " + repeats);
        }
        if (workers < 1) {
            throw new InputException("--workers must be >= 1, got " + workers);
        }
        TimingClock timingClock;
        try {
            timingClock = TimingClock.parse(clock);
        } catch (IllegalArgumentException e) {
            throw new InputException("--clock: " + e.getMessage());
        }
        List<SampleResult> b = ResultsFiles.read(before);
        List<SampleResult> a = ResultsFiles.read(after);
        Suite suite = SuiteLoader.load(EfficiencyComparer.suiteOf(b, a));
        Path cache = cacheDir != null ? cacheDir : GroundTruthStore.defaultCacheDir();
        Map<String, GroundTruth> truth = new GroundTruthStore(cache, python, Math.max(workers, 2))
                .forSuite(suite, m -> System.err.println("codedpo compare: " + m));
        CheckPlanner planner = new CheckPlanner(SandboxLimits.defaults(), TimeLimits.evalPlusDefaults());
        ComparisonReport r;
        try (PythonWorkerPool pool = PythonWorkerPool.start(PoolConfig.defaults().withWorkers(workers))) {
            r = new EfficiencyComparer(pool, planner, m -> System.err.println("codedpo compare: " + m))
                    .compare(suite, truth, b, a, before.toString(), after.toString(), repeats,
                            timingClock);
        }
        System.out.print(render(r));
        if (out != null) {
            AtomicFiles.writeString(out, Json.pretty(r));
            System.out.println("wrote " + out);
        }
        return Main.EXIT_OK;
    }

    static String render(ComparisonReport r) {
        StringBuilder s = new StringBuilder();
        s.append(String.format("suite %s: %d problems solved in both runs (%d rounds each)%n", r.suite(),
                r.solvedBoth(), r.repeats()));
        String unit = r.clock().unit();
        s.append(String.format("%-18s %12s %12s %9s %8s%n", "task", "before (" + unit + ")", "after (" + unit + ")",
                "speed-up", "noise"));
        for (ProblemSpeedup p : r.problems()) {
            s.append(String.format("%-18s %12.6f %12.6f %8.2fx %7.1f%%%s%n", p.taskId(), p.beforeTime(),
                    p.afterTime(), p.speedup(), 100 * p.noise(), p.beyondNoise() ? "" : "  (within noise)"));
        }
        s.append(String.format("mean speed-up %.3fx, geometric mean %.3fx, >= 10%% faster: %.1f%%, "
                        + ">= 10%% slower: %.1f%%, median noise %.1f%%%n", r.meanSpeedup(), r.geoMeanSpeedup(),
                100 * r.shareFaster10(), 100 * r.shareSlower10(), 100 * r.medianNoise()));
        for (String k : r.skipped()) {
            s.append("skipped ").append(k).append('\n');
        }
        return s.toString();
    }
}
