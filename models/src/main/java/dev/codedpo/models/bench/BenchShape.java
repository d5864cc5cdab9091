package dev.codedpo.models.bench;

import dev.codedpo.core.io.InputException;
import dev.codedpo.models.config.ModelConfig;
import java.util.List;

/** Named model shapes for the benchmark. */
public record BenchShape(String name, ModelConfig config) {
    /** The 0.9M-parameter Llama of DJL-NOTES.md: vocab 512, d 128, 4 layers, 4 heads / 2 KV heads, untied head. */
    public static final BenchShape SMALL = new BenchShape("0.9M", ModelConfig.llama(512, 128, 352, 4, 4, 2, false));
    /** d 512, 8 layers, 8 heads / 2 KV heads, SwiGLU 1408, vocab 8192, tied head (22.5M non-embedding). */
    public static final BenchShape MEDIUM = new BenchShape("20M", ModelConfig.llama(8192, 512, 1408, 8, 8, 2, true));

    public static List<BenchShape> parse(List<String> names) {
        return names.stream().map(BenchShape::of).toList();
    }

    public static BenchShape of(String name) {
        return switch (name.toLowerCase()) {
            case "0.9m", "small" -> SMALL;
            case "20m", "medium" -> MEDIUM;
            default -> throw new InputException("unknown shape \"" + name + "\" (choose 0.9M or 20M)");
        };
    }

    /** Weights that take part in matrix products per token: every projection plus the output head. */
    public long matmulParameters() {
        ModelConfig c = config;
        long d = c.hiddenSize();
        long q = (long) c.numHeads() * c.headDim();
        long kv = (long) c.numKvHeads() * c.headDim();
        long perLayer = d * q + 2 * d * kv + q * d + 3 * d * c.intermediateSize();
        return c.numLayers() * perLayer + (long) c.vocabSize() * d;
    }

    /**
     * Training FLOPs per token at sequence length t: 6 x matmul parameters plus attention scores and mixing,
     * 12 x layers x t x heads x head_dim (forward 4 L t H D, backward twice that; full t, as the PaLM paper counts).
     */
    public double trainFlopsPerToken(int t) {
        ModelConfig c = config;
        return 6.0 * matmulParameters() + 12.0 * c.numLayers() * t * c.numHeads() * c.headDim();
    }
}
