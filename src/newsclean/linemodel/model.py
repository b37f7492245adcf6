"""The learned line model at clean time: hashed features, a logistic score, numpy only.

A model file (``.npz``) holds the weights of the hashed feature space, the bias, the
thresholds the training calibrated for each strictness, and a short provenance record.
Loading is cached by the file's content hash, so editing a model file between two calls
in one process takes effect.
"""

from __future__ import annotations

import io
import itertools
import json
import math
import zlib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

import numpy as np

from ..errors import ConfigError
from .features import (
    MAX_WORDS,
    DocContext,
    context_alternatives,
    context_features,
    line_tokens,
    outlet_words,
    own_features,
)

BUCKETS_BITS = 18
BUNDLED = "default"
#: ``score_doc(..., min_score=)`` leaves out, unplaced and unscored, every line whose own
#: features plus the most its place could add stay below ``min_score`` (oracle: ``False``,
#: every line scored; the same lines and scores either way, ``tests/test_fast_model.py``).
FAST_BOUND = True
# float32 sums of at most a few hundred weights err by far less than this share of the
# sum of their magnitudes; the bound keeps this much room (and a little more) for them
_SUM_ERROR = 1e-4
_ROOM = 1e-6


def feature_ids(names: Sequence[str], bits: int = BUCKETS_BITS) -> list[int]:
    """Stable bucket ids (CRC-32 of the name, masked): the same on every machine."""
    mask, crc = (1 << bits) - 1, zlib.crc32
    return [crc(n.encode()) & mask for n in names]  # str.encode() is UTF-8


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
    # line -> what its own features (with the bias) add, and the sum of their magnitudes
    own_sum: dict[str, tuple[float, float]] = field(default_factory=dict)

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
        min_score: float | None = None,
    ) -> dict[int, LineScore]:
        """Scores of the non-blank lines of at most ``MAX_WORDS`` words (or of ``only``).

        ``memo`` (a fresh ``ScoreMemo`` per document) lets a caller that scores one
        document again after removing lines skip each line's own words and features:
        only its place in the document is worked out again. The scores are the same.

        ``min_score`` keeps only the lines scoring at least that much. A line that cannot
        reach it whatever its place (its own features, plus the most each group of place
        features could add: ``features.context_alternatives``) is then never placed or
        scored, and a document with no other line is never walked (``FAST_BOUND``).
        """
        if memo is None:
            memo = ScoreMemo()
        indexes: Sequence[int] = range(len(lines)) if only is None else only
        if not indexes:
            return {}  # nothing asked: the document is never walked
        logit: float | None = None
        if FAST_BOUND and min_score is not None and 0.0 < min_score < 1.0:
            logit = math.log(min_score / (1.0 - min_score))
            indexes = self._may_reach(lines, indexes, source, memo, logit)
            if not indexes:
                return {}
        ctx = DocContext.build(lines, source, memo.words)
        out: dict[int, LineScore] = {}
        w = self.weights
        own_memo = memo.own
        weigh = _name_weights(self)
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
            if known is None:
                if logit is not None:
                    # the place is known now: the line's logit to within float32 error
                    total, size = memo.own_sum[line]
                    for name in place:
                        value = weigh(name)
                        total += value
                        size += abs(value)
                    if total + _SUM_ERROR * size + _ROOM < logit:
                        continue  # surely below min_score
                names = own[0] + place
                contrib = w[own[1] + memo.feature_ids(place, self.bits)]
                z = float(contrib.sum()) + self.bias
                score = 1.0 / (1.0 + math.exp(-z)) if z > -40 else 0.0
                order = np.argsort(-contrib, kind="stable")[:3]
                top = tuple(names[int(k)] for k in order if contrib[int(k)] > 0)
                known = memo.scores[line, tuple(place)] = LineScore(score, top)
            if min_score is None or known.score >= min_score:
                out[i] = known
        return out

    def _may_reach(
        self,
        lines: Sequence[str],
        indexes: Sequence[int],
        source: str | None,
        memo: ScoreMemo,
        logit: float,
    ) -> list[int]:
        """The lines of ``indexes`` (non-blank, at most ``MAX_WORDS`` words) whose logit
        could reach ``logit`` in some place: every other one surely stays below. Notes
        each line's own sum (with the bias) and the sum of its weights' magnitudes in
        ``memo.own_sum``."""
        room = _place_room(self)
        words_memo, own_memo, sums = memo.words, memo.own, memo.own_sum
        outlet: frozenset[str] | None = None
        judged, fresh = [], []
        for i in indexes:
            line = lines[i]
            if line not in sums:
                tokens = words_memo.get(line)
                if tokens is None:
                    tokens = words_memo[line] = line_tokens(line)
                words = tokens[0]
                if not words or len(words) > MAX_WORDS:
                    continue
                if line not in own_memo:
                    if outlet is None:
                        outlet = outlet_words(source)
                    own_names = own_features(line.strip(), words, outlet)
                    own_memo[line] = (own_names, feature_ids(own_names, self.bits))
                fresh.append(line)
            judged.append(i)
        if fresh:  # the new lines' own sums, in one gather (each line has a bias feature)
            ids = [own_memo[line][1] for line in fresh]
            starts = np.cumsum([0] + [len(x) for x in ids[:-1]])
            values = self.weights[list(itertools.chain.from_iterable(ids))].astype(np.float64)
            totals = np.add.reduceat(values, starts) + self.bias
            sizes = np.add.reduceat(np.abs(values), starts)
            for line, total, size in zip(fresh, totals.tolist(), sizes.tolist(), strict=True):
                sums[line] = (total, size)
        # whether a line repeats is known at once (as ``context_features`` counts it)
        repeats = Counter(text for text in map(str.strip, lines) if text)
        again = self.weights[feature_ids(("repeat",), self.bits)[0]].item()
        keep = []
        for i in judged:
            line = lines[i]
            most, size = room(own_memo[line][0][1])  # [0][1]: the word-count feature
            total, own_size = sums[line]
            if repeats[line.strip()] > 1:
                total += again
                size += abs(again)
            if total + most + _SUM_ERROR * (own_size + size) + _ROOM >= logit:
                keep.append(i)
        return keep

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


