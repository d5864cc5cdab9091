"""Writes tiny random Hugging Face checkpoints and their golden logits (from reference_lm.py) as Java test fixtures.

    python3 tools/parity/make_fixtures.py models/src/test/resources/parity

Deterministic (fixed numpy seeds); rerunning rewrites identical files."""
import json
import os
import sys

import numpy as np

import reference_lm
import safetensors_np

SEQUENCES = [[1, 5, 9, 3, 17, 33, 2, 60, 11, 4, 8, 21, 50, 13], [7, 7, 7, 40], [42]]

CONFIGS = {
    # Llama with grouped-query attention (4 heads / 2 KV heads), tied head, explicit head_dim (12 != 32/4) and
    # linear rope scaling; F32 weights.
    "tiny-llama": ({
        "architectures": ["LlamaForCausalLM"], "model_type": "llama", "vocab_size": 64, "hidden_size": 32,
        "intermediate_size": 48, "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2,
        "head_dim": 12, "max_position_embeddings": 128, "rms_norm_eps": 1e-6, "rope_theta": 500.0,
        "rope_scaling": {"type": "linear", "factor": 2.0}, "hidden_act": "silu", "tie_word_embeddings": True,
        "attention_bias": False, "bos_token_id": 1, "eos_token_id": 2, "torch_dtype": "float32"}, "F32"),
    # Qwen2: bias on q/k/v only, untied lm_head, BF16 weights, 3 KV heads for 6 heads.
    "tiny-qwen2": ({
        "architectures": ["Qwen2ForCausalLM"], "model_type": "qwen2", "vocab_size": 64, "hidden_size": 48,
        "intermediate_size": 64, "num_hidden_layers": 2, "num_attention_heads": 6, "num_key_value_heads": 3,
        "max_position_embeddings": 256, "rms_norm_eps": 1e-6, "rope_theta": 1000000.0, "hidden_act": "silu",
        "tie_word_embeddings": False, "use_sliding_window": False, "sliding_window": 4096, "max_window_layers": 2,
        "bos_token_id": 1, "eos_token_id": 2, "torch_dtype": "bfloat16"}, "BF16"),
    # Mistral: sliding window of 5 (shorter than the longest sequence), F16 weights, multi-query attention.
    "tiny-mistral": ({
        "architectures": ["MistralForCausalLM"], "model_type": "mistral", "vocab_size": 64, "hidden_size": 32,
        "intermediate_size": 40, "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 1,
        "max_position_embeddings": 128, "rms_norm_eps": 1e-5, "rope_theta": 10000.0, "sliding_window": 5,
        "hidden_act": "silu", "tie_word_embeddings": False, "bos_token_id": 1, "eos_token_id": 2,
        "torch_dtype": "float16"}, "F16"),
}


def random_weights(cfg, rng):
    d = cfg["hidden_size"]
    H = cfg["num_attention_heads"]
    KV = cfg["num_key_value_heads"]
    D = cfg.get("head_dim") or d // H
    f = cfg["intermediate_size"]
    V = cfg["vocab_size"]

    def mat(o, i):
        return rng.standard_normal((o, i)) / np.sqrt(i)

    w = {"model.embed_tokens.weight": rng.standard_normal((V, d)),
         "model.norm.weight": 1.0 + 0.1 * rng.standard_normal(d)}
    if not cfg["tie_word_embeddings"]:
        w["lm_head.weight"] = mat(V, d)
    for layer in range(cfg["num_hidden_layers"]):
        p = f"model.layers.{layer}."
        w[p + "input_layernorm.weight"] = 1.0 + 0.1 * rng.standard_normal(d)
        w[p + "post_attention_layernorm.weight"] = 1.0 + 0.1 * rng.standard_normal(d)
        w[p + "self_attn.q_proj.weight"] = mat(H * D, d)
        w[p + "self_attn.k_proj.weight"] = mat(KV * D, d)
        w[p + "self_attn.v_proj.weight"] = mat(KV * D, d)
        w[p + "self_attn.o_proj.weight"] = mat(d, H * D)
        if cfg["model_type"] == "qwen2":
            for n, size in (("q_proj", H * D), ("k_proj", KV * D), ("v_proj", KV * D)):
                w[p + f"self_attn.{n}.bias"] = 0.5 * rng.standard_normal(size)
        w[p + "mlp.gate_proj.weight"] = mat(f, d)
        w[p + "mlp.up_proj.weight"] = mat(f, d)
        w[p + "mlp.down_proj.weight"] = mat(d, f)
    return w


def sequence_nll(cfg, w, seq):
    """-sum_t log p(seq[t+1] | seq[:t+1]): the loss whose gradient the Java autograd test checks."""
    logits = reference_lm.forward(cfg, w, seq)[:-1]
    m = logits.max(axis=-1, keepdims=True)
    logz = (m + np.log(np.exp(logits - m).sum(axis=-1, keepdims=True)))[:, 0]
    targets = np.asarray(seq[1:])
    return float((logz - logits[np.arange(len(targets)), targets]).sum())


# Parameters (and flat element indices) whose gradients are checked: both norms of the path to the loss and a few
# query-projection entries, so the gradient passes through attention, rotary embedding and RMSNorm.
GRADIENT_CHECKS = {"model.norm.weight": list(range(32)),
                   "model.layers.1.input_layernorm.weight": list(range(0, 32, 3)),
                   "model.layers.0.self_attn.q_proj.weight": [0, 1, 2, 33, 100, 250]}


def write_gradient_fixture(out, cfg, w, h=1e-5):
    """Central finite differences in float64 (error ~h^2, far below the float32 tolerance of the Java test)."""
    seq = SEQUENCES[0]
    grads = {}
    for name, indices in GRADIENT_CHECKS.items():
        values = []
        for i in indices:
            flat = w[name].reshape(-1)
            old = flat[i]
            flat[i] = old + h
            plus = sequence_nll(cfg, w, seq)
            flat[i] = old - h
            minus = sequence_nll(cfg, w, seq)
            flat[i] = old
            values.append((plus - minus) / (2 * h))
        grads[name] = {"indices": indices, "gradient": values}
    with open(os.path.join(out, "golden_gradients.json"), "w") as f:
        json.dump({"sequence": seq, "loss": sequence_nll(cfg, w, seq), "gradients": grads}, f, indent=1)


def main(out_root):
    for seed, (name, (cfg, dtype)) in enumerate(sorted(CONFIGS.items())):
        out = os.path.join(out_root, name)
        os.makedirs(out, exist_ok=True)
        weights = random_weights(cfg, np.random.default_rng(1000 + seed))
        path = os.path.join(out, "model.safetensors")
        safetensors_np.write(path, weights, {k: dtype for k in weights})
        # The golden logits come from the weights exactly as stored (after F16/BF16 rounding).
        _, stored = safetensors_np.read(path)
        with open(os.path.join(out, "config.json"), "w") as f:
            json.dump(cfg, f, indent=2)
        with open(os.path.join(out, "generation_config.json"), "w") as f:
            json.dump({"bos_token_id": 1, "eos_token_id": 2}, f, indent=2)
        logits = [reference_lm.forward(cfg, stored, seq).round(7).tolist() for seq in SEQUENCES]
        with open(os.path.join(out, "golden_logits.json"), "w") as f:
            json.dump({"sequences": SEQUENCES, "logits": logits}, f, separators=(",", ":"))
        if name == "tiny-llama":
            write_gradient_fixture(out, cfg, stored)
        print(name, dtype, sum(v.size for v in stored.values()), "parameters")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "models/src/test/resources/parity")
