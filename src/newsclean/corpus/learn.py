"""Boilerplate learned from a site's own articles: the lines that recur across a large
share of one site's articles on different topics and days, written as a rule pack."""

from __future__ import annotations

import hashlib
import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations
from typing import Any

from rapidfuzz import fuzz

from ..errors import require
from ..rules import RuleMatcher, builtin_pack_names, load_pack
from .common import WORD, SiteBy, UnionFind, hash64, keywords_of, line_key, site_of
from .learned import Learned, LearnedRule, Rejected

_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True, slots=True)
class LearnOptions:
    """The settings of ``learn_boilerplate`` (see there), validated once."""

    by: SiteBy = "outlet"
    field: str = "text"
    date_field: str = "date"
    min_share: float = 0.2
    min_docs: int = 5
    min_days: int = 3
    max_topic_lift: float = 2.0
    sample: int = 2000
    max_words: int = 120
    similarity: float = 90.0

    def __post_init__(self) -> None:
        require(
            self.by in ("outlet", "domain"),
            "learn_boilerplate",
            "by",
            "'outlet' or 'domain'",
            self.by,
        )
        require(
            0 < self.min_share <= 1,
            "learn_boilerplate",
            "min_share",
            "a share above 0 and at most 1",
            self.min_share,
        )
        for name in ("min_docs", "min_days", "sample", "max_words"):
            value = getattr(self, name)
            ok = isinstance(value, int) and not isinstance(value, bool) and value >= 1
            require(ok, "learn_boilerplate", name, "a whole number of at least 1", value)
        require(
            self.min_docs >= 2,
            "learn_boilerplate",
            "min_docs",
            "at least 2 (one article proves nothing)",
            self.min_docs,
        )
        require(
            self.max_topic_lift >= 1,
            "learn_boilerplate",
            "max_topic_lift",
            "a ratio of at least 1",
            self.max_topic_lift,
        )
        require(
            50 <= self.similarity <= 100,
            "learn_boilerplate",
            "similarity",
            "a score from 50 to 100",
            self.similarity,
        )
        require(
            self.max_words <= 120,
            "learn_boilerplate",
            "max_words",
            "at most 120 (the rule pack limit)",
            self.max_words,
        )

    @classmethod
    def from_keywords(cls, **keywords: Any) -> LearnOptions:
        """The options for ``learn_boilerplate``'s keyword arguments, read by its own
        signature: exactly its names and defaults (``newsclean.dask`` forwards to this).

        Examples:
            >>> LearnOptions.from_keywords(min_docs=3).min_docs
            3
        """
        return cls(**keywords_of(learn_boilerplate, keywords))


@dataclass(frozen=True, slots=True)
class SiteDoc:
    """What learning keeps of one article: its hash (which orders the sample), its
    distinct lines and its day."""

    hash: int
    lines: tuple[str, ...]
    day: str | None


@dataclass(slots=True)
class SiteSample:
    """A bounded, order-independent sample of one site's articles: the ``size``
    articles of smallest hash (a bottom-k sample), and how many articles were seen."""

    size: int
    seen: int = 0
    docs: dict[int, SiteDoc] = field(default_factory=dict)

    def add(self, doc: SiteDoc) -> SiteSample:
        self.seen += 1
        if doc.hash in self.docs:
            return self  # the same article twice is one article
        self.docs[doc.hash] = doc
        if len(self.docs) > 2 * self.size:
            self._trim()
        return self

    def merge(self, other: SiteSample) -> SiteSample:
        merged = SiteSample(self.size, self.seen + other.seen, {**self.docs, **other.docs})
        merged._trim()
        return merged

    def _trim(self) -> None:
        if len(self.docs) > self.size:
            keep = heapq.nsmallest(self.size, self.docs)
            self.docs = {h: self.docs[h] for h in keep}

    def ordered(self) -> list[SiteDoc]:
        self._trim()
        return [self.docs[h] for h in sorted(self.docs)]


def learn_features(record: Any, options: LearnOptions) -> tuple[str, SiteDoc] | None:
    """The map step of learning: (site, SiteDoc) for one record, or None when the
    record has no site or no text."""
    if not isinstance(record, Mapping):
        return None
    site = site_of(record, options.by)
    text = record.get(options.field)
    if site is None or not isinstance(text, str):
        return None
    seen: set[str] = set()
    lines: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        key = line_key(line)
        if key and key not in seen:
            seen.add(key)
            lines.append(line)
    day = record.get(options.date_field)
    day = str(day)[:10] if day not in (None, "") else None
    return site, SiteDoc(hash64(text), tuple(lines), day)


# --------------------------------------------------------------------------- one site


