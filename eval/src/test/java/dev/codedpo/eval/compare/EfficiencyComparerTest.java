package dev.codedpo.eval.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.codedpo.core.io.InputException;
import dev.codedpo.eval.check.CheckPlanner;
import dev.codedpo.eval.check.TimeLimits;
import dev.codedpo.eval.exec.PythonWorkerPool;
import dev.codedpo.eval.exec.SandboxLimits;
import dev.codedpo.eval.exec.TimingClock;
import dev.codedpo.eval.run.EvalFixture;
import dev.codedpo.eval.run.EvalJob;
import dev.codedpo.eval.run.ResultsFiles;
import dev.codedpo.eval.run.SampleResult;
import dev.codedpo.eval.samples.Sample;
import dev.codedpo.eval.suite.Suite;
import dev.codedpo.eval.truth.GroundTruthStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EfficiencyComparerTest {
    @Test
    void summaryStatisticsByHand() {
        List<ProblemSpeedup> p = List.of(
                new ProblemSpeedup("a", 0, 0, 2.0, 1.0, 2.0, 0.01),
                new ProblemSpeedup("b", 0, 0, 1.0, 1.0, 1.0, 0.02),
                new ProblemSpeedup("c", 0, 0, 1.0, 2.0, 0.5, 0.03),
                new ProblemSpeedup("d", 0, 0, 1.1, 1.0, 1.1, 0.2));
        ComparisonReport r = EfficiencyComparer.summarize("s", "x", "y", 5, TimingClock.CPU, p, List.of("e: why"));
        assertEquals(4, r.solvedBoth());
        assertEquals((2.0 + 1.0 + 0.5 + 1.1) / 4, r.meanSpeedup(), 1e-12);
        assertEquals(Math.pow(2.0 * 1.0 * 0.5 * 1.1, 0.25), r.geoMeanSpeedup(), 1e-12);
        assertEquals(0.5, r.shareFaster10(), 0.0);   // a (2.0) and d (1.1)
        assertEquals(0.25, r.shareSlower10(), 0.0);  // c
        assertEquals(0.025, r.medianNoise(), 1e-12);
        assertTrue(p.get(0).beyondNoise());
        assertTrue(!p.get(3).beyondNoise(), "10% faster with 20% spread is within noise");
    }

    @Test
    void runsOfDifferentSuitesAreRejected() {
        SampleResult a = new SampleResult("humaneval", "t", 0, "pass", "pass", null, null, 0, 0, "x");
        SampleResult b = new SampleResult("mbpp", "t", 0, "pass", "pass", null, null, 0, 0, "x");
        InputException e = assertThrows(InputException.class, () -> EfficiencyComparer.suiteOf(List.of(a), List.of(b)));
        assertEquals("the runs evaluated different suites: humaneval and mbpp", e.getMessage());
    }

    /** Only problems solved in both runs are timed, each with the first passing sample of each run. */
    @Test
    void timesTheProblemsSolvedInBothRuns(@TempDir Path dir) {
        Suite he = EvalFixture.subset("humaneval-plus", List.of("HumanEval/0", "HumanEval/2", "HumanEval/4"));
        List<Sample> ref = EvalJob.referenceSamples(he);
        // before: HumanEval/0 solved by a quadratic scan (sample 1 after a wrong sample 0), HumanEval/2 solved,
        // HumanEval/4 wrong. after: the references.
        String quadratic = "def has_close_elements(numbers, threshold):\n"
                + "    for i, a in enumerate(numbers):\n        for j, b in enumerate(numbers):\n"
                + "            if i != j and abs(a - b) < threshold:\n                return True\n    return False\n";
        List<Sample> before = List.of(
                new Sample("HumanEval/0", 0, "def has_close_elements(n, t):\n    return False\n", "b"),
                new Sample("HumanEval/0", 1, quadratic, "b"),
                ref.get(1),
                new Sample("HumanEval/4", 0, "def mean_absolute_deviation(x):\n    return 0.0\n", "b"));
        try (PythonWorkerPool pool = EvalFixture.pool()) {
            EvalJob.Options opts = EvalFixture.options(dir.resolve("cache"));
            EvalJob.run(he, before, "before", dir.resolve("b"), pool, opts, m -> { });
            EvalJob.run(he, ref, "after", dir.resolve("a"), pool, opts, m -> { });
            List<SampleResult> b = ResultsFiles.read(dir.resolve("b"));
            List<SampleResult> a = ResultsFiles.read(dir.resolve("a"));
            assertEquals("humaneval-plus", EfficiencyComparer.suiteOf(b, a));
            var truth = new GroundTruthStore(dir.resolve("cache"), "python3", 2).forSuite(he, m -> { });
            ComparisonReport r = new EfficiencyComparer(pool,
                    new CheckPlanner(SandboxLimits.defaults(), TimeLimits.evalPlusDefaults()), m -> { })
                    .compare(he, truth, b, a, "b", "a", 3, TimingClock.CPU);
            assertEquals(List.of("HumanEval/0", "HumanEval/2"), r.problems().stream().map(ProblemSpeedup::taskId).toList());
            assertEquals(List.of(), r.skipped());
            ProblemSpeedup p0 = r.problems().get(0);
            assertEquals(1, p0.beforeSample());
            assertEquals(0, p0.afterSample());
            for (ProblemSpeedup p : r.problems()) {
                assertTrue(p.beforeTime() > 0 && p.afterTime() > 0);
                assertEquals(p.beforeTime() / p.afterTime(), p.speedup(), 1e-12);
            }
        }
    }
}
