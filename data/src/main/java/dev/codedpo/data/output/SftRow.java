package dev.codedpo.data.output;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The best code of a task, in TRL's prompt-completion layout, for the SFT ablation. */
public record SftRow(
        @JsonProperty("prompt") String prompt,
        @JsonProperty("completion") String completion,
        @JsonProperty("task_id") String taskId,
        @JsonProperty("score") double score) {}
