# Reference run of a suite's canonical solutions (trusted code from the bundled data or the user's own suite file),
# in plain python3, outside the sandbox, as EvalPlus does. Reads one JSON task per stdin line and writes one JSON
# line per task:
#   differential tasks: the typed inputs and the reference outputs (pickled, base64) and the reference CPU time of
#                       each input, for base and plus;
#   test-list tasks:    the reference CPU time of each test and, if the reference fails one, which and why.
# CPU time (process_time), not wall time, because candidates are limited in CPU time (see differential.py).
import base64
import copy
import json
import math
import pickle
import signal
import sys
import time


# MBPP+ stores inputs as JSON, which has no tuples, sets or complex numbers. The functions of these tasks expect
# those types, so the inputs are retyped before use, exactly where EvalPlus retypes them (by task number).
def _tuples(x):
    return tuple(x)


def _all_tuples(x):
    return tuple(_all_tuples(i) for i in x) if isinstance(x, list) else x


def _retype(number, inp):
    rule = _MBPP_RULES.get(number)
    if rule is None:
        return inp
    return rule(inp)


def _each_arg_tuple(inp):
    return [_tuples(a) for a in inp]


def _each_arg_list_of_tuples(inp):
    return [[_tuples(x) for x in a] for a in inp]


def _first_arg_list_of_tuples(inp):
    return [[_tuples(x) for x in inp[0]], inp[1]]


def _second_arg_tuple(inp):
    return [inp[0], _tuples(inp[1])]


def _first_arg_list_of_sets(inp):
    # Upstream turns an empty list into {} (an empty dict, not a set); kept so that outputs match EvalPlus.
    return [[set(i) if isinstance(i, list) and len(i) else {} for i in inp[0]]]


def _float_complex(inp):
    return (float(inp[0]), complex(inp[1]))


def _first_arg_tuple(inp):
    return [_tuples(inp[0])] + list(inp[1:2])


def _each_arg_tuple_of_tuples(inp):
    return [_tuples([_tuples(x) for x in a]) for a in inp]


def _first_arg_mixed_tuple(inp):
    return [_tuples([_tuples(i) if isinstance(i, list) else i for i in inp[0]])]


def _first_arg_tuple_three(inp):
    return [_tuples(inp[0]), inp[1], inp[2]]


def _dict_of_tuples(inp):
    return [{k: _tuples(v) for k, v in inp[0].items()}] + list(inp[1:])


def _complex(inp):
    return [complex(inp[0])]


def _rules():
    table = {}
    for n in (2, 116, 132, 143, 222, 261, 273, 394, 399, 421, 424, 429, 470, 560, 579, 596, 616, 630, 726, 740,
              744, 809):
        table[n] = _each_arg_tuple
    for n in (63, 64, 70, 94, 120, 237, 272, 299, 400, 409, 417, 438, 473, 614, 780):
        table[n] = _each_arg_list_of_tuples
    for n in (75, 413, 444, 753):
        table[n] = _first_arg_list_of_tuples
    for n in (106, 750):
        table[n] = _second_arg_tuple
    table[115] = _first_arg_list_of_sets
    table[124] = _float_complex
    for n in (250, 405, 446, 617, 720, 763, 808):
        table[n] = _first_arg_tuple
    for n in (259, 401, 445):
        table[n] = _each_arg_tuple_of_tuples
    table[278] = _first_arg_mixed_tuple
    table[307] = _first_arg_tuple_three
    table[722] = _dict_of_tuples
    table[252] = _complex
    for n in (580, 615, 791):
        table[n] = _all_tuples
    return table


_MBPP_RULES = _rules()
# Outputs of these MBPP+ tasks are match objects; only "is it None" is compared (EvalPlus does the same).
_NOT_NONE = ("check_str", "text_match_three", "text_starta_endb")


class _Timeout(BaseException):
    pass


def _on_alarm(signum, frame):
    raise _Timeout()


# Outputs larger than this (pickled) are not stored: the check recomputes them with the reference solution inside
# the sandbox (a few HumanEval+/MBPP+ inputs produce outputs of 10-260 MB; storing them would make the cache and
# every check's test text enormous).
RECOMPUTE_ABOVE_BYTES = 64 * 1024


def _blob(inputs, outputs):
    stored, recompute = [], []
    for i, out in enumerate(outputs):
        if len(pickle.dumps(out, protocol=4)) > RECOMPUTE_ABOVE_BYTES:
            stored.append(None)
            recompute.append(i)
        else:
            stored.append(out)
    blob = base64.b64encode(pickle.dumps((inputs, stored, recompute), protocol=4)).decode("ascii")
    return blob, recompute


def _run_inputs(fn, inputs, not_none):
    outputs, times = [], []
    for inp in inputs:
        args = copy.deepcopy(inp)
        start = time.process_time()
        out = fn(*args)
        times.append(time.process_time() - start)
        outputs.append(out is not None if not_none else out)
    return outputs, times


def _differential(task):
    ns = {}
    exec(compile(task["code"], "<reference>", "exec"), ns)
    fn = ns[task["entry_point"]]
    number = None
    if task["flavor"] == "mbpp":
        number = int(task["task_id"].split("/")[-1])
    not_none = task["flavor"] == "mbpp" and task["entry_point"] in _NOT_NONE
    row = {"task_id": task["task_id"]}
    for label in ("base", "plus"):
        inputs = [_retype(number, i) for i in task[label + "_input"]]
        outputs, times = _run_inputs(fn, inputs, not_none)
        row[label + "_times"] = times
        row[label + "_blob"], row[label + "_recompute"] = _blob(inputs, outputs)
    return row


def _tests(task):
    ns = {}
    exec(compile(task["setup"], "<setup>", "exec"), ns)
    exec(compile(task["code"], "<reference>", "exec"), ns)
    times, failures = [], []
    for i, test in enumerate(task["tests"]):
        local = dict(ns)
        start = time.process_time()
        signal.setitimer(signal.ITIMER_PROF, task.get("test_cpu_limit", 60.0))
        try:
            exec(compile(test, "<test %d>" % i, "exec"), local)
        except _Timeout:
            failures.append({"index": i, "error": "timeout"})
        except BaseException as e:
            failures.append({"index": i, "error": "%s: %s" % (type(e).__name__, str(e)[:300])})
        finally:
            signal.setitimer(signal.ITIMER_PROF, 0)
        times.append(time.process_time() - start)
    return {"task_id": task["task_id"], "test_times": times, "failures": failures}


def main():
    signal.signal(signal.SIGPROF, _on_alarm)
    real_stdout = sys.stdout
    for line in sys.stdin:
        if not line.strip():
            continue
        task = json.loads(line)
        sys.stdout = sys.stderr  # reference solutions that print must not corrupt the protocol
        try:
            row = _differential(task) if task["mode"] == "differential" else _tests(task)
        except BaseException as e:
            row = {"task_id": task["task_id"], "error": "%s: %s" % (type(e).__name__, str(e)[:300])}
        finally:
            sys.stdout = real_stdout
        real_stdout.write(json.dumps(row) + "\n")
        real_stdout.flush()


if __name__ == "__main__":
    main()
