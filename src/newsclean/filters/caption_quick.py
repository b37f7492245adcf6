"""The caption gate's lean path: ``caption_gate.gate``'s job, cheaper and stricter.

``caption_gate`` rules out the lines of a document that cannot repeat another, testing all
pairs of keys in numpy. This module does the same job for less, and rules out more:

- **No case folding per line.** A key's characters are classed after case folding
  (``caption_gate._char_class`` of the folded text). Case folding is context-free and maps
  almost every character to one character, so the class of a folded character is a
  function of the character as written (``_raw_class``): the lean path classes the text
  as written, saving ``str.casefold`` on every line (slow on non-ASCII text). The 104
  characters that fold to more than one ("ß" -> "ss") are marked; a document holding one
  is folded and goes to ``caption_gate.may_pair`` (rare).
- **A lean per-line preparation** (``prepare``): the common line (no caption label, no
  truncation marker, no character a credit pattern needs near its end) is its own key
  text, found with a few string tests; the others go through ``caption_text`` as before.
- **One stronger test, fewer numpy calls** (``may_pair``): the counts of a key's
  characters by class, spaces included, in place of the length and letter tests; an
  ASCII document is classed by ``bytes.translate``; the bigram test only on the few
  texts of the pairs left.
- **Lines matched only on an equal key** (shorter than ``min_length``, or longer than
  ``FUZZY_MAX_LENGTH``): the collapser never compares them on similarity, so they are
  flagged only when another line's counts equal theirs.
- **Long documents** (``lonely``): past the 64 lines compared exhaustively, the lines
  that can repeat nothing are named, so the collapser files them without searching.

A line cut short is compared with a whole one on as many words as the shorter has: those
pairs (rare) are scored outright (``caption_score.cut_flags``), all others as above.
Every verdict is a necessary condition of a match, so the collapser's output is the
plain path's (tests/test_fast_captions_quick.py).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from . import caption_gate, caption_score
from .caption_gate import (
    _CLASSES,
    _EDGE_BIGRAMS,
    _SLACK,
    GATE_FROM,
    GateNotes,
    Prepared,
    _pairs,
    prepared_lines,
    verdicts_again,
)
from .caption_text import (
    _CAPTION_LABEL,
    _SIGNATURE,
    _TAIL,
    analyse,
    split_credit,
    strip_truncation,
)

#: Take the lean path in ``gate`` and ``lonely``; False runs ``caption_gate.gate`` (and
#: no ``lonely``): the slow oracle, with the same text and changes.
FAST_QUICK = True

# The reductions, called as ufunc methods (no Python wrapper: these arrays are small).
_SUM = np.add.reduce
_MAX = np.maximum.reduce
# ``_raw_class`` of a character whose case folding is more than one character.
_EXPANDS = 255
# The characters that may start an embed signature ("\s*[—–]"): a dash or a space.
_DASHES = "—–"
# The ASCII characters a widget word can end in (``caption_text._WIDGET_ENDS``), and "".
_WIDGET_ENDS = "eEgGdD"


def _raw_class(code: int) -> int:
    """``caption_gate._char_class`` of the case folding of ``chr(code)``, or
    ``_EXPANDS`` when that folding is longer than one character."""
    folded = chr(code).casefold()
    if len(folded) != 1:
        return _EXPANDS
    return caption_gate._char_class(ord(folded))


_raw_table: list[npt.NDArray[np.uint8]] = []


def _raw_bmp() -> npt.NDArray[np.uint8]:
    """``_raw_class`` of every code point below 0x10000 (built once, a few ms)."""
    if not _raw_table:
        _raw_table.append(np.fromiter(map(_raw_class, range(0x10000)), np.uint8, 0x10000))
    return _raw_table[0]


# ``_raw_class`` of each ASCII byte, as a ``bytes.translate`` table (no ASCII character
# folds to another class or expands; the upper half is never looked up).
_ASCII_TABLE = bytes([_raw_class(b) for b in range(128)] + [0] * 128)


def raw_classes(codes: npt.NDArray[np.uint32]) -> npt.NDArray[np.uint8]:
    """``_raw_class`` of each code point in ``codes``."""
    table = _raw_bmp()
    if not codes.size or codes.max() < 0x10000:
        return np.take(table, codes)
    astral = codes >= 0x10000
    out = np.take(table, np.where(astral, 0, codes))
    rare, where = np.unique(codes[astral], return_inverse=True)  # emoji, mostly: few
    out[astral] = np.fromiter(map(_raw_class, rare.tolist()), np.uint8, rare.size)[where]
    return out


def prepare(line: str) -> Prepared:
    """``caption_gate.prepare`` without the case folding of a line not cut short: a text
    whose words, case folded, are the key; None for an embed signature.

    The common line (no caption label, no truncation marker, no credit pattern that can
    match) is its own key text, found with a few string tests; each test lets through
    every line on which ``caption_text`` could change something.
    """
    first = line[:1]
    if (first in _DASHES or first.isspace()) and _SIGNATURE.match(line):
        return None
    text = line.rstrip()
    last = text[-1:]
    if (
        text.endswith("...") or (last in _WIDGET_ENDS if last.isascii() else last == "…")
        # no other non-ASCII character folds to anything ending in a widget word's last
        # letter (e, g, d): a line ending in one is never cut short
    ):
        whole = strip_truncation(line)
        if whole != text:  # cut short: rare, so analysed in full
            return (analyse(line).key, True)
    if first in "IiPpCcMm" and line[1:2] in "mMhHeEaA":  # "Image", "Photo", "Media", "Caption"
        text = _CAPTION_LABEL.sub("", text)
    # what each credit pattern needs (caption_text._TRAILING_CREDITS, in order)
    if (
        last == ")"
        or (":" in text[-82:] and _credit_colon(text))
        or "|" in text[-82:]
        or ("/" in text[-_SLASH_TAIL:] and _credit_slash(text[-_SLASH_TAIL:]))
        or last.isdigit()
        or (last.isupper() and "-" in text[-_TAIL:])
    ):
        text = split_credit(text)[0]
    return (text, False)


# The words before a credit's colon ("Photo: X", "Mandatory Credit: X", "Photo credit: X").
_COLON_WORDS = ("Credit", "credit", "Photograph", "Photo", "Picture", "Image", "Source")
# An agency credit's "Name/Agency" ends the line within this many characters of its slash.
_SLASH_TAIL = 53


def _credit_colon(text: str) -> bool:
    """Whether "Photo: X" may end ``text``: its last colon has 1 to 81 characters after
    it, and one of ``_COLON_WORDS`` (and at most one space) before it."""
    colon = text.rfind(":")
    if not 1 <= len(text) - colon - 1 <= 81:
        return False
    head = text[:colon]
    if head[-1:].isspace():
        head = head[:-1]
    return head.endswith(_COLON_WORDS)


def _credit_slash(tail: str) -> bool:
    """Whether "Name/Agency" may end the line whose last characters are ``tail``: a
    slash followed by an ASCII capital."""
    slash = tail.find("/")
    while slash >= 0:
        after = tail[slash + 1 : slash + 2]
        if "A" <= after <= "Z":
            return True
        slash = tail.find("/", slash + 1)
    return False


def _classes(blob: str) -> npt.NDArray[np.uint8] | None:
    """``_raw_class`` of each character of ``blob``; None if one folds to several."""
    if blob.isascii():
        return np.frombuffer(blob.encode("ascii").translate(_ASCII_TABLE), np.uint8)
    wide = blob.encode("utf-16-le", "surrogatepass")
    if len(wide) == 2 * len(blob):  # no character past 0xFFFF: one unit each
        cls = _raw_bmp().take(np.frombuffer(wide, np.uint16))
    else:
        cls = raw_classes(np.frombuffer(blob.encode("utf-32-le", "surrogatepass"), np.uint32))
    return None if _MAX(cls) == _EXPANDS else cls


# Up to this many texts, all pairs are tested on n x n x 41 arrays at once; past it, the
# pairs of near lengths are picked out first.
_BROADCAST = 8
# Most lines ``caption_gate.may_pair`` (every pair, in memory at once) is asked about.
GATE_UP_TO = 64
# Up to this many texts, every pair's lengths are compared; past it, the pairs of near
# lengths are picked out first (``_near_pairs``).
_ALL_PAIRS = 64
# Past ``_ALL_PAIRS`` texts, the most pairs near in length, on average per text, for
# which the gate answers (the work stays linear in the number of lines).
_PAIRS_PER_TEXT = 64
# Pairs whose letter counts are compared at once (bounds the memory of a long document).
_CHUNK = 8192
_STEP: list[npt.NDArray[np.intp]] = []


def _owners(n: int) -> npt.NDArray[np.intp]:
    """``0, 41, 82, …`` for ``n`` segments (a slice of one array kept for all sizes)."""
    if not _STEP or _STEP[0].size < n:
        _STEP[:] = [np.arange(0, max(n, 128) * _CLASSES, _CLASSES)]
    return _STEP[0][:n]


def may_pair(
    texts: Sequence[str],
    score_cutoff: float,
    short_min: int,
    fuzzy: Sequence[bool] | None = None,
    lengths: list[int] | None = None,
) -> list[bool] | None:
    r"""For each text (none cut short), whether another's key may score at least
    ``score_cutoff`` against its own: a subset of ``caption_gate.may_pair``'s answer on
    the texts case folded, never leaving out a line that can score so. None when a text
    holds a character whose folding is longer than one (the caller folds and asks again)
    or, past 64 texts, too many are near in length (``_near_pairs``: no answer).
    With ``fuzzy``, a text marked False is one the collapser matches only on an equal
    key: it is flagged only when another text's counts equal its own. ``lengths``, if
    given, is extended with each text's key length.

    One test takes the place of ``caption_gate``'s length and letter tests, and is
    stronger than both: the counts of a key's characters by class, its spaces (words
    less one) a class of their own, differ by at most the allowed distance in sum
    (every character the alignment leaves unmatched is one deleted or inserted; the key
    length differs by at most that sum). Then ``caption_gate``'s bigram test.

    The texts are laid end to end, each after a newline (class 0): a text's segment is
    that newline and the text. One ``bincount`` counts each segment's classes, another
    the characters outside words that a word follows (one per word).
    """
    n = len(texts)
    cls = _classes("\n".join(["", *texts, ""]))
    if cls is None:
        return None
    lens = [len(text) + 1 for text in texts]
    lens.append(1)  # the closing newline, a segment of its own
    owner = _owners(n + 1).repeat(lens)
    space = cls == 0
    starts = owner[:-1][space[:-1] > space[1:]]  # a word follows: the segment's slot 0
    owner += cls
    counts = np.bincount(owner, minlength=(n + 1) * _CLASSES).reshape(n + 1, _CLASSES)[:n]
    words = np.bincount(starts, minlength=(n + 1) * _CLASSES)[: n * _CLASSES : _CLASSES]
    np.maximum(words - 1, 0, out=counts[:, 0])  # a key's spaces, in place of class 0
    key_len = _SUM(counts, axis=1)
    if lengths is not None:
        lengths.extend(key_len.tolist())
    eligible = key_len >= max(short_min, 1)
    flagged = np.zeros(n, bool)
    short = [] if fuzzy is None else [k for k, wide in enumerate(fuzzy) if not wide]
    if short:
        rows = eligible.nonzero()[0]
        eligible[short] = False
        if rows.size > np.count_nonzero(eligible):  # a text matched only on an equal key
            flagged[_equal_counts(counts, rows)] = True
    chosen = eligible.nonzero()[0]
    if chosen.size < 2:
        return flagged.tolist()
    if chosen.size < n:
        counts, key_len = counts[chosen], key_len[chosen]
    near = _near_counts(counts, key_len, score_cutoff)
    if near is None:
        return None
    i, j, dist = near
    if i.size and (caption_score.FAST_SCORE and i.size <= caption_score.SCORED):
        flagged |= caption_score.scored_pairs(texts, chosen[i], chosen[j], score_cutoff)
    elif i.size:
        flagged |= _bigram_pairs(texts, chosen[i], chosen[j], dist)
    return flagged.tolist()


# Random integer weights: a text's counts, weighted and summed (in integers: exact, no
# rounding that could differ from one row to another), equal another's when the counts
# do (and, but for a chance collision, only then: a collision only flags a line more).
_HASH = np.random.default_rng(18).integers(1, 2**31, _CLASSES, dtype=np.int64)


def _equal_counts(counts: npt.NDArray[np.int64], rows: npt.NDArray[np.intp]) -> list[int]:
    """Those of ``rows`` whose counts equal another's (or collide with them)."""
    sums = (counts[rows] @ _HASH).tolist()
    seen = Counter(sums)
    return [row for row, total in zip(rows.tolist(), sums, strict=True) if seen[total] > 1]


