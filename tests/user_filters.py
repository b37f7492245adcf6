"""A user's own filter, defined in an importable module (as a user's would be) so that it
pickles for worker processes and Dask workers; and two pipelines that do not pickle."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from newsclean import Doc, LineEdit, Pipeline
from newsclean.pipeline import LineContext, apply_line_filter


@dataclass(frozen=True, slots=True, kw_only=True)
class DropBylines:
    """Drops a line that starts with ``prefix`` (which no built-in filter does)."""

    name: str = "drop_bylines"
    prefix: str = "By "

    def edit_line(self, line: str, context: LineContext) -> LineEdit | None:
        return LineEdit(None, "byline") if line.startswith(self.prefix) else None

    def __call__(self, doc: Doc) -> Doc:
        return apply_line_filter(self, doc)


@dataclass(frozen=True, slots=True, kw_only=True)
class HoldsALock:
    """A filter that breaks the house rule (state beyond options): it cannot pickle."""

    name: str = "holds_a_lock"
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __call__(self, doc: Doc) -> Doc:
        return doc


def user_pipeline() -> Pipeline:
    """The default pipeline with the user's filter inserted after the promo step."""
    return Pipeline.default().insert(DropBylines(), after="drop_promo")


def lambda_pipeline() -> Pipeline:
    """Pickle cannot send a lambda to a process pool (cloudpickle, Dask's, can)."""
    return Pipeline.default().insert(lambda line: line.replace("xx", "x"), after="drop_promo")


def lock_pipeline() -> Pipeline:
    """Neither pickle nor cloudpickle can send this one anywhere."""
    return Pipeline.default().insert(HoldsALock(), after="drop_promo")


# Generated text: a byline the default pipeline keeps, promo it drops, a sentence it keeps.
TEXTS = [
    f"By Reporter Number {i}\nAdvertisement\nThe council voted {i} to 3 on the budget."
    for i in range(30)
]
