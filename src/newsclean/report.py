"""An audit report a data team can review: one self-contained HTML file (inline CSS and
SVG, no script, no network) with totals, charts of what was removed per rule family, rule
and outlet, the lines removed most often, the lines heuristics removed that no rule names,
the articles the over-cleaning guard flagged, and before/after views of a sample.

Everything is aggregated as records pass and the sample is bounded, so a report over
100,000 articles costs little more than cleaning them and stays small. Every piece of
article text, rule id and reason is escaped, and the page's Content-Security-Policy
allows no script at all and only the report's own stylesheet (by its hash).
"""

from __future__ import annotations

import base64
import contextlib
import difflib
import hashlib
import heapq
import html
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ._version import __version__
from .api import _resolve
from .batch import _CleanRecords, ordered_map
from .config import CleanConfig
from .corpus import site_of
from .errors import NewscleanError
from .model import Change, Cleaned, Doc
from .rules import builtin_pack_names, detect_outlets, load_pack

_PRUNE_AT = 50_000  # distinct removed lines held before the rare ones are let go


@lru_cache(maxsize=1)
def _builtin_families() -> dict[str, str]:
    return {r.id: r.family for n in builtin_pack_names() for r in load_pack(n).rules}


def rule_of(change: Change) -> str:
    """The rule behind a change: a rule id, ``heuristic.<name>``, or the reason code.

    Examples:
        >>> rule_of(Change("drop_promo", 3, "Advertisement", None, "promo:generic.advertisement"))
        'generic.advertisement'
    """
    code, _, detail = change.reason.partition(":")
    if code in {"promo", "promo_span"} and detail:
        return detail.split(":")[0]
    return code


@dataclass
class _Sample:
    key: int
    ident: str
    outlet: str
    text: str
    result: Cleaned


@dataclass
class Report:
    """The aggregates of a report, filled by ``add`` one article at a time."""

    sample_size: int = 12
    top: int = 25
    families: dict[str, str] = field(default_factory=dict)  # extra rule id -> family
    articles: int = 0
    rejected: int = 0
    lines_in: int = 0
    lines_removed: int = 0
    lines_edited: int = 0
    chars_repaired: int = 0
    words_in: int = 0
    words_removed: int = 0
    by_family: Counter[str] = field(default_factory=Counter)
    by_rule: Counter[str] = field(default_factory=Counter)
    by_outlet: Counter[str] = field(default_factory=Counter)
    by_outlet_family: Counter[tuple[str, str]] = field(default_factory=Counter)
    articles_by_outlet: Counter[str] = field(default_factory=Counter)
    removed_lines: Counter[str] = field(default_factory=Counter)
    unnamed: Counter[tuple[str, str]] = field(default_factory=Counter)  # (line, heuristic)
    over_cleaned: list[tuple[float, str, str]] = field(default_factory=list)
    over_cleaned_count: int = 0
    _sample: list[tuple[int, int, _Sample]] = field(default_factory=list)

    def family(self, rule: str) -> str:
        """The family a rule's removals are counted under."""
        if rule.startswith("heuristic."):
            return "heuristic"
        if rule.startswith("caption_"):
            return "captions"
        return self.families.get(rule) or _builtin_families().get(rule) or rule.split(".")[0]

    def add(self, ident: str, outlet: str, text: str, result: Cleaned) -> None:
        """Count one cleaned article."""
        self.articles += 1
        self.articles_by_outlet[outlet] += 1
        self.lines_in += sum(1 for line in text.splitlines() if line and not line.isspace())
        self.words_in += result.words_in
        self.words_removed += result.removed_words
        for change in result.changes:
            if change.filter == "tidy_whitespace":
                continue
            if change.after is not None:
                self.lines_edited += 1
                self.chars_repaired += _changed_chars(change.before, change.after)
                continue
            self.lines_removed += 1
            rule = rule_of(change)
            self.by_rule[rule] += 1
            self.by_family[self.family(rule)] += 1
            self.by_outlet[outlet] += 1
            self.by_outlet_family[outlet, self.family(rule)] += 1
            line = change.before.strip()
            self.removed_lines[line] += 1
            if rule.startswith("heuristic."):
                self.unnamed[line, rule] += 1
        if len(self.removed_lines) > _PRUNE_AT:
            _prune(self.removed_lines)
        if len(self.unnamed) > _PRUNE_AT:
            _prune(self.unnamed)
        if result.over_cleaned:
            self.over_cleaned_count += 1
            heapq.heappush(self.over_cleaned, (result.removed_share, ident, outlet))
            if len(self.over_cleaned) > self.top * 4:
                heapq.heappop(self.over_cleaned)  # keep the most cleaned
        # a bottom-k sample by content hash: the same articles whatever the order
        key = int.from_bytes(
            hashlib.blake2b(text.encode("utf-8", "replace"), digest_size=8).digest()
        )
        item = (-key, self.articles, _Sample(key, ident, outlet, text, result))
        if len(self._sample) < self.sample_size:
            heapq.heappush(self._sample, item)
        elif key < -self._sample[0][0]:
            heapq.heapreplace(self._sample, item)

    @property
    def sample(self) -> list[_Sample]:
        return sorted((s for _, _, s in self._sample), key=lambda s: s.key)

    def render(self, title: str = "newsclean audit report") -> str:
        """The report as one self-contained HTML page."""
        return _render(self, title)


