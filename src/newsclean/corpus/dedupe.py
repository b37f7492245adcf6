"""Near-duplicate articles: exact copies by hash; near copies by comparing bodies (the
cleaned page without its furniture) through sampled shingle sketches, by Jaccard similarity
or by containment; clusters of connected pairs, and one record kept per cluster by a policy."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from ..api import resolve_pipeline
from ..config import CleanConfig
from ..errors import require
from ..pipeline import Pipeline
from . import sketchtable as st
from .bodytext import body_text
from .common import UnionFind, hash64, keywords_of
from .minhash import _numpy, sample_of, shingle_set

Policy = Literal["longest", "earliest", "prefer_source"]
POLICIES: tuple[Policy, ...] = ("longest", "earliest", "prefer_source")

#: Who "prefer_source" prefers by default: the wires, whose copy the others syndicate.
WIRES: tuple[str, ...] = ("Associated Press", "AP", "Reuters", "AFP", "apnews.com", "reuters.com")


def _fraction(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and 0 < value <= 1


@dataclass(frozen=True, slots=True)
class DedupeOptions:
    """The settings of ``find_duplicates`` (see there), validated once."""

    threshold: float = 0.8
    containment: float | None = 0.9
    min_shingles: int = 40
    shingle: int = 3
    furniture: bool = True
    policy: Policy = "longest"
    prefer: tuple[str, ...] = WIRES
    field: str = "text"
    id_field: str = "id"
    date_field: str = "date"
    seed: int = 1
    keys: int = 24  # bottom-k keys per body (LSH)
    sample: int = 8  # one shingle hash in ``sample`` kept (besides the smallest 64)
    bucket_compare: int = 16
    max_bucket: int = 1000

    def __post_init__(self) -> None:
        name = "find_duplicates"
        ok = _fraction(self.threshold) and self.threshold < 1
        require(ok, name, "threshold", "a Jaccard similarity between 0 and 1", self.threshold)
        ok = self.containment is None or (_fraction(self.containment))
        require(ok, name, "containment", "a share above 0 and at most 1, or None", self.containment)
        ok = isinstance(self.min_shingles, int) and 1 <= self.min_shingles <= 100_000
        require(ok, name, "min_shingles", "a whole number from 1", self.min_shingles)
        ok = isinstance(self.shingle, int) and 1 <= self.shingle <= 20
        require(ok, name, "shingle", "a whole number of words from 1 to 20", self.shingle)
        ok = self.policy in POLICIES
        require(ok, name, "policy", f"one of {', '.join(POLICIES)}", self.policy)


def dedupe_options(
    threshold: float,
    containment: float | None,
    min_shingles: int,
    policy: Policy,
    prefer: Sequence[str] | None,
    shingle: int,
    furniture: bool,
    field: str,
    id_field: str,
    date_field: str,
) -> DedupeOptions:
    """``find_duplicates``' own options, checked (``prefer=None``: the wires)."""
    return DedupeOptions(
        threshold=threshold,
        containment=containment,
        min_shingles=min_shingles,
        policy=policy,
        prefer=WIRES if prefer is None else tuple(prefer),
        shingle=shingle,
        furniture=furniture,
        field=field,
        id_field=id_field,
        date_field=date_field,
    )


@dataclass(frozen=True, slots=True)
class DocSketch:
    """What deduplication keeps of one cleaned article."""

    id: str
    exact: int  # hash of the whitespace-normalised, case-folded cleaned text
    length: int  # of that text
    date: str | None
    source: str | None
    count: int  # distinct shingles of the body
    tau: int  # the sample holds every shingle hash of the body below tau
    sample: bytes  # those hashes, sorted, unsigned 32-bit, native byte order
    lede: bytes  # the smallest shingle hashes of the body's first line, likewise


def _source(record: Mapping[str, Any]) -> str | None:
    for key in ("outlet", "source", "url"):
        value = record.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


