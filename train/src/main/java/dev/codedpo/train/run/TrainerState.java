package dev.codedpo.train.run;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Where a checkpoint stands: {@code trainer_state.json} beside its weights. Written last, so a checkpoint directory
 * with this file is complete.
 */
public record TrainerState(
        @JsonProperty("global_step") long globalStep,
        @JsonProperty("rows_consumed") long rowsConsumed,
        @JsonProperty("epoch") double epoch,
        @JsonProperty("total_steps") long totalSteps,
        @JsonProperty("seed") long seed) {
    public static final String FILE = "trainer_state.json";
}
