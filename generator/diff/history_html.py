"""The history page: `mbgen changelog SPECS... --format html`. One self-contained HTML file (no
script, no network: it opens from a file) with a chart of the operations added, removed and
moved and the breaking changes in each release, a table of the same counts, a view by
namespace, and the changelog. Every figure on it is read off `changelog.facts`, the facts
`--format json` prints, so the two agree by construction and a test holds them to it.

The chart is matplotlib's SVG (an optional extra: `pip install 'mbgen[html]'`), made
deterministic: a fixed hash salt for its ids, no date or creator in its metadata, text kept as
text in the bundled DejaVu Sans, so the same series gives the same bytes."""

from __future__ import annotations

import html
import io
import re
from collections.abc import Callable
from typing import Any

from generator.diff.changelog import SECTIONS, facts
from generator.diff.order import Member
from generator.diff.series import Step
from generator.errors import MbgenError

CHARTED = (("added", "#2f9e44"), ("removed", "#e03131"), ("moved", "#1971c2"))
BREAKING_COLOUR = "#f08c00"
_RC: dict[str, Any] = {
    "svg.hashsalt": "mbgen-history",
    "svg.fonttype": "none",
    "font.family": "DejaVu Sans",
    "font.size": 9.0,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
_STYLE = """
body { font: 14px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 72em; color: #212529;
  padding: 0 1em; }
h1 { font-size: 1.6em; } h2 { margin-top: 2em; border-bottom: 1px solid #dee2e6; }
table { border-collapse: collapse; margin: 1em 0; font-variant-numeric: tabular-nums; }
th, td { border: 1px solid #dee2e6; padding: 2px 8px; text-align: right; }
th:first-child, td:first-child { text-align: left; }
td.zero { color: #adb5bd; } code { font-size: 0.92em; background: #f1f3f5; padding: 0 2px; }
figure { margin: 1em 0; } figure svg { max-width: 100%; height: auto; }
details { margin: 0.5em 0; } summary { cursor: pointer; font-weight: 600; }
"""


def require_matplotlib() -> Callable[[list[Member], list[Step]], str]:
    """The page renderer, or one clear error when matplotlib is not installed."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise MbgenError(
            "--format html", "needs matplotlib: pip install 'mbgen[html]'", exit_code=1
        ) from None
    return history_page


def chart_svg(releases: list[dict[str, Any]]) -> str:
    """Bars of the operations added, removed and moved in each release, and under them its
    breaking changes; as an `<svg>` element."""
    from matplotlib import rc_context
    from matplotlib.figure import Figure

    names = [r["release"] for r in releases]
    with rc_context(_RC):  # type: ignore[arg-type]  # keys typed as Literal there
        figure = Figure(figsize=(max(6.0, 0.9 * len(names)), 5.2))
        top, bottom = figure.subplots(2, 1, sharex=True, height_ratios=[3, 2])
        width = 0.27
        for offset, (kind, colour) in enumerate(CHARTED):
            xs = [i + (offset - 1) * width for i in range(len(names))]
            bars = top.bar(xs, [r["counts"][kind] for r in releases], width, color=colour)
            bars.set_label(kind)
            for name, bar in zip(names, bars, strict=True):
                bar.set_gid(f"bar-{kind}-{_slug(name)}")
        top.set_ylabel("operations")
        top.legend(loc="upper left", frameon=False, ncols=3)
        top.set_title("Operations added, removed and moved in each release", loc="left")
        breaking = bottom.bar(
            range(len(names)),
            [r["counts"]["breaking"] for r in releases],
            0.5,
            color=BREAKING_COLOUR,
        )
        for name, bar in zip(names, breaking, strict=True):
            bar.set_gid(f"bar-breaking-{_slug(name)}")
        bottom.set_ylabel("breaking changes")
        bottom.set_xticks(range(len(names)), names, rotation=30, ha="right")
        figure.tight_layout()
        out = io.StringIO()
        figure.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    svg = out.getvalue()
    return svg[svg.index("<svg") :]  # no XML declaration or DOCTYPE inside HTML


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")


def _inline(markdown_line: str) -> str:
    """A changelog line's text with its `code` spans, escaped."""
    parts = markdown_line.split("`")
    return "".join(
        f"<code>{html.escape(p)}</code>" if i % 2 else html.escape(p) for i, p in enumerate(parts)
    )


def _cell(kind: str, value: int) -> str:
    zero = ' class="zero"' if value == 0 else ""
    return f'<td data-count="{kind}"{zero}>{value}</td>'


def _counts_table(releases: list[dict[str, Any]]) -> list[str]:
    kinds = list(releases[0]["counts"])
    rows = ["<table id=counts>", "<tr><th>release</th><th>since</th>"]
    rows[-1] += "".join(f"<th>{k}</th>" for k in kinds) + "</tr>"
    for r in releases:
        row = f'<tr data-release="{html.escape(r["release"])}"><td>{html.escape(r["release"])}'
        row += f"</td><td>{html.escape(r['previous'] or '')}</td>"
        rows.append(row + "".join(_cell(k, r["counts"][k]) for k in kinds) + "</tr>")
    return [*rows, "</table>"]


def _namespace_table(releases: list[dict[str, Any]]) -> list[str]:
    """Each namespace's added/removed/moved/breaking in each release, busiest first."""
    later = releases[1:]
    totals: dict[str, int] = {}
    for r in later:
        for tag, c in r["namespaces"].items():
            totals[tag] = (
                totals.get(tag, 0) + c["added"] + c["removed"] + c["moved"] + c["breaking"]
            )
    head = "".join(f"<th>{html.escape(r['release'])}</th>" for r in later)
    rows = ["<table id=namespaces>", f"<tr><th>namespace</th>{head}</tr>"]
    for tag in sorted(totals, key=lambda t: (-totals[t], t)):
        cells = []
        for r in later:
            c = r["namespaces"].get(tag)
            shown = " ".join(f"{sign}{c[k]}" for sign, k in _SIGNS if c[k]) if c is not None else ""
            cells.append(f"<td>{shown}</td>")
        rows.append(f"<tr><td><code>{html.escape(tag)}</code></td>{''.join(cells)}</tr>")
    return [*rows, "</table>"]


_SIGNS = (("+", "added"), ("\u2212", "removed"), ("\u2192", "moved"), ("!", "breaking"))


def _changelog(releases: list[dict[str, Any]]) -> list[str]:
    """The changelog, newest first: each release's report entries, in sections, as the
    Markdown changelog words them."""
    out: list[str] = []
    for position, r in enumerate(reversed(releases[1:])):
        c = r["counts"]
        opened = " open" if position == 0 else ""
        title = f"{r['release']} (since {r['previous']}: {c['breaking']} breaking)"
        out += [f"<details{opened}><summary>{html.escape(title)}</summary>"]
        for section, _ in SECTIONS:
            lines = [e["line"] for e in r["entries"] if e["section"] == section]
            if lines:
                out.append(f"<h3>{html.escape(section)}</h3><ul>")
                out += [f"<li>{_inline(line)}</li>" for line in lines]
                out.append("</ul>")
        out.append("</details>")
    return out


def history_page(members: list[Member], steps: list[Step]) -> str:
    releases = facts([m.ir for m in members], steps)["releases"]
    first, last = releases[0]["release"], releases[-1]["release"]
    title = f"Metabase API history: {first} to {last}"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{html.escape(title)}</h1>",
        f"<p>{len(releases)} releases, made by mbgen from the published API descriptions "
        "(<code>mbgen changelog --format html</code>; the same facts as JSON with "
        "<code>--format json</code>).</p>",
        f"<figure id=chart>{chart_svg(releases)}</figure>",
        "<h2>Counts per release</h2>",
        *_counts_table(releases),
        "<h2>By namespace</h2>",
        "<p>Operations added (+), removed (\u2212), moved (\u2192) and breaking changes (!) "
        "in each namespace, per release; busiest first.</p>",
        *_namespace_table(releases),
        "<h2>Changelog</h2>",
        *_changelog(releases),
        "</body></html>",
        "",
    ]
    return "\n".join(parts)
