"""The rules, as a table (oasdiff's model): id, severity, and the message each change carries.
Every rule is tested on its own in tests/test_diff_rules.py."""

from __future__ import annotations

from dataclasses import dataclass

BREAKING, WARNING, INFO = "breaking", "warning", "info"
SEVERITY_RANK = {INFO: 0, WARNING: 1, BREAKING: 2}


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    message: str  # str.format template over the change's fields


RULES: dict[str, Rule] = {
    rule.id: rule
    for rule in (
        # breaking: a call that worked fails, or code written against the old API breaks
        Rule("operation-removed", BREAKING, "{label} was removed"),
        Rule("operation-moved", BREAKING, "{label} moved to {moved_label}"),
        Rule("path-parameter-renamed", BREAKING, "{label}: path parameter {param} is now {new}"),
        Rule("required-parameter-added", BREAKING, "{label}: new required {where} {param}"),
        Rule("required-property-added", BREAKING, "{label}: new required body property {param}"),
        Rule("parameter-removed", BREAKING, "{label}: {where} {param} was removed"),
        Rule("property-removed", BREAKING, "{label}: body property {param} was removed"),
        Rule("parameter-moved", BREAKING, "{label}: {param} moved from {old} to {new}"),
        Rule("type-changed", BREAKING, "{label}: {param} changed type from {old} to {new}"),
        Rule("type-narrowed", BREAKING, "{label}: {param} accepts less: {detail}"),
        Rule("enum-value-removed", BREAKING, "{label}: {param} no longer accepts {detail}"),
        Rule("became-required", BREAKING, "{label}: {param} is now required"),
        Rule("request-body-added", BREAKING, "{label}: now requires a request body"),
        Rule("media-type-changed", BREAKING, "{label}: request body is now {new}, was {old}"),
        Rule(
            "response-property-removed",
            BREAKING,
            "{label}: response property {param} was removed",
        ),
        Rule(
            "response-type-changed",
            BREAKING,
            "{label}: response {param} changed type from {old} to {new}",
        ),
        # warning: works today, but a user wants to know
        Rule("operation-deprecated", WARNING, "{label} is deprecated"),
        Rule("parameter-deprecated", WARNING, "{label}: {param} is deprecated"),
        Rule(
            "optional-response-property-removed",
            WARNING,
            "{label}: optional response property {param} was removed",
        ),
        Rule("response-enum-value-added", WARNING, "{label}: response {param} may now be {detail}"),
        Rule("default-changed", WARNING, "{label}: {param} default changed from {old} to {new}"),
        Rule(
            "parameter-location-inferred",
            WARNING,
            "{label}: {param} is a {new} where the older prose-only source implied {old}",
        ),
        # info: new things
        Rule("operation-added", INFO, "{label} was added"),
        Rule("optional-parameter-added", INFO, "{label}: new optional {where} {param}"),
        Rule("optional-property-added", INFO, "{label}: new optional body property {param}"),
        Rule("enum-value-added", INFO, "{label}: {param} also accepts {detail}"),
        Rule("became-optional", INFO, "{label}: {param} is now optional"),
        Rule("type-widened", INFO, "{label}: {param} accepts more: {detail}"),
        Rule("response-property-added", INFO, "{label}: response has a new property {param}"),
        Rule("operation-undeprecated", INFO, "{label} is no longer deprecated"),
    )
}
