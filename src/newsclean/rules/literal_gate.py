"""A selective literal gate: which rules could match a text at all, told from several
literals per rule (each of several required pieces, multi-word where the pattern allows)
instead of one short word.

``required_clauses`` reads a pattern's parse tree: every match of the pattern contains,
for each clause, at least one of the clause's literals (case folded), and a clause may
say how far from the match's start its literal can begin. ``LiteralGate`` holds the
clauses of a set of rules: one Aho-Corasick automaton over each rule's most selective
clause, the rule's other clauses checked with ``in`` only when that one is found. A gate
that says no proves that none of its rules matches; one that says yes proves nothing
(the rules are then tried as before).
"""

from __future__ import annotations

import importlib
import itertools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import ahocorasick

from .base import _TRAILING_CHARS

_sre: Any = importlib.import_module("re._parser")

# Literals built from a run of fixed pieces (a literal, a small alternation, an optional
# word) keep at most this many alternatives; a longer run is cut into several clauses.
_MAX_ALTERNATIVES = 256
# A character class made of at most this many plain characters counts as fixed.
_MAX_CLASS = 8
# A repeat of a fixed piece at most this many times counts as fixed.
_MAX_REPEAT = 2
# Widths at or past this are "unbounded" (re's parser reports MAXREPEAT for those).
_UNBOUNDED = 1 << 20
# Secondary clauses checked with ``in`` after the anchor is found: few, short lists only.
_MAX_SECONDARY = 3
_MAX_SECONDARY_LITERALS = 16
_MIN_SECONDARY_SCORE = 2
# An alternation of more non-fixed branches than this unites only each one's best clause.
_MAX_BRANCHES = 6
# The one character a case-insensitive ``re`` pattern of ASCII letters matches although
# it is not the case folding of any of them: DOTLESS I matches "i" under re.IGNORECASE.
# A text holding it is let through (tests/test_fast_promo.py checks every code point).
CONFUSABLE = "\u0131"


class Clause(NamedTuple):
    """Every match holds one of ``literals``; with ``head`` set, one of them begins at
    most ``head`` characters after the match's start."""

    literals: frozenset[str]
    head: int | None = None


def straighten(text: str) -> str:
    """``text`` with curly quotes straight, as ``base.match_key`` makes them."""
    if "\u2019" in text or "\u2018" in text:
        text = text.replace("\u2019", "'").replace("\u2018", "'")
    if "\u201c" in text or "\u201d" in text:
        text = text.replace("\u201c", '"').replace("\u201d", '"')
    return text


def gate_key(text: str) -> str:
    """``base.match_key(text)`` by cheaper means: ``str.split`` splits on the characters
    ``\\s`` matches, and case folding commutes with straightening quotes and with
    folding spaces (it maps a space to itself and nothing else to a space), as the tests
    check on every code point.

    Examples:
        >>> gate_key("  CLICK\u00a0HERE to get  the app’s ")
        "click here to get the app's"
    """
    return straighten(" ".join(text.casefold().split()))


def required_clauses(pattern: str, *, regex: bool = True, anchored: bool = False) -> list[Clause]:
    """Clauses every match of ``pattern`` satisfies (all of them), or [] when none can be
    told. ``regex=False`` reads ``pattern`` as a literal rule's key (matched as it is);
    ``anchored`` records, for a pattern matched at the start of the text, how far from
    the start each clause's literal can begin.

    Examples:
        >>> [sorted(c.literals) for c in required_clauses("(?:get|download) the app")]
        [['download the app', 'get the app']]
        >>> [sorted(c.literals)[:2] for c in required_clauses("follow .{1,9} on (?:x|threads)")]
        [['follow '], [' on threads', ' on x']]
        >>> required_clauses("read more", anchored=True)[0].head
        0
    """
    if not regex:
        return [Clause(frozenset({pattern}), 0 if anchored else None)] if pattern else []
    try:
        parsed = _sre.parse(pattern, re.IGNORECASE)
    except (re.error, Warning):
        return []
    return _Reader(parsed.state).clauses(list(parsed), 0 if anchored else None)


def _product(left: set[str], right: set[str]) -> set[str]:
    return {a + b for a in left for b in right}


