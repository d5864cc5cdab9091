package dev.codedpo.data.pairing;

import dev.codedpo.core.io.AtomicFiles;
import dev.codedpo.core.io.InputException;
import dev.codedpo.core.io.Json;
import dev.codedpo.core.io.JsonlReader;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
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

    /**
     * Puts the rows in the tasks' input order (a task's own rows keep their order; tasks not listed go last, as they
     * were): workers finish tasks in any order, and a file whose order depends on scheduling would give a shuffled
     * training run other batches for the same seed. Streams: a first pass indexes each task's lines by byte offset,
     * and only a file out of order is rewritten beside itself and renamed over it.
     */
    public static void orderByTask(Path file, List<String> taskOrder) {
        Map<String, Integer> rank = new HashMap<>();
        for (int i = 0; i < taskOrder.size(); i++) {
            rank.put(taskOrder.get(i), i);
        }
        Map<String, List<long[]>> lines = new LinkedHashMap<>();
        boolean inOrder = true;
        int lastRank = -1;
        String lastTask = null;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            long offset = 0;
            long start = 0;
            for (int c = in.read(); c != -1; c = in.read()) {
                offset++;
                if (c != '\n') {
                    line.write(c);
                    continue;
                }
                String text = line.toString(StandardCharsets.UTF_8);
                line.reset();
                if (!text.isBlank()) {
                    String task = Json.MAPPER.readTree(text).path("task_id").asText();
                    if (!task.equals(lastTask)) {
                        int r = rank.getOrDefault(task, Integer.MAX_VALUE);
                        inOrder &= r >= lastRank && !lines.containsKey(task);
                        lastRank = r;
                        lastTask = task;
                    }
                    lines.computeIfAbsent(task, k -> new ArrayList<>()).add(new long[] {start, offset - start});
                }
                start = offset;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (inOrder) {
            return;
        }
        List<String> tasks = new ArrayList<>(lines.keySet());
        tasks.sort(Comparator.comparingInt(t -> rank.getOrDefault(t, Integer.MAX_VALUE)));
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            AtomicFiles.write(file, out -> {
                for (String task : tasks) {
                    for (long[] at : lines.get(task)) {
                        byte[] bytes = new byte[(int) at[1]];
                        in.seek(at[0]);
                        in.readFully(bytes);
                        out.write(bytes);
                    }
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reorder " + file, e);
        }
    }

    private static InputException damaged(String where) {
        return new InputException(where + " (this output directory holds rows that codedpo did not write; "
                + "use a new --out directory, or delete this one to start over)");
    }

}
