package dev.codedpo.data.output;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One task's line of executions.jsonl: the codes x tests pass matrix and each check's status, exception type and
 * CPU seconds, the outcome of loading each code, and the efficiency timings.
 */
public record ExecutionRow(
        @JsonProperty("task_id") String taskId,
        @JsonProperty("n_codes") int nCodes,
        @JsonProperty("n_tests") int nTests,
        @JsonProperty("matrix") int[][] matrix,
        @JsonProperty("status") String[][] status,
        @JsonProperty("exception") String[][] exception,
        @JsonProperty("cpu_seconds") double[][] cpuSeconds,
        @JsonProperty("code_status") String[] codeStatus,
        @JsonProperty("trusted_tests") int[] trustedTests,
        @JsonProperty("timings") List<TimingRow> timings) {

    /** Repeated timing of one code on the trusted tests. */
    public record TimingRow(
            @JsonProperty("code") int code,
            @JsonProperty("all_passed") boolean allPassed,
            @JsonProperty("median_time") double medianTime,
            @JsonProperty("rounds") double[] rounds) {}
}
