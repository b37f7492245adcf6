"""Lines the caption step found alike that a list shows are not copies.

A line may join a group as a copy when it stands almost whole inside the group's first
line, or the first inside it, even though a name or a number differs outside that
stretch: a quote and the paragraph that reports it ("…," the mayor said). A list is built
the same way: a heading and its entries ("BEST ACTOR IN A DRAMA" / "Best Actor in a Drama
– Jane Doe"), or two entries of which one adds a mark ("… – WINNER!"). Collapsing those
loses entries, or moves a mark onto another entry. ``spared`` picks the members that
only extend the first line:

- when two or more members extend the first line, the group is a list: all stay;
- one member that extends the first line stays when more than ``NEAR`` non-blank lines
  stand between them: a quote and its report sit side by side;
- in a transcript (at least ``SPEAKERS`` lines open with a speaker's name in capitals,
  "AUDIENCE MEMBER: …"), a member that opens with a speaker's name stays: people say the
  same thing twice;
- a member that is an entry of a list (``list_runs.in_list_run``: nominees, a schedule, a
  fact box; or a short line without a sentence's mark next to another, ``_entry``) stays
  when the first line is one too and more than ``NEAR`` non-blank lines stand between
  them: the same entry under two headings ("Get Out – Jordan Peele" as a screenplay and as
  a director's nominee; a song that wins two categories) is no caption printed twice.

Members that equal the first line, up to case, punctuation and a credit, are copies and
are never spared as extending it; only the list-entry test above keeps such a line, where
it stands in another list.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from .caption_text import _WORD, analyse
from .list_runs import in_list_run, next_text
from .promo_heuristics import TERMINAL

#: The step's own test of two word lists (``captions.names_differ``), passed in.
Differ = Callable[[Sequence[str], Sequence[str]], bool]

#: A line that extends another collapses with it only this close (non-blank lines between).
NEAR = 2
#: Lines opening with a speaker's name that make a page a transcript.
SPEAKERS = 3
#: Words a list entry has at most (``_entry``).
ENTRY_WORDS = 15
_GALLERY_COUNTER = re.compile(r"\b\d{1,3}/\d{1,3}\b")
_SPEAKER = re.compile(r"[A-Z][A-Z.'’ -]{1,39}: ")


def _extends(a: str, b: str, differ: Differ) -> bool:
    """True when a capitalised word or a number stands in one line and not the other,
    compared over as many words as the shorter has when one copy was cut short."""
    ka, kb = analyse(a), analyse(b)
    n = min(len(ka.folded), len(kb.folded)) if ka.truncated != kb.truncated else None
    return differ(_WORD.findall(ka.base)[:n], _WORD.findall(kb.base)[:n])


def _far(lines: Sequence[str], a: int, b: int) -> bool:
    between = 0
    for j in range(min(a, b) + 1, max(a, b)):
        if lines[j].strip():
            between += 1
            if between > NEAR:
                return True
    return False


def _is_transcript(lines: Sequence[str]) -> bool:
    count = 0
    for line in lines:
        if _SPEAKER.match(line.lstrip()):
            count += 1
            if count >= SPEAKERS:
                return True
    return False


def spared(lines: Sequence[str], members: Sequence[int], differ: Differ) -> set[int]:
    """The members (indexes into ``lines``, the first one first) that stay out of the
    group: see the module's docstring. ``differ`` tells two lines' words apart by their
    names and numbers (``captions.names_differ``).

    Examples:
        >>> heading = "BEST SUPPORTING ACTOR IN A LIMITED SERIES OR A MOVIE"
        >>> rows = [heading, "Best Supporting Actor in a Limited Series or a Movie – Jo Doe",
        ...         "Best Supporting Actor in a Limited Series or a Movie – Al Roe"]
        >>> from newsclean.filters.captions import names_differ
        >>> sorted(spared(rows, [0, 1, 2], names_differ))
        [0, 1, 2]
    """
    first = lines[members[0]]
    extending = [i for i in members[1:] if _extends(first, lines[i], differ)]
    if len(extending) >= 2:
        return set(members)
    out = {i for i in extending if _far(lines, members[0], i)}
    said = [i for i in members if _SPEAKER.match(lines[i].lstrip())]
    if said and _is_transcript(lines):
        out.update(said)
    first_index = members[0]
    if in_list_run(lines, first_index):
        out.update(i for i in members[1:] if _far(lines, first_index, i) and in_list_run(lines, i))
    if first_index != next_text(lines, -1, 1) and _entry(lines, first_index):
        out.update(
            i
            for i in members[1:]
            if _far(lines, first_index, i)
            and _entry(lines, i)
            and _other_neighbours(lines, first_index, i)
        )
    return out


def _other_neighbours(lines: Sequence[str], a: int, b: int) -> bool:
    """Whether lines ``a`` and ``b`` stand after or before other lines: the same entry in
    two lists, not a line inside one block (a gallery, a chorus) printed twice."""
    return any(
        lines[next_text(lines, a, d)].strip() != lines[next_text(lines, b, d)].strip()
        or next_text(lines, a, d) < 0
        for d in (-1, 1)
    )


def _entry(lines: Sequence[str], i: int) -> bool:
    """A short line that ends without a sentence's mark, next to another such line: an
    entry of a list printed one entry a line ("Jane Doe, “Song”" among the nominees)."""
    if not _is_short_entry(lines[i]):
        return False
    before, after = next_text(lines, i, -1), next_text(lines, i, 1)
    return (before >= 0 and _is_short_entry(lines[before])) or (
        after >= 0 and _is_short_entry(lines[after])
    )


def _is_short_entry(line: str) -> bool:
    text = line.strip()
    return (
        0 < len(text.split()) <= ENTRY_WORDS
        and not TERMINAL.search(text[-8:])
        and not analyse(text).credit  # a photo's caption, printed twice by a gallery
        and not _GALLERY_COUNTER.search(text)  # "… Getty Images 3/54 …": a slide
    )


# A caption's leading label: one to four words, the first capitalised and the rest in lower
# case, ending in ":" or "!" ("Tense:", "The moment:", "Hello, gorgeous!"), so a speaker
# ("SMITH:", "Jane Doe:", "Q:") is none.
_CAPTION_LEAD = re.compile(r"[A-Z][a-z'’]+(?:,? [a-z'’]+){0,3}[:!] ")


def bare_copy(lines: Sequence[str], members: Sequence[int]) -> int | None:
    """The first later member that prints the first member's text without the caption
    label it opens with, or None: a page that prints a photo's caption ("Tense: The mayor
    walked out …") before the paragraph it repeats keeps the paragraph in its place.

    Examples:
        >>> bare_copy(["Tense: The mayor walked out.", "x", "The mayor walked out."], [0, 2])
        2
        >>> bare_copy(["Jane Doe: We will win.", "We will win."], [0, 1]) is None
        True
    """
    first = lines[members[0]].lstrip()
    label = _CAPTION_LEAD.match(first)
    if label is None:
        return None
    lead = first[: label.end()]
    return next((i for i in members[1:] if not lines[i].lstrip().startswith(lead)), None)
