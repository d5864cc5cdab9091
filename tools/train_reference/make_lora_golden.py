"""Writes the LoRA golden fixtures from the independent torch reference:

    /usr/bin/python3 tools/train_reference/make_lora_golden.py train/src/test/resources/golden

- lora_dpo_initial/: the starting adapter in PEFT's layout (A uniform in (-1/sqrt(in), 1/sqrt(in)) from a fixed numpy
  seed, stored as float32; B = 0), which the Java test loads, so both sides start from the same A;
- dpo_lora.json: six optimizer steps of sigmoid DPO on stories260K training only the adapter (base frozen; the
  reference is the base alone), float64, with the float32 drift measured as make_golden.py does;
- lora_dpo_trained/: the adapter after the six float64 steps (stored float32), and lora_forward.json: logits of the
  base + that adapter on two token rows (float64 from the stored values), for the Java loading test.
Deterministic: rerunning writes identical files."""
import json
import math
import os
import sys

sys.dont_write_bytecode = True

import numpy as np  # noqa: E402
import torch  # noqa: E402

import cases  # noqa: E402
import peft_files  # noqa: E402
import trainer  # noqa: E402
from make_golden import DRIFT_LIMIT, _rel  # noqa: E402
from optim import AdamW, clip_global_norm, learning_rate  # noqa: E402
from torch_lm import TinyLm  # noqa: E402

RANK, ALPHA = 4, 8.0
TARGETS = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]
A_SEED = 1515
# Between the step norms of a run without clipping (2.27, 1.97, 2.97, 1.67, 1.24, 0.33): clips steps 1-3 only.
MAX_GRAD_NORM = 1.8
CONFIG = dict(cases.BASE_CONFIG, loss_type="sigmoid", beta=0.1, learning_rate=1e-2, lr_scheduler="constant",
              warmup_steps=1, weight_decay=0.1, adam_epsilon=1e-3, max_grad_norm=MAX_GRAD_NORM, batch_size=2,
              grad_accum_steps=2, max_steps=6)
FORWARD_ROWS = [[1, 357, 185, 71, 402, 205, 152, 189, 472], [1, 40, 41, 42, 2]]


def modules(model):
    out = []
    for layer in range(model.layers):
        for t in TARGETS:
            block = "mlp" if t in ("gate_proj", "up_proj", "down_proj") else "self_attn"
            out.append(f"model.layers.{layer}.{block}.{t}")
    return out


class LoraModel:
    """The frozen base plus adapters given as params {PEFT tensor name: tensor}; empty params = the base alone."""

    def __init__(self, base, dtype):
        self.base = base
        self.weights = base.fresh_params(requires_grad=False)
        self.dtype = dtype

    def logits(self, params, ids):
        lora = {}
        for name, value in params.items():
            module, which = name[len("base_model.model."):].rsplit(".lora_", 1)
            pair = lora.setdefault(module, [None, None])
            pair[0 if which.startswith("A") else 1] = value
        return self.base.logits(self.weights, ids, lora=lora, lora_scale=ALPHA / RANK)


def initial_adapter(model):
    rng = np.random.default_rng(A_SEED)
    out = {}
    for module in modules(model):
        w = model.initial[module + ".weight"]
        fan_in = w.shape[1]
        bound = 1 / math.sqrt(fan_in)
        a = rng.uniform(-bound, bound, size=(RANK, fan_in)).astype(np.float32).astype(np.float64)
        out[module] = (a, np.zeros((w.shape[0], RANK)))
    return out


def run(models_root, adapter, dtype, rows):
    model = LoraModel(TinyLm(os.path.join(models_root, cases.STORIES), dtype), dtype)
    params = {}
    for module, (a, b) in adapter.items():
        params[peft_files.tensor_name(module, "A")] = torch.tensor(a, dtype=dtype, requires_grad=True)
        params[peft_files.tensor_name(module, "B")] = torch.tensor(b, dtype=dtype, requires_grad=True)
    optimizer = AdamW(params, CONFIG)
    cursor = trainer.RowCursor(rows)
    records, stats_by_step = [], []
    for k in range(1, CONFIG["max_steps"] + 1):
        for p in params.values():
            p.grad = None
        micro = [cursor.take(CONFIG["batch_size"]) for _ in range(CONFIG["grad_accum_steps"])]
        loss, metrics, stats = trainer._dpo_step(model, params, {}, micro, CONFIG, cases.PAD)
        stats_by_step.append(stats)
        grads = {n: p.grad for n, p in params.items()}
        norm, clipped = clip_global_norm(grads, CONFIG["max_grad_norm"])
        lr = learning_rate(CONFIG, k)
        optimizer.step(params, grads, lr)
        record = {"step": k, "loss": loss, "grad_norm": norm, "learning_rate": lr,
                  "epoch": cursor.consumed / len(rows), "clipped": clipped}
        record.update(metrics)
        records.append(record)
    return records, params, model


