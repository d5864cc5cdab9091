package dev.codedpo.data.tasks;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * tasks_summary.json.
 *
 * @param snippets   snippets extracted from the seeds (before the length and near-duplicate filters)
 * @param sampled    snippets the model wrote a task for (this run and earlier ones)
 * @param dropped    reason -> count: {@code file_*} count seed files, {@code snippet_*} and
 *                   {@code near_duplicate_snippet} snippets, the rest completions
 *                   ({@code no_code, syntax_error, no_documented_function, near_duplicate_task,
 *                   contaminated_<suite>})
 */
public record TasksSummary(
        @JsonProperty("seed_files") int seedFiles,
        @JsonProperty("snippets") int snippets,
        @JsonProperty("sampled") int sampled,
        @JsonProperty("sampled_this_run") int sampledThisRun,
        @JsonProperty("resumed") int resumed,
        @JsonProperty("tasks_written") int tasksWritten,
        @JsonProperty("dropped") Map<String, Integer> dropped,
        @JsonProperty("tokens_this_run") long tokensThisRun,
        @JsonProperty("seconds_this_run") double secondsThisRun) {}
