"""A site's topics: each article's topic words, how alike the site's articles are, and
which words mark a set of articles out from the rest. A line whose articles share a topic
is reporting on one subject (a story's quote, a desk's stock sentence), not boilerplate."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

from .common import WORD

_STOP = frozenset(
    (
        "about",
        "after",
        "also",
        "because",
        "been",
        "before",
        "being",
        "could",
        "from",
        "have",
        "into",
        "just",
        "more",
        "most",
        "only",
        "other",
        "over",
        "said",
        "says",
        "should",
        "some",
        "than",
        "that",
        "their",
        "them",
        "there",
        "these",
        "they",
        "this",
        "those",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "will",
        "with",
        "would",
        "year",
        "years",
        "your",
    )
)
_TOPIC_DOCS = 24  # articles compared per line (the first by hash: 276 pairs at most)
_TOPIC_SHARE = 0.6  # a word marking a line's articles out stands in this share of them…
_TOPIC_Z = 4.0  # …far above the rest of the site (a two-proportion z-score)…
TOPIC_WORDS = 2  # …and at least this many such words make a topic
_TOPIC_ALL = 0.9  # a line in this share of a site's articles has no topic of its own


def _topic_words(lines: Iterable[str]) -> frozenset[str]:
    return frozenset(
        w
        for line in lines
        for w in WORD.findall(line.casefold())
        if len(w) >= 4 and w.isalpha() and w not in _STOP
    )


def _mean_jaccard(sets: Sequence[frozenset[str]]) -> float:
    pairs = [(a, b) for a, b in combinations(sets, 2) if a or b]
    if not pairs:
        return 0.0
    return sum(len(a & b) / len(a | b) for a, b in pairs) / len(pairs)


@dataclass(frozen=True, slots=True)
class Topics:
    """Each article's topic words (its lines but the frequent ones), and how alike the
    site's articles are in general: the baseline a line's articles are measured against."""

    words: list[frozenset[str]]
    baseline: float
    df: Counter[str]  # articles of the site holding each topic word

    @classmethod
    def of(
        cls, docs: Sequence[Sequence[str]], frequent: set[str], templates: Mapping[str, str]
    ) -> Topics:
        """The topics of articles (each its distinct lines), less the ``frequent``
        templates' lines (``templates`` gives each line's)."""
        words = [
            _topic_words(line for line in lines if templates[line] not in frequent)
            for lines in docs
        ]
        df = Counter(w for ws in words for w in ws)
        return cls(words, max(_mean_jaccard(words[:_TOPIC_DOCS]), 0.01), df)

    def lift(self, members: Sequence[int]) -> float:
        """How much more alike these articles are than the site's (1: as alike)."""
        return _mean_jaccard([self.words[i] for i in members[:_TOPIC_DOCS]]) / self.baseline

    def shared(self, members: Sequence[int]) -> list[str]:
        """The topic words that mark these articles out from the site's others: each in
        at least ``_TOPIC_SHARE`` of them and far more often than in the rest (a
        two-proportion z-score of ``_TOPIC_Z``). A desk's stock sentence ("Anyone with
        information is asked to call police") stands in articles of one topic, even on a
        site that is half police news; a site's boilerplate in articles of any topic, so
        none of their words stands out."""
        total, size = len(self.words), len(members)
        rest = total - size
        if size >= _TOPIC_ALL * total or rest < 1:
            return []  # (nearly) every article: no topic to share
        counts = Counter(w for i in members for w in self.words[i])
        found = []
        for word, count in counts.items():
            if count < _TOPIC_SHARE * size:
                continue
            inside, outside = count / size, (self.df[word] - count) / rest
            pooled = self.df[word] / total
            spread = math.sqrt(pooled * (1 - pooled) * (1 / size + 1 / rest))
            if spread > 0 and (inside - outside) / spread >= _TOPIC_Z:
                found.append((-count, word))
        return [w for _, w in sorted(found)]
