package dev.codedpo.data.tasks;

import dev.codedpo.core.config.ResumeCheck;
import dev.codedpo.core.io.AtomicFiles;
import dev.codedpo.core.io.Json;
import dev.codedpo.core.io.JsonlAppender;
import dev.codedpo.core.io.JsonlReader;
import dev.codedpo.core.io.OutputDirLock;
import dev.codedpo.core.progress.Progress;
import dev.codedpo.data.generate.Completion;
import dev.codedpo.data.generate.CompletionBackend;
import dev.codedpo.data.generate.ModelRequest;
import dev.codedpo.data.generate.PromptTemplates;
import dev.codedpo.data.generate.Sampled;
import dev.codedpo.data.generate.SamplingParams;
import dev.codedpo.data.generate.TaskSampler;
import dev.codedpo.eval.prompt.PromptStyle;
import dev.codedpo.models.chat.ChatFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiFunction;

/**
 * {@code codedpo tasks}: seed snippets -> near-duplicate filter -> one model request per snippet -> task parsing ->
 * near-duplicate and decontamination filters -> tasks.jsonl. Each answer is appended to task_snippets.jsonl as it
 * comes (a resumed run asks only for the snippets without one); the filters then run over every answer, in snippet
 * order, and tasks.jsonl and tasks_summary.json are rewritten whole, so the output depends on the seeds and the
 * settings only, not on the order answers came in or on where a run was killed.
 */
public final class TaskCreator {
    private final TasksConfig config;
    private final PromptTemplates.Template template;
    private final ChatFormat chat;
    private final CompletionBackend backend;
    private final PythonAst ast;
    private final BiFunction<String, Long, Progress> progressFactory;

    /** @param chat the model's chat template (instruct style), or null (base style) */
    public TaskCreator(TasksConfig config, PromptTemplates.Template template, ChatFormat chat,
                       CompletionBackend backend, PythonAst ast, BiFunction<String, Long, Progress> progressFactory) {
        if (config.promptStyle() == PromptStyle.INSTRUCT && chat == null) {
            throw new IllegalArgumentException("instruct style needs the model's chat template");
        }
        this.config = config;
        this.template = template;
        this.chat = chat;
        this.backend = backend;
        this.ast = ast;
        this.progressFactory = progressFactory;
    }

    public TasksSummary run(Path seeds, Path outDir) {
        OutputDirLock lock = Files.exists(outDir) ? OutputDirLock.acquire(outDir) : null;
        try {
            // the seeds are read and the template tried before the directory is made or a model is asked anything
            SnippetExtractor.Extracted ex = new SnippetExtractor(ast, config.minSnippetLines(),
                    config.maxSnippetChars()).extract(seeds);
            Map<String, Integer> dropped = new TreeMap<>(ex.dropped());
            List<Snippet> snippets = new ArrayList<>();
            new NearDuplicates(config.dedupNgram(), config.snippetDedupThreshold())
                    .keep(ex.snippets().stream().map(Snippet::code).toList())
                    .forEach(i -> snippets.add(ex.snippets().get(i)));
            count(dropped, "near_duplicate_snippet", ex.snippets().size() - snippets.size());
            if (!snippets.isEmpty()) {
                request(snippets.get(0));
            }
            if (lock == null) {
                lock = OutputDirLock.acquire(outDir);
            }
            return create(ex, snippets, dropped, new TasksFiles(lock.dir()));
        } finally {
            if (lock != null) {
                lock.close();
            }
        }
    }

    private ModelRequest request(Snippet s) {
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put("snippet", s.code());
        vars.put("source", s.source() != null ? s.source() : s.seed());
        return ModelRequest.of(PromptTemplates.render(template, vars, "rendering the snippet at " + s.seed()),
                config.promptStyle() == PromptStyle.BASE ? null : chat);
    }