def _near_counts(
    counts: npt.NDArray[np.int64], key_len: npt.NDArray[np.int64], score_cutoff: float
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp], npt.NDArray[np.floating[Any]]] | None:
    """The pairs (i < j) whose counts differ by at most the distance ``dist`` that
    ``score_cutoff`` allows; ``dist`` for each, in caption_gate's float arithmetic.
    None when too many pairs are near in length (``_near_pairs``)."""
    m = key_len.size
    share = (100.0 - score_cutoff) / 100.0
    dist: npt.NDArray[np.floating[Any]]
    if m <= _BROADCAST:
        dist = (key_len[:, None] + key_len[None, :]) * share + _SLACK
        near = _SUM(np.abs(counts[:, None, :] - counts[None, :, :]), axis=2) <= dist
        near &= _upper(m)
        i, j = near.nonzero()
        return i, j, dist[i, j]
    pairs = _pairs(m) if m <= _ALL_PAIRS else _near_pairs(key_len, share)
    if pairs is None:
        return None
    i, j = pairs
    dist = (key_len[i] + key_len[j]) * share + _SLACK
    near = np.abs(key_len[i] - key_len[j]) <= dist
    i, j, dist = i[near], j[near], dist[near]
    near = np.concatenate(
        [
            _SUM(np.abs(counts[i[k : k + _CHUNK]] - counts[j[k : k + _CHUNK]]), axis=1)
            <= dist[k : k + _CHUNK]
            for k in range(0, max(i.size, 1), _CHUNK)
        ]
    )
    return i[near], j[near], dist[near]