@dataclass(frozen=True, slots=True)
class _LineIndex:
    """Where each normalised line stands in a site's sample, and its raw forms."""

    postings: dict[str, list[int]]  # key -> indexes of the articles holding it
    forms: dict[str, Counter[str]]  # key -> raw lines and how often each was seen

    @classmethod
    def of(cls, docs: Sequence[SiteDoc]) -> _LineIndex:
        postings: dict[str, list[int]] = defaultdict(list)
        forms: dict[str, Counter[str]] = defaultdict(Counter)
        for index, doc in enumerate(docs):
            for line in doc.lines:
                key = line_key(line)
                postings[key].append(index)
                forms[key][line] += 1
        return cls(postings, forms)

    def by_frequency(self, keys: Iterable[str]) -> list[str]:
        """``keys``, the most frequent first (ties by the key: a fixed order)."""
        return sorted(keys, key=lambda k: (-len(self.postings[k]), k))

    def frequent_groups(self, similarity: float, needed: int) -> list[tuple[list[str], list[int]]]:
        """Groups of near-duplicate keys held together by at least ``needed`` articles,
        with those articles' indexes. Variants may each be rarer than that, together
        not: any key seen in at least two articles is considered."""
        pool = self.by_frequency(k for k, p in self.postings.items() if len(p) >= 2)
        groups = []
        for keys in _variant_groups(pool, similarity):
            members = sorted({i for k in keys for i in self.postings[k]})
            if len(members) >= needed:
                groups.append((keys, members))
        return groups


def _variant_groups(keys: list[str], similarity: float) -> list[list[str]]:
    """Group near-duplicate keys: keys sharing their first or last two words are
    compared (never all pairs), and joined when their ratio reaches ``similarity``."""
    union = UnionFind()
    buckets: dict[tuple[str, str], list[str]] = defaultdict(list)
    for key in keys:
        words = key.split()
        for bucket in (("head", " ".join(words[:2])), ("tail", " ".join(words[-2:]))):
            members = buckets[bucket]
            for other in members[-16:]:  # bounded work per key
                if fuzz.ratio(key, other, score_cutoff=similarity):
                    union.join(key, other)
            members.append(key)
    groups: dict[str, list[str]] = defaultdict(list)
    for key in keys:
        groups[union.find(key)].append(key)
    return list(groups.values())


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
class _Topics:
    """Each article's topic words (its lines but the frequent ones), and how alike the
    site's articles are in general: the baseline a line's articles are measured against."""

    words: list[frozenset[str]]
    baseline: float

    @classmethod
    def of(cls, docs: Sequence[SiteDoc], frequent: set[str]) -> _Topics:
        words = [
            _topic_words(line for line in d.lines if line_key(line) not in frequent) for d in docs
        ]
        return cls(words, max(_mean_jaccard(words[:_TOPIC_DOCS]), 0.01))

    def lift(self, members: Sequence[int]) -> float:
        """How much more alike these articles are than the site's (1: as alike)."""
        return _mean_jaccard([self.words[i] for i in members[:_TOPIC_DOCS]]) / self.baseline


@dataclass(frozen=True, slots=True)
class _Candidate:
    """A group of near-duplicate lines frequent enough to learn, and its evidence."""

    keys: tuple[str, ...]  # the most frequent first
    support: int
    examples: tuple[str, ...]
    words: int
    lift: float
    days: int | None


def _candidate(
    keys: list[str],
    members: list[int],
    index: _LineIndex,
    docs: Sequence[SiteDoc],
    topics: _Topics,
    dated: bool,
) -> _Candidate:
    forms = Counter[str]()
    for k in keys:
        forms.update(index.forms[k])
    return _Candidate(
        keys=tuple(index.by_frequency(keys)),
        support=len(members),
        examples=tuple(sorted(forms, key=lambda f: (-forms[f], f))[:3]),
        words=max(len(k.split()) for k in keys),
        lift=topics.lift(members),
        days=len({docs[i].day for i in members if docs[i].day}) if dated else None,
    )


def _rejection(found: _Candidate, options: LearnOptions, site_days: int) -> str | None:
    """Why a frequent line is not boilerplate, or None when it is."""
    if not any(_LETTER.search(k) for k in found.keys):
        return "no words, only numbers or symbols"
    if found.words > options.max_words:
        return f"{found.words} words: longer than max_words={options.max_words}"
    if all(_known(e) for e in found.examples):
        return "already removed by a built-in rule"
    if found.lift > options.max_topic_lift:
        return (
            f"its articles are {found.lift:.1f}x as alike as the site's: the same story "
            "quoted, not boilerplate"
        )
    if found.days is not None and found.days < min(options.min_days, site_days):
        return f"seen on {found.days} day(s) only: news of the day, not boilerplate"
    return None


