package dev.codedpo.models.init;

import ai.djl.Device;
import dev.codedpo.core.io.InputException;
import dev.codedpo.models.config.ModelConfig;
import dev.codedpo.models.config.ModelConfigReader;
import dev.codedpo.models.io.HfCheckpoint;
import dev.codedpo.models.io.SaveOptions;
import dev.codedpo.models.nn.CausalLM;
import dev.codedpo.models.nn.RandomInit;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A model directory with freshly drawn weights for a config.json that has none (the code world's {@code model/}):
 * the start of pretraining from scratch. The weights come from {@link RandomInit}, drawn in Java from the seed, so a
 * seed gives the same bytes on every machine. The tokenizer files next to config.json are copied along, so the
 * result is a complete model directory that {@code codedpo train}, {@code sample} and {@code eval} load.
 */
public final class InitialModel {
    private InitialModel() {}

    /**
     * @param configDir directory holding config.json (and the tokenizer files)
     * @param out       new directory; it appears whole or not at all
     */
    public static void write(Path configDir, Path out, long seed) {
        Path configJson = configDir.resolve("config.json");
        if (!Files.isRegularFile(configJson)) {
            throw new InputException("--config: " + configJson + ": no such file");
        }
        if (!Files.isRegularFile(configDir.resolve("tokenizer.json"))) {
            throw new InputException("--config: " + configDir + " has no tokenizer.json (a model needs one)");
        }
        if (Files.exists(out)) {
            throw new InputException("--out: " + out + " exists already (choose a new directory)");
        }
        ModelConfig config = ModelConfigReader.read(configJson);
        try (CausalLM model = RandomInit.create(config, Device.cpu(), seed)) {
            HfCheckpoint.save(model, out, SaveOptions.f32(configDir));
        }
    }
}