_WEIGHTS: WeakKeyDictionary[LineModel, dict[str, float]] = WeakKeyDictionary()


def _name_weights(model: LineModel) -> Callable[[str], float]:
    """A feature name's weight under ``model`` (as a Python float), each name hashed once."""
    known = _WEIGHTS.setdefault(model, {})
    weights, mask = model.weights, (1 << model.bits) - 1

    def weigh(name: str) -> float:
        value = known.get(name)
        if value is None:
            value = known[name] = float(weights[zlib.crc32(name.encode("utf-8")) & mask])
        return value

    return weigh


_ROOMS: WeakKeyDictionary[LineModel, dict[str, tuple[float, float]]] = WeakKeyDictionary()


_REPEAT = ((), ("repeat",))


def _place_room(model: LineModel) -> Callable[[str], tuple[float, float]]:
    """For a word-count feature (``"nw:4-5"``): the most a line's place features but
    ``repeat`` can add to its logit under ``model`` (each group's best alternative,
    summed) and the sum of the magnitudes of the weights that sum reads."""
    rooms = _ROOMS.setdefault(model, {})

    def room(nwb: str) -> tuple[float, float]:
        known = rooms.get(nwb)
        if known is None:
            most = size = 0.0
            for group in context_alternatives(nwb):
                if group == _REPEAT:
                    continue  # known for each line (see ``_may_reach``)
                sums = []
                for names in group:
                    values = model.weights[feature_ids(names, model.bits)].astype(np.float64)
                    sums.append((float(values.sum()), float(np.abs(values).sum())))
                most += max(s for s, _ in sums)
                size += max(a for _, a in sums)
            known = rooms[nwb] = (most, size)
        return known

    return room


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