class _Reader:
    """Walks one parse tree (needs its parser state for widths)."""

    def __init__(self, state: Any) -> None:
        self.state = state

    def width(self, item: Any) -> int | None:
        high = int(_sre.SubPattern(self.state, [item]).getwidth()[1])
        return None if high >= _UNBOUNDED else high

    def fixed(self, item: Any) -> set[str] | None:
        """Every string ``item`` can match (case folded), when few and known."""
        op, av = item
        if op is _sre.LITERAL:
            char = chr(av)
            return {char.lower()} if char.isascii() else None
        if op is _sre.IN:
            chars = [chr(a) for o, a in av if o is _sre.LITERAL]
            if len(chars) != len(av) or len(chars) > _MAX_CLASS:
                return None
            if not all(c.isascii() for c in chars):
                return None
            return {c.lower() for c in chars}
        if op is _sre.SUBPATTERN:
            return self.fixed_seq(list(av[-1]))
        if op is _sre.BRANCH:
            found: set[str] = set()
            for branch in av[1]:
                one = self.fixed_seq(list(branch))
                if one is None:
                    return None
                found |= one
            return found if len(found) <= _MAX_ALTERNATIVES else None
        if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT):
            low, high, inner = av
            if high > _MAX_REPEAT:
                return None
            body = self.fixed_seq(list(inner))
            if body is None:
                return None
            found, power = set(), {""}
            for count in range(high + 1):
                if count >= low:
                    found |= power
                power = _product(power, body)
            return found if len(found) <= _MAX_ALTERNATIVES else None
        if op in (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT):
            return {""}  # zero width: the characters around it stay adjacent
        return None

    def fixed_seq(self, items: list[Any]) -> set[str] | None:
        found = {""}
        for item in items:
            one = self.fixed(item)
            if one is None:
                return None
            found = _product(found, one)
            if len(found) > _MAX_ALTERNATIVES:
                return None
        return found

    def spaces(self, items: list[Any]) -> int | None:
        """The most spaces a match of the sequence holds (None: unbounded or unknown)."""
        total = 0
        for item in items:
            one = self.item_spaces(item)
            if one is None:
                return None
            total += one
        return total

    def item_spaces(self, item: Any) -> int | None:
        op, av = item
        if op is _sre.LITERAL:
            return int(av == 32)
        if op in (_sre.NOT_LITERAL, _sre.ANY):
            return 1
        if op is _sre.IN:
            return int(_class_may_hold_space(av))
        if op in (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT):
            return 0
        if op is _sre.SUBPATTERN:
            return self.spaces(list(av[-1]))
        if op is _sre.BRANCH:
            counts = [self.spaces(list(b)) for b in av[1]]
            return None if None in counts else max(c for c in counts if c is not None)
        if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT):
            inner = self.spaces(list(av[2]))
            if inner is None or (inner and av[1] >= _UNBOUNDED):
                return None
            return int(av[1]) * inner
        return None

    def clauses(self, items: list[Any], start: int | None) -> list[Clause]:
        """The clauses of a sequence that begins at most ``start`` characters into the
        match (None: anywhere)."""
        out: list[Clause] = []
        run: set[str] | None = None
        run_start: int | None = start
        offset = start

        def flush() -> None:
            if run and "" not in run:
                out.append(Clause(frozenset(run), run_start))

        for item in items:
            piece = self.fixed(item)
            if piece is not None:
                if run is None:
                    run, run_start = {""}, offset
                joined = _product(run, piece)
                if len(joined) > _MAX_ALTERNATIVES:
                    flush()
                    run, run_start = piece, offset
                else:
                    run = joined
            else:
                flush()
                run = None
                out.extend(self.inner(item, offset))
            width = self.width(item)
            offset = None if offset is None or width is None else offset + width
        flush()
        return out

    def inner(self, item: Any, start: int | None) -> list[Clause]:
        """Clauses a piece that is not fixed still requires."""
        op, av = item
        if op is _sre.SUBPATTERN:
            return self.clauses(list(av[-1]), start)
        if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT) and av[0] >= 1:
            return self.clauses(list(av[2]), start)
        if op is _sre.BRANCH:
            # a match holds one clause of the branch it went through: so the union of one
            # clause from every branch is a clause; the most selective few unions of each
            # branch's two best clauses are kept
            ranked = [sorted(self.clauses(list(b), start), key=_score, reverse=True) for b in av[1]]
            if not ranked or not all(ranked):
                return []
            tops = [r[:2] for r in ranked]
            if len(tops) > _MAX_BRANCHES:
                tops = [r[:1] for r in ranked]
            unions = {_union(picked) for picked in itertools.product(*tops)}
            return sorted(unions, key=_score, reverse=True)[: _MAX_SECONDARY + 1]
        return []


_NO_SPACE_CATEGORIES = frozenset({"CATEGORY_DIGIT", "CATEGORY_WORD", "CATEGORY_NOT_SPACE"})


