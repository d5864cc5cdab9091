"""Ground truth of one generate output: which codes pass their task's reference tests (the suite's check function),
which sampled asserts hold for the reference solution. Writes {task_id: {"codes": [bool], "tests": [bool]}}."""
import json
import sys

from plain_exec import runs

suite = {json.loads(line)['task_id']: json.loads(line) for line in open(sys.argv[2])}
result = {}
for line in open(sys.argv[1]):
    row = json.loads(line)
    task = suite[row['task_id']]
    reference = task['prompt'] + task['canonical_solution']
    check = task['test'] + '\ncheck(' + task['entry_point'] + ')\n'
    result[row['task_id']] = {'codes': [runs(code, check) for code in row['codes']],
                              'tests': [runs(reference, test) for test in row['tests']]}
json.dump(result, open(sys.argv[3], 'w'))
codes = [ok for v in result.values() for ok in v['codes']]
tests = [ok for v in result.values() for ok in v['tests']]
print(f"{len(result)} tasks: {sum(codes)} of {len(codes)} codes right, {sum(tests)} of {len(tests)} asserts hold")
