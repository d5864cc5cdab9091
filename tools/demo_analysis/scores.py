"""The rankings' code scores on a pass matrix (codes x tests, 1 = pass), as `codedpo pairs` computes them."""


def self_verify(m, d=0.85, iterations=10):
    codes, tests = [1.0] * len(m), [1.0] * len(m[0])
    for _ in range(iterations):
        tests = [(1 - d) * tests[j] + d * sum(codes[i] for i in range(len(m)) if m[i][j]) for j in range(len(tests))]
        codes = [(1 - d) * codes[i] + d * sum(tests[j] for j in range(len(tests)) if m[i][j]) for i in range(len(m))]
        top = max(codes + tests + [1e-300])
        codes, tests = [c / top for c in codes], [t / top for t in tests]
    return codes


def pass_count(m):
    return [float(sum(row)) for row in m]


def codet(m):
    groups = {}
    for i, row in enumerate(m):
        groups.setdefault(tuple(row), []).append(i)
    score = [0.0] * len(m)
    for passed, members in groups.items():
        for i in members:
            score[i] = len(members) * sum(passed)
    return score