    private TasksSummary create(SnippetExtractor.Extracted ex, List<Snippet> snippets, Map<String, Integer> dropped,
                                TasksFiles files) {
        Map<String, Object> settings = new LinkedHashMap<>(config.samplingDefining());
        settings.put("task_template", template.text());
        ResumeCheck.requireSameOrRecord(files.run(), settings);
        try {
            Files.deleteIfExists(files.summary());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        new JsonlAppender(files.snippetLog()).close(); // cuts a torn last line
        Map<String, SnippetLogRow> answers = readLog(files.snippetLog());
        List<Snippet> todo = snippets.stream().filter(s -> !answers.containsKey(s.id())).toList();
        int resumed = snippets.size() - todo.size();
        long start = System.nanoTime();
        long tokens = sample(todo, files, answers);
        double seconds = (System.nanoTime() - start) / 1e9;

        List<String> completions = snippets.stream().map(s -> answers.get(s.id()).completion()).toList();
        List<TaskParser.Parsed> parsed = new TaskParser(ast).parse(completions);
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < parsed.size(); i++) {
            if (parsed.get(i).dropReason() != null) {
                count(dropped, parsed.get(i).dropReason(), 1);
            } else {
                candidates.add(i);
            }
        }
        List<Integer> distinct = new ArrayList<>();
        new NearDuplicates(config.dedupNgram(), config.taskDedupThreshold())
                .keep(candidates.stream().map(i -> parsed.get(i).prompt()).toList())
                .forEach(k -> distinct.add(candidates.get(k)));
        count(dropped, "near_duplicate_task", candidates.size() - distinct.size());
        Decontaminator decon = new Decontaminator(config.decontaminationSuites(), config.decontaminationNgram(),
                config.decontaminationMinShared());
        List<CreatedTask> tasks = new ArrayList<>();
        for (int i : distinct) {
            TaskParser.Parsed p = parsed.get(i);
            String suite = decon.overlap(p.prompt());
            if (suite != null) {
                count(dropped, "contaminated_" + suite, 1);
                continue;
            }
            Snippet s = snippets.get(i);
            tasks.add(new CreatedTask(config.taskIdPrefix() + "/" + s.id(), p.prompt(), p.entryPoint(), s.seed(),
                    s.source(), config.model(), config.seed()));
        }
        StringBuilder text = new StringBuilder();
        tasks.forEach(t -> text.append(Json.line(t)).append('\n'));
        AtomicFiles.writeString(files.tasks(), text.toString());
        TasksSummary summary = new TasksSummary(ex.files(), ex.snippets().size()
                + dropped.entrySet().stream().filter(e -> e.getKey().startsWith("snippet_"))
                .mapToInt(Map.Entry::getValue).sum(), snippets.size(), todo.size(), resumed, tasks.size(), dropped,
                tokens, seconds);
        AtomicFiles.writeString(files.summary(), Json.pretty(summary));
        return summary;
    }

    /** Asks the model for each snippet, {@code backend.parallelism()} at a time; returns the tokens taken. */
    private long sample(List<Snippet> todo, TasksFiles files, Map<String, SnippetLogRow> answers) {
        int threads = Math.max(1, backend.parallelism());
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread th = new Thread(r, "tasks-sample");
            th.setDaemon(true);
            return th;
        });
        long tokens = 0;
        try (JsonlAppender log = new JsonlAppender(files.snippetLog());
             Progress progress = progressFactory.apply("tasks", (long) todo.size())) {
            // submitted in windows so that a failure stops the run after at most one window of requests
            for (int from = 0; from < todo.size(); from += threads * 2) {
                List<Future<SnippetLogRow>> window = new ArrayList<>();
                for (Snippet s : todo.subList(from, Math.min(todo.size(), from + threads * 2))) {
                    window.add(pool.submit(() -> ask(s)));
                }
                for (Future<SnippetLogRow> f : window) {
                    SnippetLogRow row = get(f);
                    log.append(row);
                    answers.put(row.snippetId(), row);
                    tokens += row.tokens();
                    progress.step();
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return tokens;
    }

    private SnippetLogRow ask(Snippet s) {
        ModelRequest req = request(s);
        List<String> stops = config.promptStyle() == PromptStyle.BASE ? config.stop() : List.of();
        Sampled out = backend.sample(req, new SamplingParams(1, config.maxNewTokens(), config.temperature(),
                config.topP(), TaskSampler.taskSeed(config.seed(), s.id()), stops));
        Completion c = out.completions().get(0);
        return new SnippetLogRow(s.id(), s.seed(), req.text(), c.text(), c.finishReason(), out.completionTokens());
    }

    private static SnippetLogRow get(Future<SnippetLogRow> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sampling", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static Map<String, SnippetLogRow> readLog(Path log) {
        Map<String, SnippetLogRow> m = new HashMap<>();
        if (!Files.exists(log)) {
            return m;
        }
        new JsonlReader(log, Long.MAX_VALUE / 4).forEach(r -> {
            try {
                SnippetLogRow row = Json.MAPPER.treeToValue(r.node(), SnippetLogRow.class);
                m.put(row.snippetId(), row);
            } catch (IOException e) {
                throw r.error("unreadable snippet log row: " + e.getMessage());
            }
        });
        return m;
    }

    private static void count(Map<String, Integer> dropped, String reason, int n) {
        if (n > 0) {
            dropped.merge(reason, n, Integer::sum);
        }
    }
}
