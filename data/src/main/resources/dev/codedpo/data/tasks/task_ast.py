# Python's own parser for `codedpo tasks`, run as the "code" of one sandboxed request per batch. The Java side puts
# the batch in PAYLOAD (base64 of JSON) and reads one JSON line back. Nothing here executes the inputs: ast.parse only.
#   mode "snippets": {"texts": [...], "split": [bool, ...]}: a text with split true is a seed file cut into its
#     top-level functions and classes (decorators included); one with split false is one snippet kept whole.
#   mode "tasks": {"texts": [...]}: each text is the code of a task; its prompt is the imports before the first
#     top-level function with a docstring, then that function up to the end of its docstring.
import ast
import base64
import json

PAYLOAD = "@@PAYLOAD@@"


def describe(e):
    where = " (line %d)" % e.lineno if getattr(e, "lineno", None) else ""
    return "%s: %s%s" % (type(e).__name__, getattr(e, "msg", None) or str(e), where)


def parse(src):
    try:
        return ast.parse(src), None
    except (SyntaxError, ValueError) as e:  # ValueError: null bytes
        return None, describe(e)


def snippets(src, split):
    tree, error = parse(src)
    if tree is None:
        return {"error": error, "snippets": []}
    if not split:
        return {"error": None, "snippets": [{"code": src, "line": 1}]}
    out = []
    for node in tree.body:
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        parts = ["@" + ast.get_source_segment(src, d) + "\n" for d in node.decorator_list]
        parts.append(ast.get_source_segment(src, node))
        first = node.decorator_list[0].lineno if node.decorator_list else node.lineno
        out.append({"code": "".join(parts), "line": first})
    return {"error": None, "snippets": out}


def task(src):
    tree, error = parse(src)
    if tree is None:
        return {"error": "syntax_error", "detail": error}
    lines = src.splitlines(keepends=True)
    imports = []
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            imports.append(ast.get_source_segment(src, node) + "\n")
            continue
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        doc = ast.get_docstring(node)
        if not doc or not doc.strip():
            continue
        head = "".join(lines[node.lineno - 1:node.body[0].end_lineno])
        if node.decorator_list:
            head = "".join(lines[node.decorator_list[0].lineno - 1:node.body[0].end_lineno])
        prompt = ("".join(imports) + "\n\n" if imports else "") + head.rstrip() + "\n"
        checked, perror = parse(prompt)
        if checked is None:  # e.g. a docstring sharing its last line with code
            return {"error": "syntax_error", "detail": perror}
        return {"error": None, "prompt": prompt, "entry_point": node.name}
    return {"error": "no_documented_function", "detail": None}


def main():
    p = json.loads(base64.b64decode(PAYLOAD).decode("utf-8"))
    if p["mode"] == "snippets":
        out = [snippets(t, s) for t, s in zip(p["texts"], p["split"])]
    else:
        out = [task(t) for t in p["texts"]]
    print("@@RESULT@@" + json.dumps(out), flush=True)


main()
