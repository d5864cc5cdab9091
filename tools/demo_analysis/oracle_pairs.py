"""Pairs with a right chosen and a wrong rejected code by the ground truth: a diagnosis, never a demo input."""
import json
import random
import sys

truth = json.load(open(sys.argv[2]))
rng = random.Random(0)
written = 0
with open(sys.argv[3], 'w') as out:
    for line in open(sys.argv[1]):
        row = json.loads(line)
        right = [i for i, ok in enumerate(truth[row['task_id']]['codes']) if ok]
        wrong = [i for i, ok in enumerate(truth[row['task_id']]['codes']) if not ok]
        if right and wrong:
            chosen, rejected = rng.choice(right), rng.choice(wrong)
            out.write(json.dumps({'prompt': row['model_prompt'], 'chosen': row['completions'][chosen],
                                  'rejected': row['completions'][rejected], 'task_id': row['task_id']}) + '\n')
            written += 1
print(written, 'pairs')
