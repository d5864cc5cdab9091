package dev.codedpo.cli;

import dev.codedpo.core.config.ConfigDocs;
import dev.codedpo.core.config.ConfigLoader;
import dev.codedpo.core.io.InputException;
import dev.codedpo.core.progress.Progress;
import dev.codedpo.data.pairing.PairBuilder;
import dev.codedpo.data.pairing.PairsConfig;
import dev.codedpo.data.pairing.PairsJob;
import dev.codedpo.data.pairing.RunSummary;
import dev.codedpo.data.rank.RankingKind;
import dev.codedpo.data.rank.UpdateOrder;
import dev.codedpo.eval.exec.TimingClock;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code codedpo pairs}: execution matrix, self-verification scores and preference pairs from sampled code/tests. */
@Command(name = "pairs", mixinStandardHelpOptions = true,
        header = "Execution-verified preference pairs (DPO, KTO, SFT) from sampled codes and tests.", sortOptions = false,
        description = {
            "Execute every code of each task against every test in the sandbox, score codes and tests "
                + "(self-verification by default), and write preference pairs for DPO plus KTO and SFT views.%n",
            "Input: JSONL, one task per line: {\"task_id\", \"prompt\", \"codes\": [...], \"tests\": [...], "
                + "\"setup\"?}.%n",
            "Output directory: executions.jsonl, scores.jsonl, pairs.jsonl, kto.jsonl, sft.jsonl, summary.json, "
                + "run.json. Re-running on the same --out resumes: finished tasks are skipped (a task whose input "
                + "changed runs again); one run at a time per directory.%n",
            "Settings: built-in defaults < --config YAML < --set KEY=VALUE < options given here; the keys are "
                + "listed at the end.%n"},
        footerHeading = "%nSettings (key = default: meaning):%n")
public final class PairsCommand implements Callable<Integer> {
    @Option(names = {"-i", "--input"}, required = true, paramLabel = "FILE", description = "Task file (JSONL, .gz ok).")
    Path input;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR", description = "Output directory.")
    Path out;

    @Mixin
    SettingsOptions settings;

    static String settingsHelp() {
        return ConfigDocs.keys(PairsConfig.class, PairsConfig.defaults()) + "%n" + ConfigDocs.SET_RULES;
    }

    @Option(names = "--ranking", paramLabel = "NAME",
            description = "self-verify (default), pass-count, all-tests, codet or random.")
    String ranking;

    @Option(names = "--damping", paramLabel = "D", description = "Self-verification damping (default 0.85).")
    Double damping;

    @Option(names = "--iterations", paramLabel = "N", description = "Self-verification iterations (default 10).")
    Integer iterations;

    @Option(names = "--update-order", paramLabel = "ORDER",
            description = "tests-first (default, matches the paper's figure) or simultaneous.")
    String updateOrder;

    @Option(names = "--pairs-per-task", paramLabel = "N", description = "Pairs of each kind per task (default 1).")
    Integer pairsPerTask;

    @Option(names = "--min-score-gap", paramLabel = "G",
            description = "Minimum (chosen - rejected) / top score for a correctness pair, in [0, 1] (default 0).")
    Double minScoreGap;

    @Option(names = "--efficiency", negatable = true, description = "Build efficiency pairs (default on).")
    Boolean efficiency;

    @Option(names = "--timing-repeats", paramLabel = "N", description = "Timing rounds per code (default 5).")
    Integer timingRepeats;

    @Option(names = "--timing-clock", paramLabel = "CLOCK",
            description = {"What a timing round measures (default cpu): cpu = CPU seconds, as the paper; opcodes =",
                "Python bytecode instructions executed (the same in every run: one round is enough)."})
    String timingClock;

    @Option(names = "--min-speedup", paramLabel = "X",
            description = "Minimum median speed-up for an efficiency pair (default 1.2); timings must not overlap.")
    Double minSpeedup;

    @Option(names = "--workers", paramLabel = "N", description = "Python worker processes (default: one per core).")
    Integer workers;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Time limit per check (default 5).")
    Double timeout;