def main(out_dir):
    torch.set_num_threads(1)
    root = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
    models_root = os.path.join(root, "models", "src", "test", "resources")
    rows = cases.preference_rows(cases.STORIES, seed=101)
    base = TinyLm(os.path.join(models_root, cases.STORIES), torch.float64)
    adapter = initial_adapter(base)

    rec64, params64, model64 = run(models_root, adapter, torch.float64, rows)
    rec32, params32, _ = run(models_root, adapter, torch.float32, rows)

    first = rec64[0]
    assert abs(first["loss"] - math.log(2)) < 1e-14, first["loss"]
    assert first["rewards/chosen"] == 0 and first["rewards/rejected"] == 0, first
    clipped = [r["clipped"] for r in rec64]
    assert any(clipped) and not all(clipped), clipped
    for r in rec64:
        assert abs(r["grad_norm"] - CONFIG["max_grad_norm"]) > 0.02 * CONFIG["max_grad_norm"], r
    sample_names = [peft_files.tensor_name("model.layers.0.self_attn.q_proj", "A"),
                    peft_files.tensor_name("model.layers.0.self_attn.q_proj", "B"),
                    peft_files.tensor_name("model.layers.4.mlp.down_proj", "A"),
                    peft_files.tensor_name("model.layers.4.mlp.down_proj", "B")]
    weights64 = {n: params64[n].detach().reshape(-1)[:8].double().tolist() for n in sample_names}
    weights32 = {n: params32[n].detach().reshape(-1)[:8].double().tolist() for n in sample_names}
    drift = {}
    for r64, r32 in zip(rec64, rec32):
        assert r64["clipped"] == r32["clipped"]
        for key, v in r64.items():
            if key in ("step", "clipped", "learning_rate", "epoch"):
                continue
            drift[key] = max(drift.get(key, 0.0), _rel(r32[key], v))
    # Relative to each tensor's largest sampled value: B starts at 0, so single elements near 0 say nothing.
    drift["final_weights_sample"] = max(abs(a - b) / max(abs(x) for x in weights64[n])
                                        for n in weights64 for a, b in zip(weights32[n], weights64[n]))
    worst = max(drift.values())
    print("float32 vs float64 drift:", {k: f"{v:.1e}" for k, v in drift.items()})
    assert worst < DRIFT_LIMIT, f"float32 drifts {worst:.2e} from float64"
    print("clipped:", clipped, "norms:", [round(r["grad_norm"], 4) for r in rec64])

    # The trained adapter and the logits it gives, from the float32-stored values (what the Java side loads).
    trained = {}
    for module in adapter:
        a = params64[peft_files.tensor_name(module, "A")].detach().numpy().astype(np.float32).astype(np.float64)
        b = params64[peft_files.tensor_name(module, "B")].detach().numpy().astype(np.float32).astype(np.float64)
        trained[module] = (a, b)
    forward = []
    for ids in FORWARD_ROWS:
        params = {}
        for module, (a, b) in trained.items():
            params[peft_files.tensor_name(module, "A")] = torch.tensor(a)
            params[peft_files.tensor_name(module, "B")] = torch.tensor(b)
        with torch.no_grad():
            logits = model64.logits(params, torch.tensor([ids]))[0]
            base_logits = model64.logits({}, torch.tensor([ids]))[0]
        change = float((logits - base_logits).abs().max())
        assert change > 1e-3, f"the trained adapter changes the logits by only {change}"
        forward.append({"ids": ids, "logits": [[round(float(v), 10) for v in row] for row in logits]})

    os.makedirs(out_dir, exist_ok=True)
    peft_files.write_adapter(os.path.join(out_dir, "lora_dpo_initial"), adapter, RANK, ALPHA, TARGETS, "stories260K")
    peft_files.write_adapter(os.path.join(out_dir, "lora_dpo_trained"), trained, RANK, ALPHA, TARGETS, "stories260K")
    read_back = peft_files.read_adapter(os.path.join(out_dir, "lora_dpo_trained"))
    for module, (a, b) in trained.items():
        assert np.array_equal(read_back[module][0], a) and np.array_equal(read_back[module][1], b), module
    fixture = {"case": "dpo_lora", "model": cases.STORIES, "method": "dpo", "config": CONFIG, "pad_id": cases.PAD,
               "lora": {"rank": RANK, "alpha": ALPHA, "dropout": 0.0, "target_modules": TARGETS,
                        "initial_adapter": "lora_dpo_initial"},
               "rows": rows, "steps": rec64, "final_weights_sample": weights64,
               "fp32_vs_fp64_max_rel_diff": drift, "generator": "tools/train_reference/make_lora_golden.py"}
    with open(os.path.join(out_dir, "dpo_lora.json"), "w") as f:
        json.dump(fixture, f, indent=1)
        f.write("\n")
    with open(os.path.join(out_dir, "lora_forward.json"), "w") as f:
        json.dump({"model": cases.STORIES, "adapter": "lora_dpo_trained", "rows": forward,
                   "generator": "tools/train_reference/make_lora_golden.py"}, f)
        f.write("\n")
    print("wrote dpo_lora.json, lora_forward.json, lora_dpo_initial/, lora_dpo_trained/")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print("usage: make_lora_golden.py OUTPUT_DIR", file=sys.stderr)
        sys.exit(2)
    main(sys.argv[1])
