package dev.codedpo.data.generate;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One line of candidates.jsonl: the input of {@code codedpo pairs} ({@code task_id, prompt, codes, tests, setup}) plus
 * the exact text the model was given for the codes and its raw completions, parallel to {@code codes}.
 */
public record CandidateRow(
        @JsonProperty("task_id") String taskId,
        @JsonProperty("prompt") String prompt,
        @JsonProperty("codes") List<String> codes,
        @JsonProperty("tests") List<String> tests,
        @JsonProperty("setup") String setup,
        @JsonProperty("model_prompt") String modelPrompt,
        @JsonProperty("completions") List<String> completions) {}