    @Option(names = "--memory-mb", paramLabel = "MB", description = "Address-space limit per check (default 2048).")
    Long memoryMb;

    @Option(names = "--seed", paramLabel = "N", description = "Seed for the random ranking (default 0).")
    Long seed;

    @Option(names = "--skip-bad-rows", description = "Skip and count malformed rows instead of stopping.")
    Boolean skipBadRows;

    @Option(names = "--max-row-bytes", paramLabel = "N", description = "Largest accepted input row (default 8 MiB).")
    Long maxRowBytes;

    @Option(names = "--reuse-executions", paramLabel = "DIR",
            description = "An earlier pairs output directory on the same input: its recorded checks and timings are "
                + "reused (to compare rankings without executing twice); anything it lacks is executed.")
    Path reuseExecutions;

    @Option(names = "--no-progress", description = "Do not draw a progress bar.")
    boolean noProgress;

    @Override
    public Integer call() {
        PairsConfig cfg = ConfigLoader.load(PairsConfig.class, PairsConfig.defaults(), settings.config, settings.sets,
                overrides());
        PairBuilder.Result result = PairsJob.run(cfg, input, out,
                (name, total) -> noProgress ? Progress.NONE : Progress.console(name, total, "tasks"),
                notes -> System.err.println("codedpo pairs: warning: " + notes),
                line -> System.err.println("codedpo pairs: " + line));
        print(result);
        return Main.EXIT_OK;
    }

    private Map<String, Object> overrides() {
        try {
            return givenOptions();
        } catch (IllegalArgumentException e) {
            throw new InputException(e.getMessage());
        }
    }

    private Map<String, Object> givenOptions() {
        Map<String, Object> o = new LinkedHashMap<>();
        put(o, "ranking", ranking == null ? null : RankingKind.parse(ranking));
        put(o, "damping", damping);
        put(o, "iterations", iterations);
        put(o, "update_order", updateOrder == null ? null : UpdateOrder.parse(updateOrder));
        put(o, "pairs_per_task", pairsPerTask);
        put(o, "min_score_gap", minScoreGap);
        put(o, "efficiency", efficiency);
        put(o, "timing_repeats", timingRepeats);
        put(o, "timing_clock", timingClock == null ? null : TimingClock.parse(timingClock));
        put(o, "min_speedup", minSpeedup);
        put(o, "workers", workers);
        put(o, "timeout_seconds", timeout);
        put(o, "memory_mb", memoryMb);
        put(o, "seed", seed);
        put(o, "skip_bad_rows", skipBadRows);
        put(o, "max_row_bytes", maxRowBytes);
        put(o, "reuse_executions", reuseExecutions == null ? null : reuseExecutions.toString());
        return o;
    }

    private static void put(Map<String, Object> o, String key, Object value) {
        if (value != null) {
            o.put(key, value);
        }
    }

    private void print(PairBuilder.Result r) {
        RunSummary s = r.summary();
        System.out.printf("tasks: %d (%d this run, %d resumed, %d rows skipped)%n", s.tasks(), s.tasksThisRun(),
                r.resumedTasks(), s.skippedRows());
        if (s.tasksRecomputed() > 0) {
            System.out.printf("recomputed %d finished task(s) whose input changed: %s%s%n", s.tasksRecomputed(),
                    String.join(", ", s.recomputed()), s.tasksRecomputed() > s.recomputed().size() ? ", ..." : "");
        }
        System.out.printf("checks: %d  status: %s%n", s.checks(), s.checkStatus());
        System.out.printf("pairs: %d correctness (%d tasks), %d efficiency; kto: %d/%d; sft: %d%n",
                s.correctnessPairs(), s.tasksWithCorrectnessPair(), s.efficiencyPairs(), s.ktoDesirable(),
                s.ktoUndesirable(), s.sftExamples());
        System.out.printf("time: %.1f s this run (%.0f checks/s)%n", s.secondsThisRun(), s.checksPerSecondThisRun());
        System.out.println("wrote " + out.resolve("summary.json"));
    }
}
