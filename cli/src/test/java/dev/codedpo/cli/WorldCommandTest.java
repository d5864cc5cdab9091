package dev.codedpo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.codedpo.core.io.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code codedpo world}: options reach the settings, bad input is exit 2 with nothing written, --help explains. */
class WorldCommandTest {
    @Test
    void writesAWorldWithTheGivenCountsAndRefusesToOverwriteIt(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("world");
        StdErr.Run r = StdErr.execute("world", "--out", out.toString(), "--seed", "3", "--train-tasks", "9",
                "--heldout-tasks", "3", "--set", "vocab_size=300", "--set", "workers=2", "--no-progress");
        assertEquals(Main.EXIT_OK, r.exitCode(), r.stderr());
        var summary = Json.MAPPER.readTree(Files.readString(out.resolve("summary.json")));
        assertEquals(3, summary.get("seed").asInt());
        assertEquals(9, summary.get("tasks").get("train").asInt());
        assertEquals(3, summary.get("tasks").get("heldout").asInt());
        assertEquals(300, summary.get("tokenizer").get("vocab_size").asInt());
        assertEquals(3, Files.readAllLines(out.resolve("heldout_suite.jsonl")).size());

        StdErr.Run again = StdErr.execute("world", "--out", out.toString(), "--no-progress");
        assertEquals(Main.EXIT_USAGE, again.exitCode(), again.stderr());
        assertTrue(again.stderr().contains("exists already"), again.stderr());
    }

    @Test
    void badSettingsNameTheKeyAndWriteNothing(@TempDir Path tmp) {
        Path out = tmp.resolve("w");
        StdErr.Run zero = StdErr.execute("world", "--out", out.toString(), "--train-tasks", "0");
        assertEquals(Main.EXIT_USAGE, zero.exitCode(), zero.stderr());
        assertTrue(zero.stderr().contains("train_tasks"), zero.stderr());
        StdErr.Run tooMany = StdErr.execute("world", "--out", out.toString(), "--heldout-tasks", "100000",
                "--set", "workers=1", "--no-progress");
        assertEquals(Main.EXIT_USAGE, tooMany.exitCode(), tooMany.stderr());
        assertTrue(tooMany.stderr().contains("heldout_tasks"), tooMany.stderr());
        StdErr.Run heads = StdErr.execute("world", "--out", out.toString(), "--set", "num_heads=3");
        assertEquals(Main.EXIT_USAGE, heads.exitCode(), heads.stderr());
        assertTrue(heads.stderr().contains("num_heads"), heads.stderr());
        assertFalse(Files.exists(out));
    }

    @Test
    void helpExplainsTheFilesAndSettings() {
        PrintStream original = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Main.execute("world", "--help");
        } finally {
            System.setOut(original);
        }
        String help = buf.toString(StandardCharsets.UTF_8);
        assertEquals(Main.EXIT_OK, code);
        for (String s : new String[] {"heldout_suite.jsonl", "sft.jsonl", "--train-tasks", "tests_per_task",
                "hidden_size", "same bytes"}) {
            assertTrue(help.contains(s), s + " missing from:\n" + help);
        }
    }
}
