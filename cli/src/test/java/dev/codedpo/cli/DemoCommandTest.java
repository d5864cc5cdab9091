package dev.codedpo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.codedpo.core.io.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code codedpo demo --quick} end to end: every file of the world, the SFT model and each variant's run; the
 * ablations take the main run's finished stages over (the stage runner skips the copies: same settings, same
 * upstream results) and redo only what differs; the report's and the printed table's rows; a second invocation does
 * no work and prints the same numbers. Numbers themselves are not checked: the quick sizes learn little.
 */
class DemoCommandTest {
    static final List<String> VARIANTS = List.of("dpo", "kto", "sft-on-best", "dpo-pass-count", "dpo-all-tests",
            "dpo-codet", "dpo-random");
    static final List<String> STAGES = List.of("eval-before", "generate", "pairs", "train", "eval-after", "compare");

    @Test
    void quickDemoWritesEverythingSharesStagesAndResumes(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("demo");
        String[] args = {"demo", "--quick", "--out", out.toString(), "--configs",
                RunConfigsTest.repo().resolve("configs").toString()};
        Console.Run first = Console.execute(args);
        assertEquals(Main.EXIT_OK, first.exitCode(), first.stderr());

        for (String f : List.of("world/train_tasks.jsonl", "world/heldout_suite.jsonl", "world/train_suite.jsonl",
                "world/sft.jsonl", "seed-0/sft-model/model.safetensors", "seed-0/sft-model/tokenizer.json",
                "seed-0/ground-truth/truth.json", "seed-0/ranking_agreement.json", "timings.json",
                "seed-0/timings.json", "report.md")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        for (String v : VARIANTS) {
            Path run = out.resolve("seed-0").resolve(v);
            for (String f : List.of("run.json", "report.md", "eval-before/heldout_suite/samples.jsonl",
                    "generate/candidates.jsonl", "pairs/pairs.jsonl", "pairs/executions.jsonl",
                    "train/model.safetensors", "eval-after/heldout_suite/summary.json")) {
                assertTrue(Files.isRegularFile(run.resolve(f)), v + "/" + f);
            }
            for (String s : STAGES) {
                JsonNode rec = Json.MAPPER.readTree(run.resolve(s).resolve("stage.json").toFile());
                assertTrue(rec.get("complete").asBoolean(), v + "/" + s);
            }
            JsonNode cfg = Json.MAPPER.readTree(run.resolve("run.json").toFile());
            assertEquals(v.startsWith("dpo") ? "dpo" : v.equals("kto") ? "kto" : "sft",
                    cfg.path("train").path("method").asText(), v);
        }

        // Shared stages are skipped by the variants' runners (copied, not redone); the rest runs.
        assertEquals("skip", action(first.stderr(), "kto", "generate"));
        assertEquals("skip", action(first.stderr(), "kto", "pairs"));
        assertEquals("skip", action(first.stderr(), "sft-on-best", "eval-before"));
        assertEquals("run", action(first.stderr(), "kto", "train"));
        assertEquals("skip", action(first.stderr(), "dpo-random", "generate"));
        assertEquals("run", action(first.stderr(), "dpo-random", "pairs"));
        // A ranking variant reads the main run's recorded checks instead of executing them again.
        assertTrue(first.stderr().lines().anyMatch(l -> l.startsWith("codedpo demo: seed 0 dpo-codet: pairs: ")
                && l.contains(" requests answered from " + out.resolve("seed-0/dpo/pairs"))), first.stderr());
        assertEquals(read(out.resolve("seed-0/dpo/generate/candidates.jsonl")),
                read(out.resolve("seed-0/dpo-codet/generate/candidates.jsonl")));

        JsonNode agreement = Json.MAPPER.readTree(out.resolve("seed-0/ranking_agreement.json").toFile());
        for (String r : List.of("self-verify", "pass-count", "all-tests", "codet", "random")) {
            assertTrue(agreement.has(r), r + " in " + agreement);
        }
        // Pair quality: the main run's pairs and each ranking variant's own; kto and sft-on-best reuse dpo's pairs.
        JsonNode quality = Json.MAPPER.readTree(out.resolve("seed-0/pair_quality.json").toFile());
        for (String v : List.of("dpo", "dpo-pass-count", "dpo-all-tests", "dpo-codet", "dpo-random")) {
            JsonNode q = quality.path(v);
            assertTrue(q.has("right_over_wrong") && q.has("both_wrong") && q.has("inverted"), v + " in " + quality);
            assertEquals(0, q.path("unmatched").asInt(), v + ": every pair matched to its codes");
        }
        assertTrue(!quality.has("kto") && !quality.has("sft-on-best"), quality.toString());
        assertTrue(Json.MAPPER.readTree(out.resolve("timings.json").toFile()).has("world"));
        JsonNode times = Json.MAPPER.readTree(out.resolve("seed-0/timings.json").toFile());
        for (String k : List.of("seed-0/pretrain", "seed-0/dpo/generate", "seed-0/kto/train", "seed-0/ground-truth")) {
            assertTrue(times.has(k), k + " in " + times);
        }
        assertTrue(!times.has("seed-0/kto/generate"), "a shared stage is not run (nor timed) again");

        String report = read(out.resolve("report.md"));
        for (String v : VARIANTS) {
            assertTrue(report.contains("| " + v + " |"), v + " row in report.md");
            assertTrue(first.stdout().lines().anyMatch(l -> l.startsWith(v + " ")), v + " row printed");
        }
        for (String r : List.of("self-verify", "pass-count", "all-tests", "codet", "random")) {
            assertTrue(report.contains("| " + r + " |"), r + " row in report.md");
        }
        assertTrue(report.contains("## Pair quality against the ground truth"), report);
        assertTrue(report.lines().anyMatch(l -> l.startsWith("Sandbox: ") && l.contains(" pairs, ")
                && l.contains(" eval-before, ") && l.contains(" ground-truth)")), report);
        JsonNode processes = Json.MAPPER.readTree(out.resolve("seed-0/sandbox.json").toFile());
        for (String k : List.of("seed-0/dpo/pairs", "seed-0/dpo/eval-before", "seed-0/ground-truth")) {
            assertTrue(processes.path(k).asDouble() > 0, k + " in " + processes);
        }
        for (String k : DemoReport.TIME_KINDS) {
            assertTrue(report.contains("| " + k + " |"), k + " time row");
        }
        assertTrue(report.contains("## Targets") && report.lines().filter(l -> l.startsWith("- MET: ")
                || l.startsWith("- MISSED: ") || l.startsWith("- NOT MEASURED: ")).count() == 4, report);

        // Resumable and stable: nothing runs again, the same numbers come out.
        Console.Run second = Console.execute(args);
        assertEquals(Main.EXIT_OK, second.exitCode(), second.stderr());
        assertTrue(second.stderr().contains("world: up to date") && second.stderr().contains("pretrain: up to date"),
                second.stderr());
        for (String v : VARIANTS) {
            for (String s : STAGES) {
                assertEquals("skip", action(second.stderr(), v, s), v + "/" + s);
            }
        }
        assertEquals(tables(first.stdout()), tables(second.stdout()));

        // A second seed in a child process beside the finished first one: the parent only reads what it made.
        String seed0 = read(out.resolve("seed-0/dpo/eval-after/heldout_suite/summary.json"));
        String[] twoSeeds = {"demo", "--quick", "--seeds", "2", "--parallel-seeds", "2", "--out", out.toString(),
            "--configs", RunConfigsTest.repo().resolve("configs").toString()};
        Console.Run third = Console.execute(twoSeeds);
        assertEquals(Main.EXIT_OK, third.exitCode(), third.stderr());
        assertTrue(third.stderr().contains("codedpo demo: seeds [0, 1]: 2 at a time, each in its own process"),
                third.stderr());
        assertTrue(third.stderr().contains("codedpo demo: seed 1 pretrain: SFT from scratch"), third.stderr());
        assertEquals("skip", action(third.stderr(), "dpo", "train"), "seed 0 was up to date in its child");
        for (String v : VARIANTS) {
            assertTrue(Files.isRegularFile(out.resolve("seed-1").resolve(v).resolve("eval-after/heldout_suite/"
                    + "summary.json")), v);
        }
        assertEquals(seed0, read(out.resolve("seed-0/dpo/eval-after/heldout_suite/summary.json")));
        assertTrue(Json.MAPPER.readTree(out.resolve("seed-1/timings.json").toFile()).has("seed-1/pretrain"));
        assertTrue(read(out.resolve("report.md")).contains("2 seed(s), --quick sizes"), read(out.resolve("report.md")));
        assertTrue(third.stdout().contains("(seeds ran 2 at a time"), third.stdout());

        // Deterministic: the same seed made afresh elsewhere prints the same numbers and makes the same files, the
        // efficiency pairs and speed-ups included (the demo's clock counts bytecode, it does not measure time).
        Path again = tmp.resolve("again");
        Console.Run fresh = Console.execute("demo", "--quick", "--out", again.toString(), "--configs",
                RunConfigsTest.repo().resolve("configs").toString());
        assertEquals(Main.EXIT_OK, fresh.exitCode(), fresh.stderr());
        assertEquals(tables(first.stdout()), tables(fresh.stdout()));
        for (String f : List.of("dpo/pairs/pairs.jsonl", "dpo/pairs/kto.jsonl", "dpo/eval-after/heldout_suite/"
                + "samples.jsonl", "dpo-random/pairs/pairs.jsonl")) {
            assertEquals(read(out.resolve("seed-0").resolve(f)), read(again.resolve("seed-0").resolve(f)), f);
        }
        assertTrue(read(again.resolve("seed-0/dpo/pairs/pairs.jsonl")).contains("\"kind\":\"efficiency\""),
                "the quick run has efficiency pairs to compare");
    }

    /** The action the runner logged for a variant's stage ("codedpo demo: seed 0 kto: generate    skip ..."). */
    static String action(String stderr, String variant, String stage) {
        String prefix = "codedpo demo: seed 0 " + variant + ": " + stage + " ";
        return stderr.lines().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length()).trim()
                .split("\\s+")[0]).reduce((a, b) -> b).orElse("none");
    }

    /** The printed tables without the time table (its seconds are this machine's). */
    static String tables(String stdout) {
        return stdout.substring(0, stdout.indexOf("Time (this invocation"));
    }

    static String read(Path f) throws Exception {
        return Files.readString(f);
    }
}
