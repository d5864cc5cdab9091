package dev.codedpo.data.task;

import dev.codedpo.core.io.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** One input row of {@code codedpo pairs}: a task with the codes and tests sampled for it. */
public record CodeTask(String taskId, String prompt, String setup, List<String> codes, List<String> tests) {
    public CodeTask {
        setup = setup == null ? "" : setup;
        codes = List.copyOf(codes);
        tests = List.copyOf(tests);
    }

    /**
     * SHA-256 (hex) of everything that defines the task's results. A resumed run compares it with the hash recorded
     * beside the task's results to find tasks whose input was edited since. The fields are hashed as one JSON array,
     * an encoding in which no two different tasks look alike (a code cannot pass for a test, nor two codes for one).
     */
    public String contentHash() {
        byte[] content = Json.line(List.of(taskId, prompt, setup, codes, tests)).getBytes(StandardCharsets.UTF_8);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
