package dev.codedpo.train.pretrain;

import dev.codedpo.core.io.InputException;
import dev.codedpo.models.init.InitialModel;
import dev.codedpo.train.Method;
import dev.codedpo.train.TrainConfig;
import dev.codedpo.train.run.TrainSummary;
import dev.codedpo.train.run.TrainingRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The demo's "SFT model" made from scratch: weights drawn from a seed for a config.json without weights (the code
 * world's {@code model/}), then SFT with the ordinary trainer. The same seed and settings give the same weights,
 * because the initial weights are drawn in Java and the trainer is deterministic on CPU.
 */
public final class Pretraining {
    private Pretraining() {}

    /**
     * @param configDir directory with config.json and the tokenizer files, no weights
     * @param initSeed  seed of the initial weights (the row order is the config's own {@code seed})
     * @param sft       an SFT run whose {@code model_path} is where the initial weights go (a new directory) and whose
     *                  {@code output_dir} receives the trained model
     */
    public static TrainSummary run(Path configDir, long initSeed, TrainConfig sft, boolean showProgress,
                                   Consumer<String> log) {
        if (sft.method() != Method.SFT) {
            throw new InputException("method: pretraining is sft, not " + sft.method().label());
        }
        if (sft.modelPath() == null || sft.outputDir() == null || sft.trainFile() == null) {
            throw new InputException("model_path, train_file and output_dir: all three must be set for pretraining");
        }
        if (!Files.isRegularFile(Path.of(sft.trainFile()))) {
            // Checked before the initial weights are written, so a typo leaves nothing behind.
            throw new InputException("train_file: " + sft.trainFile() + ": no such file");
        }
        Path init = Path.of(sft.modelPath());
        if (Files.exists(init)) {
            throw new InputException("model_path: " + init + " exists already; pretraining writes the initial "
                    + "weights there (choose a new directory)");
        }
        InitialModel.write(configDir, init, initSeed);
        log.accept("initial weights (seed " + initSeed + ") written to " + init);
        return new TrainingRun(sft, false, null, showProgress, log).run();
    }
}