def _class_may_hold_space(members: list[Any]) -> bool:
    """Whether a character class may match a space (when unsure: yes)."""
    for op, av in members:
        if op is _sre.LITERAL:
            if av == 32:
                return True
        elif op is _sre.RANGE:
            if av[0] <= 32 <= av[1]:
                return True
        elif op is _sre.CATEGORY:
            if str(av) not in _NO_SPACE_CATEGORIES:
                return True
        else:  # NEGATE and anything else
            return True
    return False


def _union(picked: Sequence[Clause]) -> Clause:
    heads = [c.head for c in picked]
    head = None if None in heads else max(h for h in heads if h is not None)
    return Clause(frozenset().union(*(c.literals for c in picked)), head)


def _score(clause: Clause) -> tuple[int, int]:
    """How selective a clause is: its weakest literal's length, a space inside a literal
    counting extra (two words together are rarer than either); fewer literals first."""
    weakest = min(len(lit.strip()) + 3 * lit.strip().count(" ") for lit in clause.literals)
    return weakest, -len(clause.literals)


def _best(clauses: Sequence[Clause]) -> Clause | None:
    return max(clauses, key=_score) if clauses else None


#: What a gate is asked about one line: whether a rule may match the whole line
#: (``LINE``), a sentence at its start (``HEAD``) or one in its last characters (``TAIL``).
LINE, HEAD, TAIL = 0, 1, 2
#: The fourth answer: whether one of a plain set of literals occurs (in the same pass).
ANY = 3
# An anchor that must begin this near a text's start is looked for in its first
# characters only (a common word, "more", may open a related-link line).
_NEAR = 48

# (question, rule slot, literal length, furthest start or -1, most words or -1)
_Entry = tuple[int, int, int, int, int]
_Rest = tuple[tuple[tuple[str, ...], int], ...]
_Bounds = tuple[int, int, int, "re.Pattern[str] | None", int]


def _build(entries: dict[str, list[_Entry]]) -> Any:
    if not entries:
        return None
    automaton = ahocorasick.Automaton()
    for literal, found in entries.items():
        automaton.add_word(literal, tuple(found))
    automaton.make_automaton()
    return automaton


_QUOTES = re.compile("['\"]")


def _unquoted(clause: Clause) -> Clause | None:
    """``clause`` for a text whose quotes are still curly (a ``match_key`` before its
    quotes are straightened): each literal cut to its longest stretch without a quote
    (that stretch occurs wherever the literal does), its head moved on as far; None when
    a literal is all quotes."""
    literals, shift = set(), 0
    for literal in clause.literals:
        pieces = _QUOTES.split(literal)
        if len(pieces) == 1:
            literals.add(literal)
            continue
        best = max(range(len(pieces)), key=lambda i: len(pieces[i].strip()))
        if not pieces[best].strip():
            return None
        literals.add(pieces[best])
        shift = max(shift, sum(len(p) + 1 for p in pieces[:best]))
    head = None if clause.head is None else clause.head + shift
    return Clause(frozenset(literals), head)


def _secondary(clauses: Sequence[Clause], anchor: Clause, margin: int) -> _Rest:
    others = sorted((c for c in clauses if c is not anchor), key=_score, reverse=True)
    return tuple(
        (tuple(sorted(c.literals)), -1 if c.head is None else c.head + margin)
        for c in others
        if _score(c)[0] >= _MIN_SECONDARY_SCORE and len(c.literals) <= _MAX_SECONDARY_LITERALS
    )[:_MAX_SECONDARY]


