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
from typing import Any

from rapidfuzz import fuzz

from ..errors import require
from ..rules import RuleMatcher, load_pack
from .common import FieldCensus, SiteBy, UnionFind, hash64, keywords_of, line_key, site_of
from .learned import Learned, LearnedRule, Rejected, checked_rules
from .templates import has_words, one_slot_apart, template_of
from .topics import TOPIC_WORDS, Topics

_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True, slots=True)
class LearnOptions:
    """The settings of ``learn_boilerplate`` (see there), validated once."""

    by: SiteBy = "outlet"
    field: str = "text"
    date_field: str = "date"
    min_share: float = 0.1
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
    distinct lines, its day, and the site as the other field names it (the registered
    domain of its url when learning by outlet, its outlet when learning by domain)."""

    hash: int
    lines: tuple[str, ...]
    day: str | None
    alias: str | None = None

    def order(self) -> tuple[str, str]:
        """Which of two records of one text a sample keeps (the smaller): a fixed choice,
        whatever order they come in."""
        return (self.day or "", self.alias or "")


@dataclass(slots=True)
class SiteSample:
    """A bounded, order-independent sample of one site's articles: the ``size``
    articles of smallest hash (a bottom-k sample), and how many articles were seen."""

    size: int
    seen: int = 0
    docs: dict[int, SiteDoc] = field(default_factory=dict)

    def add(self, doc: SiteDoc) -> SiteSample:
        self.seen += 1
        held = self.docs.get(doc.hash)
        if held is not None:  # the same article twice is one article
            if doc.order() < held.order():
                self.docs[doc.hash] = doc
            return self
        self.docs[doc.hash] = doc
        if len(self.docs) > 2 * self.size:
            self._trim()
        return self

    def merge(self, other: SiteSample) -> SiteSample:
        docs = dict(self.docs)
        for key, doc in other.docs.items():
            held = docs.get(key)
            if held is None or doc.order() < held.order():
                docs[key] = doc
        merged = SiteSample(self.size, self.seen + other.seen, docs)
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
    alias = site_of(record, "domain" if options.by == "outlet" else "outlet")
    return site, SiteDoc(hash64(text), tuple(lines), day, alias)


# --------------------------------------------------------------------------- one site


@dataclass(frozen=True, slots=True)
class _LineIndex:
    """Where each normalised line stands in a site's sample, and its raw forms."""

    postings: dict[str, list[int]]  # template -> indexes of the articles holding it
    forms: dict[str, Counter[str]]  # template -> raw lines and how often each was seen
    templates: dict[str, str]  # raw line -> its template

    @classmethod
    def of(cls, docs: Sequence[SiteDoc]) -> _LineIndex:
        postings: dict[str, list[int]] = defaultdict(list)
        forms: dict[str, Counter[str]] = defaultdict(Counter)
        templates: dict[str, str] = {}
        for index, doc in enumerate(docs):
            for line in doc.lines:
                key = templates.get(line)
                if key is None:
                    key = templates[line] = template_of(line)
                if not postings[key] or postings[key][-1] != index:
                    postings[key].append(index)
                forms[key][line] += 1
        return cls(postings, forms, templates)

    def by_frequency(self, keys: Iterable[str]) -> list[str]:
        """``keys``, the most frequent first (ties by the key: a fixed order)."""
        return sorted(keys, key=lambda k: (-len(self.postings[k]), k))

    def frequent_groups(self, similarity: float, needed: int) -> list[tuple[list[str], list[int]]]:
        """Groups of near-duplicate templates held together by at least ``needed``
        articles, with those articles' indexes. Variants may each be rarer than that,
        together not: any template seen in at least two articles is considered."""
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
                if _variants(key, other, similarity):
                    union.join(key, other)
            members.append(key)
    groups: dict[str, list[str]] = defaultdict(list)
    for key in keys:
        groups[union.find(key)].append(key)
    return list(groups.values())


def _variants(a: str, b: str, similarity: float) -> bool:
    """Whether two templates are wordings of one line: alike character by character, the
    same words but one or two (a section's name, a byline's), or (a pitch reworded:
    "Sign up for the X Brief…" / "Get the X Brief in your inbox…") sharing most of their
    words, at least ``_SHARED_WORDS`` of them, in either order."""
    if fuzz.ratio(a, b, score_cutoff=similarity):
        return True
    if one_slot_apart(a, b):  # "More politics news" / "More sports news"
        return True
    wa, wb = set(a.split()), set(b.split())
    shared = len(wa & wb)
    if shared < _SHARED_WORDS or shared < _SHARED_SHARE * max(len(wa), len(wb)):
        return False
    return bool(fuzz.token_set_ratio(a, b, score_cutoff=similarity))


