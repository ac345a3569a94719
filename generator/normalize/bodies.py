"""Whether a request body is required: decided once, here, for every source, so that the
generated client, the exported OpenAPI and the diff all say the same.

A body whose object schema requires keys cannot be left out, whatever `requestBody.required`
says; a body whose keys are all optional can be (Metabase reads a missing body as `{}`). Where
this departs from the source it is recorded.
"""

from __future__ import annotations

from generator.ir import Endpoint, Repair


def _required_keys(body: dict[str, object]) -> list[str]:
    required = body.get("required")
    return [str(k) for k in required] if isinstance(required, list) else []


def _all_keys_optional(body: dict[str, object]) -> bool:
    properties = body.get("properties")
    return isinstance(properties, dict) and bool(properties) and not _required_keys(body)


def decide_body_required(endpoint: Endpoint) -> Repair | None:
    """Set `body_required` from the body's own keys; a Repair where the source said otherwise."""
    body = endpoint.body
    if body is None:
        endpoint.body_required = False
        return None
    if _required_keys(body) and not endpoint.body_required:
        endpoint.body_required = True
        keys = ", ".join(_required_keys(body))
        return Repair(
            "required-body",
            endpoint.label,
            f"body published as optional but requires {keys}; the body is required",
        )
    if _all_keys_optional(body) and endpoint.body_required:
        endpoint.body_required = False
        return Repair(
            "optional-body",
            endpoint.label,
            "body published as required but every key is optional; the body may be left out",
        )
    return None


def decide_bodies_required(endpoints: list[Endpoint]) -> list[Repair]:
    found = (decide_body_required(e) for e in endpoints)
    return [r for r in found if r is not None]