@dataclass(frozen=True, slots=True)
class LiteralGate:
    """The clauses of sets of rules, one set per question (``LINE``, ``HEAD``, ``TAIL``),
    answered together in one pass over a text (see the module)."""

    near: Any  # automaton: anchors that must begin within the first near_chars characters
    far: Any  # automaton: the other anchors
    near_chars: int
    rest: tuple[_Rest, ...]  # per rule slot: the clauses checked once its anchor is found
    # per rule slot, for a whole-line rule: the most characters and the most spaces its
    # match holds (-1: not a whole-line rule, or unbounded)
    widths: tuple[int, ...]
    spaces: tuple[int, ...]
    open: frozenset[int]  # questions with a rule of no clause: always "may"
    literals: bool = False  # ANY is asked: the plain literals are in ``far``

    @classmethod
    def build(
        cls,
        questions: Mapping[int, Sequence[tuple[Sequence[Clause], int | None, Shape | None]]],
        *,
        margin: int = 0,
        literals: frozenset[str] = frozenset(),
    ) -> LiteralGate:
        """A gate over, per question, rules given as (clauses, the most words the rule
        judges or None, a whole-line rule's ``Shape`` or None), and the plain
        ``literals`` ANY looks for. ``margin`` widens every ``head`` and
        width: a rule may also be tried on the text less a label of that length at its
        start. ``TAIL`` reads a head from a sentence's start (see ``answer``)."""
        near: dict[str, list[_Entry]] = {}
        far: dict[str, list[_Entry]] = {lit: [(ANY, -1, len(lit), -1, -1)] for lit in literals}
        rest: list[_Rest] = []
        widths: list[int] = []
        spaces: list[int] = []
        reach = 0
        open_: set[int] = set()
        for question, rules in questions.items():
            for clauses, most, shape in rules:
                clauses = [u for u in map(_unquoted, clauses) if u is not None]
                anchor = _best(clauses)
                if anchor is None:
                    open_.add(question)
                    continue
                slot = len(rest)
                rest.append(_secondary(clauses, anchor, margin))
                width, most_spaces = shape or (None, None)
                widths.append(-1 if width is None else width + margin)
                spaces.append(-1 if most_spaces is None else most_spaces)
                limit = -1 if anchor.head is None else anchor.head + margin
                for literal in anchor.literals:
                    entry = (question, slot, len(literal), limit, -1 if most is None else most)
                    # (a TAIL head counts from a sentence's start, which may lie anywhere)
                    if limit >= 0 and limit + len(literal) <= _NEAR and question != TAIL:
                        near.setdefault(literal, []).append(entry)
                        reach = max(reach, limit + len(literal))
                    else:
                        far.setdefault(literal, []).append(entry)
        return cls(
            _build(near),
            _build(far),
            reach,
            tuple(rest),
            tuple(widths),
            tuple(spaces),
            frozenset(open_),
            bool(literals),
        )

    def answer(
        self,
        text: str,
        words: int = 0,
        head_end: int = 0,
        tail_start: int = 0,
        after: re.Pattern[str] | None = None,
    ) -> tuple[bool, bool, bool, bool]:
        """(LINE, HEAD, TAIL, ANY) for ``text`` (a ``match_key``, its quotes straightened
        or still curly). The first three are False where no rule of that question can
        match: ``LINE`` on ``text`` of ``words`` words, ``HEAD`` on a sentence that
        ``text[:head_end]`` starts with and that ends in ``[.!?]``, ``TAIL`` on a sentence
        that ends ``text``, starts in ``text[tail_start:]`` and right after a match of
        ``after`` (anywhere when None). A whole-line rule matches all of a text or
        sentence, trailing marks (``base._TRAILING_CHARS``) aside. ``ANY``: whether a
        literal of ``literals`` (see ``build``) occurs in ``text`` as it is; when the gate
        has such literals and none occurs, the first three are not worked out (True)."""
        hits = iter(()) if self.far is None else self.far.iter(text)
        first = next(hits, None)
        if first is None and self.literals:
            return True, True, True, False  # the common case: one pass, nothing found
        may = [q in self.open for q in (LINE, HEAD, TAIL)] + [False]
        if CONFUSABLE in text:
            may[:3] = True, True, True
        bare = len(text.rstrip(_TRAILING_CHARS))
        # (str.find reads a negative start from the end: clamp it)
        bounds = (words, head_end, max(0, tail_start), after, bare)
        if first is not None:
            self._walk(itertools.chain((first,), hits), text, may, bounds)
        if self.literals and not may[ANY]:
            return True, True, True, False
        if self.near is not None and not all(may[:3]):
            self._walk(self.near.iter(text[: self.near_chars]), text, may, bounds)
        return may[0], may[1], may[2], may[3]

    def _walk(self, hits: Any, text: str, may: list[bool], bounds: _Bounds) -> None:
        words, head_end, _, _, bare = bounds
        for end, found in hits:
            for question, slot, length, limit, most in found:
                if may[question]:
                    continue
                start = end - length + 1
                if question == ANY:
                    may[ANY] = True
                elif question == TAIL:
                    may[TAIL] = self._tail(text, slot, start, limit, bounds)
                elif 0 <= limit < start:
                    continue
                elif question == LINE:
                    if 0 <= most < words or 0 <= self.widths[slot] < bare:
                        continue
                    if 0 <= self.spaces[slot] < text.count(" ", 0, bare):
                        continue
                    may[LINE] = self._rest_holds(text, slot, 0, 0, len(text))
                elif (
                    end < head_end
                    and self._short_first(text, slot)
                    and self._in_spaces(text, slot, start, 0, tail=False)
                ):
                    may[HEAD] = self._rest_holds(text, slot, 0, 0, head_end)
            if all(may):
                return

    def _short_first(self, text: str, slot: int) -> bool:
        """Whether a whole-line rule may take the first sentence: past its width only
        trailing marks may follow before the sentence ends, and it ends in [.!?]."""
        width = self.widths[slot]
        if width < 0:
            return True
        upto = len(text) - len(text[width:].lstrip(_TRAILING_CHARS))
        return any(text.find(mark, 0, upto) >= 0 for mark in ".!?")

    def _in_spaces(self, text: str, slot: int, start: int, stop: int, tail: bool) -> bool:
        """Whether a literal at ``start`` may lie in the match of a whole-line rule of at
        most so many spaces: the text's first words (``tail``: the last, up to ``stop``)."""
        most = self.spaces[slot]
        if most < 0:
            return True
        at = stop if tail else -1
        for _ in range(most + 1):
            at = text.rfind(" ", 0, at) if tail else text.find(" ", at + 1)
            if at < 0:
                return True
        return start > at if tail else start < at

    def _tail(self, text: str, slot: int, start: int, limit: int, bounds: _Bounds) -> bool:
        """Whether the rule of ``slot``, its anchor found at ``start``, may take the
        sentence that ends the text."""
        tail_start, after, bare = bounds[2], bounds[3], bounds[4]
        width = self.widths[slot]
        if start < tail_start or 0 <= width < bare - start:
            return False  # not in the tail, or a whole-line rule's sentence is shorter
        if not self._in_spaces(text, slot, start, bare, tail=True):
            return False
        if limit < 0 or after is None:
            return self._rest_holds(text, slot, tail_start, None, len(text))
        # the sentence starts at most ``limit`` characters before the literal
        found = after.search(text, max(0, start - limit - 2), start)
        if found is None:
            return False
        return self._rest_holds(text, slot, found.end(), start, len(text))

    def _rest_holds(self, text: str, slot: int, lo: int, base: int | None, end: int) -> bool:
        """Whether every other clause of ``slot`` holds in ``text[lo:end]``, a clause with
        a head within that many characters of ``base`` (the furthest the match may start;
        None: unknown)."""
        for literals, head in self.rest[slot]:
            stop = end if head < 0 or base is None else min(end, base + head + _longest(literals))
            if not any(text.find(lit, lo, stop) >= 0 for lit in literals):
                return False
        return True


