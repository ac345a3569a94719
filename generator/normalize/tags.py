"""The namespace (tag) of an endpoint when the source does not name one."""

from __future__ import annotations

from generator.ir import Endpoint, Repair


def derive_tag(path: str) -> str:
    """`/api/card/{id}` -> `/api/card`, `/api/ee/sso/...` -> `/api/ee/sso`, the form Metabase's
    OpenAPI tags use, so IRs from Markdown and OpenAPI group endpoints alike."""
    segments = [s for s in path.split("/") if s]
    if not segments:
        return "/"
    if segments[0] == "api" and len(segments) > 1:
        depth = 3 if segments[1] == "ee" and len(segments) > 2 else 2
    else:
        depth = min(2, len(segments))
    head = []
    for segment in segments[:depth]:
        if "{" in segment or ":" in segment:
            break
        head.append(segment)
    return "/" + "/".join(head)


def fill_missing_tags(endpoints: list[Endpoint]) -> list[Repair]:
    """Give every endpoint a tag: the IR has no untagged endpoint, so no consumer derives one."""
    repairs = []
    for endpoint in endpoints:
        if not endpoint.tag:
            endpoint.tag = derive_tag(endpoint.path)
            repairs.append(
                Repair("missing-tag", endpoint.label, f"no tag; {endpoint.tag!r}, from the path")
            )
    return repairs
