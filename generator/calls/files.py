"""The Python files under a folder, parsed (never imported or run)."""

from __future__ import annotations

import ast
from pathlib import Path

from generator.errors import MbgenError

SKIPPED_FOLDERS = frozenset(
    {".git", ".venv", "venv", "node_modules", "__pycache__", "build", "dist", ".tox"}
)


def python_files(root: Path) -> list[Path]:
    if root.is_file():
        return [root]
    if not root.is_dir():
        raise MbgenError(str(root), "no such file or folder")
    return sorted(
        p
        for p in root.rglob("*.py")
        if not (set(p.relative_to(root).parts[:-1]) & SKIPPED_FOLDERS) and p.is_file()
    )


def parse_file(path: Path) -> ast.Module | None:
    """The file's tree, or None when it is not Python this interpreter parses."""
    try:
        return ast.parse(path.read_bytes(), filename=str(path))
    except (SyntaxError, ValueError, OSError, RecursionError, MemoryError):
        return None


def parsed_files(root: Path) -> tuple[list[tuple[str, ast.Module]], list[str]]:
    """(shown name, tree) of each file that parses, and the files that do not."""
    trees: list[tuple[str, ast.Module]] = []
    unreadable: list[str] = []
    for path in python_files(root):
        tree = parse_file(path)
        if tree is None:
            unreadable.append(str(path))
        else:
            trees.append((str(path), tree))
    return trees, unreadable