_SHARED_WORDS = 6
_SHARED_SHARE = 0.6

_MAX_VARIANTS = 12  # templates one rule lists at most (the most frequent)


@dataclass(frozen=True, slots=True)
class _Candidate:
    """A group of near-duplicate lines frequent enough to learn, and its evidence."""

    keys: tuple[str, ...]  # templates, the most frequent first
    support: int
    examples: tuple[str, ...]
    words: int  # words of the longest raw form
    lift: float
    days: int | None
    topic: tuple[str, ...]  # topic words its articles share (see _Topics.shared)


def _candidate(
    keys: list[str],
    members: list[int],
    index: _LineIndex,
    docs: Sequence[SiteDoc],
    topics: Topics,
    dated: bool,
) -> _Candidate:
    kept = index.by_frequency(keys)[:_MAX_VARIANTS]
    if len(kept) < len(keys):  # the rarest variants are left out: count what is kept
        members = sorted({i for k in kept for i in index.postings[k]})
    forms = Counter[str]()
    for k in kept:
        forms.update(index.forms[k])
    return _Candidate(
        keys=tuple(kept),
        support=len(members),
        examples=tuple(sorted(forms, key=lambda f: (-forms[f], f))[:3]),
        words=max(len(f.split()) for f in forms),
        lift=topics.lift(members),
        days=len({docs[i].day for i in members if docs[i].day}) if dated else None,
        topic=tuple(topics.shared(members)),
    )


def _rejection(found: _Candidate, options: LearnOptions, site_days: int) -> str | None:
    """Why a frequent line is not boilerplate, or None when it is."""
    if not any(_LETTER.search(k) and has_words(k) for k in found.keys):
        return "no words of its own, only numbers or symbols"
    if found.words > options.max_words:
        return f"{found.words} words: longer than max_words={options.max_words}"
    if all(_known(e) for e in found.examples):
        return "already removed by the generic rule pack"
    if found.lift > options.max_topic_lift:
        return (
            f"its articles are {found.lift:.1f}x as alike as the site's: the same story "
            "quoted, not boilerplate"
        )
    if found.days is not None and found.days < min(options.min_days, site_days):
        return f"seen on {found.days} day(s) only: news of the day, not boilerplate"
    if len(found.topic) >= TOPIC_WORDS:
        return (
            f"its articles share a topic ({', '.join(found.topic[:4])}): reporting on "
            "one subject (a desk's stock sentence, a story's quote), not boilerplate"
        )
    return None


@lru_cache(maxsize=1)
def _generic_matcher() -> RuleMatcher:
    return RuleMatcher.build([load_pack("generic")])


def _known(line: str) -> bool:
    """Whether the generic pack, which every clean runs, already removes the line (no
    need to learn it). An outlet pack's rule does not count: it runs only on the
    articles it detects as that outlet's."""
    return _generic_matcher().match(line) is not None


