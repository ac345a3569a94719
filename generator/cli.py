"""The `mbgen` command: one thin click command per verb; the work is in the modules."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from generator import __version__
from generator.errors import MbgenError
from generator.ingest import read_source, repair_report, spec_sources
from generator.ir import IR, dumps
from generator.output import write_bytes, write_text
from generator.overlay import OverlayPlan, read_overlay
from generator.sources.fetch import Credentials, Fetcher

if TYPE_CHECKING:
    from generator.diff.accept import Accepted
    from generator.diff.changes import Change
    from generator.series_data import SeriesData

# The verbs import what only they need (black, Jinja, the differ) when they run: every command
# starts in the time Python takes to start, which is most of a Markdown ingest.
PRINTER_NAMES = ("github", "json", "junit", "markdown", "text")
EXIT_INTERNAL = 70


def _one_line(message: str) -> str:
    """Messages quote input (a parse error, a file name): never let them span lines."""
    return " ".join(message.split())


class _Cli(click.Group):
    """Turns every expected failure into one line on stderr and an exit code, no traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except MbgenError as err:
            click.echo(f"mbgen: {_one_line(str(err))}", err=True)
            sys.exit(err.exit_code)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("mbgen: interrupted", err=True)
            sys.exit(130)
        except Exception as err:
            if os.environ.get("MBGEN_DEBUG"):
                raise
            click.echo(
                f"mbgen: internal error: {type(err).__name__}: {_one_line(str(err))} "
                "(set MBGEN_DEBUG=1 for the traceback, and please report it)",
                err=True,
            )
            sys.exit(EXIT_INTERNAL)


