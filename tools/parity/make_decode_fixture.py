"""Writes the golden greedy continuations that BatchedGreedyDecodeTest checks batched decoding against.

    python3 tools/parity/make_decode_fixture.py models/src/test/resources/parity/decode-batched

The model is a Llama-architecture checkpoint of the size that exposed issue 12 (hidden 512, 2 layers, 8 heads / 2 KV
heads, FFN 1376, vocab 512, untied head: 6.1M parameters, projections of 256 KiB to 2.7 MiB). Its weights are not
stored: every value is defined by a formula (weight_values) that the Java test computes to the same float32 bits, so
the fixture stays a few KiB. The continuations come from reference_lm.py, an independent float64 forward pass over
those float32 weights.

Greedy decoding runs MAX_NEW_TOKENS steps with no end-of-sequence stop (the config's eos id is an ordinary token
here). Each step records the gap between the largest and the second-largest logit; the seed was chosen so that the
smallest gap over all prompts is far above float32 rounding (asserted below), so a correct float32 implementation
must pick exactly these tokens. Deterministic: rerunning rewrites an identical file."""
import json
import os
import sys

import numpy as np

import reference_lm

CONFIG = {
    "architectures": ["LlamaForCausalLM"], "model_type": "llama", "vocab_size": 512, "hidden_size": 512,
    "intermediate_size": 1376, "num_hidden_layers": 2, "num_attention_heads": 8, "num_key_value_heads": 2,
    "max_position_embeddings": 4096, "rms_norm_eps": 1e-5, "rope_theta": 10000.0, "hidden_act": "silu",
    "tie_word_embeddings": False, "attention_bias": False, "bos_token_id": 1, "eos_token_id": 2,
    "torch_dtype": "float32"}

# Chosen by trying seeds 0..11 with these scales: seed 9 gives the widest smallest top-1/top-2 gap (0.30, logits of
# standard deviation ~26). Weight ranges are powers of two, so that every value is exact in float32.
SEED = 9
SCALE_LOG2 = {"embed": -2, "q_proj": -1, "k_proj": -1, "v_proj": -1, "o_proj": -1, "gate_proj": -2, "up_proj": -2,
              "down_proj": -2, "lm_head": 1, "norm": -2}
PROMPT_LENGTHS = [1, 3, 7, 12, 5, 9, 2, 16]
PROMPT_SEED = 7
MAX_NEW_TOKENS = 24
MIN_GAP = 0.1

MASK64 = (1 << 64) - 1
GOLDEN_GAMMA = 0x9E3779B97F4A7C15
INDEX_MULTIPLIER = 0xD1B54A32D192ED03
MIX_MULTIPLIER = 0xD6E8FEB86659FD93
FORMULA = ("x = (seed + tensor * 0x9E3779B97F4A7C15 + (element + 1) * 0xD1B54A32D192ED03) mod 2^64; "
           "twice: x ^= x >> 32, x = x * 0xD6E8FEB86659FD93 mod 2^64; then x ^= x >> 32; "
           "k = (x >> 40) - 2^23 (a signed 24-bit integer); value = float32(offset + k * 2^(scale_log2 - 23)), "
           "the sum computed exactly in float64 and rounded to nearest float32 (exact when offset is 0); "
           "tensor is the index in the tensors list, element the row-major flat index")


