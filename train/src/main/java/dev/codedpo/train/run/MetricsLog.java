package dev.codedpo.train.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.codedpo.core.io.AtomicFiles;
import dev.codedpo.core.io.Json;
import dev.codedpo.core.io.JsonlAppender;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code metrics.jsonl}: one row per logged step. A resumed run first drops the rows past its checkpoint (they were
 * logged by steps that are about to be redone), so the file ends up as if the run had never stopped.
 */
public final class MetricsLog implements AutoCloseable {
    public static final String FILE = "metrics.jsonl";
    private final JsonlAppender out;
    private final List<Map<String, Object>> rows = new ArrayList<>();

    /** Opens the log, keeping only rows of steps up to {@code lastStep} (all of them for a fresh run: 0 keeps none). */
    @SuppressWarnings("unchecked")
    public MetricsLog(Path dir, long lastStep) {
        Path file = dir.resolve(FILE);
        if (Files.exists(file)) {
            List<String> kept = new ArrayList<>();
            try {
                for (String line : Files.readAllLines(file)) {
                    if (line.isBlank() || !line.endsWith("}")) {
                        continue;
                    }
                    JsonNode n = Json.MAPPER.readTree(line);
                    if (n.path("step").asLong(Long.MAX_VALUE) <= lastStep) {
                        kept.add(line);
                        rows.add(Json.MAPPER.convertValue(n, Map.class));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
            AtomicFiles.writeString(file, kept.isEmpty() ? "" : String.join("\n", kept) + "\n");
        }
        out = new JsonlAppender(file);
    }

    public void append(Map<String, Object> row) {
        out.append(row);
        rows.add(row);
    }

    /** Every row logged so far (for charts). */
    public List<Map<String, Object>> rows() {
        return rows;
    }

    @Override
    public void close() {
        out.close();
    }
}
