"""The values the scan works with: text built by code (pieces, some of them computed), the
choices that picked one of several possible values, and where an expression is read."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the project imports this module; the name is only for the checker
    from generator.calls.project import Module

AnyFunction = ast.FunctionDef | ast.AsyncFunctionDef
# (what was chosen among several values: a narrowing statement, a receiver class; which one)
Choice = tuple[int, int]


@dataclass(frozen=True)
class Piece:
    text: str | None  # None: a value the code computes
    expr: ast.expr | None = None
    line: int = 0
    shown: str | None = None  # how the template shows a chosen value (`{item_type}`)
    notes: frozenset[str] = frozenset()  # why its value is not certain (empty: it is)


@dataclass(frozen=True)
class Built:
    """One value an expression may build (each piece says how sure it is of itself)."""

    pieces: tuple[Piece, ...]
    form: str  # literal, f-string, format, percent, concat ("" for a part of one)
    choices: frozenset[Choice] = frozenset()

    def noted(self, notes: frozenset[str], choice: Choice | None = None) -> Built:
        """The same value, each piece less sure for `notes` (and picked by `choice`)."""
        pieces = tuple(replace(p, notes=p.notes | notes) for p in self.pieces) if notes else None
        choices = self.choices | {choice} if choice is not None else self.choices
        return Built(pieces or self.pieces, self.form, choices)


# Each set of parameter values a function was read with, numbered (a key of memos is then cheap).
_BINDS: dict[tuple[tuple[str, tuple[Built, ...]], ...], int] = {(): 0}


@dataclass(frozen=True, eq=False)
class Where:
    """Where names are read: a module, the class whose `self` is meant (the receiver, which may
    be a subclass of the one the function is written in), a function's locals, and the values
    its parameters were given at a call being followed."""

    module: Module = field(repr=False)
    cls: ast.ClassDef | None = None
    func: AnyFunction | ast.Lambda | None = None
    binds: tuple[tuple[str, tuple[Built, ...]], ...] = ()
    _key: tuple[int, int, int, int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        binds = _BINDS.setdefault(self.binds, len(_BINDS)) if self.binds else 0
        object.__setattr__(self, "_key", (id(self.module), id(self.cls), id(self.func), binds))

    def key(self) -> tuple[int, int, int, int]:
        """Where, as a key of memos (the parameters' values numbered once)."""
        return self._key

    def bound(self, name: str) -> tuple[Built, ...] | None:
        for bound_name, values in self.binds:
            if bound_name == name:
                return values
        return None


def hole(expr: ast.expr | None, line: int = 0) -> Built:
    return Built((Piece(None, expr, line),), "")


def has_text(built: Built) -> bool:
    return any(p.text for p in built.pieces)


def joined(parts: list[Built], form: str, max_pieces: int) -> Built | None:
    """The parts one after the other, or None when their choices disagree (one row of a table
    with another row's column). Past `max_pieces` the text is one computed value."""
    choices: dict[int, int] = {}
    for part in parts:
        for what, which in part.choices:
            if choices.setdefault(what, which) != which:
                return None
    pieces = tuple(p for part in parts for p in part.pieces)
    if len(pieces) > max_pieces:
        pieces = (Piece(None),)
    return Built(pieces, form, frozenset(choices.items()))
