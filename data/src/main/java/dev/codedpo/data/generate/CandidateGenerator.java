package dev.codedpo.data.generate;

import dev.codedpo.core.config.ResumeCheck;
import dev.codedpo.core.concurrent.TaskWindow;
import dev.codedpo.core.io.AtomicFiles;
import dev.codedpo.core.io.Json;
import dev.codedpo.core.io.JsonlAppender;
import dev.codedpo.core.io.JsonlReader;
import dev.codedpo.core.io.OutputDirLock;
import dev.codedpo.core.progress.Progress;
import dev.codedpo.data.pairing.TaskRows;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

/**
 * {@code codedpo generate}: samples every task of the input and appends its candidates row, then its log row (the
 * commit mark), so that a killed run resumes where it stopped. The input is read whole before anything is written; a
 * directory made with other result-defining settings is refused; a task whose input changed is sampled again.
 */
public final class CandidateGenerator {
    /** What a run did. */
    public record Result(GenerationSummary summary, int resumedTasks) {}

    private final GenerateConfig config;
    private final PromptTemplates templates;
    private final TaskSampler sampler;
    private final int parallelism;
    private final BiFunction<String, Long, Progress> progressFactory;

    public CandidateGenerator(GenerateConfig config, PromptTemplates templates, TaskSampler sampler, int parallelism,
                              BiFunction<String, Long, Progress> progressFactory) {
        this.config = config;
        this.templates = templates;
        this.sampler = sampler;
        this.parallelism = Math.max(1, parallelism);
        this.progressFactory = progressFactory;
    }

    public Result run(Path input, Path outDir) {
        OutputDirLock lock = Files.exists(outDir) ? OutputDirLock.acquire(outDir) : null;
        try {
            List<PromptTask> tasks = PromptTaskReader.readAll(input, JsonlReader.DEFAULT_MAX_ROW_BYTES);
            if (config.maxTasks() > 0 && tasks.size() > config.maxTasks()) {
                tasks = tasks.subList(0, config.maxTasks());
            }
            if (!tasks.isEmpty()) {
                // a template error shows before the directory is made or a model is asked anything
                templates.renderCode(tasks.get(0));
                templates.renderTests(tasks.get(0));
            }
            if (lock == null) {
                lock = OutputDirLock.acquire(outDir);
            }
            return generate(tasks, new GenerateFiles(lock.dir()));
        } finally {
            if (lock != null) {
                lock.close();
            }
        }
    }

    private Result generate(List<PromptTask> tasks, GenerateFiles files) {
        Map<String, Object> settings = new LinkedHashMap<>(config.resultDefining());
        settings.put("code_template", templates.code().text());
        settings.put("tests_template", templates.tests().text());
        ResumeCheck.requireSameOrRecord(files.run(), settings);
        Set<String> finished = openRows(files, tasks);
        int resumed = (int) tasks.stream().filter(t -> finished.contains(t.taskId())).count();
        long start = System.nanoTime();
        AtomicInteger done = new AtomicInteger();
        AtomicLong tokens = new AtomicLong();
        try (JsonlAppender candidates = new JsonlAppender(files.candidates());
             JsonlAppender log = new JsonlAppender(files.taskLog());
             Progress progress = progressFactory.apply("generate", (long) tasks.size() - resumed);
             TaskWindow window = new TaskWindow(parallelism, "generate-task")) {
            for (PromptTask task : tasks) {
                if (finished.contains(task.taskId()) || window.failed()) {
                    continue;
                }
                window.submit(() -> {
                    TaskSampler.Outcome o = sampler.sample(task);
                    synchronized (this) {
                        if (o.row() != null) {
                            candidates.append(o.row());
                        }
                        log.append(o.log());
                    }
                    done.incrementAndGet();
                    long t = tokens.addAndGet(o.log().tokens());
                    progress.step();
                    double s = (System.nanoTime() - start) / 1e9;
                    progress.message(String.format(Locale.ROOT, "%.0f tok/s", s > 0 ? t / s : 0));
                });
            }
            window.finish();
        }
        // Requests in flight finish in any order; the files keep the input's (as codedpo pairs' do).
        List<String> order = tasks.stream().map(PromptTask::taskId).toList();
        for (Path p : files.rowFiles()) {
            TaskRows.orderByTask(p, order);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        GenerationSummary summary = summarise(files, done.get(), tokens.get(), seconds);
        AtomicFiles.writeString(files.summary(), Json.pretty(summary));
        return new Result(summary, resumed);
    }

    /** Cuts torn lines, keeps the rows of finished tasks whose input is unchanged, and returns those tasks. */
    private static Set<String> openRows(GenerateFiles files, List<PromptTask> tasks) {
        for (Path p : files.rowFiles()) {
            new JsonlAppender(p).close();
        }
        Map<String, String> committed = TaskRows.commitMarks(files.taskLog());
        Set<String> finished = new HashSet<>();
        Set<String> inInput = new HashSet<>();
        for (PromptTask t : tasks) {
            inInput.add(t.taskId());
            if (t.contentHash().equals(committed.get(t.taskId()))) {
                finished.add(t.taskId());
            }
        }
        // tasks no longer in the input keep their rows, as codedpo pairs does
        committed.keySet().stream().filter(id -> !inInput.contains(id)).forEach(finished::add);
        for (Path p : files.rowFiles()) {
            TaskRows.keepOnly(p, finished);
        }
        try {
            Files.deleteIfExists(files.summary());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return finished;
    }

    private static GenerationSummary summarise(GenerateFiles files, int tasksThisRun, long tokensThisRun,
                                               double seconds) {
        List<TaskLogRow> rows = new ArrayList<>();
        new JsonlReader(files.taskLog(), Long.MAX_VALUE / 4).forEach(r -> {
            try {
                rows.add(Json.MAPPER.treeToValue(r.node(), TaskLogRow.class));
            } catch (IOException e) {
                throw r.error("unreadable task log row: " + e.getMessage());
            }
        });
        SampleCounts codes = SampleCounts.empty();
        SampleCounts tests = SampleCounts.empty();
        long tokens = 0;
        int written = 0;
        for (TaskLogRow r : rows) {
            codes = codes.plus(r.codes());
            tests = tests.plus(r.tests());
            tokens += r.tokens();
            written += r.written() ? 1 : 0;
        }
        return new GenerationSummary(rows.size(), tasksThisRun, written, rows.size() - written, codes, tests, tokens,
                tokensThisRun, seconds, seconds > 0 ? tokensThisRun / seconds : 0, rows);
    }

}
