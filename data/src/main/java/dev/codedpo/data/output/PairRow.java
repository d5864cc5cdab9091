package dev.codedpo.data.output;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A preference pair in TRL's layout ({@code prompt, chosen, rejected}) plus provenance. For efficiency pairs the
 * median time of both codes on the trusted tests is given too, by the pairs stage's timing clock.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PairRow(
        @JsonProperty("prompt") String prompt,
        @JsonProperty("chosen") String chosen,
        @JsonProperty("rejected") String rejected,
        @JsonProperty("task_id") String taskId,
        @JsonProperty("kind") String kind,
        @JsonProperty("chosen_score") double chosenScore,
        @JsonProperty("rejected_score") double rejectedScore,
        @JsonProperty("chosen_time") Double chosenTime,
        @JsonProperty("rejected_time") Double rejectedTime) {
    public static final String CORRECTNESS = "correctness";
    public static final String EFFICIENCY = "efficiency";
}
