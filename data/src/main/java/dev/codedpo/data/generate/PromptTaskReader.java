package dev.codedpo.data.generate;

import dev.codedpo.core.io.Fields;
import dev.codedpo.core.io.JsonlReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the task file of {@code codedpo generate}: {@code {"task_id", "prompt", "entry_point"?, "setup"?}} per line
 * (other fields, such as the codes of a candidates file, are ignored). The whole file is checked before any work
 * starts: a bad row or a repeated id is an error naming {@code file:line}.
 */
public final class PromptTaskReader {
    private PromptTaskReader() {}

    public static List<PromptTask> readAll(Path file, long maxRowBytes) {
        List<PromptTask> tasks = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        new JsonlReader(file, maxRowBytes).forEach(row -> {
            String id = Fields.requireString(row, "task_id");
            if (id.isBlank()) {
                throw row.error("field \"task_id\" is empty");
            }
            if (!ids.add(id)) {
                throw row.error("duplicate task_id \"" + id + "\" (task ids must be unique)");
            }
            String prompt = Fields.requireString(row, "prompt");
            String entry = Fields.optionalString(row, "entry_point", null);
            tasks.add(new PromptTask(id, prompt, entry, Fields.optionalString(row, "setup", "")));
        }, e -> {
            throw e;
        });
        return tasks;
    }
}
