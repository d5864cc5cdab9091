package dev.codedpo.cli;

import dev.codedpo.core.config.ConfigDocs;
import dev.codedpo.core.config.ConfigLoader;
import dev.codedpo.core.io.InputException;
import dev.codedpo.core.stage.Stage;
import dev.codedpo.core.stage.StageRunner;
import dev.codedpo.data.generate.Backend;
import dev.codedpo.models.config.ModelConfig;
import dev.codedpo.models.config.ModelConfigReader;
import dev.codedpo.train.plan.DryRun;
import dev.codedpo.train.plan.MemoryPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code codedpo run}: the whole recipe from one config, stage by stage, resumable. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        header = "The whole recipe: generate, pairs, train, eval before and after, compare; resumable by stage.",
        description = {
            "Runs the stages eval-before, generate, pairs, train, eval-after and compare in one run directory,",
            "each in a folder of its own that is also a valid output directory of its command. A stage whose",
            "settings and upstream results are unchanged is skipped; an interrupted one resumes; a changed one runs",
            "again, with everything that reads its result. Writes RUN_DIR/run.json (the resolved config) and",
            "prints the plan first. --dry-run loads no weights: it checks the config and paths, prints the plan",
            "and the train stage's memory estimate. Settings: --config (see configs/run-*.yaml) < --set.",
            ""},
        footerHeading = "%nSettings (section.key = default: meaning):%n")
public final class RunCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, required = true, paramLabel = "YAML", description = "Settings file.")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override one setting, e.g. --set train.learning_rate=1e-5 (repeatable).")
    List<String> sets = new ArrayList<>();

    @Option(names = "--run-dir", paramLabel = "DIR", description = "Run directory (default: runs/<config name>).")
    Path runDir;

    @Option(names = "--from", paramLabel = "STAGE", description = "Run this stage and all later ones again.")
    String from;

    @Option(names = "--only", paramLabel = "STAGE", description = "Run just this stage (its inputs must be done).")
    String only;

    @Option(names = "--dry-run", description = "Check config and paths, print the plan; load and write nothing.")
    boolean dryRun;

    @Option(names = "--device-memory", paramLabel = "GIB",
            description = "--dry-run: memory of the training device, to say whether the train stage fits.")
    double deviceMemoryGib;

    /** The settings list shown after the options in --help. */
    static String settingsHelp() {
        return ConfigDocs.keys(RunConfig.class, RunConfig.defaults()) + "%n" + ConfigDocs.SET_RULES;
    }

    @Override
    public Integer call() {
        RunConfig loaded = ConfigLoader.load(RunConfig.class, RunConfig.defaults(), config, sets, Map.of());
        Path dir = (runDir != null ? runDir : Path.of("runs", baseName(config))).toAbsolutePath().normalize();
        RunConfig cfg = RunWiring.wire(loaded, dir);
        ModelConfig model = checkModels(cfg);
        List<Stage> stages = RunWiring.stages(cfg, dir);
        StageRunner runner = new StageRunner(dir, stages, m -> System.err.println("codedpo run: " + m));
        if (dryRun) {
            System.out.println("run directory " + dir + " (dry run: nothing loaded or written)");
            runner.plan(from, only).forEach(d -> System.out.println("  " + d));
            System.out.println("train memory estimate (" + cfg.train().method().label() + ", "
                    + (cfg.train().lora() != null ? "LoRA rank " + cfg.train().lora().rank() : "full fine-tuning")
                    + "):");
            System.out.print(MemoryPlan.estimate(model, DryRun.run(cfg.train(), model)).render(cfg.train().device(), (long) (deviceMemoryGib * (1L << 30))));
            return Main.EXIT_OK;
        }
        RunExecution.execute(cfg, dir, stages, from, only, System.out::println,
                m -> System.err.println("codedpo run: " + m));
        System.out.println("run complete: " + dir);
        return Main.EXIT_OK;
    }

    /** The models' config.json files, read without weights: the training model's shape is the memory plan's. */
    private static ModelConfig checkModels(RunConfig cfg) {
        if (cfg.generate().backend() == Backend.LOCAL) {
            readConfig(cfg.generate().modelPath(), "generate.model_path");
        }
        return readConfig(cfg.train().modelPath(), "train.model_path");
    }

    private static ModelConfig readConfig(String modelDir, String key) {
        Path f = Path.of(modelDir).resolve("config.json");
        if (!Files.isRegularFile(f)) {
            throw new InputException(key + ": " + modelDir + " has no config.json (a Hugging Face model directory "
                    + "is expected)");
        }
        return ModelConfigReader.read(f);
    }

    private static String baseName(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
