package dev.codedpo.cli;

import dev.codedpo.models.init.InitialModel;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code codedpo init-model}: a model directory with seeded random weights, the start of pretraining from scratch. */
@Command(name = "init-model", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Write a model with freshly drawn weights for a config.json that has none.",
        description = {
            "Reads DIR/config.json (a Llama, Mistral or Qwen2 config) and the tokenizer files next to it (for the",
            "demo: the model/ directory that codedpo world writes), draws every weight from the seed (projections",
            "and embeddings normal(0, 0.02), norms 1, biases 0) and writes a Hugging Face model directory that",
            "codedpo train, sample, serve and eval load. The same seed gives the same bytes on every machine.",
            ""})
public final class InitModelCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, required = true, paramLabel = "DIR",
            description = "Directory with config.json and the tokenizer files.")
    Path config;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR", description = "Output directory (new).")
    Path out;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0", description = "Seed of the weights (default 0).")
    long seed;

    @Override
    public Integer call() {
        InitialModel.write(config, out, seed);
        System.err.println("codedpo init-model: seed " + seed + " -> " + out);
        return Main.EXIT_OK;
    }
}
