"""Every kind of repair the IR records, in one registry the consumers can read.

Structural repairs change how something is written, not what the API accepts (a `:id` path
becomes `{id}`, an empty `allOf` goes). Heuristic repairs are mbgen's judgement about what the
API means where the source is silent or wrong (a parameter's location guessed from the method, a
default that fails its schema removed): a diff that rests on one is worth a warning, not
certainty.
"""

from __future__ import annotations

STRUCTURAL: frozenset[str] = frozenset(
    {
        "missing-info-version",
        "component-renamed",
        "colon-placeholder",
        "undeclared-path-parameter",
        "optional-path-parameter",
        "empty-allOf",
        "empty-anyOf",
        "empty-oneOf",
        "duplicate-enum-values",
        "object-const",
        "invalid-pattern",
        "dangling-ref",
        "multipart-file",
        "duplicate-endpoint",
        "missing-tag",
        "wrong-type",
        "required-body",
        "optional-body",
    }
)

HEURISTIC: frozenset[str] = frozenset(
    {
        "optional-body-nullable",
        "invalid-default",
        "unused-path-parameter",
        "unsupported-parameter-location",
        "required-with-default",
        # The prose inferences: Markdown and rendered text do not say where a parameter goes,
        # which names are the handler's own, or whether a key may be left out.
        "inferred-query",
        "inferred-body",
        "body-map-unwrapped",
        "server-binding",
        "optional-by-prose",
        "nested-keys",
    }
)

# Facts an overlay supplied (`--overlay`, or the bundled overlay of Metabase's core answers):
# neither a repair of what was published nor mbgen's guess, but what the user (or mbgen's
# overlay) says; the diff marks the changes that rest on one.
SUPPLIED: frozenset[str] = frozenset({"overlay"})

REPAIR_KINDS: frozenset[str] = STRUCTURAL | HEURISTIC | SUPPLIED


def is_heuristic(kind: str) -> bool:
    return kind in HEURISTIC


# optional-body-nullable's `what`: these words, then the properties as JSON strings, so that
# the diff reads the names back whatever they hold (IR files written before list them bare,
# comma-separated).
NULLABLE_MARK = "optional body properties accept null, as Metabase does: "
