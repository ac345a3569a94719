"""JSON and YAML text -> Python data, safely: no YAML tags, and no alias bomb."""

from __future__ import annotations

import json
from typing import Any

import yaml

from generator.errors import MbgenError

# Count of nodes a YAML document may expand to through its aliases. The 2025-12 document has
# about 60,000; a billion-laughs document has 10^9.
MAX_YAML_NODES = 5_000_000

# libyaml's loader where PyYAML was built with it (about 10x faster), else the pure one.
_YamlLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_json(text: str, source: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise MbgenError(
            source, f"invalid JSON at line {err.lineno} column {err.colno}: {err.msg}"
        ) from None
    except RecursionError:
        raise MbgenError(source, "JSON nested too deeply") from None


class _RecursiveAlias(Exception):
    pass


def _expanded_size(root: yaml.Node) -> int:
    """Nodes the document has once every alias is expanded, counted without expanding."""
    sizes: dict[int, int] = {}
    visiting: set[int] = set()
    # Iterative post-order walk; a shared (aliased) node is sized once, counted per reference.
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, ready = stack.pop()
        kids: list[yaml.Node] = []
        if isinstance(node, yaml.SequenceNode):
            kids = list(node.value)
        elif isinstance(node, yaml.MappingNode):
            kids = [n for pair in node.value for n in pair]
        if ready:
            visiting.discard(id(node))
            total = 1 + sum(sizes[id(k)] for k in kids)
            sizes[id(node)] = min(total, MAX_YAML_NODES + 1)
            continue
        if id(node) in sizes:
            continue
        if id(node) in visiting:
            raise _RecursiveAlias()
        visiting.add(id(node))
        stack.append((node, True))
        stack.extend((k, False) for k in kids if id(k) not in sizes)
    return sizes[id(root)]


def parse_yaml(text: str, source: str) -> Any:
    loader = _YamlLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise MbgenError(source, "empty YAML document")
        if _expanded_size(node) > MAX_YAML_NODES:
            raise MbgenError(
                source, f"YAML expands to more than {MAX_YAML_NODES:,} nodes through aliases"
            )
        return loader.construct_document(node)
    except _RecursiveAlias:
        raise MbgenError(source, "YAML with a recursive alias cannot be JSON") from None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark
        where = f" at line {mark.line + 1} column {mark.column + 1}" if mark else ""
        raise MbgenError(source, f"invalid YAML{where}: {err.problem or err}") from None
    except yaml.YAMLError as err:
        raise MbgenError(source, f"invalid YAML: {err}") from None
    except RecursionError:
        raise MbgenError(source, "YAML nested too deeply") from None
    finally:
        loader.dispose()
