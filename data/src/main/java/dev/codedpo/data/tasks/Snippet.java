package dev.codedpo.data.tasks;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One seed snippet.
 *
 * @param seed   where it came from: {@code path:line} of the seed file (path relative to the seeds directory) or of
 *               the JSONL row
 * @param source the JSONL row's own {@code source} (null for seed files and rows without one)
 * @param code   its exact source text
 */
public record Snippet(String seed, String source, String code) {
    /** First 16 hex digits of the code's SHA-256: the same snippet has the same id wherever it comes from. */
    public String id() {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(code.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
