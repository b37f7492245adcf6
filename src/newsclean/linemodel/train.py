"""Training the line model from labelled lines: logistic regression over hashed features.

Plain numpy, full-batch Adam, a fixed number of steps and a fixed order: the same labels
give the same weights, byte for byte. Thresholds for each ``strictness`` are calibrated
on out-of-fold scores (folds grouped by outlet, so no outlet is scored by a model that
saw it), which is what a user's unseen outlets look like.
"""

from __future__ import annotations

import gzip
import io
import json
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ConfigError
from ..filters.encoding import FixEncoding
from ..model import Doc
from .features import MAX_WORDS, DocContext, judgeable, line_features
from .model import BUCKETS_BITS, LineModel, feature_ids

#: Labels the model learns from: promo is removed; body and span (reporting) are kept.
POSITIVE = frozenset({"promo"})
NEGATIVE = frozenset({"body", "span"})
#: What each strictness allows, measured on out-of-fold scores of the training labels:
#: the most body lines (share of all body lines scored) the model may remove.
BODY_LOSS = {"conservative": 0.004, "aggressive": 0.01}


@dataclass(frozen=True, slots=True)
class LabelRow:
    """One labelled line: (record id, 1-based line number, label, kind)."""

    record_id: str
    line_no: int
    label: str
    kind: str = ""


@dataclass(frozen=True, slots=True)
class Example:
    group: str  # the outlet: folds never split one
    record_id: str
    line_no: int
    features: tuple[int, ...]
    names: tuple[str, ...]
    y: int


def read_label_file(path: str | Path) -> list[LabelRow]:
    """Read a label file: tab-separated ``record_id, line_no, label[, kind[, hash]]``."""
    rows = []
    text = Path(path).read_text(encoding="utf-8")
    for n, row in enumerate(text.splitlines(), start=1):
        if not row.strip() or row.startswith("#"):
            continue
        parts = row.split("\t")
        if len(parts) < 3 or not parts[1].strip().isdigit():
            raise ConfigError(
                f"{path}:{n}: a label row is 'record_id<TAB>line_no<TAB>label[<TAB>kind]'; "
                f"got {row[:80]!r}"
            )
        kind = parts[3] if len(parts) > 3 else ""
        rows.append(LabelRow(parts[0], int(parts[1]), parts[2], kind))
    return rows


def group_of(record: Mapping[str, Any]) -> str:
    """The outlet a record belongs to, for grouping folds."""
    return str(record.get("outlet") or record.get("domain") or record.get("id", "")).casefold()


def fold_of(group: str, folds: int) -> int:
    """A stable fold for an outlet (CRC-32 of its name)."""
    return zlib.crc32(group.encode("utf-8")) % folds


def build_examples(
    records: Mapping[str, Mapping[str, Any]], labels: Iterable[LabelRow]
) -> list[Example]:
    """Feature every labelled line in its document, as the filter will see it."""
    by_record: dict[str, dict[int, str]] = {}
    for row in labels:
        by_record.setdefault(row.record_id, {})[row.line_no] = row.label
    fix = FixEncoding()
    out: list[Example] = []
    for rid in sorted(by_record):
        record = records.get(rid)
        if record is None:
            raise ConfigError(f"labels name record {rid!r}, which the records do not hold")
        text = str(record["text"])
        raw = Doc.from_text(text)
        lines = fix(raw).lines
        if len(lines) != len(raw.lines):
            raise ConfigError(f"record {rid!r}: line count changed in encoding repair")
        ctx = DocContext.build(lines, record.get("url") or record.get("domain"))
        group = group_of(record)
        for line_no, label in sorted(by_record[rid].items()):
            if label not in POSITIVE and label not in NEGATIVE:
                continue
            i = line_no - 1
            if i >= len(lines) or not ctx.words[i] or len(ctx.words[i]) > MAX_WORDS:
                continue
            if not judgeable(lines[i]):
                continue  # the filter never asks the model about it
            names = line_features(lines, i, ctx)
            out.append(
                Example(
                    group,
                    rid,
                    line_no,
                    tuple(feature_ids(names)),
                    tuple(names),
                    int(label in POSITIVE),
                )
            )
    return out


def _fit(
    examples: Sequence[Example], *, steps: int, l2: float, rate: float, bits: int
) -> tuple[np.ndarray[Any, np.dtype[np.float32]], float]:
    size = 1 << bits
    idx = np.fromiter((f for e in examples for f in e.features), dtype=np.int64)
    row = np.repeat(np.arange(len(examples)), [len(e.features) for e in examples])
    y = np.array([e.y for e in examples], dtype=np.float64)
    w = np.zeros(size)
    b = 0.0
    m, v = np.zeros(size), np.zeros(size)
    mb = vb = 0.0
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    n = max(len(examples), 1)
    for t in range(1, steps + 1):
        z = np.bincount(row, weights=w[idx], minlength=len(examples)) + b
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        err = p - y
        gw = np.bincount(idx, weights=err[row], minlength=size) / n + l2 * w
        gb = float(err.mean())
        m = beta1 * m + (1 - beta1) * gw
        v = beta2 * v + (1 - beta2) * gw * gw
        mb = beta1 * mb + (1 - beta1) * gb
        vb = beta2 * vb + (1 - beta2) * gb * gb
        c1, c2 = 1 - beta1**t, 1 - beta2**t
        w -= rate * (m / c1) / (np.sqrt(v / c2) + eps)
        b -= rate * (mb / c1) / (np.sqrt(vb / c2) + eps)
    w[np.abs(w) < 1e-4] = 0.0  # keeps the shipped file small; changes no score visibly
    return w.astype(np.float32), float(b)


