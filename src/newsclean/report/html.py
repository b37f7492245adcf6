"""The report as one self-contained HTML page: inline CSS and SVG, no script, no network.
Every piece of article text, rule id and reason goes through ``escape``; the page's
Content-Security-Policy allows no script at all and only the report's own stylesheet (by
its hash), which is ``report.css`` beside this module."""

from __future__ import annotations

import base64
import hashlib
from collections import Counter
from collections.abc import Sequence, Set
from importlib import resources

from .._version import __version__
from .aggregate import Aggregates
from .samples import escape, sample_article
from .tables import Cell, Table, share_bin_bounds, tables

#: The page's stylesheet (package data, so it is edited as CSS).
STYLESHEET = resources.files("newsclean.report").joinpath("report.css").read_text(encoding="utf-8")


def render(r: Aggregates, title: str) -> str:
    """The report as one self-contained HTML page."""
    share = r.words_removed / r.words_in if r.words_in else 0.0
    totals = [
        ("articles", f"{r.articles:,}"),
        ("records rejected", f"{r.rejected:,}"),
        ("lines in", f"{r.lines_in:,}"),
        ("lines removed", f"{r.lines_removed:,}"),
        ("lines edited", f"{r.lines_edited:,}"),
        ("characters repaired", f"{r.chars_repaired:,}"),
        ("words removed", f"{share:.1%}"),
        ("over-cleaning guard", f"{r.over_cleaned_count:,}"),
    ]
    top = r.top
    shown = tables(r, top)
    outlets = [(str(o), int(a), int(n)) for o, a, n in shown["outlets"].rows]
    most, drawn = r.most_removed, r.random_sample
    samples = [
        *(sample_article(i, s, "most removed") for i, s in enumerate(most, start=1)),
        *(sample_article(i, s, "random") for i, s in enumerate(drawn, start=len(most) + 1)),
    ]
    css = STYLESHEET
    return "".join(
        [
            '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{_csp(css)}">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            '<meta name="referrer" content="no-referrer">',
            f"<title>{escape(title)}</title><style>{css}</style></head><body>",
            f'<header><h1>{escape(title)}</h1><p class="muted">newsclean {escape(__version__)}: '
            "what was removed and repaired, and why. Struck-through lines were removed; "
            "highlighted characters were repaired. <code>newsclean rules show CODE</code> "
            "explains any rule or reason; <code>newsclean report --csv DIR</code> writes "
            "every table as CSV.</p></header>",
            '<section id="totals"><h2>Totals</h2><div class="totals">',
            "".join(f'<div class="total"><b>{v}</b>{escape(k)}</div>' for k, v in totals),
            "</div></section>",
            '<section id="charts"><h2>Lines removed</h2><div class="charts">',
            _bar_chart("chart-families", "per rule family", r.by_family.most_common(top)),
            _bar_chart("chart-rules", "per rule", r.by_rule.most_common(top)),
            _stacked_chart(
                "chart-outlets", "per outlet, by rule family", outlets, r.by_outlet_family
            ),
            _histogram("chart-removed-share", r.share_histogram, r.guard),
            "</div></section>",
            '<section id="frequent"><h2>Lines removed most often</h2>',
            _table("frequent-lines", shown["frequent-lines"], code={0}),
            "</section>",
            '<section id="unnamed"><h2>Removed by a heuristic, named by no rule</h2>'
            '<p class="muted">The removals most worth a human look: if one is reporting, '
            "switch the heuristic off (<code>disabled_rules</code>) or report it.</p>",
            _table("unnamed-lines", shown["unnamed-lines"], code={0, 1}),
            "</section>",
            f'<section id="guard"><h2>Over-cleaning guard ({r.over_cleaned_count:,} articles)</h2>',
            _table("guard-articles", shown["guard-articles"], percent={2}),
            "</section>",
            f'<section id="samples"><h2>Sample articles ({len(samples)} of {r.articles:,})</h2>'
            f'<p class="muted">The {len(most)} articles that lost the largest share of their '
            f"words, then {len(drawn)} drawn at random (seed {r.seed}); each shows its changed "
            "lines with a few lines of context.</p>",
            "".join(samples) or '<p class="muted">no articles</p>',
            "</section></body></html>\n",
        ]
    )


