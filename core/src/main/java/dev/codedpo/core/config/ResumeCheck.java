package dev.codedpo.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.codedpo.core.io.AtomicFiles;
import dev.codedpo.core.io.InputException;
import dev.codedpo.core.io.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * "Same settings to resume": an output directory records the result-defining settings of the run that made it, and
 * a later run may continue in it only with the same settings, so that one output never mixes two configurations.
 */
public final class ResumeCheck {
    private ResumeCheck() {}

    /**
     * Compares {@code settings} with those recorded in {@code runFile}; writes them there (atomically) when the file
     * does not exist yet.
     *
     * @param settings only what defines the results (a config record, or a JSON tree): leave out workers, progress
     *                 bars and other keys a resumed run may change
     * @throws InputException {@code cannot resume: learning_rate was 1e-05, now 2e-05 (...)} for the first changed key
     */
    public static void requireSameOrRecord(Path runFile, Object settings) {
        JsonNode wanted = normalised(ConfigTree.of(settings));
        if (!Files.exists(runFile)) {
            AtomicFiles.writeString(runFile, Json.pretty(wanted));
            return;
        }
        JsonNode had;
        try {
            had = Json.MAPPER.readTree(Files.readString(runFile));
        } catch (IOException e) {
            throw new InputException(runFile + ": unreadable (" + e.getMessage() + "); use a new output directory");
        }
        String change = firstChange("", had, wanted);
        if (change != null) {
            Path dir = runFile.toAbsolutePath().getParent();
            throw new InputException("cannot resume: " + change + " (" + dir + " holds a run made with other "
                    + "settings, recorded in " + runFile.getFileName()
                    + "; use the same settings or a new output directory)");
        }
    }

    /**
     * "key was X, now Y" for the first key whose value differs, or null when equal; numbers compare as they read
     * back from JSON.
     */
    public static String firstChange(Object had, Object now) {
        return firstChange("", normalised(ConfigTree.of(had)), normalised(ConfigTree.of(now)));
    }

    /** Through text, so that numbers compare as they will when read back (int versus long nodes). */
    private static JsonNode normalised(JsonNode tree) {
        try {
            return Json.MAPPER.readTree(Json.line(tree));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** "key was X, now Y" for the first difference in the new settings' key order, or null when equal. */
    static String firstChange(String path, JsonNode had, JsonNode now) {
        if (had != null && now != null && had.isObject() && now.isObject()) {
            Set<String> keys = new LinkedHashSet<>();
            now.fieldNames().forEachRemaining(keys::add);
            had.fieldNames().forEachRemaining(keys::add);
            for (Iterator<String> it = keys.iterator(); it.hasNext(); ) {
                String k = it.next();
                String change = firstChange(path.isEmpty() ? k : path + "." + k, had.get(k), now.get(k));
                if (change != null) {
                    return change;
                }
            }
            return null;
        }
        if (same(had, now)) {
            return null;
        }
        return (path.isEmpty() ? "settings" : path) + " was " + ValueText.show(had) + ", now " + ValueText.show(now);
    }

    private static boolean same(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }
}
