"""Repeated captions and near-duplicate paragraphs: keep one copy of each, credit-aware,
in time linear in the number of lines."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

from rapidfuzz import fuzz, process

from ..model import Change, Doc
from ..options import Option, Options, choice, count, to_float
from . import caption_gate, caption_quick
from .caption_blocks import BlockKey, Buckets, candidates_in, insert, keys_of
from .caption_blocks import block_keys as block_keys  # re-exported for callers
from .caption_gate import GateNotes
from .caption_guard import bare_copy, spared
from .caption_text import (
    _SIGNATURE,
    _WORD,
    LineKey,
    analyse,
    caption_signal,
    credit_only,
    split_credit,
    strip_truncation,
)
from .caption_text import strip_credit as strip_credit  # re-exported for callers

# A removal's code, detail and score, before it becomes a Change.
_Why = tuple[str, str, float | None]

KeepPolicy = Literal["with_credit", "longest", "first"]
ScorerName = Literal["ratio", "token_sort_ratio"]
# Whole-string scorers only: partial_ratio and token_set_ratio score a sentence that is
# contained in a longer paragraph at ~100, which is exactly what must not collapse.
SCORERS: dict[str, Callable[..., float]] = {
    "ratio": fuzz.ratio,
    "token_sort_ratio": fuzz.token_sort_ratio,
}
CaptionMode = Literal["dedupe", "keep", "drop"]

# -- matching -------------------------------------------------------------------------
# Shortest text (credit set aside) that is considered at all; shorter than min_length
# it collapses only with an exact copy, and only when a credit shows it is a caption.
SHORT_MIN = 20
# partial_ratio at which a line counts as standing whole inside another, and the most
# the shorter may measure, as a share of the longer, to be a part of it.
CONTAINED_CUTOFF = 98.0
_CONTAINED_SHARE = 0.95
# Longest text (credit set aside, characters) compared on similarity. A fuzzy score
# costs time quadratic in the length where two lines differ throughout (two 800,000-
# character near-copies took 14 s); captions and paragraphs are far shorter (the longest
# line in our real corpus has 2,946 characters). A longer line collapses only with an
# exact copy (same key), so the work per line stays bounded.
FUZZY_MAX_LENGTH = 5000
# Up to this many fuzzy-matchable groups a line is compared with all of them.
EXHAUSTIVE_UP_TO = 64
# In ``find_groups``' list of groups that may match fuzzily: one counted, never filed.
_UNFILED = -1
# Passes of the collapse at most (each pass that changes something removes a line).
_MAX_PASSES = 4


def names_differ(a: Sequence[str], b: Sequence[str]) -> bool:
    """True when a capitalised word or a number stands in one word list but not the other.

    Two captions from one template ("Mississippi — There is no early voting in
    Mississippi" / "Missouri — …") differ in exactly such words, and must both stay.

    Examples:
        >>> names_differ("Voting in Missouri ends".split(), "Voting in Mississippi ends".split())
        True
        >>> names_differ("Click HERE to vote now".split(), "click here to vote now".split())
        False
    """
    words_a = {w.casefold(): w for w in a}
    words_b = {w.casefold(): w for w in b}
    for folded in words_a.keys() ^ words_b.keys():
        word = words_a.get(folded) or words_b[folded]
        if word[0].isupper() or word[0].isdigit():
            return True
    return False


def match_score(
    new: LineKey, rep: LineKey, score_cutoff: float, scorer: ScorerName = "ratio"
) -> float:
    """How far ``new`` is a copy of ``rep``: a score ≥ ``score_cutoff``, or 0.

    A truncated copy is compared with the same number of words of the other line.
    The fast path and the all-pairs reference both decide with this one function.
    """
    a_key, b_key = new.key, rep.key
    n: int | None = None  # words compared, when one copy was cut short
    if new.truncated != rep.truncated:
        n = min(len(new.folded), len(rep.folded))
        a_key, b_key = " ".join(new.folded[:n]), " ".join(rep.folded[:n])
    # ratio >= c needs the shorter string to be at least c / (200 - c) of the longer
    short_len, long_len = sorted((len(a_key), len(b_key)))
    if short_len * (200.0 - score_cutoff) < score_cutoff * long_len:
        return 0.0
    score = SCORERS[scorer](a_key, b_key, score_cutoff=score_cutoff)
    if not score:
        return 0.0
    # The words as written, for the capitalisation test (found only for likely copies).
    a_words = _WORD.findall(new.base)[:n]
    b_words = _WORD.findall(rep.base)[:n]
    if names_differ(a_words, b_words) and not _contained(a_key, a_words, b_key, b_words):
        return 0.0
    return float(score)


def _contained(a_key: str, a_words: list[str], b_key: str, b_words: list[str]) -> bool:
    """True when the shorter line stands almost whole inside the longer one, and every
    capitalised word or number that differs lies outside that stretch: a quote and the
    paragraph that reports it ("…," Trump tweeted). A template caption with another
    name in the middle is not contained."""
    if len(a_key) > len(b_key):
        a_key, a_words, b_key, b_words = b_key, b_words, a_key, a_words
    if len(a_key) > _CONTAINED_SHARE * len(b_key):
        return False  # about as long as the other: not a part of it
    aligned = fuzz.partial_ratio_alignment(a_key, b_key, score_cutoff=CONTAINED_CUTOFF)
    if aligned is None:
        return False
    first = b_key.count(" ", 0, aligned.dest_start)
    last = b_key.count(" ", 0, aligned.dest_end)
    return not names_differ(a_words, b_words[first : last + 1])


@dataclass(slots=True)
class Group:
    """Lines found to repeat one another, in input order (per call, never shared)."""

    rep: LineKey  # the first member's analysis: later lines are compared with it
    members: list[tuple[int, float]] = field(default_factory=list)  # (index, score)
    credit: bool = False  # some member carries a credit


def eligible(line: str, info: LineKey) -> bool:
    """Whether a line takes part at all: long enough, and not an embed signature."""
    return len(info.key) >= SHORT_MIN and not _SIGNATURE.match(line)


def long_enough(info: LineKey, min_length: int) -> bool:
    """At least ``min_length`` characters, or half that for a copy cut short with an
    ellipsis (it is a part of a longer line)."""
    return len(info.base) >= (min_length // 2 if info.truncated else min_length)


def fuzzy_eligible(info: LineKey, min_length: int) -> bool:
    """Matched on similarity: ``long_enough``, and at most ``FUZZY_MAX_LENGTH``
    characters, as written and as compared (a longer line is matched exactly only)."""
    return (
        long_enough(info, min_length)
        and len(info.base) <= FUZZY_MAX_LENGTH
        and len(info.key) <= FUZZY_MAX_LENGTH  # case folding can lengthen: "ﬃ" -> "ffi"
    )


def may_join_exact(info: LineKey, group: Group, min_length: int) -> bool:
    """An exact copy joins; below ``min_length`` only when a credit marks a caption."""
    return long_enough(info, min_length) or info.credit or group.credit


def find_groups(
    lines: Sequence[str],
    *,
    score_cutoff: float,
    min_length: int,
    scorer: ScorerName = "ratio",
    exhaustive_up_to: int = EXHAUSTIVE_UP_TO,
    memo: dict[str, LineKey] | None = None,
    only: Sequence[int] | None = None,
    lonely: tuple[Collection[int], Collection[int], Collection[int]] = ((), (), ()),
    blocks: dict[tuple[str, bool], list[BlockKey]] | None = None,
) -> list[Group]:
    """Group repeated lines, each joining the earliest best-scoring earlier group.

    While a document has at most ``exhaustive_up_to`` groups that may match fuzzily,
    a line is compared with all of them (every real article we have seen; rapidfuzz's
    ``process.extract`` narrows them in C first). Past that, it is compared only with
    groups sharing a bucket key (``block_keys``), each bucket holding the latest
    ``_BUCKET_DEPTH`` groups. Either way the work per line is bounded, so the cost is
    linear in the number of lines. ``memo`` (line -> its analysis), shared by the passes
    over one document, saves analysing a line again. ``only`` (ascending indexes) limits
    the work to those lines: ``caption_quick.gate`` proves the others repeat nothing.
    ``lonely`` (three collections of indexes) names lines proven to repeat no line and be
    repeated by none (``caption_quick.lonely``): the first are skipped; each of the
    second still makes its group and fills its buckets, but no copy of it is looked
    for, and its group is never a candidate; each of the third only counts among the
    groups that may match fuzzily (when blocking starts depends on their number).
    ``blocks`` keeps each line's bucket keys for the next pass (``caption_blocks``).
    """
    skip, lone, counted = lonely
    groups: list[Group] = []
    fuzzy: list[int] = []  # ids of groups that may match fuzzily, in order
    plain_keys: list[str] = []  # keys of those whose first line was not cut short
    plain_ids: list[int] = []
    cut_groups: set[int] = set()  # and those whose first line was cut short
    exact: dict[str, int] = {}
    buckets: Buckets | None = None  # built past exhaustive
    alone: set[int] = set()  # groups of lonely lines: never a candidate
    for index in range(len(lines)) if only is None else only:
        line = lines[index]
        if len(line) < SHORT_MIN or (skip and index in skip):
            continue  # its folded text is shorter still: never eligible
        if counted and index in counted:
            fuzzy.append(_UNFILED)  # a group no search can meet: only its number counts
            continue
        info = memo.get(line) if memo is not None else None
        if info is None:
            info = analyse(line)
            if memo is not None:
                memo[line] = info
        if not eligible(line, info):
            continue
        if lone and index in lone:
            # no line shares its key or may score against it: a group of its own, filed
            # where every line's group is (the buckets depend on all of them)
            own = len(groups)
            groups.append(Group(info, [(index, 100.0)], info.credit))
            if fuzzy_eligible(info, min_length):
                fuzzy.append(own)
                alone.add(own)
                if buckets is not None:
                    insert(buckets, keys_of(info, blocks), own)
            continue
        found: int | None = None
        score = 100.0
        keys: list[BlockKey] = []
        matchable = fuzzy_eligible(info, min_length)
        gid = exact.get(info.key)
        if gid is not None:
            if may_join_exact(info, groups[gid], min_length):
                found = gid
        elif matchable:
            if buckets is None and len(fuzzy) > exhaustive_up_to:
                buckets = {}
                for old in fuzzy:  # the same buckets eager insertion would have built
                    if old != _UNFILED:
                        insert(buckets, keys_of(groups[old].rep, blocks), old)
            if buckets is None:
                candidates = _narrow(info, score_cutoff, scorer, plain_keys, plain_ids, cut_groups)
                if info.truncated:
                    candidates = [gid for gid in fuzzy if gid != _UNFILED]
            else:
                keys = keys_of(info, blocks)
                candidates = candidates_in(info, keys, buckets, cut_groups)
                if alone:
                    candidates = [gid for gid in candidates if gid not in alone]
            found, score = _best(info, groups, candidates, score_cutoff, scorer)
        if found is None:
            found = len(groups)
            groups.append(Group(info))
            exact.setdefault(info.key, found)
            if matchable:
                fuzzy.append(found)
                if info.truncated:
                    cut_groups.add(found)
                else:
                    plain_keys.append(info.key)
                    plain_ids.append(found)
                if buckets is not None:
                    insert(buckets, keys or keys_of(info, blocks), found)
        group = groups[found]
        group.members.append((index, score))
        group.credit = group.credit or info.credit
    return groups


def _narrow(
    info: LineKey,
    score_cutoff: float,
    scorer: ScorerName,
    plain_keys: list[str],
    plain_ids: list[int],
    cut_groups: set[int],
) -> list[int]:
    """Groups that can reach the cutoff: whole-key scores computed in C by rapidfuzz,
    plus every group whose first line was cut short (scored on a prefix instead)."""
    hits = process.extract(
        info.key, plain_keys, scorer=SCORERS[scorer], score_cutoff=score_cutoff, limit=None
    )
    return sorted({plain_ids[pos] for _, _, pos in hits} | cut_groups)


def _best(
    info: LineKey,
    groups: list[Group],
    candidates: Sequence[int],
    score_cutoff: float,
    scorer: ScorerName,
) -> tuple[int | None, float]:
    best: tuple[int | None, float] = (None, 0.0)
    for gid in candidates:  # ascending: on a tie the earliest group wins
        score = match_score(info, groups[gid].rep, score_cutoff, scorer)
        if score > best[1]:
            best = (gid, score)
    return best


#: CollapseRepeatedCaptions' options, declared once (rapidfuzz's names where it has one).
OPTIONS = Options(
    "CollapseRepeatedCaptions",
    (
        Option(
            "score_cutoff",
            90.0,
            "a number above 0 and at most 100",
            lambda v: type(v) is float and 0.0 < v <= 100.0,
            "Lowest fuzz.ratio score (0-100) at which two lines count as copies of each "
            "other, credits set aside.",
            coerce=to_float,
            kind="float",
        ),
        choice(
            "scorer",
            "ratio",
            get_args(ScorerName),
            "rapidfuzz scorer for copies: 'ratio' (whole strings, in order) or "
            "'token_sort_ratio' (also forgives word order). Containment-fooled scorers "
            "(partial_ratio, token_set_ratio) are not offered.",
        ),
        count(
            "caption_min_length",
            60,
            "Shortest line (characters) that may be collapsed. Shorter repeats (a refrain, "
            "'Q:' lines, a photographer credit under several photos) are left alone.",
            attr="min_length",
        ),
        choice(
            "keep",
            "with_credit",
            get_args(KeepPolicy),
            "Which copy's text stays (at the first copy's place): 'with_credit' (the "
            "credited copy, else a whole copy over one cut short, else the first: a longer "
            "copy is often a caption with a label that a paragraph of reporting does not "
            "hold), 'longest' or 'first'.",
        ),
        choice(
            "captions",
            "dedupe",
            get_args(CaptionMode),
            "'dedupe' keeps one copy of a repeated caption; 'keep' leaves repeated "
            "captions alone; 'drop' removes caption and credit lines entirely.",
        ),
    ),
)
_D = OPTIONS.by_field()


@dataclass(frozen=True, slots=True, kw_only=True)
class CollapseRepeatedCaptions:
    """Keep one copy of each repeated caption or paragraph.

    Two lines are copies when, with a caption label, a truncation marker and a
    trailing credit set aside and case and punctuation folded, they are equal or
    score at least ``score_cutoff`` on rapidfuzz's ``fuzz.ratio`` (``scorer``; a
    whole-string score: a short sentence that only begins a longer paragraph does not
    match; ``"token_sort_ratio"`` also forgives word order), and
    no capitalised word or number stands in one but not the other (two captions from
    one template stay apart) unless one stands almost whole inside the other (an
    embedded post that repeats the paragraph quoting it). A copy cut short with an
    ellipsis is compared with as many words of the other. Lines shorter than
    ``min_length`` collapse only with an exact copy, and only when a credit shows
    they are captions; embed signature lines (starting with a dash) never do. Lines
    longer than ``FUZZY_MAX_LENGTH`` (5,000) characters collapse only with an exact copy,
    so the work per line is bounded.

    The copy that stays sits where the first one stood. ``keep`` says which text:
    ``"with_credit"`` (the credited copy, else a whole one, else the first), ``"longest"`` or
    ``"first"``. ``captions`` says what happens to captions: ``"dedupe"`` (one copy),
    ``"keep"`` (repeated captions stay; repeated paragraphs still collapse) or
    ``"drop"`` (caption and credit lines go entirely, with their copies).

    Examples:
        >>> from newsclean.model import Doc
        >>> doc = Doc.from_text("A caption about the summit.\\nA caption about the summit. (AP)")
        >>> CollapseRepeatedCaptions()(doc).lines
        ('A caption about the summit. (AP)',)
    """

    name: str = "collapse_captions"
    score_cutoff: float = _D["score_cutoff"].default
    scorer: ScorerName = _D["scorer"].default
    min_length: int = _D["min_length"].default
    keep: KeepPolicy = _D["keep"].default
    captions: CaptionMode = _D["captions"].default

    def __post_init__(self) -> None:
        OPTIONS.validate_fields(self)

    def __call__(self, doc: Doc) -> Doc:
        return self.call_with_memo(doc, {})

    def call_with_memo(self, doc: Doc, scratch: dict[str, Any]) -> Doc:
        """``self(doc)``, keeping each line's analysis in ``scratch``: a pipeline that
        runs this step again on the same document passes the same dict."""
        # Similarity is not transitive: once a fuller copy stands where a cut one stood,
        # a line that missed the cut copy may match it. Repeat until nothing changes, so
        # the step is idempotent (each pass is linear; a pass that changes nothing ends).
        memo: dict[str, LineKey] = scratch.setdefault("keys", {})  # one analysis a line
        blocks: dict[tuple[str, bool], list[BlockKey]] = scratch.setdefault("blocks", {})
        notes: GateNotes = scratch.setdefault("gate", GateNotes())  # what the gate made of a line
        for _ in range(_MAX_PASSES):
            after = self._once(doc, memo, notes, blocks)
            if after is doc:
                break
            doc = after
        return doc

    def _once(
        self,
        doc: Doc,
        memo: dict[str, LineKey] | None = None,
        notes: GateNotes | None = None,
        blocks: dict[tuple[str, bool], list[BlockKey]] | None = None,
    ) -> Doc:
        only = None
        lonely: tuple[Collection[int], Collection[int], Collection[int]] | None = None
        if caption_gate.FAST_GATE:
            notes = GateNotes() if notes is None else notes
            asked: dict[str, Any] = {
                "score_cutoff": self.score_cutoff,
                "scorer": self.scorer,
                "short_min": SHORT_MIN,
                "exhaustive_up_to": EXHAUSTIVE_UP_TO,
                "notes": notes,
                "fuzzy_lengths": (self.min_length, FUZZY_MAX_LENGTH),
            }
            only = caption_quick.gate(doc.lines, **asked)
            if only is None:  # the same question, of the lines that may repeat none
                lonely = caption_quick.lonely(doc.lines, **asked)
        groups = find_groups(
            doc.lines,
            score_cutoff=self.score_cutoff,
            min_length=self.min_length,
            scorer=self.scorer,
            memo=memo,
            only=only,
            lonely=lonely or ((), (), ()),
            blocks=blocks,
        )
        replace: dict[int, tuple[str, str, str]] = {}
        drop: dict[int, _Why] = {}
        rank: list[int] = []  # how many non-blank lines come before each line, once asked

        def ranked() -> Sequence[int]:
            if not rank:
                rank.extend(itertools.accumulate((bool(t.strip()) for t in doc.lines), initial=0))
            return rank

        for group in groups:
            self._decide(doc, group, replace, drop, ranked)
        if self.captions == "drop":
            for i, line in enumerate(doc.lines):
                if i not in drop and i not in replace:
                    signal = caption_signal(line) or ("credit_only" if credit_only(line) else None)
                    if signal is not None:
                        drop[i] = ("caption_dropped", signal, None)
        if not replace and not drop:
            return doc
        lines: list[str] = []
        origins: list[int] = []
        changes: list[Change] = []
        for i, (line, origin) in enumerate(zip(doc.lines, doc.origins, strict=True)):
            if i in drop:
                code, detail, score = drop[i]
                changes.append(Change(self.name, origin, line, None, code, None, detail, score))
                continue
            if i in replace:
                after, code, detail = replace[i]
                changes.append(Change(self.name, origin, line, after, code, detail=detail))
                line = after
            lines.append(line)
            origins.append(origin)
        return doc.evolve(lines, origins, changes)

    def _decide(
        self,
        doc: Doc,
        group: Group,
        replace: dict[int, tuple[str, str, str]],
        drop: dict[int, _Why],
        ranked: Callable[[], Sequence[int]],
    ) -> None:
        if len(group.members) < 2:
            return
        indexes = [i for i, _ in group.members]
        if LIST_GUARD:  # a heading and its entries, or two entries, are no copies
            out = spared(doc.lines, indexes, names_differ)
            if out:
                members = [m for m in group.members if m[0] not in out]
                credit = any(analyse(doc.lines[i]).credit for i, _ in members)
                group = Group(group.rep, members, credit)
                if len(group.members) < 2:
                    return
                indexes = [i for i, _ in group.members]
        signals: list[str | None] = []
        if self.captions != "dedupe":  # only then does it matter whether it is a caption
            signals = [caption_signal(doc.lines[i]) for i in indexes]
        is_caption = group.credit or any(signals)
        if is_caption and self.captions == "keep":
            return
        first = indexes[0]
        first_no = doc.origins[first]
        if is_caption and self.captions == "drop":
            signal = next((s for s in signals if s), "credit")
            for i in indexes:
                drop[i] = ("caption_dropped", f"{signal}:copies={len(indexes)}", None)
            return
        keep = self._keeper(doc, indexes)
        bare = bare_copy(doc.lines, indexes) if LABEL_GUARD and keep == first else None
        if bare is not None:  # the first copy is a caption: the reporting stays where it is
            bare_no, score_of = str(doc.origins[bare]), dict(group.members)
            for i, score in group.members:  # the first copy scores as the bare one did
                if i != bare:
                    drop[i] = ("caption_duplicate_of", bare_no, round(score or score_of[bare], 1))
            return
        if (
            keep != first
            and doc.lines[keep] != doc.lines[first]
            and _holds_words_of(doc.lines[keep], doc.lines[first])
        ):
            reach = MOVE_REACH if is_caption else 1
            if not (MOVE_GUARD and ranked()[keep] - ranked()[first] > reach):
                replace[first] = (doc.lines[keep], "caption_kept_copy_of", str(doc.origins[keep]))
            elif not is_caption:
                # the fuller copy would move up the page, and neither copy is a caption: a
                # chorus sung again with a refrain, a transcript's teaser ("… by...") and the
                # line it teases. Both stay where they are.
                return
            # (a caption far from its fuller copy stays as it is where it is; the copy goes)
        for i, score in group.members[1:]:
            drop[i] = ("caption_duplicate_of", str(first_no), round(score, 1))

    def _keeper(self, doc: Doc, indexes: list[int]) -> int:
        if self.keep == "first":
            return indexes[0]
        if self.keep == "longest":
            return max(indexes, key=lambda i: (len(doc.lines[i].strip()), -i))
        # never merely the longer: a caption repeating a paragraph adds a label ("Tense:")
        # and a "(pictured …)" tail that the paragraph of reporting must not take on
        return max(indexes, key=lambda i: (*_information(doc.lines[i]), -i))


def _information(line: str) -> tuple[bool, bool]:
    # A credit adds information; a truncation marker or widget word ("Close") does not.
    whole = strip_truncation(line)
    has_credit = bool(split_credit(whole)[1])
    return (has_credit, whole == line.rstrip())


def _holds_words_of(keeper: str, first: str) -> bool:
    """Whether ``keeper`` holds every word of ``first`` (as often), leaving aside a
    truncation marker or widget word and the word it cut short. The first copy is
    replaced by the keeper only when that loses no word of it: a body paragraph quoting
    "Wow!" twice is not rewritten into a caption quoting it once.

    Examples:
        >>> _holds_words_of("Crowds at the rally (Photo: Example Agency)", "Crowds at the ra...")
        True
        >>> _holds_words_of("'Wow,' he said.", "'Wow,' he said. 'Wow!'")
        False
    """
    whole = strip_truncation(first)
    words = _WORD.findall(whole.casefold())
    if whole != first.rstrip():  # cut short ("…", "Read More"): its last word may be cut
        words = words[:-1]
    base, credit = split_credit(keeper)  # a credit glued on ("…2022Credit: EPA") apart
    have = Counter(_WORD.findall(base.casefold()))
    have.update(_WORD.findall((credit or "").casefold()))
    return not Counter(words) - have


#: Leave out of a group the lines that only extend its first line with other names or
#: numbers, as a list's heading and entries do (``caption_guard``); False collapses them.
LIST_GUARD = True

#: When the first copy is a caption's label ("Tense: …") before a sentence a later copy
#: prints bare, the bare copy (the reporting) stays where it is (``caption_guard.bare_copy``);
#: False keeps the first copy.
LABEL_GUARD = True

#: A fuller copy replaces the first copy (``caption_kept_copy_of``) only within this many
#: non-blank lines of it (a line that is no caption: only from the next line): a caption
#: printed again with its credit sits close by, and text moved further would reorder the
#: page. Further off, a caption's copies still collapse into the first as it is, and
#: other lines both stay. False moves a copy from any distance.
MOVE_GUARD = True
MOVE_REACH = 8
