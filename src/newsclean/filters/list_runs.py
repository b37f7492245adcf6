"""Runs of parallel lines: the entries of a list, a fact box or a schedule.

A page lists things line by line in one shape: nominees ("Jane Doe – Show"), a film's
fact box ("Director: …", "Stars: …"), a grid of air times, quoted lines. Such a line is
not promo because a model finds it short and link-like, and two equal entries under two
headings are not a caption printed twice. ``in_list_run`` tells whether a line is one
entry of such a run.

A line's shape is how it opens (a quote mark, a digit, an ALL-CAPS word, a capital, other)
and whether it is built as "X – Y" or "Label: value". A run is at least ``RUN`` non-blank
neighbours of one shape and of like length; an ordinary paragraph (a capital, no dash, no
label) never makes one, however many follow each other.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

#: The fewest lines of one shape that make a run.
RUN = 3
#: How far a run is followed each way: work per line stays bounded (linear pages).
_REACH = 8
#: Lines of a run differ in length by at most this many words, or their own word count.
_LENGTH_SLACK = 6
_QUOTES = "\"“‘'"
_DASHED = (" — ", " – ", " - ")
_LABELLED = re.compile(r"[^:]{1,40}:")
#: Contact blocks and labelled widgets are lists too, but of promo: they make no run.
_NOT_AN_ENTRY = re.compile(
    r"@|https?:|www\.|\d{3}\W\d{3}\W\d{4}|^(?:Headline|Photos?):|Hide Caption", re.IGNORECASE
)

Shape = tuple[str, bool, bool]


def shape(line: str) -> Shape | None:
    """How ``line`` opens and whether it reads "X – Y" or "Label: value"; None if blank.

    Examples:
        >>> shape("Best Drama – The Crown")
        ('u', True, False)
        >>> shape("WINNER Jane Doe – The Crown")
        ('U', True, False)
        >>> shape("Stars: Jane Doe, Al Roe")
        ('u', False, True)
    """
    text = line.strip()
    if not text:
        return None
    first_word = text.split(None, 1)[0]
    lead = text[0]
    if lead in _QUOTES:
        kind = "q"
    elif lead.isdigit():
        kind = "d"
    elif len(first_word) > 1 and first_word.isalpha() and first_word.isupper():
        kind = "U"
    elif lead.isupper():
        kind = "u"
    else:
        kind = "o"
    return kind, any(d in text for d in _DASHED), bool(_LABELLED.match(text))


def next_text(lines: Sequence[str], i: int, direction: int = 1) -> int:
    """The index of the next non-blank line after (``direction`` 1) or before (-1) line
    ``i``, or -1 when there is none.

    Examples:
        >>> next_text(["a", "", "b"], 0), next_text(["a", "", "b"], 2, -1), next_text(["a"], 0)
        (2, 0, -1)
    """
    j = i + direction
    while 0 <= j < len(lines) and not lines[j].strip():
        j += direction
    return j if 0 <= j < len(lines) else -1


def in_list_run(lines: Sequence[str], i: int, gone: Collection[int] = ()) -> bool:
    """True when ``lines[i]`` is an entry of a run of at least ``RUN`` parallel lines
    (see the module's docstring) of which not every line is in ``gone``. The run is
    followed at most ``_REACH`` lines each way.

    Examples:
        >>> box = ["Year: 2017", "Director: Jo Doe", "Stars: Al Roe, Di Poe", "Genre: Drama"]
        >>> in_list_run(box, 2)
        True
        >>> in_list_run(box, 2, gone={0, 1, 2, 3})
        False
        >>> in_list_run(["Stars fell.", "The mayor spoke.", "Rain came."], 1)
        False
    """
    own = shape(lines[i])
    if own is None or _NOT_AN_ENTRY.search(lines[i].strip()):
        return False
    kind, dashed, labelled = own
    if kind not in "qdU" and not (dashed or labelled):
        return False
    words = len(lines[i].split())
    slack = max(_LENGTH_SLACK, words)
    run = [i]
    for direction in (-1, 1):
        j = i
        for _ in range(_REACH):
            j = next_text(lines, j, direction)
            if j < 0 or shape(lines[j]) != own or abs(len(lines[j].split()) - words) > slack:
                break
            run.append(j)
    return len(run) >= RUN and any(j not in gone for j in run)
