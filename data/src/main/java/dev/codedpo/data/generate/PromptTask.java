package dev.codedpo.data.generate;

import dev.codedpo.core.io.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One input row of {@code codedpo generate}: a task to sample codes and tests for. */
public record PromptTask(String taskId, String prompt, String entryPoint, String setup) {
    public PromptTask {
        setup = setup == null ? "" : setup;
    }

    /** The template variables. */
    public Map<String, Object> variables() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("task_id", taskId);
        v.put("prompt", prompt);
        v.put("entry_point", entryPoint);
        v.put("setup", setup);
        return v;
    }

    /** SHA-256 of the fields, so that a resumed run samples again for a task whose input was edited. */
    public String contentHash() {
        byte[] content = Json.line(List.of(taskId, prompt, entryPoint == null ? "" : entryPoint, setup))
                .getBytes(StandardCharsets.UTF_8);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
