package dev.codedpo.data.task;

import dev.codedpo.core.io.Fields;
import dev.codedpo.core.io.InputException;
import dev.codedpo.core.io.JsonlReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads the task file: {@code {"task_id", "prompt", "codes": [str], "tests": [str], "setup"?, "model_prompt"?,
 * "completions"?: [str]}} per line (the last two as {@code codedpo generate} writes them, together or not at all). Every row
 * is checked before any work starts, so a bad file fails fast and writes nothing; with {@code skipBad} bad rows are
 * counted and reported instead.
 */
public final class TaskFileReader {
    /** A row that was skipped, with the reason as it would have been reported. */
    public record Skipped(long line, String reason) {}

    /**
     * Result of the checking pass: the valid tasks' content hashes ({@link CodeTask#contentHash()}) by task id in
     * file order, and the rows skipped.
     */
    public record Census(Map<String, String> taskHashes, List<Skipped> skipped) {
        public Census {
            taskHashes = Collections.unmodifiableMap(new LinkedHashMap<>(taskHashes));
            skipped = List.copyOf(skipped);
        }

        public List<String> taskIds() {
            return List.copyOf(taskHashes.keySet());
        }

        public int tasks() {
            return taskHashes.size();
        }
    }

    private final Path file;
    private final long maxRowBytes;
    private final boolean skipBad;

    public TaskFileReader(Path file, long maxRowBytes, boolean skipBad) {
        this.file = file;
        this.maxRowBytes = maxRowBytes;
        this.skipBad = skipBad;
    }

    /** First pass: validates every row and duplicate ids; counts tasks. */
    public Census census() {
        List<Skipped> skipped = new ArrayList<>();
        Map<String, String> hashes = new LinkedHashMap<>();
        Consumer<InputException> onBad = e -> {
            if (!skipBad) {
                throw e;
            }
            skipped.add(new Skipped(e.line(), e.getMessage()));
        };
        new JsonlReader(file, maxRowBytes).forEach(row -> {
            try {
                CodeTask t = parse(row);
                if (hashes.containsKey(t.taskId())) {
                    throw row.error("duplicate task_id \"" + t.taskId() + "\" (task ids must be unique)");
                }
                hashes.put(t.taskId(), t.contentHash());
            } catch (InputException e) {
                onBad.accept(e);
            }
        }, onBad);
        return new Census(hashes, skipped);
    }

    /** Second pass: the valid tasks in file order (bad rows skipped here: the census already reported them). */
    public void forEach(Consumer<CodeTask> sink) {
        Set<String> seen = new HashSet<>();
        new JsonlReader(file, maxRowBytes).forEach(row -> {
            CodeTask t;
            try {
                t = parse(row);
            } catch (InputException e) {
                return;
            }
            if (seen.add(t.taskId())) {
                sink.accept(t);
            }
        }, e -> { });
    }

    static CodeTask parse(JsonlReader.Row row) {
        String id = Fields.requireString(row, "task_id");
        if (id.isBlank()) {
            throw row.error("field \"task_id\" is empty");
        }
        String prompt = Fields.requireString(row, "prompt");
        List<String> codes = Fields.requireStringList(row, "codes", false);
        List<String> tests = Fields.requireStringList(row, "tests", false);
        String setup = Fields.optionalString(row, "setup", "");
        String modelPrompt = Fields.optionalString(row, "model_prompt", null);
        List<String> completions = row.node().hasNonNull("completions")
                ? Fields.requireStringList(row, "completions", true) : null;
        if ((modelPrompt == null) != (completions == null)) {
            throw row.error(modelPrompt == null ? "field \"completions\" needs \"model_prompt\" beside it"
                    : "field \"model_prompt\" needs \"completions\" beside it");
        }
        if (completions != null && completions.size() != codes.size()) {
            throw row.error("field \"completions\" has " + completions.size() + " entries for " + codes.size()
                    + " codes (one raw completion per code)");
        }
        return new CodeTask(id, prompt, setup, codes, tests, modelPrompt, completions);
    }
}
