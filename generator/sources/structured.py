"""JSON and YAML text -> Python data, safely: no YAML tags, and no alias bomb."""

from __future__ import annotations

import json
from typing import Any

import yaml

from generator.errors import MbgenError
from generator.limits import checked_data

# Size a YAML document may expand to through its aliases, counted as 8 per node plus the
# characters of each scalar: the text of the 2025-12 document is 1 MB and has about 60,000
# nodes; a billion-laughs document has 10^9 nodes, and a few aliases of one long string can
# make gigabytes of IR from a small file.
MAX_YAML_EXPANDED = 64 * 1024 * 1024
_NODE_COST = 8


class _JsonYamlLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml's safe loader where PyYAML was built with it (about 10x faster), else the pure
    one; dates and `!!binary` stay the strings they are written as, since JSON has neither."""


_JsonYamlLoader.add_constructor("tag:yaml.org,2002:timestamp", _JsonYamlLoader.construct_yaml_str)
_JsonYamlLoader.add_constructor("tag:yaml.org,2002:binary", _JsonYamlLoader.construct_yaml_str)


def parse_json(text: str, source: str) -> Any:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise MbgenError(
            source, f"invalid JSON at line {err.lineno} column {err.colno}: {err.msg}"
        ) from None
    except RecursionError:
        raise MbgenError(source, "JSON nested too deeply") from None
    except ValueError:  # the only other: an integer literal past Python's 4,300 digits
        raise MbgenError(source, "invalid JSON: an integer of more than 4,300 digits") from None
    return checked_data(data, source)


class _RecursiveAlias(Exception):
    pass


def _expanded_size(root: yaml.Node) -> int:
    """The size the document has once every alias is expanded, counted without expanding."""
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
            own = len(node.value) if isinstance(node, yaml.ScalarNode) else 0
            total = _NODE_COST + own + sum(sizes[id(k)] for k in kids)
            sizes[id(node)] = min(total, MAX_YAML_EXPANDED + 1)
            continue
        if id(node) in sizes:
            continue
        if id(node) in visiting:
            raise _RecursiveAlias()
        visiting.add(id(node))
        stack.append((node, True))
        stack.extend((k, False) for k in kids if id(k) not in sizes)
    return sizes[id(root)]


_STR = "tag:yaml.org,2002:str"


def _keep_version_text(root: yaml.Node) -> None:
    """`openapi: 3.0` and `info: {version: 1.10}` are strings in OpenAPI, but YAML reads the
    plain scalars as the numbers 3.0 and 1.1: keep the text as written instead."""
    if not isinstance(root, yaml.MappingNode):
        return
    for key, value in root.value:
        if not isinstance(key, yaml.ScalarNode):
            continue
        if key.value == "openapi" and isinstance(value, yaml.ScalarNode):
            value.tag = _STR
        elif key.value == "info" and isinstance(value, yaml.MappingNode):
            for inner_key, inner in value.value:
                if getattr(inner_key, "value", None) == "version" and isinstance(
                    inner, yaml.ScalarNode
                ):
                    inner.tag = _STR


def parse_yaml(text: str, source: str) -> Any:
    loader = _JsonYamlLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise MbgenError(source, "empty YAML document")
        if _expanded_size(node) > MAX_YAML_EXPANDED:
            raise MbgenError(
                source,
                f"YAML expands through aliases to more than {MAX_YAML_EXPANDED // 2**20} MiB",
            )
        _keep_version_text(node)
        return checked_data(loader.construct_document(node), source)
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
    except ValueError:  # the only other: an integer literal past Python's 4,300 digits
        raise MbgenError(source, "invalid YAML: an integer of more than 4,300 digits") from None
    finally:
        loader.dispose()
