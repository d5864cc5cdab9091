package dev.codedpo.data.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Tasks out of the model's completions. The code of a completion is its first fenced block (the text after the
 * opening fence line up to the closing fence, or to the end when it was cut off), or the whole completion when it
 * has no fence (a base model continuing a template that opened the fence). In that code, Python's parser (in the
 * sandbox) finds the first top-level function with a non-empty docstring; the task's prompt is the code's leading
 * imports, then that function's signature and docstring; its entry point is the function's name. The body is
 * dropped: the model's own solution is not trusted, {@code codedpo generate} samples codes and tests for the prompt.
 */
public final class TaskParser {
    /** A completion's task, or why it has none ({@code syntax_error}, {@code no_documented_function}, {@code no_code}). */
    public record Parsed(String prompt, String entryPoint, String dropReason) {}

    private final PythonAst ast;

    public TaskParser(PythonAst ast) {
        this.ast = ast;
    }

    /** One sandboxed request per batch, whatever the number of completions. */
    public List<Parsed> parse(List<String> completions) {
        List<String> codes = completions.stream().map(TaskParser::codeOf).toList();
        List<Integer> asked = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < codes.size(); i++) {
            if (!codes.get(i).isBlank()) {
                asked.add(i);
                texts.add(codes.get(i));
            }
        }
        List<JsonNode> answers = ast.tasks(texts);
        List<Parsed> out = new ArrayList<>();
        for (int i = 0; i < codes.size(); i++) {
            out.add(new Parsed(null, null, "no_code"));
        }
        for (int k = 0; k < asked.size(); k++) {
            JsonNode a = answers.get(k);
            out.set(asked.get(k), a.path("error").isNull()
                    ? new Parsed(a.path("prompt").asText(), a.path("entry_point").asText(), null)
                    : new Parsed(null, null, a.path("error").asText()));
        }
        return out;
    }

    static String codeOf(String completion) {
        int fence = completion.indexOf("```");
        if (fence < 0) {
            return completion;
        }
        int lineEnd = completion.indexOf('\n', fence);
        if (lineEnd < 0) {
            return "";
        }
        int close = completion.indexOf("```", lineEnd + 1);
        return completion.substring(lineEnd + 1, close < 0 ? completion.length() : close);
    }
}
