"""The bottom of the filter family: the Filter protocol and the shared line-filter loop.

Everything that is a step imports from here; this module imports only the value types.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple, Protocol, runtime_checkable

from ..model import Change, Doc


@runtime_checkable
class Filter(Protocol):
    """Any callable ``Doc -> Doc`` with a ``name`` can be a pipeline step."""

    @property
    def name(self) -> str: ...

    def __call__(self, doc: Doc, /) -> Doc: ...


class LineEdit(NamedTuple):
    """What a line filter decided for one line: the new text (None = drop) and why, as
    the fields of the ``Change`` it becomes (``reason`` is the change's ``code``)."""

    after: str | None
    reason: str
    rule: str | None = None
    detail: str = ""
    score: float | None = None


class LineContext(NamedTuple):
    """Where a line stands, for filters whose decision depends on position."""

    position: int
    total: int
    lines: tuple[str, ...]


class LineFilter(Protocol):
    """A filter that judges each line on its own; ``apply_line_filter`` loops for it."""

    @property
    def name(self) -> str: ...

    def edit_line(self, line: str, context: LineContext, /) -> LineEdit | None: ...


def apply_line_filter(step: LineFilter, doc: Doc, skip: Callable[[str], bool] | None = None) -> Doc:
    """Run ``step.edit_line`` over every line and record a Change for each edit.

    This is the one loop every line filter shares, so filters never touch
    ``origins`` or ``changes`` themselves. ``skip`` is a cheap test for lines the step
    provably leaves as they are: those are kept without calling ``edit_line``.
    """
    lines: list[str] = []
    origins: list[int] = []
    changes: list[Change] = []
    total = len(doc.lines)
    for index, (line, origin) in enumerate(zip(doc.lines, doc.origins, strict=True)):
        if skip is not None and skip(line):
            lines.append(line)
            origins.append(origin)
            continue
        edit = step.edit_line(line, LineContext(index, total, doc.lines))
        if edit is None or edit.after == line:
            lines.append(line)
            origins.append(origin)
            continue
        changes.append(Change(step.name, origin, line, edit.after, *edit[1:]))
        if edit.after is not None:
            lines.append(edit.after)
            origins.append(origin)
    if not changes:
        return doc
    return doc.evolve(lines, origins, changes)
