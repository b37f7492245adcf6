"""Whether an all-caps line is the story's own subhead rather than another story's headline.

Case alone cannot tell them apart: "THE ENTRANCE TO PLATFORM NINE-AND-THREE-QUARTERS" heads
a section of a story about King's Cross station, "STREET RACING FARM TRACTOR IMPOUNDED BY
POLICE" is a link to another story. What tells them apart is the words: a subhead names
what the paragraphs around it report, a cross-link names another story. So an all-caps
line is kept as a subhead when most of its content words (their first five letters, so
"station" and "stations" are one) occur in the document's paragraphs of reporting length.

Only paragraphs of at least ``LONG_WORDS`` words count: an all-caps headline is shorter,
so the lines judged never count towards each other, and the verdict cannot depend on
which of them another rule removed. On the labelled dev outlets this keeps 6 of the 12
all-caps body lines the case heuristic removed and 2 of its 47 promo lines; every
cross-link headline there shares at most 0.67 of its words with the story.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from ..linemodel.features import LONG_WORDS, STOP_WORDS, line_words
from .promo_heuristics import TERMINAL

if TYPE_CHECKING:
    from ..model import Change

CAPS_RULE = "heuristic.allcaps-headline"
#: Three or more all-caps lines each followed by a short line that is no sentence are the
#: headings of a list of the article's own (award categories and their winners).
SIBLINGS = 3
_ENTRY_WORDS = 12

#: The share of a line's content words the story's paragraphs must hold.
MIN_SHARE = 0.75
#: A line needs this many content words to be judged a subhead by its words.
MIN_CONTENT = 2
_STEM = 5


def _stems(words: Iterable[str]) -> set[str]:
    return {w[:_STEM] for w in words if len(w) > 3 and w not in STOP_WORDS}


def story_stems(lines: Iterable[str]) -> frozenset[str]:
    """The content-word stems of the document's paragraphs of reporting length.

    Examples:
        >>> "stati" in story_stems(["Trains left the station on time " * 5])
        True
        >>> story_stems(["A short line about the station"])
        frozenset()
    """
    out: set[str] = set()
    for line in lines:
        if line.count(" ") + 1 < LONG_WORDS:
            continue  # too few words, whatever the split: not a paragraph of reporting
        words = line_words(line)
        if len(words) >= LONG_WORDS:
            out |= _stems(words)
    return frozenset(out)


def is_own_subhead(line: str, story: frozenset[str]) -> bool:
    """Whether ``line`` shares at least ``MIN_SHARE`` of its content words (and at least
    ``MIN_CONTENT`` of them) with the story's paragraphs (``story_stems``).

    Examples:
        >>> story = story_stems(["Visitors queue at King's Cross station for the Harry " * 3])
        >>> is_own_subhead("THE END OF YOUR HARRY POTTER TOUR AT KING'S CROSS", story)
        False
        >>> is_own_subhead("WHY VISITORS QUEUE AT KING'S CROSS STATION", story)
        True
    """
    stems = _stems(line_words(line))
    if len(stems) < MIN_CONTENT:
        return False
    return sum(1 for s in stems if s in story) >= MIN_SHARE * len(stems)


def keep_subheads(
    lines: Sequence[str], origins: Sequence[int], changes: Sequence[Change]
) -> tuple[list[str], list[int], list[Change]]:
    """Put back the all-caps lines the case heuristic removed that are the article's own:

    - its words are the story's (``is_own_subhead``);
    - the headings of a list of the article's own: ``SIBLINGS`` or more of them, each
      followed by a short line that is no sentence (a category and its winner);
    - a line of a title printed in capitals over several lines before the story's first
      paragraph, beside an all-caps line that stays.

    The lines put back are shorter than a paragraph of reporting, so the story they are
    judged by is the same when the output is cleaned again.
    """
    caps = {c.line_no: c.before for c in changes if c.rule == CAPS_RULE}
    if not caps:
        return list(lines), list(origins), list(changes)
    kept = dict(zip(origins, lines, strict=True))
    story = story_stems(lines)
    back = {n for n, text in caps.items() if story and is_own_subhead(text, story)}
    text_of = {c.line_no: c.before for c in changes if c.after is None}
    text_of.update(kept)
    order = sorted(text_of)
    filled = [n for n in order if text_of[n].strip()]
    after = dict(itertools.pairwise(filled))
    before = {b: a for a, b in after.items()}

    def is_entry(n: int | None) -> bool:  # a kept short line that is no sentence
        text = kept.get(n, "").strip() if n is not None else ""
        if not text or len(text.split()) > _ENTRY_WORDS:
            return False
        # a list entry may end on a mark ("Jane Doe, Example Film - WINNER!"), not a sentence
        return not TERMINAL.search(text) or text.endswith("!")

    headings = [n for n in caps if is_entry(after.get(n))]
    if len(headings) >= SIBLINGS:
        back.update(headings)
    first_long = next((n for n in order if len(kept.get(n, "").split()) >= LONG_WORDS), None)
    grew = True
    while grew:  # a title over several lines: each line beside one that stays
        grew = False
        for n in caps:
            if n in back or (first_long is not None and n > first_long):
                continue
            for m in (before.get(n, -1), after.get(n, -1)):
                text = (kept.get(m) or (caps[m] if m in back else "")).strip()
                if len(text.split()) >= 2 and text.isupper():
                    back.add(n)
                    grew = True
                    break
    if not back:
        return list(lines), list(origins), list(changes)
    pairs = sorted([*zip(origins, lines, strict=True), *((n, caps[n]) for n in back)])
    rest = [c for c in changes if not (c.line_no in back and c.rule == CAPS_RULE)]
    return [line for _, line in pairs], [origin for origin, _ in pairs], rest