@dataclass(frozen=True, slots=True)
class Sketcher:
    """The map step of deduplication (picklable): clean, cut the furniture, sketch."""

    pipeline: Pipeline | None
    options: DedupeOptions

    @classmethod
    def from_keywords(cls, **keywords: Any) -> Sketcher:
        """The map step for ``find_duplicates``' keyword arguments, read by its own
        signature: exactly its names and defaults, the rest cleaning options as for
        ``clean()`` (``newsclean.dask`` forwards to this)."""
        args = keywords_of(find_duplicates, keywords)
        clean, config, cleaning = args.pop("clean"), args.pop("config"), args.pop("options")
        pipeline = args.pop("pipeline")
        resolved = resolve_pipeline(config, cleaning, pipeline=pipeline) if clean else None
        return cls(resolved, dedupe_options(**args))

    def __call__(self, pair: tuple[int, Any]) -> tuple[DocSketch, Any]:
        position, record = pair
        opts = self.options
        if not isinstance(record, Mapping) or not isinstance(record.get(opts.field), str):
            raise ValueError(f"record {position} has no string field {opts.field!r} to deduplicate")
        text = record[opts.field]
        if self.pipeline is not None:
            text = self.pipeline.clean(text)
        rid = record.get(opts.id_field)
        rid = str(position) if rid is None else str(rid)
        flat = " ".join(text.split())
        date = record.get(opts.date_field)
        body = body_text(text) if opts.furniture else text
        hashes = shingle_set(body, opts.shingle)
        tau, sample = sample_of(hashes, opts.sample)
        lede = shingle_set(body.split("\n", 1)[0], opts.shingle)[: st.LEDE]
        sketch = DocSketch(
            id=rid,
            exact=hash64(flat.casefold()),
            length=len(flat),
            date=None if date in (None, "") else str(date),
            source=_source(record),
            count=len(hashes),
            tau=tau,
            sample=sample.tobytes(),
            lede=lede.tobytes(),
        )
        return sketch, record

    def table(self, records: Iterable[Any], start: int = 0) -> st.SketchTable:
        """The sketches of ``records`` (positions from ``start``) as one table."""
        table = st.SketchTable()
        for position, record in enumerate(records, start):
            s = self((position, record))[0]
            table.add(s.id, s.exact, s.length, s.date, s.source, s.count, s.tau, s.sample, s.lede)
        return table


def candidate_pairs(ids: Iterable[str], limit: int) -> Iterator[tuple[str, str]]:
    """The pairs one bucket proposes: its members in id order, each with at most ``limit``
    members before it (a bucket of many copies costs linear work). The plain reference of
    what ``find_duplicates`` does with numpy for all buckets at once."""
    members = sorted(set(ids))
    for i, b in enumerate(members):
        for a in members[max(0, i - limit) : i]:
            yield a, b


def verify(
    a: DocSketch, b: DocSketch, threshold: float, containment: float | None
) -> tuple[float, float] | None:
    """``(jaccard, containment)`` of two sketches' bodies when they are near-duplicates,
    else None: the plain reference of what ``find_duplicates`` does with numpy for all
    candidate pairs at once."""
    np = _numpy()
    cut = min(a.tau, b.tau)
    x = np.frombuffer(a.sample, dtype=np.uint32)
    y = np.frombuffer(b.sample, dtype=np.uint32)
    x, y = x[x < cut], y[y < cut]
    shared = len(set(x.tolist()) & set(y.tolist()))
    jaccard = shared / max(len(x) + len(y) - shared, 1)
    small, other = (a, b) if (a.count, len(x)) <= (b.count, len(y)) else (b, a)
    contained = shared / max(len(x) if small is a else len(y), 1)
    if jaccard >= threshold:
        return jaccard, contained
    if containment is None or contained < containment:
        return None
    lede = [v for v in np.frombuffer(small.lede, dtype=np.uint32).tolist() if v < cut]
    found = set(np.frombuffer(other.sample, dtype=np.uint32).tolist())
    return (jaccard, contained) if not lede or found & set(lede) else None


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


@dataclass(frozen=True, slots=True)
class _Meta:
    """What the policy reads of a clustered record."""

    id: str
    exact: int
    length: int
    date: str | None
    source: str | None


def _rank(options: DedupeOptions) -> Callable[[_Meta], tuple[Any, ...]]:
    """The policy as a sort key: the record kept for a cluster sorts first."""
    prefer = [p.casefold() for p in options.prefer]

    def preferred(s: _Meta) -> int:
        source = (s.source or "").casefold()
        return 0 if any(p == source or (("." in p) and p in source) for p in prefer) else 1

    if options.policy == "longest":
        return lambda s: (-s.length, s.id)
    if options.policy == "earliest":
        return lambda s: (s.date is None, s.date or "", -s.length, s.id)
    return lambda s: (preferred(s), -s.length, s.id)


def _why(edge: st.Edge, options: DedupeOptions) -> tuple[float, str]:
    """An edge's strength and its words, from the side of either end."""
    if edge.jaccard >= options.threshold:
        return edge.jaccard, f"Jaccard ≈ {edge.jaccard:.2f}"
    return edge.containment, f"{edge.containment:.0%} of {edge.smaller}'s body"


