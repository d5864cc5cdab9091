#!/usr/bin/python3
"""Expected chat-template renderings, from the real Jinja2 engine, for the Java renderer's parity tests.

Run with Debian's python3-jinja2 (Jinja2 3.1.x; `apt-get install python3-jinja2`), from the repository root:

    /usr/bin/python3 tools/chat_templates/render_expected.py

What this mirrors: Hugging Face transformers' `apply_chat_template`, i.e. `_compile_jinja_template` and
`render_jinja_template` in `transformers/utils/chat_template_utils.py` (transformers 4.4x-4.5x):

- the environment is `jinja2.sandbox.ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True,
  extensions=[AssistantTracker, jinja2.ext.loopcontrols])`, where AssistantTracker adds a
  `{% generation %}...{% endgeneration %}` block that renders its body unchanged (it only records where the
  assistant's text is, which does not change the output);
- the filter `tojson` is replaced by `json.dumps(x, ensure_ascii=False, indent=indent, separators=separators,
  sort_keys=sort_keys)` (so `{"a": 1}` keeps Python's ", " and ": " separators and nothing is HTML-escaped);
- the globals `raise_exception(message)` (raises jinja2.exceptions.TemplateError(message)) and
  `strftime_now(format)` (`datetime.now().strftime(format)`);
- the template is rendered with `messages`, `tools=None`, `documents=None`, `add_generation_prompt`, and the
  tokenizer's `special_tokens_map`: each of bos_token, eos_token, unk_token, sep_token, pad_token, cls_token and
  mask_token that tokenizer_config.json sets (a string, or an AddedToken object's "content"), and
  additional_special_tokens (a list of strings). Unset tokens are not passed at all, so they are undefined.

For each folder models/src/test/resources/chat-templates/NAME/ holding a tokenizer_config.json, this writes
NAME/expected.json: a list of cases {"name", "messages", "add_generation_prompt", and either "expected" (the text)
or "error" (the TemplateError's message)}. It also writes features.json: small templates of our own that exercise
one Jinja2 feature each (filters, tests, string methods, slicing, namespace, loop controls), with their output.
And strftime.json: Python's strftime of a fixed time for a few formats, for the strftime_now global.
"""
import datetime
import json
import os
import sys

import jinja2
import jinja2.ext
import jinja2.nodes
from jinja2.exceptions import TemplateError
from jinja2.sandbox import ImmutableSandboxedEnvironment

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
RESOURCES = os.path.join(ROOT, "models", "src", "test", "resources", "chat-templates")
SPECIAL_TOKEN_KEYS = ["bos_token", "eos_token", "unk_token", "sep_token", "pad_token", "cls_token", "mask_token"]


class GenerationBlock(jinja2.ext.Extension):
    """transformers' AssistantTracker as far as output goes: the block's body, unchanged."""

    tags = {"generation"}

    def parse(self, parser):
        lineno = next(parser.stream).lineno
        body = parser.parse_statements(["name:endgeneration"], drop_needle=True)
        return jinja2.nodes.CallBlock(self.call_method("_render"), [], [], body).set_lineno(lineno)

    def _render(self, caller):
        return caller()


def environment():
    def raise_exception(message):
        raise TemplateError(message)

    def tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
        return json.dumps(x, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)

    def strftime_now(format):
        return datetime.datetime.now().strftime(format)

    env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True,
                                        extensions=[GenerationBlock, jinja2.ext.loopcontrols])
    env.filters["tojson"] = tojson
    env.globals["raise_exception"] = raise_exception
    env.globals["strftime_now"] = strftime_now
    return env


def token_text(value):
    if isinstance(value, dict):
        return value.get("content")
    return value


def special_tokens(config):
    tokens = {}
    for key in SPECIAL_TOKEN_KEYS:
        text = token_text(config.get(key))
        if text is not None:
            tokens[key] = text
    extra = config.get("additional_special_tokens")
    if extra:
        tokens["additional_special_tokens"] = [token_text(t) for t in extra]
    return tokens


def chat_template(config):
    template = config.get("chat_template")
    if isinstance(template, list):
        template = {t["name"]: t["template"] for t in template}["default"]
    return template


def m(role, content):
    return {"role": role, "content": content}


TRICKY = ("She said \"it's 100% done\" \\o/\n\tthen left. Ünïcödé: 日本語, emoji \U0001F600, "
          "braces {{ not jinja }} {% neither %}")

