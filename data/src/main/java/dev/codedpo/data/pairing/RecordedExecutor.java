package dev.codedpo.data.pairing;

import dev.codedpo.core.io.InputException;
import dev.codedpo.core.io.Json;
import dev.codedpo.core.io.JsonlReader;
import dev.codedpo.data.output.ExecutionRow;
import dev.codedpo.data.output.OutputFiles;
import dev.codedpo.data.task.CodeTask;
import dev.codedpo.data.task.TaskFileReader;
import dev.codedpo.eval.exec.AnsweringExecutor;
import dev.codedpo.eval.exec.CheckResult;
import dev.codedpo.eval.exec.CheckStatus;
import dev.codedpo.eval.exec.CodeExecutor;
import dev.codedpo.eval.exec.ExecutionRequest;
import dev.codedpo.eval.exec.ExecutionResult;
import dev.codedpo.eval.exec.TimingRequest;
import dev.codedpo.eval.exec.TimingResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Answers checks and timings from an earlier {@code codedpo pairs} run on the same candidates (its executions.jsonl),
 * so that runs which differ only in how codes are ranked execute nothing twice. A request the earlier run did not
 * make (another trusted test set to time, a task whose content changed) goes to the live executor.
 *
 * <p>Only tasks whose content hash in the earlier scores.jsonl equals the input's are used, and the earlier run must
 * have had the same timeout, memory limit, timing rounds and clock: otherwise its verdicts would not be the ones
 * asked for.
 */
public final class RecordedExecutor extends AnsweringExecutor {
    private final Map<String, ExecutionResult> checks;
    private final Map<String, TimingResult> timings;

    private RecordedExecutor(CodeExecutor live, Map<String, ExecutionResult> checks, Map<String, TimingResult> timings) {
        super(live);
        this.checks = checks;
        this.timings = timings;
    }

    /**
     * @param recordedDir an earlier pairs output directory
     * @param input       the task file this run reads (the earlier run's input, for the records to be used)
     * @param config      this run's settings, compared with the earlier run's limits
     */
    public static RecordedExecutor load(Path recordedDir, Path input, PairsConfig config, CodeExecutor live) {
        OutputFiles files = new OutputFiles(recordedDir);
        if (!Files.isRegularFile(files.executions()) || !Files.isRegularFile(files.run())) {
            throw new InputException("reuse_executions: " + recordedDir + " is not a pairs output directory (no "
                    + files.executions().getFileName() + " or " + files.run().getFileName() + ")");
        }
        requireSameLimits(files.run(), config);
        Map<String, String> hashes = TaskRows.commitMarks(files.scores());
        Map<String, ExecutionRow> rows = new HashMap<>();
        new JsonlReader(files.executions(), config.maxRowBytes()).forEach(line -> {
            ExecutionRow row = Json.MAPPER.convertValue(line.node(), ExecutionRow.class);
            if (hashes.containsKey(row.taskId())) {
                rows.put(row.taskId(), row);
            }
        });
        Map<String, ExecutionResult> checks = new HashMap<>();
        Map<String, TimingResult> timings = new HashMap<>();
        new TaskFileReader(input, config.maxRowBytes(), config.skipBadRows()).forEach(task -> {
            ExecutionRow row = rows.get(task.taskId());
            if (row != null && task.contentHash().equals(hashes.get(task.taskId()))
                    && row.nCodes() == task.codes().size() && row.nTests() == task.tests().size()) {
                remember(task, row, config.timingRepeats(), checks, timings);
            }
        });
        return new RecordedExecutor(live, checks, timings);
    }

    private static void requireSameLimits(Path run, PairsConfig config) {
        PairsConfig had;
        try {
            had = Json.MAPPER.readValue(run.toFile(), PairsConfig.class);
        } catch (IOException e) {
            throw new InputException("reuse_executions: " + run + ": unreadable (" + e.getMessage() + ")");
        }
        if (had.timeoutSeconds() != config.timeoutSeconds() || had.memoryMb() != config.memoryMb()
                || had.timingRepeats() != config.timingRepeats() || had.timingClock() != config.timingClock()) {
            throw new InputException("reuse_executions: " + run + " was run with timeout_seconds "
                    + had.timeoutSeconds() + ", memory_mb " + had.memoryMb() + ", timing_repeats "
                    + had.timingRepeats() + ", timing_clock " + had.timingClock().label() + "; this run asks for "
                    + config.timeoutSeconds() + ", " + config.memoryMb() + ", " + config.timingRepeats() + ", "
                    + config.timingClock().label() + ": its verdicts cannot be reused");
        }
    }

    private static void remember(CodeTask task, ExecutionRow row, int repeats, Map<String, ExecutionResult> checks,
                                 Map<String, TimingResult> timings) {
        for (int c = 0; c < row.nCodes(); c++) {
            List<CheckResult> results = new ArrayList<>(row.nTests());
            for (int t = 0; t < row.nTests(); t++) {
                results.add(new CheckResult(CheckStatus.ofLabel(row.status()[c][t]), row.exception()[c][t], null,
                        row.cpuSeconds()[c][t]));
            }
            checks.put(key(task.setup(), task.codes().get(c), task.tests(), 0),
                    new ExecutionResult(CheckStatus.ofLabel(row.codeStatus()[c]), null, results));
        }
        List<String> trusted = new ArrayList<>();
        for (int t : row.trustedTests()) {
            trusted.add(task.tests().get(t));
        }
        for (ExecutionRow.TimingRow timing : row.timings()) {
            timings.put(key(task.setup(), task.codes().get(timing.code()), trusted, repeats),
                    new TimingResult(timing.allPassed(), timing.rounds()));
        }
    }

    private static String key(String setup, String code, List<String> tests, int repeats) {
        StringBuilder b = new StringBuilder().append(repeats).append('\0').append(setup).append('\0').append(code);
        for (String t : tests) {
            b.append('\0').append(t);
        }
        return b.toString();
    }

    @Override
    protected ExecutionResult answer(ExecutionRequest request) {
        return checks.get(key(request.setup(), request.code(), request.tests(), 0));
    }

    @Override
    protected TimingResult answer(TimingRequest request) {
        return timings.get(key(request.setup(), request.code(), request.tests(), request.repeats()));
    }
}