def _slug(site: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", site.casefold())[:40].strip("-") or "site"


_SURROGATE = re.compile("[\ud800-\udfff]")


_ALIASES = 4  # other names of a site a rule carries at most
_ALIAS_SHARE = 0.05  # each named by at least this share of the site's sampled articles


def _aliases(site: str, docs: Sequence[SiteDoc]) -> tuple[str, ...]:
    """The site's other names (its domains when learned by outlet, its outlets when
    learned by domain), the commonest first: a rule applies to an article whichever of
    the two its source gives (``clean(..., source=url)`` or ``source=outlet``)."""
    counts = Counter(d.alias for d in docs if d.alias and d.alias != site)
    least = max(2, math.ceil(_ALIAS_SHARE * len(docs)))
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return tuple(name for name, n in ranked[:_ALIASES] if n >= least)


def _rule(
    site: str, found: _Candidate, site_docs: int, aliases: tuple[str, ...] = ()
) -> LearnedRule:
    digest = hashlib.blake2b(found.keys[0].encode(), digest_size=4).hexdigest()
    # a lone surrogate (from JSON) has no form in a pack file: checked as it is written
    examples = tuple(dict.fromkeys(_SURROGATE.sub("\ufffd", e) for e in found.examples))
    return LearnedRule(
        site=site,
        rule_id=f"learned.{_slug(site)}-{digest}",
        keys=found.keys,
        examples=examples,
        support=found.support,
        site_docs=site_docs,
        days=found.days,
        topic_lift=round(found.lift, 4),
        words=found.words,
        aliases=aliases,
    )


def learn_site(
    site: str, sample: SiteSample, options: LearnOptions
) -> tuple[list[LearnedRule], list[Rejected]]:
    """The finish step of learning for one site's sample: group the lines frequent
    enough, measure each group's topic spread and time spread, learn or hold it back."""
    learned, rejected, _ = _learn_site(site, sample, options)
    return learned, rejected


def _learn_site(
    site: str, sample: SiteSample, options: LearnOptions
) -> tuple[list[LearnedRule], list[Rejected], set[str]]:
    """``learn_site``, and the templates that recur in the site's sample (in two or more
    of its articles): which sites print a line is evidence too (see ``_not_quoted``)."""
    docs = sample.ordered()
    needed = max(options.min_docs, math.ceil(options.min_share * len(docs)))
    index = _LineIndex.of(docs)
    groups = index.frequent_groups(options.similarity, needed)
    frequent = {k for keys, _ in groups for k in keys}
    topics = Topics.of([d.lines for d in docs], frequent, index.templates)
    site_days = len({d.day for d in docs if d.day})
    aliases = _aliases(site, docs)
    learned: list[LearnedRule] = []
    rejected: list[Rejected] = []
    for keys, members in groups:
        found = _candidate(keys, members, index, docs, topics, dated=site_days > 0)
        reason = _rejection(found, options, site_days)
        if reason is None:
            learned.append(_rule(site, found, len(docs), aliases))
        else:
            rejected.append(Rejected(site, found.examples[0], found.support, reason))
    # every rule must catch its own examples where it runs, as loading the pack checks
    kept, dropped = checked_rules(learned)
    recurring = {k for k, posted in index.postings.items() if len(posted) >= 2}
    return kept, rejected + dropped, recurring


_SPEECH = re.compile(
    r"[\"\u201c\u201d\u00ab\u00bb\u201e]|\b(?:said|says|told|stated|declared|according to)\b",
    re.IGNORECASE,
)
_QUOTED_SITES = 3  # reported speech recurring on this many sites is a quoted statement


def _not_quoted(
    rules: list[LearnedRule], spread: Counter[str]
) -> tuple[list[LearnedRule], list[Rejected]]:
    """Hold back reported speech (quotation marks, "said") that recurs on several sites
    (``spread``: how many sites' samples hold each template in two or more articles): a
    site's boilerplate is its own, while a widely quoted statement is printed by many."""
    kept, held = [], []
    for rule in rules:
        sites = max(spread[k] for k in rule.keys)
        if sites >= _QUOTED_SITES and any(_SPEECH.search(e) for e in rule.examples):
            reason = f"reported speech printed by {sites} sites: a widely quoted statement"
            held.append(Rejected(rule.site, rule.examples[0], rule.support, reason))
        else:
            kept.append(rule)
    return kept, held


def finish_learning(
    samples: Mapping[str, SiteSample], skipped: int, options: LearnOptions
) -> Learned:
    """Learned rules for every site's merged sample, in a fixed order."""
    rules: list[LearnedRule] = []
    rejected: list[Rejected] = []
    spread = Counter[str]()
    for site in sorted(samples):
        got, held, recurring = _learn_site(site, samples[site], options)
        rules += got
        rejected += held
        spread.update(recurring)
    rules, quoted = _not_quoted(rules, spread)
    rejected += quoted
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
    min_share: float = 0.1,
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
    the same days, is not learned, nor is a desk's stock sentence, whose articles share
    a topic (``police``, ``officers``…) the site's others do not. Sites come from the
    ``outlet`` field or, with ``by="domain"``, the registered domain of the ``url`` (or
    ``domain``) field; when no record has that field, ConfigError says which fields the
    records have (after the first 1,000 records, or at the end). Lines are counted by
    template (``corpus.templates``): numbers, times, dates, month and day names, prices
    and counts are classes, so a rule catches every date, not the dates seen. Each rule
    applies to its own site only (``sites`` in the pack), and catches its own examples
    there, so the pack always loads. Each site is learned from a sample of at most
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
    census = FieldCensus()
    for record in records:
        if not census.with_site:  # until a record has a site field: then no more counting
            census = census.merge(FieldCensus.of(record, options.by))
            census.check(options.by, early=True)
        got = learn_features(record, options)
        if got is None:
            skipped += 1
            continue
        site, doc = got
        samples.setdefault(site, SiteSample(options.sample)).add(doc)
    census.check(options.by)
    return finish_learning(samples, skipped, options)
