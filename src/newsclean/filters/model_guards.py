"""Lines the line model flags that their page shows are reporting: they stay.

The model judges a line by its words and its neighbours' form; a few forms of reporting
look like promo to it (short, a name and a time, no full stop) and are told apart by the
page around them. ``spared`` names the flagged lines that stay:

- **list entries**: an entry of a run of parallel lines (``list_runs.in_list_run``: a
  film's fact box, nominees, a schedule) that the model does not flag whole, and a
  comma-separated entry ("Jane Doe, University of X, City") among others like it; a
  short name ("Drake", at most four words, no sentence end) with three kept short lines
  among its two neighbours each way (nominees under an award's heading);
- **a sentence's end**: a short line after a long line of prose that ends on a word and
  a colon ("… a sign that reads:" / "You Are Here.") finishes that sentence;
- **tune-in lines**: when and where a show airs ("The series returns Mondays at 9 p.m.
  on ABC."), which is news about the show;
- **study citations**: "SOURCE: <journal>, online <date>" or "SOURCE: <journal>, <month>
  <year>.", the reference of the study the story reports.

Each test reads only the line and a bounded number of its neighbours.

The page also tells the other way: ``between_flagged`` names the lines the model scored
short of its threshold but near it (``BETWEEN_SHARE`` of it at least) that sit between
two flagged lines, the middle of a block of promo ("Follow us" / a handle / "for the
latest"); they go too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping, Sequence

from .list_runs import in_list_run, next_text

_DAYS = (
    r"(?:mondays?|tuesdays?|wednesdays?|thursdays?|fridays?|saturdays?|sundays?"
    r"|weeknights|nightly|every (?:night|week(?:day|night)?))"
)
_CLOCK = r"(?:\b\d{1,2}(?:[:.]\d\d)?\s?(?:[ap]\.?m\.?|/\d{1,2}c)|\b(?:noon|midnight)\b)"
_TUNE_IN = re.compile(
    r"\b(?:airs?|airing|premieres?|returns?|broadcasts?|available to stream)\b.{0,200}?"
    rf"\b(?:on|at)\b|{_DAYS}\b.{{0,200}}?{_CLOCK}|{_CLOCK}.{{0,200}}?\bon (?-i:[A-Z])",
    re.IGNORECASE,
)
_TUNE_IN_MAX_WORDS = 30
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_STUDY = re.compile(
    rf"source:\s[^/]{{3,200}}?\bonline\s+{_MONTH}\s+\d{{1,2}}\b"
    # "SOURCE: Archives of General Psychiatry, May 2010." (the journal and its issue)
    rf"|source:\s(?:bit\.ly/\S+\s)?[^,/]{{3,80}},\s(?:online\s)?{_MONTH}\s(?:\d{{1,2}},?\s)?"
    r"(?:19|20)\d\d\.?\s*$",
    re.IGNORECASE,
)
_OPEN_COLON = re.compile(r"\b[a-z]+:$")
_PROSE_WORDS = 15
_END_WORDS = 12
_COMMA_ENTRY_WORDS = 25
_NEIGHBOURS = 3
_NAME_WORDS = 4
_ENTRY_WORDS = 6
_NAMES_AROUND = 3


def _is_comma_entry(line: str) -> bool:
    text = line.strip()
    return (
        text.count(",") >= 2
        and not text.endswith((".", "?", "!", ":"))
        and len(text.split()) <= _COMMA_ENTRY_WORDS
    )


def _neighbours(lines: Sequence[str], i: int, direction: int, n: int) -> list[int]:
    out: list[int] = []
    j = next_text(lines, i, direction)
    while j >= 0 and len(out) < n:
        out.append(j)
        j = next_text(lines, j, direction)
    return out


def _is_name(text: str, most: int = _NAME_WORDS) -> bool:
    """A short capitalised entry with no sentence end, digit or colon: "Drake", "Kendrick
    Lamar" (not "Blog Link: …" or a phone number)."""
    return (
        bool(text)
        and text[0].isupper()
        and len(text.split()) <= most
        and not text.endswith((".", "?", "!"))
        and ":" not in text
        and not any(ch.isdigit() for ch in text)
    )


