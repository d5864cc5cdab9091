package dev.codedpo.models.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The architecture of a decoder-only model, as read from a Hugging Face {@code config.json} by
 * {@link ModelConfigReader}. One class covers Llama, Mistral and Qwen2: they differ only in which projections carry a
 * bias and in the sliding window.
 *
 * @param modelType        "llama", "mistral" or "qwen2"
 * @param headDim          per-head width (explicit {@code head_dim}, else hidden / heads)
 * @param qkvBias          bias on q/k/v projections (always for qwen2; {@code attention_bias} for llama)
 * @param outputBias       bias on o_proj ({@code attention_bias} for llama; never for qwen2/mistral)
 * @param mlpBias          bias on gate/up/down ({@code mlp_bias} for llama)
 * @param slidingWindow    attention window in tokens, or 0 for full causal attention
 * @param eosTokenIds      every id that ends generation (config.json may hold a list)
 * @param source           the config.json object as read, so that saving keeps fields this class does not model;
 *                         null for configs built in code
 */
public record ModelConfig(
        String modelType,
        int vocabSize,
        int hiddenSize,
        int intermediateSize,
        int numLayers,
        int numHeads,
        int numKvHeads,
        int headDim,
        double rmsNormEps,
        double ropeTheta,
        RopeScaling ropeScaling,
        boolean tieWordEmbeddings,
        boolean qkvBias,
        boolean outputBias,
        boolean mlpBias,
        int slidingWindow,
        int maxPositionEmbeddings,
        Integer bosTokenId,
        List<Integer> eosTokenIds,
        ObjectNode source) {

    public ModelConfig {
        eosTokenIds = List.copyOf(eosTokenIds);
        require(vocabSize > 0, "vocab_size", vocabSize);
        require(hiddenSize > 0, "hidden_size", hiddenSize);
        require(intermediateSize > 0, "intermediate_size", intermediateSize);
        require(numLayers > 0, "num_hidden_layers", numLayers);
        require(numHeads > 0, "num_attention_heads", numHeads);
        require(numKvHeads > 0 && numHeads % numKvHeads == 0, "num_key_value_heads", numKvHeads);
        require(headDim > 0 && headDim % 2 == 0, "head_dim", headDim);
        require(rmsNormEps > 0, "rms_norm_eps", rmsNormEps);
        require(ropeTheta > 0, "rope_theta", ropeTheta);
        require(slidingWindow >= 0, "sliding_window", slidingWindow);
    }

    private static void require(boolean ok, String field, Object value) {
        if (!ok) {
            throw new IllegalArgumentException("config field " + field + " has an invalid value: " + value);
        }
    }

    /** A Llama-architecture config built in code (benchmarks, tests): untied unless asked, no biases. */
    public static ModelConfig llama(int vocab, int hidden, int intermediate, int layers, int heads, int kvHeads,
                                    boolean tied) {
        return new ModelConfig("llama", vocab, hidden, intermediate, layers, heads, kvHeads, hidden / heads,
                1e-5, 10000.0, RopeScaling.NONE, tied, false, false, false, 0, 4096, 1, List.of(2), null);
    }

    /** Query heads that share one key/value head (grouped-query attention). */
    public int groupSize() {
        return numHeads / numKvHeads;
    }

    /** Parameters of the model (embedding counted once when tied). */
    public long parameterCount() {
        long d = hiddenSize;
        long q = (long) numHeads * headDim;
        long kv = (long) numKvHeads * headDim;
        long attn = d * q + 2 * d * kv + q * d + (qkvBias ? q + 2 * kv : 0) + (outputBias ? d : 0);
        long mlp = 3 * d * intermediateSize + (mlpBias ? 2L * intermediateSize + d : 0);
        long perLayer = attn + mlp + 2 * d;
        long embed = (long) vocabSize * d;
        return embed + (tieWordEmbeddings ? 0 : embed) + numLayers * perLayer + d;
    }
}
