"""Cleaning on Dask: a bag of texts, a bag of records, a DataFrame column."""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from typing import Any

from .. import adapters
from ..api import resolve_pipeline
from ..batch import CleanTexts
from ..config import CleanConfig
from ..errors import ConfigError


def clean_bag(bag: Any, *, config: CleanConfig | None = None, **options: Any) -> Any:
    """A bag of texts, cleaned (lazily; ``.compute()`` or ``.to_textfiles()`` it)."""
    return bag.map_partitions(CleanTexts(resolve_pipeline(config, options)))


def _clean_record(pipeline: Any, field: str, record: Mapping[str, Any]) -> dict[str, Any]:
    text = record.get(field) if isinstance(record, Mapping) else None
    if not isinstance(text, str):
        raise ValueError(f"record has no string field {field!r}: {str(record)[:80]}")
    return {**record, field: pipeline.clean(text)}


def clean_records_bag(
    bag: Any, *, field: str = "text", config: CleanConfig | None = None, **options: Any
) -> Any:
    """A bag of records (dicts) with ``field`` cleaned and the other fields kept."""
    return bag.map(partial(_clean_record, resolve_pipeline(config, options), field))


def clean_column(
    frame: Any, column: str = "text", *, config: CleanConfig | None = None, **options: Any
) -> Any:
    """A Dask DataFrame with ``column`` cleaned (missing values kept as they are)."""
    if column not in frame.columns:
        raise ConfigError(f"clean_column: no column {column!r} (columns: {list(frame.columns)})")
    resolve_pipeline(config, options)  # bad options fail here, not on a worker
    cleaned = frame[column].map_partitions(
        partial(adapters.clean_column, config=config, **options),
        meta=(column, frame[column].dtype),
    )
    return frame.assign(**{column: cleaned})
