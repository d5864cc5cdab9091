package dev.codedpo.cli;

import dev.codedpo.core.config.ConfigDocs;
import dev.codedpo.core.config.ConfigLoader;
import dev.codedpo.core.progress.Progress;
import dev.codedpo.data.generate.CandidateGenerator;
import dev.codedpo.data.generate.GenerateConfig;
import dev.codedpo.data.generate.GenerateJob;
import dev.codedpo.data.generate.GenerationSummary;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code codedpo generate}: sample codes and tests for each task, the input of {@code codedpo pairs}. */
@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Sample codes and tests for each task with the model itself (the input of codedpo pairs).",
        description = {
            "For each task of tasks_file ({task_id, prompt, entry_point?, setup?} per line), sample num_codes codes",
            "and num_tests test texts at a high temperature, from a model directory (backend local) or an",
            "OpenAI-compatible server (backend openai). Codes and the assert statements of the tests are checked",
            "with Python's parser in the sandbox; what does not parse, and repeats, are dropped and counted.",
            "Writes to output_dir: candidates.jsonl (the input of codedpo pairs, with model_prompt and the raw",
            "completions), generation_tasks.jsonl and generation_summary.json. Re-running on the same output_dir",
            "resumes (same settings required). Settings: --config (see configs/generate.yaml) < --set < options.",
            ""},
        footerHeading = "%nSettings (key = default: meaning):%n")
public final class GenerateCommand implements Callable<Integer> {
    @Mixin
    SettingsOptions settings;

    @Option(names = {"-i", "--tasks"}, paramLabel = "FILE", description = "tasks_file.")
    String tasks;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "output_dir.")
    String out;

    @Mixin
    BackendOptions model;

    @Option(names = "--no-progress", description = "Do not draw a progress bar.")
    boolean noProgress;

    /** The settings list shown after the options in --help. */
    static String settingsHelp() {
        return ConfigDocs.keys(GenerateConfig.class, GenerateConfig.defaults()) + "%n" + ConfigDocs.SET_RULES;
    }

    @Override
    public Integer call() {
        Map<String, Object> options = new HashMap<>();
        options.put("tasks_file", tasks);
        options.put("output_dir", out);
        model.putInto(options);
        GenerateConfig cfg = ConfigLoader.load(GenerateConfig.class, GenerateConfig.defaults(),
                settings.config, settings.sets, options);
        // GenerateJob names what is missing (tasks_file, output_dir, and the backend's model_path or base_url and
        // model_name) before it loads a model or asks a server anything.
        CandidateGenerator.Result r = GenerateJob.run(cfg,
                (name, total) -> noProgress ? Progress.NONE : Progress.console(name, total, "tasks"));
        print(r, Path.of(cfg.outputDir()));
        return Main.EXIT_OK;
    }

    private static void print(CandidateGenerator.Result r, Path outDir) {
        GenerationSummary s = r.summary();
        System.out.printf(Locale.ROOT, "tasks: %d (%d this run, %d resumed); candidates written for %d, none for %d%n",
                s.tasks(), s.tasksThisRun(), r.resumedTasks(), s.tasksWritten(), s.tasksWithoutCandidates());
        System.out.printf(Locale.ROOT, "codes: %d sampled, %d kept, dropped %s%n", s.codes().raw(),
                s.codes().parsed(), s.codes().dropped());
        System.out.printf(Locale.ROOT, "tests: %d samples, %d assert statements kept, dropped %s%n",
                s.tests().raw(), s.tests().parsed(), s.tests().dropped());
        System.out.printf(Locale.ROOT, "tokens: %d this run in %.1f s (%.0f tokens/s)%n", s.tokensThisRun(),
                s.secondsThisRun(), s.tokensPerSecondThisRun());
        System.out.println("wrote " + outDir.resolve("candidates.jsonl"));
    }
}