def _prune(counter: Counter[Any]) -> None:
    for key in [k for k, v in counter.items() if v == 1]:
        del counter[key]


# A character diff (difflib) is quadratic in the worst case: only short lines get one, longer
# lines a diff of their words, and very long ones their common start and end only.
_CHAR_DIFF = 300
_WORD_DIFF = 300
_WORDS = re.compile(r"\S+|\s+")


def _opcodes(before: str, after: str) -> list[tuple[str, int, int, int, int]]:
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


def _changed_chars(before: str, after: str) -> int:
    """Characters an edit took out or put in (the larger of the two counts), in linear
    time: a repair replaces characters (``Ã©`` → ``é``), it rarely moves them.

    Examples:
        >>> _changed_chars("cafÃ© au lait", "café au lait")
        2
        >>> _changed_chars("a\u00a0b", "a b")
        1
    """
    removed, added = Counter(before), Counter(after)
    removed.subtract(after)
    added.subtract(before)
    return max(sum(v for v in removed.values() if v > 0), sum(v for v in added.values() if v > 0))


def _outlet(record: Mapping[str, Any], text: str) -> str:
    """The record's outlet field, else its url's domain, else the one outlet whose
    signals the text carries (as ``outlets="auto"`` finds it), else "unknown"."""
    named = site_of(record, "outlet") or site_of(record, "domain")
    if named:
        return named
    found = detect_outlets(text)
    if len(found) == 1:
        return load_pack(found[0]).outlet or found[0]
    return "unknown"


def build(
    records: Iterable[Mapping[str, Any] | str],
    *,
    field: str = "text",
    id_field: str = "id",
    sample: int = 12,
    top: int = 25,
    title: str = "newsclean audit report",
    workers: int = 1,
    config: CleanConfig | None = None,
    **options: Any,
) -> str:
    """Clean ``records`` (dicts with the article in ``field``, or plain strings) and return
    the audit report as one HTML page. ``sample`` articles are shown before/after (those
    of smallest content hash: the same ones whatever the order); ``top`` rows per table.

    Examples:
        >>> page = build([{"id": "a1", "text": "The vote passed.\\nAdvertisement"}])
        >>> "generic.advertisement" in page and "Content-Security-Policy" in page
        True
    """
    return collect(
        records,
        field=field,
        id_field=id_field,
        sample=sample,
        top=top,
        workers=workers,
        config=config,
        **options,
    ).render(title)


def collect(
    records: Iterable[Mapping[str, Any] | str],
    *,
    field: str = "text",
    id_field: str = "id",
    sample: int = 12,
    top: int = 25,
    workers: int = 1,
    config: CleanConfig | None = None,
    **options: Any,
) -> Report:
    """The aggregates ``build`` renders (to render yourself, or to add more to)."""
    pipeline = _resolve(config, options)
    report = Report(sample_size=sample, top=top, families=_extra_families(pipeline))
    wrapped = ({field: r} if isinstance(r, str) else r for r in records)
    audited = ordered_map(_Audit(pipeline, field), wrapped, workers=workers)
    for position, (record, result) in enumerate(audited):
        if result is None:
            report.rejected += 1
            continue
        raw = record.get(id_field)
        ident = str(position) if raw is None else str(raw)
        report.add(ident, _outlet(record, record[field]), record[field], result)
    return report


