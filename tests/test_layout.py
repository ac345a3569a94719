"""The package layout the README describes: data flows read -> repair -> IR -> consumers, and no
function in generator/ is long. Both read the source with ast, never import it."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from tests.conftest import ROOT

GENERATOR = ROOT / "generator"
# Layers: readers read, normalize repairs, consumers read only the IR and the neutral modules.
READERS = "generator.sources"
REPAIRS = "generator.normalize"
CONSUMERS = ("generator.render", "generator.diff", "generator.export")


def _modules() -> Iterator[tuple[str, Path]]:
    for path in sorted(GENERATOR.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        yield ".".join(parts), path


def _node(module: str) -> str:
    """The unit of the graph: a subpackage of generator (`generator.diff`), or a top-level
    module (`generator.ir`)."""
    parts = module.split(".")
    return ".".join(parts[:2])


def _imports(path: Path) -> set[str]:
    """Every generator module imported anywhere in the file, function-level imports included."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {m for m in found if m == "generator" or m.startswith("generator.")}


def package_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for module, path in _modules():
        source = _node(module)
        targets = {_node(m) for m in _imports(path)} - {source, "generator"}
        graph.setdefault(source, set()).update(targets)
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}  # 1: on the stack, 2: done
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return [*stack[stack.index(target) :], target]
            if target not in state:
                found = visit(target)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def test_package_graph_has_no_cycle() -> None:
    graph = package_graph()
    assert "generator.ingest" in graph  # the graph is read, not empty
    assert _cycle(graph) is None, " -> ".join(_cycle(graph) or [])


def test_cycle_finder_finds_a_cycle() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_consumers_import_no_other_consumer_reader_or_repair() -> None:
    graph = package_graph()
    forbidden = {READERS, REPAIRS, "generator.ingest", *CONSUMERS}
    bad = {
        (consumer, target)
        for consumer in CONSUMERS
        for target in graph.get(consumer, set()) & forbidden
        if target != consumer
    }
    assert not bad


def test_readers_do_not_repair_and_repairs_do_not_read() -> None:
    graph = package_graph()
    assert REPAIRS not in graph[READERS]
    assert READERS not in graph[REPAIRS]
    assert "generator.ingest" not in graph[READERS] | graph[REPAIRS]


def _layout_entries() -> list[str]:
    """The files and folders README's layout block names, as paths from the repository root."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Layout", 1)[1].split("```", 2)[1]
    entries, parent = [], ""
    for line in block.splitlines():
        if not line.strip():
            continue
        indented = line.startswith("  ")
        names = line.strip().split("   ")[0]
        for name in (n.strip() for n in names.split(",")):
            if not indented:
                parent = name
            entries.append(f"{parent}{name}" if indented else name)
    return entries


def test_readme_layout_names_only_what_exists() -> None:
    entries = _layout_entries()
    assert "generator/ir.py" in entries and "generator/sources/" in entries
    missing = [e for e in entries if not (ROOT / e).exists()]
    assert missing == []


def test_readme_layout_names_every_generator_package() -> None:
    entries = set(_layout_entries())
    packages = {
        f"generator/{p.name}/"
        for p in (ROOT / "generator").iterdir()
        if (p / "__init__.py").exists()
    }
    assert packages - entries == set()


MAX_FUNCTION_LINES = 60


def _long_functions() -> list[str]:
    long = []
    for module, path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                assert node.end_lineno is not None
                lines = node.end_lineno - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    long.append(f"{module}.{node.name}: {lines} lines")
    return long


def test_no_function_in_generator_is_over_60_lines() -> None:
    assert _long_functions() == []
