"""Right-padded batches of prompt + response and the summed log-probability of each response."""
import torch


def response_logps(model, params, pairs, pad_id):
    """pairs: list of (prompt_ids, response_ids). Returns (summed log-probs [B], token counts [B]). Each response
    token t is scored by log softmax of the logits at the position before it; EOS is one of the response tokens."""
    lengths = [len(pr) + len(re) for pr, re in pairs]
    T = max(lengths)
    ids = torch.full((len(pairs), T), pad_id, dtype=torch.long)
    scored = torch.zeros(len(pairs), T, dtype=torch.bool)
    for b, (prompt, response) in enumerate(pairs):
        seq = list(prompt) + list(response)
        ids[b, :len(seq)] = torch.tensor(seq, dtype=torch.long)
        scored[b, len(prompt):len(seq)] = True
    logp = torch.log_softmax(model.logits(params, ids), dim=-1)
    # Position t - 1 predicts token t: shift so that index t of `token_logp` is the log-prob of token t.
    token_logp = logp[:, :-1, :].gather(-1, ids[:, 1:].unsqueeze(-1)).squeeze(-1)
    mask = scored[:, 1:].to(token_logp.dtype)
    sums = (token_logp * mask).sum(dim=-1)
    counts = torch.tensor([len(re) for _, re in pairs], dtype=token_logp.dtype)
    return sums, counts
