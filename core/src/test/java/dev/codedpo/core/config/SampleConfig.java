package dev.codedpo.core.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import java.nio.file.Path;
import java.util.List;

/** A trainer-like config with one key of every kind the loader types, and a nested block. */
record SampleConfig(
        @Describe("peak learning rate") @JsonProperty("learning_rate") double learningRate,
        @Describe("passes over the data") @JsonProperty("epochs") int epochs,
        @JsonProperty("max_steps") long maxSteps,
        @Describe("train in bfloat16") @JsonProperty("bf16") boolean bf16,
        @Describe("name of the run") @JsonProperty("run_name") String runName,
        @Describe("held-out pairs, or null for none") @JsonProperty("eval_file") Path evalFile,
        @Describe("update order") @JsonProperty("order") Order order,
        @Describe("seeds to repeat the run with") @JsonProperty("seeds") List<Long> seeds,
        @Describe("Adam betas") @JsonProperty("betas") List<Double> betas,
        @Describe("LoRA adapter") @JsonProperty("lora") Lora lora) {

    enum Order {
        TESTS_FIRST("tests-first"), SIMULTANEOUS("simultaneous");

        private final String label;

        Order(String label) {
            this.label = label;
        }

        @JsonValue
        String label() {
            return label;
        }
    }

    record Lora(
            @Describe("adapter rank") @JsonProperty("rank") int rank,
            @Describe("scale numerator") @JsonProperty("alpha") double alpha,
            @Describe("modules to adapt") @JsonProperty("targets") List<String> targets) {
        Lora {
            if (rank < 1) {
                throw new IllegalArgumentException("lora.rank must be >= 1, got " + rank);
            }
        }
    }

    SampleConfig {
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learning_rate must be > 0, got " + learningRate);
        }
    }

    static SampleConfig defaults() {
        return new SampleConfig(1e-5, 3, 10_000_000_000L, true, "base", null, Order.TESTS_FIRST, List.of(1L, 2L),
                List.of(0.9, 0.999), new Lora(8, 16, List.of("q_proj", "v_proj")));
    }
}
