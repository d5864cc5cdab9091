package dev.codedpo.eval.compare;

import dev.codedpo.eval.check.CheckPlanner;
import dev.codedpo.eval.check.TimeLimits;
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
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** One comparison of two eval output directories, as {@code codedpo compare} and a run's compare stage make it. */
public final class CompareJob {
    private CompareJob() {}

    public static ComparisonReport run(CompareConfig config, Path before, Path after, Consumer<String> log) {
        List<SampleResult> rb = ResultsFiles.read(before);
        List<SampleResult> ra = ResultsFiles.read(after);
        Suite suite = SuiteLoader.load(EfficiencyComparer.suiteOf(rb, ra));
        Path cache = config.cacheDir() != null ? Path.of(config.cacheDir()) : GroundTruthStore.defaultCacheDir();
        Map<String, GroundTruth> truth = new GroundTruthStore(cache, config.python(), Math.max(config.workers(), 2))
                .forSuite(suite, log);
        CheckPlanner planner = new CheckPlanner(SandboxLimits.defaults(), TimeLimits.evalPlusDefaults());
        try (PythonWorkerPool pool = PythonWorkerPool.start(PoolConfig.defaults().withWorkers(config.workers()))) {
            ResultCache cached = config.reuseResults() ? new ResultCache(pool, cache.resolve(ResultCache.DIR)) : null;
            ComparisonReport r = new EfficiencyComparer(cached != null ? cached : pool, planner, log)
                    .compare(suite, truth, rb, ra, before.toString(), after.toString(), config.repeats(),
                            config.clock());
            if (cached != null) {
                log.accept(String.format("%d solution(s) timed, %d answered from %s", cached.forwarded(),
                        cached.answered(), cache.resolve(ResultCache.DIR)));
            }
            return r;
        }
    }
}
