"""Ready-made adapters for other tools' data structures: Hugging Face ``datasets``,
pandas and polars. None of these libraries is a dependency; each adapter uses only the
interface the caller's object already has."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .api import resolve_pipeline
from .config import CleanConfig
from .pipeline import Pipeline


@dataclass(frozen=True, slots=True)
class BatchCleaner:
    """The function ``hf_batch_cleaner`` returns: a picklable callable (it holds the
    pipeline and two column names), so ``Dataset.map(..., num_proc=4)`` can send it to
    worker processes and fingerprint it."""

    pipeline: Pipeline
    field: str = "text"
    explain_field: str | None = None

    def __call__(self, batch: dict[str, list[Any]]) -> dict[str, list[Any]]:
        if self.field not in batch:
            raise KeyError(f"the batch has no column {self.field!r}; columns: {sorted(batch)}")
        out = dict(batch)
        results = [self.pipeline.clean_and_explain(text) for text in batch[self.field]]
        out[self.field] = [r.text for r in results]
        if self.explain_field is not None:
            out[self.explain_field] = [[c.to_dict() for c in r.changes] for r in results]
        return out


def hf_batch_cleaner(
    field: str = "text",
    *,
    explain_field: str | None = None,
    config: CleanConfig | None = None,
    pipeline: Pipeline | None = None,
    **options: Any,
) -> BatchCleaner:
    """A function for ``datasets.Dataset.map(fn, batched=True)``: it cleans the
    ``field`` column of each batch and leaves the other columns alone. Options are
    ``clean()``'s; ``pipeline`` (your own ``Pipeline``) replaces them.

    Examples:
        >>> clean_batch = hf_batch_cleaner()
        >>> clean_batch({"text": ["Advertisement\\nThe vote passed."], "id": [7]})
        {'text': ['The vote passed.'], 'id': [7]}
    """
    return BatchCleaner(resolve_pipeline(config, options, pipeline=pipeline), field, explain_field)


@dataclass(frozen=True, slots=True)
class _CleanValue:
    pipeline: Pipeline

    def __call__(self, text: Any) -> Any:
        return self.pipeline.clean(text) if isinstance(text, str) else text


def clean_column(
    series: Any,
    *,
    config: CleanConfig | None = None,
    pipeline: Pipeline | None = None,
    **options: Any,
) -> Any:
    """Clean a pandas or polars Series of article texts; returns a new Series.

    A missing value (None / NaN / null) stays missing. Options are ``clean()``'s;
    ``pipeline`` (your own ``Pipeline``) replaces them. With pandas:
    ``df["text"] = clean_column(df["text"])``.
    """
    one = _CleanValue(resolve_pipeline(config, options, pipeline=pipeline))
    if type(series).__module__.split(".")[0] == "polars":
        import polars as pl

        return series.map_elements(one, return_dtype=pl.String)
    return series.map(one, na_action="ignore")
