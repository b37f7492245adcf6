"""Small frozen value types that flow through the pipeline: Doc, Change, Cleaned."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

# A document is split on these once. Not on U+0085 (NEL): in scraped text it is almost
# always a cp1252 "…" read as latin-1, which ftfy's fix_c1_controls repairs.
_LINE_BREAK = re.compile(r"\r\n|[\n\r\u2028\u2029]")


@dataclass(frozen=True, slots=True)
class Change:
    """One recorded edit: which filter, which input line, what it was, what it became, and
    why — as data: a stable ``code`` (``promo``, ``promo_span``, ``caption_duplicate_of``,
    ``encoding``, ``blank``, ``trim``…), the ``rule`` behind it (a rule id,
    ``heuristic.<name>`` or ``model.<name>``), a ``detail`` (the features, the steps, the
    line it copies) and a ``score`` where one decided it.

    ``after`` is ``None`` when the line was dropped. ``line_no`` is the 1-based line number
    in the text the user passed in. ``reason`` is the readable form built from the fields
    (``promo:foxnews.app-download``, ``caption_duplicate_of:12:score=96.3``); nothing in
    newsclean reads it back.
    """

    filter: str
    line_no: int
    before: str
    after: str | None
    code: str
    rule: str | None = None
    detail: str = ""
    score: float | None = None

    @property
    def reason(self) -> str:
        """``code[:rule][:detail][:score=S]``: a 0–100 score prints one decimal, a
        probability three."""
        parts = [self.code]
        if self.rule:
            parts.append(self.rule)
        if self.detail:
            parts.append(self.detail)
        if self.score is not None:
            parts.append(f"score={self.score:.1f}" if self.score > 1 else f"score={self.score:.3f}")
        return ":".join(parts)

    @property
    def dropped(self) -> bool:
        """True when the line was removed rather than edited."""
        return self.after is None

    @property
    def cosmetic(self) -> bool:
        """True when the line kept every word (spacing, invisible characters, quotes)."""
        return self.after is not None and self.after.split() == self.before.split()

    @property
    def family(self) -> str:
        """What a count groups by: ``promo/app-download`` for a rule, else the code."""
        if self.rule and self.code in {"promo", "promo_span"}:
            return f"{self.code}/{self.rule.rsplit('.', 1)[-1]}"
        return self.code

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready view of the change (the structured fields and the reason)."""
        return {
            "filter": self.filter,
            "line_no": self.line_no,
            "before": self.before,
            "after": self.after,
            "reason": self.reason,
            "code": self.code,
            "rule": self.rule,
            "detail": self.detail,
            "score": self.score,
        }


@dataclass(frozen=True, slots=True)
class Doc:
    """A document on its way through the pipeline: lines, where each came from, changes.

    ``origins[i]`` is the 1-based input line number of ``lines[i]``; filters that drop
    or edit a line keep the two tuples aligned (``LineFilter`` does this for you).
    """

    lines: tuple[str, ...]
    origins: tuple[int, ...]
    changes: tuple[Change, ...] = ()
    source: str | None = None  # where the text came from (URL, domain or outlet), if known

    @classmethod
    def from_text(cls, text: str, source: str | None = None) -> Doc:
        """Split ``text`` into lines once, on ``\\n``, ``\\r\\n``, ``\\r``, U+2028 and U+2029.

        Examples:
            >>> Doc.from_text("a\\r\\nb").lines
            ('a', 'b')
        """
        if not text:
            lines: tuple[str, ...] = ()
        elif "\r" in text or "\u2028" in text or "\u2029" in text:
            lines = tuple(_LINE_BREAK.split(text))
        else:  # the common case: "\n" is the only break, and str.split finds it faster
            lines = tuple(text.split("\n"))
        return cls(lines=lines, origins=tuple(range(1, len(lines) + 1)), source=source)

    def evolve(
        self, lines: Sequence[str], origins: Sequence[int], changes: Sequence[Change]
    ) -> Doc:
        """A new Doc with these lines and origins, the changes appended, the source kept."""
        return Doc(tuple(lines), tuple(origins), self.changes + tuple(changes), self.source)

    def to_text(self) -> str:
        """Join the lines once, with ``\\n``."""
        return "\n".join(self.lines)


# Reason codes of changes that drop a line whose content survives in another line.
_DUPLICATE_CODES = frozenset({"caption_duplicate_of"})