def _near_pairs(
    key_len: npt.NDArray[np.int64], share: float
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]] | None:
    """Every pair of texts whose key lengths may differ by the allowed distance (a
    superset, by a margin against rounding): texts sorted by length, each paired with
    the ones after it up to the longest it can be near. None past ``_PAIRS_PER_TEXT``
    pairs a text on average."""
    m = key_len.size
    order = np.argsort(key_len, kind="stable")
    ordered = key_len[order]
    # lb - la <= (la + lb) * share + slack  <=>  lb <= (la (1 + share) + slack) / (1 - share)
    reach = (ordered * (1.0 + share) + _SLACK) / (1.0 - share) + 1.0
    ends = np.searchsorted(ordered, reach, side="right")
    firsts = np.arange(1, m + 1)
    counts = np.maximum(ends - firsts, 0)
    total = int(counts.sum())
    if total > _PAIRS_PER_TEXT * m:
        return None  # lines of much the same length: too many pairs to stay linear
    left = np.repeat(np.arange(m), counts)
    right = np.arange(total) - np.repeat(np.cumsum(counts) - counts - firsts, counts)
    return order[left], order[right]


_UPPER: dict[int, npt.NDArray[np.bool_]] = {}


def _upper(n: int) -> npt.NDArray[np.bool_]:
    """The ``n`` by ``n`` mask of the pairs (i < j); kept for the sizes the gate sees."""
    mask = _UPPER.get(n)
    if mask is None:
        mask = np.triu(np.ones((n, n), bool), 1)
        if n <= 128:
            _UPPER[n] = mask
    return mask


