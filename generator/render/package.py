"""IR -> every file of the generated package, formatted, ready for `write_tree`."""

from __future__ import annotations

import json
from pathlib import Path

import jinja2

from generator.errors import MbgenError
from generator.ir import IR
from generator.render.environment import make_environment
from generator.render.formatting import format_many
from generator.render.history import attach, manifest_aliases, releases_module
from generator.render.model import PackageModel, build_model
from generator.render.pytypes import FILE_TYPE, AliasDef, TypedDictDef
from generator.series_data import SeriesData

# (template, file inside the package)
PACKAGE_TEMPLATES = (
    ("package/__init__.py.j2", "__init__.py"),
    ("package/models.py.j2", "models.py"),
    ("package/_operations.py.j2", "_operations.py"),
    ("package/api.py.j2", "api.py"),
    ("package/namespaces/__init__.py.j2", "namespaces/__init__.py"),
    ("package/py.typed.j2", "py.typed"),
)
RUNTIME = Path(__file__).resolve().parent.parent / "runtime"
PROJECT_TEMPLATES = (("pyproject.toml.j2", "pyproject.toml"), ("README.md.j2", "README.md"))


_TEMPLATE_FAILURES = (
    ArithmeticError,
    AttributeError,
    LookupError,
    RecursionError,
    TypeError,
    ValueError,
)
NAMESPACE_TEMPLATE = "package/namespaces/namespace.py.j2"
RELEASES_TEMPLATE, RELEASES_MODULE = "package/_releases.py.j2", "_releases.py"


def _render(
    env: jinja2.Environment,
    template: str,
    model: PackageModel,
    definitions: list[TypedDictDef | AliasDef] | None = None,
    **extra: object,
) -> str:
    if definitions is None:
        definitions = model.types.ordered()
    try:
        return env.get_template(template).render(model=model, definitions=definitions, **extra)
    except jinja2.TemplateNotFound as err:
        missing = "" if err.name == template else f": {err.name}"
        raise MbgenError(template, f"template not found{missing}") from None
    except jinja2.TemplateError as err:
        raise MbgenError(template, f"template error: {err}") from None
    except _TEMPLATE_FAILURES as err:
        # What an expression in a user's --templates template can raise as it renders
        # (`{{ 1/0 }}`, an include of itself, a file that is not UTF-8).
        raise MbgenError(template, f"template error: {type(err).__name__}: {err}") from None


def runtime_modules() -> dict[str, str]:
    """The runtime's modules (generator/runtime/, all but its __init__) by file name: copied
    into every package as they are, only formatted with the package's black settings."""
    return {
        path.name: path.read_text(encoding="utf-8")
        for path in sorted(RUNTIME.glob("*.py"))
        if path.name != "__init__.py"
    }


def render_package(
    ir: IR,
    package_name: str,
    templates: Path | None = None,
    vendor: bool = False,
    series: SeriesData | None = None,
) -> tuple[PackageModel, dict[str, bytes]]:
    """The package's files by relative path. With `vendor`, the package's own files at the
    top (the output folder is the package) and no build files. With `series` (a release
    series ending at `ir`, generator/diff/history.py), its CHANGELOG.md, deprecated aliases of
    moved calls, each method's releases, and the routes of `server_version=`."""
    model = build_model(ir, package_name)
    if series is not None:
        attach(model, series)
    env = make_environment(set(model.types.definitions) | {FILE_TYPE}, templates)
    prefix = "" if vendor else f"{model.package}/"
    # Ordered once, not once per template: a hundred namespace modules read it.
    definitions = model.types.ordered()
    rendered = {
        name: _render(env, template, model, definitions=definitions)
        for template, name in PACKAGE_TEMPLATES
    }
    for ns in model.namespaces:
        rendered[f"namespaces/{ns.attribute}.py"] = _render(
            env, NAMESPACE_TEMPLATE, model, ns=ns, definitions=definitions
        )
    rendered[RELEASES_MODULE] = _render(
        env, RELEASES_TEMPLATE, model, definitions=[], **releases_module(model)
    )
    # The runtime is copied in as it is; black only applies the package's own settings to it.
    rendered |= runtime_modules()
    formatted = format_many({n: text for n, text in rendered.items() if n.endswith(".py")})
    files: dict[str, bytes] = {}
    for name in sorted(rendered):
        files[prefix + name] = formatted.get(name, rendered[name]).encode()
    manifest = {
        "release": ir.release,
        "version": model.version,
        "operations": model.manifest(),
        **(manifest_aliases(model, model.series) if model.series else {}),
    }
    files[prefix + "operations.json"] = (json.dumps(manifest, indent=1) + "\n").encode()
    if model.series:
        # Beside README.md in a project; inside the package when it is vendored.
        files["CHANGELOG.md"] = model.series.changelog.encode()
    if not vendor:
        for template, name in PROJECT_TEMPLATES:
            files[name] = _render(env, template, model).encode()
    return model, files
