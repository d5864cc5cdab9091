package dev.codedpo.data.pairing;

import dev.codedpo.core.io.AtomicFiles;
import dev.codedpo.core.io.InputException;
import dev.codedpo.core.io.Json;
import dev.codedpo.core.io.JsonlReader;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Files of per-task JSON rows ({@code task_id} in each) that a resumed run continues: which tasks a commit file
 * marks finished, and dropping the rows of the others. Shared by {@code codedpo pairs} and {@code codedpo generate}.
 */
public final class TaskRows {
    private TaskRows() {}

    /** task_id -> task_hash of every commit row (a row written last for its task) ("" for rows written before hashes were recorded: never a match). */
    public static Map<String, String> commitMarks(Path scores) {
        Map<String, String> marks = new HashMap<>();
        try {
            new JsonlReader(scores, Long.MAX_VALUE / 4).forEach(row ->
                    marks.put(row.node().path("task_id").asText(), row.node().path("task_hash").asText("")));
        } catch (InputException e) {
            throw damaged(e.getMessage());
        }
        return marks;
    }

    /**
     * Removes the rows of tasks not in {@code keep}, streaming (builds of 100K tasks write files far larger than
     * memory should hold): a first pass checks every row and looks for such rows, and only if there are any is the
     * file rewritten beside itself and renamed over it.
     */
    public static void keepOnly(Path file, Set<String> keep) {
        if (!anyOutside(file, keep)) {
            return;
        }
        AtomicFiles.write(file, out -> {
            try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (!line.isBlank() && keep.contains(Json.MAPPER.readTree(line).path("task_id").asText())) {
                        out.write(line.getBytes(StandardCharsets.UTF_8));
                        out.write('\n');
                    }
                }
            }
        });
    }

    /**
     * Whether any row belongs to a task outside {@code keep}. After the torn last line is cut, every line was written
     * whole by this class; one that is not a JSON object in UTF-8 was put there by something else (another program,
     * or two runs at once before directories were locked), so it is reported by file and line, not guessed about.
     */
    private static boolean anyOutside(Path file, Set<String> keep) {
        boolean[] any = new boolean[1];
        try {
            new JsonlReader(file, Long.MAX_VALUE / 4).forEach(row ->
                    any[0] |= !keep.contains(row.node().path("task_id").asText()));
        } catch (InputException e) {
            throw damaged(e.getMessage());
        }
        return any[0];
    }

    private static InputException damaged(String where) {
        return new InputException(where + " (this output directory holds rows that codedpo did not write; "
                + "use a new --out directory, or delete this one to start over)");
    }

}
