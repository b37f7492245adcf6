"""The learned line model at clean time: hashed features, a logistic score, numpy only.

A model file (``.npz``) holds the weights of the hashed feature space, the bias, the
thresholds the training calibrated for each strictness, and a short provenance record.
Loading is cached by the file's content hash, so editing a model file between two calls
in one process takes effect.
"""

from __future__ import annotations

import io
import json
import math
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ConfigError
from .features import MAX_WORDS, DocContext, context_features, own_features

BUCKETS_BITS = 18
BUNDLED = "default"


def feature_ids(names: Sequence[str], bits: int = BUCKETS_BITS) -> list[int]:
    """Stable bucket ids (CRC-32 of the name, masked): the same on every machine."""
    mask = (1 << bits) - 1
    return [zlib.crc32(n.encode("utf-8")) & mask for n in names]


@dataclass(slots=True)
class ScoreMemo:
    """What scoring one document again can reuse: each line's words, its own feature names
    and bucket ids, and its score for a given place (keyed by the line). One memo serves
    one document and one model: every call that shares it passes the same source hint."""

    words: dict[str, tuple[tuple[str, ...], frozenset[str]]] = field(default_factory=dict)
    own: dict[str, tuple[list[str], list[int]]] = field(default_factory=dict)
    ids: dict[str, int] = field(default_factory=dict)  # feature name -> bucket id
    # (line, its place's feature names) -> its score: the same names give the same score
    scores: dict[tuple[str, tuple[str, ...]], LineScore] = field(default_factory=dict)

    def feature_ids(self, names: Sequence[str], bits: int) -> list[int]:
        """``feature_ids(names, bits)``, each name hashed once per document (for the few
        names of a line's place, which recur on every line)."""
        known = self.ids
        mask = (1 << bits) - 1
        out = []
        for name in names:
            bucket = known.get(name)
            if bucket is None:
                bucket = known[name] = zlib.crc32(name.encode("utf-8")) & mask
            out.append(bucket)
        return out


@dataclass(frozen=True, slots=True)
class LineScore:
    """A line's probability of being promo/boilerplate and the features that drove it."""

    score: float
    top: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class LineModel:
    """A trained line model: weights over hashed features and calibrated thresholds."""

    weights: np.ndarray[Any, np.dtype[np.float32]]
    bias: float
    thresholds: dict[str, float]
    meta: dict[str, Any] = field(default_factory=dict)
    bits: int = BUCKETS_BITS
    name: str = BUNDLED

    def score_doc(
        self,
        lines: Sequence[str],
        source: str | None = None,
        *,
        only: Sequence[int] | None = None,
        memo: ScoreMemo | None = None,
    ) -> dict[int, LineScore]:
        """Scores of the non-blank lines of at most ``MAX_WORDS`` words (or of ``only``).

        ``memo`` (a fresh ``ScoreMemo`` per document) lets a caller that scores one
        document again after removing lines skip each line's own words and features:
        only its place in the document is worked out again. The scores are the same.
        """
        if memo is None:
            memo = ScoreMemo()
        ctx = DocContext.build(lines, source, memo.words)
        indexes = range(len(lines)) if only is None else only
        out: dict[int, LineScore] = {}
        w = self.weights
        own_memo = memo.own
        for i in indexes:
            words = ctx.words[i]
            if not words or len(words) > MAX_WORDS:
                continue
            line = lines[i]
            text = line.strip()
            own = own_memo.get(line)
            if own is None:
                own_names = own_features(text, words, ctx.outlet)
                own = own_memo[line] = (own_names, feature_ids(own_names, self.bits))
            place = context_features(text, i, words, ctx)
            known = memo.scores.get((line, tuple(place)))
            if known is not None:
                out[i] = known
                continue
            names = own[0] + place
            contrib = w[own[1] + memo.feature_ids(place, self.bits)]
            z = float(contrib.sum()) + self.bias
            score = 1.0 / (1.0 + math.exp(-z)) if z > -40 else 0.0
            order = np.argsort(-contrib, kind="stable")[:3]
            top = tuple(names[int(k)] for k in order if contrib[int(k)] > 0)
            out[i] = memo.scores[line, tuple(place)] = LineScore(score, top)
        return out

    def threshold(self, strictness: str) -> float:
        try:
            return self.thresholds[strictness]
        except KeyError:
            raise ConfigError(
                f"model {self.name!r} has no threshold for strictness {strictness!r}; "
                f"it has {sorted(self.thresholds)}"
            ) from None

    def save(self, path: str | Path) -> None:
        """Write the model as a compressed ``.npz`` (only the non-zero weights)."""
        nz = np.flatnonzero(self.weights).astype(np.int32)
        meta = {**self.meta, "bias": self.bias, "thresholds": self.thresholds, "bits": self.bits}
        with open(path, "wb") as fh:
            np.savez_compressed(
                fh,
                index=nz,
                value=self.weights[nz].astype(np.float32),
                meta=np.frombuffer(json.dumps(meta, sort_keys=True).encode(), dtype=np.uint8),
            )


def _from_bytes(data: bytes, name: str) -> LineModel:
    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as npz:
            meta = json.loads(bytes(npz["meta"]).decode())
            bits = int(meta["bits"])
            weights = np.zeros(1 << bits, dtype=np.float32)
            weights[npz["index"]] = npz["value"]
    except (OSError, ValueError, KeyError) as exc:
        raise ConfigError(f"line model {name!r} cannot be read: {exc}") from exc
    thresholds = {str(k): float(v) for k, v in meta.pop("thresholds").items()}
    bias = float(meta.pop("bias"))
    meta.pop("bits")
    return LineModel(weights, bias, thresholds, meta, bits, name)


@lru_cache(maxsize=1)
def _bundled() -> LineModel:
    data = resources.files("newsclean.linemodel").joinpath("default.npz").read_bytes()
    return _from_bytes(data, BUNDLED)


@lru_cache(maxsize=8)
def _from_path(path: str, mtime_ns: int, size: int) -> LineModel:
    # mtime and size are part of the key: a model file edited in place is read again
    return _from_bytes(Path(path).read_bytes(), path)


def load_model(ref: str | Path = BUNDLED) -> LineModel:
    """Load the bundled model (``"default"``) or a model file written by ``train``.

    A file is cached by its path, modification time and size, so a model file replaced
    between two calls in one process is read again.
    """
    if str(ref) == BUNDLED:
        return _bundled()
    try:
        st = Path(ref).stat()
        return _from_path(str(Path(ref).resolve()), st.st_mtime_ns, st.st_size)
    except OSError as exc:
        raise ConfigError(f"line model {str(ref)!r} cannot be read: {exc}") from exc
