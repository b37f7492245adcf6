"""Repeated captions: collapse a line that repeats an earlier one (the same photo
caption once bare and once with its credit) to a single copy."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from ..model import Change, Doc

# An agency stamp glued to the end: "…Nishijima)AP2014" (searched in the last chars only).
_AGENCY_STAMP = re.compile(r"(?<=[)\].])\s*[A-Z]{2,6}\d{4}\s*$")
_STAMP_WINDOW = 16
# Most words a trailing parenthesis may hold and still count as a credit.
_CREDIT_WORDS = 10
_NON_WORD = re.compile(r"[\W_]+")
_WORD = re.compile(r"[^\W_]+")
# What scrapers leave at the end of a truncated copy or a chart caption.
_ELLIPSES = ("...", "…")
_WIDGET_WORDS = ("read more", "continue reading", "close", "expand")
# An embed's signature line ("— Name (@handle) February 4, 2017"): repeated on purpose.
_SIGNATURE = re.compile(r"^\s*[—–]")
_DIGITS = re.compile(r"\d+")
# How many earlier lines one blocking bucket remembers: bounds the work per line.
_BUCKET_DEPTH = 8
_BLOCK = 24
# partial_ratio at which a line counts as standing whole inside another.
_CONTAINED_CUTOFF = 98.0


def strip_truncation(line: str) -> str:
    """The line without a trailing ellipsis or widget word ("Read More", "Close").

    Plain string tests, not a regex anchored at the end: such a regex is retried at
    every position of the line and costs quadratic time on long lines.

    >>> strip_truncation("The storm hit the coast ... Read More")
    'The storm hit the coast'
    """
    text = line.rstrip()
    while True:
        before = text
        for end in _ELLIPSES:
            if text.endswith(end):
                text = text[: -len(end)].rstrip()
        tail = text[-20:].casefold()
        for word in _WIDGET_WORDS:
            cut = len(text) - len(word)
            if tail.endswith(word) and (cut == 0 or not text[cut - 1].isalnum()):
                text = text[:cut].rstrip()
                tail = text[-20:].casefold()
        if text == before:
            return text


def _strip_credit_only(text: str) -> str:
    stamp = _AGENCY_STAMP.search(text, max(0, len(text) - _STAMP_WINDOW))
    if stamp:
        text = text[: stamp.start()]
    text = text.rstrip()
    if text.endswith(")"):
        opening = text.rfind("(")
        inner = text[opening + 1 : -1] if opening >= 0 else ""
        if inner.strip() and "(" not in inner and len(inner.split()) <= _CREDIT_WORDS:
            text = text[:opening].rstrip()
    return text


def strip_credit(line: str) -> str:
    """The line with a trailing photo credit, agency stamp or truncation marker set aside.

    >>> strip_credit("Stoltenberg took questions Friday. (NATO)")
    'Stoltenberg took questions Friday.'
    """
    return _strip_credit_only(strip_truncation(line))


def names_differ(a: str, b: str) -> bool:
    """True when a capitalised word or a number appears in one text but not the other.

    Two captions from one template ("Mississippi — There is no early voting in
    Mississippi" / "Missouri — …") differ in exactly such words, and must both stay.

    >>> names_differ("Voting in Missouri ends.", "Voting in Mississippi ends.")
    True
    >>> names_differ("Click HERE to vote now", "click here to vote, now")
    False
    """
    words_a = {w.casefold(): w for w in _WORD.findall(a)}
    words_b = {w.casefold(): w for w in _WORD.findall(b)}
    for folded in words_a.keys() ^ words_b.keys():
        word = words_a.get(folded) or words_b[folded]
        if word[0].isupper() or word[0].isdigit():
            return True
    return False


def _contained(a: str, b: str) -> bool:
    """True when the shorter key stands almost whole inside the longer one: a quote
    and the paragraph that reports it with an attribution ("…," Trump tweeted)."""
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return fuzz.partial_ratio(short, long) >= _CONTAINED_CUTOFF


def compare_key(text: str) -> str:
    """Case, punctuation and spacing folded away, for comparison only."""
    return _NON_WORD.sub(" ", text.casefold()).strip()


@dataclass(slots=True)
class _Group:
    """Lines found to repeat one another, in input order (per call, never shared)."""

    key: str
    digits: tuple[str, ...]
    text: str  # the first member's text, credit set aside
    members: list[tuple[int, float]] = field(default_factory=list)  # (index, score)


@dataclass(frozen=True, slots=True, kw_only=True)
class CollapseRepeatedCaptions:
    """Keep one copy of each repeated line of ``min_length`` characters or more.

    Two lines repeat each other when, with a trailing credit set aside and case and
    punctuation folded, they are equal or score at least ``score_cutoff`` on
    rapidfuzz's ``fuzz.ratio`` (a whole-string score, so a short sentence that only
    begins a longer paragraph does not match) and no capitalised word or number
    stands in one but not the other (two captions from one template stay apart),
    unless one stands almost whole inside the other (an embedded post that repeats
    the paragraph quoting it).
    Embed signature lines (starting with a dash) are never collapsed. The copy
    that stays sits where the first one stood; it is the one with a credit if any
    (it carries more information), else the longest.

    Candidates come from exact keys and from buckets keyed on a line's first and
    last characters, each holding a bounded number of earlier lines: the cost per
    line is bounded, so the filter is linear in the number of lines.

    >>> from newsclean.model import Doc
    >>> doc = Doc.from_text("A caption about the summit.\\nA caption about the summit. (AP)")
    >>> CollapseRepeatedCaptions(min_length=10)(doc).lines
    ('A caption about the summit. (AP)',)
    """

    name: str = "collapse_captions"
    score_cutoff: float = 90.0
    min_length: int = 60

    def __call__(self, doc: Doc) -> Doc:
        groups: list[_Group] = []
        exact: dict[str, int] = {}
        buckets: dict[tuple[int, str], list[int]] = {}
        for index, line in enumerate(doc.lines):
            if len(line.strip()) < self.min_length or _SIGNATURE.match(line):
                continue
            base = strip_credit(line)
            key = compare_key(base)
            if len(key) < self.min_length // 2:
                continue
            digits = tuple(sorted(_DIGITS.findall(key)))
            found = exact.get(key)
            score = 100.0
            if found is None:
                found, score = self._fuzzy(key, base, digits, groups, buckets)
            if found is None:
                found = len(groups)
                groups.append(_Group(key, digits, base))
                exact[key] = found
                for slot in ((0, key[:_BLOCK]), (1, key[-_BLOCK:])):
                    bucket = buckets.setdefault(slot, [])
                    bucket.append(found)
                    if len(bucket) > _BUCKET_DEPTH:
                        del bucket[0]
            groups[found].members.append((index, score))
        repeated = [g for g in groups if len(g.members) > 1]
        if not repeated:
            return doc
        return self._collapse(doc, repeated)

    def _fuzzy(
        self,
        key: str,
        base: str,
        digits: tuple[str, ...],
        groups: list[_Group],
        buckets: dict[tuple[int, str], list[int]],
    ) -> tuple[int | None, float]:
        best: tuple[int | None, float] = (None, 0.0)
        seen: set[int] = set()
        for slot in ((0, key[:_BLOCK]), (1, key[-_BLOCK:])):
            for gid in buckets.get(slot, ()):
                if gid in seen:
                    continue
                seen.add(gid)
                group = groups[gid]
                if group.digits != digits:
                    continue
                score = fuzz.ratio(key, group.key, score_cutoff=self.score_cutoff)
                if not score:
                    continue
                if names_differ(base, group.text) and not _contained(key, group.key):
                    continue
                # the best score wins; on a tie the earliest group, so order is stable
                if best[0] is None or score > best[1] or (score == best[1] and gid < best[0]):
                    best = (gid, score)
        return best

    def _collapse(self, doc: Doc, repeated: list[_Group]) -> Doc:
        replace: dict[int, tuple[str, str]] = {}
        drop: dict[int, str] = {}
        for group in repeated:
            indexes = [i for i, _ in group.members]
            first = indexes[0]
            keep = max(indexes, key=lambda i: self._information(doc.lines[i], -i))
            first_no = doc.origins[first]
            if keep != first:
                replace[first] = (
                    doc.lines[keep],
                    f"caption_kept_copy_of:{doc.origins[keep]}",
                )
            for i, score in group.members[1:]:
                drop[i] = f"caption_duplicate_of:{first_no}:score={score:.1f}"
        lines: list[str] = []
        origins: list[int] = []
        changes: list[Change] = []
        for i, (line, origin) in enumerate(zip(doc.lines, doc.origins, strict=True)):
            if i in drop:
                changes.append(Change(self.name, origin, line, None, drop[i]))
                continue
            if i in replace:
                after, reason = replace[i]
                if after != line:
                    changes.append(Change(self.name, origin, line, after, reason))
                line = after
            lines.append(line)
            origins.append(origin)
        return Doc(tuple(lines), tuple(origins), doc.changes + tuple(changes))

    @staticmethod
    def _information(line: str, tiebreak: int) -> tuple[bool, bool, int, int]:
        # A credit adds information; a truncation marker or widget word ("Close") does not.
        whole = strip_truncation(line)
        has_credit = _strip_credit_only(whole) != whole
        untruncated = whole == line.rstrip()
        return (has_credit, untruncated, len(whole), tiebreak)
