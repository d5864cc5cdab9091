package dev.codedpo.eval.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.codedpo.eval.exec.PythonWorkerPool;
import dev.codedpo.eval.samples.Sample;
import dev.codedpo.eval.suite.Suite;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Wrong programs must not pass, and verdicts must not depend on how busy the machine is. */
class ShuffledAndLoadTest {
    static final List<String> HE = List.of("HumanEval/0", "HumanEval/1", "HumanEval/2", "HumanEval/3", "HumanEval/4",
            "HumanEval/5", "HumanEval/6", "HumanEval/7", "HumanEval/8", "HumanEval/9", "HumanEval/10",
            "HumanEval/11", "HumanEval/12", "HumanEval/13", "HumanEval/14", "HumanEval/16", "HumanEval/17",
            "HumanEval/18", "HumanEval/19", "HumanEval/20");
    static final List<String> MBPP = List.of("Mbpp/2", "Mbpp/3", "Mbpp/4", "Mbpp/6", "Mbpp/7", "Mbpp/8", "Mbpp/9",
            "Mbpp/11", "Mbpp/12", "Mbpp/14", "Mbpp/16", "Mbpp/17", "Mbpp/18", "Mbpp/19", "Mbpp/20");

    static PythonWorkerPool pool;
    @TempDir
    static Path cache;

    @BeforeAll
    static void start() {
        pool = EvalFixture.pool();
    }

    @AfterAll
    static void stop() {
        pool.close();
    }

    private EvalJob.Outcome run(Suite s, List<Sample> samples, Path out) {
        return EvalJob.run(s, samples, "test", out, pool, EvalFixture.options(cache), m -> { });
    }

    @Test
    void shuffledSolutionsScoreNearZero(@TempDir Path out) {
        Suite he = EvalFixture.subset("humaneval-plus", HE);
        EvalJob.Outcome o = run(he, EvalFixture.shuffled(he), out.resolve("he"));
        assertTrue(o.summary().passAtK().get("plus").get("pass@1") <= 0.05, o.summary().toString());
        Suite mb = EvalFixture.subset("mbpp-plus", MBPP);
        EvalJob.Outcome m = run(mb, EvalFixture.shuffled(mb), out.resolve("mbpp"));
        assertTrue(m.summary().passAtK().get("plus").get("pass@1") <= 0.07, m.summary().toString());
        // the same idea on the test-list suites
        Suite hb = EvalFixture.subset("humaneval", HE);
        assertEquals(0.0, run(hb, EvalFixture.shuffled(hb), out.resolve("hb")).summary().passAtK().get("base")
                .get("pass@1"), 0.05);
    }

    /**
     * The same samples (right, wrong, endless) three times; the second run shares the two cores with two busy
     * processes. CPU-time limits must give the same pass set and the same statuses.
     */
    @Test
    void samePassSetUnderFullCpuLoad(@TempDir Path out) throws Exception {
        Suite he = EvalFixture.subset("humaneval-plus", HE);
        List<Sample> samples = new ArrayList<>(EvalJob.referenceSamples(he));
        samples.addAll(EvalFixture.shuffled(he).stream().map(s -> new Sample(s.taskId(), 1, s.program(), "x")).toList());
        // slow but correct: burns about 0.3 s of CPU per call of a few inputs, far below the 4 s limit
        samples.add(new Sample("HumanEval/2", 2, he.byId().get("HumanEval/2").reference()
                + "\nimport time as _t\n_orig = truncate_number\ndef truncate_number(x):\n"
                + "    s = 0\n    for i in range(30000):\n        s += i\n    return _orig(x)\n", "x"));
        samples.add(new Sample("HumanEval/3", 2, "def below_zero(ops):\n    while True:\n        pass\n", "x"));
        samples.sort((a, b) -> a.taskId().equals(b.taskId()) ? Integer.compare(a.index(), b.index())
                : Integer.compare(HE.indexOf(a.taskId()), HE.indexOf(b.taskId())));

        List<List<SampleResult>> runs = new ArrayList<>();
        runs.add(run(he, samples, out.resolve("1")).results());
        List<Process> hogs = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                hogs.add(new ProcessBuilder("python3", "-c", "while True: pass").start());
            }
            runs.add(run(he, samples, out.resolve("2")).results());
        } finally {
            for (Process h : hogs) {
                h.destroyForcibly();
                h.waitFor();
            }
        }
        runs.add(run(he, samples, out.resolve("3")).results());

        Set<String> first = EvalFixture.passed(runs.get(0));
        assertEquals(HE.size() + 1, first.size(), "references and the slow-but-correct one pass: " + first);
        for (List<SampleResult> r : runs) {
            assertEquals(first, EvalFixture.passed(r));
            assertEquals(runs.get(0).stream().map(SampleResult::status).toList(),
                    r.stream().map(SampleResult::status).toList());
        }
    }
}
