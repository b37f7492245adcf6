"""Corpus scale: boilerplate learned from a site's own articles, and near-duplicate articles.

Both work in three steps so that the same code runs in one process and on Dask
(``newsclean.dask``): a per-record *map* (features of one article), a *merge* that is
associative, commutative and bounded in memory, and a *finish* on the merged state. The
result depends only on the set of records, never on their order or on the worker count.
"""

from __future__ import annotations

import hashlib
import heapq
import math
import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations
from typing import Any, Literal
from urllib.parse import urlsplit

from rapidfuzz import fuzz

from .api import _resolve
from .config import CleanConfig
from .errors import ConfigError, require
from .pipeline import Pipeline
from .rules import RuleMatcher, builtin_pack_names, load_pack

SiteBy = Literal["outlet", "domain"]
Policy = Literal["longest", "earliest", "prefer_source"]
POLICIES: tuple[Policy, ...] = ("longest", "earliest", "prefer_source")

_WORD = re.compile(r"\w+")
_DIGITS = re.compile(r"\d+")
_LETTER = re.compile(r"[^\W\d_]")


def _hash64(text: str) -> int:
    """A stable 64-bit hash (Python's own ``hash`` changes between processes)."""
    return _hash64_bytes(text.encode("utf-8", "surrogatepass"))


def _hash64_bytes(data: bytes) -> int:
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest())


def line_key(line: str) -> str:
    """A line normalised as CCNet does for its line hashes: case folded, digits as 0,
    punctuation and spacing reduced to single spaces between words.

    Examples:
        >>> line_key("Sign up for the Morning Briefing — 5 stories, every day!")
        'sign up for the morning briefing 0 stories every day'
    """
    return " ".join(_DIGITS.sub("0", w) for w in _WORD.findall(line.casefold()))


def site_of(record: Mapping[str, Any], by: SiteBy) -> str | None:
    """The site a record belongs to: its ``outlet`` field, or the domain of its ``url``
    (``www.`` dropped) with ``by="domain"``; None when the record does not say.

    Examples:
        >>> site_of({"url": "https://www.foxnews.com/world/x"}, "domain")
        'foxnews.com'
    """
    if by == "outlet":
        value = record.get("outlet")
        return value.strip() if isinstance(value, str) and value.strip() else None
    value = record.get("url") or record.get("domain")
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    host = urlsplit(value if "//" in value else f"//{value}").hostname or ""
    return host.removeprefix("www.") or None


# --------------------------------------------------------------------------- learning


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
    return site, SiteDoc(_hash64(text), tuple(lines), day)


@dataclass(frozen=True, slots=True)
class LearnedRule:
    """One learned boilerplate line (with its near-duplicate variants) and its evidence."""

    site: str
    rule_id: str
    keys: tuple[str, ...]  # the normalised variants
    examples: tuple[str, ...]  # the commonest raw forms
    support: int  # sampled articles of the site holding a variant
    site_docs: int  # sampled articles of the site
    days: int | None  # distinct days among the articles holding it (None: no dates)
    topic_lift: float  # how much more alike its articles are than the site's (1 = as alike)

    @property
    def share(self) -> float:
        return self.support / self.site_docs

    @property
    def pattern(self) -> str:
        """The rule's regular expression: each variant's words, any punctuation or
        spacing between them, any number where the learned line had one."""
        parts = [_key_pattern(k) for k in self.keys]
        return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"

    @property
    def evidence(self) -> str:
        days = "" if self.days is None else f", on {self.days} days"
        return (
            f"in {self.support} of {self.site_docs} sampled {self.site} articles "
            f"({self.share:.0%}){days}; topic lift {self.topic_lift:.2f}"
        )


@dataclass(frozen=True, slots=True)
class Rejected:
    """A line common enough to learn that was not learned, and why."""

    site: str
    example: str
    support: int
    reason: str


