package dev.codedpo.eval.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.codedpo.eval.suite.Differential;
import dev.codedpo.eval.suite.Suite;
import dev.codedpo.eval.suite.Task;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SummariesTest {
    private static Task plain(String id) {
        return new Task(id, "p", "f", "ref", "", List.of("check(f)"), null);
    }

    private static Task differential(String id) {
        return new Task(id, "p", "f", "ref", "", List.of(), new Differential("humaneval", 0, "[[1]]", "[[2]]"));
    }

    private static SampleResult result(String task, int index, String base, String plus) {
        String status = plus != null ? plus : base;
        return new SampleResult("mixed", task, index, status, base, plus, null, 0.1, 0.1, "code");
    }

    /**
     * A custom suite mixing plain-test rows with a differential row: base+plus covers every task (a plain task's
     * base+plus verdict is its base verdict), so it is averaged over the same tasks as base and cannot exceed it.
     */
    @Test
    void basePlusCoversTheSameTasksAsBaseInAMixedSuite() {
        Suite suite = new Suite("mixed", "hash", List.of(plain("a"), plain("b"), differential("c")));
        List<SampleResult> results = List.of(result("a", 0, "pass", null), result("b", 0, "fail", null),
                result("c", 0, "pass", "pass"));
        EvalSummary s = Summaries.of(suite, "x", results, List.of(1), "", 1, "");
        Map<String, Map<String, Double>> p = s.passAtK();
        assertEquals(2 / 3.0, p.get("base").get("pass@1"), 1e-12);
        assertEquals(2 / 3.0, p.get("plus").get("pass@1"), 1e-12);

        // two samples each; c passes base on both but plus on one only:
        // base (1 + 0.5 + 1) / 3, plus (1 + 0.5 + 0.5) / 3
        List<SampleResult> two = List.of(result("a", 0, "pass", null), result("a", 1, "pass", null),
                result("b", 0, "fail", null), result("b", 1, "pass", null),
                result("c", 0, "pass", "pass"), result("c", 1, "pass", "fail"));
        p = Summaries.of(suite, "x", two, List.of(1, 2), "", 1, "").passAtK();
        assertEquals(2.5 / 3, p.get("base").get("pass@1"), 1e-12);
        assertEquals(2.0 / 3, p.get("plus").get("pass@1"), 1e-12);
        assertEquals(1.0, p.get("base").get("pass@2"), 1e-12);
        assertEquals(1.0, p.get("plus").get("pass@2"), 1e-12);
    }

    @Test
    void aSuiteWithoutDifferentialTasksHasNoPlusRow() {
        Suite suite = new Suite("plain", "hash", List.of(plain("a"), plain("b")));
        EvalSummary s = Summaries.of(suite, "x", List.of(result("a", 0, "pass", null), result("b", 0, "fail", null)),
                List.of(1), "", 1, "");
        assertFalse(s.passAtK().containsKey("plus"));
        assertEquals(0.5, s.passAtK().get("base").get("pass@1"), 1e-12);
    }
}
