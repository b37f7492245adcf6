"""Rule matching: one Aho-Corasick pass says which rules can fire on a line, then only
those rules' patterns run; plus outlet detection and glued-label stripping."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

import ahocorasick

from .base import (
    _CHARS_PER_WORD,
    _TRAILING_CHARS,
    MATCH_MODES,
    SENTENCE_FAMILIES,
    MatchMode,
    Pattern,
    Rule,
    RulePack,
    _compile,
    literal_key,
    match_key,
    required_literals,
)
from .literal_gate import (
    HEAD,
    LINE,
    TAIL,
    Clause,
    LiteralGate,
    Shape,
    group_width,
    required_clauses,
    shape,
)

# Outlet labels that scrapers glue onto the next word: "NEWYou can now listen…".
_GLUED_LABEL = re.compile(
    r"^\s*(NEW|ADVERTISEMENT|ADVERTISING|VIDEO|WATCH|LISTEN|LIVE|EXCLUSIVE|BREAKING|UPDATE[SD]?)"
    r"(?=[A-Z][a-z])"
)


def strip_glued_label(line: str) -> str | None:
    """The line without a glued all-caps label, or None when it has none.

    Examples:
        >>> strip_glued_label("NEWYou can now listen")
        'You can now listen'
    """
    m = _GLUED_LABEL.match(line)
    return line[m.end() :] if m else None


_MODE_ORDER: dict[MatchMode, int] = {"line": 0, "start": 1, "end": 2, "short": 3}
#: Walk the small automata of long rules and promo-sentence rules instead of every
#: literal's hits; False walks the full automaton (the slow oracle; same answers).
FAST_PREFILTER = True
# The longest glued label: a rule is also tried on the line less such a label, so its
# literal may begin this much further from the line's start.
_LABEL_MARGIN = group_width(_GLUED_LABEL, 1)

_Compiled = list[tuple[Pattern, Rule, frozenset[str] | None]]


def _wide_automaton(compiled: _Compiled, short_limit: int) -> Any:
    """literal -> the most words a rule with that literal judges, over the rules that
    judge lines longer than ``short_limit``; None when there are none."""
    most: dict[str, int] = {}
    for _, rule, literals in compiled:
        if literals is not None and rule.max_words > short_limit:
            for literal in literals:
                most[literal] = max(most.get(literal, 0), rule.max_words)
    return _automaton(most)


def _sentence_automaton(compiled: _Compiled) -> Any:
    """The literals of the promo-sentence rules (``Rule.promo_sentence``); None when there
    are none."""
    found = {
        literal: literal
        for _, rule, literals in compiled
        if literals is not None and rule.promo_sentence
        for literal in literals
    }
    return _automaton(found)


def _clauses(rule: Rule) -> list[Clause]:
    """The clauses of ``rule`` as matched on a line's ``match_key``: a literal rule's
    key as it is, a regex's required pieces; start and line rules match at the start."""
    anchored = rule.match in ("start", "line")
    if rule.regex:
        return required_clauses(rule.pattern, anchored=anchored)
    return required_clauses(literal_key(rule.pattern), regex=False, anchored=anchored)


def _shape(rule: Rule) -> Shape | None:
    """What a whole-line rule's match holds at most (None: not a whole-line rule)."""
    if rule.match != "line":
        return None
    if rule.regex:
        return shape(rule.pattern)
    return shape(literal_key(rule.pattern), regex=False)


