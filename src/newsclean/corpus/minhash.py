"""Sketches of word shingles, vectorised with numpy: the sampled shingle set that
deduplication compares (a bottom-k MinHash sketch with a fixed-rate sample, so that
containment is estimated as well as Jaccard similarity), and the classic MinHash signature
with LSH banding."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol

from .common import WORD


class MinHashParams(Protocol):
    """What a signature depends on (``DedupeOptions`` has these)."""

    @property
    def num_perm(self) -> int: ...
    @property
    def shingle(self) -> int: ...
    @property
    def seed(self) -> int: ...


@dataclass(frozen=True, slots=True)
class MinHashOptions:
    """The parameters of a classic MinHash signature (``minhash``)."""

    num_perm: int = 128
    shingle: int = 3
    seed: int = 1


def shingles(text: str, size: int) -> list[bytes]:
    """Word ``size``-grams of the case-folded text (the text itself when shorter).

    Examples:
        >>> shingles("A b, c d", 3)
        [b'a b c', b'b c d']
    """
    words = WORD.findall(text.casefold())
    if len(words) <= size:
        return [" ".join(words).encode()]
    return [" ".join(words[i : i + size]).encode() for i in range(len(words) - size + 1)]


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


# MinHash, vectorised with numpy: each word hashed once, each shingle's hash
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
    # a pure function of two numbers: the cache cannot go stale
    np = _numpy()
    return np.random.default_rng(seed).integers(
        0, 2**64 - 1, size=num_perm, dtype=np.uint64, endpoint=True
    )


_WIDTH = 24  # characters of a word hashed (a longer word is known by its first 24)


@lru_cache(maxsize=1)
def _powers() -> Any:
    # a pure function of constants: the cache cannot go stale
    np = _numpy()
    return np.random.default_rng(_WIDTH).integers(1, 2**63, size=_WIDTH, dtype=np.uint64) | 1


def _word_hashes(np: Any, words: list[str]) -> Any:
    """One 64-bit hash per word, vectorised: the words as a fixed-width array of code
    points (zero-padded: the width never changes a word's hash), each column times its
    own random odd multiplier, summed (mod 2**64)."""
    if not words:
        return np.zeros(0, dtype=np.uint64)
    width = min(max(map(len, words)), _WIDTH)
    codes = np.array(words, dtype=f"<U{width}").view(np.uint32).reshape(len(words), width)
    return (codes.astype(np.uint64) * _powers()[None, :width]).sum(axis=1, dtype=np.uint64)


def _shingle_hashes(np: Any, text: str, size: int) -> Any:
    """One 64-bit hash per word ``size``-gram (those of ``shingles``)."""
    hashes = _word_hashes(np, WORD.findall(text.casefold()))
    fnv = np.uint64(_FNV)
    if len(hashes) <= size:  # a text shorter than a shingle is one shingle
        combined = np.zeros(1, dtype=np.uint64)
        for value in hashes:
            combined = (combined * fnv) ^ value
        return combined
    count = len(hashes) - size + 1
    combined = hashes[:count].copy()
    for k in range(1, size):
        combined = (combined * fnv) ^ hashes[k : k + count]
    return combined


def minhash(text: str, params: MinHashParams) -> bytes:
    """The MinHash signature of the text's word ``shingle``-grams (those of ``shingles``):
    ``num_perm`` 32-bit minima, unsigned little-endian. About twice as fast as datasketch's
    ``MinHash``, with the same accuracy (``benchmarks/corpus.py`` measures both)."""
    np = _numpy()
    combined = _shingle_hashes(np, text, params.shingle)
    seeds = _seeds(params.num_perm, params.seed)
    mins = np.full(params.num_perm, np.iinfo(np.uint64).max, dtype=np.uint64)
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


#: A body keeps at least this many of its smallest shingle hashes (all of a short one).
SAMPLE_FLOOR = 64
_FULL = 1 << 32  # the threshold of a complete sample: every 32-bit hash is below it


def shingle_set(text: str, size: int) -> Any:
    """The distinct 32-bit hashes of the text's word ``size``-grams, sorted (uint32):
    the shingle hashes of ``minhash`` through splitmix64's finaliser, top 32 bits."""
    np = _numpy()
    if WORD.search(text) is None:
        return np.zeros(0, dtype=np.uint32)
    z = _shingle_hashes(np, text, size)
    z = (z ^ (z >> np.uint64(30))) * np.uint64(_MIX1)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(_MIX2)
    z ^= z >> np.uint64(31)
    return np.unique((z >> np.uint64(32)).astype(np.uint32))


def sample_of(hashes: Any, rate: int) -> tuple[int, Any]:
    """``(tau, kept)``: the hashes below ``tau`` of a sorted shingle set, where ``tau`` is
    the larger of ``2**32 / rate`` and just above the ``SAMPLE_FLOOR``-th smallest (a set
    no larger than the floor is kept whole, ``tau = 2**32``).

    Two sets' samples cut at the smaller of their two ``tau`` are the sets themselves cut
    there: a shingle of both is in both cut samples or in neither. So the cut samples
    estimate Jaccard similarity and containment without bias, even for sets of very
    different sizes (a short copy of a long story), which a fixed-length MinHash
    signature cannot do for containment.

    Examples:
        >>> import numpy as np
        >>> tau, kept = sample_of(np.arange(0, 2**32, 2**22, dtype=np.uint32), 8)
        >>> tau == 2**29, len(kept)
        (True, 128)
    """
    np = _numpy()
    if len(hashes) <= SAMPLE_FLOOR:
        return _FULL, hashes
    tau = max(_FULL // rate, int(hashes[SAMPLE_FLOOR - 1]) + 1)
    return tau, hashes[: int(np.searchsorted(hashes, tau))]
