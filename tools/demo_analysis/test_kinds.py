"""The sampled asserts of each task by kind, and how many hold for the reference solution."""
import collections
import json
import re
import sys

cands = [json.loads(line) for line in open(sys.argv[1])]
truth = json.load(open(sys.argv[2]))
suite = {json.loads(line)['task_id']: json.loads(line) for line in open(sys.argv[3])}
count, holds = collections.Counter(), collections.Counter()
for row in cands:
    entry = suite[row['task_id']]['entry_point']
    example = re.search(r'>>> (.*)\n\s*(.*)\n', row['prompt'])
    doc = f"assert {example.group(1)} == {example.group(2)}" if example else None
    for text, ok in zip(row['tests'], truth[row['task_id']]['tests']):
        if doc and text.strip() == doc.strip():
            kind = 'docstring example'
        elif not text.startswith('assert ' + entry + '('):
            kind = 'another name'
        elif re.match(r"assert \w+\((''|\[\])\)", text):
            kind = 'empty input'
        else:
            kind = "calls the task's function"
        count[kind] += 1
        holds[kind] += ok
for kind in count:
    print(f"{kind:26s} {count[kind]:6d} asserts, {holds[kind]:5d} hold ({100 * holds[kind] / count[kind]:.0f}%)")
