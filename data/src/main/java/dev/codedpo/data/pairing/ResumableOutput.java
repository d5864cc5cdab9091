package dev.codedpo.data.pairing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.codedpo.core.io.AtomicFiles;
import dev.codedpo.core.io.InputException;
import dev.codedpo.core.io.Json;
import dev.codedpo.core.io.JsonlAppender;
import dev.codedpo.core.io.OutputDirLock;
import dev.codedpo.data.output.OutputFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The output directory of a pair build, appended to task by task so that a killed run can resume.
 *
 * <p>Per task the rows go to executions, pairs, kto and sft first and to scores last; a score row therefore marks a
 * finished task. On open, torn last lines are cut, the finished set is read from scores.jsonl, and rows of
 * unfinished tasks are dropped from the other files. Every task thus ends up in the output exactly once, whatever
 * moment a previous run was killed at. A finished task whose input changed since (its content hash differs from the
 * one on its score row) counts as unfinished: all its rows are dropped and it is computed again.
 *
 * <p>The directory must be locked by the caller for as long as this is open: two writers would interleave rows.
 */
public final class ResumableOutput implements AutoCloseable {
    private final OutputFiles files;
    private final Set<String> finished;
    private final List<String> recomputed;
    private final JsonlAppender executions;
    private final JsonlAppender pairs;
    private final JsonlAppender kto;
    private final JsonlAppender sft;
    private final JsonlAppender scores;

    private ResumableOutput(OutputFiles files, Set<String> finished, List<String> recomputed) {
        this.files = files;
        this.finished = finished;
        this.recomputed = recomputed;
        this.executions = new JsonlAppender(files.executions());
        this.pairs = new JsonlAppender(files.pairs());
        this.kto = new JsonlAppender(files.kto());
        this.sft = new JsonlAppender(files.sft());
        this.scores = new JsonlAppender(files.scores());
    }

    /**
     * Opens (or creates) the locked directory. A directory made with different result-defining settings is refused
     * rather than silently mixed; a row that is not valid JSON (other than a torn last line) is reported as
     * {@code file:line} rather than dropped.
     *
     * @param taskHashes the input's content hash of each task by id; a finished task listed here with another hash
     *                   is dropped so that it runs again; finished tasks not listed are kept as they are
     */
    public static ResumableOutput open(OutputDirLock lock, PairsConfig config, Map<String, String> taskHashes) {
        OutputFiles files = new OutputFiles(lock.dir());
        checkOrRecordRun(files, config);
        for (Path p : files.all()) {
            new JsonlAppender(p).close();
        }
        Map<String, String> committed = TaskRows.commitMarks(files.scores());
        List<String> changed = new ArrayList<>();
        taskHashes.forEach((id, hash) -> {
            if (committed.containsKey(id) && !hash.equals(committed.get(id))) {
                changed.add(id);
            }
        });
        Set<String> finished = new HashSet<>(committed.keySet());
        changed.forEach(finished::remove);
        for (Path p : files.all()) {
            TaskRows.keepOnly(p, finished);
        }
        try {
            Files.deleteIfExists(files.summary());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ResumableOutput(files, finished, List.copyOf(changed));
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

    public Set<String> finished() {
        return Set.copyOf(finished);
    }

    public OutputFiles files() {
        return files;
    }

    /** Ids of the finished tasks that were dropped on open because their input changed, in input order. */
    public List<String> recomputed() {
        return recomputed;
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
