"""Cleaning on Dask: a bag of texts, a bag of records, a DataFrame column."""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from typing import Any

from .. import adapters
from ..api import resolve_pipeline
from ..batch import CleanTexts, ensure_picklable, record_source
from ..config import CleanConfig
from ..errors import ConfigError
from ..pipeline import Pipeline
from ._base import cloudpickle


def _for_dask(
    config: CleanConfig | None, options: dict[str, Any], pipeline: Pipeline | None, where: str
) -> Pipeline:
    """The pipeline, checked on the client: bad options, and a pipeline Dask cannot
    serialize for its workers, fail here rather than in a worker's traceback."""
    resolved = resolve_pipeline(config, options, pipeline=pipeline)
    if pipeline is not None:
        ensure_picklable(
            resolved,
            f"newsclean.dask.{where}",
            dumps=cloudpickle.dumps,  # what Dask serializes tasks with
            fallback="or clean in one process (newsclean.clean_many)",
        )
    return resolved


def clean_bag(
    bag: Any,
    *,
    config: CleanConfig | None = None,
    pipeline: Pipeline | None = None,
    **options: Any,
) -> Any:
    """A bag of texts, cleaned (lazily; ``.compute()`` or ``.to_textfiles()`` it).
    Options are ``clean()``'s; ``pipeline`` (your own ``Pipeline``) replaces them."""
    return bag.map_partitions(CleanTexts(_for_dask(config, options, pipeline, "clean_bag")))


def _clean_record(pipeline: Any, field: str, record: Mapping[str, Any]) -> dict[str, Any]:
    text = record.get(field) if isinstance(record, Mapping) else None
    if not isinstance(text, str):
        raise ValueError(f"record has no string field {field!r}: {str(record)[:80]}")
    return {**record, field: pipeline.clean(text, source=record_source(record))}


def clean_records_bag(
    bag: Any,
    *,
    field: str = "text",
    config: CleanConfig | None = None,
    pipeline: Pipeline | None = None,
    **options: Any,
) -> Any:
    """A bag of records (dicts) with ``field`` cleaned and the other fields kept.
    Options are ``clean()``'s; ``pipeline`` (your own ``Pipeline``) replaces them."""
    resolved = _for_dask(config, options, pipeline, "clean_records_bag")
    return bag.map(partial(_clean_record, resolved, field))


def clean_column(
    frame: Any,
    column: str = "text",
    *,
    config: CleanConfig | None = None,
    pipeline: Pipeline | None = None,
    **options: Any,
) -> Any:
    """A Dask DataFrame with ``column`` cleaned (missing values kept as they are).
    Options are ``clean()``'s; ``pipeline`` (your own ``Pipeline``) replaces them."""
    if column not in frame.columns:
        raise ConfigError(f"clean_column: no column {column!r} (columns: {list(frame.columns)})")
    resolved = _for_dask(config, options, pipeline, "clean_column")
    cleaned = frame[column].map_partitions(
        partial(adapters.clean_column, pipeline=resolved),
        meta=(column, frame[column].dtype),
    )
    return frame.assign(**{column: cleaned})
