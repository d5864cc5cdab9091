"""Spearman of self-verification and pass-count against the ground truth when only the first K asserts of each task
are kept, on a demo seed's recorded pass matrix: how many asserts the rankings need (docs/DEMO.md, session 6).

Usage: asserts_kept.py SEED_DIR [K ...]   (SEED_DIR = a demo's seed-S; reads dpo/pairs/executions.jsonl and
ground-truth/truth.json; runs no code)
"""
import json
import sys

from scores import self_verify


def ranks(values):
    order = sorted(range(len(values)), key=lambda i: values[i])
    out = [0.0] * len(values)
    i = 0
    while i < len(values):
        j = i
        while j + 1 < len(values) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            out[order[k]] = (i + j) / 2
        i = j + 1
    return out


def spearman(a, b):
    ra, rb = ranks(a), ranks(b)
    ma, mb = sum(ra) / len(ra), sum(rb) / len(rb)
    cov = sum((x - ma) * (y - mb) for x, y in zip(ra, rb))
    va, vb = sum((x - ma) ** 2 for x in ra), sum((y - mb) ** 2 for y in rb)
    return 0.0 if va == 0 or vb == 0 else cov / (va * vb) ** 0.5


def main():
    seed_dir = sys.argv[1]
    ks = [int(k) for k in sys.argv[2:]] or [10, 7, 5, 4, 3]
    truth = json.load(open(seed_dir + "/ground-truth/truth.json"))["correct"]
    rows = [json.loads(line) for line in open(seed_dir + "/dpo/pairs/executions.jsonl")]
    print("asserts  tasks  self-verification  pass-count")
    for k in ks:
        sv = pc = n = 0
        for r in rows:
            t = [1.0 if x else 0.0 for x in truth[r["task_id"]]]
            if len(set(t)) < 2:
                continue
            m = [row[:k] for row in r["matrix"]]
            sv += spearman(self_verify(m), t)
            pc += spearman([float(sum(x)) for x in m], t)
            n += 1
        print("%7d  %5d  %17.3f  %10.3f" % (k, n, sv / n, pc / n))


if __name__ == "__main__":
    main()
