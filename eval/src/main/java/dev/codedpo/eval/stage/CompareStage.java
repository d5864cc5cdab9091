package dev.codedpo.eval.stage;

import dev.codedpo.core.io.AtomicFiles;
import dev.codedpo.core.io.Json;
import dev.codedpo.core.stage.Stage;
import dev.codedpo.core.stage.StageContext;
import dev.codedpo.eval.check.CheckPlanner;
import dev.codedpo.eval.check.TimeLimits;
import dev.codedpo.eval.compare.CompareConfig;
import dev.codedpo.eval.compare.ComparisonReport;
import dev.codedpo.eval.compare.EfficiencyComparer;
import dev.codedpo.eval.exec.PoolConfig;
import dev.codedpo.eval.exec.PythonWorkerPool;
import dev.codedpo.eval.exec.ResultCache;
import dev.codedpo.eval.exec.SandboxLimits;
import dev.codedpo.eval.run.ResultsFiles;
import dev.codedpo.eval.run.SampleResult;
import dev.codedpo.eval.suite.Suite;
import dev.codedpo.eval.suite.SuiteLoader;
import dev.codedpo.eval.truth.GroundTruth;
import dev.codedpo.eval.truth.GroundTruthStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code codedpo compare} of the before- and after-evaluations, suite by suite: writes {@code <suite>.json}, the
 * report {@code compare --out} writes, for each suite folder the two eval stages share.
 */
public final class CompareStage implements Stage {
    private final CompareConfig config;
    private final String before;
    private final String after;
    private final Map<String, String> dirs;

    public CompareStage(CompareConfig config, String before, String after, Map<String, String> suiteDirs) {
        this.config = config;
        this.before = before;
        this.after = after;
        this.dirs = Map.copyOf(suiteDirs);
    }

    @Override
    public String name() {
        return "compare";
    }

    /** Only the rounds and the clock change what is measured; workers and the cache do not. */
    @Override
    public Object settings() {
        return Map.of("repeats", config.repeats(), "clock", config.clock().label());
    }

    @Override
    public List<String> upstream() {
        return List.of(before, after);
    }

    @Override
    public void run(Path dir, boolean resume, StageContext context) {
        Path cache = config.cacheDir() != null ? Path.of(config.cacheDir()) : GroundTruthStore.defaultCacheDir();
        for (String folder : dirs.values().stream().sorted().toList()) {
            Path report = dir.resolve(folder + ".json");
            if (resume && Files.isRegularFile(report)) {
                continue;
            }
            Path b = context.dirOf(before).resolve(folder);
            Path a = context.dirOf(after).resolve(folder);
            List<SampleResult> rb = ResultsFiles.read(b);
            List<SampleResult> ra = ResultsFiles.read(a);
            Suite suite = SuiteLoader.load(EfficiencyComparer.suiteOf(rb, ra));
            Map<String, GroundTruth> truth = new GroundTruthStore(cache, config.python(),
                    Math.max(config.workers(), 2)).forSuite(suite, m -> context.log().accept("compare: " + m));
            CheckPlanner planner = new CheckPlanner(SandboxLimits.defaults(), TimeLimits.evalPlusDefaults());
            ComparisonReport r;
            try (PythonWorkerPool pool = PythonWorkerPool.start(PoolConfig.defaults().withWorkers(config.workers()))) {
                ResultCache cached = config.reuseResults()
                        ? ResultCache.of(pool, cache.resolve(EvalStage.RESULTS)) : null;
                r = new EfficiencyComparer(cached != null ? cached : pool, planner,
                        m -> context.log().accept("compare: " + m))
                        .compare(suite, truth, rb, ra, b.toString(), a.toString(), config.repeats(),
                                config.clock());
                if (cached != null) {
                    context.log().accept(String.format("compare: %d solution(s) timed, %d answered from %s",
                            cached.executed(), cached.reused(), cache.resolve(EvalStage.RESULTS)));
                }
            }
            AtomicFiles.writeString(report, Json.pretty(r));
        }
    }

    /** The reports (timings: nothing reads them downstream, so they may differ between identical runs). */
    @Override
    public List<String> resultFiles() {
        List<String> out = new ArrayList<>();
        dirs.values().stream().sorted().forEach(d -> out.add(d + ".json"));
        return out;
    }
}
