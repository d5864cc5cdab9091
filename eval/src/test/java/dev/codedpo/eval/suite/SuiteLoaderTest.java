package dev.codedpo.eval.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.codedpo.core.io.InputException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SuiteLoaderTest {
    /** Decompressed content hashes from SOURCES.md: the bundle is byte-for-byte the upstream data. */
    @ParameterizedTest
    @CsvSource({
        "HumanEval.jsonl.gz, 1d49078ba3e2b196b9344535bef34a43021f038fad9561d6ee7c53450609a6a2",
        "HumanEvalPlus-v0.1.10.jsonl.gz, 42526ec0e7d5f3ee0b06d6ced98f8c8bae3d76519151bfb3d36f79010645bd7f",
        "MbppPlus-v0.2.0.jsonl.gz, b54e762755248ca411b523c917fa9f93c07b5ff2966bf60b3917b853926a3dad",
        "mbpp.jsonl.gz, ccf64ceae9c5403bf50a044cb6d505bfd2a2963ee58338ba268fd65beab92a9f",
        "sanitized-mbpp.json.gz, ca95deaa9a01ef0a6f439f88bcf0dd3db3563d22f22aad6cae04ebb9a8d8c8e9"})
    void bundledDataIsTheUpstreamData(String file, String sha256) throws Exception {
        try (InputStream in = new GZIPInputStream(
                SuiteLoader.class.getResourceAsStream("/dev/codedpo/eval/benchmarks/" + file))) {
            assertEquals(sha256, SourceLines.sha256(in.readAllBytes()));
        }
    }

    @Test
    void bundledSuiteSizes() throws Exception {
        assertEquals(164, SuiteLoader.load("humaneval").tasks().size());
        assertEquals(427, SuiteLoader.load("mbpp").tasks().size());
        Suite full = SuiteLoader.load("mbpp-full");
        assertEquals(500, full.tasks().size());
        assertEquals("Mbpp/11", full.tasks().get(0).taskId());
        assertEquals("Mbpp/510", full.tasks().get(499).taskId());
        // Input counts from SOURCES.md: 1,570 + 122,683 (HumanEval+), 1,174 + 39,841 (MBPP+).
        assertInputs(SuiteLoader.load("humaneval-plus"), 164, 1570, 122683);
        assertInputs(SuiteLoader.load("mbpp-plus"), 378, 1174, 39841);
    }

    private static void assertInputs(Suite s, int tasks, int base, int plus) throws Exception {
        assertEquals(tasks, s.tasks().size());
        int b = 0;
        int p = 0;
        for (Task t : s.tasks()) {
            b += SourceLines.LENIENT.readTree(t.differential().baseInputJson()).size();
            p += SourceLines.LENIENT.readTree(t.differential().plusInputJson()).size();
        }
        assertEquals(base, b);
        assertEquals(plus, p);
        assertTrue(s.isDifferential());
    }

    @Test
    void humanEvalTaskShape() {
        Task t = SuiteLoader.load("humaneval").byId().get("HumanEval/0");
        assertEquals("has_close_elements", t.entryPoint());
        assertTrue(t.prompt().startsWith("from typing import List"));
        assertTrue(t.reference().startsWith(t.prompt()));
        assertEquals(1, t.tests().size());
        assertTrue(t.tests().get(0).endsWith("check(has_close_elements)\n"));
        assertEquals(t.prompt() + "    return 1\n", t.program(null, "    return 1\n"));
        assertEquals("x = 1", t.program("x = 1", "ignored"));
    }

    @Test
    void mbppPromptHoldsTaskTextAndFirstTestAsEvalPlusWritesIt() {
        Task t = SuiteLoader.load("mbpp").byId().get("Mbpp/2");
        assertEquals("\"\"\"\nWrite a function to find the shared elements from the given two lists.\n"
                + "assert set(similar_elements((3, 4, 5, 6),(5, 7, 4, 10))) == set((4, 5))\n\"\"\"\n", t.prompt());
        assertEquals("similar_elements", t.entryPoint());
        // the MBPP+ prompt of the same task is the same text
        assertEquals(SuiteLoader.load("mbpp-plus").byId().get("Mbpp/2").prompt(), t.prompt());
    }

    @Test
    void mbppFullRunsTestSetupAfterTheSolution() {
        Task t = SuiteLoader.load("mbpp-full").byId().get("Mbpp/367");
        assertEquals("", t.setup());
        assertTrue(t.tests().get(0).startsWith("root = Node(1)"), t.tests().get(0));
        assertTrue(t.reference().contains("class Node"));
    }

    @Test
    void plusInputsKeepTheFileText() {
        Task t = SuiteLoader.load("mbpp-plus").byId().get("Mbpp/793");
        assertEquals("[]", t.differential().plusInputJson(), "upstream writes an empty input set as {}");
        long withInfinity = SuiteLoader.load("mbpp-plus").tasks().stream()
                .filter(x -> x.differential().plusInputJson().contains("Infinity")).count();
        assertTrue(withInfinity > 0);
        assertEquals(1e-4, SuiteLoader.load("humaneval-plus").byId().get("HumanEval/32").differential().atol());
    }

    @Test
    void customSuiteInHumanEvalLayout(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("mine.jsonl");
        Files.writeString(f, "{\"task_id\": \"my/0\", \"prompt\": \"def f(x):\\n\", \"entry_point\": \"f\","
                + " \"canonical_solution\": \"    return x + 1\\n\", \"test\": \"def check(c):\\n    assert c(1) == 2\\n\"}\n"
                + "\n"
                + "{\"task_id\": \"my/1\", \"prompt\": \"def g():\\n\", \"entry_point\": \"g\","
                + " \"test\": \"def check(c):\\n    assert c() == 3\\n\"}\n");
        Suite s = SuiteLoader.load(f.toString());
        assertEquals(f.toAbsolutePath().toString(), s.name());
        Map<String, Task> byId = s.byId();
        assertEquals(List.of("my/0", "my/1"), List.copyOf(byId.keySet()));
        assertEquals("def f(x):\n    return x + 1\n", byId.get("my/0").reference());
        assertNull(byId.get("my/1").reference());
        assertNotNull(s.contentHash());
    }

    @Test
    void badCustomSuitesNameFileAndLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.jsonl");
        Files.writeString(f, "{\"task_id\": \"a\", \"prompt\": \"p\", \"entry_point\": \"f\", \"test\": \"t\"}\n"
                + "{\"task_id\": \"a\", \"prompt\": \"p\", \"entry_point\": \"f\", \"test\": \"t\"}\n");
        InputException e = assertThrows(InputException.class, () -> SuiteLoader.load(f.toString()));
        assertEquals(f.toAbsolutePath() + ":2: task_id \"a\" already used on line 1", e.getMessage());

        Files.writeString(f, "{\"task_id\": \"a\", \"prompt\": \"p\", \"test\": \"t\"}\n");
        e = assertThrows(InputException.class, () -> SuiteLoader.load(f.toString()));
        assertEquals(f.toAbsolutePath() + ":1: missing field \"entry_point\" (expected a string)", e.getMessage());

        Files.writeString(f, "{\"task_id\": \"a\"}\n");
        e = assertThrows(InputException.class, () -> SuiteLoader.load(f.toString()));
        assertEquals(f.toAbsolutePath() + ":1: missing field \"prompt\" (expected a string)", e.getMessage());

        Files.writeString(f, "{\"task_id\": \"a\"}\nnot json\n");
        e = assertThrows(InputException.class, () -> SuiteLoader.load(f.toString()));
        assertTrue(e.getMessage().startsWith(f.toAbsolutePath() + ":2: invalid JSON"), e.getMessage());

        String row = "{\"task_id\": \"a\", \"prompt\": \"p\", \"entry_point\": \"f\", \"test\": \"t\"}";
        for (String line : List.of(row + " garbage", row + row.replace("\"a\"", "\"b\""),
                row.replace("\"test\"", "\"prompt\": \"q\", \"test\""))) {
            Files.writeString(f, "\n" + line + "\n");
            e = assertThrows(InputException.class, () -> SuiteLoader.load(f.toString()), line);
            assertTrue(e.getMessage().startsWith(f.toAbsolutePath() + ":2: invalid JSON"), e.getMessage());
        }

        e = assertThrows(InputException.class, () -> SuiteLoader.load(dir.resolve("nope.jsonl").toString()));
        assertTrue(e.getMessage().contains("neither a bundled suite"), e.getMessage());
    }

    @Test
    void entryPointIsTheFunctionTheFirstTestCalls() {
        assertEquals("b", SuiteLoader.entryPoint("def a(x):\n  pass\ndef b(y):\n  return a(y)\n", "assert b(1) == 2"));
        assertEquals("a", SuiteLoader.entryPoint("def a(x):\n  pass\n", "assert something_else(1)"));
    }
}