def _gate(
    compiled: _Compiled, exact: dict[str, Rule], short_limit: int, long_literals: frozenset[str]
) -> LiteralGate:
    """The selective gate: the rules that judge lines longer than ``short_limit`` words
    (``LINE``) and the promo-sentence rules, literal whole-line ones included (``HEAD``
    for a paragraph's first sentence, ``TAIL`` for its last)."""
    Rules = list[tuple[list[Clause], int | None, Shape | None]]
    long_rules: Rules = [
        (_clauses(rule), rule.max_words, _shape(rule))
        for _, rule, _ in compiled
        if rule.max_words > short_limit
    ]
    sentence: Rules = [
        (_clauses(rule), None, _shape(rule)) for _, rule, _ in compiled if rule.promo_sentence
    ]
    sentence += [
        ([Clause(frozenset({key}), 0)], None, shape(key, regex=False))
        for key, rule in exact.items()
        if rule.promo_sentence
    ]
    questions: dict[int, Rules] = {LINE: long_rules, HEAD: sentence, TAIL: sentence}
    return LiteralGate.build(questions, margin=_LABEL_MARGIN, literals=long_literals)


def _automaton(values: dict[str, Any]) -> Any:
    if not values:
        return None
    automaton = ahocorasick.Automaton()
    for literal, value in values.items():
        automaton.add_word(literal, value)
    automaton.make_automaton()
    return automaton