@dataclass(frozen=True, slots=True)
class Cleaned:
    """What ``clean_and_explain`` returns: the clean text and every change behind it.

    ``str()`` gives a readable report; ``stats`` counts changes per filter and reason code.
    """

    text: str
    changes: tuple[Change, ...] = field(default=())
    words_in: int = 0
    max_removed_share: float | None = None

    @property
    def removed_words(self) -> int:
        """Words of content the clean took out: dropped lines and shortened lines.

        A copy dropped as a duplicate does not count: its words stand in the copy kept.
        """
        removed = 0
        for change in self.changes:
            if change.code in _DUPLICATE_CODES:
                continue
            after = len(change.after.split()) if change.after is not None else 0
            removed += max(0, len(change.before.split()) - after)
        return removed

    @property
    def removed_share(self) -> float:
        """The share of the input's words that the clean removed (0.0 to 1.0)."""
        return min(1.0, self.removed_words / self.words_in) if self.words_in else 0.0

    @property
    def over_cleaned(self) -> bool:
        """True when more than ``max_removed_share`` of the words went: worth a look.

        The text is returned all the same; this flag lets a batch job set such
        articles aside for review instead of silently losing content.
        """
        return self.max_removed_share is not None and self.removed_share > self.max_removed_share

    @property
    def stats(self) -> dict[str, int]:
        """Counts derived from the changes, keyed ``filter`` and ``filter/code``."""
        counts: Counter[str] = Counter()
        for change in self.changes:
            counts[change.filter] += 1
            counts[f"{change.filter}/{change.code}"] += 1
        return dict(sorted(counts.items()))

    @property
    def dropped(self) -> tuple[Change, ...]:
        """The changes that removed a line."""
        return tuple(c for c in self.changes if c.after is None)

    def __str__(self) -> str:
        return format_report(self)


def _shorten(text: str, width: int = 100) -> str:
    text = text.replace("\t", " ")
    return text if len(text) <= width else text[: width - 1] + "…"


def format_report(result: Cleaned) -> str:
    """Render the audit trail for a person: removals and edits first, whitespace summed."""
    notable = [c for c in result.changes if c.filter != "tidy_whitespace"]
    tidy = len(result.changes) - len(notable)
    dropped = sum(1 for c in notable if c.after is None)
    out = [
        f"newsclean: {dropped} line(s) removed, {len(notable) - dropped} edited, "
        f"{tidy} whitespace fix(es); {result.removed_share:.1%} of words removed"
    ]
    if result.over_cleaned:
        out.append(
            f"  WARNING: more than {result.max_removed_share:.0%} of the words were removed "
            "(over-cleaning guard); please review this article"
        )
    for c in sorted(notable, key=lambda c: (c.line_no, c.filter)):
        action = "removed" if c.after is None else "edited "
        out.append(f"  line {c.line_no:>4}  {action}  [{c.filter}] {c.reason}")
        before, after = c.before, c.after
        if after is not None and _looks(before) == _looks(after):
            # the edit is of characters no one sees (a no-break space, a soft hyphen, a
            # decomposed accent): spell them out, or both lines would read the same
            before, after = _spelled(before), _spelled(after)
        if after is not None:
            # Show where an edit happens: skip a long shared beginning.
            common = _shared_prefix(before, after)
            if common > 60:
                before, after = "…" + before[common - 30 :], "…" + after[common - 30 :]
        out.append(f"      - {_shorten(before)}")
        if after is not None:
            out.append(f"      + {_shorten(after)}")
    return "\n".join(out)


def _looks(text: str) -> str:
    """What a reader sees of a line as the report prints it: composed, every space alike
    (a tab prints as one), format and control characters unseen."""
    text = unicodedata.normalize("NFC", text.replace("\t", " "))
    return "".join(
        " " if unicodedata.category(ch) == "Zs" else ch
        for ch in text
        if unicodedata.category(ch) not in ("Cf", "Cc")
    )


def _spelled(text: str) -> str:
    """``text`` with each character a reader cannot see or tell from another written as
    its escape: ``\\t``, ``\\u00a0`` (no-break space), ``\\u00ad`` (soft hyphen), ``\\u0301``
    (a combining accent)."""
    out = []
    for ch in text:
        kind = unicodedata.category(ch)
        if ch == "\t":
            out.append("\\t")
        elif ch != " " and (kind[0] in "CMZ"):
            out.append(f"\\u{ord(ch):04x}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08x}")
        else:
            out.append(ch)
    return "".join(out)


def _shared_prefix(a: str, b: str) -> int:
    """How many leading characters two strings share (text, not paths)."""
    n = min(len(a), len(b))
    return next((i for i in range(n) if a[i] != b[i]), n)


def check_text(text: object, where: str) -> str:
    """Return ``text`` if it is a ``str``; otherwise raise a TypeError saying how to fix it."""
    if isinstance(text, str):
        return text
    if isinstance(text, bytes | bytearray | memoryview):
        raise TypeError(
            f"{where}() takes str, not {type(text).__name__}: decode the bytes first, "
            "e.g. data.decode('utf-8', errors='replace')"
        )
    raise TypeError(f"{where}() takes str, not {type(text).__name__}")
