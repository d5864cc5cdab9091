"""Checks the torch forward pass against the independent numpy reference before any training number is trusted:
golden logits of tiny-qwen2 (written by tools/parity/make_fixtures.py), tools/parity/reference_lm.py on
stories260K, and right padding (a padded row must give the same logits over its real tokens as the row alone).
Raises AssertionError on a mismatch; returns the largest differences seen."""
import json
import os
import sys

import numpy as np
import torch

import safetensors_read
from torch_lm import TinyLm

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
MODELS = os.path.join(ROOT, "models", "src", "test", "resources")
sys.path.insert(0, os.path.join(ROOT, "tools", "parity"))
import reference_lm  # noqa: E402  (the independent numpy forward)

STORIES_SEQUENCES = [[1, 403, 407, 261, 378, 429, 2, 280, 11], [1, 30, 40, 50], [1]]


def _max_rel(a, b):
    return float(np.max(np.abs(a - b)) / max(np.max(np.abs(b)), 1e-30))


def _logits(model, ids):
    with torch.no_grad():
        return model.logits(model.initial, torch.tensor([ids], dtype=torch.long))[0].numpy()


def check_golden_logits(name, tol=1e-9):
    model = TinyLm(os.path.join(MODELS, "parity", name), torch.float64)
    with open(os.path.join(MODELS, "parity", name, "golden_logits.json")) as f:
        golden = json.load(f)
    worst = 0.0
    for ids, expected in zip(golden["sequences"], golden["logits"]):
        # The golden file keeps 7 decimals, so compare absolutely at that rounding.
        diff = float(np.max(np.abs(_logits(model, ids) - np.asarray(expected))))
        assert diff < tol + 5e-8, f"{name}: logits differ from golden by {diff}"
        worst = max(worst, diff)
    return worst


def check_against_numpy(model_dir, sequences, tol=1e-10):
    model = TinyLm(model_dir, torch.float64)
    weights = safetensors_read.read_float64(os.path.join(model_dir, "model.safetensors"))
    worst = 0.0
    for ids in sequences:
        rel = _max_rel(_logits(model, ids), reference_lm.forward(model.cfg, weights, ids))
        assert rel < tol, f"{model_dir}: torch vs numpy logits differ by {rel} relative"
        worst = max(worst, rel)
    return worst


def check_padding(model_dir, sequences, pad_id=0, tol=1e-12):
    model = TinyLm(model_dir, torch.float64)
    T = max(len(s) for s in sequences)
    ids = torch.full((len(sequences), T), pad_id, dtype=torch.long)
    for b, s in enumerate(sequences):
        ids[b, :len(s)] = torch.tensor(s)
    with torch.no_grad():
        batched = model.logits(model.initial, ids).numpy()
    worst = 0.0
    for b, s in enumerate(sequences):
        rel = _max_rel(batched[b, :len(s)], _logits(model, s))
        assert rel < tol, f"{model_dir}: padded row {b} differs by {rel}"
        worst = max(worst, rel)
    return worst


def numpy_response_logp(model_dir, prompt, response):
    """Summed log-prob of response after prompt from the numpy forward of one unpadded sequence: an independent
    check of the shift-and-mask in logprobs.py."""
    with open(os.path.join(model_dir, "config.json")) as f:
        cfg = json.load(f)
    weights = safetensors_read.read_float64(os.path.join(model_dir, "model.safetensors"))
    seq = list(prompt) + list(response)
    logits = reference_lm.forward(cfg, weights, seq)
    logits = logits - logits.max(axis=-1, keepdims=True)
    logp = logits - np.log(np.exp(logits).sum(axis=-1, keepdims=True))
    return float(sum(logp[t - 1, seq[t]] for t in range(len(prompt), len(seq))))


def run_all():
    qwen_dir = os.path.join(MODELS, "parity", "tiny-qwen2")
    stories_dir = os.path.join(MODELS, "stories260K")
    with open(os.path.join(qwen_dir, "golden_logits.json")) as f:
        qwen_sequences = json.load(f)["sequences"]
    return {
        "tiny-qwen2 vs golden_logits.json (max abs)": check_golden_logits("tiny-qwen2"),
        "tiny-qwen2 vs reference_lm.py (max rel)": check_against_numpy(qwen_dir, qwen_sequences),
        "stories260K vs reference_lm.py (max rel)": check_against_numpy(stories_dir, STORIES_SEQUENCES),
        "stories260K padded vs alone (max rel)": check_padding(stories_dir, STORIES_SEQUENCES),
        "tiny-qwen2 padded vs alone (max rel)": check_padding(qwen_dir, qwen_sequences),
    }


if __name__ == "__main__":
    torch.set_num_threads(1)
    for key, value in run_all().items():
        print(f"{key}: {value:.3e}")
