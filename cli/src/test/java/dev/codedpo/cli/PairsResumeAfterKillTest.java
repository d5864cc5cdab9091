package dev.codedpo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A pair build killed with SIGKILL in mid-run and started again ends with every task exactly once. */
class PairsResumeAfterKillTest {
    @TempDir
    Path dir;

    @Test
    void killedRunResumesToEveryTaskExactlyOnce() throws Exception {
        int tasks = 30;
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            rows.add(Json.line(Map.of("task_id", "task-" + i, "prompt", "p" + i,
                    "codes", List.of("x = " + i, "x = -1", "raise ValueError()"),
                    "tests", List.of("import time; time.sleep(0.05); assert x == " + i,
                            "import time; time.sleep(0.05); assert x >= 0", "assert True"))));
        }
        Path in = dir.resolve("tasks.jsonl");
        Files.write(in, rows);
        Path out = dir.resolve("out");

        Process p = new ProcessBuilder(OutputFiles.javaBin(), "-cp", System.getProperty("java.class.path"),
                "dev.codedpo.cli.Main", "pairs", "--input", in.toString(), "--out", out.toString(), "--no-progress",
                "--workers", "2", "--no-efficiency")
                .redirectErrorStream(true).redirectOutput(dir.resolve("first.log").toFile()).start();
        Path scores = out.resolve("scores.jsonl");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (OutputFiles.lines(scores) < 5 && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(p.isAlive(), "the first run must still be working when it is killed: "
                + Files.readString(dir.resolve("first.log")));
        new ProcessBuilder("kill", "-9", Long.toString(p.pid())).start().waitFor();
        p.waitFor(30, TimeUnit.SECONDS);
        int doneBefore = OutputFiles.lines(scores);
        assertTrue(doneBefore >= 5 && doneBefore < tasks, "killed after " + doneBefore + " tasks");

        assertEquals(0, Main.execute("pairs", "--input", in.toString(), "--out", out.toString(), "--no-progress",
                "--workers", "2", "--no-efficiency"));

        Set<String> expected = new TreeSet<>();
        for (int i = 0; i < tasks; i++) {
            expected.add("task-" + i);
        }
        for (String file : List.of("scores.jsonl", "executions.jsonl", "sft.jsonl")) {
            Map<String, Integer> count = OutputFiles.countByTask(out.resolve(file));
            assertEquals(expected, count.keySet(), file);
            assertTrue(count.values().stream().allMatch(c -> c == 1), file + " has a task twice: " + count);
        }
        Map<String, Integer> pairs = OutputFiles.countByTask(out.resolve("pairs.jsonl"));
        assertEquals(expected, pairs.keySet());
        assertTrue(pairs.values().stream().allMatch(c -> c == 1), "pairs: " + pairs);
        JsonNode summary = Json.MAPPER.readTree(out.resolve("summary.json").toFile());
        assertEquals(tasks, summary.get("tasks").asInt());
        assertEquals(tasks, summary.get("correctness_pairs").asInt());
        // every pair is the right answer against the crash, whatever run made it
        for (String line : Files.readAllLines(out.resolve("pairs.jsonl"))) {
            JsonNode pair = Json.MAPPER.readTree(line);
            String id = pair.get("task_id").asText().substring("task-".length());
            assertEquals("x = " + id, pair.get("chosen").asText());
        }
    }
}
