"""A cheap, exact gate in front of the caption collapser: which lines can repeat another.

The collapser compares keys (a line's words, case folded, joined by single spaces, with
label, truncation marker and credit set aside) for equality or on rapidfuzz's
``fuzz.ratio``. A score of at least ``c`` between keys of lengths ``la`` and ``lb``
allows an indel distance ``d`` (characters deleted from one plus those inserted from the
other) of at most ``(1 - c/100) * (la + lb)``. Three cheap consequences, checked for all
pairs of a document's lines at once in numpy (``may_pair``), each on the pairs the one
before let through:

- the lengths differ by at most ``d``;
- the counts of each letter and digit differ by at most ``d`` in sum: every character
  the alignment leaves unmatched is one deleted or inserted;
- the bigram counts differ by at most ``3 * d`` in sum: a deleted character breaks the
  (at most two) bigrams it is in, an inserted one the bigram it splits, and every bigram
  left whole is a bigram of the other key too.

Characters are counted by class (``_char_class``: each ASCII letter and digit its own,
other letters and digits four shared ones); adding counts together only shrinks a
difference, so every test stays a necessary one. A line that passes no test with any
other line can neither join a group nor be joined: the collapser leaves it alone,
unanalysed and unscored (most lines of most articles). Per line, only what the key is
made of is computed (``prepare``: the same label, truncation and credit rules as
``analyse``, then case folding); numpy finds the words, letters and bigrams of all lines
in one pass. A later pass over the same document reuses the verdicts (``GateNotes``).

A copy cut short is compared with a whole line on as many words as the shorter has;
``may_pair`` says how that is bounded. The gate answers only where its reasoning holds,
and returns None (the caller then runs the plain path) otherwise: another scorer than
``ratio``; more lines than ``find_groups`` compares exhaustively (past that, which lines
exist changes its buckets); or fewer than ``GATE_FROM`` lines (where the plain path
costs less).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from .caption_text import _CAPTION_LABEL, _SIGNATURE, analyse, split_credit, strip_truncation

#: Gate the caption collapser (``gate`` below); False runs the plain path on every line
#: (the slow oracle; the same text and changes).
FAST_GATE = True

# Character classes (``_char_class``): 0 outside a word, 1-40 in one.
_CLASSES = 41
# Bigrams a line's counts may hold beyond its key's: (last, space) and (space, first),
# for each of the two lines compared.
_EDGE_BIGRAMS = 4
# Edits allowed on top of the bound, against floating-point rounding in the score.
_SLACK = 1.0
# What ``prepare`` makes of a line: its key's text and whether it was cut short; None for
# a line never compared.
Prepared = tuple[str, bool] | None
# Fewest lines of 20 characters or more for which the gate pays: below, the plain path
# (a few lines analysed, a few pairs scored) costs less than numpy's fixed cost.
GATE_FROM = 4


@dataclass(slots=True)
class GateNotes:
    """What the gate worked out about the lines of one document, for the next pass."""

    prepared: dict[str, Prepared] = field(default_factory=dict)  # line -> prepare()
    raw: dict[str, Prepared] = field(default_factory=dict)  # line -> caption_quick.prepare()
    lengths: dict[str, int] = field(default_factory=dict)  # line -> its key's length
    judged: dict[str, bool] = field(default_factory=dict)  # the last verdict, per line


_class_table: list[npt.NDArray[np.uint8]] = []


def _classes_bmp() -> npt.NDArray[np.uint8]:
    """``char_class`` of every code point below 0x10000 (built once, a few ms)."""
    if not _class_table:
        _class_table.append(np.fromiter(map(_char_class, range(0x10000)), np.uint8, 0x10000))
    return _class_table[0]


def _char_class(code: int) -> int:
    """0 for a character outside a key's words (not ``[^\\W_]``, i.e. not
    ``str.isalnum``); else a class: each ASCII letter (either case) and digit its own,
    any other letter or digit one of four by its code point."""
    char = chr(code)
    if not char.isalnum():
        return 0
    if char.isascii():
        return 1 + "abcdefghijklmnopqrstuvwxyz0123456789".index(char.lower())
    return 37 + code % 4


def char_classes(codes: npt.NDArray[np.uint32]) -> npt.NDArray[np.uint8]:
    """``_char_class`` of each code point in ``codes``."""
    table = _classes_bmp()
    if not codes.size or codes.max() < 0x10000:
        return table[codes]
    astral = codes >= 0x10000
    out = table[np.where(astral, 0, codes)]
    rare, where = np.unique(codes[astral], return_inverse=True)  # emoji, mostly: few
    out[astral] = np.fromiter(map(_char_class, rare.tolist()), np.uint8, rare.size)[where]
    return out


def prepare(line: str) -> Prepared:
    r"""A text whose ``[^\W_]+`` words are the line's key (its case-folded base, as
    ``analyse`` finds it) and whether the line was cut short; None for an embed
    signature (never compared)."""
    if _SIGNATURE.match(line):
        return None
    whole = strip_truncation(line)
    if whole != line.rstrip():  # cut short: rare, so analysed in full
        return (analyse(line).key, True)  # a key is its own word list
    if whole[:1] in "IiPpCcMm":
        whole = _CAPTION_LABEL.sub("", whole)
    return (split_credit(whole)[0].casefold(), False)


_PAIRS: dict[int, tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]] = {}


def _pairs(n: int) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """Every pair (i < j) of ``n`` lines; kept for the sizes the collapser gates."""
    pairs = _PAIRS.get(n)
    if pairs is None:
        pairs = np.triu_indices(n, 1)
        if n <= 128:
            _PAIRS[n] = pairs
    return pairs


def _cut_pairs(
    pi: npt.NDArray[np.intp],
    pj: npt.NDArray[np.intp],
    cls: npt.NDArray[np.uint8],
    starts: npt.NDArray[np.bool_],
    words: npt.NDArray[np.int64],
    unigrams: npt.NDArray[np.int64],
    score_cutoff: float,
) -> npt.NDArray[np.intp]:
    """The lines of the pairs (one cut short, one not) that may score ``score_cutoff``
    on their first ``n`` words (see ``may_pair``): the first tests of ``may_pair``, on
    the line with fewer words whole and as many words of the other, whose letters and
    digits are counted word by word (only the words some pair compares)."""
    n = words.size
    letters = unigrams.sum(axis=1)
    fewer = words[pi] <= words[pj]  # compared whole: the one with fewer words
    whole, part = np.where(fewer, pi, pj), np.where(fewer, pj, pi)
    n_words = words[whole]
    inword = cls != 0
    word_of = np.cumsum(starts)[inword] - 1  # each letter's word, numbered across lines
    first_word = np.cumsum(words) - words
    line_of = np.repeat(np.arange(n), letters)
    needed = np.zeros(n, np.int64)  # words of a line that some pair compares
    np.maximum.at(needed, part, n_words)
    kept = word_of - first_word[line_of] < needed[line_of]
    kept_words, slot = np.unique(word_of[kept], return_inverse=True)
    per_word = np.bincount(
        slot * (_CLASSES - 1) + cls[inword][kept] - 1, minlength=kept_words.size * (_CLASSES - 1)
    ).reshape(kept_words.size, _CLASSES - 1)
    running = np.zeros((kept_words.size + 1, _CLASSES - 1), np.int64)
    np.cumsum(per_word, axis=0, out=running[1:])  # counts through each kept word
    begin = np.searchsorted(kept_words, first_word[part])  # the part's first word, kept
    counts = running[begin + n_words] - running[begin]
    la = letters[whole] + n_words - 1
    lb = counts.sum(axis=1) + n_words - 1
    dist = (la + lb) * ((100.0 - score_cutoff) / 100.0) + _SLACK
    keep = (np.abs(la - lb) <= dist) & (np.abs(unigrams[whole] - counts).sum(axis=1) <= dist)
    return np.concatenate((pi[keep], pj[keep]))


def may_pair(
    texts: Sequence[str], score_cutoff: float, short_min: int, cut: Sequence[bool] = ()
) -> list[bool]:
    r"""For each text, whether some other text's key may score at least ``score_cutoff``
    against its own (or equal it). A key is a text's ``[^\W_]+`` words joined by single
    spaces; keys shorter than ``short_min`` never take part.

    Three necessary tests, each only on the pairs the one before let through: key
    lengths (within the allowed distance), counts of letters and digits (within it too,
    by ``_char_class``) and counts of bigrams of classes (within three times it).

    A text marked ``cut`` (a copy cut short) is compared with one that is not on their
    first ``n`` words, ``n`` the fewer of the two: the two first tests then take the
    text with fewer words whole and as many words of the other (``_cut_pairs``).
    """
    n = len(texts)
    lens = np.fromiter(map(len, texts), np.int64, n) + 1  # each with its "\n"
    codes = np.frombuffer(("\n".join(texts) + "\n").encode("utf-32-le"), np.uint32)
    cls = char_classes(codes)  # "\n" is class 0: no word runs from one text into the next
    offsets = np.cumsum(lens) - lens
    unigrams = np.bincount(
        np.repeat(np.arange(0, n * _CLASSES, _CLASSES), lens) + cls, minlength=n * _CLASSES
    ).reshape(n, _CLASSES)[:, 1:]
    inword = cls != 0
    starts = inword.copy()
    starts[1:] &= ~inword[:-1]
    words = np.add.reduceat(starts, offsets, dtype=np.int64)
    key_len = unigrams.sum(axis=1) + np.maximum(words - 1, 0)
    i, j = _pairs(n)
    eligible = key_len >= max(short_min, 1)
    i, j = i[eligible[i] & eligible[j]], j[eligible[i] & eligible[j]]
    flagged = np.zeros(n, bool)
    if any(cut):
        is_cut = np.fromiter(cut, bool, n)
        prefix = is_cut[i] != is_cut[j]
        hits = _cut_pairs(i[prefix], j[prefix], cls, starts, words, unigrams, score_cutoff)
        flagged[hits] = True
        i, j = i[~prefix], j[~prefix]
    la, lb = key_len[i], key_len[j]
    dist = (la + lb) * ((100.0 - score_cutoff) / 100.0) + _SLACK  # most edits allowed
    keep = np.abs(la - lb) <= dist
    i, j, dist = i[keep], j[keep], dist[keep]
    if not i.size:
        return [bool(flag) for flag in flagged]
    keep = np.abs(unigrams[i] - unigrams[j]).sum(axis=1) <= dist
    i, j, dist = i[keep], j[keep], dist[keep]
    if i.size:
        # bigrams of each text read with every character outside a word as a space
        # (class 0), space pairs left out: the key's, plus at most _EDGE_BIGRAMS / 2 more
        pair_class = cls[:-1].astype(np.int64) * _CLASSES + cls[1:]
        owner = np.repeat(np.arange(0, n * _CLASSES**2, _CLASSES**2), lens)[1:]
        bigrams = np.bincount(owner + pair_class, minlength=n * _CLASSES**2)
        bigrams = bigrams.reshape(n, _CLASSES**2)[:, 1:]  # column 0: space, space
        keep = np.abs(bigrams[i] - bigrams[j]).sum(axis=1) <= 3.0 * dist + _EDGE_BIGRAMS
        i, j = i[keep], j[keep]
    flagged[i] = True
    flagged[j] = True
    return [bool(flag) for flag in flagged]


def prepared_lines(
    lines: Sequence[str],
    candidates: Sequence[int],
    prepared: dict[str, Prepared],
    prepare: Callable[[str], Prepared],
) -> tuple[list[int], list[str], list[bool]]:
    """(indexes, texts, cut short) of the candidates ``prepare`` keeps, each line prepared
    once per document (``prepared`` is the memo)."""
    present: list[int] = []
    texts: list[str] = []
    cut: list[bool] = []
    for index in candidates:
        line = lines[index]
        if line in prepared:
            prep = prepared[line]
        else:
            prep = prepared[line] = prepare(line)
        if prep is not None:
            present.append(index)
            texts.append(prep[0])
            cut.append(prep[1])
    return present, texts, cut


def verdicts_again(
    lines: Sequence[str], present: Sequence[int], judged: dict[str, bool]
) -> dict[int, bool] | None:
    """The last pass's verdicts, when every line was judged then; None otherwise.

    Every line was judged against all the others before (a later pass only drops lines
    and copies one line's text over another's): the verdicts still hold, save for a line
    now standing twice."""
    if not judged or not all(lines[k] in judged for k in present):
        return None
    count = Counter(lines[k] for k in present)
    return {k: judged[lines[k]] or count[lines[k]] > 1 for k in present}


def gate(
    lines: Sequence[str],
    *,
    score_cutoff: float,
    scorer: str,
    short_min: int,
    exhaustive_up_to: int,
    notes: GateNotes,
) -> list[int] | None:
    """Indexes of the lines that may repeat another (ascending), or None when the gate
    does not apply and every line must go through ``find_groups``. Lines shorter than
    ``short_min`` never take part. ``notes`` keeps what was worked out for the next pass
    over the same document (a line's preparation, the last verdicts)."""
    if scorer != "ratio":
        return None
    candidates = [index for index, line in enumerate(lines) if len(line) >= short_min]
    if len(candidates) < 2:
        return []  # nothing to pair
    if not GATE_FROM <= len(candidates) <= exhaustive_up_to:
        # too few lines to pay for the gate; or find_groups would block past this many
        # groups, and then which lines exist matters: it must see them all
        return None
    present, texts, cut = prepared_lines(lines, candidates, notes.prepared, prepare)
    again = verdicts_again(lines, present, notes.judged)
    if again is not None:
        return [k for k in present if again[k]]
    flags = (
        may_pair(texts, score_cutoff, short_min, cut) if len(present) > 1 else [False] * len(texts)
    )
    notes.judged = {lines[k]: flag for k, flag in zip(present, flags, strict=True)}
    return [k for k, flag in zip(present, flags, strict=True) if flag]
