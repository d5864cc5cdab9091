package dev.codedpo.core.stage;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.codedpo.core.io.AtomicFiles;
import dev.codedpo.core.io.InputException;
import dev.codedpo.core.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a stage directory says about itself ({@value #FILE}): the inputs it was started with (its settings and the
 * result digests of its upstream stages), and, once it finished, the digest of its result. Written before the work
 * starts and again when it completes, atomically both times.
 */
public record StageRecord(
        @JsonProperty("stage") String stage,
        @JsonProperty("settings") JsonNode settings,
        @JsonProperty("upstream") Map<String, String> upstream,
        @JsonProperty("complete") boolean complete,
        @JsonProperty("result_digest") String resultDigest) {
    public static final String FILE = "stage.json";

    public StageRecord {
        upstream = new TreeMap<>(upstream);
        if (complete && resultDigest == null) {
            throw new IllegalArgumentException("a complete stage needs its result digest");
        }
    }

    StageRecord completed(String digest) {
        return new StageRecord(stage, settings, upstream, true, digest);
    }

    public static Optional<StageRecord> read(Path stageDir) {
        Path f = stageDir.resolve(FILE);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.MAPPER.readValue(Files.readString(f), StageRecord.class));
        } catch (IOException | RuntimeException e) {
            throw new InputException(f + ": unreadable stage record (" + e.getMessage() + "); delete the stage "
                    + "directory to run it again");
        }
    }

    void write(Path stageDir) {
        AtomicFiles.writeString(stageDir.resolve(FILE), Json.pretty(this));
    }
}
