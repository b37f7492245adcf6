"""The merged state of deduplication, held in columns (a few hundred bytes per article,
no Python object per article but its id), and the numpy finish on it: exact groups,
candidate pairs from shared sketch keys, and their verification."""

from __future__ import annotations

import itertools
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from ..errors import ConfigError
from .minhash import _numpy

_PAIRS_PER_STEP = 8_192  # candidate pairs verified at once: memory stays bounded

#: Smallest hashes of a body's first line kept to check that a contained copy begins as a
#: part of the other story, not with its own lede before a shared press release.
LEDE = 3


@dataclass(frozen=True, slots=True)
class Edge:
    """A verified pair of near-duplicates (``a < b``) and how alike their bodies are."""

    a: str
    b: str
    jaccard: float
    containment: float  # of the body with fewer shingles, in the other
    smaller: str  # the id of that body


class SketchTable:
    """Sketches of many articles, by column; tables merge (``extend``) in any order and
    ``finish`` gives the same answer for the same set of articles."""

    def __init__(self) -> None:
        self.ids: list[str] = []
        self.exact = array("Q")
        self.length = array("q")
        self.count = array("q")  # distinct shingles of the body
        self.tau = array("Q")
        self.lede = array("I")  # LEDE smallest shingle hashes of each body's first line
        self.lede_n = array("B")  # how many of them there are (a short line has fewer)
        self.ends = array("Q")  # end of each article's sample in ``values``
        self.values = array("I")
        self.date = array("q")  # index into ``names``, -1 for none
        self.source = array("q")
        self.names: list[str] = []
        self._name_index: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self.ids)

    def _name(self, value: str | None) -> int:
        if value is None:
            return -1
        index = self._name_index.get(value)
        if index is None:
            index = self._name_index[value] = len(self.names)
            self.names.append(value)
        return index

    def add(
        self,
        rid: str,
        exact: int,
        length: int,
        date: str | None,
        source: str | None,
        count: int,
        tau: int,
        sample: bytes,
        lede: bytes,
    ) -> None:
        """One article's sketch (``sample``, ``lede``: sorted uint32 values, native order)."""
        self.ids.append(rid)
        self.exact.append(exact)
        self.length.append(length)
        self.count.append(count)
        self.tau.append(tau)
        n = min(len(lede) // 4, LEDE)
        self.lede.frombytes(lede[: 4 * n] + b"\0" * 4 * (LEDE - n))
        self.lede_n.append(n)
        self.values.frombytes(sample)
        self.ends.append(len(self.values))
        self.date.append(self._name(date))
        self.source.append(self._name(source))

    def extend(self, other: SketchTable) -> None:
        """Append another table's articles."""
        base = len(self.values)
        self.ids.extend(other.ids)
        for column in ("exact", "length", "count", "tau", "lede", "lede_n"):
            getattr(self, column).extend(getattr(other, column))
        self.values.extend(other.values)
        self.ends.extend(end + base for end in other.ends)
        for column in ("date", "source"):
            mine = getattr(self, column)
            for index in getattr(other, column):
                mine.append(self._name(other.names[index] if index >= 0 else None))

    def name(self, column: str, i: int) -> str | None:
        """Article ``i``'s date or source."""
        index = getattr(self, column)[i]
        return self.names[index] if index >= 0 else None

    def __getstate__(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in _STATE}

    def __setstate__(self, state: dict[str, Any]) -> None:
        for k in _STATE:
            setattr(self, k, state[k])
        self._name_index = {n: i for i, n in enumerate(self.names)}


_STATE = (
    *("ids", "exact", "length", "count", "tau", "lede", "lede_n"),
    *("ends", "values", "date", "source", "names"),
)


def order_of(table: SketchTable) -> Any:
    """The articles' positions sorted by id; an id seen twice is an error."""
    np = _numpy()
    ids = table.ids
    order = np.array(sorted(range(len(ids)), key=ids.__getitem__), dtype=np.int64)
    for x, y in itertools.pairwise(order):
        if ids[x] == ids[y]:
            raise ConfigError(f"find_duplicates: id {ids[x]!r} is not unique")
    return order


def exact_groups(table: SketchTable, order: Any) -> list[list[str]]:
    """Groups of two or more articles with the same exact hash, each sorted by id."""
    np = _numpy()
    exact = np.frombuffer(table.exact, dtype=np.uint64)[order]
    by = np.argsort(exact, kind="stable")  # stable: ids stay sorted within a group
    values = exact[by]
    starts = np.flatnonzero(np.r_[True, values[1:] != values[:-1]])
    sizes = np.diff(np.r_[starts, len(values)])
    groups = []
    for start, size in zip(starts[sizes > 1], sizes[sizes > 1], strict=True):
        groups.append([table.ids[order[by[k]]] for k in range(start, start + size)])
    return sorted(groups)


def _ranges(starts: Any, lengths: Any) -> Any:
    """The positions ``starts[i] .. starts[i] + lengths[i]`` for every i, concatenated."""
    np = _numpy()
    total = int(lengths.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    shift = np.repeat(starts - np.cumsum(np.r_[0, lengths[:-1]]), lengths)
    return shift + np.arange(total, dtype=np.int64)


def _bounds(table: SketchTable, order: Any) -> tuple[Any, Any]:
    """Where each article's sample starts and ends in ``values``, by rank."""
    np = _numpy()
    ends = np.frombuffer(table.ends, dtype=np.uint64).astype(np.int64)
    return np.r_[0, ends][order], ends[order]


_PAD = 0xFFFFFFFF  # an empty key slot
_BLOCK = 1 << 14  # articles whose pools are gathered at once
_KEYS_PER_STEP = 1 << 17  # bucket entries turned into pairs at once: memory stays bounded


def candidates(
    table: SketchTable, order: Any, eligible: Any, keys: int, limit: int, max_bucket: int
) -> Iterator[Any]:
    """Pairs of article ranks (by id, ``a < b``) proposed for comparison, each as
    ``a << 32 | b``, in arrays of bounded size; each pair once in all.

    An article's keys are the ``keys`` smallest hashes of its sample (a bottom-k MinHash
    sketch) that are not common: a key found in more than ``max_bucket`` articles' pools
    of ``2 * keys`` smallest hashes is a phrase of the language or of a template, not of
    one story. Articles sharing a key are proposed, each with at most ``limit`` before it
    (by id) in the bucket of the smallest key they share. A short copy of ``r`` of a long
    story shares its smallest hash with the long one's ``keys`` smallest with probability
    ``1 - (1 - r) ** keys`` (0.99 for r = 0.18 and 24 keys); similar articles share most
    of their keys."""
    np = _numpy()
    starts, ends = _bounds(table, order)
    values = np.frombuffer(table.values, dtype=np.uint32)
    ranks = np.flatnonzero(eligible & (ends > starts))
    if not len(ranks):
        return
    pool_len = np.minimum(ends[ranks] - starts[ranks], 2 * keys)
    blocks = [slice(i, i + _BLOCK) for i in range(0, len(ranks), _BLOCK)]

    def pools(part: slice) -> Any:  # the pools of a block of articles, concatenated
        return values[_ranges(starts[ranks[part]], pool_len[part])]

    common = _common(np, np.concatenate([pools(part) for part in blocks]), max_bucket)
    # each article's keys in a row, ascending: the smallest key two articles share
    table_keys = np.full((len(order), keys), _PAD, dtype=np.uint32)
    found_key, found_owner = [], []
    for part in blocks:  # block by block: the temporaries stay small
        pool, lengths = pools(part), pool_len[part]
        keep = ~np.isin(pool, common)
        running = np.cumsum(keep, dtype=np.int32)
        first = np.r_[0, np.cumsum(lengths)[:-1]].astype(np.int64)
        slot = running - np.repeat((running[first] - keep[first]).astype(np.int32), lengths)
        keep &= slot <= keys  # the first ``keys`` uncommon entries of each pool
        owner = np.repeat(ranks[part].astype(np.int32), lengths)[keep]
        table_keys[owner, slot[keep] - 1] = pool[keep]
        found_key.append(pool[keep])
        found_owner.append(owner)
    key, owner = np.concatenate(found_key), np.concatenate(found_owner)
    del found_key, found_owner
    by = np.lexsort((owner, key))
    key, who = key[by], owner[by].astype(np.int64)
    del by, owner
    step = 0
    while step < len(key):
        stop = min(step + _KEYS_PER_STEP, len(key))
        if stop < len(key):  # a bucket is never cut in two
            stop = int(np.searchsorted(key, key[stop - 1], side="right"))
        yield _bucket_pairs(np, key[step:stop], who[step:stop], table_keys, limit)
        step = stop


def _common(np: Any, pool: Any, max_bucket: int) -> Any:
    """The values found more than ``max_bucket`` times in ``pool`` (sorted in place),
    counted a slice of whole runs at a time."""
    pool.sort()
    out = [np.zeros(0, dtype=pool.dtype)]
    start = 0
    while start < len(pool):
        stop = min(start + _KEYS_PER_STEP, len(pool))
        if stop < len(pool):
            stop = int(np.searchsorted(pool, pool[stop - 1], side="right"))
        part = pool[start:stop]
        edges = np.flatnonzero(np.r_[True, part[1:] != part[:-1], True])
        out.append(part[edges[:-1]][np.diff(edges) > max_bucket])
        start = stop
    return np.concatenate(out)


def _bucket_pairs(np: Any, key: Any, who: Any, table_keys: Any, limit: int) -> Any:
    """The pairs of a run of whole buckets, each kept only in the bucket of the smallest
    key its two articles share (so that every pair is proposed once)."""
    found_a, found_b, found_k = [], [], []
    for back in range(1, limit + 1):
        same = key[back:] == key[:-back]
        if not same.any():
            break
        found_a.append(who[:-back][same])
        found_b.append(who[back:][same])
        found_k.append(key[back:][same])
    if not found_a:
        return np.zeros(0, dtype=np.int64)
    a, b, k = np.concatenate(found_a), np.concatenate(found_b), np.concatenate(found_k)
    mine = np.zeros(len(a), dtype=bool)
    for at in range(0, len(a), _PAIRS_PER_STEP):
        part = slice(at, at + _PAIRS_PER_STEP)
        ka, kb = table_keys[a[part]], table_keys[b[part]]
        n, width = ka.shape
        # rows ascending, pairs in order: one search finds a's keys among b's
        row = np.repeat(np.arange(n, dtype=np.uint64) << np.uint64(32), width)
        flat_a = row | ka.ravel().astype(np.uint64)
        flat_b = row | kb.ravel().astype(np.uint64)
        at_b = np.minimum(np.searchsorted(flat_b, flat_a), len(flat_b) - 1)
        shared = ((flat_b[at_b] == flat_a) & (ka.ravel() != _PAD)).reshape(n, width)
        smallest = np.where(shared.any(axis=1), ka[np.arange(n), shared.argmax(axis=1)], _PAD)
        mine[part] = smallest == k[part]
    return np.sort((a[mine] << 32) | b[mine])


def measure(table: SketchTable, order: Any, pairs: Any) -> Iterator[tuple[Any, ...]]:
    """For chunks of candidate pairs (``a << 32 | b``, ranks): ``(a, b, shared, na, nb,
    cut)``, the shared sampled hashes and each side's sample, all cut at the pair's
    smaller tau (below which both samples hold every hash of their bodies)."""
    np = _numpy()
    starts, ends = _bounds(table, order)
    tau = np.frombuffer(table.tau, dtype=np.uint64)[order]
    values = np.frombuffer(table.values, dtype=np.uint32)
    for step in range(0, len(pairs), _PAIRS_PER_STEP):
        chunk = pairs[step : step + _PAIRS_PER_STEP]
        a, b = chunk >> 32, chunk & 0xFFFFFFFF
        cut = np.minimum(tau[a], tau[b])
        n = len(chunk)
        sides = []
        for side in (a, b):
            lengths = ends[side] - starts[side]
            v = values[_ranges(starts[side], lengths)].astype(np.uint64)
            pid = np.repeat(np.arange(n, dtype=np.int64), lengths)
            ok = v < cut[pid]
            # sorted: pair by pair, each sample in order
            sides.append((pid[ok], (pid[ok].astype(np.uint64) << np.uint64(32)) | v[ok]))
        (pa, ka), (pb, kb) = sides
        na = np.bincount(pa, minlength=n)
        nb = np.bincount(pb, minlength=n)
        at = np.minimum(np.searchsorted(kb, ka), max(len(kb) - 1, 0))
        hit = kb[at] == ka if len(kb) else np.zeros(len(ka), dtype=bool)
        shared = np.bincount(pa[hit], minlength=n)
        yield a, b, shared, na, nb, cut


def lede_found(table: SketchTable, small: int, other: int, cut: int) -> bool:
    """Whether the first line of article ``small``'s body is in article ``other``'s (by
    storage position): one of its smallest hashes below ``cut`` is in the other's sample,
    or none is below ``cut`` (nothing to tell by)."""
    np = _numpy()
    n = table.lede_n[small]
    lede = np.frombuffer(table.lede, dtype=np.uint32)[small * LEDE : small * LEDE + n]
    lede = lede[lede.astype(np.uint64) < cut]
    if not len(lede):
        return True
    start = table.ends[other - 1] if other else 0
    sample = np.frombuffer(table.values, dtype=np.uint32)[start : table.ends[other]]
    return bool(np.isin(lede, sample, assume_unique=True).any())


def verified(
    table: SketchTable,
    order: Any,
    pairs: Iterable[Any],
    threshold: float,
    containment: float | None,
) -> list[Edge]:
    """The candidate pairs that are near-duplicates: estimated Jaccard similarity of their
    bodies' shingles at least ``threshold``, or (``containment``) that share of the
    smaller body's shingles found in the other, the smaller's first line among them."""
    np = _numpy()
    count = np.frombuffer(table.count, dtype=np.int64)[order]
    edges: list[Edge] = []
    measured = (m for chunk in pairs for m in measure(table, order, chunk))
    for a, b, shared, na, nb, cut in measured:
        union = np.maximum(na + nb - shared, 1)
        jac = shared / union
        small_is_a = (count[a] < count[b]) | ((count[a] == count[b]) & (na <= nb))
        contained = shared / np.maximum(np.where(small_is_a, na, nb), 1)
        by_jaccard = jac >= threshold
        by_containment = ~by_jaccard & (contained >= (2.0 if containment is None else containment))
        for k in np.flatnonzero(by_jaccard | by_containment):
            ia, ib = int(order[a[k]]), int(order[b[k]])
            small, other = (ia, ib) if small_is_a[k] else (ib, ia)
            if by_containment[k] and not lede_found(table, small, other, int(cut[k])):
                continue
            edges.append(
                Edge(
                    table.ids[ia],
                    table.ids[ib],
                    round(float(jac[k]), 4),
                    round(float(contained[k]), 4),
                    table.ids[small],
                )
            )
    return edges


def aside_mask(table: SketchTable, order: Any, groups: Iterable[list[str]]) -> Any:
    """True for each rank whose article stands aside for an exact copy with a smaller id."""
    np = _numpy()
    rank = {table.ids[i]: r for r, i in enumerate(order)}
    mask = np.zeros(len(order), dtype=bool)
    for group in groups:
        for rid in group[1:]:
            mask[rank[rid]] = True
    return mask