@dataclass(frozen=True, slots=True)
class _Audit:
    """Picklable chunk function: each record with its Cleaned result (None: rejected)."""

    pipeline: Any
    field: str

    def __call__(self, records: list[Any]) -> list[tuple[Any, Cleaned | None]]:
        clean = _CleanRecords(self.pipeline, self.field, None)
        return [(r, clean.one(r).cleaned) for r in records]


def _extra_families(pipeline: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    for step in getattr(pipeline, "steps", ()):
        for ref in getattr(step, "packs", ()) or ():
            with contextlib.suppress(NewscleanError):  # a bad pack fails in cleaning
                out.update({r.id: r.family for r in load_pack(ref).rules})
    return out


# --------------------------------------------------------------------------- rendering

_CSS = """
:root { color-scheme: light; --ink:#1d2433; --muted:#5b6477; --line:#d9dee8; --bar:#3b6fd8;
  --del:#fde2e1; --delink:#a11d1d; --mark:#fff0a8; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink);
  margin: 0 auto; max-width: 1200px; padding: 24px; }
h1 { font-size: 24px; margin: 0 0 4px; } h2 { font-size: 19px; margin: 32px 0 8px;
  border-bottom: 1px solid var(--line); padding-bottom: 4px; }
.muted { color: var(--muted); }
.totals { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 8px; }
.total { border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; }
.total b { display: block; font-size: 20px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; border-bottom: 1px solid var(--line);
  padding: 4px 8px; overflow-wrap: anywhere; }
td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
code { font: 13px/1.4 ui-monospace, SFMono-Regular, Menlo, monospace; }
svg text { font: 12px system-ui, sans-serif; fill: var(--ink); }
svg rect.bar { fill: var(--bar); }
svg.chart { width: 100%; max-width: 640px; height: auto; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: 16px; }
figure { margin: 0; } figcaption { font-weight: 600; margin-bottom: 4px; }
th { white-space: nowrap; }
article { border: 1px solid var(--line); border-radius: 6px; margin: 16px 0; padding: 8px 12px; }
.pair { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; }
.pair pre { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0;
  font: 13px/1.45 ui-monospace, SFMono-Regular, Menlo, monospace; }
.ln { display: block; min-height: 1.45em; }
del.ln { background: var(--del); color: var(--delink); }
mark { background: var(--mark); }
.why { display: block; color: var(--muted); font-size: 12px; text-decoration: none; }
.flag { color: var(--delink); font-weight: 600; }
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


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
            f'<figure id="{ident}"><figcaption>{_e(title)}</figcaption>'
            '<p class="muted">nothing removed</p></figure>'
        )
    label_w, bar_w, row_h = 230, 260, 20
    peak = max(n for _, n in rows) or 1
    height = row_h * len(rows) + 4
    parts = [
        f'<figure id="{ident}"><figcaption>{_e(title)}</figcaption>',
        f'<svg class="chart" role="img" aria-label="{_e(title)}" '
        f'viewBox="0 0 {label_w + bar_w + 70} {height}">',
    ]
    for i, (label, n) in enumerate(rows):
        y = i * row_h + 2
        width = max(1, round(bar_w * n / peak))
        short = label if len(label) <= 34 else label[:33] + "…"
        parts.append(
            f"<g><title>{_e(label)}: {n:,}</title>"
            f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end">{_e(short)}</text>'
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
            f'<figure id="{ident}"><figcaption>{_e(title)}</figcaption>'
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
        f'<figure id="{ident}"><figcaption>{_e(title)}</figcaption>',
        f'<svg class="chart" role="img" aria-label="{_e(title)}" '
        f'viewBox="0 0 {label_w + bar_w + 70} {height}">',
    ]
    for i, family in enumerate([*named, "other"]):
        left, top_ = 10 + (i % 4) * 140, 4 + (i // 4) * 22
        fill = colour.get(family, _PALETTE[-1])
        out.append(
            f'<rect x="{left}" y="{top_}" width="12" height="12" fill="{fill}"/>'
            f'<text x="{left + 18}" y="{top_ + 11}">{_e(family)}</text>'
        )
    for i, (outlet, articles, n) in enumerate(rows):
        y = legend_h + i * row_h + 2
        label = f"{outlet} ({articles:,} articles)"
        short = (
            label
            if len(label) <= 34
            else outlet[: 33 - len(f" ({articles:,})")] + f"… ({articles:,})"
        )
        out.append(f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end">{_e(short)}</text>')
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
                f"<title>{_e(outlet)} · {_e(family)}: {count:,}</title></rect>"
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
    out += [f"<th>{_e(h)}</th>" for h in head]
    out.append("</tr></thead><tbody>")
    for row in rows:
        cells = "".join(
            f'<td class="n">{c}</td>' if i in numeric else f"<td>{c}</td>"
            for i, c in enumerate(row)
        )
        out.append(f"<tr>{cells}</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _highlight(before: str, after: str) -> tuple[str, str]:
    """Both sides of an edit, escaped, with the changed characters in <mark>."""
    left, right = [], []
    for op, i1, i2, j1, j2 in _opcodes(before, after):
        a, b = _e(before[i1:i2]), _e(after[j1:j2])
        if op == "equal":
            left.append(a)
            right.append(b)
        else:
            if a:
                left.append(f"<mark>{a}</mark>")
            if b:
                right.append(f"<mark>{b}</mark>")
    return "".join(left), "".join(right)


_SHOW_LINES = 400  # lines shown per sample article (each side)


def _sample_article(number: int, s: _Sample) -> str:
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
            before.append(
                f'<del class="ln" title="{_e(dropped.reason)}">{_e(line) or "&#160;"}'
                f'<span class="why">✕ {_e(rule_of(dropped))} — {_e(dropped.reason)}</span></del>'
            )
        elif edited:
            shown, _ = _highlight(edited[0].before, edited[-1].after or "")
            reasons = "; ".join(f"{c.filter}: {c.reason}" for c in edited)
            before.append(
                f'<span class="ln">{shown}<span class="why">✎ {_e(reasons)}</span></span>'
            )
        else:
            before.append(f'<span class="ln">{_e(line) or "&#160;"}</span>')
    if len(lines) > _SHOW_LINES:
        before.append(f'<span class="ln muted">… {len(lines) - _SHOW_LINES:,} more lines</span>')
    kept = s.result.text.split("\n")
    after = "".join(f'<span class="ln">{_e(x) or "&#160;"}</span>' for x in kept[:_SHOW_LINES])
    if len(kept) > _SHOW_LINES:
        after += f'<span class="ln muted">… {len(kept) - _SHOW_LINES:,} more lines</span>'
    flag = ' <span class="flag">over-cleaning guard fired</span>' if s.result.over_cleaned else ""
    return (
        f'<article class="sample" id="sample-{number}"><h3>{_e(s.ident)} '
        f'<span class="muted">{_e(s.outlet)} · {s.result.removed_share:.1%} of words removed'
        f"</span>{flag}</h3>"
        f'<div class="pair"><div><h4>Before</h4><pre>{"".join(before)}</pre></div>'
        f"<div><h4>After</h4><pre>{after}</pre></div></div></article>"
    )


def _render(r: Report, title: str) -> str:
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
        (f"<code>{_e(line)}</code>", f"{n:,}") for line, n in r.removed_lines.most_common(top)
    ]
    unnamed = [
        (f"<code>{_e(line)}</code>", f"<code>{_e(rule)}</code>", f"{n:,}")
        for (line, rule), n in r.unnamed.most_common(top)
    ]
    flagged = [
        (_e(ident), _e(outlet), f"{share_:.1%}")
        for share_, ident, outlet in sorted(r.over_cleaned, reverse=True)[:top]
    ]
    samples = "".join(_sample_article(i, s) for i, s in enumerate(r.sample, start=1))
    css = _CSS
    return "".join(
        [
            '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{_csp(css)}">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            '<meta name="referrer" content="no-referrer">',
            f"<title>{_e(title)}</title><style>{css}</style></head><body>",
            f'<header><h1>{_e(title)}</h1><p class="muted">newsclean {_e(__version__)}: '
            "what was removed and repaired, and why. Struck-through lines were removed; "
            "highlighted characters were repaired.</p></header>",
            '<section id="totals"><h2>Totals</h2><div class="totals">',
            "".join(f'<div class="total"><b>{v}</b>{_e(k)}</div>' for k, v in totals),
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
