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

from collections.abc import Iterable

from ..linemodel.features import LONG_WORDS, STOP_WORDS, line_words

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
