package dev.codedpo.cli;

import dev.codedpo.data.generate.ModelBackend;

import dev.codedpo.core.config.ConfigDocs;
import dev.codedpo.core.config.ConfigLoader;
import dev.codedpo.core.progress.Progress;
import dev.codedpo.data.tasks.TasksConfig;
import dev.codedpo.data.tasks.TasksJob;
import dev.codedpo.data.tasks.TasksSummary;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
    @Mixin
    SettingsOptions settings;

    @Option(names = {"-s", "--seeds"}, paramLabel = "DIR|FILE", description = "seeds.")
    String seeds;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "output_dir.")
    String out;

    @Mixin
    BackendOptions model;

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
        model.putInto(options);
        TasksConfig cfg = ConfigLoader.load(TasksConfig.class, TasksConfig.defaults(),
                settings.config, settings.sets, options);
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
