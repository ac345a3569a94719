"""An Overlay document (OpenAPI Overlay Specification 1.0.0), read and checked.

Every problem is one MbgenError naming the file: what the specification requires (the
`overlay`, `info` and `actions` fields, their types, `x-` extensions only, RFC 9535 targets) is
checked here, before any action touches a document, so a bad overlay changes nothing.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.errors import MbgenError
from generator.overlay.jsonpath import TargetError, compile_target
from generator.sources.structured import parse_json, parse_yaml

MAX_OVERLAY_BYTES = 16 * 1024 * 1024
MAX_ACTIONS = 10_000
# The 1.0 feature set; a patch version is a clarification (the specification, "Versions").
SUPPORTED_VERSION = re.compile(r"^1\.0\.\d+(?:-.+)?$")
_ROOT_FIELDS = frozenset({"overlay", "info", "extends", "actions"})
_INFO_FIELDS = frozenset({"title", "version"})
_ACTION_FIELDS = frozenset({"target", "description", "update", "remove"})


@dataclass(frozen=True)
class Action:
    number: int  # 1-based, as people count the list
    target: str
    description: str = ""
    update: Any = None
    has_update: bool = False
    remove: bool = False
    extensions: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        """How messages name the action: its number and its description or target."""
        about = self.description.splitlines()[0] if self.description else self.target
        return f"action {self.number} ({_short(about)})"


@dataclass(frozen=True)
class Overlay:
    shown: str  # the file as the user named it, for messages
    name: str  # the file's base name, which the IR records (same file, same IR anywhere)
    sha256: str
    title: str
    version: str
    extends: str | None
    actions: list[Action]
    extensions: dict[str, Any] = field(default_factory=dict)


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _unknown(obj: dict[str, Any], allowed: frozenset[str], where: str, shown: str) -> None:
    for key in obj:
        if key not in allowed and not key.startswith("x-"):
            raise MbgenError(
                shown,
                f"{where}: unknown field {_short(key)!r} (Overlay 1.0 allows only "
                f"{', '.join(sorted(allowed))} and x- extensions)",
            )


def _string(obj: dict[str, Any], key: str, where: str, shown: str, required: bool) -> str | None:
    if key not in obj:
        if required:
            raise MbgenError(shown, f"{where}: '{key}' is required")
        return None
    value = obj[key]
    if not isinstance(value, str):
        raise MbgenError(shown, f"{where}: '{key}' must be a string, not {json_type(value)}")
    return value


def json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "an array"
    return "an object" if isinstance(value, dict) else "a string"


def _action(raw: object, number: int, shown: str) -> Action:
    where = f"actions[{number - 1}]"
    if not isinstance(raw, dict):
        raise MbgenError(shown, f"{where}: an action must be an object, not {json_type(raw)}")
    _unknown(raw, _ACTION_FIELDS, where, shown)
    target = _string(raw, "target", where, shown, required=True)
    assert target is not None
    if not target.startswith("$"):
        raise MbgenError(shown, f"{where}: target {_short(target)!r} must start with '$'")
    try:
        compile_target(target)
    except TargetError as err:
        raise MbgenError(shown, f"{where}: target {_short(target)!r}: {err}") from None
    remove = raw.get("remove", False)
    if not isinstance(remove, bool):
        raise MbgenError(shown, f"{where}: 'remove' must be true or false, not {json_type(remove)}")
    return Action(
        number=number,
        target=target,
        description=_string(raw, "description", where, shown, required=False) or "",
        update=raw.get("update"),
        has_update="update" in raw,
        remove=remove,
        extensions={k: v for k, v in raw.items() if k.startswith("x-")},
    )


def overlay_from_data(data: object, shown: str, name: str, sha256: str) -> Overlay:
    """Parsed JSON/YAML -> an Overlay, or MbgenError naming `shown` and the first problem."""
    if not isinstance(data, dict):
        raise MbgenError(shown, f"an overlay must be an object, not {json_type(data)}")
    if "overlay" not in data:
        hint = " (this is an OpenAPI document, not an overlay)" if "openapi" in data else ""
        raise MbgenError(shown, f"not an Overlay document: no 'overlay' field{hint}")
    _unknown(data, _ROOT_FIELDS, "overlay", shown)
    version = _string(data, "overlay", "overlay", shown, required=True)
    if version is None or not SUPPORTED_VERSION.match(version):
        raise MbgenError(shown, f"Overlay version {version!r} is not supported (1.0.x)")
    info = data.get("info")
    if not isinstance(info, dict):
        raise MbgenError(shown, "'info' is required and must be an object with title and version")
    _unknown(info, _INFO_FIELDS, "info", shown)
    title = _string(info, "title", "info", shown, required=True) or ""
    info_version = _string(info, "version", "info", shown, required=True) or ""
    extends = _string(data, "extends", "overlay", shown, required=False)
    actions = data.get("actions")
    if not isinstance(actions, list) or not actions:
        raise MbgenError(shown, "'actions' is required and must be a non-empty array")
    if len(actions) > MAX_ACTIONS:
        raise MbgenError(shown, f"more than {MAX_ACTIONS:,} actions")
    return Overlay(
        shown=shown,
        name=name,
        sha256=sha256,
        title=title,
        version=info_version,
        extends=extends,
        actions=[_action(raw, i, shown) for i, raw in enumerate(actions, start=1)],
        extensions={k: v for k, v in data.items() if k.startswith("x-")},
    )


def parse_overlay(text: str, shown: str, name: str) -> Overlay:
    """An overlay's text, JSON or YAML (told apart by content, as sources are)."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if not text.strip():
        raise MbgenError(shown, "empty overlay")
    if text.lstrip().startswith(("{", "[")):
        data = parse_json(text, shown)
    else:
        data = parse_yaml(text, shown)
    return overlay_from_data(data, shown, name, digest)


def read_overlay(path: str) -> Overlay:
    """The overlay file at `path`, or MbgenError naming it and the problem."""
    file = Path(path)
    try:
        if file.is_dir():
            raise MbgenError(path, "a folder, not an overlay file")
        size = file.stat().st_size
        if size > MAX_OVERLAY_BYTES:
            raise MbgenError(path, f"overlay is {size:,} bytes; the limit is 16 MiB")
        data = file.read_bytes()
    except FileNotFoundError:
        raise MbgenError(path, "no such overlay file") from None
    except PermissionError:
        raise MbgenError(path, "permission denied") from None
    except OSError as err:
        raise MbgenError(path, f"cannot read ({err.strerror})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise MbgenError(path, f"not UTF-8 text (byte {err.start})") from None
    return parse_overlay(text, path, file.name)
