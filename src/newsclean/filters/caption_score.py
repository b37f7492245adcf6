"""Pairs the caption gate scores outright rather than bounds: few, so rapidfuzz's own
score costs less than one more numpy test, and it is exact (``match_score`` scores them
the same way, so a pair scoring below the cutoff can never match).

Split out of ``caption_quick`` so each reads in one sitting.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz

from .caption_text import _WORD

#: Score the few pairs left after the count test outright (``scored_pairs``) rather than
#: bound their bigram counts; False always takes the bigram test (a looser bound: the
#: collapser's output is the same either way).
FAST_SCORE = True
# Most pairs scored outright; past them, the bigram test.
SCORED = 64


def scored_pairs(
    texts: Sequence[str], i: npt.NDArray[np.intp], j: npt.NDArray[np.intp], score_cutoff: float
) -> npt.NDArray[np.bool_]:
    """The few pairs left, scored outright on their keys as ``match_score`` scores two
    whole lines (a pair scoring less can never match; a line cut short is scored against
    a whole one by ``cut_flags``)."""
    flagged = np.zeros(len(texts), bool)
    keys: dict[int, str] = {}
    for a, b in zip(i.tolist(), j.tolist(), strict=True):
        if flagged[a] and flagged[b]:
            continue
        if a not in keys:
            keys[a] = " ".join(_WORD.findall(texts[a].casefold()))
        if b not in keys:
            keys[b] = " ".join(_WORD.findall(texts[b].casefold()))
        short, long = sorted((len(keys[a]), len(keys[b])))
        if short * (200.0 - score_cutoff) < score_cutoff * long:
            continue  # as match_score: too different in length to reach the cutoff
        if fuzz.ratio(keys[a], keys[b], score_cutoff=score_cutoff):
            flagged[a] = flagged[b] = True
    return flagged


# Most pairs of a line cut short and a whole one scored directly in a document.
CUT_PAIRS = 4096


def cut_flags(
    texts: Sequence[str],
    cut: Sequence[bool],
    score_cutoff: float,
    fuzzy: Sequence[bool] | None = None,
) -> list[bool] | None:
    """The lines of the pairs (one cut short, one not) whose keys' first ``n`` words
    (``n`` the fewer of the two) score at least ``score_cutoff``, as ``match_score``
    compares them: scored outright (cut lines are rare), on ``prepare``'s texts (a cut
    line's is its key; a whole line's words, case folded, are its key's). A whole line
    marked False in ``fuzzy`` is matched only on an equal key (``caption_quick.may_pair``
    sees to it) and left out. None past ``CUT_PAIRS`` pairs."""
    cuts = [k for k, c in enumerate(cut) if c]
    wholes = [k for k, c in enumerate(cut) if not c and (fuzzy is None or fuzzy[k])]
    if len(cuts) * len(wholes) > CUT_PAIRS:
        return None
    words = {k: texts[k].split() for k in cuts}
    most = max(map(len, words.values()))  # no more of a whole line's words are compared
    limit = 8 * most + 64  # characters that usually hold one word more
    for k in wholes:
        text = texts[k]
        found = _WORD.findall(text[:limit].casefold()) if len(text) > limit else []
        if len(found) <= most:  # (the words found before the last are whole words)
            found = _WORD.findall(text.casefold())
        words[k] = found[: most + 1]  # one more: n is then the cut line's word count
    flags = [False] * len(texts)
    for a in cuts:
        for b in wholes:
            other = words[b]
            n = min(len(words[a]), len(other))
            if not n:
                continue
            one, two = " ".join(words[a][:n]), " ".join(other[:n])
            short, long = sorted((len(one), len(two)))
            if short * (200.0 - score_cutoff) < score_cutoff * long:
                continue  # as match_score: too different in length to reach the cutoff
            if fuzz.ratio(one, two, score_cutoff=score_cutoff):
                flags[a] = flags[b] = True
    return flags