def _bigram_pairs(
    texts: Sequence[str],
    i: npt.NDArray[np.intp],
    j: npt.NDArray[np.intp],
    dist: npt.NDArray[np.floating[Any]],
) -> npt.NDArray[np.bool_]:
    """``caption_gate.may_pair``'s bigram test on the pairs (i, j): each text's bigrams
    read with every character outside a word as a space (class 0), space pairs left out:
    the key's, plus (space, first) and (last, space); the first text has no space before
    it there, so none here either."""
    n = len(texts)
    some = sorted(set(i.tolist()) | set(j.tolist()))  # the few texts some pair compares
    chosen = [texts[k] for k in some]
    cls = _classes("\n" + "\n".join(chosen) + "\n")
    assert cls is not None  # the same characters as before
    lens = [len(text) + 1 for text in chosen]
    lens.append(1)
    m = len(chosen)
    pair_class = cls[:-1].astype(np.int64) * _CLASSES + cls[1:]
    pair_class += np.repeat(np.arange(0, (m + 1) * _CLASSES**2, _CLASSES**2), lens)[:-1]
    if some[0] == 0:
        pair_class[0] = 0  # no (space, first) for the first text: the space, space slot
    bigrams = np.bincount(pair_class, minlength=(m + 1) * _CLASSES**2)
    bigrams = bigrams.reshape(m + 1, _CLASSES**2)[:m, 1:]  # column 0: space, space
    row = {k: r for r, k in enumerate(some)}
    left, right = [row[k] for k in i.tolist()], [row[k] for k in j.tolist()]
    keep = _SUM(np.abs(bigrams[left] - bigrams[right]), axis=1) <= 3.0 * dist + _EDGE_BIGRAMS
    flagged = np.zeros(n, bool)
    flagged[i[keep]] = True
    flagged[j[keep]] = True
    return flagged


