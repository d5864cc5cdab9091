"""Correctness pair quality of each ranking on a recorded pass matrix (executions.jsonl), against the ground truth.

Pair = highest against lowest score of a task, when strictly higher (as `codedpo pairs` takes one per task). Quality:
RW chosen right and rejected wrong, WW both wrong, WR inverted, RR both right. With the candidates and the suite also:
self-verification on the asserts that hold for the reference only, and with the prompt's docstring example added as
one more test (which runs each code on it in plain python3).
"""
import json
import random
import re
import sys

from plain_exec import runs
from scores import codet, pass_count, self_verify


def random_scores(m, rng=random.Random(0)):
    return [rng.random() for _ in m]


def quality(name, rank, matrices, truth):
    q = {'RW': 0, 'WW': 0, 'WR': 0, 'RR': 0}
    for task, m in matrices.items():
        if len(m) < 2 or not m[0]:
            continue
        s = rank(m)
        order = sorted(range(len(s)), key=lambda i: -s[i])
        hi, lo = order[0], order[-1]
        if s[hi] > s[lo]:
            right = truth[task]['codes']
            q[('R' if right[hi] else 'W') + ('R' if right[lo] else 'W')] += 1
    n = sum(q.values())
    print(f"{name:34s} pairs {n:5d}  right>wrong {q['RW']:5d} ({100 * q['RW'] / max(n, 1):.0f}%)  both wrong "
          f"{q['WW']:5d}  inverted {q['WR']:4d}  both right {q['RR']:4d}")


executions = {json.loads(line)['task_id']: json.loads(line)['matrix'] for line in open(sys.argv[1])}
truth = json.load(open(sys.argv[2]))
mixed = sum(1 for t in executions if any(truth[t]['codes']) and not all(truth[t]['codes']))
print(f"{len(executions)} tasks, {mixed} with both right and wrong codes")
for name, rank in (('self-verify', self_verify), ('pass-count', pass_count), ('codet', codet),
                   ('random', random_scores)):
    quality(name, rank, executions, truth)
if len(sys.argv) > 4:
    cands = {json.loads(line)['task_id']: json.loads(line) for line in open(sys.argv[3])}
    only_true = {t: [[row[j] for j, ok in enumerate(truth[t]['tests']) if ok] for row in m]
                 for t, m in executions.items()}
    quality('self-verify, true asserts only', self_verify, only_true, truth)
    with_example = {}
    for t, m in executions.items():
        example = re.search(r'>>> (.*)\n\s*(.*)\n', cands[t]['prompt'])
        check = f"assert {example.group(1)} == {example.group(2)}"
        with_example[t] = [row + [int(runs(code, check))] for row, code in zip(m, cands[t]['codes'])]
    quality('self-verify + docstring example', self_verify, with_example, truth)
    quality('docstring example alone', pass_count, {t: [[row[-1]] for row in m] for t, m in with_example.items()},
            truth)
