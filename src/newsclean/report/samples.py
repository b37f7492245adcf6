"""A sample article in the report: its changed hunks with a few lines of context, not the
whole article; removed lines struck through with their reason, edited ones with the
characters that changed highlighted. The character diff's cost is bounded per line."""

from __future__ import annotations

import difflib
import html
import re

from ..model import Change, Doc
from .aggregate import Sample, rule_of

#: Unchanged lines shown around each change.
CONTEXT = 2
_SHOW_LINES = 400  # lines shown per sample article: changed, context and gap lines
_TIDY = "tidy_whitespace"


def escape(text: object) -> str:
    """Text as HTML, quotes included (safe in an element and in an attribute)."""
    return html.escape(str(text), quote=True)


def hunks(changed: list[int], total: int, context: int = CONTEXT) -> list[tuple[int, int]]:
    """The line ranges (1-based, inclusive) to show: each changed line with ``context``
    lines either side, ranges that touch or overlap merged.

    Examples:
        >>> hunks([3, 5, 20], 30, context=1)
        [(2, 6), (19, 21)]
        >>> hunks([1], 1)
        [(1, 1)]
    """
    out: list[tuple[int, int]] = []
    for line in sorted(set(changed)):
        start, end = max(1, line - context), min(total, line + context)
        if out and start <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def sample_article(number: int, s: Sample, shown_as: str, context: int = CONTEXT) -> str:
    """One sample article as an ``<article>``: a heading (id, outlet, share of words
    removed, why it was chosen) and its changed hunks with ``context`` lines around."""
    by_line: dict[int, list[Change]] = {}
    for change in s.result.changes:
        if change.filter != _TIDY:
            by_line.setdefault(change.line_no, []).append(change)
    lines = Doc.from_text(s.text).lines or ("",)  # numbered as the audit trail numbers them
    body: list[str] = []
    last = 0  # the last line shown
    for start, end in hunks(list(by_line), len(lines), context):
        if len(body) >= _SHOW_LINES:
            break
        if start > last + 1:
            body.append(f'<span class="ln gap">⋯ {start - last - 1:,} unchanged lines</span>')
        for line_no in range(start, end + 1):
            if len(body) >= _SHOW_LINES:
                break
            body.append(_line(line_no, lines[line_no - 1], by_line.get(line_no, [])))
            last = line_no
    rest = sum(1 for n in by_line if n > last)
    if rest:
        body.append(f'<span class="ln gap">… {rest:,} more changed lines not shown</span>')
    elif body and last < len(lines):
        body.append(f'<span class="ln gap">⋯ {len(lines) - last:,} unchanged lines</span>')
    removed = sum(1 for cs in by_line.values() if any(c.after is None for c in cs))
    edited = len(by_line) - removed
    flag = ' <span class="flag">over-cleaning guard fired</span>' if s.result.over_cleaned else ""
    summary = (
        f"{s.result.removed_share:.1%} of words removed · of {len(lines):,} lines "
        f"{removed:,} removed, {edited:,} edited"
    )
    view = (
        f'<pre class="hunks">{"".join(body)}</pre>'
        if body
        else '<p class="muted">no changes: the article was left as it was</p>'
    )
    return (
        f'<article class="sample" id="sample-{number}"><h3>{escape(s.ident)} '
        f'<span class="muted">{escape(s.outlet)} · {summary}</span>{flag} '
        f'<span class="tag">{escape(shown_as)}</span></h3>{view}</article>'
    )


def _line(line_no: int, line: str, changes: list[Change]) -> str:
    no = f'<span class="no">{line_no}</span>'
    dropped = next((c for c in changes if c.after is None), None)
    edited = [c for c in changes if c.after is not None]
    if dropped is not None:
        why = f"✕ {escape(rule_of(dropped))} — {escape(dropped.reason)}"
        return (
            f'<del class="ln" title="{escape(dropped.reason)}">{no}{escape(line) or "&#160;"}'
            f'<span class="why">{why}</span></del>'
        )
    if edited:
        before, after = highlight(edited[0].before, edited[-1].after or "")
        reasons = "; ".join(f"{c.filter}: {c.reason}" for c in edited)
        return (
            f'<span class="ln edit">{no}{before or "&#160;"}</span>'
            f'<ins class="ln"><span class="no">→</span>{after or "&#160;"}'
            f'<span class="why">✎ {escape(reasons)}</span></ins>'
        )
    return f'<span class="ln">{no}{escape(line) or "&#160;"}</span>'


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