CONVERSATIONS = [
    ("single user turn", [m("user", "Write a function that adds two numbers.")], True),
    ("single user turn, no generation prompt", [m("user", "Write a function that adds two numbers.")], False),
    ("system and user", [m("system", "You are a careful programmer."), m("user", "Reverse a string in Python.")],
     True),
    ("multi-turn with assistant",
     [m("system", "Be brief."), m("user", "What is 2 + 2?"), m("assistant", "4"), m("user", "And 3 + 3?")], True),
    ("multi-turn ending with the assistant, no generation prompt",
     [m("user", "Hi"), m("assistant", "Hello! How can I help?"), m("user", "Say bye."), m("assistant", "Bye.")],
     False),
    ("quotes, newlines, unicode and percent signs", [m("user", TRICKY)], True),
    ("surrounding whitespace in content", [m("system", "  padded system  \n"), m("user", "\n  padded user\n\n")],
     True),
    ("assistant turn with a think block",
     [m("user", "Think first."), m("assistant", "<think>\nsome reasoning\n</think>\n\nThe answer."),
      m("user", "Again.")], True),
    ("empty content", [m("user", "")], True),
    ("two user turns in a row", [m("user", "one"), m("user", "two")], True),
    ("EvalPlus instruct prompt",
     [m("user", "Please provide a self-contained Python script that solves the following problem in a markdown "
                "code block:\n```\ndef similar_elements(a, b):\n    \"\"\"Find the shared elements.\"\"\"\n```\n")],
     True),
]

# One Jinja2 feature each; the variables are those a chat template gets (messages, bos/eos tokens).
FEATURES = [
    ("tojson of messages", "{{ messages | tojson }}"),
    ("tojson with indent", "{{ messages[0] | tojson(indent=2) }}"),
    ("tojson of scalars and nesting", "{{ {'a': [1, 2.5, none, true], 'b': 'x\"y'} | tojson }}"),
    ("tojson sort_keys and separators", "{{ {'b': 1, 'a': 2} | tojson(sort_keys=true, separators=(',', ':')) }}"),
    ("tojson nested indent and ensure_ascii",
     "{{ {'a': [1, {'b': []}], 'c': {}, 'd': 'é\u2028'} | tojson(indent=2) }}|{{ 'é😀' | tojson(ensure_ascii=true) }}"),
    ("reversed slice", "{% for x in messages[::-1] %}{{ x.role }},{% endfor %}"),
    ("slices", "{{ messages[1:] | length }} {{ messages[:1][0].role }} {{ 'abcdef'[1:4] }} {{ 'abcdef'[::2] }}"
               " {{ 'abcdef'[-2:] }}"),
    ("string methods",
     "{{ ' x ' .strip() }}|{{ 'xxaxx'.strip('x') }}|{{ '\\n\\nab\\n'.lstrip('\\n') }}|{{ 'ab..'.rstrip('.') }}|"
     "{{ 'a,b,,c'.split(',') | join('/') }}|{{ 'a b  c'.split() | length }}|{{ 'abc'.startswith('ab') }}|"
     "{{ 'abc'.endswith('bc') }}|{{ 'abc'.startswith('x') }}|{{ 'Ab'.upper() }}{{ 'Ab'.lower() }}|"
     "{{ 'a-b'.replace('-', '+') }}|{{ 'x</think>y</think>z'.split('</think>')[-1] }}|{{ 'abc'.title() }}"),
    ("namespace with expressions",
     "{% set ns = namespace(n=messages|length - 1, found=false, s='') %}{% for x in messages %}"
     "{% if x.role == 'user' %}{% set ns.found = true %}{% set ns.s = ns.s + x.role[0] %}{% endif %}{% endfor %}"
     "{{ ns.n }} {{ ns.found }} {{ ns.s }}"),
    ("loop variables", "{% for x in messages %}{{ loop.index0 }}{{ loop.index }}{{ loop.first }}{{ loop.last }}"
                       "{{ loop.revindex0 }}{{ loop.length }};{% endfor %}{{ messages|length }}"),
    ("loop controls", "{% for x in [1, 2, 3, 4] %}{% if x == 2 %}{% continue %}{% endif %}{% if x == 4 %}{% break %}"
                      "{% endif %}{{ x }}{% endfor %}"),
    ("tests", "{{ messages[0].content is string }} {{ 3 is string }} {{ none is none }} {{ x is defined }} "
              "{{ messages is iterable }} {{ messages[0] is mapping }} {{ false is false }} {{ 1 is number }}"),
    ("not binds looser than tests and comparisons",
     "{{ not undefined_name is defined }} {{ not 1 == 2 }} {{ not 'a' in 'abc' }} {{ not false and false }} "
     "{{ messages[0].role == 'system' and not messages[1].content is none }}"),
    ("in and not in", "{{ 'role' in messages[0] }} {{ 'tool_calls' in messages[0] }} {{ 'ell' in 'hello' }} "
                      "{{ 'q' not in 'hello' }}"),
    ("whitespace control", "A\n  {%- if true %}\n  B  \n  {%- endif %}\n{{- ' C ' -}}\n D\n{# note #}\nE {{ 1 }}\n"),
    ("trim_blocks and lstrip_blocks", "line1\n    {% if true %}\n    kept indent\n    {% endif %}\nline2\n"),
    ("filters", "{{ '  t  ' | trim }}|{{ [3, 1, 2] | sort | join(',') }}|{{ 'ab' | upper }}|{{ [1, 2] | first }}|"
                "{{ [1, 2] | last }}|{{ 'a' | default('d') }}|{{ missing | default('d') }}|"
                "{{ [{'r': 'a'}, {'r': 'b'}] | map(attribute='r') | join }}|"
                "{{ ['a', 'code_interpreter', 'b'] | reject('equalto', 'code_interpreter') | join(', ') }}|"
                "{{ messages | selectattr('role', 'equalto', 'user') | list | length }}"),
    ("items and dict access", "{% for k, v in {'a': 1, 'b': 'two'} | items %}{{ k }}={{ v }};{% endfor %}"
                              "{% for k, v in {'c': 3}.items() %}{{ k }}={{ v }};{% endfor %}"
                              "{{ messages[0]['role'] }}{{ messages[0].get('content')[:3] }}{{ messages[-1].role }}"
                              "{{ 'abc'[-1] }}{{ 'abc'[0] }}"),
    ("special tokens", "{{ bos_token }}|{{ eos_token }}|{{ bos_token + 'x' + eos_token }}"),
    ("macros and conditional expressions",
     "{% macro tag(r) %}<{{ r }}>{% endmacro %}{% for x in messages %}{{ tag(x.role) }}"
     "{{ 'U' if x.role == 'user' else 'O' }}{% endfor %}"),
    ("integer arithmetic", "{{ 7 // 2 }} {{ 7 % 3 }} {{ 2 ** 3 }} {{ 7 / 2 }} {{ (messages|length) - 1 }}"),
    ("raise_exception", "{% if messages|length > 1 %}{{ raise_exception('Only one message, please!') }}{% endif %}"),
    ("generation block", "{% for x in messages %}{% generation %}[{{ x.role }}]{% endgeneration %}{% endfor %}"),
]
FEATURE_MESSAGES = [m("system", "Sys"), m("user", "Hello, \"world\" é"), m("assistant", "Hi\nthere")]
FEATURE_TOKENS = {"bos_token": "<s>", "eos_token": "</s>"}

