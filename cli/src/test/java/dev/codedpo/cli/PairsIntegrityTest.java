package dev.codedpo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.codedpo.core.io.Json;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The integrity of a {@code codedpo pairs} output directory: one run at a time, edited inputs, damaged files. */
class PairsIntegrityTest {
    @TempDir
    Path dir;

    private static String task(String id, int value, String check) {
        return Json.line(Map.of("task_id", id, "prompt", "p",
                "codes", List.of("x = " + value, "x = -1"), "tests", List.of(check + "assert x == " + value)));
    }

    private Path input(String name, List<String> rows) throws IOException {
        return Files.write(dir.resolve(name), rows);
    }

    private static StdErr.Run pairs(Path in, Path out) {
        return StdErr.execute("pairs", "--input", in.toString(), "--out", out.toString(), "--no-progress",
                "--workers", "2", "--no-efficiency");
    }

    /**
     * A second run on a directory that a running build holds is refused at once (exit 2, a message) and touches
     * nothing; once the first is killed with SIGKILL, the next run resumes it to every task exactly once.
     */
    @Test
    void aSecondRunOnTheSameDirectoryIsRefusedAndAKilledRunDoesNotBlockTheNext() throws Exception {
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            rows.add(task("task-" + i, i, "import time; time.sleep(0.3); "));
        }
        Path in = input("tasks.jsonl", rows);
        Path out = dir.resolve("out");
        Process first = new ProcessBuilder(OutputFiles.javaBin(), "-cp", System.getProperty("java.class.path"),
                "dev.codedpo.cli.Main", "pairs", "--input", in.toString(), "--out", out.toString(), "--no-progress",
                "--workers", "2", "--no-efficiency")
                .redirectErrorStream(true).redirectOutput(dir.resolve("first.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (OutputFiles.lines(out.resolve("scores.jsonl")) < 1 && first.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            String executionsBefore = Files.readString(out.resolve("executions.jsonl"));
            StdErr.Run second = pairs(in, out);
            assertTrue(first.isAlive(), "the first run must still be working when the second starts: "
                    + Files.readString(dir.resolve("first.log")));
            assertEquals(2, second.exitCode(), second.stderr());
            assertEquals("codedpo: error: " + out + ": another run is using this output directory (process "
                    + first.pid() + "); wait for it to finish or give another directory\n", second.stderr());
            assertTrue(Files.readString(out.resolve("executions.jsonl")).startsWith(executionsBefore));
        } finally {
            first.destroyForcibly();
            assertTrue(first.waitFor(60, TimeUnit.SECONDS));
        }
        assertTrue(OutputFiles.lines(out.resolve("scores.jsonl")) < 12, "killed before it finished");
        StdErr.Run third = pairs(in, out);
        assertEquals(0, third.exitCode(), third.stderr());
        Map<String, Integer> count = OutputFiles.countByTask(out.resolve("executions.jsonl"));
        assertEquals(12, count.size());
        assertTrue(count.values().stream().allMatch(c -> c == 1), count.toString());
    }

    /**
     * Lines that two runs interleaved (before directories were locked) are not torn appends: the resume names the
     * file and line with exit code 2 instead of failing with an internal error.
     */
    @Test
    void aDamagedOutputDirectoryIsBadInputNamedByFileAndLine() throws Exception {
        Path in = input("tasks.jsonl", List.of(task("a", 1, ""), task("b", 2, ""), task("c", 3, "")));
        Path out = dir.resolve("out");
        assertEquals(0, pairs(in, out).exitCode());
        Path executions = out.resolve("executions.jsonl");
        List<String> lines = Files.readAllLines(executions);
        String a = lines.get(0);
        lines.set(0, a.substring(0, a.length() / 2) + lines.get(1));
        Files.write(executions, lines);
        StdErr.Run r = pairs(in, out);
        assertEquals(2, r.exitCode(), r.stderr());
        assertTrue(r.stderr().startsWith("codedpo: error: " + executions + ":1: invalid JSON"), r.stderr());
        assertFalse(r.stderr().contains("internal error"), r.stderr());
    }

    /**
     * After a finished run, task b's code and test are edited and task d is added: b runs again with its new content
     * (its stale rows gone) and summary.json names it; a and c are resumed.
     */
    @Test
    void aTaskWhoseInputChangedIsRecomputedAndNamed() throws Exception {
        Path out = dir.resolve("out");
        assertEquals(0, pairs(input("v1.jsonl", List.of(task("a", 1, ""), task("b", 2, ""), task("c", 3, ""))), out)
                .exitCode());
        Path v2 = input("v2.jsonl", List.of(task("a", 1, ""), task("b", 5, ""), task("c", 3, ""), task("d", 4, "")));
        assertEquals(0, pairs(v2, out).exitCode());
        JsonNode summary = Json.MAPPER.readTree(out.resolve("summary.json").toFile());
        assertEquals("[\"b\"]", summary.get("recomputed").toString());
        assertEquals(1, summary.get("tasks_recomputed").asInt());
        assertEquals(2, summary.get("tasks_this_run").asInt());
        assertEquals(4, summary.get("tasks").asInt());
        List<JsonNode> pairsOfB = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve("pairs.jsonl"))) {
            JsonNode p = Json.MAPPER.readTree(line);
            if (p.get("task_id").asText().equals("b")) {
                pairsOfB.add(p);
            }
        }
        assertEquals(1, pairsOfB.size(), pairsOfB.toString());
        assertEquals("x = 5", pairsOfB.get(0).get("chosen").asText());
        for (String f : List.of("executions.jsonl", "scores.jsonl", "sft.jsonl")) {
            assertEquals(Map.of("a", 1, "b", 1, "c", 1, "d", 1), OutputFiles.countByTask(out.resolve(f)), f);
        }
    }

    /** Two tasks on one line, trailing garbage, a key given twice: each is the line's error, and nothing is written. */
    @Test
    void aRowWithTrailingContentOrARepeatedKeyIsRefused() throws Exception {
        String a = task("a", 1, "");
        String b = task("b", 2, "");
        Path out = dir.resolve("out");
        for (String line : List.of(a + b, a + " this is garbage", a.replace("{", "{\"prompt\": \"q\", "))) {
            Path in = Files.writeString(dir.resolve("bad.jsonl"), b + "\n" + line + "\n");
            StdErr.Run r = pairs(in, out);
            assertEquals(2, r.exitCode(), r.stderr());
            assertTrue(r.stderr().startsWith("codedpo: error: " + in + ":2: invalid JSON"), r.stderr());
            assertFalse(Files.exists(out));
        }
    }

    /** A settings value the config record refuses is reported by its key and reason only. */
    @Test
    void anInvalidSettingIsReportedByKeyAndReasonOnly() throws Exception {
        Path in = input("tasks.jsonl", List.of(task("a", 1, "")));
        StdErr.Run r = StdErr.execute("pairs", "--input", in.toString(), "--out", dir.resolve("o").toString(),
                "--timeout", "0");
        assertEquals(2, r.exitCode(), r.stderr());
        assertTrue(r.stderr().startsWith("codedpo: error: ") && r.stderr().contains("timeout_seconds must be > 0"),
                r.stderr());
        assertFalse(r.stderr().contains("Cannot construct") || r.stderr().contains("PairsConfig"), r.stderr());
    }
}
