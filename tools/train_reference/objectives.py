"""Micro-batch losses of the DPO family, KTO and SFT, exactly as the product specifies them. Each function returns
the micro-batch loss (a tensor with gradient) and plain-float per-row statistics for the step metrics."""
import torch
import torch.nn.functional as F

from logprobs import response_logps


def dpo_pair_losses(h, h_normalized, cfg):
    """Per-pair loss from h = (pi_c - ref_c) - (pi_r - ref_r); IPO uses h_normalized (each side's log-ratio divided by
    its number of response tokens)."""
    beta = cfg["beta"]
    eps = cfg["label_smoothing"]
    kind = cfg["loss_type"]
    if kind == "sigmoid":
        return (1 - eps) * -F.logsigmoid(beta * h) + eps * -F.logsigmoid(-beta * h)
    if kind == "robust":
        return ((1 - eps) * -F.logsigmoid(beta * h) + eps * F.logsigmoid(-beta * h)) / (1 - 2 * eps)
    if kind == "hinge":
        return torch.relu(1 - beta * h)
    if kind == "ipo":
        return (h_normalized - 1 / (2 * beta)) ** 2
    raise ValueError(f"loss_type: unknown {kind}")


def dpo_micro(model, params, ref_params, rows, cfg, pad_id):
    pairs = [(r["prompt_ids"], r["chosen_ids"]) for r in rows] + [(r["prompt_ids"], r["rejected_ids"]) for r in rows]
    logps, counts = response_logps(model, params, pairs, pad_id)
    with torch.no_grad():
        ref_logps, _ = response_logps(model, ref_params, pairs, pad_id)
    b = len(rows)
    pi_c, pi_r = logps[:b], logps[b:]
    ref_c, ref_r = ref_logps[:b], ref_logps[b:]
    n_c, n_r = counts[:b], counts[b:]
    h = (pi_c - ref_c) - (pi_r - ref_r)
    h_norm = (pi_c - ref_c) / n_c - (pi_r - ref_r) / n_r
    loss = dpo_pair_losses(h, h_norm, cfg).mean()
    if cfg["rpo_alpha"] > 0:
        loss = loss + cfg["rpo_alpha"] * (-pi_c.sum() / n_c.sum())
    beta = cfg["beta"]
    stats = [{"reward_chosen": float(beta * (pc - rc)), "reward_rejected": float(beta * (pr - rr)),
              "logp_chosen": float(pc), "logp_rejected": float(pr)}
             for pc, pr, rc, rr in zip(pi_c.detach(), pi_r.detach(), ref_c, ref_r)]
    return loss, stats


def kto_micro(model, params, ref_params, rows, cfg, pad_id):
    b = len(rows)
    own = [(r["prompt_ids"], r["completion_ids"]) for r in rows]
    # KL baseline: row i's prompt with the completion of row i-1 (mod b); b = 1 pairs a row with itself.
    shifted = [(rows[i]["prompt_ids"], rows[(i - 1) % b]["completion_ids"]) for i in range(b)]
    logps, _ = response_logps(model, params, own, pad_id)
    with torch.no_grad():
        ref_logps, _ = response_logps(model, ref_params, own, pad_id)
        kl_policy, _ = response_logps(model, params, shifted, pad_id)
        kl_ref, _ = response_logps(model, ref_params, shifted, pad_id)
        kl_raw = (kl_policy - kl_ref).mean()
        kl = torch.clamp(kl_raw, min=0)
    beta = cfg["beta"]
    r = logps - ref_logps
    losses = []
    for i, row in enumerate(rows):
        if row["label"]:
            losses.append(cfg["desirable_weight"] * (1 - torch.sigmoid(beta * (r[i] - kl))))
        else:
            losses.append(cfg["undesirable_weight"] * (1 - torch.sigmoid(beta * (kl - r[i]))))
    loss = torch.stack(losses).mean()
    stats = [{"label": bool(row["label"]), "reward": float(beta * r[i].detach())} for i, row in enumerate(rows)]
    # The unclamped mean is returned only so the generator can check that no case sits at the clamp's kink.
    return loss, stats, float(kl), float(kl_raw)


def sft_micro_nll(model, params, rows, pad_id):
    """Summed NLL over the completion tokens of the micro-batch, and their count."""
    logps, counts = response_logps(model, params, [(r["prompt_ids"], r["completion_ids"]) for r in rows], pad_id)
    return -logps.sum(), float(counts.sum())
