"""Ready-made adapters for other tools' data structures: Hugging Face ``datasets``,
pandas and polars. None of these libraries is a dependency; each adapter uses only the
interface the caller's object already has."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .api import resolve_pipeline
from .config import CleanConfig


def hf_batch_cleaner(
    field: str = "text",
    *,
    explain_field: str | None = None,
    config: CleanConfig | None = None,
    **options: Any,
) -> Callable[[dict[str, list[Any]]], dict[str, list[Any]]]:
    """A function for ``datasets.Dataset.map(fn, batched=True)``: it cleans the
    ``field`` column of each batch and leaves the other columns alone.

    Examples:
        >>> clean_batch = hf_batch_cleaner()
        >>> clean_batch({"text": ["Advertisement\\nThe vote passed."], "id": [7]})
        {'text': ['The vote passed.'], 'id': [7]}
    """
    pipeline = resolve_pipeline(config, options)

    def clean_batch(batch: dict[str, list[Any]]) -> dict[str, list[Any]]:
        if field not in batch:
            raise KeyError(f"the batch has no column {field!r}; columns: {sorted(batch)}")
        out = dict(batch)
        results = [pipeline.clean_and_explain(text) for text in batch[field]]
        out[field] = [r.text for r in results]
        if explain_field is not None:
            out[explain_field] = [[c.to_dict() for c in r.changes] for r in results]
        return out

    return clean_batch


def clean_column(series: Any, *, config: CleanConfig | None = None, **options: Any) -> Any:
    """Clean a pandas or polars Series of article texts; returns a new Series.

    A missing value (None / NaN / null) stays missing.
    """
    pipeline = resolve_pipeline(config, options)

    def one(text: Any) -> Any:
        return pipeline.clean(text) if isinstance(text, str) else text

    if type(series).__module__.split(".")[0] == "polars":
        import polars as pl

        return series.map_elements(one, return_dtype=pl.String)
    return series.map(one, na_action="ignore")
