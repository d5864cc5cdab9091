package dev.codedpo.models.nn;

import dev.codedpo.models.config.ModelConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parameters a config implies, under their Hugging Face names and shapes ([out, in] for projections), in the
 * order checkpoints list them. Loading checks a checkpoint against this; saving writes exactly these.
 */
public final class ParameterLayout {
    public static final String EMBED = "model.embed_tokens.weight";
    public static final String FINAL_NORM = "model.norm.weight";
    public static final String LM_HEAD = "lm_head.weight";

    private ParameterLayout() {}

    public static String layer(int i) {
        return "model.layers." + i + ".";
    }

    public static Map<String, long[]> shapes(ModelConfig c) {
        Map<String, long[]> m = new LinkedHashMap<>();
        long d = c.hiddenSize();
        long q = (long) c.numHeads() * c.headDim();
        long kv = (long) c.numKvHeads() * c.headDim();
        long f = c.intermediateSize();
        m.put(EMBED, new long[] {c.vocabSize(), d});
        for (int i = 0; i < c.numLayers(); i++) {
            String p = layer(i);
            m.put(p + "input_layernorm.weight", new long[] {d});
            projection(m, p + "self_attn.q_proj", q, d, c.qkvBias());
            projection(m, p + "self_attn.k_proj", kv, d, c.qkvBias());
            projection(m, p + "self_attn.v_proj", kv, d, c.qkvBias());
            projection(m, p + "self_attn.o_proj", d, q, c.outputBias());
            m.put(p + "post_attention_layernorm.weight", new long[] {d});
            projection(m, p + "mlp.gate_proj", f, d, c.mlpBias());
            projection(m, p + "mlp.up_proj", f, d, c.mlpBias());
            projection(m, p + "mlp.down_proj", d, f, c.mlpBias());
        }
        m.put(FINAL_NORM, new long[] {d});
        if (!c.tieWordEmbeddings()) {
            m.put(LM_HEAD, new long[] {c.vocabSize(), d});
        }
        return m;
    }

    private static void projection(Map<String, long[]> m, String base, long out, long in, boolean bias) {
        m.put(base + ".weight", new long[] {out, in});
        if (bias) {
            m.put(base + ".bias", new long[] {out});
        }
    }
}
