"""The Filter protocol, the shared line-filter loop, and the ordered Pipeline."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, overload

from .config import CleanConfig, build_steps
from .errors import ConfigError
from .filters.base import Filter, LineContext, LineEdit, LineFilter, apply_line_filter
from .model import Cleaned, Doc, check_text

__all__ = [
    "Filter",
    "LineContext",
    "LineEdit",
    "LineFilter",
    "LineFunction",
    "Pipeline",
    "apply_line_filter",
    "as_filter",
]


# Passes after the first when a context-sensitive step runs (each pass is linear).
_SETTLE_PASSES = 4
#: Skip a settling pass that the context-sensitive step proves would change nothing (its
#: ``rerun_changes`` says so); False always runs it (the slow oracle; same output).
FAST_SETTLE = True
#: Let a step that offers ``call_with_memo(doc, scratch)`` keep what it worked out about
#: each line across the passes over one document; False calls ``step(doc)`` afresh.
SHARE_MEMO = True


@dataclass(frozen=True, slots=True, kw_only=True)
class LineFunction:
    """Wrap a plain ``str -> str | None`` function as a line filter.

    The function sees one line at a time; returning ``None`` drops the line,
    returning other text edits it, and both are recorded in the audit trail.

    Examples:
        >>> shout = LineFunction(func=str.upper, name="shout")
        >>> shout(Doc.from_text("a\\nb")).lines
        ('A', 'B')
    """

    func: Callable[[str], str | None]
    name: str

    def edit_line(self, line: str, context: LineContext) -> LineEdit | None:
        after = self.func(line)
        if after is not None and not isinstance(after, str):
            raise TypeError(
                f"line function {self.name!r} returned {type(after).__name__}; "
                "it must return str (the new line) or None (drop the line)"
            )
        if after is not None and "\n" in after:
            raise ValueError(
                f"line function {self.name!r} returned text with a line break; "
                "a line function edits one line at a time"
            )
        return None if after == line else LineEdit(after, "function", self.name)

    def __call__(self, doc: Doc) -> Doc:
        return apply_line_filter(self, doc)


def as_filter(step: object) -> Filter:
    """Return ``step`` if it is a filter, or wrap a plain line function."""
    if isinstance(step, Filter):
        return step
    if callable(step):
        name = getattr(step, "__name__", None) or type(step).__name__
        return LineFunction(func=step, name=str(name))
    raise TypeError(
        f"a pipeline step must be a filter (a callable Doc -> Doc with a 'name') or a "
        f"function str -> str | None; got {type(step).__name__}"
    )


@dataclass(frozen=True, slots=True, init=False)
class Pipeline:
    """An ordered list of filters; itself a filter, and callable on text like ``clean``.

    Examples:
        >>> from newsclean import Pipeline
        >>> p = Pipeline.default().without("collapse_captions")
        >>> p.names
        ('fix_encoding', 'drop_promo', 'tidy_whitespace')
        >>> p("CLICK HERE TO GET THE FOX NEWS APP\\n\\nReal news.")
        'Real news.'
    """

    steps: tuple[Filter, ...]
    name: str
    max_removed_share: float | None

    def __init__(
        self,
        steps: Iterable[object] = (),
        *,
        name: str = "pipeline",
        max_removed_share: float | None = 0.2,
    ) -> None:
        built = tuple(as_filter(s) for s in steps)
        names = [s.name for s in built]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ConfigError(
                f"pipeline step names must be unique (they key the audit trail); "
                f"repeated: {', '.join(dupes)}"
            )
        if max_removed_share is not None and not (
            isinstance(max_removed_share, float | int) and 0.0 <= max_removed_share <= 1.0
        ):
            raise ConfigError(
                "max_removed_share must be a number from 0 to 1, or None; "
                f"got {max_removed_share!r}"
            )
        object.__setattr__(self, "steps", built)
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "max_removed_share", max_removed_share)

    @classmethod
    def default(cls, **options: Any) -> Pipeline:
        """The pipeline ``clean()`` runs, with any ``CleanConfig`` option overridden."""
        return cls.from_config(CleanConfig.from_options(**options))

    @classmethod
    def from_config(cls, config: CleanConfig) -> Pipeline:
        """Build the default order of filters from a ``CleanConfig``."""
        return cls(build_steps(config), max_removed_share=config.max_removed_share)

    @property
    def names(self) -> tuple[str, ...]:
        """The step names, in order."""
        return tuple(s.name for s in self.steps)

    def __getitem__(self, name: str) -> Filter:
        for step in self.steps:
            if step.name == name:
                return step
        raise KeyError(f"no step named {name!r}; steps: {', '.join(self.names)}")

    def _index(self, name: str) -> int:
        self[name]  # raises a helpful KeyError
        return self.names.index(name)

    def configure(self, name: str, **options: Any) -> Pipeline:
        """A copy with one step's options changed.

        Examples:
            >>> p = Pipeline.default().configure("collapse_captions", score_cutoff=95)
            >>> p["collapse_captions"].score_cutoff
            95.0
        """
        step = self[name]
        try:
            new = dataclasses.replace(step, **options)  # type: ignore[type-var]
        except TypeError as exc:
            raise ConfigError(f"step {name!r} does not take these options: {exc}") from exc
        return self.replace(name, new)

    def replace(self, name: str, step: object) -> Pipeline:
        """A copy with the step called ``name`` replaced by ``step``."""
        i = self._index(name)
        return self._with((*self.steps[:i], step, *self.steps[i + 1 :]))

    def without(self, *names: str) -> Pipeline:
        """A copy without the named steps."""
        for n in names:
            self._index(n)
        return self._with(s for s in self.steps if s.name not in names)

    def insert(
        self, step: object, *, before: str | None = None, after: str | None = None
    ) -> Pipeline:
        """A copy with ``step`` added before or after a named step (default: at the end)."""
        if before is not None and after is not None:
            raise ConfigError("give 'before' or 'after', not both")
        steps = list(self.steps)
        if before is not None:
            at = self._index(before)
        elif after is not None:
            at = self._index(after) + 1
        else:
            at = len(steps)
        steps.insert(at, as_filter(step))
        return self._with(steps)

    def _with(self, steps: Iterable[object]) -> Pipeline:
        return Pipeline(steps, name=self.name, max_removed_share=self.max_removed_share)

    def run(self, doc: Doc) -> Doc:
        """Apply every step in order.

        When a step judges a line by its context (``context_sensitive``: the promo step's
        link lists follow a heading or a pointer line; the line model looks at neighbours),
        a later step's removal can change that context; the steps from that one on then run
        again until no later step drops a line (at most ``_SETTLE_PASSES`` more), so
        ``clean(clean(x)) == clean(x)``. Most documents need no second pass; and a step
        that can prove a second pass would find nothing to change (its
        ``rerun_changes(given, made, now)`` is False) spares it.
        """
        sensitive = [getattr(step, "context_sensitive", False) for step in self.steps]
        if not any(sensitive):
            for step in self.steps:
                doc = step(doc)
            return doc
        first = sensitive.index(True)
        rerun_changes = getattr(self.steps[first], "rerun_changes", None)
        # per document: each step's notes on the lines it has seen, for its next pass
        scratch: list[dict[str, Any]] = [{} for _ in self.steps]
        doc, unsettled, seen = self._pass(doc, 0, first, scratch)
        for _ in range(_SETTLE_PASSES):
            if not unsettled:
                break
            if FAST_SETTLE and first and rerun_changes and not rerun_changes(*seen, doc):
                break  # the pass would end at once: its first step would change nothing
            # the steps before the first context-sensitive one have nothing new to see
            doc, unsettled, seen = self._pass(doc, first, first, scratch)
        return doc

    def _pass(
        self, doc: Doc, start: int, first: int, scratch: list[dict[str, Any]]
    ) -> tuple[Doc, bool, tuple[Doc, Doc]]:
        """One pass of the steps from ``start``; True when a step after the first
        context-sensitive one dropped a non-blank line (the context it judged by changed);
        and what that step was given and gave back."""
        unsettled = False
        seen = (doc, doc)
        for i, step in enumerate(self.steps[start:], start=start):
            before = len(doc.changes)
            given = doc
            with_memo = getattr(step, "call_with_memo", None) if SHARE_MEMO else None
            doc = step(doc) if with_memo is None else with_memo(doc, scratch[i])
            if i == first:
                seen = (given, doc)
            if i == start > 0 and len(doc.changes) == before:
                # a settling pass whose first step changed nothing: the steps after it
                # have already run on exactly this document and are idempotent
                return doc, False, seen
            if i > first:
                unsettled = unsettled or any(
                    c.after is None and c.before.strip() for c in doc.changes[before:]
                )
        return doc, unsettled, seen

    def clean(self, text: str, *, source: str | None = None) -> str:
        """Clean ``text`` and return the article text. ``source`` (a URL, domain or
        outlet name) lets ``outlets="auto"`` pick the outlet's rule pack."""
        doc = Doc.from_text(check_text(text, "Pipeline.clean"), source=source)
        return self.run(doc).to_text()

    def clean_and_explain(self, text: str, *, source: str | None = None) -> Cleaned:
        """Clean ``text`` and return the text with every change behind it."""
        text = check_text(text, "Pipeline.clean_and_explain")
        doc = self.run(Doc.from_text(text, source=source))
        return Cleaned(
            text=doc.to_text(),
            changes=doc.changes,
            words_in=len(text.split()),
            max_removed_share=self.max_removed_share,
        )

    @overload
    def __call__(self, doc: Doc, /) -> Doc: ...
    @overload
    def __call__(self, doc: str, /) -> str: ...
    def __call__(self, doc: Doc | str, /) -> Doc | str:
        """On a ``Doc``, act as a filter; on ``str``, act like ``clean``."""
        if isinstance(doc, Doc):
            return self.run(doc)
        return self.clean(doc)
