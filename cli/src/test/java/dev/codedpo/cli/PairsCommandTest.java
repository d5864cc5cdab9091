package dev.codedpo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.codedpo.core.io.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code codedpo pairs} end to end, with real Python in the real sandbox. */
class PairsCommandTest {
    @TempDir
    Path dir;

    static final String DOUBLE = "def double(x):\n    return x * 2\n";
    static final String DOUBLE_SLOW = "def double(x):\n    s = 0\n    for _ in range(x):\n        s += 2\n    return s\n";
    static final String PLUS_TWO = "def double(x):\n    return x + 2\n";
    static final String IDENTITY = "def double(x):\n    return x\n";
    static final String BROKEN = "def double(x):\n    raise ValueError('no')\n";

    /** Matrix: fast and slow correct [1,1,1,0], plus_two [1,0,0,1], identity [0,1,0,0], broken [0,0,0,0]. */
    static String doubleTask() {
        return Json.line(Map.of("task_id", "double", "prompt", "def double(x):\n",
                "codes", List.of(DOUBLE, DOUBLE_SLOW, PLUS_TWO, IDENTITY, BROKEN),
                "tests", List.of("assert double(2) == 4", "assert double(0) == 0",
                        "assert double(400000) == 800000", "assert double(3) == 5")));
    }

