"""The Jinja environment: templates from `templates/` (or a user's folder first), and the
filters that turn untrusted text into safe source."""

from __future__ import annotations

import io
import json
import re
import tokenize
from collections.abc import Callable
from pathlib import Path

import jinja2

from generator.render.model import PyNamespace, PyOperation
from generator.render.text import comment, docstring, pystr

_TYPING = re.compile(r"(?<![\w.])t\.")  # a use of `typing as t` in a type expression

SOURCE_TREE_TEMPLATES = Path(__file__).resolve().parent.parent.parent / "templates"


def default_templates() -> Path:
    """The bundled templates: the `mbgen_templates` package a wheel installs (an editable
    install maps it to `templates/`), else `templates/` beside `generator/` in a checkout."""
    import importlib.util

    spec = importlib.util.find_spec("mbgen_templates")
    for location in (spec.submodule_search_locations or []) if spec else []:
        if (Path(location) / "package" / "api.py.j2").is_file():
            return Path(location)
    return SOURCE_TREE_TEMPLATES


def prefix_names(expression: str, names: set[str] | frozenset[str], prefix: str) -> str:
    """`prefix` before each of `names` standing as a name in a type expression (not after a
    dot, not inside a string literal such as a Literal value: the expression is tokenized, not
    searched)."""
    out: list[str] = []
    previous = ""
    last_end = 0
    for token in tokenize.generate_tokens(io.StringIO(expression).readline):
        if token.type in (tokenize.NEWLINE, tokenize.ENDMARKER, tokenize.NL):
            continue
        out.append(expression[last_end : token.start[1]])
        named = token.type == tokenize.NAME and previous != "." and token.string in names
        out.append((prefix if named else "") + token.string)
        previous, last_end = token.string, token.end[1]
    out.append(expression[last_end:])
    return "".join(out)


def qualifier(model_names: set[str]) -> Callable[[str], str]:
    """A filter that prefixes model names in a type expression with `m.`."""
    return lambda expression: prefix_names(expression, model_names, "m.")


def unshadow(expression: str, names: set[str]) -> str:
    """`list[...]` -> `builtins.list[...]` where a method of the class is named `list`."""
    return prefix_names(expression, names, "builtins.")


def namespace_types(qualify: Callable[[str], str]) -> Callable[[PyNamespace], object]:
    """A namespace -> the function its module writes types with: models as `m.X`, builtins a
    method shadows as `builtins.X`."""

    def for_namespace(ns: PyNamespace) -> Callable[[str], str]:
        shadowed = set(ns.shadowed)  # once per namespace: it tokenizes every type the class spells
        return lambda expression: unshadow(qualify(expression), shadowed)

    return for_namespace


def or_none(expression: str) -> str:
    """`expression | None`, unless None is already one of its top-level union members."""
    depth = 0
    members: list[str] = []
    current = ""
    for ch in expression:
        if ch in "[(":
            depth += 1
        elif ch in "])":
            depth -= 1
        if ch == "|" and depth == 0:
            members.append(current.strip())
            current = ""
        else:
            current += ch
    members.append(current.strip())
    return expression if "None" in members else f"{expression} | None"


def operation_doc(op: PyOperation, indent: str) -> str:
    lines = [op.description.strip() or op.summary or f"{op.method} {op.path}"]
    lines.append("")
    lines.append(f"{op.method} {op.path}")
    if op.history:
        lines += ["", *op.history]
    if op.deprecated:
        lines.append("")
        lines.append("Deprecated: Metabase marks this operation as deprecated.")
    if op.response_overlays:
        lines.append("")
        lines.append(
            "The answer's type comes from an overlay ("
            + ", ".join(op.response_overlays)
            + "), not from Metabase's description of this release."
        )
    if op.params or op.body_type is not None:
        lines.append("")
        lines.append("Args:")
        for p in op.params:
            shown = p.python if p.python == p.published else f"{p.python} ({p.published})"
            lines.append(f"    {shown}: {' '.join(p.description.split()) or p.facts}")
        lines.extend("    " + line for line in op.body_doc)
    if op.answer_doc:
        lines.append("")
        lines.append("Returns:")
        lines.extend("    " + line for line in op.answer_doc)
    return docstring("\n".join(lines), indent)


def toml_string(text: str) -> str:
    return json.dumps(str(text))  # a JSON string is a valid TOML basic string


def make_environment(model_names: set[str], override: Path | None) -> jinja2.Environment:
    search = [str(override)] if override else []
    search.append(str(default_templates()))
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(search),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # we write Python, not HTML; escaping is the filters' job
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["docstring"] = docstring
    env.filters["comment"] = comment
    env.filters["pystr"] = pystr
    env.filters["tomlstr"] = toml_string
    qualify = qualifier(model_names)
    env.filters["qualify"] = qualify
    env.filters["operation_doc"] = operation_doc
    env.globals["qualify"] = qualify
    env.globals["or_none"] = or_none
    env.globals["namespace_types"] = namespace_types(qualify)
    # Both take a namespace or the whole package model: what its modules must import.
    env.globals["uses_models"] = lambda ns: any(
        "m." in qualify(expression) for expression in ns.type_expressions()
    )
    env.globals["uses_typing"] = lambda ns: any(
        _TYPING.search(qualify(expression)) for expression in ns.type_expressions()
    )
    return env
