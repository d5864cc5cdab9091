package dev.codedpo.train.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codedpo.core.io.AtomicFiles;
import dev.codedpo.core.io.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The file of precomputed reference log-probs: a header line {@code {"format", "key", "rows", ...}} and one line
 * {@code {"row": ROWKEY, "logp": VALUE}} per row. It is written beside the target and renamed into place, so a killed
 * run leaves no file under the final name; a file whose key or row count does not match is not trusted.
 */
final class ReferenceCacheFile {
    static final String FORMAT = "codedpo-ref-logps/1";

    private ReferenceCacheFile() {}

    /** {@code <data file>.ref-logps-<first 16 hex digits of the key>.jsonl}, beside the data file. */
    static Path beside(Path dataFile, String key) {
        return dataFile.resolveSibling(dataFile.getFileName() + ".ref-logps-" + key.substring(0, 16) + ".jsonl");
    }

    static void write(Path file, String key, Map<String, Object> about, Map<String, Double> values) {
        AtomicFiles.write(file, out -> {
            ObjectNode header = Json.MAPPER.createObjectNode();
            header.put("format", FORMAT);
            header.put("key", key);
            header.put("rows", values.size());
            about.forEach((k, v) -> header.set(k, Json.MAPPER.valueToTree(v)));
            out.write((Json.MAPPER.writeValueAsString(header) + "\n").getBytes(StandardCharsets.UTF_8));
            for (Map.Entry<String, Double> e : values.entrySet()) {
                ObjectNode row = Json.MAPPER.createObjectNode();
                row.put("row", e.getKey());
                row.put("logp", e.getValue());
                out.write((Json.MAPPER.writeValueAsString(row) + "\n").getBytes(StandardCharsets.UTF_8));
            }
        });
    }

    /**
     * The values of {@code file} if it is complete and made for {@code key}; empty when it is absent, for another
     * key, or damaged (then {@code why} says so).
     */
    static Optional<Map<String, Double>> read(Path file, String key, StringBuilder why) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String first = in.readLine();
            JsonNode header = first == null ? null : Json.MAPPER.readTree(first);
            if (header == null || !FORMAT.equals(header.path("format").asText())
                    || !key.equals(header.path("key").asText())) {
                why.append("its header does not name this key");
                return Optional.empty();
            }
            long expected = header.path("rows").asLong(-1);
            Map<String, Double> values = new LinkedHashMap<>();
            for (String line; (line = in.readLine()) != null; ) {
                JsonNode row = Json.MAPPER.readTree(line);
                JsonNode logp = row.get("logp");
                if (!row.path("row").isTextual() || logp == null || !logp.isNumber()) {
                    why.append("line ").append(values.size() + 2).append(" is not {row, logp}");
                    return Optional.empty();
                }
                values.put(row.get("row").asText(), logp.asDouble());
            }
            if (values.size() != expected) {
                why.append("it holds ").append(values.size()).append(" rows, its header says ").append(expected);
                return Optional.empty();
            }
            return Optional.of(values);
        } catch (IOException | RuntimeException e) {
            why.append("it cannot be read (").append(e.getMessage()).append(')');
            return Optional.empty();
        }
    }
}
