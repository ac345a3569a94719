"""The generated client's names for a release's operations and parameters (the one place this
package takes names from)."""

from __future__ import annotations

from generator.ir import IR, Endpoint
from generator.naming import operation_names, param_names


class ClientNames:
    """The generated client's names for one IR's operations and parameters."""

    def __init__(self, ir: IR) -> None:
        self.endpoints = ir.endpoint_map()
        self.calls = operation_names((e.method, e.path, e.tag) for e in ir.endpoints)

    def call(self, method: str, path: str) -> tuple[str, str] | None:
        return self.calls.get((method, path))

    def argument(self, endpoint: Endpoint, name: str) -> str | None:
        return param_names([p.name for p in endpoint.params]).get(name)
