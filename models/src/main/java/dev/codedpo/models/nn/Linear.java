package dev.codedpo.models.nn;

import ai.djl.ndarray.NDArray;

/**
 * How {@link CausalLM} applies each projection: {@code y = x W^T + b}. The default is the plain engine op; adapters
 * (LoRA) install their own to add low-rank terms for chosen projections by name.
 */
@FunctionalInterface
public interface Linear {
    /**
     * @param name   the projection's Hugging Face name without ".weight", e.g. "model.layers.0.self_attn.q_proj",
     *               or "lm_head" for the output head (tied or not)
     * @param input  activations [..., in]
     * @param weight [out, in]
     * @param bias   [out] or null
     */
    NDArray apply(String name, NDArray input, NDArray weight, NDArray bias);

    /** The engine's op; a weight stored in half precision goes through {@link HalfWeights}. */
    Linear PLAIN = (name, input, weight, bias) -> weight.getDataType() != input.getDataType()
            && HalfWeights.isHalf(weight.getDataType()) ? HalfWeights.linear(input, weight, bias)
            : input.getNDArrayInternal().linear(input, weight, bias).singletonOrThrow();
}
