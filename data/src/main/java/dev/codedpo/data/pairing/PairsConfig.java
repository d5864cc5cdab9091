package dev.codedpo.data.pairing;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.codedpo.core.config.Describe;
import dev.codedpo.core.io.JsonlReader;
import dev.codedpo.data.pairs.PairRules;
import dev.codedpo.data.rank.Ranker;
import dev.codedpo.data.rank.RankingKind;
import dev.codedpo.data.rank.UpdateOrder;
import dev.codedpo.eval.exec.TimingClock;

/**
 * Everything {@code codedpo pairs} can be told. YAML keys are the JSON property names below.
 *
 * @param workers          Python worker processes (0 = one per core)
 * @param timeoutSeconds   wall-clock and CPU limit of each check
 * @param timingRepeats    rounds per code when timing for efficiency pairs
 * @param timingClock      what a timing round measures
 */
public record PairsConfig(
        @Describe("how codes and tests are scored: self-verify, pass-count, all-tests, codet or random") @JsonProperty("ranking") RankingKind ranking,
        @Describe("self-verification damping d (paper: 0.85)") @JsonProperty("damping") double damping,
        @Describe("self-verification iterations (paper: 10)") @JsonProperty("iterations") int iterations,
        @Describe("tests-first (the paper's figure) or simultaneous") @JsonProperty("update_order") UpdateOrder updateOrder,
        @Describe("pairs of each kind per task: i-th best against i-th worst") @JsonProperty("pairs_per_task") int pairsPerTask,
        @Describe("smallest (chosen - rejected) / top score of a correctness pair, in [0, 1]") @JsonProperty("min_score_gap") double minScoreGap,
        @Describe("also build efficiency pairs (timed codes that pass the trusted tests)") @JsonProperty("efficiency") boolean efficiency,
        @Describe("timing rounds per code for efficiency pairs (the median is used; cpu needs >= 2 to judge noise)") @JsonProperty("timing_repeats") int timingRepeats,
        @Describe("what a timing round measures: cpu (CPU seconds, as the paper; varies between runs and machines) or opcodes (Python bytecode instructions executed: the same in every run, one round is enough, blind to work inside builtins)") @JsonProperty("timing_clock") TimingClock timingClock,
        @Describe("smallest median speed-up of an efficiency pair (timings must not overlap)") @JsonProperty("min_speedup") double minSpeedup,
        @Describe("Python worker processes (0 = one per core)") @JsonProperty("workers") int workers,
        @Describe("wall-clock and CPU limit of each check") @JsonProperty("timeout_seconds") double timeoutSeconds,
        @Describe("address-space limit of each check in MiB") @JsonProperty("memory_mb") long memoryMb,
        @Describe("seed of the random ranking") @JsonProperty("seed") long seed,
        @Describe("skip and count malformed input rows instead of stopping") @JsonProperty("skip_bad_rows") boolean skipBadRows,
        @Describe("largest accepted input row in bytes") @JsonProperty("max_row_bytes") long maxRowBytes,
        @Describe("an earlier pairs output directory on the same candidates whose recorded checks and timings are reused (runs that differ only in ranking execute nothing twice); null = execute everything") @JsonProperty("reuse_executions") String reuseExecutions) {

    public PairsConfig {
        if (!(damping >= 0 && damping <= 1)) {
            throw new IllegalArgumentException("damping must be in [0, 1], got " + damping);
        }
        if (iterations < 0) {
            throw new IllegalArgumentException("iterations must be >= 0, got " + iterations);
        }
        if (timingClock == null) {
            throw new IllegalArgumentException("timing_clock: expected cpu or opcodes");
        }
        if (timingRepeats < (timingClock.noisy() ? 2 : 1)) {
            throw new IllegalArgumentException(timingClock.noisy()
                    ? "timing_repeats must be >= 2 with timing_clock cpu (noise is judged from repeats)"
                    : "timing_repeats must be >= 1");
        }
        if (workers < 0) {
            throw new IllegalArgumentException("workers must be >= 0");
        }
        if (!(timeoutSeconds > 0)) {
            throw new IllegalArgumentException("timeout_seconds must be > 0");
        }
        if (memoryMb < 64) {
            throw new IllegalArgumentException("memory_mb must be >= 64");
        }
        if (maxRowBytes < 1024) {
            throw new IllegalArgumentException("max_row_bytes must be >= 1024");
        }
        new PairRules(pairsPerTask, minScoreGap, minSpeedup);
    }

    /** The paper's settings (d = 0.85, 10 iterations, tests-first) and our defaults for everything else. */
    public static PairsConfig defaults() {
        return new PairsConfig(RankingKind.SELF_VERIFY, 0.85, 10, UpdateOrder.TESTS_FIRST, 1, 0.0, true, 5,
                TimingClock.CPU, 1.2, 0, 5.0, 2048, 0, false, JsonlReader.DEFAULT_MAX_ROW_BYTES, null);
    }

    @JsonIgnore
    public PairRules rules() {
        return new PairRules(pairsPerTask, minScoreGap, minSpeedup);
    }

    @JsonIgnore
    public Ranker ranker() {
        return ranking.create(damping, iterations, updateOrder);
    }

    /**
     * The same settings with the fields that cannot change a result (parallelism, input policing, where recorded
     * verdicts come from) neutralised.
     */
    @JsonIgnore
    public PairsConfig resultDefining() {
        PairsConfig d = defaults();
        return new PairsConfig(ranking, damping, iterations, updateOrder, pairsPerTask, minScoreGap, efficiency,
                timingRepeats, timingClock, minSpeedup, d.workers, timeoutSeconds, memoryMb, seed, d.skipBadRows,
                d.maxRowBytes, d.reuseExecutions);
    }
}
