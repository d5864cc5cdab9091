package dev.codedpo.data.tasks;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One line of tasks.jsonl: what {@code codedpo generate} reads ({@code task_id, prompt, entry_point}) and where it
 * came from.
 *
 * @param source        {@code path:line} of the seed snippet (seed file relative to the seeds directory, or the
 *                      JSONL row)
 * @param snippetSource the JSONL row's own {@code source}, when it had one
 * @param model         the model that wrote the task
 * @param seed          the run's sampling seed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CreatedTask(
        @JsonProperty("task_id") String taskId,
        @JsonProperty("prompt") String prompt,
        @JsonProperty("entry_point") String entryPoint,
        @JsonProperty("source") String source,
        @JsonProperty("snippet_source") String snippetSource,
        @JsonProperty("model") String model,
        @JsonProperty("seed") long seed) {}
