package dev.codedpo.data.output;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One task's line of scores.jsonl. It is written last for a task, so its presence marks the task finished: a
 * resumed run trusts exactly the tasks that have a score row, and of those only the ones whose {@code taskHash}
 * (the input task's content hash) still matches the input.
 */
public record ScoreRow(
        @JsonProperty("task_id") String taskId,
        @JsonProperty("task_hash") String taskHash,
        @JsonProperty("ranking") String ranking,
        @JsonProperty("code_scores") double[] codeScores,
        @JsonProperty("test_scores") double[] testScores,
        @JsonProperty("code_order") int[] codeOrder,
        @JsonProperty("correctness_pairs") int correctnessPairs,
        @JsonProperty("efficiency_pairs") int efficiencyPairs,
        @JsonProperty("seconds") double seconds) {}
