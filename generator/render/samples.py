"""Literals for the README's examples, chosen by the type a release declares.

The README shows the same calls for every release, but one release types `id` as `str` and the
next as `int`, and a body key one release declares is unknown to another. These functions read a
type expression (as `pytypes` writes it: typing as `t`, models by bare name) and say whether a
wanted value fits it, or which literal of the declared type to write instead, so every example
type-checks against the package it is rendered into.
"""

from __future__ import annotations

import ast
from collections.abc import Callable

from generator.render.text import pystr

Scalar = str | int | float | bool | None
# A model name -> its alias's type expression, "dict" for a TypedDict, None when unknown.
Resolve = Callable[[str], str | None]
_MAX_ALIAS_DEPTH = 20  # an alias of an alias of ...: real documents nest a few


def _members(expression: str) -> list[ast.expr]:
    """The top-level members of a union: `int | str | None` -> [int, str, None]."""
    try:
        node = ast.parse(expression.strip(), mode="eval").body
    except SyntaxError:
        return []
    out: list[ast.expr] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, ast.BinOp) and isinstance(current.op, ast.BitOr):
            stack += [current.right, current.left]
        else:
            out.append(current)
    return out


def _dotted(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return ""


def _literal_values(node: ast.expr) -> list[Scalar] | None:
    """The values of `t.Literal[...]`, or None when the member is something else."""
    if not (isinstance(node, ast.Subscript) and _dotted(node.value) == "t.Literal"):
        return None
    elements = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
    return [
        e.value
        for e in elements
        if isinstance(e, ast.Constant) and isinstance(e.value, str | int | float | None)
    ]


def _kinds(expression: str, resolve: Resolve, depth: int = 0) -> list[str | list[Scalar]]:
    """Each member as a kind: "int", "str", "None", "any", "dict", "list", ..., or the values
    of a Literal; aliases are followed."""
    kinds: list[str | list[Scalar]] = []
    for node in _members(expression):
        values = _literal_values(node)
        name = _dotted(node.value if isinstance(node, ast.Subscript) else node)
        if values is not None:
            kinds.append(values)
        elif isinstance(node, ast.Constant) and node.value is None:
            kinds.append("None")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            kinds += _kinds(node.value, resolve, depth + 1) if depth < _MAX_ALIAS_DEPTH else []
        elif name in ("t.Any", "object"):
            kinds.append("any")
        elif name in ("int", "float", "str", "bool", "dict", "list", "None"):
            kinds.append(name)
        elif (target := resolve(name)) == "dict":
            kinds.append("dict")
        elif target is not None and depth < _MAX_ALIAS_DEPTH:
            kinds += _kinds(target, resolve, depth + 1)
    return kinds


def _fits(kind: str | list[Scalar], value: object) -> bool:
    if kind == "any":
        return True
    if isinstance(kind, list):
        return any(type(v) is type(value) and v == value for v in kind)
    if value is None or isinstance(value, bool):
        return kind == {None: "None", True: "bool", False: "bool"}[value]
    if isinstance(value, int):
        return kind in ("int", "float")
    return kind == {float: "float", str: "str", dict: "dict", list: "list"}.get(type(value))


def accepts(expression: str, value: object, resolve: Resolve) -> bool:
    """Whether `value` (a scalar, or a dict or list judged by its shape) fits the type."""
    return any(_fits(kind, value) for kind in _kinds(expression, resolve))


def render(value: Scalar) -> str:
    return pystr(value) if isinstance(value, str) else repr(value)


_STAND_INS: dict[str, Callable[[Scalar], Scalar]] = {
    "int": lambda _: 1,
    "float": lambda _: 1.0,
    "bool": lambda _: True,
    "str": lambda wanted: str(wanted),
    "any": lambda wanted: wanted,
}


def literal_for(expression: str, wanted: Scalar, resolve: Resolve) -> str | None:
    """`wanted` written as a literal when the type accepts it, else a literal of the first
    member that has one (`1` for int, `"1"` for str when 1 was wanted); None if none has."""
    kinds = _kinds(expression, resolve)
    if any(_fits(kind, wanted) for kind in kinds):
        return render(wanted)
    for kind in kinds:
        if isinstance(kind, list) and kind:
            return render(kind[0])
        if isinstance(kind, str) and kind in _STAND_INS:
            return render(_STAND_INS[kind](wanted))
    return None