def _csp(css: str) -> str:
    digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode()
    return (
        f"default-src 'none'; style-src 'sha256-{digest}'; script-src 'none'; "
        "img-src 'none'; base-uri 'none'; form-action 'none'"
    )


def _bar_chart(ident: str, title: str, rows: list[tuple[str, int]]) -> str:
    """A horizontal bar chart as inline SVG (attributes, no style: the CSP allows none)."""
    if not rows:
        return (
            f'<figure id="{ident}"><figcaption>{escape(title)}</figcaption>'
            '<p class="muted">nothing removed</p></figure>'
        )
    label_w, bar_w, row_h = 230, 260, 20
    peak = max(n for _, n in rows) or 1
    height = row_h * len(rows) + 4
    parts = [
        f'<figure id="{ident}"><figcaption>{escape(title)}</figcaption>',
        f'<svg class="chart" role="img" aria-label="{escape(title)}" '
        f'viewBox="0 0 {label_w + bar_w + 70} {height}">',
    ]
    for i, (label, n) in enumerate(rows):
        y = i * row_h + 2
        width = max(1, round(bar_w * n / peak))
        short = label if len(label) <= 34 else label[:33] + "…"
        parts.append(
            f"<g><title>{escape(label)}: {n:,}</title>"
            f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end">{escape(short)}</text>'
            f'<rect class="bar" x="{label_w}" y="{y + 2}" width="{width}" height="{row_h - 6}"/>'
            f'<text x="{label_w + width + 6}" y="{y + 14}">{n:,}</text></g>'
        )
    parts.append("</svg></figure>")
    return "".join(parts)


_PALETTE = ("#3b6fd8", "#e0793a", "#2f9e6e", "#c4435b", "#8a5cc7", "#c9a227", "#3aa6b9", "#7a8597")


