package dev.codedpo.eval.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.codedpo.core.io.InputException;
import dev.codedpo.eval.suite.Suite;
import dev.codedpo.eval.suite.SuiteLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleReaderTest {
    static final Suite HUMANEVAL = SuiteLoader.load("humaneval");

    @Test
    void completionsContinueThePromptAndSolutionsAreWholePrograms(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("s.jsonl");
        Files.writeString(f, "{\"task_id\": \"HumanEval/1\", \"solution\": \"A\"}\n"
                + "{\"task_id\": \"HumanEval/0\", \"completion\": \"    return True\\n\"}\n"
                + "{\"task_id\": \"HumanEval/0\", \"solution\": \"S\", \"completion\": \"ignored\"}\n");
        List<Sample> s = SampleReader.read(f, HUMANEVAL);
        // suite order, then file order within a task
        assertEquals(List.of("HumanEval/0", "HumanEval/0", "HumanEval/1"), s.stream().map(Sample::taskId).toList());
        assertEquals(HUMANEVAL.byId().get("HumanEval/0").prompt() + "    return True\n", s.get(0).program());
        assertEquals(0, s.get(0).index());
        assertEquals("S", s.get(1).program());
        assertEquals(1, s.get(1).index());
        assertEquals("A", s.get(2).program());
        assertEquals(f + ":2", s.get(0).line());
    }

    @Test
    void mbppIdsMayBeBareNumbers(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("s.jsonl");
        Files.writeString(f, "{\"task_id\": 11, \"solution\": \"x\"}\n{\"task_id\": \"Mbpp/12\", \"solution\": \"y\"}\n");
        List<Sample> s = SampleReader.read(f, SuiteLoader.load("mbpp-full"));
        assertEquals(List.of("Mbpp/11", "Mbpp/12"), s.stream().map(Sample::taskId).toList());
    }

    @Test
    void badRowsAreNamedByFileAndLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("s.jsonl");
        assertError(f, "{\"task_id\": \"HumanEval/0\", \"solution\": \"x\"}\n{\"task_id\": \"HumanEval/999\", \"solution\": \"x\"}\n",
                f + ":2: task_id \"HumanEval/999\" is not a task of suite humaneval");
        assertError(f, "{\"task_id\": \"HumanEval/0\"}\n",
                f + ":1: a sample needs a \"solution\" (full program) or a \"completion\" (continues the prompt)");
        assertError(f, "{\"task_id\": \"HumanEval/0\", \"solution\": 3}\n",
                f + ":1: field \"solution\" must be a string, found number");
        assertError(f, "{\"solution\": \"x\"}\n", f + ":1: missing field \"task_id\"");
        assertError(f, "\n{oops\n", f + ":2: invalid JSON: Unexpected character ('o' (code 111)): was expecting double-quote to start field name");
        assertError(f, "", f + ": no samples");
    }

    /** A second sample on the same line would otherwise be dropped without a word, and a repeated key hides one. */
    @Test
    void trailingContentAndRepeatedKeysAreErrors(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("s.jsonl");
        String one = "{\"task_id\": \"HumanEval/0\", \"solution\": \"x\"}";
        for (String line : List.of(one + one, one + " this is garbage",
                "{\"task_id\": \"HumanEval/0\", \"solution\": \"x\", \"solution\": \"y\"}")) {
            Files.writeString(f, one + "\n" + line + "\n");
            InputException e = assertThrows(InputException.class, () -> SampleReader.read(f, HUMANEVAL), line);
            assertEquals(true, e.getMessage().startsWith(f + ":2: invalid JSON: "), e.getMessage());
        }
    }

    private static void assertError(Path f, String content, String message) throws Exception {
        Files.writeString(f, content);
        InputException e = assertThrows(InputException.class, () -> SampleReader.read(f, HUMANEVAL));
        assertEquals(message, e.getMessage());
    }
}
