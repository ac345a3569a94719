"""The rules, as a table (oasdiff's model): id, severity, the message each change carries, and one
sentence on what breaks for a client. Severities follow oasdiff's checker where its taxonomy has
the rule (README's rule table lists the deviations). Every rule is tested on its own in
tests/test_diff_rules.py and tests/test_diff_checks.py."""

from __future__ import annotations

from dataclasses import dataclass

BREAKING, WARNING, INFO = "breaking", "warning", "info"
SEVERITY_RANK = {INFO: 0, WARNING: 1, BREAKING: 2}


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    message: str  # str.format template over the change's fields
    why: str  # what this change does to a client


def _r(id: str, severity: str, message: str, why: str) -> Rule:
    return Rule(id, severity, message, why)


_REQ = "a request that was valid before can now be rejected"
_READ = "code reading the response may meet values it was not written for"
_NONE = "nothing breaks; new possibilities"

RULES: dict[str, Rule] = {
    rule.id: rule
    for rule in (
        # operations
        _r("operation-removed", BREAKING, "{label} was removed", "every call of it now fails"),
        _r(
            "deprecated-operation-removed",
            WARNING,
            "{label} (deprecated) was removed",
            "calls of it now fail, as its deprecation announced",
        ),
        _r(
            "operation-moved",
            BREAKING,
            "{label} moved to {moved_label}",
            "calls at the old path fail until code uses the new one",
        ),
        _r("operation-added", INFO, "{label} was added", _NONE),
        _r(
            "operation-deprecated",
            INFO,
            "{label} is deprecated",
            "still works, but may be removed in a later release",
        ),
        _r(
            "path-respelled",
            INFO,
            "{label}: was spelled {old} (trailing slash {how})",
            "calls of either spelling still work: Metabase serves both",
        ),
        _r("operation-undeprecated", INFO, "{label} is no longer deprecated", _NONE),
        _r(
            "operation-id-changed",
            INFO,
            "{label}: operationId is now {new}, was {old}",
            "code generated from the operationId gets another name",
        ),
        _r("tag-added", INFO, "{label}: new tag {param}", _NONE),
        _r("tag-removed", INFO, "{label}: tag {param} removed", "it is listed elsewhere in docs"),
        _r(
            "security-removed",
            BREAKING,
            "{label}: no longer accepts authentication by {param}",
            "clients authenticating that way are refused",
        ),
        _r("security-added", INFO, "{label}: also accepts authentication by {param}", _NONE),
        _r(
            "security-scope-added",
            BREAKING,
            "{label}: now needs scope {param}",
            "tokens without the scope are refused",
        ),
        _r("security-scope-removed", INFO, "{label}: no longer needs scope {param}", _NONE),
        # parameters
        _r(
            "path-parameter-renamed",
            BREAKING,
            "{label}: path parameter {param} is now {new}",
            "code passing it by its old name fails",
        ),
        _r(
            "required-parameter-added",
            BREAKING,
            "{label}: new required {where} {param}",
            "calls without it are rejected",
        ),
        _r("optional-parameter-added", INFO, "{label}: new optional {where} {param}", _NONE),
        _r(
            "parameter-removed",
            WARNING,
            "{label}: {where} {param} was removed",
            "the server ignores or rejects it; the generated client no longer accepts it",
        ),
        _r(
            "parameter-moved",
            BREAKING,
            "{label}: {param} moved from {old} to {new}",
            "the server no longer finds it where the client sends it",
        ),
        _r(
            "parameter-location-inferred",
            WARNING,
            "{label}: {param} is a {new} where the older prose-only source implied {old}",
            "the old source could not say where it goes; check calls that send it",
        ),
        _r(
            "parameter-deprecated",
            INFO,
            "{label}: {param} is deprecated",
            "still accepted, but may be removed in a later release",
        ),
        _r("parameter-undeprecated", INFO, "{label}: {param} is no longer deprecated", _NONE),
        # request values: parameters, body and body properties
        _r(
            "required-property-added",
            BREAKING,
            "{label}: new required body property {param}",
            "bodies without it are rejected",
        ),
        _r("optional-property-added", INFO, "{label}: new optional body property {param}", _NONE),
        _r(
            "property-removed",
            WARNING,
            "{label}: body property {param} was removed",
            "the server ignores or rejects it when sent",
        ),
        _r("type-changed", BREAKING, "{label}: {param} changed type from {old} to {new}", _REQ),
        _r("type-narrowed", BREAKING, "{label}: {param} accepts less: {detail}", _REQ),
        _r("type-widened", INFO, "{label}: {param} accepts more: {detail}", _NONE),
        _r(
            "pattern-changed",
            WARNING,
            "{label}: {param} pattern is now {new}, was {old}",
            "values matching the old pattern may not match the new one",
        ),
        _r("enum-value-removed", BREAKING, "{label}: {param} no longer accepts {detail}", _REQ),
        _r("enum-value-added", INFO, "{label}: {param} also accepts {detail}", _NONE),
        _r(
            "became-required",
            BREAKING,
            "{label}: {param} is now required",
            "requests without it are rejected",
        ),
        _r("became-optional", INFO, "{label}: {param} is now optional", _NONE),
        _r(
            "default-changed",
            INFO,
            "{label}: {param} default changed from {old} to {new}",
            "calls that leave it out now get other behaviour",
        ),
        _r("variant-added", INFO, "{label}: {param} accepts a new alternative ({detail})", _NONE),
        _r("variant-removed", BREAKING, "{label}: {param} lost an alternative ({detail})", _REQ),
        _r(
            "part-added",
            BREAKING,
            "{label}: {param} must also match a new part ({detail})",
            _REQ,
        ),
        _r("part-removed", INFO, "{label}: {param} lost a part to match ({detail})", _NONE),
        _r(
            "mutability-changed",
            INFO,
            "{label}: {param}: {detail}",
            "a value the client sends or reads only one way now travels the other",
        ),
        _r(
            "discriminator-changed",
            INFO,
            "{label}: {param} discriminator {detail}",
            "code choosing a variant by the discriminator may choose differently",
        ),
        _r(
            "response-part-added",
            INFO,
            "{label}: response {param} matches a new part ({detail})",
            _NONE,
        ),
        _r(
            "response-part-removed",
            BREAKING,
            "{label}: response {param} no longer matches a part ({detail})",
            _READ,
        ),
        _r(
            "response-mutability-changed",
            INFO,
            "{label}: response {param}: {detail}",
            "a value the client sends or reads only one way now travels the other",
        ),
        _r(
            "response-discriminator-changed",
            INFO,
            "{label}: response {param} discriminator {detail}",
            "code choosing a variant by the discriminator may choose differently",
        ),
        _r(
            "condition-added",
            BREAKING,
            "{label}: {param} gained a conditional schema ({detail})",
            _REQ,
        ),
        _r(
            "condition-removed",
            INFO,
            "{label}: {param} lost a conditional schema ({detail})",
            _NONE,
        ),
        _r(
            "read-only-property-tightened",
            INFO,
            "{label}: read-only {param}: {detail}",
            "the server sets it; requests do not send it",
        ),
        _r(
            "parameter-property-type-changed",
            WARNING,
            "{label}: {param} changed type from {old} to {new}",
            "a serialised object parameter whose member changed type may be rejected",
        ),
        _r(
            "property-deprecated",
            INFO,
            "{label}: body property {param} is deprecated",
            "still accepted, but may be removed in a later release",
        ),
        _r(
            "property-undeprecated",
            INFO,
            "{label}: body property {param} is no longer deprecated",
            _NONE,
        ),
        # request body
        _r(
            "request-body-added",
            BREAKING,
            "{label}: now requires a request body",
            "calls without a body are rejected",
        ),
        _r("optional-request-body-added", INFO, "{label}: now accepts a request body", _NONE),
        _r(
            "request-body-removed",
            BREAKING,
            "{label}: no longer takes a request body",
            "the server ignores or rejects the body clients send",
        ),
        _r(
            "request-body-became-required",
            BREAKING,
            "{label}: request body is now required",
            "calls without a body are rejected",
        ),
        _r("request-body-became-optional", INFO, "{label}: request body is now optional", _NONE),
        _r(
            "media-type-changed",
            BREAKING,
            "{label}: request body is now {new}, was {old}",
            "bodies sent as the old media type are rejected",
        ),
        _r(
            "body-media-type-removed",
            BREAKING,
            "{label}: request body no longer accepts {detail}",
            "bodies sent as that media type are rejected",
        ),
        _r("body-media-type-added", INFO, "{label}: request body also accepts {detail}", _NONE),
        # responses
        _r(
            "response-status-removed",
            BREAKING,
            "{label}: no longer answers {detail}",
            "code waiting for that success status never sees it",
        ),
        _r(
            "response-status-changed",
            BREAKING,
            "{label}: answers {new} where it answered {old}",
            "code checking for the old success status fails",
        ),
        _r(
            "response-status-added",
            INFO,
            "{label}: may now answer {detail}",
            "code may meet a success status it does not check for",
        ),
        _r("error-status-removed", INFO, "{label}: no longer documents {detail}", _NONE),
        _r(
            "error-status-added",
            INFO,
            "{label}: may now answer {detail}",
            "a new documented failure to handle",
        ),
        _r(
            "response-media-type-removed",
            BREAKING,
            "{label}: response no longer comes as {detail}",
            "code asking for that media type gets nothing it can read",
        ),
        _r("response-media-type-added", INFO, "{label}: response may also come as {detail}", _NONE),
        _r(
            "response-header-removed",
            BREAKING,
            "{label}: required response header {param} removed",
            "code reading the header finds none",
        ),
        _r(
            "optional-response-header-removed",
            WARNING,
            "{label}: optional response header {param} removed",
            "code reading the header finds none",
        ),
        _r("response-header-added", INFO, "{label}: new response header {param}", _NONE),
        _r(
            "response-header-became-optional",
            BREAKING,
            "{label}: response header {param} may now be missing",
            "code reading it may find none",
        ),
        _r(
            "response-header-became-required",
            INFO,
            "{label}: response header {param} is now always sent",
            _NONE,
        ),
        _r(
            "response-property-removed",
            BREAKING,
            "{label}: response property {param} was removed",
            "code reading it finds nothing",
        ),
        _r(
            "optional-response-property-removed",
            INFO,
            "{label}: optional response property {param} was removed",
            "code reading it must already cope with it missing",
        ),
        _r("response-property-added", INFO, "{label}: response has a new property {param}", _NONE),
        _r(
            "response-type-changed",
            BREAKING,
            "{label}: response {param} changed type from {old} to {new}",
            _READ,
        ),
        _r(
            "response-widened",
            BREAKING,
            "{label}: response {param} may now be more: {detail}",
            _READ,
        ),
        _r("response-narrowed", INFO, "{label}: response {param} is now narrower: {detail}", _NONE),
        _r(
            "response-enum-value-added",
            WARNING,
            "{label}: response {param} may now be {detail}",
            _READ,
        ),
        _r(
            "response-enum-value-removed",
            INFO,
            "{label}: response {param} is no longer {detail}",
            _NONE,
        ),
        _r(
            "response-became-optional",
            BREAKING,
            "{label}: response {param} may now be missing",
            "code reading it may find nothing",
        ),
        _r(
            "response-became-required",
            INFO,
            "{label}: response {param} is now always present",
            _NONE,
        ),
        _r(
            "response-default-changed",
            INFO,
            "{label}: response {param} default changed from {old} to {new}",
            _NONE,
        ),
        _r(
            "response-pattern-changed",
            WARNING,
            "{label}: response {param} pattern is now {new}, was {old}",
            _READ,
        ),
        _r(
            "response-variant-added",
            BREAKING,
            "{label}: response {param} may be a new alternative ({detail})",
            _READ,
        ),
        _r(
            "response-variant-removed",
            INFO,
            "{label}: response {param} lost an alternative " "({detail})",
            _NONE,
        ),
        _r(
            "response-condition-added",
            INFO,
            "{label}: response {param} gained a conditional schema ({detail})",
            _NONE,
        ),
        _r(
            "response-condition-removed",
            BREAKING,
            "{label}: response {param} lost a conditional schema ({detail})",
            _READ,
        ),
        _r(
            "response-property-deprecated",
            INFO,
            "{label}: response property {param} is deprecated",
            "code reading it should move off it before it is removed",
        ),
        _r(
            "response-property-undeprecated",
            INFO,
            "{label}: response property {param} is no longer deprecated",
            _NONE,
        ),
        # what the repairs say about the published documents
        _r(
            "published-fact-changed",
            WARNING,
            "{label}: the published document changed at " "{param}: {detail}",
            "a change mbgen's repairs smooth over; check it by hand",
        ),
    )
}


def about_response(kind: str) -> bool:
    """Whether a rule speaks of what the server answers (no argument of a call is involved)."""
    return "response" in kind.split("-") or kind.startswith("error-status")
