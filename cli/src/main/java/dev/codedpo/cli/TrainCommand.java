package dev.codedpo.cli;

import dev.codedpo.core.config.ConfigDocs;
import dev.codedpo.core.config.ConfigLoader;
import dev.codedpo.core.io.InputException;
import dev.codedpo.train.TrainConfig;
import dev.codedpo.train.plan.DryRun;
import dev.codedpo.train.run.TrainSummary;
import dev.codedpo.train.run.TrainingRun;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code codedpo train}: DPO (sigmoid, IPO, hinge, robust; optional RPO term), KTO or SFT on a model directory. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Train a model with DPO, KTO or SFT on the files codedpo pairs writes.",
        description = {
            "Reads settings from --config (see configs/train-*.yaml), overridden by --set key=value. Writes to",
            "output_dir: metrics.jsonl (one row per logged step, TRL's metric names), checkpoint-N/ every",
            "save_steps (weights, optimizer and trainer state), the final model in Hugging Face layout",
            "(loadable by codedpo sample, logprobs and eval) and train_summary.json. --resume continues an",
            "interrupted run from its newest complete checkpoint with the same results as an uninterrupted one.",
            "--dry-run reads only the model's config.json and prints the memory the run needs (weights, reference,",
            "gradients, AdamW state, activations, response logits) and whether it fits the device: exit 0 when it",
            "fits (or the GPU's memory is unknown), 3 when it does not.",
            ""},
        footerHeading = "%nSettings (key = default: meaning):%n")
public final class TrainCommand implements Callable<Integer> {
    @Mixin
    SettingsOptions settings;

    @Option(names = "--resume", arity = "0..1", fallbackValue = "", paramLabel = "CHECKPOINT",
            description = "Continue the run in output_dir (from its newest checkpoint, or the one given).")
    String resume;

    @Option(names = "--no-progress", description = "Do not draw a progress bar.")
    boolean noProgress;

    @Option(names = "--dry-run", description = "Print the memory plan and whether it fits; train nothing "
            + "(exit 3 when it does not fit).")
    boolean dryRun;

    @Option(names = "--device-memory", paramLabel = "GIB", description = "Memory of the device for --dry-run, in "
            + "GiB (default: MemTotal for cpu, unknown for a GPU).")
    Double deviceMemory;

    /** --dry-run's exit status when the plan does not fit the device. */
    static final int EXIT_DOES_NOT_FIT = 3;

    /** The settings list shown after the options in --help. */
    static String settingsHelp() {
        return ConfigDocs.keys(TrainConfig.class, TrainConfig.defaults()) + "%n" + ConfigDocs.SET_RULES;
    }

    @Override
    public Integer call() {
        Map<String, Object> options = new HashMap<>();
        TrainConfig cfg = ConfigLoader.load(TrainConfig.class, TrainConfig.defaults(),
                settings.config, settings.sets, options);
        if (dryRun) {
            if (deviceMemory != null && !(deviceMemory > 0)) {
                throw new InputException("--device-memory: expected a number of GiB > 0, got " + deviceMemory);
            }
            DryRun.Result plan = DryRun.of(cfg, deviceMemory);
            System.out.print(plan.text());
            return plan.fits() ? Main.EXIT_OK : EXIT_DOES_NOT_FIT;
        }
        boolean resuming = resume != null;
        Path from = resuming && !resume.isEmpty() ? Path.of(resume) : null;
        TrainSummary s = new TrainingRun(cfg, resuming, from, !noProgress, System.err::println).run();
        System.err.println(String.format(Locale.ROOT, "codedpo train: %s, %d steps (%.2f epochs) in %.1f s -> %s",
                s.method(), s.globalStep(), s.epoch(), s.trainSeconds(), cfg.outputDir()));
        return Main.EXIT_OK;
    }
}
