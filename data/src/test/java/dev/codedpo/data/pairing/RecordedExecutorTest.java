package dev.codedpo.data.pairing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.codedpo.core.io.InputException;
import dev.codedpo.core.io.Json;
import dev.codedpo.core.progress.Progress;
import dev.codedpo.data.rank.RankingKind;
import dev.codedpo.eval.exec.SandboxLimits;
import dev.codedpo.eval.exec.TimingClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordedExecutorTest {
    @TempDir
    Path dir;

    private static PairsConfig config(RankingKind ranking, double timeout) {
        PairsConfig d = PairsConfig.defaults();
        return new PairsConfig(ranking, d.damping(), d.iterations(), d.updateOrder(), 1, 0, true, 5,
                TimingClock.CPU, 1.2, 0, timeout, 2048, 0, false, d.maxRowBytes(), null);
    }

    private Path input(String name, String... rows) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, String.join("\n", rows) + "\n");
        return p;
    }

    private static void build(PairsConfig cfg, ScriptedExecutor executor, Path in, Path out) {
        new PairBuilder(cfg, executor, SandboxLimits.defaults(), (n, t) -> Progress.NONE).run(in, out);
    }

    @Test
    void anotherRankingOnRecordedVerdictsExecutesNothingAndWritesWhatALiveRunWrites() throws IOException {
        Path in = input("tasks.jsonl", PairBuilderTest.task("t/1"), PairBuilderTest.task("t/2"));
        build(config(RankingKind.SELF_VERIFY, 5), new ScriptedExecutor(), in, dir.resolve("main"));

        PairsConfig passCount = config(RankingKind.PASS_COUNT, 5);
        ScriptedExecutor live = new ScriptedExecutor();
        RecordedExecutor recorded = RecordedExecutor.load(dir.resolve("main"), in, passCount, live);
        new PairBuilder(passCount, recorded, SandboxLimits.defaults(), (n, t) -> Progress.NONE)
                .run(in, dir.resolve("replayed"));
        assertEquals(0, live.executions.get());
        assertEquals(0, recorded.forwarded());
        // 4 codes x 2 tasks checked, and the codes passing the trusted tests (a, b) timed on each task
        assertEquals(12, recorded.answered());

        build(passCount, new ScriptedExecutor(), in, dir.resolve("fresh"));
        for (String f : List.of("pairs.jsonl", "executions.jsonl", "kto.jsonl", "sft.jsonl")) {
            assertEquals(Files.readString(dir.resolve("fresh").resolve(f)),
                    Files.readString(dir.resolve("replayed").resolve(f)), f);
        }
        // the replay is not a copy of the main run: its ranking is another one
        assertTrue(Files.readString(dir.resolve("replayed/scores.jsonl")).contains("\"pass-count\""));
    }

    @Test
    void aTaskMissingFromTheRecordOrChangedSinceIsExecuted() throws IOException {
        Path recordedInput = input("old.jsonl", PairBuilderTest.task("t/1"), PairBuilderTest.task("t/2"));
        build(config(RankingKind.SELF_VERIFY, 5), new ScriptedExecutor(), recordedInput, dir.resolve("main"));
        String changed = Json.line(Map.of("task_id", "t/2", "prompt", "p-t/2",
                "codes", List.of("a|0.01", "b|0.03", "c|0.01", "d|0.01"),
                "tests", List.of("t1:a,b", "t2:a,b", "t3:c,d")));
        String fresh = Json.line(Map.of("task_id", "t/3", "prompt", "p-t/3",
                "codes", List.of("a|0.01", "d|0.01"), "tests", List.of("t1:a,b", "t4:d")));
        // t/4 has another id but t/1's setup, codes and tests: the same checks, so the same verdicts
        String sameChecks = PairBuilderTest.task("t/1").replace("\"t/1\"", "\"t/4\"");
        Path in = input("new.jsonl", PairBuilderTest.task("t/1"), changed, fresh, sameChecks);

        ScriptedExecutor live = new ScriptedExecutor();
        PairsConfig cfg = config(RankingKind.SELF_VERIFY, 5);
        RecordedExecutor recorded = RecordedExecutor.load(dir.resolve("main"), in, cfg, live);
        new PairBuilder(cfg, recorded, SandboxLimits.defaults(), (n, t) -> Progress.NONE).run(in, dir.resolve("o"));
        assertEquals(6, live.executions.get(), "t/2 (changed) and t/3 (new) executed, t/1 and t/4 replayed");
        build(cfg, new ScriptedExecutor(), in, dir.resolve("fresh"));
        assertEquals(Files.readString(dir.resolve("fresh/pairs.jsonl")), Files.readString(dir.resolve("o/pairs.jsonl")));
    }

    @Test
    void otherLimitsOrADirectoryWithoutRecordsAreRefused() throws IOException {
        Path in = input("tasks.jsonl", PairBuilderTest.task("t/1"));
        build(config(RankingKind.SELF_VERIFY, 5), new ScriptedExecutor(), in, dir.resolve("main"));
        InputException e = assertThrows(InputException.class, () -> RecordedExecutor.load(dir.resolve("main"), in,
                config(RankingKind.PASS_COUNT, 2), new ScriptedExecutor()));
        assertTrue(e.getMessage().contains("timeout_seconds 5.0") && e.getMessage().contains("cannot be reused"),
                e.getMessage());
        e = assertThrows(InputException.class, () -> RecordedExecutor.load(dir, in,
                config(RankingKind.PASS_COUNT, 5), new ScriptedExecutor()));
        assertTrue(e.getMessage().startsWith("reuse_executions: " + dir + " is not a pairs output directory"),
                e.getMessage());
    }
}
