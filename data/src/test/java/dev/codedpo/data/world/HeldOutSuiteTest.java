package dev.codedpo.data.world;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.codedpo.eval.check.TimeLimits;
import dev.codedpo.eval.exec.PythonWorkerPool;
import dev.codedpo.eval.run.EvalJob;
import dev.codedpo.eval.samples.Sample;
import dev.codedpo.eval.suite.Suite;
import dev.codedpo.eval.suite.SuiteLoader;
import dev.codedpo.eval.suite.Task;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The held-out suite through the project's own loader and evaluator, as {@code codedpo eval --suite} runs it. */
class HeldOutSuiteTest {
    @Test
    void canonicalSolutionsScorePerfectAndAWrongOneDoesNot(@TempDir Path tmp) {
        try (PythonWorkerPool pool = TestPool.start()) {
            World w = SmallWorld.generate(SmallWorld.CONFIG.withTasks(12, 6), tmp.resolve("w"), pool);
            Suite suite = SuiteLoader.load(tmp.resolve("w").resolve(WorldFiles.HELDOUT_SUITE).toString());
            assertEquals(6, suite.tasks().size());
            for (int i = 0; i < 6; i++) {
                Task t = suite.tasks().get(i);
                assertEquals(w.heldOut().get(i).taskId(), t.taskId());
                assertEquals(w.heldOut().get(i).entryPoint(), t.entryPoint());
                assertEquals(w.heldOut().get(i).program(w.heldOut().get(i).reference()), t.reference());
            }
            EvalJob.Options options = new EvalJob.Options(List.of(1), TimeLimits.evalPlusDefaults(),
                    tmp.resolve("cache"), "python3", 1);
            EvalJob.Outcome ok = EvalJob.run(suite, EvalJob.referenceSamples(suite), "reference",
                    tmp.resolve("eval-ok"), pool, options, m -> { });
            assertEquals(1.0, ok.summary().passAtK().get("base").get("pass@1"), 1e-12);

            // A sample that ignores the task (returns the empty input's answer) must fail somewhere: the tests are
            // not satisfiable by a constant.
            List<Sample> constant = new ArrayList<>();
            for (Task t : suite.tasks()) {
                String empty = w.heldOut().stream().filter(x -> x.taskId().equals(t.taskId())).findFirst()
                        .orElseThrow().tests().get(0).expected();
                constant.add(new Sample(t.taskId(), 0, t.prompt() + "    return " + empty + "\n", "constant"));
            }
            EvalJob.Outcome bad = EvalJob.run(suite, constant, "constant", tmp.resolve("eval-bad"), pool, options,
                    m -> { });
            assertEquals(0.0, bad.summary().passAtK().get("base").get("pass@1"), 1e-12);
        }
    }
}