def _scores(examples: Sequence[Example], w: np.ndarray[Any, Any], b: float) -> np.ndarray[Any, Any]:
    z = np.array([float(w[list(e.features)].sum()) + b for e in examples])
    out: np.ndarray[Any, Any] = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
    return out


def calibrate(scores: np.ndarray[Any, Any], y: np.ndarray[Any, Any]) -> dict[str, float]:
    """For each strictness, the lowest threshold whose body loss stays within its budget."""
    body = scores[y == 0]
    out = {}
    for strictness, budget in BODY_LOSS.items():
        allowed = int(budget * len(body))
        ranked = np.sort(body)[::-1]
        # the threshold sits just above the (allowed+1)-th highest body score
        edge = float(ranked[allowed]) if allowed < len(ranked) else 0.0
        out[strictness] = min(0.99, max(0.5, float(np.nextafter(edge, 1.0))))
    return out


def train(
    examples: Sequence[Example],
    *,
    steps: int = 300,
    l2: float = 1e-4,
    rate: float = 0.05,
    folds: int = 4,
    bits: int = BUCKETS_BITS,
    meta: Mapping[str, Any] | None = None,
) -> LineModel:
    """Train a model on ``examples``; thresholds from out-of-fold scores grouped by outlet.

    Examples:
        >>> train([]).thresholds  # doctest: +SKIP
    """
    if not examples or len({e.y for e in examples}) < 2:
        raise ConfigError("training needs labelled lines of both kinds: promo and body")
    ys = np.array([e.y for e in examples])
    oof = np.zeros(len(examples))
    fold = np.array([fold_of(e.group, folds) for e in examples])
    for k in range(folds):
        held = fold == k
        if not held.any() or held.all():
            continue
        train_part = [e for e, h in zip(examples, held, strict=True) if not h]
        if len({e.y for e in train_part}) < 2:
            continue
        w, b = _fit(train_part, steps=steps, l2=l2, rate=rate, bits=bits)
        oof[held] = _scores([e for e, h in zip(examples, held, strict=True) if h], w, b)
    thresholds = calibrate(oof, ys)
    w, b = _fit(examples, steps=steps, l2=l2, rate=rate, bits=bits)
    info = {
        "examples": len(examples),
        "promo": int(ys.sum()),
        "outlets": len({e.group for e in examples}),
        "steps": steps,
        "l2": l2,
        "rate": rate,
        **(meta or {}),
    }
    return LineModel(w, b, thresholds, info, bits, "trained")


def save_examples(examples: Sequence[Example], path: str | Path) -> None:
    """Write examples as hashed feature ids only (no text): what ships as package data so
    a user can train with the bundled labels without the articles they came from."""
    groups = sorted({e.group for e in examples})
    group_ids = {g: i for i, g in enumerate(groups)}
    with open(path, "wb") as fh:
        np.savez_compressed(
            fh,
            ids=np.fromiter((f for e in examples for f in e.features), dtype=np.int32),
            lengths=np.array([len(e.features) for e in examples], dtype=np.int32),
            y=np.array([e.y for e in examples], dtype=np.int8),
            group=np.array([zlib.crc32(g.encode()) for g in groups], dtype=np.uint32)[
                [group_ids[e.group] for e in examples]
            ],
        )


def bundled_examples() -> list[Example]:
    """The bundled labelled lines (3,400 real articles, ~1,800 outlets) as hashed features."""
    data = resources.files("newsclean.linemodel").joinpath("default_examples.npz").read_bytes()
    with np.load(io.BytesIO(data), allow_pickle=False) as npz:
        ids, lengths, y, group = npz["ids"], npz["lengths"], npz["y"], npz["group"]
    out, start = [], 0
    for n, label, g in zip(lengths.tolist(), y.tolist(), group.tolist(), strict=True):
        feats = tuple(ids[start : start + n].tolist())
        start += n
        out.append(Example(f"bundled:{g}", "", 0, feats, (), int(label)))
    return out


def read_records(paths: Iterable[str | Path]) -> dict[str, dict[str, Any]]:
    """Records by id from JSONL files (``.jsonl`` or ``.jsonl.gz``): ``id``, ``text`` and
    ``outlet`` (or ``domain`` / ``url``) for grouping."""
    out: dict[str, dict[str, Any]] = {}
    for path in paths:
        p = Path(path)
        opener = gzip.open if p.name.endswith(".gz") else open
        with opener(p, "rt", encoding="utf-8") as fh:
            for n, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise ConfigError(f"{p}:{n}: not a JSON record: {exc}") from exc
                if not isinstance(rec, dict) or "id" not in rec or "text" not in rec:
                    raise ConfigError(f"{p}:{n}: a record needs 'id' and 'text'")
                out[str(rec["id"])] = rec
    return out


def train_from_files(
    label_files: Sequence[str | Path],
    record_files: Sequence[str | Path],
    *,
    with_bundled: bool = True,
    steps: int = 300,
) -> LineModel:
    """Train on a team's labelled lines (label files + the records they point at), with or
    without the bundled labels; save the result with ``model.save(path)`` and use it with
    ``clean(text, model=path)`` or ``--model PATH``.
    """
    rows = [r for f in label_files for r in read_label_file(f)]
    records = read_records(record_files)
    examples = build_examples(records, rows)
    if with_bundled:
        examples = [*examples, *bundled_examples()]
    meta = {
        "labels": [Path(f).name for f in label_files],
        "with_bundled": with_bundled,
    }
    return train(examples, steps=steps, meta=meta)
