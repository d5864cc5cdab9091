package dev.codedpo.cli;

import dev.codedpo.core.io.Json;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** What the tests of resumable commands read back from output files, and how they start a second JVM. */
final class OutputFiles {
    private OutputFiles() {}

    static Map<String, Integer> countByTask(Path file) throws IOException {
        Map<String, Integer> count = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            count.merge(Json.MAPPER.readTree(line).get("task_id").asText(), 1, Integer::sum);
        }
        return count;
    }

    static int lines(Path file) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        try (var s = Files.lines(file)) {
            return (int) s.count();
        }
    }

    static String javaBin() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }
}
