"""Learning-rate schedule, global-norm clipping and AdamW (PyTorch semantics), written out so that every rule the
Java trainer must follow is visible here."""
import math

import torch


def learning_rate(cfg, k):
    """Rate of optimizer step k (1-based) of T = max_steps with W = warmup_steps."""
    lr, T, W = cfg["learning_rate"], cfg["max_steps"], cfg["warmup_steps"]
    if k <= W:
        return lr * k / W
    kind = cfg["lr_scheduler"]
    if kind == "constant":
        return lr
    if kind == "linear":
        return lr * (T - k) / (T - W)
    if kind == "cosine":
        return lr * (1 + math.cos(math.pi * (k - W) / (T - W))) / 2
    raise ValueError(f"lr_scheduler: unknown {kind}")


def clip_global_norm(grads, max_norm):
    """Returns (norm before clipping, whether it clipped); scales grads in place by min(1, max/(norm+1e-6))."""
    norm = torch.sqrt(sum((g * g).sum() for g in grads.values()))
    coef = max_norm / (float(norm) + 1e-6)
    if coef < 1:
        for g in grads.values():
            g.mul_(coef)
    return float(norm), coef < 1


class AdamW:
    """Decoupled weight decay applied first (p -= lr wd p), then the bias-corrected Adam update
    p -= lr m_hat / (sqrt(v_hat) + eps). Decay only on tensors of 2 or more dimensions."""

    def __init__(self, params, cfg):
        self.b1, self.b2, self.eps = cfg["adam_beta1"], cfg["adam_beta2"], cfg["adam_epsilon"]
        self.wd = cfg["weight_decay"]
        self.m = {k: torch.zeros_like(v) for k, v in params.items()}
        self.v = {k: torch.zeros_like(v) for k, v in params.items()}
        self.t = 0

    def step(self, params, grads, lr):
        self.t += 1
        c1 = 1 - self.b1 ** self.t
        c2 = 1 - self.b2 ** self.t
        with torch.no_grad():
            for k, p in params.items():
                g = grads[k]
                if p.dim() >= 2:
                    p.mul_(1 - lr * self.wd)
                self.m[k].mul_(self.b1).add_(g, alpha=1 - self.b1)
                self.v[k].mul_(self.b2).addcmul_(g, g, value=1 - self.b2)
                m_hat = self.m[k] / c1
                v_hat = self.v[k] / c2
                p.sub_(lr * m_hat / (v_hat.sqrt() + self.eps))
