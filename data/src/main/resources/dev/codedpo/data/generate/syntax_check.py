# Compiles sampled codes and splits sampled test texts into assert statements, with Python's own parser. Runs as
# the "code" of one sandboxed request per task; the Java side puts the samples in PAYLOAD (base64 of JSON) and reads
# one JSON line back from the output. Nothing here executes the samples: ast.parse and compile only.
import ast
import base64
import hashlib
import json

PAYLOAD = "@@PAYLOAD@@"


def key(tree):
    # ast.dump leaves out positions, comments and layout: two samples that differ only there are duplicates.
    return hashlib.sha256(ast.dump(tree).encode("utf-8")).hexdigest()[:32]


def describe(e):
    where = " (line %d)" % e.lineno if getattr(e, "lineno", None) else ""
    return "%s: %s%s" % (type(e).__name__, getattr(e, "msg", None) or str(e), where)


def check_code(src):
    try:
        tree = ast.parse(src)
        compile(src, "<code>", "exec")  # the checks after parsing too, e.g. 'return' outside a function
    except (SyntaxError, ValueError) as e:  # ValueError: null bytes
        return {"ok": False, "error": describe(e)}
    return {"ok": True, "key": key(tree)}


def parse_prefix(src):
    """The longest run of whole leading lines that parses: a sample cut at its token limit loses only its tail."""
    lines = src.splitlines(keepends=True)
    n = len(lines)
    first_error = None
    while n > 0:
        text = "".join(lines[:n])
        try:
            return ast.parse(text), text, first_error
        except (SyntaxError, ValueError) as e:
            if first_error is None:
                first_error = describe(e)
            bad = getattr(e, "lineno", None) or n
            n = min(n - 1, bad - 1)
    return None, "", first_error


def split_tests(src):
    tree, text, error = parse_prefix(src)
    asserts = []
    others = 0
    for node in tree.body if tree is not None else []:
        if not isinstance(node, ast.Assert):
            others += 1
            continue
        seg = ast.get_source_segment(text, node)
        try:
            compile(seg, "<test>", "exec")
        except (SyntaxError, ValueError) as e:
            others += 1
            continue
        asserts.append({"src": seg, "key": key(node)})
    return {"asserts": asserts, "others": others, "error": error, "cut": error is not None and tree is not None}


def main():
    p = json.loads(base64.b64decode(PAYLOAD).decode("utf-8"))
    out = {"codes": [check_code(c) for c in p["codes"]], "tests": [split_tests(t) for t in p["tests"]]}
    print("@@RESULT@@" + json.dumps(out), flush=True)


main()
