"""The Python files under a folder, parsed (never imported or run)."""

from __future__ import annotations

import ast
from pathlib import Path

from generator.errors import MbgenError

SKIPPED_FOLDERS = frozenset(
    {".git", ".venv", "venv", "node_modules", "__pycache__", "build", "dist", ".tox"}
)
# The largest file scanned. Python's syntax tree takes some 170 bytes of memory per byte of code
# (a 20 MB file, 3.4 GB): past this a file is skipped with a warning, so memory stays bounded.
MAX_FILE_BYTES = 4 * 1024 * 1024
Unreadable = tuple[str, str]  # a file skipped, and why


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


def read_tree(path: Path) -> ast.Module | str:
    """The file's tree, or why it is skipped (too large, not Python this interpreter parses)."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        return f"cannot be read ({error.strerror or error})"
    if len(data) > MAX_FILE_BYTES:
        return f"larger than {MAX_FILE_BYTES // 2**20} MiB, the most one file may be"
    try:
        return ast.parse(data, filename=str(path))
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return "not Python this mbgen can parse"


def parsed_files(root: Path) -> tuple[list[tuple[str, ast.Module]], list[Unreadable]]:
    """(shown name, tree) of each file that parses, and the files skipped, with why."""
    trees: list[tuple[str, ast.Module]] = []
    unreadable: list[Unreadable] = []
    for path in python_files(root):
        tree = read_tree(path)
        if isinstance(tree, str):
            unreadable.append((str(path), tree))
        else:
            trees.append((str(path), tree))
    return trees, unreadable