    static List<JsonNode> rows(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            out.add(Json.MAPPER.readTree(line));
        }
        return out;
    }

    private Path input(String name, String... rows) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, String.join("\n", rows) + "\n");
        return p;
    }

    private JsonNode pair(Path out, String kind) throws IOException {
        return rows(out.resolve("pairs.jsonl")).stream().filter(p -> p.get("kind").asText().equals(kind))
                .findFirst().orElse(null);
    }

    @Test
    void selfVerificationGivesTheExactMatrixAndBothPairKinds() throws IOException {
        Path in = input("t.jsonl", doubleTask());
        Path out = dir.resolve("sv");
        assertEquals(0, Main.execute("pairs", "--input", in.toString(), "--out", out.toString(), "--no-progress",
                "--workers", "2"));
        JsonNode exec = rows(out.resolve("executions.jsonl")).get(0);
        assertEquals("[[1,1,1,0],[1,1,1,0],[1,0,0,1],[0,1,0,0],[0,0,0,0]]", exec.get("matrix").toString());
        assertEquals("[\"pass\",\"fail\",\"fail\",\"pass\"]", exec.get("status").get(2).toString());
        assertEquals("AssertionError", exec.get("exception").get(2).get(1).asText());
        assertEquals("ValueError", exec.get("exception").get(4).get(0).asText());
        assertEquals("[0,1,2]", exec.get("trusted_tests").toString());
        JsonNode correct = pair(out, "correctness");
        assertEquals(DOUBLE, correct.get("chosen").asText());
        assertEquals(BROKEN, correct.get("rejected").asText());
        JsonNode fast = pair(out, "efficiency");
        assertEquals(DOUBLE, fast.get("chosen").asText());
        assertEquals(DOUBLE_SLOW, fast.get("rejected").asText());
        assertTrue(fast.get("rejected_time").asDouble() > 1.2 * fast.get("chosen_time").asDouble());
        assertEquals(DOUBLE, rows(out.resolve("sft.jsonl")).get(0).get("completion").asText());
    }

    @Test
    void theOpcodeClockMakesTheSameEfficiencyPairsInEveryRun() throws IOException {
        // small inputs: the trace hook makes the slow loop far slower than it is
        Path in = input("t.jsonl", Json.line(Map.of("task_id", "double", "prompt", "def double(x):\n",
                "codes", List.of(DOUBLE_SLOW, DOUBLE, PLUS_TWO), "tests", List.of("assert double(2) == 4",
                        "assert double(0) == 0", "assert double(300) == 600"))));
        List<String> files = new ArrayList<>();
        // the second run gives the settings as config keys (--set) instead of options: the same settings
        for (String run : List.of("first", "second")) {
            Path out = dir.resolve(run);
            List<String> settings = run.equals("first") ? List.of("--timing-clock", "opcodes", "--timing-repeats", "1")
                    : List.of("--set", "timing_clock=opcodes", "--set", "timing_repeats=1");
            List<String> args = new ArrayList<>(List.of("pairs", "--input", in.toString(), "--out", out.toString(),
                    "--no-progress"));
            args.addAll(settings);
            assertEquals(0, Main.execute(args.toArray(String[]::new)));
            files.add(Files.readString(out.resolve("pairs.jsonl")) + Files.readString(out.resolve("executions.jsonl")));
            JsonNode fast = pair(out, "efficiency");
            assertEquals(DOUBLE, fast.get("chosen").asText());
            assertEquals(DOUBLE_SLOW, fast.get("rejected").asText());
            double chosen = fast.get("chosen_time").asDouble();
            assertTrue(chosen > 0 && chosen == Math.rint(chosen), "an opcode count: " + chosen);
            assertTrue(fast.get("rejected_time").asDouble() > 50 * chosen);
        }
        assertEquals(files.get(0).replaceAll("\"cpu_seconds\":\\[[^a-z]*?\\]\\],", ""),
                files.get(1).replaceAll("\"cpu_seconds\":\\[[^a-z]*?\\]\\],", ""),
                "two runs made other pairs or timings");
    }

    @Test
    void eachRankingPicksItsOwnPair() throws IOException {
        Path in = input("t.jsonl", doubleTask());
        Map<String, String[]> expected = Map.of(
                "pass-count", new String[] {DOUBLE, BROKEN},
                "codet", new String[] {DOUBLE, BROKEN});
        for (Map.Entry<String, String[]> e : expected.entrySet()) {
            Path out = dir.resolve(e.getKey());
            assertEquals(0, Main.execute("pairs", "--input", in.toString(), "--out", out.toString(), "--no-progress",
                    "--ranking", e.getKey(), "--no-efficiency"));
            JsonNode p = pair(out, "correctness");
            assertEquals(e.getValue()[0], p.get("chosen").asText(), e.getKey());
            assertEquals(e.getValue()[1], p.get("rejected").asText(), e.getKey());
        }
        // codet scores the agreeing pair of correct codes 3 * sqrt(2)
        JsonNode codet = rows(dir.resolve("codet/scores.jsonl")).get(0);
        assertEquals(3 * Math.sqrt(2), codet.get("code_scores").get(0).asDouble(), 1e-12);
        // nobody passes the wrong fourth test, so the all-tests filter rejects every code and makes no pair
        Path all = dir.resolve("all");
        assertEquals(0, Main.execute("pairs", "--input", in.toString(), "--out", all.toString(), "--no-progress",
                "--ranking", "all-tests", "--no-efficiency"));
        assertEquals(0, Files.size(all.resolve("pairs.jsonl")));
        // random: reproducible for a seed, and a real pair of two different codes
        Path r1 = dir.resolve("r1");
        Path r2 = dir.resolve("r2");
        for (Path r : List.of(r1, r2)) {
            assertEquals(0, Main.execute("pairs", "--input", in.toString(), "--out", r.toString(), "--no-progress",
                    "--ranking", "random", "--seed", "7", "--no-efficiency"));
        }
        JsonNode p1 = pair(r1, "correctness");
        assertEquals(p1.toString(), pair(r2, "correctness").toString());
        assertNotEquals(p1.get("chosen").asText(), p1.get("rejected").asText());
    }

    @Test
    void badInputExitsWithTwoAndWritesNothing() throws IOException {
        Path in = input("bad.jsonl", doubleTask(), "{\"task_id\": \"x\", \"prompt\": \"p\", \"codes\": [\"a\"]}");
        Path out = dir.resolve("bad-out");
        assertEquals(2, Main.execute("pairs", "--input", in.toString(), "--out", out.toString(), "--no-progress"));
        assertFalse(Files.exists(out));
        assertEquals(2, Main.execute("pairs", "--input", dir.resolve("missing.jsonl").toString(), "--out",
                out.toString()));
        assertEquals(2, Main.execute("pairs", "--input", in.toString(), "--out", out.toString(), "--ranking", "magic"));
        assertEquals(2, Main.execute("pairs", "--out", out.toString()));
    }
}
