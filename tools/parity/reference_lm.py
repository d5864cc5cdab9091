"""An independent float64 numpy forward pass of the Llama / Qwen2 / Mistral decoder, written from the architecture
as Hugging Face transformers defines it (RMSNorm, rotary embeddings in the half-split layout, grouped-query attention,
SwiGLU MLP, optional q/k/v bias, linear rope scaling, explicit head_dim, sliding window)."""
import numpy as np


def rms_norm(x, w, eps):
    return x / np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + eps) * w


def rope_tables(positions, head_dim, theta, scaling):
    inv_freq = 1.0 / theta ** (np.arange(0, head_dim, 2, dtype=np.float64) / head_dim)
    factor = 1.0
    if scaling:
        kind = scaling.get("rope_type", scaling.get("type"))
        if kind == "linear":
            factor = float(scaling["factor"])
        elif kind not in (None, "default"):
            raise ValueError("rope scaling " + str(kind))
    t = np.asarray(positions, dtype=np.float64) / factor
    freqs = np.outer(t, inv_freq)
    emb = np.concatenate([freqs, freqs], axis=-1)
    return np.cos(emb), np.sin(emb)


def rotate_half(x):
    half = x.shape[-1] // 2
    return np.concatenate([-x[..., half:], x[..., :half]], axis=-1)


def silu(x):
    return x / (1.0 + np.exp(-x))


def forward(cfg, w, ids):
    """Logits [T, vocab] of one unpadded sequence."""
    ids = np.asarray(ids)
    T = len(ids)
    d = cfg["hidden_size"]
    H = cfg["num_attention_heads"]
    KV = cfg.get("num_key_value_heads", H)
    D = cfg.get("head_dim") or d // H
    eps = cfg["rms_norm_eps"]
    qkv_bias = cfg["model_type"] == "qwen2" or cfg.get("attention_bias", False)
    o_bias = cfg["model_type"] != "qwen2" and cfg.get("attention_bias", False)
    window = cfg.get("sliding_window") if cfg["model_type"] == "mistral" else None
    cos, sin = rope_tables(np.arange(T), D, cfg.get("rope_theta", 10000.0), cfg.get("rope_scaling"))
    allowed = np.tril(np.ones((T, T), dtype=bool))
    if window:
        i = np.arange(T)[:, None]
        j = np.arange(T)[None, :]
        allowed &= (i - j) < window
    x = w["model.embed_tokens.weight"][ids]
    for layer in range(cfg["num_hidden_layers"]):
        p = f"model.layers.{layer}."
        h = rms_norm(x, w[p + "input_layernorm.weight"], eps)

        def proj(name, bias):
            y = h @ w[p + f"self_attn.{name}.weight"].T
            return y + w[p + f"self_attn.{name}.bias"] if bias else y

        q = proj("q_proj", qkv_bias).reshape(T, H, D).transpose(1, 0, 2)
        k = proj("k_proj", qkv_bias).reshape(T, KV, D).transpose(1, 0, 2)
        v = proj("v_proj", qkv_bias).reshape(T, KV, D).transpose(1, 0, 2)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        k = np.repeat(k, H // KV, axis=0)
        v = np.repeat(v, H // KV, axis=0)
        scores = q @ k.transpose(0, 2, 1) / np.sqrt(D)
        scores = np.where(allowed, scores, -np.inf)
        scores -= scores.max(axis=-1, keepdims=True)
        probs = np.exp(scores)
        probs /= probs.sum(axis=-1, keepdims=True)
        attn = (probs @ v).transpose(1, 0, 2).reshape(T, H * D)
        out = attn @ w[p + "self_attn.o_proj.weight"].T
        if o_bias:
            out = out + w[p + "self_attn.o_proj.bias"]
        x = x + out
        h = rms_norm(x, w[p + "post_attention_layernorm.weight"], eps)
        gate = h @ w[p + "mlp.gate_proj.weight"].T
        up = h @ w[p + "mlp.up_proj.weight"].T
        x = x + (silu(gate) * up) @ w[p + "mlp.down_proj.weight"].T
    x = rms_norm(x, w["model.norm.weight"], eps)
    head = w["model.embed_tokens.weight"] if cfg.get("tie_word_embeddings") else w["lm_head.weight"]
    return x @ head.T