def auth_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Credentials and connection options for URL sources (also from MB_* environment
    variables), handed to the command as one `fetcher`."""

    @functools.wraps(func)
    def with_fetcher(
        *args: Any,
        api_key: str | None,
        session_token: str | None,
        username: str | None,
        password: str | None,
        timeout: float,
        no_verify_tls: bool,
        **kwargs: Any,
    ) -> Any:
        creds = Credentials(api_key or None, session_token or None, username, password)
        creds.check("mbgen")
        fetcher = Fetcher(creds, timeout=timeout, verify_tls=not no_verify_tls)
        return func(*args, fetcher=fetcher, **kwargs)

    options = [
        click.option("--api-key", envvar="MB_API_KEY", help="Sent as x-api-key [MB_API_KEY]."),
        click.option(
            "--session-token",
            envvar="MB_SESSION_TOKEN",
            help="Sent as X-Metabase-Session [MB_SESSION_TOKEN].",
        ),
        click.option("--username", envvar="MB_USERNAME", help="Log in via /api/session."),
        click.option("--password", envvar="MB_PASSWORD", help="With --username [MB_PASSWORD]."),
        click.option("--timeout", type=float, default=30.0, show_default=True, help="Seconds."),
        click.option(
            "--no-verify-tls",
            is_flag=True,
            help="Do not check the server's TLS certificate (only for a server you trust).",
        ),
    ]
    wrapped: Callable[..., Any] = with_fetcher
    for option in reversed(options):
        wrapped = option(wrapped)
    return wrapped


def overlay_options(bundled: bool, sides: bool = False) -> Callable[..., Any]:
    """`--overlay FILE` (repeatable, applied in the order given, before the repairs) and
    `--bundled-overlay/--no-bundled-overlay` (mbgen's overlay of Metabase's core answers, for
    the releases it covers), handed to the command as one `overlays` plan. With `sides` (diff,
    impact) `--overlay` serves OLD and NEW alike and `--old-overlay`/`--new-overlay` one side,
    and `overlays` is the pair (old, new). Every file is read before any work."""

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(func)
        def with_overlays(
            *args: Any,
            overlay_files: tuple[str, ...],
            bundled_overlay: bool,
            old_overlay_files: tuple[str, ...] = (),
            new_overlay_files: tuple[str, ...] = (),
            **kwargs: Any,
        ) -> Any:
            both = tuple(read_overlay(p) for p in overlay_files)
            if not sides:
                return func(*args, overlays=OverlayPlan(both, bundled_overlay), **kwargs)
            old = both + tuple(read_overlay(p) for p in old_overlay_files)
            new = both + tuple(read_overlay(p) for p in new_overlay_files)
            pair = (OverlayPlan(old, bundled_overlay), OverlayPlan(new, bundled_overlay))
            return func(*args, overlays=pair, **kwargs)

        wrapped: Callable[..., Any] = with_overlays
        for option in reversed(_overlay_click_options(bundled, sides)):
            wrapped = option(wrapped)
        return wrapped

    return decorate


def _overlay_click_options(bundled: bool, sides: bool) -> list[Callable[..., Any]]:
    file = click.Path(dir_okay=False)
    options = [
        click.option(
            "--overlay",
            "overlay_files",
            multiple=True,
            type=file,
            help="OpenAPI Overlay 1.0 file (YAML/JSON) applied before repairs; repeatable"
            + (", to OLD and NEW." if sides else "."),
        ),
        click.option(
            "--bundled-overlay/--no-bundled-overlay",
            default=bundled,
            show_default=True,
            help="Apply mbgen's overlay of Metabase's core answers to the releases it covers.",
        ),
    ]
    for side in ("old", "new") if sides else ():
        options.append(
            click.option(
                f"--{side}-overlay",
                f"{side}_overlay_files",
                multiple=True,
                type=file,
                help=f"Overlay for {side.upper()} only, after --overlay; repeatable.",
            )
        )
    return options


def _warn(message: str) -> None:
    click.echo(f"mbgen: warning: {_one_line(message)}", err=True)


def _report_repairs(ir: IR, verbose: bool) -> None:
    for line in repair_report(ir, verbose):
        click.echo(line, err=True)


@click.group(cls=_Cli)
@click.version_option(__version__, prog_name="mbgen")
def cli() -> None:
    """Metabase API description -> typed Python client and API-change reports."""


@cli.command()
@click.argument("source")
@click.option("-o", "--output", required=True, help="IR JSON file to write (- for stdout).")
@click.option("--release", help="Metabase release, where the source does not say it.")
@click.option("-v", "--verbose", is_flag=True, help="List every repair.")
@click.option("-q", "--quiet", is_flag=True, help="No summary on stderr.")
@overlay_options(bundled=False)
@auth_options
def ingest(
    source: str,
    output: str,
    release: str | None,
    verbose: bool,
    quiet: bool,
    overlays: OverlayPlan,
    fetcher: Fetcher,
) -> None:
    """Read SOURCE (URL, OpenAPI JSON/YAML, Markdown file or folder, reference text, IR, or -)
    into the mbgen IR."""
    ir = read_source(source, release=release, fetcher=fetcher, overlays=overlays, warn=_warn)
    write_text(output, dumps(ir), [source])
    if not quiet:
        _report_repairs(ir, verbose)
        click.echo(
            f"mbgen: {len(ir.endpoints)} endpoints, {len(ir.schemas)} schemas, release "
            f"{ir.release or 'unknown'} -> {output}",
            err=True,
        )


@cli.command()
@click.argument("source")
@click.option(
    "--openapi-out", required=True, help="Repaired OpenAPI 3.1 JSON to write (- for stdout)."
)
@click.option("-o", "--output", help="Also write the IR here.")
@click.option("--release", help="Metabase release, where the source does not say it.")
@click.option("-v", "--verbose", is_flag=True, help="List every repair.")
@click.option("-q", "--quiet", is_flag=True, help="No summary on stderr.")
@overlay_options(bundled=False)
@auth_options
def normalize(
    source: str,
    openapi_out: str,
    output: str | None,
    release: str | None,
    verbose: bool,
    quiet: bool,
    overlays: OverlayPlan,
    fetcher: Fetcher,
) -> None:
    """Write SOURCE as a repaired, valid OpenAPI 3.1 document."""
    from generator.export.openapi import dumps_openapi

    ir = read_source(source, release=release, fetcher=fetcher, overlays=overlays, warn=_warn)
    write_text(openapi_out, dumps_openapi(ir), [source])
    if output:
        write_text(output, dumps(ir), [source])
    if not quiet:
        _report_repairs(ir, verbose)
        click.echo(
            f"mbgen: {len(ir.endpoints)} operations -> {openapi_out}",
            err=True,
        )


@cli.command()
@click.argument("source")
@click.option("-o", "--output", required=True, help="Folder to write the package project to.")
@click.option("--package-name", help="Python package name [metabase_client].")
@click.option(
    "--templates",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Folder of templates that override the bundled ones, by name.",
)
@click.option("--vendor", is_flag=True, help="Only the package, for copying into another project.")
@click.option("--release", help="Metabase release, where the source does not say it.")
@click.option(
    "--previous",
    multiple=True,
    help="An older release of the series (repeatable, any order; a folder with an index.json, "
    "such as specs/, gives its releases up to SOURCE's): CHANGELOG.md, deprecated aliases of "
    "moved calls, server_version= routing.",
)
@overlay_options(bundled=True)
@auth_options
def generate(
    source: str,
    output: str,
    package_name: str | None,
    templates: Path | None,
    vendor: bool,
    release: str | None,
    previous: tuple[str, ...],
    overlays: OverlayPlan,
    fetcher: Fetcher,
) -> None:
    """Generate the Python client package of SOURCE (anything `ingest` reads, or an IR file)."""
    from generator.render.package import render_package
    from generator.render.write import check_replaceable, write_tree

    out = Path(output)
    check_replaceable(out)  # before any work: a user's folder is refused at once
    ir = read_source(source, release=release, fetcher=fetcher, overlays=overlays, warn=_warn)
    if not ir.endpoints:
        raise MbgenError(source, "the API description has no operations: no client to generate")
    series = _series(ir, source, previous, fetcher, overlays) if previous else None
    name = package_name or (out.name if vendor else "metabase_client")
    model, files = render_package(ir, name, templates, vendor, series)
    write_tree(out, files)
    where = out if vendor else out / model.package
    click.echo(
        f"mbgen: {len(model.operations)} operations in {len(model.namespaces)} namespaces, "
        f"version {model.version} -> {where}",
        err=True,
    )


def _series(
    ir: IR, source: str, previous: tuple[str, ...], fetcher: Fetcher, overlays: OverlayPlan
) -> SeriesData:
    """The series of `--previous` releases ending at SOURCE, as its package will tell it. The
    older releases get the bundled overlays that cover them, as SOURCE does (the user's
    `--overlay` files are written for SOURCE)."""
    from generator.diff.history import series_data
    from generator.diff.order import member
    from generator.series_sources import index_dates, read_series

    older = OverlayPlan((), overlays.bundled)

    def read(path: str) -> IR:
        return read_source(path, fetcher=fetcher, overlays=older, warn=_warn)

    newest = member(ir, source, index_dates([source, *previous]))
    ordered = read_series(list(previous), read, newest)
    return series_data([m.ir for m in ordered])


def _diff_inputs(
    old: str, new: str, fetcher: Fetcher, overlays: tuple[OverlayPlan, OverlayPlan]
) -> tuple[IR, IR, list[Change]]:
    from generator.diff.compare import diff_irs
    from generator.diff.impact import annotate
    from generator.diff.supplied import mark_supplied

    old_ir = read_source(old, fetcher=fetcher, overlays=overlays[0], warn=_warn)
    new_ir = read_source(new, fetcher=fetcher, overlays=overlays[1], warn=_warn)
    changes = diff_irs(old_ir, new_ir)
    annotate(changes, old_ir, new_ir)
    mark_supplied(changes, old_ir, new_ir)
    return old_ir, new_ir, changes


SEVERITIES = ("breaking", "warning", "info")


def _ignore_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--ignore",
        "ignore_file",
        type=click.Path(path_type=Path),
        help="Accepted changes, one a line: METHOD PATH kind [param] (# comments).",
    )(func)


def _read_accepted(ignore_file: Path | None) -> list[Accepted]:
    """The accepted changes, read before the releases so a bad line fails fast."""
    from generator.diff.accept import read_ignore_file

    return read_ignore_file(ignore_file) if ignore_file else []


def _accepted(
    changes: list[Change], accepted: list[Accepted], severities: tuple[str, ...] = ()
) -> list[Change]:
    """The changes left once a team's accepted ones are dropped and its re-ratings applied;
    an accepted line that matches no change is a warning, never silence."""
    from generator.diff.accept import apply_severities, drop_accepted, parse_severities

    overrides = parse_severities(severities)
    changes, unused = drop_accepted(changes, accepted)
    for line in unused:
        click.echo(
            f"mbgen: warning: {line.where}: `{line.method} {line.path} {line.kind}"
            f"{' ' + line.param if line.param else ''}` matches no change; check the line",
            err=True,
        )
    apply_severities(changes, overrides)
    return changes


def _append_step_summary(path: str, text: str) -> None:
    try:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as err:
        raise MbgenError(path, f"cannot write the step summary ({err.strerror})") from None


@cli.command()
@click.argument("old")
@click.argument("new")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(PRINTER_NAMES),
    default="text",
    show_default=True,
)
@click.option(
    "--fail-on",
    type=click.Choice(["breaking", "warning"]),
    help="Exit 1 when a change of this severity (or worse) is found.",
)
@click.option(
    "--min-severity",
    type=click.Choice(SEVERITIES),
    help="Print only changes of this severity or worse [all; junit: warning].",
)
@click.option("-o", "--output", default="-", help="Write the report here (default stdout).")
@click.option("--color/--no-color", default=None, help="Colour text output [auto: a terminal].")
@_ignore_option
@click.option(
    "--severity",
    "severities",
    multiple=True,
    help="Re-rate a rule, e.g. --severity parameter-removed=info (repeatable).",
)
@overlay_options(bundled=False, sides=True)
@auth_options
def diff(
    old: str,
    new: str,
    output_format: str,
    fail_on: str | None,
    min_severity: str | None,
    output: str,
    color: bool | None,
    ignore_file: Path | None,
    severities: tuple[str, ...],
    overlays: tuple[OverlayPlan, OverlayPlan],
    fetcher: Fetcher,
) -> None:
    """Compare two releases (any mix of sources) and report what changed. With --format
    github, the full report goes to $GITHUB_STEP_SUMMARY when it is set."""
    from generator.diff.accept import parse_severities
    from generator.diff.changelog import release_name
    from generator.diff.report import PRINTERS, Report, to_github, to_markdown, to_text
    from generator.diff.rules import SEVERITY_RANK

    parse_severities(severities)  # bad options fail before the releases are read
    accepted = _read_accepted(ignore_file)
    old_ir, new_ir, changes = _diff_inputs(old, new, fetcher, overlays)
    changes = _accepted(changes, accepted, severities)
    report = Report(release_name(old_ir), release_name(new_ir), changes, min_severity)
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY") or None
    if output_format == "text":
        if color is None:
            color = output == "-" and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
        text = to_text(report, colour=color)
    elif output_format == "github":
        text = to_github(report, summary_file)
    else:
        text = PRINTERS[output_format](report)
    write_text(output, text, [old, new, *([str(ignore_file)] if ignore_file else [])])
    if output_format == "github" and summary_file:
        _append_step_summary(summary_file, to_markdown(report))
    if fail_on:
        threshold = SEVERITY_RANK[fail_on]
        if any(SEVERITY_RANK[c.severity] >= threshold for c in changes):
            sys.exit(1)


@cli.command()
@click.argument("old")
@click.argument("new")
@click.option(
    "--code",
    "code",
    required=True,
    type=click.Path(path_type=Path),
    help="A Python file or folder to scan for API calls (generated client and raw HTTP).",
)
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text")
@click.option(
    "--fail-on",
    type=click.Choice(SEVERITIES),
    default="breaking",
    show_default=True,
    help="Exit 1 when a listed call is hit by a change of this severity (or worse).",
)
@_ignore_option
@overlay_options(bundled=False, sides=True)
@auth_options
def impact(
    old: str,
    new: str,
    code: Path,
    output_format: str,
    fail_on: str,
    ignore_file: Path | None,
    overlays: tuple[OverlayPlan, OverlayPlan],
    fetcher: Fetcher,
) -> None:
    """List the calls in your Python code that a change between OLD and NEW reaches (exit 1
    when one of them is hit by a breaking change, or worse than --fail-on)."""
    from generator.calls.client import hit_line, hits_json
    from generator.calls.impact import impact as find_impact
    from generator.diff.rules import SEVERITY_RANK

    accepted = _read_accepted(ignore_file)
    old_ir, _new, changes = _diff_inputs(old, new, fetcher, overlays)
    changes = _accepted(changes, accepted)
    hits, unreadable = find_impact(old_ir, code, changes)
    _warn_unreadable(unreadable)
    if output_format == "json":
        click.echo(hits_json(hits))
    else:
        for h in hits:
            click.echo(hit_line(h))
        click.echo(f"mbgen: {len(hits)} affected calls", err=True)
    if any(SEVERITY_RANK[h.change.severity] >= SEVERITY_RANK[fail_on] for h in hits):
        sys.exit(1)


def _warn_unreadable(unreadable: list[tuple[str, str]]) -> None:
    from generator.calls.inventory import shown

    for path, reason in unreadable:
        click.echo(f"mbgen: warning: {shown(path)}: {reason}; skipped", err=True)


@cli.command()
@click.argument("source")
@click.option(
    "--code",
    "code",
    required=True,
    type=click.Path(path_type=Path),
    help="A Python file or folder to scan for raw HTTP calls of Metabase's API.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
@click.option("--release", help="Metabase release, where the source does not say it.")
@click.option(
    "--fail-on",
    "fail_on",
    type=click.Choice(["missing"]),
    help="Exit 1 when the code calls an endpoint the release does not have.",
)
@auth_options
def calls(
    source: str,
    code: Path,
    output_format: str,
    release: str | None,
    fail_on: str | None,
    fetcher: Fetcher,
) -> None:
    """List every Metabase API call in the Python code under --code (file, line, method,
    endpoint, how the path is built, the generated client's call, how sure the scan is),
    matched against the release SOURCE describes (anything `ingest` reads, or an IR file);
    mock registrations in tests apart."""
    from generator.calls.inventory import raw_calls, report, summary, to_json, to_text

    ir = read_source(source, release=release, fetcher=fetcher)
    scanned = raw_calls(code)
    _warn_unreadable(scanned.unreadable)
    found = report(ir, scanned, ir.release or source)
    if output_format == "json":
        click.echo(to_json(found), nl=False)
    else:
        click.echo(to_text(found), nl=False)
        click.echo(summary(found), err=True)
    if fail_on == "missing" and found.missing():
        click.echo(
            f"mbgen: {len(found.missing())} calls to endpoints {found.release} does not have",
            err=True,
        )
        sys.exit(1)


@cli.command(name="changelog")
@click.argument("specs", nargs=-1, required=True)
@click.option("-o", "--output", default="-", help="Write the changelog here (default stdout).")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["markdown", "json", "html"]),
    default="markdown",
    show_default=True,
    help="html: a self-contained page with charts (needs matplotlib: pip install 'mbgen[html]').",
)
def changelog_command(specs: tuple[str, ...], output: str, output_format: str) -> None:
    """An API changelog over releases (any order: sorted by release; a folder with an
    index.json, such as specs/, gives all of its releases)."""
    from generator.diff.changelog import changelog, facts_json
    from generator.diff.series import series_steps
    from generator.series_sources import read_series

    render_html = None
    if output_format == "html":
        from generator.diff.history_html import require_matplotlib

        render_html = require_matplotlib()
    sources = spec_sources(specs)
    if len(sources) < 2:
        raise MbgenError(" ".join(specs), "a changelog needs two releases or more")
    members = read_series(list(specs), read_source)
    releases = [m.ir for m in members]
    steps = series_steps(releases)
    if render_html is not None:
        text = render_html(members, steps)
    elif output_format == "json":
        text = facts_json(releases, steps)
    else:
        text = changelog(releases, steps)
    write_text(output, text, sources)


@cli.command()
@click.argument("url")
@click.option("-o", "--output", required=True, help="File to write the OpenAPI JSON to.")
@auth_options
def fetch(
    url: str,
    output: str,
    fetcher: Fetcher,
) -> None:
    """Download /api/docs/openapi.json from the Metabase at URL."""
    data = fetcher.fetch(url)
    write_bytes(output, data, [])
    click.echo(f"mbgen: {len(data):,} bytes -> {output}", err=True)


def main() -> None:
    cli(prog_name="mbgen")