def _key_pattern(key: str) -> str:
    words = [r"\d+".join(re.escape(p) for p in w.split("0")) for w in key.split()]
    return r"\W*" + r"\W+".join(words) + r"\W*"


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


def _topic_words(lines: Iterable[str]) -> frozenset[str]:
    return frozenset(
        w
        for line in lines
        for w in _WORD.findall(line.casefold())
        if len(w) >= 4 and w.isalpha() and w not in _STOP
    )


def _mean_jaccard(sets: Sequence[frozenset[str]]) -> float:
    pairs = [(a, b) for a, b in combinations(sets, 2) if a or b]
    if not pairs:
        return 0.0
    return sum(len(a & b) / len(a | b) for a, b in pairs) / len(pairs)


_TOPIC_DOCS = 24  # articles compared per line (the first by hash: 276 pairs at most)


@dataclass(frozen=True, slots=True)
class Learned:
    """The result of ``learn_boilerplate``: learned rules, and lines held back with why."""

    rules: tuple[LearnedRule, ...]
    rejected: tuple[Rejected, ...]
    sites: dict[str, tuple[int, int]]  # site -> (articles seen, articles sampled)
    skipped: int  # records with no site or no text

    def to_toml(self, name: str = "learned", version: str = "1") -> str:
        """The rules as a rule pack file: load it with ``clean(text, packs=[path])``."""
        require(
            bool(re.fullmatch(r"[a-z0-9_-]+", name)),
            "Learned.to_toml",
            "name",
            "lowercase letters, digits, - or _",
            name,
        )
        out = [
            "# Boilerplate learned by `newsclean learn` from each site's own articles.",
            "# Each rule: a line (and its near-duplicate variants) that recurs across a",
            "# large share of one site's articles on different topics and days.",
            "# Read it, delete what you would not remove, and load it like any pack:",
            f"#   newsclean clean --packs {name}.toml …   or   clean(text, packs=['{name}.toml'])",
            "",
            "[pack]",
            f"name = {_toml_str(name)}",
            f"version = {_toml_str(version)}",
            f'description = "Boilerplate learned from {len(self.sites)} site(s)."',
        ]
        for rule in self.rules:
            words = max(len(e.split()) for e in rule.examples)
            out += [
                "",
                f"# {rule.site}: {rule.evidence}",
                "[[rule]]",
                f"id = {_toml_str(rule.rule_id)}",
                'family = "boilerplate"',
                f"pattern = '{rule.pattern}'",  # \\W, \\d and words: never a quote
                "regex = true",
                f"max_words = {min(120, words + 4)}",
                f"outlet = {_toml_str(rule.site)}",
                f"description = {_toml_str('Learned: ' + rule.evidence + '.')}",
                "examples = [" + ", ".join(_toml_str(e) for e in rule.examples) + "]",
            ]
        return "\n".join(out) + "\n"

    def summary(self) -> str:
        lines = [f"{len(self.rules)} learned rule(s) from {len(self.sites)} site(s)"]
        for rule in self.rules:
            lines.append(f"  {rule.rule_id}: {rule.examples[0]!r} — {rule.evidence}")
        if self.rejected:
            lines.append(f"{len(self.rejected)} frequent line(s) not learned:")
            for rej in self.rejected:
                lines.append(
                    f"  {rej.site}: {rej.example!r} ({rej.support} articles) — {rej.reason}"
                )
        return "\n".join(lines)


