"""The report as one self-contained HTML page: inline CSS and SVG, no script, no network.
Every piece of article text, rule id and reason goes through ``escape``; the page's
Content-Security-Policy allows no script at all and only the report's own stylesheet (by
its hash), which is ``report.css`` beside this module."""

from __future__ import annotations

import base64
import difflib
import hashlib
import html
import re
from collections import Counter
from collections.abc import Sequence
from importlib import resources

from .._version import __version__
from ..model import Change, Doc
from .aggregate import Aggregates, Sample, rule_of

#: The page's stylesheet (package data, so it is edited as CSS).
STYLESHEET = resources.files("newsclean.report").joinpath("report.css").read_text(encoding="utf-8")


def escape(text: object) -> str:
    """Text as HTML, quotes included (safe in an element and in an attribute)."""
    return html.escape(str(text), quote=True)


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
    outlets = [
        (outlet, r.articles_by_outlet[outlet], n) for outlet, n in r.by_outlet.most_common(top)
    ]
    frequent = [
        (f"<code>{escape(line)}</code>", f"{n:,}") for line, n in r.removed_lines.most_common(top)
    ]
    unnamed = [
        (f"<code>{escape(line)}</code>", f"<code>{escape(rule)}</code>", f"{n:,}")
        for (line, rule), n in r.unnamed.most_common(top)
    ]
    flagged = [
        (escape(ident), escape(outlet), f"{share_:.1%}")
        for share_, ident, outlet in sorted(r.over_cleaned, reverse=True)[:top]
    ]
    samples = "".join(_sample_article(i, s) for i, s in enumerate(r.sample, start=1))
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
            "highlighted characters were repaired.</p></header>",
            '<section id="totals"><h2>Totals</h2><div class="totals">',
            "".join(f'<div class="total"><b>{v}</b>{escape(k)}</div>' for k, v in totals),
            "</div></section>",
            '<section id="charts"><h2>Lines removed</h2><div class="charts">',
            _bar_chart("chart-families", "per rule family", r.by_family.most_common(top)),
            _bar_chart("chart-rules", "per rule", r.by_rule.most_common(top)),
            _stacked_chart(
                "chart-outlets", "per outlet, by rule family", outlets, r.by_outlet_family
            ),
            "</div></section>",
            '<section id="frequent"><h2>Lines removed most often</h2>',
            _table("frequent-lines", ("line", "times"), frequent, {1}),
            "</section>",
            '<section id="unnamed"><h2>Removed by a heuristic, named by no rule</h2>'
            '<p class="muted">The removals most worth a human look: if one is reporting, '
            "switch the heuristic off (<code>disabled_rules</code>) or report it.</p>",
            _table("unnamed-lines", ("line", "heuristic", "times"), unnamed, {2}),
            "</section>",
            f'<section id="guard"><h2>Over-cleaning guard ({r.over_cleaned_count:,} articles)</h2>',
            _table("guard-articles", ("article", "outlet", "words removed"), flagged, {2}),
            "</section>",
            f'<section id="samples"><h2>Sample articles ({len(r.sample)} of {r.articles:,})</h2>',
            samples or '<p class="muted">no articles</p>',
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
    ident: str, head: tuple[str, ...], rows: Sequence[tuple[str, ...]], numeric: set[int]
) -> str:
    if not rows:
        return f'<p id="{ident}" class="muted">none</p>'
    out = [f'<table id="{ident}"><thead><tr>']
    out += [f"<th>{escape(h)}</th>" for h in head]
    out.append("</tr></thead><tbody>")
    for row in rows:
        cells = "".join(
            f'<td class="n">{c}</td>' if i in numeric else f"<td>{c}</td>"
            for i, c in enumerate(row)
        )
        out.append(f"<tr>{cells}</tr>")
    out.append("</tbody></table>")
    return "".join(out)


_SHOW_LINES = 400  # lines shown per sample article (each side)


