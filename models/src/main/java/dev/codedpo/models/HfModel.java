package dev.codedpo.models;

import ai.djl.Device;
import dev.codedpo.models.config.GenerationDefaults;
import dev.codedpo.models.io.HfCheckpoint;
import dev.codedpo.models.nn.CausalLM;
import dev.codedpo.models.tokenizer.Tokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Everything a Hugging Face model directory holds, loaded: the network, its tokenizer and its generation defaults.
 * Closing it frees the native memory of both.
 */
public record HfModel(Path dir, CausalLM model, Tokenizer tokenizer, GenerationDefaults generation)
        implements AutoCloseable {

    public static HfModel load(Path dir, Device device) {
        if (!Files.isDirectory(dir)) {
            throw new dev.codedpo.core.io.InputException(dir + ": not a directory (expected a Hugging Face model "
                    + "directory with config.json, model.safetensors and tokenizer.json)");
        }
        CausalLM model = HfCheckpoint.load(dir, device);
        try {
            Tokenizer tokenizer = Tokenizer.load(dir);
            GenerationDefaults gen = GenerationDefaults.read(dir.resolve("generation_config.json"), model.config());
            return new HfModel(dir, model, tokenizer, gen);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** Ids that end a generated sequence: generation_config.json's, config.json's and the tokenizer's EOS. */
    public Set<Long> eosTokenIds() {
        Set<Long> ids = new LinkedHashSet<>();
        generation.eosTokenIds().forEach(i -> ids.add(i.longValue()));
        model.config().eosTokenIds().forEach(i -> ids.add(i.longValue()));
        ids.addAll(tokenizer.specialTokens().eosIds());
        return ids;
    }

    @Override
    public void close() {
        tokenizer.close();
        model.close();
    }
}
