package dev.codedpo.data.output;

import com.fasterxml.jackson.annotation.JsonProperty;

/** An unpaired example in TRL's KTO layout ({@code prompt, completion, label}) plus its task and score. */
public record KtoRow(
        @JsonProperty("prompt") String prompt,
        @JsonProperty("completion") String completion,
        @JsonProperty("label") boolean label,
        @JsonProperty("task_id") String taskId,
        @JsonProperty("score") double score) {}
