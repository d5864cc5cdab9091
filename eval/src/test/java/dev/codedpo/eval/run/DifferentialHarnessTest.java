package dev.codedpo.eval.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.codedpo.core.io.Json;
import dev.codedpo.eval.check.TimeLimits;
import dev.codedpo.eval.exec.PythonWorkerPool;
import dev.codedpo.eval.samples.SampleReader;
import dev.codedpo.eval.suite.Suite;
import dev.codedpo.eval.suite.SuiteLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated differential harness, end to end through the sandbox, on a small custom HumanEval+-layout suite. */
class DifferentialHarnessTest {
    static PythonWorkerPool pool;

    @BeforeAll
    static void start() {
        pool = EvalFixture.pool();
    }

    @AfterAll
    static void stop() {
        pool.close();
    }

    static final String SUITE = String.join("\n",
            row("t/0", "def f(x):\\n", "f", "    return x * 2\\n", "[[1], [2]]", "[[3], [4], [5]]"),
            row("t/1", "def h(x):\\n", "h", "    return x / 3\\n", "[[1.0]]", "[[2.0], [10.0]]"),
            row("t/2", "def s(xs):\\n", "s", "    return sorted(xs)\\n", "[[[3, 1, 2]]]", "[[[5, 4]], [[]]]")) + "\n";

    static String row(String id, String prompt, String entry, String canonical, String base, String plus) {
        return "{\"task_id\": \"" + id + "\", \"prompt\": \"" + prompt + "\", \"entry_point\": \"" + entry
                + "\", \"canonical_solution\": \"" + canonical + "\", \"base_input\": " + base + ", \"plus_input\": "
                + plus + ", \"atol\": 0}";
    }

    static final String SAMPLES = String.join("\n",
            sample("t/0", "def f(x):\\n    return x + x\\n"),
            sample("t/0", "def f(x):\\n    return 0 if x == 4 else 2 * x\\n"),
            sample("t/0", "def f(x):\\n    if x == 2:\\n        raise ValueError('boom')\\n    return 2 * x\\n"),
            sample("t/0", "def f(x):\\n    while x == 5:\\n        pass\\n    return 2 * x\\n"),
            sample("t/0", "def f(x):\\n    print('y' * 100000)\\n    return 2 * x\\n"),
            sample("t/1", "def h(x):\\n    return x / 3 + 1e-9\\n"),
            sample("t/1", "def h(x):\\n    return x / 3 + 1e-3\\n"),
            sample("t/1", "def h(x):\\n    return round(x / 3, 2)\\n"),
            sample("t/1", "def other(x):\\n    return x\\n"),
            sample("t/1", "def h(x) return x\\n"),
            sample("t/2", "def s(xs):\\n    xs.sort()\\n    return xs\\n")) + "\n";

    static String sample(String id, String solution) {
        return "{\"task_id\": \"" + id + "\", \"solution\": \"" + solution + "\"}";
    }

    @Test
    void verdictsFirstFailingInputsAndPassAtK(@TempDir Path dir) throws Exception {
        Path suiteFile = dir.resolve("suite.jsonl");
        Path samplesFile = dir.resolve("samples.jsonl");
        Files.writeString(suiteFile, SUITE);
        Files.writeString(samplesFile, SAMPLES);
        Suite suite = SuiteLoader.load(suiteFile.toString());
        // A small minimum limit so that the endless loop is stopped after 0.5 s of CPU.
        EvalJob.Options options = new EvalJob.Options(List.of(1, 5), new TimeLimits(4.0, 0.5, 60.0),
                dir.resolve("cache"), "python3", 2);
        Path out = dir.resolve("out");
        EvalJob.Outcome o = EvalJob.run(suite, SampleReader.read(samplesFile, suite), samplesFile.toString(), out,
                pool, options, m -> { });
        List<SampleResult> r = o.results();
        assertEquals(11, r.size());

        expect(r.get(0), "pass", "pass", null, -1);
        expect(r.get(1), "fail", "pass", "plus", 1);
        assertTrue(r.get(1).failedInput().message().startsWith("plus input #1 [4]: expected 8, got 0"),
                r.get(1).failedInput().message());
        expect(r.get(2), "error", "error", "base", 1);
        assertTrue(r.get(2).failedInput().message().contains("raised ValueError: boom"));
        expect(r.get(3), "timeout", "pass", "plus", 2);
        expect(r.get(4), "pass", "pass", null, -1);

        expect(r.get(5), "pass", "pass", null, -1);   // within the 1e-6 tolerance forced for float outputs
        expect(r.get(6), "fail", "fail", "base", 0);
        expect(r.get(7), "fail", "fail", "base", 0);
        expect(r.get(8), "error", "error", "base", -1);
        assertTrue(r.get(8).failedInput().message().contains("entry point 'h' is not defined"));
        expect(r.get(9), "error", "error", "code", -1);
        assertTrue(r.get(9).failedInput().message().contains("SyntaxError"), r.get(9).failedInput().message());

        expect(r.get(10), "pass", "pass", null, -1);  // mutating its argument does not matter: inputs are copies

        // pass@1: t/0 c=2 (plus) / 4 (base) of 5, t/1 1 of 5, t/2 1 of 1
        Map<String, Map<String, Double>> p = o.summary().passAtK();
        assertEquals((0.8 + 0.2 + 1.0) / 3, p.get("base").get("pass@1"), 1e-12);
        assertEquals((0.4 + 0.2 + 1.0) / 3, p.get("plus").get("pass@1"), 1e-12);
        assertEquals(Map.of("pass@1", p.get("base").get("pass@1")), p.get("base"), "pass@5 needs 5 samples everywhere");
        assertEquals(Map.of("pass", 4, "fail", 3, "timeout", 1, "error", 3), o.summary().statusCounts());

        // results.jsonl holds the same rows, with the programs, and reads back
        List<String> lines = Files.readAllLines(out.resolve("results.jsonl"));
        assertEquals(11, lines.size());
        JsonNode first = Json.MAPPER.readTree(lines.get(1));
        assertEquals("t/0", first.get("task_id").asText());
        assertEquals(1, first.get("sample_index").asInt());
        assertEquals("plus", first.get("failed_input").get("set").asText());
        assertEquals("def f(x):\n    return 0 if x == 4 else 2 * x\n", first.get("solution").asText());
        assertEquals(suite.name(), first.get("suite").asText());
        List<SampleResult> back = ResultsFiles.read(out);
        assertEquals(r.stream().map(SampleResult::status).toList(), back.stream().map(SampleResult::status).toList());
        assertEquals(r.get(1).failedInput(), back.get(1).failedInput());
        JsonNode summary = Json.MAPPER.readTree(out.resolve("summary.json").toFile());
        assertEquals(3, summary.get("tasks_evaluated").asInt());
    }

    private static void expect(SampleResult r, String status, String base, String set, int index) {
        String where = r.taskId() + "#" + r.sampleIndex() + " " + r.failedInput();
        assertEquals(status, r.status(), where);
        assertEquals(base, r.baseStatus(), where);
        if (set == null) {
            assertNull(r.failedInput(), where);
        } else {
            assertEquals(set, r.failedInput().set(), where);
            assertEquals(index, r.failedInput().index(), where);
        }
    }
}