def decide(
    exact_groups: Iterable[list[str]],
    edges: Iterable[st.Edge],
    meta: Mapping[str, _Meta],
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
    best: dict[str, tuple[float, str, str]] = {}
    for edge in edges:
        nodes.update((edge.a, edge.b))
        union.join(edge.a, edge.b)
        score, words = _why(edge, options)
        for x, y in ((edge.a, edge.b), (edge.b, edge.a)):
            if (score, y) > best.get(x, (-1.0, "", ""))[:2]:
                best[x] = (score, y, words)
    members: dict[str, list[str]] = defaultdict(list)
    for x in sorted(nodes):
        members[union.find(x)].append(x)
    rank = _rank(options)
    clusters: dict[str, tuple[str, ...]] = {}
    decisions: dict[str, Decision] = {}
    for ids in members.values():
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
                _score, nearest, words = best.get(other, (0.0, kept, "linked"))
                why = f"near-duplicate of {kept}: {words} with {nearest}"
            decisions[other] = Decision(kept, False, why)
    return Duplicates(dict(sorted(clusters.items())), dict(sorted(decisions.items())), records)


def finish(table: st.SketchTable, options: DedupeOptions) -> Duplicates:
    """Exact groups, candidate pairs, verification and decisions on the merged sketches:
    the same answer for the same set of articles, in one process or on Dask."""
    np = _numpy()
    order = st.order_of(table)
    groups = st.exact_groups(table, order)
    count = np.frombuffer(table.count, dtype=np.int64)[order]
    eligible = (count >= options.min_shingles) & ~st.aside_mask(table, order, groups)
    pairs = st.candidates(
        table, order, eligible, options.keys, options.bucket_compare, options.max_bucket
    )
    edges = st.verified(table, order, pairs, options.threshold, options.containment)
    wanted = {x for g in groups for x in g} | {x for e in edges for x in (e.a, e.b)}
    meta = {}
    for i, rid in enumerate(table.ids):  # the clustered articles only: memory stays small
        if rid in wanted:
            date, source = table.name("date", i), table.name("source", i)
            meta[rid] = _Meta(rid, table.exact[i], table.length[i], date, source)
    return decide(groups, edges, meta, options, len(table))


def find_duplicates(
    records: Iterable[Mapping[str, Any]],
    *,
    threshold: float = 0.8,
    containment: float | None = 0.9,
    min_shingles: int = 40,
    policy: Policy = "longest",
    prefer: Sequence[str] | None = None,
    shingle: int = 3,
    furniture: bool = True,
    field: str = "text",
    id_field: str = "id",
    date_field: str = "date",
    clean: bool = True,
    config: CleanConfig | None = None,
    pipeline: Pipeline | None = None,
    **options: Any,
) -> Duplicates:
    """Find exact and near-duplicate articles.

    Each text is cleaned first (``clean=False`` to skip; ``config``/options as for
    ``clean()``, e.g. ``packs=["learned.toml"]``, or a ``pipeline`` of your own), then its
    **body** is taken: the page's
    furniture left out (headline, byline and time-stamp lines, the dateline opening the
    first paragraph, newsletter and subscription lines, lines of fewer than 8 words;
    ``furniture=False`` keeps them). Exact duplicates are found by hash of the cleaned
    text. For the rest, each body is sketched: the hashes of its word ``shingle``-grams,
    its smallest 64 and one in 8 kept. Articles whose sketches share one of their smallest
    hashes are compared, and two articles are near-duplicates when their bodies' estimated
    Jaccard similarity reaches ``threshold``, or when ``containment`` of the smaller body's
    shingles are in the other (a trimmed or short copy of a longer story; None to
    switch off). A body of fewer than ``min_shingles`` distinct shingles (a short brief)
    joins others only as an exact copy.

    Clusters are the connected groups; one record per cluster is kept by ``policy``:
    ``"longest"`` text, ``"earliest"`` ``date_field``, or ``"prefer_source"`` — a record
    whose outlet, source or url names one of ``prefer`` (the wires by default), then the
    longest.

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
    opts = dedupe_options(
        threshold,
        containment,
        min_shingles,
        policy,
        prefer,
        shingle,
        furniture,
        field,
        id_field,
        date_field,
    )
    resolved = resolve_pipeline(config, options, pipeline=pipeline) if clean else None
    sketcher = Sketcher(resolved, opts)
    return finish(sketcher.table(records), opts)
