"""A small Llama / Qwen2 decoder forward pass in torch, for training references: RMSNorm, rotary embeddings in the
half-split layout, grouped-query attention (KV heads repeated with repeat_interleave), SwiGLU MLP, q/k/v bias for
qwen2, tied or untied head. Batches are right padded; real tokens sit at positions 0..n-1 and the causal mask alone
keeps them from attending to the padding that follows them."""
import json
import math
import os

import torch

import safetensors_read


class TinyLm:
    def __init__(self, model_dir, dtype):
        with open(os.path.join(model_dir, "config.json")) as f:
            self.cfg = json.load(f)
        cfg = self.cfg
        if cfg.get("rope_scaling") or (cfg["model_type"] == "mistral"):
            raise ValueError(f"{model_dir}: rope scaling / sliding window are not part of this reference")
        self.dtype = dtype
        self.hidden = cfg["hidden_size"]
        self.heads = cfg["num_attention_heads"]
        self.kv_heads = cfg.get("num_key_value_heads", self.heads)
        self.head_dim = cfg.get("head_dim") or self.hidden // self.heads
        self.eps = cfg["rms_norm_eps"]
        self.theta = cfg.get("rope_theta", 10000.0)
        self.layers = cfg["num_hidden_layers"]
        self.qkv_bias = cfg["model_type"] == "qwen2" or cfg.get("attention_bias", False)
        self.tied = bool(cfg.get("tie_word_embeddings", False))
        stored = safetensors_read.read_float64(os.path.join(model_dir, "model.safetensors"))
        # Insertion order is the parameter order everywhere (gradient norm sums, optimizer state).
        self.initial = {name: torch.tensor(stored[name], dtype=dtype) for name in sorted(stored)}
        if self.tied:
            self.initial.pop("lm_head.weight", None)

    def fresh_params(self, requires_grad):
        return {k: v.clone().requires_grad_(requires_grad) for k, v in self.initial.items()}

    def _rms_norm(self, x, weight):
        return x * torch.rsqrt((x * x).mean(dim=-1, keepdim=True) + self.eps) * weight

    def _rope(self, length):
        half = torch.arange(0, self.head_dim, 2, dtype=torch.float64) / self.head_dim
        inv_freq = 1.0 / (self.theta ** half)
        angles = torch.outer(torch.arange(length, dtype=torch.float64), inv_freq)
        angles = torch.cat([angles, angles], dim=-1)
        # Tables are built in float64 and rounded once, as a float32 implementation that precomputes them would.
        return angles.cos().to(self.dtype), angles.sin().to(self.dtype)

    @staticmethod
    def _rotate_half(x):
        half = x.shape[-1] // 2
        return torch.cat([-x[..., half:], x[..., :half]], dim=-1)

    @staticmethod
    def _linear(p, name, x, lora, scale):
        """x W^T, plus scale (x A^T) B^T where `lora` holds (A [r, in], B [out, r]) for this projection."""
        y = x @ p[name + ".weight"].T
        if lora and name in lora:
            a, b = lora[name]
            y = y + ((x @ a.T) @ b.T) * scale
        return y

    def logits(self, p, ids, lora=None, lora_scale=1.0):
        """ids: LongTensor [B, T] -> logits [B, T, vocab]. lora: projection name -> (A, B), or None."""
        B, T = ids.shape
        H, KV, D = self.heads, self.kv_heads, self.head_dim
        cos, sin = self._rope(T)
        causal = torch.ones(T, T, dtype=torch.bool).tril()
        x = p["model.embed_tokens.weight"][ids]
        for layer in range(self.layers):
            pre = f"model.layers.{layer}."
            h = self._rms_norm(x, p[pre + "input_layernorm.weight"])

            def proj(name, heads):
                y = self._linear(p, pre + f"self_attn.{name}", h, lora, lora_scale)
                if self.qkv_bias:
                    y = y + p[pre + f"self_attn.{name}.bias"]
                return y.view(B, T, heads, D).transpose(1, 2)

            q, k, v = proj("q_proj", H), proj("k_proj", KV), proj("v_proj", KV)
            q = q * cos + self._rotate_half(q) * sin
            k = k * cos + self._rotate_half(k) * sin
            k = k.repeat_interleave(H // KV, dim=1)
            v = v.repeat_interleave(H // KV, dim=1)
            scores = (q @ k.transpose(-1, -2)) / math.sqrt(D)
            scores = scores.masked_fill(~causal, float("-inf"))
            attn = torch.softmax(scores, dim=-1) @ v
            attn = attn.transpose(1, 2).reshape(B, T, H * D)
            x = x + self._linear(p, pre + "self_attn.o_proj", attn, lora, lora_scale)
            h = self._rms_norm(x, p[pre + "post_attention_layernorm.weight"])
            gate = self._linear(p, pre + "mlp.gate_proj", h, lora, lora_scale)
            up = self._linear(p, pre + "mlp.up_proj", h, lora, lora_scale)
            x = x + self._linear(p, pre + "mlp.down_proj", torch.nn.functional.silu(gate) * up, lora, lora_scale)
        x = self._rms_norm(x, p["model.norm.weight"])
        head = p["model.embed_tokens.weight"] if self.tied else p["lm_head.weight"]
        return x @ head.T