def _toml_str(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    escaped = "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in escaped)
    return f'"{escaped}"'


def _slug(site: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", site.casefold()).strip("-") or "site"


@lru_cache(maxsize=1)
def _builtin_matcher() -> RuleMatcher:
    return RuleMatcher.build([load_pack(n) for n in builtin_pack_names()])


def _known(line: str) -> bool:
    """Whether a built-in rule already removes the line (no need to learn it)."""
    return _builtin_matcher().match(line) is not None


class _Union:
    def __init__(self) -> None:
        self.parent: dict[Any, Any] = {}

    def find(self, x: Any) -> Any:
        root = x
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        while x != root:  # path compression
            self.parent[x], x = root, self.parent.get(x, x)
        return root

    def join(self, a: Any, b: Any) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # the smaller root wins: the result does not depend on the order of joins
            lo, hi = (ra, rb) if ra < rb else (rb, ra)
            self.parent[hi] = lo


def _variant_groups(keys: list[str], similarity: float) -> list[list[str]]:
    """Group near-duplicate keys: keys sharing their first or last two words are
    compared (never all pairs), and joined when their ratio reaches ``similarity``."""
    union = _Union()
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


def learn_site(
    site: str, sample: SiteSample, options: LearnOptions
) -> tuple[list[LearnedRule], list[Rejected]]:
    """The finish step of learning for one site's sample."""
    docs = sample.ordered()
    n = len(docs)
    needed = max(options.min_docs, math.ceil(options.min_share * n))
    postings: dict[str, list[int]] = defaultdict(list)
    raw_forms: dict[str, Counter[str]] = defaultdict(Counter)
    for index, doc in enumerate(docs):
        for line in doc.lines:
            key = line_key(line)
            postings[key].append(index)
            raw_forms[key][line] += 1
    # Variants may each be rarer than the threshold, together not: consider any key
    # seen in at least two articles, most frequent first (a fixed order).
    pool = sorted(
        (k for k, p in postings.items() if len(p) >= 2), key=lambda k: (-len(postings[k]), k)
    )
    groups = []
    for keys in _variant_groups(pool, options.similarity):
        members = sorted({i for k in keys for i in postings[k]})
        if len(members) >= needed:
            groups.append((keys, members))
    frequent = {k for keys, _ in groups for k in keys}
    topics = [
        _topic_words(line for line in d.lines if line_key(line) not in frequent) for d in docs
    ]
    baseline = max(_mean_jaccard(topics[:_TOPIC_DOCS]), 0.01)
    site_days = len({d.day for d in docs if d.day})
    learned: list[LearnedRule] = []
    rejected: list[Rejected] = []
    for keys, members in groups:
        forms = Counter[str]()
        for k in keys:
            forms.update(raw_forms[k])
        examples = tuple(sorted(forms, key=lambda f: (-forms[f], f))[:3])
        words = max(len(k.split()) for k in keys)
        lift = _mean_jaccard([topics[i] for i in members[:_TOPIC_DOCS]]) / baseline
        days = len({docs[i].day for i in members if docs[i].day}) if site_days else None
        reason = None
        if not any(_LETTER.search(k) for k in keys):
            reason = "no words, only numbers or symbols"
        elif words > options.max_words:
            reason = f"{words} words: longer than max_words={options.max_words}"
        elif all(_known(e) for e in examples):
            reason = "already removed by a built-in rule"
        elif lift > options.max_topic_lift:
            reason = (
                f"its articles are {lift:.1f}x as alike as the site's: the same story "
                "quoted, not boilerplate"
            )
        elif days is not None and days < min(options.min_days, site_days):
            reason = f"seen on {days} day(s) only: news of the day, not boilerplate"
        if reason is not None:
            rejected.append(Rejected(site, examples[0], len(members), reason))
            continue
        keys_sorted = tuple(sorted(keys, key=lambda k: (-len(postings[k]), k)))
        digest = hashlib.blake2b(keys_sorted[0].encode(), digest_size=4).hexdigest()
        rule_id = f"learned.{_slug(site)}-{digest}"
        learned.append(
            LearnedRule(
                site, rule_id, keys_sorted[:8], examples, len(members), n, days, round(lift, 4)
            )
        )
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


# --------------------------------------------------------------------------- duplicates


#: Who "prefer_source" prefers by default: the wires, whose copy the others syndicate.
WIRES: tuple[str, ...] = ("Associated Press", "AP", "Reuters", "AFP", "apnews.com", "reuters.com")


@dataclass(frozen=True, slots=True)
class DedupeOptions:
    """The settings of ``find_duplicates`` (see there), validated once."""

    threshold: float = 0.8
    num_perm: int = 128
    shingle: int = 3
    policy: Policy = "longest"
    prefer: tuple[str, ...] = WIRES
    field: str = "text"
    id_field: str = "id"
    date_field: str = "date"
    seed: int = 1
    bucket_compare: int = 16

    def __post_init__(self) -> None:
        require(
            0 < self.threshold < 1,
            "find_duplicates",
            "threshold",
            "a Jaccard similarity between 0 and 1",
            self.threshold,
        )
        ok = isinstance(self.num_perm, int) and 16 <= self.num_perm <= 1024
        require(ok, "find_duplicates", "num_perm", "a whole number from 16 to 1024", self.num_perm)
        ok = isinstance(self.shingle, int) and 1 <= self.shingle <= 20
        require(
            ok, "find_duplicates", "shingle", "a whole number of words from 1 to 20", self.shingle
        )
        require(
            self.policy in POLICIES,
            "find_duplicates",
            "policy",
            f"one of {', '.join(POLICIES)}",
            self.policy,
        )

    @property
    def bands(self) -> tuple[int, int]:
        return lsh_params(self.threshold, self.num_perm)


def lsh_params(threshold: float, num_perm: int, recall: float = 0.99) -> tuple[int, int]:
    """(bands, rows) for LSH banding: the most rows per band (the fewest false
    candidates) for which a pair exactly at ``threshold`` is still proposed with
    probability ``recall``. Recall first: every proposed pair is verified against the
    threshold, so a false candidate costs one comparison, a missed one a duplicate.

    Examples:
        >>> lsh_params(0.8, 128)
        (21, 6)
    """
    best = (num_perm, 1)
    for rows in range(1, num_perm + 1):
        bands = num_perm // rows
        if 1 - (1 - threshold**rows) ** bands >= recall:
            best = (bands, rows)
    return best


@dataclass(frozen=True, slots=True)
class DocSketch:
    """What deduplication keeps of one cleaned article."""

    id: str
    exact: int  # hash of the whitespace-normalised cleaned text
    length: int
    date: str | None
    source: str | None
    signature: bytes  # num_perm MinHash values, unsigned 32-bit little-endian

    def band_keys(self, bands: int, rows: int) -> list[int]:
        """One key per LSH band: the band's number and its slice of the signature."""
        width = rows * 4  # 32-bit values
        return [
            _hash64_bytes(bytes((b,)) + self.signature[b * width : (b + 1) * width])
            for b in range(bands)
        ]


def shingles(text: str, size: int) -> list[bytes]:
    """Word ``size``-grams of the case-folded text (the text itself when shorter).

    Examples:
        >>> shingles("A b, c d", 3)
        [b'a b c', b'b c d']
    """
    words = _WORD.findall(text.casefold())
    if len(words) <= size:
        return [" ".join(words).encode()]
    return [" ".join(words[i : i + size]).encode() for i in range(len(words) - size + 1)]


# MinHash, vectorised with numpy: each word hashed once (CRC-32), each shingle's hash
# combined from its words' (FNV-style multiply and xor), then one permutation per seed
# (the shingle hash xor the seed, through splitmix64's finaliser), the minimum kept.
_FNV = 0x100000001B3
_MIX1, _MIX2 = 0xBF58476D1CE4E5B9, 0x94D049BB133111EB
_BLOCK = 2048  # shingles per step: memory stays bounded (2048 x num_perm) on any text


def _numpy() -> Any:
    try:  # an optional dependency (the dedupe extra), imported on use
        import numpy
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(
            "finding near-duplicates needs numpy: pip install 'newsclean[dedupe]'"
        ) from exc
    return numpy


@lru_cache(maxsize=8)
def _seeds(num_perm: int, seed: int) -> Any:
    np = _numpy()
    return np.random.default_rng(seed).integers(
        0, 2**64 - 1, size=num_perm, dtype=np.uint64, endpoint=True
    )


def _minhash(text: str, options: DedupeOptions) -> bytes:
    """The MinHash signature of the text's word ``shingle``-grams (those of ``shingles``):
    ``num_perm`` 32-bit minima. About twice as fast as datasketch's ``MinHash``, with the
    same accuracy (``benchmarks/corpus.py`` measures both)."""
    np = _numpy()
    words = _WORD.findall(text.casefold())
    hashes = np.fromiter(
        (zlib.crc32(w.encode("utf-8", "surrogatepass")) for w in words),
        dtype=np.uint64,
        count=len(words),
    )
    size = options.shingle
    fnv = np.uint64(_FNV)
    if len(hashes) <= size:  # a text shorter than a shingle is one shingle
        combined = np.zeros(1, dtype=np.uint64)
        for value in hashes:
            combined = (combined * fnv) ^ value
    else:
        count = len(hashes) - size + 1
        combined = hashes[:count].copy()
        for k in range(1, size):
            combined = (combined * fnv) ^ hashes[k : k + count]
    seeds = _seeds(options.num_perm, options.seed)
    mins = np.full(options.num_perm, np.iinfo(np.uint64).max, dtype=np.uint64)
    s30, s27, s31 = np.uint64(30), np.uint64(27), np.uint64(31)
    mix1, mix2 = np.uint64(_MIX1), np.uint64(_MIX2)
    for start in range(0, len(combined), _BLOCK):
        z = combined[start : start + _BLOCK, None] ^ seeds[None, :]
        z = (z ^ (z >> s30)) * mix1
        z = (z ^ (z >> s27)) * mix2
        z ^= z >> s31
        np.minimum(mins, z.min(axis=0), out=mins)
    signature: bytes = (mins & np.uint64(0xFFFFFFFF)).astype("<u4").tobytes()
    return signature


def similarity(a: bytes, b: bytes) -> float:
    """The Jaccard similarity two MinHash signatures estimate."""
    np = _numpy()
    x = np.frombuffer(a, dtype="<u4")
    y = np.frombuffer(b, dtype="<u4")
    return float(np.count_nonzero(x == y)) / len(x)


def _source(record: Mapping[str, Any]) -> str | None:
    for key in ("outlet", "source", "url"):
        value = record.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


@dataclass(frozen=True, slots=True)
class _Sketcher:
    """The map step of deduplication (picklable): clean, then sketch."""

    pipeline: Pipeline | None
    options: DedupeOptions

    def __call__(self, pair: tuple[int, Any]) -> tuple[DocSketch, Any]:
        position, record = pair
        opts = self.options
        if not isinstance(record, Mapping) or not isinstance(record.get(opts.field), str):
            raise ValueError(f"record {position} has no string field {opts.field!r} to deduplicate")
        text = record[opts.field]
        if self.pipeline is not None:
            text = self.pipeline.clean(text)
            record = {**record, opts.field: text}
        rid = record.get(opts.id_field)
        rid = str(position) if rid is None else str(rid)
        flat = " ".join(text.split())
        date = record.get(opts.date_field)
        sketch = DocSketch(
            id=rid,
            exact=_hash64(flat.casefold()),
            length=len(flat),
            date=None if date in (None, "") else str(date),
            source=_source(record),
            signature=_minhash(flat, opts),
        )
        return sketch, record


def candidate_pairs(ids: Iterable[str], limit: int) -> Iterator[tuple[str, str]]:
    """The pairs one LSH bucket proposes: its members in id order, each with at most
    ``limit`` members before it (a bucket of many copies costs linear work)."""
    members = sorted(set(ids))
    for i, b in enumerate(members):
        for a in members[max(0, i - limit) : i]:
            yield a, b


def verify(
    pairs: Iterable[tuple[str, str]], signatures: Mapping[str, bytes], threshold: float
) -> list[tuple[str, str, float]]:
    """The proposed pairs whose estimated Jaccard similarity reaches ``threshold``, sorted."""
    edges = []
    for a, b in sorted(set(pairs)):
        score = similarity(signatures[a], signatures[b])
        if score >= threshold:
            edges.append((a, b, score))
    return edges


def representatives(exact_groups: Iterable[Sequence[str]]) -> set[str]:
    """The ids that stand aside for an exact copy (all but the smallest of each group)."""
    return {x for group in exact_groups for x in sorted(group)[1:]}


@dataclass(frozen=True, slots=True)
class Decision:
    """What deduplication says of one record in a cluster."""

    cluster: str  # the id of the record kept for the cluster
    keep: bool
    reason: str


@dataclass(frozen=True, slots=True)
class Duplicates:
    """The result of ``find_duplicates``: clusters of two or more records and a decision
    for every record in one; records in no cluster are unique (kept)."""

    clusters: dict[str, tuple[str, ...]]  # kept id -> member ids (kept first)
    decisions: dict[str, Decision]
    records: int

    @property
    def dropped(self) -> int:
        return sum(not d.keep for d in self.decisions.values())

    def decision(self, record_id: str) -> Decision:
        return self.decisions.get(record_id, Decision(record_id, True, "unique"))

    def annotate(self, record: Mapping[str, Any], record_id: str) -> dict[str, Any]:
        """The record with ``dup_cluster``, ``dup_keep`` and ``dup_reason`` fields."""
        d = self.decision(record_id)
        return {**record, "dup_cluster": d.cluster, "dup_keep": d.keep, "dup_reason": d.reason}


def _rank(options: DedupeOptions) -> Callable[[DocSketch], tuple[Any, ...]]:
    prefer = [p.casefold() for p in options.prefer]

    def preferred(s: DocSketch) -> int:
        source = (s.source or "").casefold()
        return 0 if any(p == source or (("." in p) and p in source) for p in prefer) else 1

    if options.policy == "longest":
        return lambda s: (-s.length, s.id)
    if options.policy == "earliest":
        return lambda s: (s.date is None, s.date or "", -s.length, s.id)
    return lambda s: (preferred(s), -s.length, s.id)


def decide(
    exact_groups: Iterable[list[str]],
    edges: Iterable[tuple[str, str, float]],
    meta: Mapping[str, DocSketch],
    options: DedupeOptions,
    records: int,
) -> Duplicates:
    """The finish step of deduplication: clusters from exact groups and verified pairs,
    then one record kept per cluster by the policy."""
    union = _Union()
    nodes: set[str] = set()
    exact_of: dict[str, str] = {}
    for group in exact_groups:
        nodes.update(group)
        group = sorted(group)
        for other in group[1:]:
            union.join(group[0], other)
            exact_of[other] = group[0]
    best: dict[str, tuple[float, str]] = {}
    for a, b, score in edges:
        nodes.update((a, b))
        union.join(a, b)
        for x, y in ((a, b), (b, a)):
            if (score, y) > best.get(x, (-1.0, "")):
                best[x] = (score, y)
    members: dict[str, list[str]] = defaultdict(list)
    for x in sorted(nodes):
        members[union.find(x)].append(x)
    rank = _rank(options)
    clusters: dict[str, tuple[str, ...]] = {}
    decisions: dict[str, Decision] = {}
    for ids in members.values():
        if len(ids) < 2:
            continue
        ordered = sorted(ids, key=lambda i: rank(meta[i]))
        kept = ordered[0]
        clusters[kept] = tuple(ordered)
        decisions[kept] = Decision(
            kept, True, f"kept: {options.policy} of {len(ids)} in its cluster"
        )
        for other in ordered[1:]:
            if other in exact_of or meta[other].exact == meta[kept].exact:
                why = f"exact duplicate (after cleaning) of {kept}"
            else:
                score, nearest = best.get(other, (0.0, kept))
                why = f"near-duplicate of {kept}: Jaccard ≈ {score:.2f} with {nearest}"
            decisions[other] = Decision(kept, False, why)
    return Duplicates(dict(sorted(clusters.items())), dict(sorted(decisions.items())), records)


def find_duplicates(
    records: Iterable[Mapping[str, Any]],
    *,
    threshold: float = 0.8,
    policy: Policy = "longest",
    prefer: Sequence[str] | None = None,
    num_perm: int = 128,
    shingle: int = 3,
    field: str = "text",
    id_field: str = "id",
    date_field: str = "date",
    clean: bool = True,
    config: CleanConfig | None = None,
    **options: Any,
) -> Duplicates:
    """Find exact and near-duplicate articles.

    Each text is cleaned first (``clean=False`` to skip; ``config``/options as for
    ``clean()``) so that syndicated copies with different promo lines and captions look
    alike. Exact duplicates are found by hash; the rest by MinHash (``num_perm``
    permutations over word ``shingle``-grams, vectorised with numpy) with LSH banding, each proposed
    pair verified: two articles are near-duplicates when their estimated Jaccard
    similarity reaches ``threshold``. Clusters are the connected groups; one record per
    cluster is kept by ``policy``: ``"longest"`` text, ``"earliest"`` ``date_field``, or
    ``"prefer_source"`` — a record whose outlet, source or url names one of ``prefer``
    (the wires by default), then the longest.

    Examples:
        >>> a = "The council voted on Tuesday to close the old bridge for repairs."
        >>> records = [
        ...     {"id": "a", "text": a},
        ...     {"id": "b", "text": a + "\\nAdvertisement"},
        ...     {"id": "c", "text": "Another story entirely, about a harvest festival."},
        ... ]
        >>> found = find_duplicates(records)
        >>> found.clusters
        {'a': ('a', 'b')}
        >>> found.decision("b").reason
        'exact duplicate (after cleaning) of a'
    """
    opts = dedupe_options(threshold, policy, prefer, num_perm, shingle, field, id_field, date_field)
    sketcher = _Sketcher(_resolve(config, options) if clean else None, opts)
    by_exact: dict[int, list[str]] = defaultdict(list)
    sketches: dict[str, DocSketch] = {}
    count = 0
    for position, record in enumerate(records):
        sketch, _ = sketcher((position, record))
        if sketch.id in sketches:
            raise ConfigError(f"record {position}: id {sketch.id!r} is not unique ({id_field!r})")
        sketches[sketch.id] = sketch
        by_exact[sketch.exact].append(sketch.id)
        count += 1
    exact_groups = sorted(sorted(g) for g in by_exact.values() if len(g) > 1)
    aside = representatives(exact_groups)
    bands, rows = opts.bands
    buckets: dict[int, list[str]] = defaultdict(list)
    for sketch in sketches.values():
        if sketch.id not in aside:
            for key in sketch.band_keys(bands, rows):
                buckets[key].append(sketch.id)
    pairs = (
        pair
        for ids in buckets.values()
        if len(ids) > 1
        for pair in candidate_pairs(ids, opts.bucket_compare)
    )
    signatures = {k: v.signature for k, v in sketches.items()}
    edges = verify(pairs, signatures, opts.threshold)
    return decide(exact_groups, edges, sketches, opts, count)


def dedupe_options(
    threshold: float,
    policy: Policy,
    prefer: Sequence[str] | None,
    num_perm: int,
    shingle: int,
    field: str,
    id_field: str,
    date_field: str,
) -> DedupeOptions:
    return DedupeOptions(
        threshold=threshold,
        policy=policy,
        prefer=WIRES if prefer is None else tuple(prefer),
        num_perm=num_perm,
        shingle=shingle,
        field=field,
        id_field=id_field,
        date_field=date_field,
    )
