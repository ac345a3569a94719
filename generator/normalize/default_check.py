"""Checking a default against its own schema without ever leaving the document or running one of
its regular expressions.

The document is untrusted text. jsonschema's default registry fetches `http://` references and
opens `file://` ones (also through a `$id` that moves the base URI), so references resolve only
inside the document here: anything else is unresolvable and the default is left as published.
A `pattern` is a regular expression that Python's backtracking `re` can take exponential time
on (`^(a+)+$`), and JSON Schema means ECMA-262 regexes anyway: defaults are not checked against
patterns at all, which can keep a default that breaks its pattern but never removes a good one.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from jsonschema import Draft202012Validator, validators
from jsonschema.exceptions import SchemaError, ValidationError
from referencing import Registry, Resource
from referencing.exceptions import NoSuchResource, Unresolvable

_BASE = Draft202012Validator.VALIDATORS


def _refuse(uri: str) -> Resource[Any]:
    raise NoSuchResource(ref=uri)  # type: ignore[call-arg]


def _not_checked(*_args: Any) -> Iterator[ValidationError]:
    return iter(())


def _additional_properties(
    validator: Any, value: Any, instance: Any, schema: dict[str, Any]
) -> Iterable[ValidationError]:
    # Which names patternProperties covers would take running its regexes: do not judge.
    if "patternProperties" in schema:
        return ()
    result: Iterable[ValidationError] | None = _BASE["additionalProperties"](
        validator, value, instance, schema
    )
    return result or ()


# Every keyword that would run a regex from the document: `pattern` (also under
# propertyNames), `patternProperties`, and the two that look at which names patterns cover.
_NoRegexValidator = validators.extend(  # type: ignore[no-untyped-call]
    Draft202012Validator,
    {
        "pattern": _not_checked,
        "patternProperties": _not_checked,
        "additionalProperties": _additional_properties,
        "unevaluatedProperties": _not_checked,
    },
)
_LOCAL_ONLY: Registry[Any] = Registry(retrieve=_refuse)  # type: ignore[call-arg]


def first_default_error(
    root: dict[str, Any], pointer: str, default: Any
) -> tuple[bool, str | None]:
    """(checked, first error message or None) for `default` against the schema at `pointer`
    in `root`; checked is False when the schema cannot be evaluated (a reference outside the
    document, a broken schema, nesting too deep)."""
    validator = _NoRegexValidator({**root, "$ref": "#" + pointer}, registry=_LOCAL_ONLY)
    try:
        error = next(iter(validator.iter_errors(default)), None)
    except (Unresolvable, SchemaError, ValidationError, RecursionError):
        return False, None
    return True, None if error is None else error.message
