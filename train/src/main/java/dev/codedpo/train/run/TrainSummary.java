package dev.codedpo.train.run;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** {@code train_summary.json}: what a finished run did. */
public record TrainSummary(
        @JsonProperty("method") String method,
        @JsonProperty("global_step") long globalStep,
        @JsonProperty("epoch") double epoch,
        @JsonProperty("train_rows") int trainRows,
        @JsonProperty("rows_read") int rowsRead,
        @JsonProperty("rows_truncated") int rowsTruncated,
        @JsonProperty("rows_dropped") int rowsDropped,
        @JsonProperty("rows_boundary_merged") int rowsBoundaryMerged,
        @JsonProperty("resumed_from_step") long resumedFromStep,
        @JsonProperty("train_seconds") double trainSeconds,
        @JsonProperty("last_metrics") Map<String, Object> lastMetrics) {
    public static final String FILE = "train_summary.json";
}