def tensor_specs(cfg):
    """(name, shape, scale_log2, offset) in Hugging Face checkpoint order; norms are 1 + a small spread."""
    d = cfg["hidden_size"]
    q = cfg["num_attention_heads"] * (d // cfg["num_attention_heads"])
    kv = cfg["num_key_value_heads"] * (d // cfg["num_attention_heads"])
    f = cfg["intermediate_size"]
    v = cfg["vocab_size"]
    norm = ((d,), SCALE_LOG2["norm"], 1)
    specs = [("model.embed_tokens.weight", (v, d), SCALE_LOG2["embed"], 0)]
    for layer in range(cfg["num_hidden_layers"]):
        p = f"model.layers.{layer}."
        specs += [(p + "input_layernorm.weight",) + norm,
                  (p + "self_attn.q_proj.weight", (q, d), SCALE_LOG2["q_proj"], 0),
                  (p + "self_attn.k_proj.weight", (kv, d), SCALE_LOG2["k_proj"], 0),
                  (p + "self_attn.v_proj.weight", (kv, d), SCALE_LOG2["v_proj"], 0),
                  (p + "self_attn.o_proj.weight", (d, q), SCALE_LOG2["o_proj"], 0),
                  (p + "post_attention_layernorm.weight",) + norm,
                  (p + "mlp.gate_proj.weight", (f, d), SCALE_LOG2["gate_proj"], 0),
                  (p + "mlp.up_proj.weight", (f, d), SCALE_LOG2["up_proj"], 0),
                  (p + "mlp.down_proj.weight", (d, f), SCALE_LOG2["down_proj"], 0)]
    specs += [("model.norm.weight",) + norm, ("lm_head.weight", (v, d), SCALE_LOG2["lm_head"], 0)]
    return specs


def weight_values(seed, tensor, count, scale_log2, offset):
    """The float32 values of one tensor (see FORMULA); uint64 arithmetic wraps modulo 2^64 as the formula says."""
    element = np.arange(1, count + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):
        x = (np.uint64(seed) + np.uint64(tensor) * np.uint64(GOLDEN_GAMMA)) + element * np.uint64(INDEX_MULTIPLIER)
        for _ in range(2):
            x ^= x >> np.uint64(32)
            x *= np.uint64(MIX_MULTIPLIER)
        x ^= x >> np.uint64(32)
    k = (x >> np.uint64(40)).astype(np.int64) - (1 << 23)
    return (offset + k.astype(np.float64) * 2.0 ** (scale_log2 - 23)).astype(np.float32)


def greedy(cfg, w, prompt, steps):
    """The greedy continuation and the smallest top-1/top-2 logit gap met on the way."""
    ids = list(prompt)
    out = []
    smallest = float("inf")
    for _ in range(steps):
        logits = reference_lm.forward(cfg, w, ids)[-1]
        top2 = np.sort(logits)[-2:]
        smallest = min(smallest, float(top2[1] - top2[0]))
        nxt = int(np.argmax(logits))
        out.append(nxt)
        ids.append(nxt)
    return out, smallest


def stop_token(continuations):
    """A token that ends some rows early and not others, at different steps: the id that the most rows (but not
    all) produce, preferring later first occurrences, then the smallest id."""
    best = None
    for tok in sorted({t for c in continuations for t in c}):
        firsts = [c.index(tok) for c in continuations if tok in c]
        if len(firsts) == len(continuations) or 0 in firsts:
            continue
        key = (len(firsts), len(set(firsts)), -tok)
        if best is None or key > best[0]:
            best = (key, tok)
    return best[1]


def main(out_dir):
    specs = tensor_specs(CONFIG)
    tensors = []
    w = {}
    for t, (name, shape, scale_log2, offset) in enumerate(specs):
        values = weight_values(SEED, t, int(np.prod(shape)), scale_log2, offset)
        w[name] = values.astype(np.float64).reshape(shape)
        # Every value is an integer multiple of 2^(scale_log2 - 23) (norms: of 2^-24) below 2^24 of them, and a
        # tensor has under 2^21 values: the float64 sum is exact in any order, so Java can compare it for equality.
        tensors.append({"name": name, "shape": list(shape), "scale_log2": scale_log2, "offset": offset,
                        "checksum": float(values.astype(np.float64).sum())})
    rng = np.random.default_rng(PROMPT_SEED)
    prompts = [rng.integers(0, CONFIG["vocab_size"], n).tolist() for n in PROMPT_LENGTHS]
    rows = []
    for prompt in prompts:
        ids, gap = greedy(CONFIG, w, prompt, MAX_NEW_TOKENS)
        rows.append({"prompt": prompt, "greedy": ids, "min_gap": round(gap, 6)})
    smallest = min(r["min_gap"] for r in rows)
    assert smallest > MIN_GAP, f"smallest top-1/top-2 logit gap {smallest} <= {MIN_GAP}: choose another seed"
    stop = stop_token([r["greedy"] for r in rows])
    for r in rows:
        r["stop_at"] = r["greedy"].index(stop) if stop in r["greedy"] else -1
    os.makedirs(out_dir, exist_ok=True)
    golden = {"generator": "tools/parity/make_decode_fixture.py", "config": CONFIG,
              "weights": {"formula": FORMULA, "seed": SEED, "tensors": tensors},
              "max_new_tokens": MAX_NEW_TOKENS, "eos_stops": False, "min_gap": smallest, "stop_token": stop,
              "prompts": rows}
    with open(os.path.join(out_dir, "golden_greedy.json"), "w") as f:
        json.dump(golden, f, indent=1)
        f.write("\n")
    n_params = sum(int(np.prod(s[1])) for s in specs)
    print(f"{n_params} parameters; smallest gap {smallest:.4f}; stop token {stop} ends rows "
          f"{[i for i, r in enumerate(rows) if r['stop_at'] >= 0]} at {[r['stop_at'] for r in rows]}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "models/src/test/resources/parity/decode-batched")
