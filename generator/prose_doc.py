"""What the Markdown and rendered-text readers extract before normalisation: an endpoint
heading, its description and its parameter list as prose, with where it was found."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ProseParam:
    name: str
    prose: str


@dataclass
class ProseEndpoint:
    method: str
    path: str  # as published, with `:name` placeholders
    description: str
    params: list[ProseParam] = field(default_factory=list)
    origin: str = ""  # file:line, for repair records


@dataclass
class ProseDocument:
    endpoints: list[ProseEndpoint]
    release: str | None  # from the title, where the title has one