def _longest(literals: tuple[str, ...]) -> int:
    return max(map(len, literals))


class Shape(NamedTuple):
    """What a whole-line rule's match can hold at most: characters and spaces (None:
    unbounded or unknown)."""

    width: int | None
    spaces: int | None


def shape(pattern: str, *, regex: bool = True) -> Shape:
    """The ``Shape`` of a whole-line rule's matches (a literal rule's key: its own).

    Examples:
        >>> shape("(?:share|share this)")
        Shape(width=10, spaces=1)
        >>> shape(r"[\\w.+-]{1,64}@[\\w.-]{1,253}")
        Shape(width=318, spaces=0)
    """
    if not regex:
        return Shape(len(pattern), pattern.count(" "))
    try:
        parsed = _sre.parse(pattern, re.IGNORECASE)
    except (re.error, Warning):
        return Shape(None, None)
    return Shape(match_width(pattern), _Reader(parsed.state).spaces(list(parsed)))


def match_width(pattern: str, *, regex: bool = True) -> int | None:
    """The most characters a match of ``pattern`` holds (a literal rule's key: its
    length), or None when unbounded or unknown.

    Examples:
        >>> match_width("(?:share|share this)"), match_width("a+")
        (10, None)
    """
    if not regex:
        return len(pattern)
    try:
        high = int(_sre.parse(pattern, re.IGNORECASE).getwidth()[1])
    except (re.error, Warning):
        return None
    return None if high >= _UNBOUNDED else high


def group_width(pattern: re.Pattern[str], group: int) -> int:
    """The most characters group ``group`` of ``pattern`` can match.

    Examples:
        >>> group_width(re.compile(r"^\\s*(NEW|LIVE)(?=[A-Z])"), 1)
        4
    """
    parsed = _sre.parse(pattern.pattern, pattern.flags)
    todo = list(parsed)
    while todo:
        op, av = todo.pop()
        if op is _sre.SUBPATTERN and av[0] == group:
            return int(_sre.SubPattern(parsed.state, [(op, av)]).getwidth()[1])
        for value in av if isinstance(av, (tuple, list)) else ():
            if isinstance(value, _sre.SubPattern):
                todo.extend(value)
            elif isinstance(value, list):
                for branch in value:
                    if isinstance(branch, _sre.SubPattern):
                        todo.extend(branch)
    raise ValueError(f"no group {group} in {pattern.pattern!r}")
