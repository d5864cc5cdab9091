package dev.codedpo.data.pairing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.codedpo.core.io.InputException;
import dev.codedpo.core.io.Json;
import dev.codedpo.core.io.OutputDirLock;
import dev.codedpo.core.progress.Progress;
import dev.codedpo.data.rank.RankingKind;
import dev.codedpo.eval.exec.SandboxLimits;
import dev.codedpo.eval.exec.TimingClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PairBuilderTest {
    @TempDir
    Path dir;

    /** Codes a, b agree on t1 and t2; c passes only the lone t3; d passes nothing. b is 3x slower than a. */
    static String task(String id) {
        return Json.line(Map.of("task_id", id, "prompt", "p-" + id,
                "codes", List.of("a|0.01", "b|0.03", "c|0.01", "d|0.01"),
                "tests", List.of("t1:a,b", "t2:a,b", "t3:c")));
    }

    private int inputs;

    private Path input(String... rows) throws IOException {
        Path p = dir.resolve("tasks-" + (inputs++) + ".jsonl");
        Files.writeString(p, String.join("\n", rows) + "\n");
        return p;
    }

    private PairBuilder.Result run(PairsConfig cfg, Path in, Path out) {
        return new PairBuilder(cfg, new ScriptedExecutor(), SandboxLimits.defaults(), (n, t) -> Progress.NONE)
                .run(in, out);
    }

    static List<JsonNode> rows(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            out.add(Json.MAPPER.readTree(line));
        }
        return out;
    }

    @Test
    void writesAllFilesWithBothPairKinds() throws IOException {
        Path out = dir.resolve("out");
        PairBuilder.Result r = run(PairsConfig.defaults(), input(task("t/1"), task("t/2")), out);
        assertEquals(2, r.summary().tasks());
        List<JsonNode> pairs = rows(out.resolve("pairs.jsonl"));
        assertEquals(4, pairs.size());
        JsonNode correctness = pairs.stream().filter(p -> p.get("kind").asText().equals("correctness")).findFirst()
                .orElseThrow();
        assertEquals("a|0.01", correctness.get("chosen").asText());
        assertEquals("d|0.01", correctness.get("rejected").asText());
        JsonNode eff = pairs.stream().filter(p -> p.get("kind").asText().equals("efficiency")).findFirst()
                .orElseThrow();
        assertEquals("a|0.01", eff.get("chosen").asText());
        assertEquals("b|0.03", eff.get("rejected").asText());
        assertEquals(0.01 * 1.02, eff.get("chosen_time").asDouble(), 1e-12);

        JsonNode exec = rows(out.resolve("executions.jsonl")).get(0);
        assertEquals("[[1,1,0],[1,1,0],[0,0,1],[0,0,0]]", exec.get("matrix").toString());
        assertEquals("[0,1]", exec.get("trusted_tests").toString());
        JsonNode score = rows(out.resolve("scores.jsonl")).get(0);
        assertEquals("[0,1,2,3]", score.get("code_order").toString());
        assertEquals("self-verify", score.get("ranking").asText());
        List<JsonNode> kto = rows(out.resolve("kto.jsonl"));
        assertEquals(4, kto.size());
        assertEquals(2, kto.stream().filter(k -> k.get("label").asBoolean()).count());
        assertEquals(2, rows(out.resolve("sft.jsonl")).size());
        JsonNode summary = Json.MAPPER.readTree(out.resolve("summary.json").toFile());
        assertEquals(2, summary.get("correctness_pairs").asInt());
        assertEquals(2, summary.get("efficiency_pairs").asInt());
        assertEquals(24, summary.get("checks").asInt());
        // code pass rates: a, b 2/3 twice each -> bin 6; c 1/3 -> bin 3; d 0 -> bin 0
        assertEquals("[2,0,0,2,0,0,4,0,0,0]", summary.get("code_pass_rate_histogram").get("counts").toString());
    }

    @Test
    void passCountPrefersTheLoneTestLessThanAgreementButAllTestsFindsNoCorrectCode() throws IOException {
        Path in = input(task("t/1"));
        PairsConfig d = PairsConfig.defaults();
        PairsConfig allTests = new PairsConfig(RankingKind.ALL_TESTS, d.damping(), d.iterations(), d.updateOrder(),
                1, 0, false, 5, TimingClock.CPU, 1.2, 0, 5, 2048, 0, false, d.maxRowBytes(), null);
        run(allTests, in, dir.resolve("all"));
        // nobody passes all three tests: every code scores 0, no pair, no SFT row
        assertEquals(0, Files.size(dir.resolve("all/pairs.jsonl")));
        assertEquals(0, Files.size(dir.resolve("all/sft.jsonl")));
    }

    @Test
    void resumeSkipsFinishedTasksAndDropsRowsOfUnfinishedOnes() throws IOException {
        Path out = dir.resolve("out");
        Path in = input(task("t/1"), task("t/2"), task("t/3"));
        run(PairsConfig.defaults(), input(task("t/1")), out);
        // simulate a run killed while writing t/2: its pair row exists, its score row does not, a line is torn
        Files.writeString(out.resolve("pairs.jsonl"), Json.line(Map.of("task_id", "t/2", "kind", "x")) + "\n",
                java.nio.file.StandardOpenOption.APPEND);
        Files.writeString(out.resolve("scores.jsonl"), "{\"task_id\": \"t/2\", \"rank",
                java.nio.file.StandardOpenOption.APPEND);
        ScriptedExecutor exec = new ScriptedExecutor();
        PairBuilder.Result r = new PairBuilder(PairsConfig.defaults(), exec, SandboxLimits.defaults(),
                (n, t) -> Progress.NONE).run(in, out);
        assertEquals(1, r.resumedTasks());
        assertEquals(8, exec.executions.get(), "only t/2 and t/3 run: 4 codes each");
        assertEquals(List.of("t/1", "t/2", "t/3"), rows(out.resolve("scores.jsonl")).stream()
                .map(n -> n.get("task_id").asText()).sorted().toList());
        List<String> pairTasks = rows(out.resolve("pairs.jsonl")).stream().map(n -> n.get("task_id").asText())
                .sorted().toList();
        assertEquals(List.of("t/1", "t/1", "t/2", "t/2", "t/3", "t/3"), pairTasks);
        assertFalse(rows(out.resolve("pairs.jsonl")).stream().anyMatch(n -> n.get("kind").asText().equals("x")));
        assertEquals(3, Json.MAPPER.readTree(out.resolve("summary.json").toFile()).get("tasks").asInt());
    }

    /**
     * After a finished run, t/2's codes and tests are edited and t/3 is added: t/2 must run again (its old rows gone
     * from every file, and named in the summary), t/1 is resumed, t/3 is new.
     */
    @Test
    void resumeRecomputesATaskWhoseInputChanged() throws IOException {
        Path out = dir.resolve("out");
        run(PairsConfig.defaults(), input(task("t/1"), task("t/2")), out);
        // t/2 now: only code c passes anything, so its one correctness pair is c over d, and there is no timing pair
        String edited = Json.line(Map.of("task_id", "t/2", "prompt", "p-t/2",
                "codes", List.of("c|0.01", "d|0.01"), "tests", List.of("t3:c", "t4:c")));
        ScriptedExecutor exec = new ScriptedExecutor();
        PairBuilder.Result r = new PairBuilder(PairsConfig.defaults(), exec, SandboxLimits.defaults(),
                (n, t) -> Progress.NONE).run(input(task("t/1"), edited, task("t/3")), out);
        assertEquals(1, r.resumedTasks());
        assertEquals(2 + 4, exec.executions.get(), "t/2 (2 codes) and t/3 (4 codes) run, t/1 does not");
        assertEquals(2, r.summary().tasksThisRun());
        assertEquals(1, r.summary().tasksRecomputed());
        assertEquals(List.of("t/2"), r.summary().recomputed());
        JsonNode summary = Json.MAPPER.readTree(out.resolve("summary.json").toFile());
        assertEquals("[\"t/2\"]", summary.get("recomputed").toString());
        assertEquals(3, summary.get("tasks").asInt());

        List<JsonNode> t2Pairs = rows(out.resolve("pairs.jsonl")).stream()
                .filter(n -> n.get("task_id").asText().equals("t/2")).toList();
        assertEquals(1, t2Pairs.size(), "the old run's two t/2 pairs are gone: " + t2Pairs);
        assertEquals("c|0.01", t2Pairs.get(0).get("chosen").asText());
        List<JsonNode> t2Exec = rows(out.resolve("executions.jsonl")).stream()
                .filter(n -> n.get("task_id").asText().equals("t/2")).toList();
        assertEquals(1, t2Exec.size());
        assertEquals("[[1,1],[0,0]]", t2Exec.get(0).get("matrix").toString());
        for (String f : List.of("scores.jsonl", "kto.jsonl", "sft.jsonl")) {
            assertEquals(1, rows(out.resolve(f)).stream().filter(n -> n.get("task_id").asText().equals("t/1"))
                    .map(n -> n.get("task_id").asText()).distinct().count(), f);
        }
        assertEquals(List.of("t/1", "t/2", "t/3"), rows(out.resolve("scores.jsonl")).stream()
                .map(n -> n.get("task_id").asText()).sorted().toList());
        assertEquals(1, rows(out.resolve("sft.jsonl")).stream().filter(n -> n.get("task_id").asText().equals("t/2"))
                .count());

        // the same input again: nothing to recompute, nothing runs
        ScriptedExecutor again = new ScriptedExecutor();
        PairBuilder.Result r2 = new PairBuilder(PairsConfig.defaults(), again, SandboxLimits.defaults(),
                (n, t) -> Progress.NONE).run(input(task("t/1"), edited, task("t/3")), out);
        assertEquals(3, r2.resumedTasks());
        assertEquals(0, again.executions.get());
        assertEquals(List.of(), r2.summary().recomputed());
    }

    /** A directory another run holds is refused before the input is even read, and the holder keeps its lock. */
    @Test
    void aDirectoryInUseByAnotherRunIsRefused() throws IOException {
        Path out = dir.resolve("out");
        Path in = input(task("t/1"));
        run(PairsConfig.defaults(), in, out);
        String before = Files.readString(out.resolve("scores.jsonl"));
        try (OutputDirLock other = OutputDirLock.acquire(out)) {
            InputException e = assertThrows(InputException.class, () -> run(PairsConfig.defaults(), in, out));
            assertTrue(e.getMessage().startsWith(out + ": another run is using this output directory"),
                    e.getMessage());
            Path bad = input("not json");
            e = assertThrows(InputException.class, () -> run(PairsConfig.defaults(), bad, out));
            assertTrue(e.getMessage().contains("another run"), "the lock is checked first: " + e.getMessage());
            assertThrows(InputException.class, () -> run(PairsConfig.defaults(), in, out), "still held");
        }
        assertTrue(Files.exists(out.resolve("summary.json")), "the refused runs deleted nothing");
        assertEquals(before, Files.readString(out.resolve("scores.jsonl")));
        assertEquals(1, run(PairsConfig.defaults(), in, out).resumedTasks());
    }

    @Test
    void resumeWithDifferentSettingsIsRefused() throws IOException {
        Path out = dir.resolve("out");
        Path in = input(task("t/1"));
        run(PairsConfig.defaults(), in, out);
        PairsConfig d = PairsConfig.defaults();
        PairsConfig other = new PairsConfig(RankingKind.PASS_COUNT, d.damping(), d.iterations(), d.updateOrder(),
                1, 0, true, 5, TimingClock.CPU, 1.2, 0, 5, 2048, 0, false, d.maxRowBytes(), null);
        InputException e = assertThrows(InputException.class, () -> run(other, in, out));
        assertTrue(e.getMessage().contains("different settings"), e.getMessage());
    }

    @Test
    void aTenMegabyteCodeAndNonUtf8BytesAreNamedByLine() throws IOException {
        String huge = Json.line(Map.of("task_id", "big", "prompt", "p", "codes", List.of("x = 1\n#" + "a".repeat(10 << 20)),
                "tests", List.of("t:x")));
        Path in = input(task("t/1"), huge);
        InputException e = assertThrows(InputException.class, () -> run(PairsConfig.defaults(), in, dir.resolve("o1")));
        assertEquals(in + ":2: row is larger than the limit of 8388608 bytes (raise it with --max-row-bytes)",
                e.getMessage());

        Path latin = dir.resolve("latin1.jsonl");
        Files.write(latin, (task("t/1") + "\n" + task("caf\u00e9") + "\n").getBytes(StandardCharsets.ISO_8859_1));
        e = assertThrows(InputException.class, () -> run(PairsConfig.defaults(), latin, dir.resolve("o2")));
        assertEquals(latin + ":2: not valid UTF-8", e.getMessage());
        assertFalse(Files.exists(dir.resolve("o1")) || Files.exists(dir.resolve("o2")));
    }

    @Test
    void badRowsFailBeforeAnythingIsWrittenOrAreSkippedWhenAsked() throws IOException {
        Path in = input(task("t/1"), "{\"task_id\": \"t/2\", \"prompt\": \"p\", \"codes\": [], \"tests\": [\"x\"]}",
                "not json", task("t/1"));
        Path out = dir.resolve("out");
        InputException e = assertThrows(InputException.class, () -> run(PairsConfig.defaults(), in, out));
        assertEquals(in + ":2: field \"codes\" is an empty list", e.getMessage());
        assertFalse(Files.exists(out));

        PairsConfig d = PairsConfig.defaults();
        PairsConfig skip = new PairsConfig(d.ranking(), d.damping(), d.iterations(), d.updateOrder(), 1, 0, true, 5,
                TimingClock.CPU, 1.2, 0, 5, 2048, 0, true, d.maxRowBytes(), null);
        PairBuilder.Result r = run(skip, in, out);
        assertEquals(1, r.summary().tasks());
        assertEquals(3, r.summary().skippedRows());
        assertEquals(List.of(2L, 3L, 4L), r.summary().skipped().stream().map(s -> s.line()).toList());
        assertTrue(r.summary().skipped().get(2).reason().contains("duplicate task_id \"t/1\""));
    }
}