def gate(
    lines: Sequence[str],
    *,
    score_cutoff: float,
    scorer: str,
    short_min: int,
    exhaustive_up_to: int,
    notes: GateNotes,
    fuzzy_lengths: tuple[int, int] | None = None,
) -> list[int] | None:
    """``caption_gate.gate`` on the lean path (see the module's doc): the indexes of the
    lines that may repeat another (when no line is cut short, a subset of
    ``caption_gate.gate``'s), or None when the gate does not apply. ``fuzzy_lengths``
    (shortest, longest): the lengths of a line's text, its label, truncation and credit
    set aside, that the collapser matches on similarity; a line outside them only ever
    joins an equal key (None: every line)."""
    if not FAST_QUICK:
        return caption_gate.gate(
            lines,
            score_cutoff=score_cutoff,
            scorer=scorer,
            short_min=short_min,
            exhaustive_up_to=exhaustive_up_to,
            notes=notes,
        )
    if scorer != "ratio":
        return None
    candidates = [index for index, line in enumerate(lines) if len(line) >= short_min]
    if len(candidates) < 2:
        return []  # nothing to pair
    if not GATE_FROM <= len(candidates) <= exhaustive_up_to:
        return None  # as caption_gate.gate (see there)
    verdicts = _verdicts(lines, candidates, score_cutoff, short_min, notes, fuzzy_lengths)
    assert verdicts is not None
    return [k for k, flag in verdicts.items() if flag]


