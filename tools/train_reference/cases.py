"""The golden cases: configurations and synthetic pre-tokenized rows (fixed seeds, so reruns write the same files).
Ids 0, 1, 2 are pad, BOS and EOS in both models; content ids are drawn from 3..vocab-1 so that no real token is the
pad id. Every response ends with EOS; stories260K prompts start with BOS (Qwen2 has no BOS convention)."""
import numpy as np

STORIES = "stories260K"
QWEN = "parity/tiny-qwen2"
VOCAB = {STORIES: 512, QWEN: 64}
BOS, EOS, PAD = 1, 2, 0

BASE_CONFIG = {
    "loss_type": "sigmoid", "beta": 0.1, "label_smoothing": 0.0, "rpo_alpha": 0.0,
    "desirable_weight": 1.0, "undesirable_weight": 1.0,
    "learning_rate": 1e-3, "lr_scheduler": "linear", "warmup_steps": 2, "weight_decay": 0.1,
    "adam_beta1": 0.9, "adam_beta2": 0.999, "adam_epsilon": 1e-5, "max_grad_norm": 1.0,
    "max_steps": 6, "batch_size": 2, "grad_accum_steps": 2,
}


def _prompt(rng, model):
    n = int(rng.integers(3, 13))
    body = rng.integers(3, VOCAB[model], size=n).tolist()
    return [BOS] + body[1:] if model == STORIES else body


def _response(rng, model, length=None, pool=None):
    n = int(length if length is not None else rng.integers(2, 10))
    if pool is not None:
        return [int(t) for t in rng.choice(pool, size=n - 1)] + [EOS]
    return rng.integers(3, VOCAB[model], size=n - 1).tolist() + [EOS]


def preference_rows(model, seed, count=10):
    rng = np.random.default_rng(seed)
    rows = []
    for _ in range(count):
        prompt = _prompt(rng, model)
        chosen_len = int(rng.integers(2, 10))
        # Rejected differs in length from chosen so that padding inside one micro-batch matters.
        rejected_len = 2 + (chosen_len - 2 + int(rng.integers(1, 8))) % 8
        rows.append({"prompt_ids": prompt, "chosen_ids": _response(rng, model, chosen_len),
                     "rejected_ids": _response(rng, model, rejected_len)})
    return rows


def completion_rows(model, seed, count=10, labels=None, pool=None):
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(count):
        row = {"prompt_ids": _prompt(rng, model), "completion_ids": _response(rng, model, pool=pool)}
        if labels is not None:
            row["label"] = bool(labels[i])
        rows.append(row)
    return rows


def _config(**overrides):
    cfg = dict(BASE_CONFIG)
    for key, value in overrides.items():
        if key not in cfg:
            raise KeyError(key)
        cfg[key] = value
    return cfg


# Labels for KTO: both kinds in every step of 6 rows (steps wrap at 10 rows).
# Completions share a small token pool, so training on the desirable ones also raises the mismatched (prompt,
# completion) pairs of the KL baseline: its micro-batch means come out positive on some steps and negative (clamped
# to 0) on others, none near 0.
KTO_LABELS = [True, False, True, True, False, True, True, False, True, True]
KTO_POOL = [300, 301, 302, 303, 304, 305]


QWEN_LR = 1e-2


def all_cases():
    sft_rows = completion_rows(STORIES, seed=505)
    return [
        {"case": "dpo_sigmoid", "model": STORIES, "method": "dpo", "pad_id": PAD,
         "config": _config(beta=0.1, batch_size=2, grad_accum_steps=2, lr_scheduler="linear", warmup_steps=2,
                           max_grad_norm=MAX_GRAD_NORM["dpo_sigmoid"]),
         "rows": preference_rows(STORIES, seed=101)},
        {"case": "dpo_ipo_rpo", "model": STORIES, "method": "dpo", "pad_id": PAD,
         "config": _config(loss_type="ipo", beta=0.5, rpo_alpha=0.5, batch_size=2, grad_accum_steps=1,
                           lr_scheduler="cosine", warmup_steps=2, max_grad_norm=MAX_GRAD_NORM["dpo_ipo_rpo"]),
         "rows": preference_rows(STORIES, seed=204)},
        {"case": "dpo_robust", "model": QWEN, "method": "dpo", "pad_id": PAD,
         "config": _config(loss_type="robust", beta=0.1, learning_rate=QWEN_LR, adam_epsilon=1e-4, label_smoothing=0.1, batch_size=2, grad_accum_steps=2,
                           lr_scheduler="constant", warmup_steps=1, max_grad_norm=MAX_GRAD_NORM["dpo_robust"]),
         "rows": preference_rows(QWEN, seed=303)},
        {"case": "dpo_hinge", "model": QWEN, "method": "dpo", "pad_id": PAD,
         "config": _config(loss_type="hinge", beta=0.1, learning_rate=QWEN_LR, adam_epsilon=1e-4, batch_size=3, grad_accum_steps=1,
                           lr_scheduler="cosine", warmup_steps=0, max_grad_norm=MAX_GRAD_NORM["dpo_hinge"]),
         "rows": preference_rows(QWEN, seed=304)},
        {"case": "kto", "model": STORIES, "method": "kto", "pad_id": PAD,
         "config": _config(beta=0.1, desirable_weight=1.0, undesirable_weight=1.33, batch_size=3, grad_accum_steps=2,
                           learning_rate=1e-3, lr_scheduler="linear", warmup_steps=2, max_grad_norm=MAX_GRAD_NORM["kto"]),
         "rows": completion_rows(STORIES, seed=409, labels=KTO_LABELS, pool=KTO_POOL)},
        {"case": "sft", "model": STORIES, "method": "sft", "pad_id": PAD,
         "config": _config(batch_size=2, grad_accum_steps=2, lr_scheduler="cosine", warmup_steps=2,
                           max_grad_norm=MAX_GRAD_NORM["sft"]),
         "rows": sft_rows},
        {"case": "sft_batch4", "model": STORIES, "method": "sft", "pad_id": PAD,
         "config": _config(batch_size=4, grad_accum_steps=1, lr_scheduler="cosine", warmup_steps=2,
                           max_grad_norm=MAX_GRAD_NORM["sft"]),
         "rows": sft_rows},
    ]


# Chosen after a first run with clipping off, between the step gradient norms, so that clipping triggers on some
# steps and not on others (the margin to every logged norm is printed by make_golden.py).
MAX_GRAD_NORM = {"dpo_sigmoid": 5.0, "dpo_ipo_rpo": 100.0, "dpo_robust": 1.0, "dpo_hinge": 2.0, "kto": 2.5,
                 "sft": 30.0}