@lru_cache(maxsize=1)
def _builtin_matcher() -> RuleMatcher:
    return RuleMatcher.build([load_pack(n) for n in builtin_pack_names()])


def _known(line: str) -> bool:
    """Whether a built-in rule already removes the line (no need to learn it)."""
    return _builtin_matcher().match(line) is not None


def _slug(site: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", site.casefold()).strip("-") or "site"


def _rule(site: str, found: _Candidate, site_docs: int) -> LearnedRule:
    digest = hashlib.blake2b(found.keys[0].encode(), digest_size=4).hexdigest()
    return LearnedRule(
        site=site,
        rule_id=f"learned.{_slug(site)}-{digest}",
        keys=found.keys[:8],
        examples=found.examples,
        support=found.support,
        site_docs=site_docs,
        days=found.days,
        topic_lift=round(found.lift, 4),
    )


def learn_site(
    site: str, sample: SiteSample, options: LearnOptions
) -> tuple[list[LearnedRule], list[Rejected]]:
    """The finish step of learning for one site's sample: group the lines frequent
    enough, measure each group's topic spread and time spread, learn or hold it back."""
    docs = sample.ordered()
    needed = max(options.min_docs, math.ceil(options.min_share * len(docs)))
    index = _LineIndex.of(docs)
    groups = index.frequent_groups(options.similarity, needed)
    topics = _Topics.of(docs, frequent={k for keys, _ in groups for k in keys})
    site_days = len({d.day for d in docs if d.day})
    learned: list[LearnedRule] = []
    rejected: list[Rejected] = []
    for keys, members in groups:
        found = _candidate(keys, members, index, docs, topics, dated=site_days > 0)
        reason = _rejection(found, options, site_days)
        if reason is None:
            learned.append(_rule(site, found, len(docs)))
        else:
            rejected.append(Rejected(site, found.examples[0], found.support, reason))
    return learned, rejected


def finish_learning(
    samples: Mapping[str, SiteSample], skipped: int, options: LearnOptions
) -> Learned:
    """Learned rules for every site's merged sample, in a fixed order."""
    rules: list[LearnedRule] = []
    rejected: list[Rejected] = []
    for site in sorted(samples):
        got, held = learn_site(site, samples[site], options)
        rules += got
        rejected += held
    rules.sort(key=lambda r: (r.site, -r.support, r.rule_id))
    rejected.sort(key=lambda r: (r.site, -r.support, r.example))
    sites = {
        s: (samples[s].seen, min(len(samples[s].docs), samples[s].size)) for s in sorted(samples)
    }
    return Learned(tuple(rules), tuple(rejected), sites, skipped)


def learn_boilerplate(
    records: Iterable[Mapping[str, Any]],
    *,
    by: SiteBy = "outlet",
    min_share: float = 0.2,
    min_docs: int = 5,
    min_days: int = 3,
    max_topic_lift: float = 2.0,
    sample: int = 2000,
    field: str = "text",
    date_field: str = "date",
    similarity: float = 90.0,
) -> Learned:
    """Learn each site's boilerplate from its own articles.

    A line is learned for a site when it (or a near-duplicate variant, ``similarity``
    by rapidfuzz ratio) stands in at least ``min_docs`` and at least ``min_share`` of the
    site's articles, those articles are about different things (their other words are
    no more than ``max_topic_lift`` times as alike as the site's articles in general)
    and, when records carry a ``date_field``, were published on at least ``min_days``
    days. So a widely quoted statement, which recurs in articles on the same story in
    the same days, is not learned. Sites come from the ``outlet`` field or, with
    ``by="domain"``, the ``url``. Each site is learned from a sample of at most
    ``sample`` articles (those of smallest content hash), so memory is bounded and the
    result does not depend on the records' order.

    Examples:
        >>> topics = ["rain", "budget", "election", "harvest", "football", "museum"]
        >>> docs = [
        ...     {"outlet": "Planet", "text": f"On the {t}.\\nThe Planet Briefing, every weekday."}
        ...     for t in topics
        ... ]
        >>> learned = learn_boilerplate(docs)
        >>> [r.examples[0] for r in learned.rules]
        ['The Planet Briefing, every weekday.']
    """
    options = LearnOptions(
        by=by,
        field=field,
        date_field=date_field,
        min_share=min_share,
        min_docs=min_docs,
        min_days=min_days,
        max_topic_lift=max_topic_lift,
        sample=sample,
        similarity=similarity,
    )
    samples: dict[str, SiteSample] = {}
    skipped = 0
    for record in records:
        got = learn_features(record, options)
        if got is None:
            skipped += 1
            continue
        site, doc = got
        samples.setdefault(site, SiteSample(options.sample)).add(doc)
    return finish_learning(samples, skipped, options)
