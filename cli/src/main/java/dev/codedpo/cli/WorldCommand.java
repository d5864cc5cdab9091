package dev.codedpo.cli;

import dev.codedpo.core.config.ConfigDocs;
import dev.codedpo.core.config.ConfigLoader;
import dev.codedpo.core.progress.Progress;
import dev.codedpo.data.world.CodeWorld;
import dev.codedpo.data.world.CodeWorldConfig;
import dev.codedpo.data.world.World;
import dev.codedpo.eval.exec.PoolConfig;
import dev.codedpo.eval.exec.PythonWorkerPool;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code codedpo world}: the bundled demo's data, generated from a seed. */
@Command(name = "world", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Generate the code world of the bundled demo: small Python tasks, tests, solutions, tokenizer.",
        description = {
            "Each task asks for a short Python function that filters, maps and aggregates a list of ints, a list of",
            "words or the characters of a string (\"Return the sum of the squares of the even numbers in xs.\"),",
            "with a HumanEval-style prompt. Expected outputs come from running each reference solution in the",
            "sandbox. Held-out tasks use filter/mapping/aggregation combinations that no training task uses.",
            "",
            "Writes DIR (which must not exist; it appears whole or not at all):",
            "  train_tasks.jsonl    {task_id, prompt, entry_point}: input of generation",
            "  heldout_suite.jsonl  HumanEval layout: codedpo eval --suite DIR/heldout_suite.jsonl",
            "  train_suite.jsonl    the training tasks with their tests (ground truth, not for the model)",
            "  sft.jsonl            {prompt, completion} for pretraining: solutions and test writing",
            "  solutions.jsonl      every task's correct solutions, fast and slow",
            "  summary.json, README.md, and model/ (tokenizer.json, tokenizer_config.json, config.json)",
            "The same seed and settings give the same bytes.",
            ""},
        footerHeading = "%nSettings (key = default: meaning):%n")
public final class WorldCommand implements Callable<Integer> {
    @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR", description = "Output directory (new).")
    Path out;

    @Option(names = "--seed", paramLabel = "N", description = "Seed (default 0).")
    Long seed;

    @Option(names = "--train-tasks", paramLabel = "N", description = "Training tasks (default 1000).")
    Integer trainTasks;

    @Option(names = "--heldout-tasks", paramLabel = "N", description = "Held-out tasks (default 100).")
    Integer heldoutTasks;

    @Mixin
    SettingsOptions settings;

    @Option(names = "--no-progress", description = "Do not draw progress bars.")
    boolean noProgress;

    static String settingsHelp() {
        return ConfigDocs.keys(CodeWorldConfig.class, CodeWorldConfig.defaults()) + "%n" + ConfigDocs.SET_RULES;
    }

    @Override
    public Integer call() {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("seed", seed);
        options.put("train_tasks", trainTasks);
        options.put("heldout_tasks", heldoutTasks);
        CodeWorldConfig cfg = ConfigLoader.load(CodeWorldConfig.class, CodeWorldConfig.defaults(),
                settings.config, settings.sets,
                options);
        int workers = cfg.workers() > 0 ? cfg.workers() : Runtime.getRuntime().availableProcessors();
        try (PythonWorkerPool pool = PythonWorkerPool.start(PoolConfig.defaults().withWorkers(workers))) {
            if (!pool.sandbox().networkIsolated() || !pool.sandbox().privilegesDropped()) {
                System.err.println("codedpo world: warning: " + pool.sandbox().notes());
            }
            World w = CodeWorld.generate(cfg, out, pool,
                    (name, total) -> noProgress ? Progress.NONE : Progress.console(name, total, "programs"),
                    System.err::println);
            System.out.printf("tasks: %d train, %d held-out (%d of %d combinations held out); tokenizer: %d tokens%n",
                    w.train().size(), w.heldOut().size(), w.heldOutTriples().size(), w.triples().size(),
                    w.tokenizer().size());
            System.out.println("wrote " + out);
        }
        return Main.EXIT_OK;
    }
}
