package dev.codedpo.data.generate;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One line of generation_tasks.jsonl, written after the task's candidates row, so that it marks the task finished
 * for a resumed run (which trusts it only while {@code taskHash} still matches the input).
 *
 * @param written whether a candidates row was written (a task left without any code or any test has none: pairs
 *                needs both)
 */
public record TaskLogRow(
        @JsonProperty("task_id") String taskId,
        @JsonProperty("task_hash") String taskHash,
        @JsonProperty("written") boolean written,
        @JsonProperty("codes") SampleCounts codes,
        @JsonProperty("tests") SampleCounts tests,
        @JsonProperty("tokens") long tokens,
        @JsonProperty("seconds") double seconds) {}
