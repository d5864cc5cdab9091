package dev.codedpo.eval.run;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.codedpo.core.config.Describe;
import java.util.List;

/**
 * The settings of {@code codedpo eval --model} as a config section (the run's {@code eval} block): the same keys as
 * the command's options, with {@code suites} a list because a run evaluates on several.
 */
public record EvalConfig(
        @Describe("suites to evaluate on: humaneval, humaneval-plus, mbpp, mbpp-full, mbpp-plus or a HumanEval-layout JSONL path") @JsonProperty("suites") List<String> suites,
        @Describe("samples per task (1 = greedy pass@1)") @JsonProperty("n") int n,
        @Describe("sampling temperature (null: 0 = greedy for n = 1, 0.8 for n > 1)") @JsonProperty("temperature") Double temperature,
        @Describe("the k of pass@k to report") @JsonProperty("k") List<Integer> k,
        @Describe("most new tokens per sample") @JsonProperty("max_new_tokens") int maxNewTokens,
        @Describe("base (continue the prompt), instruct (chat template) or auto (instruct when the tokenizer has a chat template)") @JsonProperty("prompt_style") String promptStyle,
        @Describe("sampling seed") @JsonProperty("seed") long seed,
        @Describe("sequences per batch (does not change the samples)") @JsonProperty("batch_size") int batchSize,
        @Describe("cpu, gpu or gpu:N") @JsonProperty("device") String device,
        @Describe("sandboxed Python workers (0 = one per CPU)") @JsonProperty("workers") int workers,
        @Describe("Python interpreter") @JsonProperty("python") String python,
        @Describe("where reference outputs are cached (null: $XDG_CACHE_HOME/codedpo/eval)") @JsonProperty("cache_dir") String cacheDir,
        @Describe("answer a program checked before (same task, limits and harness) from cache_dir/results instead of running it again; timeouts and crashes always run again") @JsonProperty("reuse_results") boolean reuseResults,
        @Describe("CPU limit per input = max(min, F x reference time) (EvalPlus gt_time_limit_factor)") @JsonProperty("time_limit_factor") double timeLimitFactor,
        @Describe("smallest CPU limit per input or test in seconds (EvalPlus min_time_limit)") @JsonProperty("min_time_limit") double minTimeLimit) {

    public EvalConfig {
        suites = suites == null ? List.of() : List.copyOf(suites);
        k = k == null ? List.of(1) : List.copyOf(k);
        require(!suites.isEmpty() && suites.stream().noneMatch(s -> s == null || s.isBlank()), "suites",
                "a list of suite names or paths");
        require(n >= 1, "n", "an integer >= 1");
        require(temperature == null || temperature >= 0, "temperature", "a number >= 0 or null");
        require(n == 1 || temperature == null || temperature > 0, "temperature",
                "> 0 when n > 1 (otherwise the n samples are identical)");
        require(!k.isEmpty() && k.stream().allMatch(x -> x != null && x >= 1), "k", "a list of integers >= 1");
        require(maxNewTokens >= 1, "max_new_tokens", "an integer >= 1");
        require(List.of("base", "instruct", "auto").contains(promptStyle), "prompt_style", "base, instruct or auto");
        require(batchSize >= 1, "batch_size", "an integer >= 1");
        require(device != null && !device.isBlank(), "device", "cpu, gpu or gpu:N");
        require(workers >= 0, "workers", "an integer >= 0 (0 = one per CPU)");
        require(python != null && !python.isBlank(), "python", "an interpreter name or path");
        require(timeLimitFactor > 0, "time_limit_factor", "a number > 0");
        require(minTimeLimit > 0, "min_time_limit", "a number > 0");
    }

    private static void require(boolean ok, String key, String expected) {
        if (!ok) {
            throw new IllegalArgumentException(key + ": expected " + expected);
        }
    }

    /** As {@code codedpo eval --model}'s defaults: greedy pass@1 on HumanEval+, EvalPlus time limits. */
    public static EvalConfig defaults() {
        return new EvalConfig(List.of("humaneval-plus"), 1, null, List.of(1), 512, "auto", 0, 8, "cpu", 0, "python3",
                null, false, 4.0, 4.0);
    }

    /** Sandboxed workers to use: the setting, or one per CPU. */
    public int workerCount() {
        return workers > 0 ? workers : Runtime.getRuntime().availableProcessors();
    }
}