STRFTIME_TIME = datetime.datetime(2024, 7, 6, 9, 5, 3)
STRFTIME_FORMATS = ["%d %b %Y", "%Y-%m-%d", "%d %B %Y", "%A, %H:%M:%S", "%a %j %y %%", "%-d %b %Y", "%I %p"]


def render(env, template, messages, add_generation_prompt, tokens):
    try:
        text = env.from_string(template).render(messages=messages, tools=None, documents=None,
                                                add_generation_prompt=add_generation_prompt, **tokens)
        return {"expected": text}
    except TemplateError as e:
        return {"error": str(e)}


def write_json(path, value):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(value, f, ensure_ascii=False, indent=2)
        f.write("\n")


def main():
    env = environment()
    names = sorted(d for d in os.listdir(RESOURCES) if os.path.isfile(os.path.join(RESOURCES, d,
                                                                                    "tokenizer_config.json")))
    for name in names:
        with open(os.path.join(RESOURCES, name, "tokenizer_config.json"), encoding="utf-8") as f:
            config = json.load(f)
        tokens = special_tokens(config)
        template = chat_template(config)
        cases = []
        for title, messages, agp in CONVERSATIONS:
            case = {"name": title, "messages": messages, "add_generation_prompt": agp}
            case.update(render(env, template, messages, agp, tokens))
            cases.append(case)
        write_json(os.path.join(RESOURCES, name, "expected.json"), cases)
        print(f"{name}: {len(cases)} cases, {sum('error' in c for c in cases)} errors", file=sys.stderr)
    features = []
    for title, template in FEATURES:
        case = {"name": title, "template": template, "messages": FEATURE_MESSAGES, "add_generation_prompt": True}
        case.update(render(env, template, FEATURE_MESSAGES, True, FEATURE_TOKENS))
        features.append(case)
    write_json(os.path.join(RESOURCES, "features.json"),
               {"bos_token": FEATURE_TOKENS["bos_token"], "eos_token": FEATURE_TOKENS["eos_token"],
                "cases": features})
    write_json(os.path.join(RESOURCES, "strftime.json"),
               {"time": STRFTIME_TIME.isoformat(),
                "formats": {fmt: STRFTIME_TIME.strftime(fmt) for fmt in STRFTIME_FORMATS}})
    print(f"features: {len(features)} cases; jinja2 {jinja2.__version__}", file=sys.stderr)


if __name__ == "__main__":
    main()
