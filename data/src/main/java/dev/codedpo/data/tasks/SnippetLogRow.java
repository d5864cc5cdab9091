package dev.codedpo.data.tasks;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One line of task_snippets.jsonl: the model's answer for one snippet, written as soon as it came, so that it marks
 * the snippet finished for a resumed run.
 *
 * @param snippetId the snippet's content id ({@link Snippet#id()})
 * @param request   the exact text the model was given
 */
public record SnippetLogRow(
        @JsonProperty("snippet_id") String snippetId,
        @JsonProperty("source") String source,
        @JsonProperty("request") String request,
        @JsonProperty("completion") String completion,
        @JsonProperty("finish_reason") String finishReason,
        @JsonProperty("tokens") long tokens) {}