def _among_names(lines: Sequence[str], i: int, flagged: Collection[int]) -> bool:
    # a flagged name among kept names and headings: an entry of a list (nominees)
    if not _is_name(lines[i].strip()):
        return False
    around = _neighbours(lines, i, -1, 2) + _neighbours(lines, i, 1, 2)
    alike = [j for j in around if j not in flagged and _is_name(lines[j].strip(), _ENTRY_WORDS)]
    return len(alike) >= _NAMES_AROUND


def _why_spared(lines: Sequence[str], i: int, flagged: Collection[int]) -> str | None:
    text = lines[i].strip()
    words = len(text.split())
    if words <= _TUNE_IN_MAX_WORDS and _TUNE_IN.search(text):
        return "tune_in"
    if _STUDY.match(text) and "://" not in text:
        return "study_citation"
    before = _neighbours(lines, i, -1, 1)
    if before and words <= _END_WORDS and before[0] not in flagged:
        prose = lines[before[0]].strip()
        if len(prose.split()) >= _PROSE_WORDS and _OPEN_COLON.search(prose):
            return "sentence_end"
    if in_list_run(lines, i, flagged):
        return "list_entry"
    if words <= _NAME_WORDS and _among_names(lines, i, flagged):
        return "list_entry"
    if _is_comma_entry(text):
        around = _neighbours(lines, i, -1, _NEIGHBOURS) + _neighbours(lines, i, 1, _NEIGHBOURS)
        alike = [j for j in around if _is_comma_entry(lines[j])]
        if len(alike) >= 2 and any(j not in flagged for j in alike):
            return "list_entry"
    return None


def spared(lines: Sequence[str], flagged: Collection[int]) -> dict[int, str]:
    """The lines of ``flagged`` (indexes the model scored as promo) that stay, each with
    why (see the module's docstring).

    Examples:
        >>> box = ["Year: 2017", "Director: Jo Doe", "Stars: Al Roe, Di Poe", "Genre: Drama"]
        >>> spared(box, {2})
        {2: 'list_entry'}
        >>> spared(["Follow us for more", "The mayor spoke at length today."], {0})
        {}
    """
    out = {}
    for i in sorted(flagged):
        why = _why_spared(lines, i, flagged)
        if why is not None:
            out[i] = why
    return out


#: A line between two flagged lines goes when the model scored it at this share of its
#: threshold at least (calibrated on the dev outlets: 0.35 removed 36 more promo lines
#: and one more body line of 32,022; 0.25, three more body lines; see docs/line-model.md).
BETWEEN_SHARE = 0.35
_WINNER = re.compile(r"\bwinners?\b", re.IGNORECASE)


def between_flagged(
    lines: Sequence[str],
    scores: Mapping[int, float],
    flagged: Collection[int],
    low: float,
    trimmed: Callable[[int], bool] = lambda j: False,
) -> list[int]:
    """The lines of ``scores`` (index -> model score) below the threshold but at ``low``
    or above whose nearest non-blank lines before and after are both in ``flagged`` and
    go whole (``trimmed`` says a rule only cuts a span of one: "Image zoom HBO" keeps
    "HBO", so it is no promo line around another). A line naming a winner stays (an
    award list's entry, "Moana -- WINNER").

    Examples:
        >>> lines = ["Follow us", "@example", "for the latest", "The mayor spoke today."]
        >>> between_flagged(lines, {0: 0.9, 1: 0.4, 2: 0.8, 3: 0.1}, {0, 2}, 0.3)
        [1]
        >>> between_flagged(lines, {0: 0.9, 1: 0.2, 2: 0.8}, {0, 2}, 0.3)
        []
    """
    out = []
    for first in sorted(flagged):  # walk from each flagged line: work stays with the flags
        pair = _neighbours(lines, first, 1, 2)
        if len(pair) < 2 or pair[0] in flagged or pair[1] not in flagged:
            continue
        i = pair[0]
        if scores.get(i, low - 1) < low or _WINNER.search(lines[i]):
            continue
        if not trimmed(first) and not trimmed(pair[1]):
            out.append(i)
    return out
