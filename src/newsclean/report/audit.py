"""The audit: clean records, count what was removed and repaired (``aggregate``), and
render the page (``html``)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..api import resolve_pipeline
from ..batch import CleanRecords, ordered_map
from ..config import CleanConfig
from ..corpus.common import site_of
from ..errors import ConfigError, NewscleanError
from ..model import Cleaned
from ..pipeline import Pipeline
from ..rules import detect_outlets, load_pack
from .aggregate import Aggregates
from .html import render
from .tables import Table, tables, write_csv


@dataclass
class Report(Aggregates):
    """The aggregates of a report, filled by ``add`` one article at a time, and the page
    they make."""

    def render(self, title: str = "newsclean audit report") -> str:
        """The report as one self-contained HTML page."""
        return render(self, title)

    def tables(self, limit: int | None = None) -> dict[str, Table]:
        """The report's tables as plain rows, by name (``limit``: rows per table)."""
        return tables(self, limit)

    def write_csv(self, directory: str | Path) -> list[Path]:
        """Write every table to ``directory`` as ``<name>.csv``; return the paths."""
        return write_csv(self, directory)


def build(
    records: Iterable[Mapping[str, Any] | str],
    *,
    field: str = "text",
    id_field: str = "id",
    sample: int = 12,
    random_sample: int = 4,
    seed: int = 0,
    top: int = 25,
    title: str = "newsclean audit report",
    workers: int = 1,
    config: CleanConfig | None = None,
    pipeline: Pipeline | None = None,
    **options: Any,
) -> str:
    """Clean ``records`` (dicts with the article in ``field``, or plain strings) and return
    the audit report as one HTML page. It shows the changed lines of the ``sample``
    articles that lost the largest share of their words and of ``random_sample`` more
    drawn by content hash salted with ``seed`` (the same ones whatever the input order);
    ``top`` rows per table.

    Examples:
        >>> page = build([{"id": "a1", "text": "The vote passed.\\nAdvertisement"}])
        >>> "generic.advertisement" in page and "Content-Security-Policy" in page
        True
    """
    return collect(
        records,
        field=field,
        id_field=id_field,
        sample=sample,
        random_sample=random_sample,
        seed=seed,
        top=top,
        workers=workers,
        config=config,
        pipeline=pipeline,
        **options,
    ).render(title)


def collect(
    records: Iterable[Mapping[str, Any] | str],
    *,
    field: str = "text",
    id_field: str = "id",
    sample: int = 12,
    random_sample: int = 4,
    seed: int = 0,
    top: int = 25,
    workers: int = 1,
    config: CleanConfig | None = None,
    pipeline: Pipeline | None = None,
    **options: Any,
) -> Report:
    """The aggregates ``build`` renders (to render yourself, to write as CSV with
    ``write_csv``, or to add more to)."""
    for name, value in (("sample", sample), ("random_sample", random_sample)):
        if not isinstance(value, int) or value < 0:
            raise ConfigError(f"report: {name} must be a whole number, 0 or more; got {value!r}")
    if not isinstance(top, int) or top < 1:
        raise ConfigError(f"report: top must be a whole number, 1 or more; got {top!r}")
    if not isinstance(seed, int) or not -(2**127) <= seed < 2**127:
        raise ConfigError(f"report: seed must be a whole number (128-bit); got {seed!r}")
    pipeline = resolve_pipeline(config, options, pipeline=pipeline)
    report = Report(
        sample_size=sample,
        random_size=random_sample,
        seed=seed,
        top=top,
        families=_extra_families(pipeline),
    )
    wrapped = ({field: r} if isinstance(r, str) else r for r in records)
    audited = ordered_map(_Audit(pipeline, field), wrapped, workers=workers)
    for position, (record, result) in enumerate(audited):
        if result is None:
            report.rejected += 1
            continue
        raw = record.get(id_field)
        ident = str(position) if raw is None else str(raw)
        report.add(ident, _outlet(record, record[field]), record[field], result)
    return report


@dataclass(frozen=True, slots=True)
class _Audit:
    """Picklable chunk function: each record with its Cleaned result (None: rejected)."""

    pipeline: Pipeline
    field: str

    def __call__(self, records: list[Any]) -> list[tuple[Any, Cleaned | None]]:
        clean = CleanRecords(self.pipeline, self.field, None)
        return [(r, clean.one(r).cleaned) for r in records]


def _extra_families(pipeline: Pipeline) -> dict[str, str]:
    out: dict[str, str] = {}
    for step in getattr(pipeline, "steps", ()):
        for ref in getattr(step, "packs", ()) or ():
            with contextlib.suppress(NewscleanError):  # a bad pack fails in cleaning
                out.update({r.id: r.family for r in load_pack(ref).rules})
    return out


def _outlet(record: Mapping[str, Any], text: str) -> str:
    """The record's outlet field, else its url's domain, else the one outlet whose
    signals the text carries (as ``outlets="auto"`` finds it), else "unknown"."""
    named = site_of(record, "outlet") or site_of(record, "domain")
    if named:
        return named
    found = detect_outlets(text)
    if len(found) == 1:
        return load_pack(found[0]).outlet or found[0]
    return "unknown"
