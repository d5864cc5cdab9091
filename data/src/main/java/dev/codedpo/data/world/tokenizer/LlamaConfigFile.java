package dev.codedpo.data.world.tokenizer;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codedpo.core.io.Json;
import dev.codedpo.data.world.CodeWorldConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * config.json of the demo's small Llama, sized by the world's settings and the tokenizer's vocabulary: what the
 * models module's RandomInit and HfCheckpoint read. Input and output embeddings are tied: at this size they would
 * otherwise be a large share of the parameters.
 */
public final class LlamaConfigFile {
    private LlamaConfigFile() {}

    public static void write(CodeWorldConfig c, BpeModel tokenizer, Path dir) throws IOException {
        Files.writeString(dir.resolve("config.json"), Json.pretty(json(c, tokenizer)));
    }

    static ObjectNode json(CodeWorldConfig c, BpeModel tokenizer) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.putArray("architectures").add("LlamaForCausalLM");
        n.put("model_type", "llama");
        n.put("vocab_size", tokenizer.size());
        n.put("hidden_size", c.hiddenSize());
        n.put("intermediate_size", c.intermediateSize());
        n.put("num_hidden_layers", c.numLayers());
        n.put("num_attention_heads", c.numHeads());
        n.put("num_key_value_heads", c.numHeads());
        n.put("hidden_act", "silu");
        n.put("max_position_embeddings", c.maxPositionEmbeddings());
        n.put("rms_norm_eps", 1e-5);
        n.put("rope_theta", 10000.0);
        n.put("tie_word_embeddings", true);
        n.put("attention_bias", false);
        n.put("mlp_bias", false);
        n.put("initializer_range", 0.02);
        n.put("bos_token_id", tokenizer.vocab().get("<s>"));
        n.put("eos_token_id", tokenizer.vocab().get("</s>"));
        n.put("pad_token_id", tokenizer.vocab().get("<pad>"));
        n.put("torch_dtype", "float32");
        return n;
    }
}
