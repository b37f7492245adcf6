"""The report's numbers, counted from the audit trails as articles pass: removals per rule,
family and outlet, the lines removed most often, guard hits, and a bounded sample."""

from __future__ import annotations

import hashlib
import heapq
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..model import Change, Cleaned
from ..rules import builtin_pack_names, load_pack

_PRUNE_AT = 50_000  # distinct removed lines held before the rare ones are let go


@lru_cache(maxsize=1)
def _builtin_families() -> dict[str, str]:
    return {r.id: r.family for n in builtin_pack_names() for r in load_pack(n).rules}


def rule_of(change: Change) -> str:
    """The rule behind a change: a rule id, ``heuristic.<name>``, ``model.<name>``, or the
    change's code.

    Examples:
        >>> change = Change("drop_promo", 3, "Ad", None, "promo", "generic.advertisement")
        >>> rule_of(change)
        'generic.advertisement'
    """
    if change.code in {"promo", "promo_span"} and change.rule:
        return change.rule
    return change.code


@dataclass
class Sample:
    """One article shown before and after."""

    key: int
    ident: str
    outlet: str
    text: str
    result: Cleaned


@dataclass
class Aggregates:
    """The numbers of a report, filled by ``add`` one article at a time."""

    sample_size: int = 12
    top: int = 25
    families: dict[str, str] = field(default_factory=dict)  # extra rule id -> family
    articles: int = 0
    rejected: int = 0
    lines_in: int = 0
    lines_removed: int = 0
    lines_edited: int = 0
    chars_repaired: int = 0
    words_in: int = 0
    words_removed: int = 0
    by_family: Counter[str] = field(default_factory=Counter)
    by_rule: Counter[str] = field(default_factory=Counter)
    by_outlet: Counter[str] = field(default_factory=Counter)
    by_outlet_family: Counter[tuple[str, str]] = field(default_factory=Counter)
    articles_by_outlet: Counter[str] = field(default_factory=Counter)
    removed_lines: Counter[str] = field(default_factory=Counter)
    unnamed: Counter[tuple[str, str]] = field(default_factory=Counter)  # (line, heuristic)
    over_cleaned: list[tuple[float, str, str]] = field(default_factory=list)
    over_cleaned_count: int = 0
    _sample: list[tuple[int, int, Sample]] = field(default_factory=list)

    def family(self, rule: str) -> str:
        """The family a rule's removals are counted under."""
        if rule.startswith("heuristic."):
            return "heuristic"
        if rule.startswith("caption_"):
            return "captions"
        return self.families.get(rule) or _builtin_families().get(rule) or rule.split(".")[0]

    def add(self, ident: str, outlet: str, text: str, result: Cleaned) -> None:
        """Count one cleaned article."""
        self.articles += 1
        self.articles_by_outlet[outlet] += 1
        self.lines_in += sum(1 for line in text.splitlines() if line and not line.isspace())
        self.words_in += result.words_in
        self.words_removed += result.removed_words
        for change in result.changes:
            if change.filter == "tidy_whitespace":
                continue
            if change.after is not None:
                self.lines_edited += 1
                self.chars_repaired += changed_chars(change.before, change.after)
            else:
                self._count_removal(outlet, change)
        if len(self.removed_lines) > _PRUNE_AT:
            _prune(self.removed_lines)
        if len(self.unnamed) > _PRUNE_AT:
            _prune(self.unnamed)
        if result.over_cleaned:
            self.over_cleaned_count += 1
            heapq.heappush(self.over_cleaned, (result.removed_share, ident, outlet))
            if len(self.over_cleaned) > self.top * 4:
                heapq.heappop(self.over_cleaned)  # keep the most cleaned
        self._offer_sample(Sample(_content_key(text), ident, outlet, text, result))

    def _count_removal(self, outlet: str, change: Change) -> None:
        self.lines_removed += 1
        rule = rule_of(change)
        family = self.family(rule)
        self.by_rule[rule] += 1
        self.by_family[family] += 1
        self.by_outlet[outlet] += 1
        self.by_outlet_family[outlet, family] += 1
        line = change.before.strip()
        self.removed_lines[line] += 1
        if rule.startswith("heuristic."):
            self.unnamed[line, rule] += 1

    def _offer_sample(self, sample: Sample) -> None:
        # a bottom-k sample by content hash: the same articles whatever the order
        item = (-sample.key, self.articles, sample)
        if len(self._sample) < self.sample_size:
            heapq.heappush(self._sample, item)
        elif sample.key < -self._sample[0][0]:
            heapq.heapreplace(self._sample, item)

    @property
    def sample(self) -> list[Sample]:
        return sorted((s for _, _, s in self._sample), key=lambda s: s.key)


def _content_key(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8", "replace"), digest_size=8).digest())


def _prune(counter: Counter[Any]) -> None:
    """Keep the commonest half of ``_PRUNE_AT`` entries (ties in the order first seen).

    Pruning down to half, not just the lines seen once, keeps the work linear: the next
    prune is at least ``_PRUNE_AT / 2`` new lines away, whatever the counts look like."""
    keep = heapq.nlargest(_PRUNE_AT // 2, counter.items(), key=lambda kv: kv[1])
    counter.clear()
    counter.update(dict(keep))


def changed_chars(before: str, after: str) -> int:
    """Characters an edit took out or put in (the larger of the two counts), in linear
    time: a repair replaces characters (``Ã©`` → ``é``), it rarely moves them.

    Examples:
        >>> changed_chars("cafÃ© au lait", "café au lait")
        2
        >>> changed_chars("a\u00a0b", "a b")
        1
    """
    removed, added = Counter(before), Counter(after)
    removed.subtract(after)
    added.subtract(before)
    return max(sum(v for v in removed.values() if v > 0), sum(v for v in added.values() if v > 0))
