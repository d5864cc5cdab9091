package dev.codedpo.data.build;

import com.fasterxml.jackson.databind.JsonNode;
import dev.codedpo.core.io.AtomicFiles;
import dev.codedpo.core.io.InputException;
import dev.codedpo.core.io.Json;
import dev.codedpo.core.io.JsonlAppender;
import dev.codedpo.core.io.JsonlReader;
import dev.codedpo.data.output.OutputFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The output directory of a pair build, appended to task by task so that a killed run can resume.
 *
 * <p>Per task the rows go to executions, pairs, kto and sft first and to scores last; a score row therefore marks a
 * finished task. On open, torn last lines are cut, the finished set is read from scores.jsonl, and rows of
 * unfinished tasks are dropped from the other files. Every task thus ends up in the output exactly once, whatever
 * moment a previous run was killed at.
 */
public final class ResumableOutput implements AutoCloseable {
    private final OutputFiles files;
    private final Set<String> finished;
    private final JsonlAppender executions;
    private final JsonlAppender pairs;
    private final JsonlAppender kto;
    private final JsonlAppender sft;
    private final JsonlAppender scores;

    private ResumableOutput(OutputFiles files, Set<String> finished) {
        this.files = files;
        this.finished = finished;
        this.executions = new JsonlAppender(files.executions());
        this.pairs = new JsonlAppender(files.pairs());
        this.kto = new JsonlAppender(files.kto());
        this.sft = new JsonlAppender(files.sft());
        this.scores = new JsonlAppender(files.scores());
    }

    /**
     * Opens (or creates) the directory. A directory made with different result-defining settings is refused
     * rather than silently mixed.
     */
    public static ResumableOutput open(Path dir, PairsConfig config) {
        OutputFiles files = new OutputFiles(dir);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new InputException(dir + ": cannot create output directory: " + e.getMessage());
        }
        checkOrRecordRun(files, config);
        for (Path p : List.of(files.executions(), files.pairs(), files.kto(), files.sft(), files.scores())) {
            new JsonlAppender(p).close();
        }
        Set<String> finished = taskIds(files.scores());
        for (Path p : files.dependents()) {
            dropUnfinished(p, finished);
        }
        try {
            Files.deleteIfExists(files.summary());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ResumableOutput(files, finished);
    }

    private static void checkOrRecordRun(OutputFiles files, PairsConfig config) {
        JsonNode wanted;
        try {
            // through text, so that numbers compare as they will when read back (int vs long nodes)
            wanted = Json.MAPPER.readTree(Json.line(config.resultDefining()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (Files.exists(files.run())) {
            JsonNode had;
            try {
                had = Json.MAPPER.readTree(files.run().toFile());
            } catch (IOException e) {
                throw new InputException(files.run() + ": unreadable (" + e.getMessage()
                        + "); use a new output directory");
            }
            if (!wanted.equals(had)) {
                throw new InputException(files.dir() + " holds a run made with different settings ("
                        + files.run() + "); use a new --out directory or the same settings to resume");
            }
        } else {
            AtomicFiles.writeString(files.run(), Json.pretty(wanted));
        }
    }

    static Set<String> taskIds(Path file) {
        Set<String> ids = new HashSet<>();
        if (Files.exists(file)) {
            new JsonlReader(file, Long.MAX_VALUE / 4).forEach(row -> ids.add(row.node().path("task_id").asText()));
        }
        return ids;
    }

    /**
     * Removes the rows of tasks without a commit mark, streaming (builds of 100K tasks write files far larger than
     * memory should hold): a first pass only looks for such rows, and only if there are any is the file rewritten
     * beside itself and renamed over it.
     */
    private static void dropUnfinished(Path file, Set<String> finished) {
        if (!Files.exists(file)) {
            return;
        }
        try {
            if (!anyUnfinished(file, finished)) {
                return;
            }
            AtomicFiles.write(file, out -> {
                try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        if (!line.isBlank() && finished.contains(taskId(line))) {
                            out.write(line.getBytes(StandardCharsets.UTF_8));
                            out.write('\n');
                        }
                    }
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean " + file + " for resume", e);
        }
    }

    private static boolean anyUnfinished(Path file, Set<String> finished) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.isBlank() && !finished.contains(taskId(line))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String taskId(String line) throws IOException {
        return Json.MAPPER.readTree(line).path("task_id").asText();
    }

    public Set<String> finished() {
        return Set.copyOf(finished);
    }

    public OutputFiles files() {
        return files;
    }

    /** Appends one task's rows; the score row goes last because it is the commit mark. */
    public synchronized void write(TaskOutcome outcome) {
        executions.append(outcome.execution());
        outcome.pairs().forEach(pairs::append);
        outcome.kto().forEach(kto::append);
        outcome.sft().forEach(sft::append);
        scores.append(outcome.score());
        finished.add(outcome.score().taskId());
    }

    @Override
    public void close() {
        executions.close();
        pairs.close();
        kto.close();
        sft.close();
        scores.close();
    }
}