def _sample_article(number: int, s: Sample) -> str:
    by_line: dict[int, list[Change]] = {}
    for change in s.result.changes:
        by_line.setdefault(change.line_no, []).append(change)
    before: list[str] = []
    lines = Doc.from_text(s.text).lines or ("",)  # numbered as the audit trail numbers them
    for line_no, line in enumerate(lines[:_SHOW_LINES], start=1):
        changes = [c for c in by_line.get(line_no, []) if c.filter != "tidy_whitespace"]
        dropped = next((c for c in changes if c.after is None), None)
        edited = [c for c in changes if c.after is not None]
        if dropped is not None:
            why = f"✕ {escape(rule_of(dropped))} — {escape(dropped.reason)}"
            before.append(
                f'<del class="ln" title="{escape(dropped.reason)}">{escape(line) or "&#160;"}'
                f'<span class="why">{why}</span></del>'
            )
        elif edited:
            shown, _ = highlight(edited[0].before, edited[-1].after or "")
            reasons = "; ".join(f"{c.filter}: {c.reason}" for c in edited)
            before.append(
                f'<span class="ln">{shown}<span class="why">✎ {escape(reasons)}</span></span>'
            )
        else:
            before.append(f'<span class="ln">{escape(line) or "&#160;"}</span>')
    if len(lines) > _SHOW_LINES:
        before.append(f'<span class="ln muted">… {len(lines) - _SHOW_LINES:,} more lines</span>')
    kept = s.result.text.split("\n")
    after = "".join(f'<span class="ln">{escape(x) or "&#160;"}</span>' for x in kept[:_SHOW_LINES])
    if len(kept) > _SHOW_LINES:
        after += f'<span class="ln muted">… {len(kept) - _SHOW_LINES:,} more lines</span>'
    flag = ' <span class="flag">over-cleaning guard fired</span>' if s.result.over_cleaned else ""
    return (
        f'<article class="sample" id="sample-{number}"><h3>{escape(s.ident)} '
        f'<span class="muted">{escape(s.outlet)} · {s.result.removed_share:.1%} of words removed'
        f"</span>{flag}</h3>"
        f'<div class="pair"><div><h4>Before</h4><pre>{"".join(before)}</pre></div>'
        f"<div><h4>After</h4><pre>{after}</pre></div></div></article>"
    )


def highlight(before: str, after: str) -> tuple[str, str]:
    """Both sides of an edit, escaped, with the changed characters in <mark>.

    Examples:
        >>> highlight("cafÃ© <b>", "café <b>")
        ('caf<mark>Ã©</mark> &lt;b&gt;', 'caf<mark>é</mark> &lt;b&gt;')
    """
    left, right = [], []
    for op, i1, i2, j1, j2 in opcodes(before, after):
        a, b = escape(before[i1:i2]), escape(after[j1:j2])
        if op == "equal":
            left.append(a)
            right.append(b)
        else:
            if a:
                left.append(f"<mark>{a}</mark>")
            if b:
                right.append(f"<mark>{b}</mark>")
    return "".join(left), "".join(right)


# A character diff (difflib) is quadratic in the worst case: only short lines get one, longer
# lines a diff of their words, and very long ones their common start and end only.
_CHAR_DIFF = 300
_WORD_DIFF = 300
_WORDS = re.compile(r"\S+|\s+")


def opcodes(before: str, after: str) -> list[tuple[str, int, int, int, int]]:
    """How ``before`` became ``after``, as difflib opcodes over characters, with a
    bounded cost whatever the lines' length."""
    if len(before) <= _CHAR_DIFF and len(after) <= _CHAR_DIFF:
        matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
        return [(op, i1, i2, j1, j2) for op, i1, i2, j1, j2 in matcher.get_opcodes()]
    a, b = _WORDS.findall(before), _WORDS.findall(after)
    if len(a) > _WORD_DIFF or len(b) > _WORD_DIFF:
        return _ends(before, after)
    starts_a = [0]
    for token in a:
        starts_a.append(starts_a[-1] + len(token))
    starts_b = [0]
    for token in b:
        starts_b.append(starts_b[-1] + len(token))
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return [
        (op, starts_a[i1], starts_a[i2], starts_b[j1], starts_b[j2])
        for op, i1, i2, j1, j2 in matcher.get_opcodes()
    ]


def _ends(before: str, after: str) -> list[tuple[str, int, int, int, int]]:
    """The common start and end, and one changed stretch between them (linear)."""
    start = 0
    limit = min(len(before), len(after))
    while start < limit and before[start] == after[start]:
        start += 1
    end = 0
    while end < limit - start and before[-1 - end] == after[-1 - end]:
        end += 1
    ops: list[tuple[str, int, int, int, int]] = [("equal", 0, start, 0, start)] if start else []
    if start < len(before) - end or start < len(after) - end:
        ops.append(("replace", start, len(before) - end, start, len(after) - end))
    if end:
        ops.append(("equal", len(before) - end, len(before), len(after) - end, len(after)))
    return ops
