package dev.codedpo.cli;

import dev.codedpo.core.config.ConfigDocs;
import dev.codedpo.core.config.ConfigLoader;
import dev.codedpo.core.io.InputException;
import dev.codedpo.core.progress.Progress;
import dev.codedpo.data.generate.Backend;
import dev.codedpo.data.generate.CandidateGenerator;
import dev.codedpo.data.generate.GenerateConfig;
import dev.codedpo.data.generate.GenerateJob;
import dev.codedpo.data.generate.GenerationSummary;
import dev.codedpo.eval.prompt.PromptStyle;
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
        require(cfg.tasksFile(), "tasks_file", "--tasks");
        if (cfg.backend() == Backend.LOCAL || cfg.promptStyle() == PromptStyle.INSTRUCT) {
            require(cfg.modelPath(), "model_path", "--model-path");
        }
        if (cfg.backend() == Backend.OPENAI) {
            require(cfg.baseUrl(), "base_url", "--base-url");
            require(cfg.modelName(), "model_name", "--model");
        }
        Path outDir = Path.of(require(cfg.outputDir(), "output_dir", "--out"));
        CandidateGenerator.Result r = GenerateJob.run(cfg,
                (name, total) -> noProgress ? Progress.NONE : Progress.console(name, total, "tasks"));
        print(r, outDir);
        return Main.EXIT_OK;
    }

    private static String require(String value, String key, String option) {
        if (value == null || value.isBlank()) {
            throw new InputException(key + ": required (set it in the config, with --set " + key + "=..., or "
                    + option + ")");
        }
        return value;
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
