"""Pipelines for ``newsclean clean --pipeline tests.cli_pipeline_fixture:NAME``: a user's
own filter in an importable module (so it pickles for worker processes), and the wrong
things a spec can name."""

from __future__ import annotations

import os
from dataclasses import dataclass

from newsclean import Doc, LineEdit, Pipeline
from newsclean.pipeline import LineContext, apply_line_filter


@dataclass(frozen=True, slots=True, kw_only=True)
class DropSignoffs:
    """Drops a line that starts with ``prefix``, which no built-in filter does; records the
    process that cleaned it, so a test can see that workers were used."""

    name: str = "drop_signoffs"
    prefix: str = "-- signed off by"

    def edit_line(self, line: str, context: LineContext) -> LineEdit | None:
        return (
            LineEdit(None, f"signoff:pid={os.getpid()}") if line.startswith(self.prefix) else None
        )

    def __call__(self, doc: Doc) -> Doc:
        return apply_line_filter(self, doc)


#: A Pipeline instance.
pipeline = Pipeline.default().insert(DropSignoffs(), after="drop_promo")


def make_pipeline() -> Pipeline:
    """A zero-argument function returning a Pipeline."""
    return Pipeline.default(uncurl_quotes=True).insert(DropSignoffs())


#: Does not pickle (a lambda as a step): fine in one process, refused for workers.
local_pipeline = Pipeline.default().insert(lambda line: line, after="drop_promo")

not_a_pipeline = ["fix_encoding"]


def needs_an_argument(x: int) -> Pipeline:
    return Pipeline.default()


def broken() -> Pipeline:
    raise RuntimeError("no pipeline today")
