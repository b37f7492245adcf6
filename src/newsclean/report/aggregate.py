"""The report's numbers, counted from the audit trails as articles pass: removals per rule,
family and outlet, the lines removed most often, guard hits, a histogram of the share of
words removed, and two bounded samples (the articles that lost most, and a seeded random
few)."""

from __future__ import annotations

import hashlib
import heapq
import math
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..model import Change, Cleaned
from ..rules import builtin_pack_names, load_pack

_TIDY = "tidy_whitespace"  # whitespace fixes are counted apart from removals and edits
_PRUNE_AT = 50_000  # distinct removed lines held before the rare ones are let go
#: Histogram bins of the share of words removed: nothing, then 5-point steps to 100 %.
SHARE_BINS = 21


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


def share_bin(share: float) -> int:
    """The histogram bin of a removed share: 0 for nothing removed, else ``k`` for a
    share in ``((k - 1) * 5 %, k * 5 %]``.

    Examples:
        >>> share_bin(0.0), share_bin(0.05), share_bin(0.051), share_bin(1.0)
        (0, 1, 2, 20)
    """
    if share <= 0:
        return 0
    # 20 steps of 5 points; round first so 0.15 (0.1499999...) falls in (10 %, 15 %]
    return min(SHARE_BINS - 1, max(1, math.ceil(round(share * 20, 9))))


@dataclass
class Sample:
    """One article shown in the report: ``key`` is its seeded content hash (what the random
    sample is drawn by), ``number`` its place in the input (1-based), ``order`` its
    content hash without the seed (what breaks ties among the most cleaned)."""

    key: int
    ident: str
    outlet: str
    text: str
    result: Cleaned
    number: int = 0
    order: int = 0

    @property
    def lines_removed(self) -> int:
        """Lines removed, whitespace fixes aside."""
        return sum(1 for c in self.result.changes if c.after is None and c.filter != _TIDY)

    def rank(self) -> tuple[float, int, int, int]:
        """What "lost most" orders by: the share of words removed, then the lines removed,
        then the content hash (so ties fall the same way whatever the input order)."""
        return (self.result.removed_share, self.lines_removed, -self.order, -self.number)


@dataclass
class Aggregates:
    """The numbers of a report, filled by ``add`` one article at a time."""

    sample_size: int = 12  # articles that lost most
    random_size: int = 4  # articles drawn at random (by seeded content hash)
    seed: int = 0
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
    share_histogram: list[int] = field(default_factory=lambda: [0] * SHARE_BINS)
    guard: float | None = None  # the max_removed_share the articles were judged by
    _most: list[tuple[tuple[float, int, int, int], Sample]] = field(default_factory=list)
    _random: list[tuple[int, int, Sample]] = field(default_factory=list)

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
        self.share_histogram[share_bin(result.removed_share)] += 1
        if result.max_removed_share is not None:
            self.guard = result.max_removed_share
        for change in result.changes:
            if change.filter == _TIDY:
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
        order = _content_key(text)
        key = _content_key(text, self.seed) if self.seed else order
        self._offer_sample(Sample(key, ident, outlet, text, result, self.articles, order))

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
        if self.sample_size > 0:
            ranked = (sample.rank(), sample)
            if len(self._most) < self.sample_size:
                heapq.heappush(self._most, ranked)
            elif ranked[0] > self._most[0][0]:
                heapq.heapreplace(self._most, ranked)
        # a bottom-k sample by seeded content hash: the same articles whatever the order.
        # It holds sample_size more than it shows, for those also among the most cleaned.
        keep = self.random_size + self.sample_size if self.random_size else 0
        item = (-sample.key, -sample.number, sample)
        if len(self._random) < keep:
            heapq.heappush(self._random, item)
        elif keep and (sample.key, sample.number) < (-self._random[0][0], -self._random[0][1]):
            heapq.heapreplace(self._random, item)

    @property
    def most_removed(self) -> list[Sample]:
        """The ``sample_size`` articles that lost the largest share of their words."""
        return [s for _, s in sorted(self._most, key=lambda t: t[0], reverse=True)]

    @property
    def random_sample(self) -> list[Sample]:
        """``random_size`` articles drawn by seeded content hash, none of them among
        ``most_removed``."""
        shown = {s.number for _, s in self._most}
        drawn = sorted((s for _, _, s in self._random), key=lambda s: (s.key, s.number))
        return [s for s in drawn if s.number not in shown][: self.random_size]

    @property
    def sample(self) -> list[Sample]:
        """Every article the report shows: the most cleaned first, then the random ones."""
        return [*self.most_removed, *self.random_sample]


def _content_key(text: str, seed: int = 0) -> int:
    salt = seed.to_bytes(16, "big", signed=True)
    digest = hashlib.blake2b(text.encode("utf-8", "replace"), digest_size=8, salt=salt)
    return int.from_bytes(digest.digest())


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