def lonely(
    lines: Sequence[str],
    *,
    score_cutoff: float,
    scorer: str,
    short_min: int,
    exhaustive_up_to: int,
    notes: GateNotes,
    fuzzy_lengths: tuple[int, int],
) -> tuple[set[int], set[int], set[int]] | None:
    """For a document with more than ``exhaustive_up_to`` lines of ``short_min``
    characters or more (where ``gate`` does not apply): the lines that can repeat no
    other line and that no other line can repeat, in three sets of indexes.

    ``find_groups`` skips the first: lines it never compares (a key too short), or
    matches only on an equal key (see ``gate``). It files the second: lines it matches on
    similarity, standing between the first and the last line that may repeat another, so
    their groups fill buckets those lines search. The third, the same but standing before
    the first or after the last such line, it only counts (the count says when it starts
    blocking): a group filed before every searching line's is older than theirs and never
    pushes one out of a bucket; one filed after the last search is never looked at.

    None for another scorer than ``ratio``, a character that folds to several, or too
    many lines near in length or cut short (rare: every line is then searched)."""
    if not FAST_QUICK or scorer != "ratio":
        return None
    candidates = [index for index, line in enumerate(lines) if len(line) >= short_min]
    if len(candidates) <= exhaustive_up_to:
        return None
    verdicts = _verdicts(lines, candidates, score_cutoff, short_min, notes, fuzzy_lengths)
    lengths, prepared = notes.lengths, notes.raw
    if verdicts is None or not all(lines[k] in lengths for k in verdicts):
        return None  # (no key lengths: caption_gate.may_pair gave the verdicts)
    searched = [k for k, flag in verdicts.items() if flag]
    if not searched:  # no group will have two lines: nothing to file or count
        return set(verdicts), set(), set()
    shortest, longest = fuzzy_lengths
    skip: set[int] = set()
    filed: set[int] = set()
    counted: set[int] = set()
    for k, flag in verdicts.items():
        if flag:
            continue
        line = lines[k]
        text, cut = prepared[line]  # type: ignore[misc]
        if cut:  # (rare) its text is its key: whether it is matched fuzzily, analysed
            info = analyse(line)
            fuzzy = len(info.base) >= shortest // 2 and max(len(info.base), len(text)) <= longest
        else:
            fuzzy = shortest <= len(text) <= longest
        if lengths[line] < short_min or not fuzzy:
            skip.add(k)
        elif searched[0] < k < searched[-1]:
            filed.add(k)
        else:
            counted.add(k)
    return skip, filed, counted


def _verdicts(
    lines: Sequence[str],
    candidates: list[int],
    score_cutoff: float,
    short_min: int,
    notes: GateNotes,
    fuzzy_lengths: tuple[int, int] | None,
) -> dict[int, bool] | None:
    """Whether each candidate line (an embed signature left out) may repeat another.
    A document with a character that folds to several, or too many lines cut short,
    goes to ``caption_gate.may_pair``, save for more than ``GATE_UP_TO`` lines: the
    answer is then None."""
    present, texts, cuts = prepared_lines(lines, candidates, notes.raw, prepare)
    any_cut = any(cuts)
    again = verdicts_again(lines, present, notes.judged)
    if again is not None:
        return again
    flags: list[bool] | None = [False] * len(texts)
    if len(present) > 1:
        cut = cuts
        fuzzy = None
        if fuzzy_lengths is not None:  # (a line cut short: its text is its key)
            shortest, longest = fuzzy_lengths
            fuzzy = [c or shortest <= len(t) <= longest for t, c in zip(texts, cut, strict=True)]
        lengths: list[int] = []
        flags = may_pair(texts, score_cutoff, short_min, fuzzy, lengths)
        notes.lengths.update(zip([lines[k] for k in present], lengths, strict=False))
        if flags is not None and any_cut:
            prefixes = caption_score.cut_flags(texts, cut, score_cutoff, fuzzy)
            flags = None if prefixes is None else list(map(max, flags, prefixes))
        if flags is None:  # a character that folds to several, too many lines cut short,
            # or (past 64 lines) too many pairs near in length
            if len(present) > GATE_UP_TO:
                return None
            folded = [t if c else t.casefold() for t, c in zip(texts, cut, strict=True)]
            flags = caption_gate.may_pair(folded, score_cutoff, short_min, cut)
    assert flags is not None
    notes.judged = {lines[k]: flag for k, flag in zip(present, flags, strict=True)}
    return dict(zip(present, flags, strict=True))
