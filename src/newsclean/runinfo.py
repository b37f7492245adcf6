"""Run summaries: what a run did (records, rejects, lines removed, by filter and family)
and what made its output (newsclean's version, the pipeline's options, the rule packs and
line model behind them, the Python and libraries that ran it), as one JSON-ready value.

The command line writes it with ``newsclean clean --stats-json FILE``; the batch API
builds the same object from ``clean_records_results`` (see docs/provenance.md).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import importlib.metadata
import json
import os
import platform
import re
import time
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path, PurePath
from typing import Any, Literal

from ._version import __version__
from .batch import RecordResult
from .config import STEP_OPTIONS, CleanConfig
from .errors import ConfigError, NewscleanError
from .filters.promo import DropPromoLines
from .io_text import utf8_len, write_text_atomically
from .linemodel import BUNDLED, load_model
from .model import Cleaned
from .pipeline import Pipeline
from .rules import builtin_pack_names, load_pack
from .rules.base import is_pack_path

#: The layout of the JSON; a reader checks it before trusting the fields.
SCHEMA = "newsclean.run/1"

#: How a run ended. ``running``: not finished yet (``finish`` not called).
Status = Literal["running", "ok", "partial", "failed", "interrupted"]

#: The libraries whose versions can change the output, recorded beside newsclean's.
DEPENDENCIES = ("ftfy", "rapidfuzz", "pyahocorasick", "numpy", "google-re2", "publicsuffixlist")

_SURROGATE = re.compile("[\ud800-\udfff]")


def plain(value: Any) -> Any:
    """``value`` as JSON has it: tuples and sets as lists (sets sorted), paths as strings,
    a function as its qualified name, anything else unknown as its ``repr``."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, frozenset | set):
        return sorted((plain(v) for v in value), key=repr)
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, PurePath):
        return str(value)
    if callable(value) and hasattr(value, "__qualname__"):
        owner = getattr(value, "__objclass__", None)  # a method of a built-in type
        module = getattr(value, "__module__", None) or getattr(owner, "__module__", "?")
        return f"{module}.{value.__qualname__}"
    return repr(value)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_sha256(path: str | Path, block: int = 1 << 20) -> str:
    """The SHA-256 of a file's bytes, read in blocks (memory stays flat)."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(block):
            digest.update(chunk)
    return digest.hexdigest()


def describe_step(step: object) -> dict[str, Any]:
    """One step: its name, its class, and its options (a dataclass filter's fields)."""
    cls = type(step)
    out: dict[str, Any] = {
        "name": getattr(step, "name", None),
        "type": f"{cls.__module__}.{cls.__qualname__}",
    }
    if dataclasses.is_dataclass(step):
        out["options"] = {
            f.name: plain(getattr(step, f.name))
            for f in dataclasses.fields(step)
            if f.name != "name"
        }
    else:
        out["options"] = None  # not a dataclass: its options are not known from outside
    return out


def config_of(pipeline: Pipeline) -> dict[str, Any] | None:
    """The ``CleanConfig`` options that build exactly ``pipeline`` (``Pipeline.default(
    **options) == pipeline``), or None when no config does (a custom step, another order).

    Examples:
        >>> config_of(Pipeline.default(score_cutoff=95))["score_cutoff"]
        95.0
        >>> config_of(Pipeline.default().insert(str.upper)) is None
        True
    """
    by_name = {getattr(s, "name", None): s for s in pipeline.steps}
    options: dict[str, Any] = {}
    for step_name, declared in STEP_OPTIONS.items():
        step = by_name.get(step_name)
        options[step_name] = step is not None
        for option in declared:
            if option.in_config:
                value = getattr(step, option.field_name, option.default)
                options[option.name] = option.default if step is None else value
    options["max_removed_share"] = pipeline.max_removed_share
    try:
        config = CleanConfig.from_options(**options)
        rebuilt = Pipeline.from_config(config)
    except (NewscleanError, TypeError, ValueError):
        return None
    if rebuilt != pipeline:
        return None
    return {f.name: plain(getattr(config, f.name)) for f in dataclasses.fields(config)}


def rebuild_pipeline(summary: Mapping[str, Any]) -> Pipeline:
    """The pipeline a run summary (``RunSummary.to_dict()`` or its JSON read back)
    describes, built again from its recorded options.

    Raises:
        ConfigError: the summary's pipeline had custom steps (its ``config`` is null):
            only its steps' descriptions were recorded.
    """
    config = summary.get("provenance", {}).get("pipeline", {}).get("config")
    if config is None:
        raise ConfigError(
            "this run's pipeline is not the default one configured (custom steps or "
            "order), so it cannot be rebuilt from options; see provenance.pipeline.steps"
        )
    return Pipeline.default(**config)


def describe_pipeline(pipeline: Pipeline) -> dict[str, Any]:
    """The pipeline: its ``config`` (options that rebuild it, or None) and each step."""
    return {
        "config": config_of(pipeline),
        "names": list(pipeline.names),
        "max_removed_share": pipeline.max_removed_share,
        "steps": [describe_step(s) for s in pipeline.steps],
    }


def _pack_text(ref: str) -> tuple[str, bytes]:
    """(kind, bytes) of a pack reference: a built-in name, a file, or inline TOML."""
    if "[pack]" in ref and "\n" in ref:
        return "inline", ref.encode("utf-8")
    if is_pack_path(ref):
        return "file", Path(ref).read_bytes()
    resource = resources.files("newsclean.rules") / "packs" / f"{ref}.toml"
    return "builtin", resource.read_bytes()


def describe_pack(ref: str) -> dict[str, Any]:
    """One rule pack: name, version, rule count and the SHA-256 of its text (so a pack
    edited without a new version still shows); a pack that cannot load, with the error."""
    shown = "<inline pack>" if "[pack]" in ref and "\n" in ref else ref
    try:
        kind, data = _pack_text(ref)
        pack = load_pack(ref)
    except (NewscleanError, OSError) as exc:
        return {"ref": shown, "error": str(exc)}
    out: dict[str, Any] = {
        "ref": shown,
        "kind": kind,
        "name": pack.name,
        "version": pack.version,
        "rules": len(pack.rules),
        "sha256": _sha256(data),
    }
    if kind == "file":
        out["path"] = str(Path(ref).resolve())
    return out


def pack_refs(step: DropPromoLines) -> list[str]:
    """Every pack ``step`` may load: with ``outlets="auto"`` the outlet packs are chosen
    per document, so every built-in pack is listed (any of them may have applied)."""
    if step.outlets in ("all", "auto"):
        builtin = [n for n in builtin_pack_names() if n != "generic"]
        refs = ["generic", *builtin, *step.packs]
        return list(dict.fromkeys(refs))
    return list(step.pack_refs(None))


def describe_model(ref: str) -> dict[str, Any]:
    """The line model: what it was given as, the SHA-256 of its file, its calibrated
    thresholds and the training record it carries (examples, label files, settings)."""
    try:
        model = load_model(ref)
        if ref == BUNDLED:
            data = (resources.files("newsclean.linemodel") / "default.npz").read_bytes()
            path = None
        else:
            data = Path(ref).read_bytes()
            path = str(Path(ref).resolve())
    except (NewscleanError, OSError) as exc:
        return {"ref": ref, "error": str(exc)}
    return {
        "ref": ref,
        "path": path,
        "sha256": _sha256(data),
        "bits": model.bits,
        "thresholds": plain(model.thresholds),
        "training": plain(model.meta),
    }


def _version_of(package: str) -> str | None:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return None


def environment() -> dict[str, Any]:
    """newsclean's version, Python's, the platform's, and the versions of the libraries
    whose behaviour shapes the output (ftfy's fixes, rapidfuzz's scores...)."""
    return {
        "newsclean": __version__,
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "dependencies": {name: _version_of(name) for name in DEPENDENCIES},
    }


def provenance(pipeline: Pipeline) -> dict[str, Any]:
    """What made an output: the environment, the pipeline (its options and steps), every
    rule pack its promo steps may load, and the line model if one is configured.

    Examples:
        >>> info = provenance(Pipeline.default(outlets=("foxnews",)))
        >>> [p["name"] for p in info["rule_packs"]]
        ['generic', 'foxnews']
        >>> info["line_model"] is None
        True
    """
    packs: list[dict[str, Any]] = []
    models: list[dict[str, Any]] = []
    for step in pipeline.steps:
        if isinstance(step, DropPromoLines):
            packs.extend(describe_pack(ref) for ref in pack_refs(step))
            if step.model is not None:
                models.append(describe_model(step.model))
    return {
        **environment(),
        "pipeline": describe_pipeline(pipeline),
        "rule_packs": packs,
        "line_model": models[0] if len(models) == 1 else (models or None),
    }


def removed_lines(cleaned: Cleaned) -> tuple[tuple[str, str], ...]:
    """(filter, family) of each line the clean removed, whitespace tidying aside: what the
    summary counts as "lines removed"."""
    return tuple(
        (c.filter, c.family)
        for c in cleaned.changes
        if c.after is None and c.filter != "tidy_whitespace"
    )


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _cpu() -> float:
    """CPU seconds of this process and its finished children (worker processes)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def _counted(counter: Counter[str]) -> dict[str, int]:
    """Most first, then by name: the same order whatever order records came in."""
    return dict(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))


@dataclass
class RunSummary:
    """What a run did and what made its output: counts, timing, provenance.

    Examples:
        >>> from newsclean import Pipeline, clean_records_results
        >>> pipeline = Pipeline.default()
        >>> summary = RunSummary.start(pipeline)
        >>> records = [{"id": 1, "text": "Advertisement\\nThe vote passed."}, {"id": 2}]
        >>> for result in clean_records_results(records, pipeline=pipeline):
        ...     summary.add(result)
        >>> summary.finish().records_out, summary.rejected, dict(summary.removed_by_filter)
        (1, 1, {'drop_promo': 1})
    """

    provenance: dict[str, Any] = field(default_factory=dict)
    run: dict[str, Any] = field(default_factory=dict)  # the caller's: inputs, output...
    records_in: int = 0
    records_out: int = 0
    rejected: int = 0
    over_cleaned: int = 0
    bytes_in: int = 0
    bytes_out: int = 0
    words_in: int = 0
    words_removed: int = 0
    removed_by_filter: Counter[str] = field(default_factory=Counter)
    removed_by_family: Counter[str] = field(default_factory=Counter)
    files_with_bad_bytes: int = 0
    status: Status = "running"
    error: str | None = None
    started: str = field(default_factory=_now)
    ended: str | None = None
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    _unsized: int = field(default=0, repr=False)  # records added without their input text
    _clock: tuple[float, float] = field(default=(0.0, 0.0), repr=False)

    def __post_init__(self) -> None:
        self._clock = (time.perf_counter(), _cpu())

    @classmethod
    def start(cls, pipeline: Pipeline | None = None, **run: Any) -> RunSummary:
        """A summary whose clock starts now, with ``pipeline``'s provenance (without a
        pipeline, the environment's only); ``run`` describes the run (inputs, output...)."""
        info = provenance(pipeline) if pipeline is not None else environment()
        return cls(provenance=info, run=dict(run))

    def add(self, result: RecordResult, text_in: str | None = None) -> None:
        """Count one record's result. ``text_in`` (the record's input text) counts its
        bytes; without it, ``bytes_in`` is reported as unknown (null)."""
        if result.error is not None or result.cleaned is None:
            self.add_reject()
            return
        cleaned = result.cleaned
        self.add_cleaned(
            bytes_in=None if text_in is None else utf8_len(text_in),
            bytes_out=utf8_len(cleaned.text),
            words_in=cleaned.words_in,
            words_removed=cleaned.removed_words,
            over_cleaned=cleaned.over_cleaned,
            removed=removed_lines(cleaned),
        )

    def add_reject(self) -> None:
        """Count a record that could not be cleaned (it goes to the rejects)."""
        self.records_in += 1
        self.rejected += 1

    def add_cleaned(
        self,
        *,
        bytes_in: int | None,
        bytes_out: int,
        words_in: int,
        words_removed: int,
        over_cleaned: bool,
        removed: Iterable[tuple[str, str]],
    ) -> None:
        """Count a cleaned record from its parts (what a worker process sends back)."""
        self.records_in += 1
        self.records_out += 1
        if bytes_in is None:
            self._unsized += 1
        else:
            self.bytes_in += bytes_in
        self.bytes_out += bytes_out
        self.words_in += words_in
        self.words_removed += words_removed
        self.over_cleaned += over_cleaned
        for filter_name, family in removed:
            self.removed_by_filter[filter_name] += 1
            self.removed_by_family[family] += 1

    def elapsed(self) -> float:
        """Seconds since the summary started."""
        return time.perf_counter() - self._clock[0]

    def finish(self, status: Status = "ok", error: str | None = None) -> RunSummary:
        """Stop the clock and record how the run ended; returns the summary itself."""
        self.status = status
        self.error = error
        self.ended = _now()
        self.seconds = self.elapsed()
        self.cpu_seconds = _cpu() - self._clock[1]
        return self

    @property
    def lines_removed(self) -> int:
        """Lines removed by every filter but whitespace tidying."""
        return sum(self.removed_by_filter.values())

    def counts(self) -> dict[str, Any]:
        """The counts the command line's summary prints, as a dict."""
        return {
            "records_in": self.records_in,
            "records_out": self.records_out,
            "rejected": self.rejected,
            "over_cleaned": self.over_cleaned,
            "bytes_in": None if self._unsized else self.bytes_in,
            "bytes_out": self.bytes_out,
            "words_in": self.words_in,
            "words_removed": self.words_removed,
            "lines_removed": self.lines_removed,
            "removed_by_filter": _counted(self.removed_by_filter),
            "removed_by_family": _counted(self.removed_by_family),
            "files_with_bad_bytes": self.files_with_bad_bytes,
        }

    def to_dict(self) -> dict[str, Any]:
        """Everything, JSON-ready: schema, status, counts, timing, run, provenance."""
        return {
            "schema": SCHEMA,
            "status": self.status,
            "error": self.error,
            "counts": self.counts(),
            "timing": {
                "started": self.started,
                "ended": self.ended,
                "wall_seconds": round(self.seconds, 3),
                "cpu_seconds": round(self.cpu_seconds, 3),
            },
            "run": plain(self.run),
            "provenance": plain(self.provenance),
        }

    def to_json(self) -> str:
        """``to_dict`` as indented UTF-8 JSON; a lone surrogate (an undecodable file name)
        is written as its ``\\uXXXX`` escape, so the file is valid UTF-8."""
        text = json.dumps(self.to_dict(), ensure_ascii=False, indent=2, default=str)
        return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"

    def write(self, path: str) -> None:
        """Write ``to_json`` to ``path`` atomically (whole, or not at all)."""
        write_text_atomically(path, self.to_json())

    def render(self, rejects_path: str | None = None, bad_files: int | None = None) -> str:
        """The readable summary the command line prints on standard error."""
        seconds = self.seconds or self.elapsed()
        rate = self.bytes_in / 1e6 / seconds if seconds else 0.0
        bad = self.files_with_bad_bytes if bad_files is None else bad_files
        lines = [
            f"newsclean: {self.records_in:,} records in, {self.records_out:,} out, "
            f"{self.rejected:,} rejected"
            + (f" (written to {rejects_path})" if self.rejected and rejects_path else "")
            + f"; {seconds:.1f} s, {rate:.2f} MB/s",
            f"  text bytes in {self.bytes_in:,}, out {self.bytes_out:,}",
            f"  lines removed by filter: {_pairs(self.removed_by_filter.most_common())}",
            f"  lines removed by rule family: {_pairs(self.removed_by_family.most_common(12))}",
            f"  over-cleaning guard fired: {self.over_cleaned:,} records",
        ]
        if bad:
            lines.append(f"  inputs with undecodable bytes: {bad}")
        return "\n".join(lines)


def _pairs(pairs: list[tuple[str, int]]) -> str:
    return ", ".join(f"{k} {v:,}" for k, v in pairs) or "none"


def load_summary(path: str | Path) -> dict[str, Any]:
    """A run summary file read back, its schema checked.

    Raises:
        ConfigError: the file is not a newsclean run summary of a known schema.
    """
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise ConfigError(f"{path}: not a newsclean run summary (schema {SCHEMA!r})")
    return data
