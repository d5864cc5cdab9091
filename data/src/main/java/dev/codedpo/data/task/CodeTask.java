package dev.codedpo.data.task;

import dev.codedpo.core.io.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * One input row of {@code codedpo pairs}: a task with the codes and tests sampled for it.
 *
 * @param modelPrompt the exact text the model was given for the codes ({@code codedpo generate} writes it), or null
 * @param completions the model's raw continuations, parallel to {@code codes} (each code is the program built from
 *                    its completion), or null; given exactly when {@code modelPrompt} is
 */
public record CodeTask(String taskId, String prompt, String setup, List<String> codes, List<String> tests,
                       String modelPrompt, List<String> completions) {
    public CodeTask {
        setup = setup == null ? "" : setup;
        codes = List.copyOf(codes);
        tests = List.copyOf(tests);
        completions = completions == null ? null : List.copyOf(completions);
        if ((modelPrompt == null) != (completions == null)) {
            throw new IllegalArgumentException("model_prompt and completions come together");
        }
        if (completions != null && completions.size() != codes.size()) {
            throw new IllegalArgumentException("completions has " + completions.size() + " entries for "
                    + codes.size() + " codes (they are parallel)");
        }
    }

    public CodeTask(String taskId, String prompt, String setup, List<String> codes, List<String> tests) {
        this(taskId, prompt, setup, codes, tests, null, null);
    }

    /**
     * The prompt of the training rows built from this task: the model's own prompt when the task says what it was,
     * so that a trained pair is exactly (what the model saw, what it wrote); else the task prompt.
     */
    public String trainingPrompt() {
        return modelPrompt != null ? modelPrompt : prompt;
    }

    /** The response of code {@code i} in training rows: the raw completion when known, else the code itself. */
    public String trainingResponse(int i) {
        return completions != null ? completions.get(i) : codes.get(i);
    }

    /**
     * SHA-256 (hex) of everything that defines the task's results. A resumed run compares it with the hash recorded
     * beside the task's results to find tasks whose input was edited since. The fields are hashed as one JSON array,
     * an encoding in which no two different tasks look alike (a code cannot pass for a test, nor two codes for one).
     * Model prompt and completions join the array only when given, so that hashes of plain tasks stay as they were.
     */
    public String contentHash() {
        List<Object> fields = new ArrayList<>(List.of(taskId, prompt, setup, codes, tests));
        if (modelPrompt != null) {
            fields.add(modelPrompt);
            fields.add(completions);
        }
        byte[] content = Json.line(fields).getBytes(StandardCharsets.UTF_8);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
