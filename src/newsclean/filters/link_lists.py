"""Lists of links under a line that points at them, as ``drop_promo`` finds them.

A page may print a sentence with a link in it ("You can read more about it here.") and
then the linked story's title on a line of its own, or a pointer ("… are listed here:")
and then a short list of link titles. Those titles go (``heuristic.link-list``, detail
``after_pointer``). A list that runs on is the page's own (the winners of every award, a
schedule, what leaves a streaming service this month), whatever points at it, and stays:
``pointed_links`` counts the titles only when their run ends soon after the pointer.

A lead-in that ends the page ("Watch her speech:", "Check it out:") leads into something
the extractor left out: it goes too (``heuristic.dangling-lead-in``, ``dangling_lead_ins``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from ..model import Change
from .list_runs import next_text
from .promo_heuristics import TERMINAL

#: Lines of a link list that may follow one heading or one "… here:" pointer.
LIST_MAX_LINES = 12
#: Link titles a sentence with its link in it ("… read more here.") may have after it.
AFTER_SENTENCE = 2
_LIST_MAX_WORDS = 20
_LINK_MAX_WORDS = 15
_POINTER_ENDS = ("here.", "here:", "Here.", "Here:", "HERE.", "HERE:")
_POINTER_MAX_CHARS = 300
_POINTER = re.compile(r"\b(?:read|watch|see|view|more|find out|listen)\b.*\bhere\s*[.:]$", re.I)
# Where a line's last sentence starts: after the last stop followed by a space.
_SENTENCE_END = re.compile(r".*[.!?]\s+", re.S)
# A numbered entry ("3. Side braids"), a stage direction ("(APPLAUSE)"), a line running on
# in lower case, a lead-in ("Here's what happened") or a time-stamped entry ("11 p.m.: …")
# belongs to the page, whatever points at it.
_NOT_A_LINK = re.compile(
    r"\d{1,3}[.)] |\(|[a-z]|(?i:here(?:'s|’s| is| are)\b|\d{1,2}(?::\d\d)? ?[ap]\.?m\b)"
)
# A sentence ending before the line's end: a title is one sentence.
_INNER_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s")
#: Words a link title has at least under a sentence ending in "here.".
_TITLE_MIN_WORDS = 3


def is_pointer(line: str) -> bool:
    """A short sentence pointing at a link: "You can read more about it here." Only the
    last characters of a short line are searched, so a long paragraph costs nothing.

    Examples:
        >>> is_pointer("You can read more about it here.")
        True
        >>> is_pointer("The mayor was here.")
        False
        >>> is_pointer("We will see. The answers are not here.")
        False
    """
    text = line.strip()
    if len(text) > _POINTER_MAX_CHARS or not text.endswith(_POINTER_ENDS):
        return False
    last = _SENTENCE_END.match(text[:-1])  # the pointer is the last sentence's
    return bool(_POINTER.search(text, last.end() if last else 0))


def is_list_item(line: str) -> bool:
    """A headline-like line in a list of links: short, no sentence-final punctuation."""
    text = line.strip()
    return len(text.split()) <= _LIST_MAX_WORDS and not TERMINAL.search(text[-8:])


def is_list_title(line: str, titled: bool) -> bool:
    """A line in a list of links under a heading ("Read more:"): a headline-like line
    (``is_list_item``), or one headline ending in "!", or in "?" once the list has a
    title (right under the heading, a question may be the page's own subhead).

    Examples:
        >>> is_list_title("Ten Stars Who Said Yes on Live TV!", titled=False)
        True
        >>> is_list_title("Is This the End of the Show?", titled=False)
        False
        >>> is_list_title("Is This the End of the Show?", titled=True)
        True
        >>> is_list_title("Wow. She said yes!", titled=True)
        False
    """
    text = line.strip()
    if is_list_item(text):
        return True
    if len(text.split()) > _LIST_MAX_WORDS or _INNER_SENTENCE_END.search(text):
        return False
    end = text.rstrip("\"'”’)]")
    return end.endswith("!") or (titled and end.endswith("?"))


def is_pointed_link(line: str) -> bool:
    """A line that may be a link's title under a pointer: short and headline-like, and
    not a numbered entry, a stage direction or a line running on in lower case.

    Examples:
        >>> is_pointed_link("Profile of the airline boss")
        True
        >>> is_pointed_link("2. Group training")
        False
    """
    text = line.strip()
    return (
        len(text.split()) <= _LINK_MAX_WORDS
        and is_list_item(text)
        and not text.endswith(":")
        and not _NOT_A_LINK.match(text)
    )


def pointed_links(lines: Sequence[str], index: int, gone: Callable[[int], bool]) -> int:
    """How many link titles follow the pointer ``lines[index]``: the run of link-like
    lines after it when that run ends soon enough (``LIST_MAX_LINES`` after "here:",
    ``AFTER_SENTENCE`` after "here."), else 0. Blank lines and the lines ``gone`` says
    another judge drops are passed over (the next pass will not see them); otherwise the
    search stops one line past the limit.

    Examples:
        >>> page = ["Read more about it here.", "Profile of the boss", "The boss spoke."]
        >>> pointed_links(page, 0, lambda j: False)
        1
        >>> pointed_links(["See the list here:", *["A winner"] * 20], 0, lambda j: False)
        0
    """
    listed = lines[index].rstrip().endswith(":")
    limit = LIST_MAX_LINES if listed else AFTER_SENTENCE
    run = 0
    for j in range(index + 1, len(lines)):
        line = lines[j]
        if not line.strip() or gone(j):
            continue
        if not is_pointed_link(line) or (not listed and len(line.split()) < _TITLE_MIN_WORDS):
            break
        run += 1
        if run > limit:
            return 0
    return run


# A lead-in to something the page no longer holds: an embed, a gallery, a list of links
# ("Watch the trailer:", "Check it out:", "For more, see the clip:", "More from Example:").
_LEAD_IN = re.compile(
    r"(?:now,? |and |so,? |plus,? )?(?:watch|listen to|check (?:it |them )?out|see|view|read"
    r"|revisit|relive|take a look|look back|find out|learn|get more|shop|go behind|catch up)"
    r"\b[^.!?]{0,150}:"
    r"|(?:and )?(?:for|to) (?:more|even more|hear|see|watch)\b[^.!?]{0,120},? "
    r"(?:watch|see|check out|listen to|read|take a look)\b[^.!?]{0,80}:"
    r"|(?:more|also) (?:on|about|from) [^.!?]{1,60}:"
    # "See more Meghan, below." / "Read his full statement below." with nothing below
    r"|(?:now,? |and |so,? |plus,? )?(?:see|check out|watch|read|view|take a look at"
    r"|catch up on|look back at|relive|revisit|hear|listen to|get a look at)"
    r"\b[^.!?]{0,120}\b(?:below|above)[.!:]?"
    # "Here's more on the feud:" / "Here's the video:" with nothing after it
    r"|here['’]?s (?:more|another\b[^.!?]{0,60}\bexclusive|the (?:video|clip|interview"
    r"|full interview|trailer|monologue|footage|performance))\b[^.!?]{0,120}:",
    re.IGNORECASE,
)
#: Words a dangling lead-in has at most.
LEAD_IN_MAX_WORDS = 14


def dangling_lead_ins(lines: Sequence[str]) -> list[int]:
    """The lead-ins ending the page with nothing left to lead into ("Watch the trailer:"
    as the last line, its embed gone), last first; the page's only line is never one.

    Examples:
        >>> dangling_lead_ins(["The mayor spoke.", "", "Watch her speech:", "See more:"])
        [3, 2]
        >>> dangling_lead_ins(["The mayor spoke.", "Read her full statement below."])
        [1]
        >>> dangling_lead_ins(["The mayor spoke.", "Here's the video:"])
        [1]
        >>> dangling_lead_ins(["Watch her speech:", "The mayor spoke."])
        []
    """
    out = []
    i = next_text(lines, len(lines), -1)
    while i >= 0:
        text = lines[i].strip()
        before = next_text(lines, i, -1)
        if before < 0 or len(text.split()) > LEAD_IN_MAX_WORDS or not _LEAD_IN.fullmatch(text):
            break
        out.append(i)
        i = before
    return out


# The last sentence of a paragraph: what follows its last sentence end and a space.
_LAST_SENTENCE = re.compile(r"[.!?][\"”’)]?\s+(?=[^\s])(?!.*[.!?][\"”’)]?\s+\S)")
# "Take a look at them below." points at a list or posts the page may print right above
_AT_PRONOUN = re.compile(
    r"(?:take a look at|see|watch|check out|read) (?:them|it|this|that|these"
    r"|those|him|her) (?:below|above)",
    re.IGNORECASE,
)
_QUOTES = '"“”'


def dangling_tail(lines: Sequence[str]) -> tuple[int, str] | None:
    """The page's last line and what stays of it when its last sentence is a pointer
    at something below or above that the page no longer holds ("… premieres June 3.
    Watch the trailer below."), or None. The pointer has at most ``LEAD_IN_MAX_WORDS``
    words, no quotation marks, and is no pointer at "them" or "it" (a list or posts the
    page prints above).

    Examples:
        >>> dangling_tail(["Intro.", "The show returns in June. Watch the trailer below."])
        (1, 'The show returns in June.')
        >>> dangling_tail(["Intro.", "Fans cried at these tweets. Take a look at them below."])
    """
    i = next_text(lines, len(lines), -1)
    if i < 0 or next_text(lines, i, -1) < 0:
        return None
    line = lines[i].rstrip()
    cut = _LAST_SENTENCE.search(line[-_TAIL_WINDOW:])
    if cut is None:
        return None
    start = len(line) - len(line[-_TAIL_WINDOW:]) + cut.end()
    tail = line[start:]
    if (
        len(tail.split()) > LEAD_IN_MAX_WORDS
        or any(q in tail for q in _QUOTES)
        or not _BELOW.fullmatch(tail)
        or _AT_PRONOUN.match(tail)
    ):
        return None
    return i, line[:start].rstrip()


_TAIL_WINDOW = 200
_TAIL_PASSES = 8
_BELOW = re.compile(
    r"(?:now,? |and |so,? |plus,? )?(?:see|check out|watch|read|view|take a look at"
    r"|catch up on|look back at|relive|revisit|hear|listen to|get a look at)"
    r"\b[^.!?]{0,120}\b(?:below|above)[.!:]?",
    re.IGNORECASE,
)


def drop_dangling(lines: list[str], origins: list[int], step: str) -> list[Change]:
    """Take the lead-ins ending the page out of ``lines`` and ``origins`` (in place), and
    the pointer sentence ending its last line (``dangling_tail``); the changes made
    (``heuristic.dangling-lead-in``, details ``last_line`` and ``last_sentence``)."""
    changes = []
    for _ in range(_TAIL_PASSES):  # a cut may leave a lead-in or another pointer last
        for i in dangling_lead_ins(lines):  # last first: each goes, its index stays valid
            before = lines[i]
            del lines[i]
            changes.append(
                Change(
                    step,
                    origins.pop(i),
                    before,
                    None,
                    "promo",
                    "heuristic.dangling-lead-in",
                    "last_line",
                )
            )
        tail = dangling_tail(lines)
        if tail is None:
            break
        i, rest = tail
        changes.append(
            Change(
                step,
                origins[i],
                lines[i],
                rest,
                "promo_span",
                "heuristic.dangling-lead-in",
                "last_sentence",
            )
        )
        lines[i] = rest
    return changes
