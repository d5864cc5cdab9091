# Counts the work of one call deterministically (no clocks): every bytecode executed in the solution's own frames,
# plus one per comparison, hash, arithmetic or string operation on the input's elements, which are wrapped in
# counting subclasses of int and str (results stay wrapped, so mapped values count too). Work done inside C builtins
# (sorting, list membership, set building) thus shows up through the element operations it performs.
import sys

_count = [0]
_wrapper_codes = set()


def _counting(base):
    ns = {}

    def wrap(v):
        return cls(v) if type(v) is base else v

    def swapped_add(self, other):
        # str has no __radd__: "'' + s" is str.__add__ with the operands swapped.
        return base.__add__(other, self)
    _wrapper_codes.add(swapped_add.__code__)

    def make(name, returns_base):
        method = getattr(base, name) if hasattr(base, name) else swapped_add

        def op(self, *args):
            _count[0] += 1
            r = method(self, *args)
            return wrap(r) if returns_base else r
        _wrapper_codes.add(op.__code__)
        return op

    if base is int:
        compare = ["__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__", "__hash__"]
        arith = ["__add__", "__radd__", "__sub__", "__rsub__", "__mul__", "__rmul__", "__mod__", "__neg__",
                 "__abs__", "__floordiv__"]
    else:
        compare = ["__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__", "__hash__", "__contains__",
                   "startswith", "endswith", "isalpha", "isdigit", "isupper", "islower"]
        arith = ["__add__", "__radd__", "__mul__", "__getitem__", "upper", "lower"]
    if base is str:
        # Iterating a string yields its characters, which must stay counted too (map runs in C: no frame).
        def it(self):
            return map(cls, str.__iter__(self))
        _wrapper_codes.add(it.__code__)
        ns["__iter__"] = it
    for n in compare:
        ns[n] = make(n, False)
    for n in arith:
        ns[n] = make(n, True)
    cls = type("Counting" + base.__name__, (base,), ns)
    _wrapper_codes.add(wrap.__code__)
    return cls, wrap


_CInt, _wrap_int = _counting(int)
_CStr, _wrap_str = _counting(str)


def _wrap_arg(a):
    if isinstance(a, list):
        return [_wrap_int(v) if type(v) is int else _wrap_str(v) for v in a]
    return _wrap_str(a)


def _tracer(frame, event, arg):
    if frame.f_code in _wrapper_codes:
        return None
    frame.f_trace_opcodes = True
    if event == "opcode":
        _count[0] += 1
    return _tracer


def _work(f, arg):
    x = _wrap_arg(arg)
    _count[0] = 0
    sys.settrace(_tracer)
    try:
        f(x)
    finally:
        sys.settrace(None)
    return _count[0]
