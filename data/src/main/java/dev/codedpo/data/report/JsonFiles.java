package dev.codedpo.data.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.codedpo.core.io.InputException;
import dev.codedpo.core.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Reads a stage's JSON output; absent means the stage did not get that far, unreadable is the user's problem. */
final class JsonFiles {
    private JsonFiles() {}

    static Optional<JsonNode> readIfPresent(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.MAPPER.readTree(file.toFile()));
        } catch (IOException e) {
            throw new InputException(file + ": not readable JSON: " + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
    }

    static <T> Optional<T> readIfPresent(Path file, Class<T> type) {
        return readIfPresent(file).map(n -> convert(file, n, type));
    }

    static <T> T convert(Path file, JsonNode node, Class<T> type) {
        try {
            return Json.MAPPER.treeToValue(node, type);
        } catch (IOException | IllegalArgumentException e) {
            throw new InputException(file + ": not a " + type.getSimpleName() + " file: " + e.getMessage());
        }
    }
}