def _stacked_chart(
    ident: str, title: str, rows: list[tuple[str, int, int]], parts: Counter[tuple[str, str]]
) -> str:
    """One bar per outlet, split by rule family (the commonest seven, then "other")."""
    if not rows:
        return (
            f'<figure id="{ident}"><figcaption>{escape(title)}</figcaption>'
            '<p class="muted">nothing removed</p></figure>'
        )
    totals: Counter[str] = Counter()
    for (_, family), n in parts.items():
        totals[family] += n
    named = [f for f, _ in totals.most_common(len(_PALETTE) - 1)]
    colour = {f: _PALETTE[i] for i, f in enumerate(named)}
    label_w, bar_w, row_h, legend_h = 230, 260, 20, 22 * ((len(named) + 3) // 4)
    peak = max(n for _, _, n in rows) or 1
    height = legend_h + row_h * len(rows) + 4
    out = [
        f'<figure id="{ident}"><figcaption>{escape(title)}</figcaption>',
        f'<svg class="chart" role="img" aria-label="{escape(title)}" '
        f'viewBox="0 0 {label_w + bar_w + 70} {height}">',
    ]
    for i, family in enumerate([*named, "other"]):
        left, top_ = 10 + (i % 4) * 140, 4 + (i // 4) * 22
        fill = colour.get(family, _PALETTE[-1])
        out.append(
            f'<rect x="{left}" y="{top_}" width="12" height="12" fill="{fill}"/>'
            f'<text x="{left + 18}" y="{top_ + 11}">{escape(family)}</text>'
        )
    for i, (outlet, articles, n) in enumerate(rows):
        y = legend_h + i * row_h + 2
        label = f"{outlet} ({articles:,} articles)"
        short = (
            label
            if len(label) <= 34
            else outlet[: 33 - len(f" ({articles:,})")] + f"… ({articles:,})"
        )
        out.append(f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end">{escape(short)}</text>')
        x: float = label_w
        segments: Counter[str] = Counter()
        for (o, family), count in parts.items():
            if o == outlet:
                segments[family if family in colour else "other"] += count
        for family in [*named, "other"]:
            count = segments.get(family, 0)
            if not count:
                continue
            width = bar_w * count / peak
            out.append(
                f'<rect class="seg" x="{x:.1f}" y="{y + 2}" width="{max(width, 1):.1f}" '
                f'height="{row_h - 6}" fill="{colour.get(family, _PALETTE[-1])}">'
                f"<title>{escape(outlet)} · {escape(family)}: {count:,}</title></rect>"
            )
            x += width
        out.append(f'<text x="{x + 6:.1f}" y="{y + 14}">{n:,}</text>')
    out.append("</svg></figure>")
    return "".join(out)


def _table(
    ident: str, table: Table, code: Set[int] = frozenset(), percent: Set[int] = frozenset()
) -> str:
    """A table of plain rows, escaped; numbers right-aligned, ``code`` columns in <code>,
    ``percent`` columns (shares) as percentages."""
    if not table.rows:
        return f'<p id="{ident}" class="muted">none</p>'
    out = [f'<table id="{ident}"><thead><tr>']
    out += [f"<th>{escape(h)}</th>" for h in table.header]
    out.append("</tr></thead><tbody>")
    for row in table.rows:
        out.append("<tr>" + "".join(_cell(i, c, code, percent) for i, c in enumerate(row)))
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _cell(i: int, value: Cell, code: Set[int], percent: Set[int]) -> str:
    if i in percent and isinstance(value, float):
        return f'<td class="n">{value:.1%}</td>'
    if isinstance(value, int | float):
        return f'<td class="n">{value:,}</td>'
    text = escape(value)
    return f"<td><code>{text}</code></td>" if i in code else f"<td>{text}</td>"


def _histogram(ident: str, counts: Sequence[int], guard: float | None) -> str:
    """Articles by share of words removed, one column per bin, as inline SVG; a dashed
    line marks the over-cleaning guard's threshold."""
    title = "articles by share of words removed"
    if not any(counts):
        return (
            f'<figure id="{ident}"><figcaption>{escape(title)}</figcaption>'
            '<p class="muted">no articles</p></figure>'
        )
    left, col_w, plot_h, top_pad = 34, 24, 150, 16
    width, height = left + col_w * len(counts) + 10, top_pad + plot_h + 34
    peak = max(counts)
    parts = [
        f'<figure id="{ident}"><figcaption>{escape(title)}</figcaption>',
        f'<svg class="chart" role="img" aria-label="{escape(title)}" '
        f'viewBox="0 0 {width} {height}">',
        f'<line x1="{left}" y1="{top_pad + plot_h}" x2="{width - 10}" y2="{top_pad + plot_h}" '
        'stroke="#5b6477"/>',
    ]
    for i, n in enumerate(counts):
        low, high = (round(b * 100) for b in share_bin_bounds(i))
        label = "none removed" if i == 0 else f"{low}–{high} % removed"
        x = left + i * col_w
        h = round(plot_h * n / peak) if n else 0
        y = top_pad + plot_h - h
        parts.append(
            f"<g><title>{escape(label)}: {n:,} articles</title>"
            f'<rect class="bar" x="{x + 2}" y="{y}" width="{col_w - 4}" height="{max(h, 0)}"/>'
            + (
                f'<text x="{x + col_w / 2}" y="{y - 3}" text-anchor="middle">{n:,}</text>'
                if n
                else ""
            )
            + "</g>"
        )
        if i % 2 == 0:
            tick = "0" if i == 0 else f"{high}"
            parts.append(
                f'<text x="{x + col_w / 2}" y="{top_pad + plot_h + 14}" '
                f'text-anchor="middle">{tick}</text>'
            )
    parts.append(
        f'<text x="{left + col_w * len(counts) / 2}" y="{height - 2}" text-anchor="middle">'
        "% of words removed (bin upper bound; 0: none)</text>"
    )
    if guard is not None:
        at = left + col_w * (1 + guard * 20)  # bin k ends at k * 5 %
        parts.append(
            f'<line class="guard" x1="{at:.1f}" y1="{top_pad - 6}" x2="{at:.1f}" '
            f'y2="{top_pad + plot_h}" stroke="#a11d1d" stroke-dasharray="4 3"/>'
            f'<text x="{at + 4:.1f}" y="{top_pad}" fill="#a11d1d">guard {guard:.0%}</text>'
        )
    parts.append("</svg></figure>")
    return "".join(parts)
