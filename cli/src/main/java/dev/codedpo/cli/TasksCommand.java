package dev.codedpo.cli;

import dev.codedpo.data.generate.ModelBackend;

import dev.codedpo.core.config.ConfigDocs;
import dev.codedpo.core.config.ConfigLoader;
import dev.codedpo.core.io.OutputDirLock;
import dev.codedpo.core.progress.Progress;
import dev.codedpo.data.generate.PromptTemplates;
import dev.codedpo.data.generate.SyntaxChecker;
import dev.codedpo.data.tasks.PythonAst;
import dev.codedpo.data.tasks.TaskCreator;
import dev.codedpo.data.tasks.TasksConfig;
import dev.codedpo.data.tasks.TasksJob;
import dev.codedpo.data.tasks.TasksSummary;
import dev.codedpo.eval.exec.PoolConfig;
import dev.codedpo.eval.exec.PythonWorkerPool;
import dev.codedpo.eval.prompt.PromptStyle;
import dev.codedpo.models.chat.ChatFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code codedpo tasks}: programming tasks written by the model from seed code snippets (OSS-Instruct style). */
@Command(name = "tasks", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Write programming tasks inspired by seed code snippets (OSS-Instruct style; the input of codedpo generate).",
        description = {
            "Cuts the seed Python files (a directory; or a JSONL of {snippet, source?} rows) into top-level functions",
            "and classes with Python's parser in the sandbox, drops near-duplicate snippets, asks the model (backend",
            "local or openai) to write a HumanEval-style task (signature and docstring) inspired by each, parses the",
            "task out of the answer, and drops near-duplicate tasks and tasks overlapping HumanEval/MBPP. Writes to",
            "output_dir: tasks.jsonl ({task_id, prompt, entry_point} and provenance: the input of codedpo generate),",
            "task_snippets.jsonl (every answer) and tasks_summary.json (counts dropped per reason). Re-running on the",
            "same output_dir resumes. Settings: --config (see configs/tasks.yaml) < --set < options.",
            ""},
        footerHeading = "%nSettings (key = default: meaning):%n")
public final class TasksCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, paramLabel = "YAML", description = "Settings file.")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one setting (repeatable).")
    List<String> sets = new ArrayList<>();

    @Option(names = {"-s", "--seeds"}, paramLabel = "DIR|FILE", description = "seeds.")
    String seeds;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "output_dir.")
    String out;

    @Option(names = "--backend", paramLabel = "NAME", description = "local or openai.")
    String backend;

    @Option(names = {"-m", "--model-path"}, paramLabel = "DIR", description = "model_path (local backend).")
    String modelPath;

    @Option(names = "--base-url", paramLabel = "URL", description = "base_url (openai backend).")
    String baseUrl;

    @Option(names = "--model", paramLabel = "NAME", description = "model_name (openai backend).")
    String modelName;

    @Option(names = "--no-progress", description = "Do not draw a progress bar.")
    boolean noProgress;

    /** The settings list shown after the options in --help. */
    static String settingsHelp() {
        return ConfigDocs.keys(TasksConfig.class, TasksConfig.defaults()) + "%n" + ConfigDocs.SET_RULES;
    }

    @Override
    public Integer call() {
        Map<String, Object> options = new HashMap<>();
        options.put("seeds", seeds);
        options.put("output_dir", out);
        options.put("backend", backend);
        options.put("model_path", modelPath);
        options.put("base_url", baseUrl);
        options.put("model_name", modelName);
        TasksConfig cfg = ConfigLoader.load(TasksConfig.class, TasksConfig.defaults(), config, sets, options);
        Path outDir = Path.of(ModelBackend.require(cfg.outputDir(), "output_dir", "--out"));
        {
            TasksSummary s = TasksJob.run(cfg,
                    (name, total) -> noProgress ? Progress.NONE : Progress.console(name, total, "snippets"));
            System.out.printf(Locale.ROOT, "seed files: %d; snippets: %d, sent to the model: %d (%d this run, %d "
                    + "resumed)%n", s.seedFiles(), s.snippets(), s.sampled(), s.sampledThisRun(), s.resumed());
            System.out.printf(Locale.ROOT, "tasks written: %d; dropped: %s%n", s.tasksWritten(), s.dropped());
            System.out.printf(Locale.ROOT, "tokens: %d this run in %.1f s%n", s.tokensThisRun(), s.secondsThisRun());
            System.out.println("wrote " + outDir.resolve("tasks.jsonl"));
        }
        return Main.EXIT_OK;
    }
}
