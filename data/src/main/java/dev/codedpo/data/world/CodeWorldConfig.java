package dev.codedpo.data.world;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.codedpo.core.config.Describe;

/** Everything {@code codedpo world} can be told; the same seed and settings give the same bytes. */
public record CodeWorldConfig(
        @Describe("seed of every draw: task choice, held-out combinations, inputs, tokenizer ties") @JsonProperty("seed") long seed,
        @Describe("training tasks (tasks JSONL for generation, SFT rows)") @JsonProperty("train_tasks") int trainTasks,
        @Describe("held-out tasks (the evaluation suite), from combinations never seen in training") @JsonProperty("heldout_tasks") int heldoutTasks,
        @Describe("reference tests per task, edge cases (empty input, negatives) included") @JsonProperty("tests_per_task") int testsPerTask,
        @Describe("doctest examples in each prompt (1 or 2)") @JsonProperty("doc_examples") int docExamples,
        @Describe("share of each kind's filter/mapping/aggregation combinations kept for held-out tasks") @JsonProperty("heldout_fraction") double heldoutFraction,
        @Describe("also put the slower correct solutions in sft.jsonl (else the reference only)") @JsonProperty("sft_alternatives") boolean sftAlternatives,
        @Describe("also put a test-writing row per training task in sft.jsonl: the demo model must write tests too") @JsonProperty("sft_tests") boolean sftTests,
        @Describe("asserts in each test-writing row") @JsonProperty("sft_test_asserts") int sftTestAsserts,
        @Describe("copies of each test-writing row in sft.jsonl: weighs test writing against code (the tokenizer counts one)") @JsonProperty("sft_test_repeats") int sftTestRepeats,
        @Describe("tokenizer size: 3 special tokens + 256 bytes + learned merges") @JsonProperty("vocab_size") int vocabSize,
        @Describe("model width (config.json hidden_size)") @JsonProperty("hidden_size") int hiddenSize,
        @Describe("feed-forward width (config.json intermediate_size)") @JsonProperty("intermediate_size") int intermediateSize,
        @Describe("decoder layers") @JsonProperty("num_layers") int numLayers,
        @Describe("attention heads (hidden_size must be divisible by it)") @JsonProperty("num_heads") int numHeads,
        @Describe("longest sequence the model is built for") @JsonProperty("max_position_embeddings") int maxPositionEmbeddings,
        @Describe("Python worker processes that run the references (0 = one per core); does not change the output") @JsonProperty("workers") int workers) {

    public CodeWorldConfig {
        require(trainTasks >= 1, "train_tasks", "an integer >= 1");
        require(heldoutTasks >= 1, "heldout_tasks", "an integer >= 1");
        require(testsPerTask >= 3 && testsPerTask <= 50, "tests_per_task", "an integer in [3, 50]");
        require(docExamples >= 1 && docExamples <= 2, "doc_examples", "1 or 2");
        require(docExamples <= testsPerTask - InputGenerator.edgeCases(ElementKind.INTS).size(), "doc_examples",
                "at most tests_per_task - 2 (examples are drawn from the random tests)");
        require(heldoutFraction > 0 && heldoutFraction <= 0.5, "heldout_fraction", "a number in (0, 0.5]");
        require(sftTestAsserts >= 1 && sftTestAsserts <= testsPerTask, "sft_test_asserts",
                "an integer in [1, tests_per_task]");
        require(sftTestRepeats >= 1 && sftTestRepeats <= 8, "sft_test_repeats", "an integer in [1, 8]");
        require(vocabSize >= 260 && vocabSize <= 4096, "vocab_size", "an integer in [260, 4096]");
        require(hiddenSize >= 8, "hidden_size", "an integer >= 8");
        require(intermediateSize >= 8, "intermediate_size", "an integer >= 8");
        require(numLayers >= 1, "num_layers", "an integer >= 1");
        require(numHeads >= 1 && hiddenSize % numHeads == 0 && (hiddenSize / numHeads) % 2 == 0, "num_heads",
                "a divisor of hidden_size giving an even head size");
        require(maxPositionEmbeddings >= 64, "max_position_embeddings", "an integer >= 64");
        require(workers >= 0, "workers", "an integer >= 0 (0 = one per core)");
    }

    private static void require(boolean ok, String key, String expected) {
        if (!ok) {
            throw new IllegalArgumentException(key + ": expected " + expected);
        }
    }

    public static CodeWorldConfig defaults() {
        return new CodeWorldConfig(0, 1000, 100, 8, 1, 0.2, true, true, 4, 1, 512, 128, 344, 2, 4, 512, 0);
    }

    public CodeWorldConfig withTasks(int train, int heldout) {
        return new CodeWorldConfig(seed, train, heldout, testsPerTask, docExamples, heldoutFraction, sftAlternatives,
                sftTests, sftTestAsserts, sftTestRepeats, vocabSize, hiddenSize, intermediateSize, numLayers, numHeads,
                maxPositionEmbeddings, workers);
    }

    public CodeWorldConfig withSeed(long s) {
        return new CodeWorldConfig(s, trainTasks, heldoutTasks, testsPerTask, docExamples, heldoutFraction,
                sftAlternatives, sftTests, sftTestAsserts, sftTestRepeats, vocabSize, hiddenSize, intermediateSize, numLayers,
                numHeads, maxPositionEmbeddings, workers);
    }
}
