"""Near-duplicate articles: exact copies by hash, near copies by MinHash with LSH banding,
clusters of connected pairs, and one record kept per cluster by a policy."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from ..api import resolve_pipeline
from ..config import CleanConfig
from ..errors import ConfigError, require
from ..pipeline import Pipeline
from .common import UnionFind, hash64, hash64_bytes, keywords_of
from .minhash import lsh_params, minhash, similarity

Policy = Literal["longest", "earliest", "prefer_source"]
POLICIES: tuple[Policy, ...] = ("longest", "earliest", "prefer_source")

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
    """``find_duplicates``' own options, checked (``prefer=None``: the wires)."""
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
            hash64_bytes(bytes((b,)) + self.signature[b * width : (b + 1) * width])
            for b in range(bands)
        ]


def _source(record: Mapping[str, Any]) -> str | None:
    for key in ("outlet", "source", "url"):
        value = record.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


@dataclass(frozen=True, slots=True)
class Sketcher:
    """The map step of deduplication (picklable): clean, then sketch."""

    pipeline: Pipeline | None
    options: DedupeOptions

    @classmethod
    def from_keywords(cls, **keywords: Any) -> Sketcher:
        """The map step for ``find_duplicates``' keyword arguments, read by its own
        signature: exactly its names and defaults, the rest cleaning options as for
        ``clean()`` (``newsclean.dask`` forwards to this)."""
        args = keywords_of(find_duplicates, keywords)
        clean, config, cleaning = args.pop("clean"), args.pop("config"), args.pop("options")
        return cls(resolve_pipeline(config, cleaning) if clean else None, dedupe_options(**args))

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
            exact=hash64(flat.casefold()),
            length=len(flat),
            date=None if date in (None, "") else str(date),
            source=_source(record),
            signature=minhash(flat, opts),
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
    """The policy as a sort key: the record kept for a cluster sorts first."""
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
    union = UnionFind()
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
    sketcher = Sketcher(resolve_pipeline(config, options) if clean else None, opts)
    by_exact: dict[int, list[str]] = defaultdict(list)
    sketches: dict[str, DocSketch] = {}
    for position, record in enumerate(records):
        sketch, _ = sketcher((position, record))
        if sketch.id in sketches:
            raise ConfigError(f"record {position}: id {sketch.id!r} is not unique ({id_field!r})")
        sketches[sketch.id] = sketch
        by_exact[sketch.exact].append(sketch.id)
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
    return decide(exact_groups, edges, sketches, opts, len(sketches))
