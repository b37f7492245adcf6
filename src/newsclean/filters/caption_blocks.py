"""The caption collapser's blocking: bucket keys, buckets and the candidates they hold.

Past ``captions.EXHAUSTIVE_UP_TO`` groups, a line is compared only with the groups that
share a bucket key with it (``block_keys``), each bucket holding the latest
``_BUCKET_DEPTH`` groups. Split out of ``captions`` so each reads in one sitting.
"""

from __future__ import annotations

from collections import Counter
from itertools import chain

from .caption_text import LineKey

# Characters in the prefix/suffix keys, sampled words, bucket depth, word hits needed.
_BLOCK = 24
_SAMPLES = 6
_BUCKET_DEPTH = 8
_WORD_HITS = 2

BlockKey = tuple[str, object]
Buckets = dict[BlockKey, list[int]]

#: Keep each line's keys for the next pass over its document (``keys_of``); False runs
#: ``block_keys`` for every line every time (the slow oracle: the same keys).
FAST_BLOCKS = True


def block_keys(info: LineKey) -> list[BlockKey]:
    """Bucket keys for candidate search: the first and last 24 folded characters, and
    the line's longest distinct words (long words are rare, so their buckets stay
    small; near-copies share most words, so they very likely share a chosen one)."""
    keys: list[BlockKey] = [("p", info.key[:_BLOCK])]
    if not info.truncated:
        keys.append(("s", info.key[-_BLOCK:]))
    # longest first; among equal lengths alphabetical (stable sorts, no hash order)
    longest = sorted(sorted(set(info.folded)), key=len, reverse=True)[:_SAMPLES]
    keys.extend(("w", word) for word in longest)
    return keys


def keys_of(info: LineKey, memo: dict[tuple[str, bool], list[BlockKey]] | None) -> list[BlockKey]:
    """``block_keys(info)``, kept in ``memo`` (one document's) on the fast path."""
    if not FAST_BLOCKS or memo is None:
        return block_keys(info)
    slot = (info.key, info.truncated)  # all the keys depend on
    keys = memo.get(slot)
    if keys is None:
        keys = memo[slot] = block_keys(info)
    return keys


def insert(buckets: Buckets, keys: list[BlockKey], gid: int) -> None:
    """File group ``gid`` under each of its keys, dropping a bucket's oldest past depth."""
    for slot in keys:
        bucket = buckets.setdefault(slot, [])
        bucket.append(gid)
        if len(bucket) > _BUCKET_DEPTH:
            del bucket[0]


def candidates_in(
    info: LineKey, keys: list[BlockKey], buckets: Buckets, cut_groups: set[int]
) -> list[int]:
    """Groups sharing the prefix or suffix key, or at least two sampled words (one, when
    either line was cut short: a cut copy has fewer words to share)."""
    chosen: set[int] = set()
    word_buckets: list[list[int]] = []
    for key in keys:
        bucket = buckets.get(key)
        if not bucket:
            continue
        if key[0] == "w":
            word_buckets.append(bucket)
        else:
            chosen.update(bucket)
    if word_buckets:
        hits = Counter(chain.from_iterable(word_buckets))  # counted in C
        if info.truncated:
            chosen.update(hits)
        else:
            chosen.update([gid for gid, n in hits.items() if n >= _WORD_HITS])
            chosen.update(hits.keys() & cut_groups)
    return sorted(chosen)
