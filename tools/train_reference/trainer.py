"""The optimizer-step loop shared by all methods: batches in file order with wrap-around, gradient accumulation,
logged loss before the update, clipping, schedule, AdamW."""
import torch

import objectives
from optim import AdamW, clip_global_norm, learning_rate


def _mean(values):
    return sum(values) / len(values) if values else None


class RowCursor:
    """Rows in file order, wrapping at the end of the file; no shuffle."""

    def __init__(self, rows):
        self.rows = rows
        self.consumed = 0

    def take(self, n):
        out = [self.rows[(self.consumed + i) % len(self.rows)] for i in range(n)]
        self.consumed += n
        return out


def _dpo_step(model, params, ref, micro_batches, cfg, pad_id):
    accum = len(micro_batches)
    losses, stats = [], []
    for rows in micro_batches:
        loss, row_stats = objectives.dpo_micro(model, params, ref, rows, cfg, pad_id)
        (loss / accum).backward()
        losses.append(float(loss))
        stats.extend(row_stats)
    chosen = [s["reward_chosen"] for s in stats]
    rejected = [s["reward_rejected"] for s in stats]
    metrics = {
        "rewards/chosen": _mean(chosen),
        "rewards/rejected": _mean(rejected),
        "rewards/margins": _mean([c - r for c, r in zip(chosen, rejected)]),
        "rewards/accuracies": _mean([1.0 if c > r else 0.0 for c, r in zip(chosen, rejected)]),
        "logps/chosen": _mean([s["logp_chosen"] for s in stats]),
        "logps/rejected": _mean([s["logp_rejected"] for s in stats]),
    }
    return _mean(losses), metrics, stats


def _kto_step(model, params, ref, micro_batches, cfg, pad_id):
    accum = len(micro_batches)
    losses, stats, kls = [], [], []
    for rows in micro_batches:
        loss, row_stats, kl, kl_raw = objectives.kto_micro(model, params, ref, rows, cfg, pad_id)
        (loss / accum).backward()
        losses.append(float(loss))
        for s in row_stats:
            s["micro_kl_raw"] = kl_raw
        stats.extend(row_stats)
        kls.append(kl)
    metrics = {
        "rewards/chosen": _mean([s["reward"] for s in stats if s["label"]]),
        "rewards/rejected": _mean([s["reward"] for s in stats if not s["label"]]),
        "kl": _mean(kls),
    }
    return _mean(losses), metrics, stats


def _sft_step(model, params, ref, micro_batches, cfg, pad_id):
    total_tokens = float(sum(len(r["completion_ids"]) for rows in micro_batches for r in rows))
    total_nll = 0.0
    for rows in micro_batches:
        nll, _ = objectives.sft_micro_nll(model, params, rows, pad_id)
        (nll / total_tokens).backward()
        total_nll += float(nll)
    return total_nll / total_tokens, {}, []


STEP = {"dpo": _dpo_step, "kto": _kto_step, "sft": _sft_step}


def train(model, case):
    """Runs case["config"]["max_steps"] optimizer steps; returns (step records, final params, per-step row stats)."""
    cfg = case["config"]
    params = model.fresh_params(requires_grad=True)
    ref = model.fresh_params(requires_grad=False)
    optimizer = AdamW(params, cfg)
    cursor = RowCursor(case["rows"])
    b, accum = cfg["batch_size"], cfg["grad_accum_steps"]
    records, stats_by_step = [], []
    for k in range(1, cfg["max_steps"] + 1):
        for p in params.values():
            p.grad = None
        micro_batches = [cursor.take(b) for _ in range(accum)]
        loss, metrics, stats = STEP[case["method"]](model, params, ref, micro_batches, cfg, case["pad_id"])
        stats_by_step.append(stats)
        grads = {name: p.grad for name, p in params.items()}
        norm, clipped = clip_global_norm(grads, cfg["max_grad_norm"])
        lr = learning_rate(cfg, k)
        optimizer.step(params, grads, lr)
        record = {"step": k, "loss": loss, "grad_norm": norm, "learning_rate": lr,
                  "epoch": cursor.consumed / len(case["rows"]), "clipped": clipped}
        record.update(metrics)
        records.append(record)
    return records, params, stats_by_step