@dataclass(frozen=True, slots=True)
class RuleMatcher:
    """Compiled rules. Literal whole-line rules are one dict lookup; every other rule is
    tried only when one of its required literals occurs in the line (found in one pass
    by an Aho-Corasick automaton), or always when it has none. Rules are tried in a
    fixed priority: by match mode (line, start, end, short), then in pack order."""

    exact: dict[str, Rule]
    ordered: tuple[tuple[Pattern, Rule], ...]  # by priority
    always: tuple[int, ...]  # priorities of rules without required literals
    automaton: Any  # ahocorasick.Automaton: literal -> priorities of its rules
    long_automaton: Any  # literals of the rules that can matter on a long line
    longest_line_rule: int
    max_words: int
    always_max_words: int  # the longest line a rule without literals may judge
    # literal -> the most words any of its rules longer than always_max_words judges
    wide_automaton: Any = None
    sentence_automaton: Any = None  # literals of the promo-sentence families' rules
    scoped: bool = False  # some rule applies to named sites only (a learned pack's)
    site: str | None = None  # the document's site (a site_key): for_site sets it
    # the selective gate: rules that judge lines past always_max_words (LINE), and the
    # promo-sentence rules at a paragraph's start (HEAD) and in its last characters (TAIL)
    gate: LiteralGate | None = None

    def for_site(self, site: str | None) -> RuleMatcher:
        """This matcher for a document of ``site`` (a ``site_key``, None when unknown): a
        site's rules then match only there. Shares every compiled part (no rebuild)."""
        if not self.scoped or site == self.site:
            return self
        return replace(self, site=site)

    @property
    def by_mode(self) -> dict[MatchMode, tuple[tuple[Pattern, Rule], ...]]:
        """The compiled rules grouped by match mode (for tests and tools)."""
        return {m: tuple(p for p in self.ordered if p[1].match == m) for m in MATCH_MODES}

    @property
    def max_chars(self) -> int:
        """The longest line (in characters) any rule judges."""
        return _CHARS_PER_WORD * self.max_words

    @classmethod
    def build(
        cls,
        packs: Iterable[RulePack],
        *,
        source: str = "",
        disabled: frozenset[str] = frozenset(),
    ) -> RuleMatcher:
        """Compile ``packs`` (less the ``disabled`` rule ids and families)."""
        exact: dict[str, Rule] = {}
        compiled: list[tuple[Pattern, Rule, frozenset[str] | None]] = []
        longest = 0
        most_words = 0
        for pack in packs:
            for rule in pack.rules:
                if rule.id in disabled or rule.family in disabled:
                    continue
                pattern = _compile(rule, pack.source or source, pack.trusted)
                most_words = max(most_words, rule.max_words)
                if rule.match == "line" and not rule.regex and not rule.sites:
                    # (a site's literal rule goes with the rest: two sites may share a key)
                    key = literal_key(rule.pattern)
                    exact.setdefault(key, rule)
                    longest = max(longest, len(key))
                else:
                    literals = (
                        required_literals(rule.pattern)
                        if rule.regex
                        else frozenset({literal_key(rule.pattern)})
                    )
                    compiled.append((pattern, rule, literals))
        compiled.sort(key=lambda item: _MODE_ORDER[item[1].match])  # stable: pack order kept
        automaton = ahocorasick.Automaton()
        always: list[int] = []
        index: dict[str, list[int]] = {}
        for priority, (_, _, literals) in enumerate(compiled):
            if literals is None:
                always.append(priority)
            else:
                for literal in literals:
                    index.setdefault(literal, []).append(priority)
        for literal, priorities in index.items():
            automaton.add_word(literal, tuple(priorities))
        if index:
            automaton.make_automaton()
        short_limit = max(
            [max((k.count(" ") + 1 for k in exact), default=0)]
            + [compiled[i][1].max_words for i in always]
        )
        long_automaton = ahocorasick.Automaton()
        long_words = 0
        long_literals: set[str] = set()
        for _, rule, literals in compiled:
            if literals is None:
                continue
            sentence = rule.promo_sentence and rule.match != "line"
            if rule.max_words > short_limit or sentence:
                for literal in literals:
                    long_automaton.add_word(literal, literal)
                    long_literals.add(literal)
                    long_words += 1
        if long_words:
            long_automaton.make_automaton()
        return cls(
            exact=exact,
            ordered=tuple((p, r) for p, r, _ in compiled),
            always=tuple(always),
            automaton=automaton if index else None,
            long_automaton=long_automaton if long_words else None,
            longest_line_rule=longest,
            max_words=most_words,
            always_max_words=short_limit,
            wide_automaton=_wide_automaton(compiled, short_limit),
            sentence_automaton=_sentence_automaton(compiled),
            scoped=any(rule.sites for _, rule, _ in compiled),
            gate=_gate(compiled, exact, short_limit, frozenset(long_literals)),
        )

    def match(
        self,
        line: str,
        *,
        words: int | None = None,
        folded: str | None = None,
        sentences: bool = False,
    ) -> Rule | None:
        """The first rule that catches ``line`` (glued labels set aside), or None.

        ``words`` (its word count) and ``folded`` (``line.casefold()``) may be passed
        by a caller that has them already. ``sentences``: only promo-sentence rules
        (``Rule.promo_sentence``) count, for a sentence cut from a paragraph's edge."""
        # Every rule judges lines of at most max_words words: a paragraph of reporting
        # is longer, and is passed over without normalising it (the common case). The
        # length cap also bounds what any regex sees, whatever the pattern.
        if words is None:
            words = len(line.split())
        if len(line) > self.max_chars or words > self.max_words:
            return None
        if words > self.always_max_words and not self._long_rule_applies(
            folded if folded is not None else line.casefold(), words
        ):
            return None  # no rule that judges lines this long has its literal here
        hit = self._match_one(line, sentences)
        if hit is None:
            unglued = strip_glued_label(line)
            if unglued is not None:
                hit = self._match_one(unglued, sentences)
        return hit

    def survey(
        self,
        line: str,
        folded: str,
        parts: list[str],
        edges: tuple[int, int, re.Pattern[str] | None],
    ) -> tuple[bool, bool, bool]:
        """(``has_literal(folded)``, may a rule match ``line``, may a promo-sentence rule
        match a sentence at its start or in its end), in one pass over ``folded`` (the
        last two from the selective gate; False proves not; True when there is no
        literal).

        ``folded`` is ``line.casefold()`` and ``parts`` its ``split()``, more words than
        ``always_max_words``. ``edges`` = (head_chars, tail_chars, after): the sentence at
        the start lies in ``line[:head_chars]``, the one at the end in
        ``line[-tail_chars:]`` and, in the key, right after a match of ``after``; their
        keys are a prefix and a suffix of the line's key, no longer than those stretches
        case folded (at most three characters per character; exactly one for ASCII).
        The gate reads its literals
        between quotes, so curly quotes may stay; but its words must be one space apart:
        where ``folded`` is not, the gate asks again on the spaces folded.
        """
        if self.gate is None:
            return self.has_literal(folded), True, True
        head_chars, tail_chars, after = edges
        grow = 1 if line.isascii() else 3
        head_end, tail_cut = grow * head_chars, grow * tail_chars
        whole, head, tail, found = self.gate.answer(
            folded, len(parts), head_end, len(folded) - tail_cut, after
        )
        if not found:
            return False, True, True
        key = folded
        if not (whole and (head or tail)):  # a "no" holds on the key's spacing only
            key = " ".join(parts)
            if key != folded:
                whole, head, tail, _ = self.gate.answer(
                    key, len(parts), head_end, len(key) - tail_cut, after
                )
        if (
            self.exact
            and len(key.rstrip(_TRAILING_CHARS)) <= self.longest_line_rule + _LABEL_MARGIN
        ):
            whole = True  # a literal whole-line rule may still take it (trailing marks aside)
        return True, whole, head or tail

    def has_literal(self, folded: str) -> bool:
        """Whether a literal of a rule that can matter on a long line (a long rule, or a
        promo-sentence rule) occurs in ``line``: one C-speed pass. A long line with none
        matches no rule and holds no promo sentence."""
        if self.long_automaton is None:
            return False
        return next(self.long_automaton.iter(folded), None) is not None

    def _long_rule_applies(self, folded: str, words: int) -> bool:
        if FAST_PREFILTER and words > self.always_max_words:
            # only the literals of rules that judge lines this long: few hits to walk
            if self.wide_automaton is None:
                return False
            return any(most >= words for _, most in self.wide_automaton.iter(folded))
        if self.automaton is None:
            return False
        for _, priorities in self.automaton.iter(folded):
            for priority in priorities:
                if self.ordered[priority][1].max_words >= words:
                    return True
        return False

    def mentions(self, folded: str, families: frozenset[str]) -> bool:
        """Whether ``folded`` (case-folded text) holds a required literal of some rule of
        these families: a cheap test before looking for promo sentences in a paragraph.
        Asked for ``SENTENCE_FAMILIES``, the rules marked ``sentence = true`` count too."""
        if FAST_PREFILTER and families == SENTENCE_FAMILIES:
            if self.sentence_automaton is None:
                return False
            return next(self.sentence_automaton.iter(folded), None) is not None
        if self.automaton is None:
            return False
        for _, priorities in self.automaton.iter(folded):
            for priority in priorities:
                rule = self.ordered[priority][1]
                if rule.family in families or (families == SENTENCE_FAMILIES and rule.sentence):
                    return True
        return False

    def _candidates(self, key: str) -> list[int]:
        found = set(self.always)
        if self.automaton is not None:
            for _, priorities in self.automaton.iter(key):
                found.update(priorities)
        return sorted(found)

    def _match_one(self, line: str, sentences: bool = False) -> Rule | None:
        key = match_key(line)
        if not key:
            return None
        bare = key.rstrip(_TRAILING_CHARS)
        if len(bare) <= self.longest_line_rule:
            rule = self.exact.get(bare)
            if (
                rule is not None
                and (not self.scoped or rule.applies_to(self.site))
                and (rule.promo_sentence or not sentences)
            ):
                return rule
        # Rules drop the whole line, so each judges only lines of at most its
        # max_words: a long paragraph that merely contains promo is reporting.
        words = key.count(" ") + 1
        for priority in self._candidates(key):
            pattern, rule = self.ordered[priority]
            if words > rule.max_words or (sentences and not rule.promo_sentence):
                continue
            if self.scoped and not rule.applies_to(self.site):
                continue  # another site's learned rule
            mode = rule.match
            if mode == "line":
                if pattern.fullmatch(bare) or pattern.fullmatch(key):
                    return rule
            elif mode == "start":
                if pattern.match(key):
                    return rule
            elif mode == "end":
                if pattern.search(bare):
                    return rule
            elif pattern.search(key):
                return rule
        return None
