package dev.codedpo.data.generate;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** generation_summary.json: totals over every task in the directory (resumed ones included) and each task's row. */
public record GenerationSummary(
        @JsonProperty("tasks") int tasks,
        @JsonProperty("tasks_this_run") int tasksThisRun,
        @JsonProperty("tasks_written") int tasksWritten,
        @JsonProperty("tasks_without_candidates") int tasksWithoutCandidates,
        @JsonProperty("codes") SampleCounts codes,
        @JsonProperty("tests") SampleCounts tests,
        @JsonProperty("tokens") long tokens,
        @JsonProperty("tokens_this_run") long tokensThisRun,
        @JsonProperty("seconds_this_run") double secondsThisRun,
        @JsonProperty("tokens_per_second_this_run") double tokensPerSecondThisRun,
        @JsonProperty("per_task") List<TaskLogRow> perTask) {}
