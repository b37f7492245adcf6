"""newsclean as a datatrove pipeline step: ``NewsCleanFormatter`` cleans each document's
text in place, like datatrove's own formatters. Needs ``newsclean[datatrove]``.

Example:
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from newsclean.integrations.datatrove import NewsCleanFormatter

    LocalPipelineExecutor(
        pipeline=[
            JsonlReader("crawl/"),
            NewsCleanFormatter(preset="llm", drop_empty=True),
            JsonlWriter("clean/"),
        ],
        tasks=4,
    ).run()
"""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import Iterable, Iterator
from typing import Any

from ..api import resolve_pipeline
from ..config import CleanConfig
from ..model import Cleaned
from ..pipeline import Pipeline

try:  # held as Any: datatrove ships no type information
    PipelineStep: Any = importlib.import_module("datatrove.pipeline.base").PipelineStep
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError(
        "newsclean.integrations.datatrove needs datatrove: pip install 'newsclean[datatrove]'"
    ) from exc

__all__ = ["NewsCleanFormatter"]


class NewsCleanFormatter(PipelineStep):  # type: ignore[misc]
    """A datatrove step that replaces each document's text with newsclean's clean text.

    Args:
        pipeline: your own ``newsclean.Pipeline`` (custom filters included); it must
            pickle when datatrove runs tasks in other processes. Replaces ``config`` and
            ``options``.
        config: a ``CleanConfig``; ``options`` (``clean()``'s keyword options, such as
            ``preset="llm"``) override it.
        drop_empty: drop a document that cleaning left empty (counted in the stats as
            ``dropped_empty``; written to ``exclusion_writer`` when one is given).
            By default such a document goes on with empty text, as a formatter's would.
        exclusion_writer: a datatrove writer for the documents ``drop_empty`` drops.
        metadata_key: when set, ``doc.metadata[metadata_key]`` gets a small summary:
            ``{"changes": n, "lines_dropped": n, "over_cleaned": bool}``.
        source_key: the metadata field holding the document's URL (or domain, or outlet
            name), passed as ``source`` to newsclean for ``outlets="auto"``.

    Stats (besides datatrove's ``total``, ``forwarded``, ``dropped``): ``lines_dropped``,
    ``lines_edited``, ``words_removed``, ``over_cleaned``, ``dropped_empty``, and the
    changes made by each newsclean filter, keyed by the filter's name.
    """

    name = "📰 newsclean"
    type = "✂️ - FORMAT"

    def __init__(
        self,
        *,
        pipeline: Pipeline | None = None,
        config: CleanConfig | None = None,
        drop_empty: bool = False,
        exclusion_writer: Any = None,
        metadata_key: str | None = None,
        source_key: str | None = "url",
        **options: Any,
    ) -> None:
        super().__init__()
        # options are checked here, once, on the machine that builds the pipeline
        self.pipeline = resolve_pipeline(config, options, pipeline=pipeline)
        self.drop_empty = drop_empty
        self.exclusion_writer = exclusion_writer
        self.metadata_key = metadata_key
        self.source_key = source_key

    def run(self, data: Iterable[Any], rank: int = 0, world_size: int = 1) -> Iterator[Any]:
        """Clean each document of ``data`` in turn (datatrove calls this)."""
        writer = self.exclusion_writer or contextlib.nullcontext()
        with writer as excluded:
            for doc in data or ():
                self.stat_update("total")
                with self.track_time():
                    result = self.pipeline.clean_and_explain(doc.text, source=self._source(doc))
                doc.text = result.text
                self._record(doc, result)
                if self.drop_empty and not result.text.strip():
                    self.stat_update("dropped", "dropped_empty")
                    if excluded is not None:
                        doc.metadata["filter_reason"] = "empty"
                        excluded.write(doc, rank)
                    continue
                self.stat_update("forwarded")
                self.update_doc_stats(doc)
                yield doc

    def _source(self, doc: Any) -> str | None:
        source = doc.metadata.get(self.source_key) if self.source_key else None
        return source if isinstance(source, str) else None

    def _record(self, doc: Any, result: Cleaned) -> None:
        dropped = len(result.dropped)
        self.stat_update("lines_dropped", value=dropped)
        self.stat_update("lines_edited", value=len(result.changes) - dropped)
        self.stat_update("words_removed", value=result.removed_words)
        if result.over_cleaned:
            self.stat_update("over_cleaned")
        for key, count in result.stats.items():
            if "/" not in key:  # per filter; the filter/code keys would swamp the report
                self.stat_update(key, value=count)
        if self.metadata_key is not None:
            doc.metadata[self.metadata_key] = {
                "changes": len(result.changes),
                "lines_dropped": dropped,
                "over_cleaned": result.over_cleaned,
            }
