"""What the rule tests of each round ask of one line set between two paragraphs of
reporting (every text is written by the tests)."""

from __future__ import annotations

from newsclean import Pipeline


def between(pipeline: Pipeline, before: str, line: str, after: str) -> tuple[str, list[str]]:
    """Clean ``before``, ``line`` and ``after`` as three paragraphs: the text left, and
    ``"<line number>:<rule>"`` for each line the promo step changed."""
    result = pipeline.clean_and_explain(f"{before}\n\n{line}\n\n{after}")
    changed = [f"{c.line_no}:{c.rule}" for c in result.changes if c.filter == "drop_promo"]
    return result.text, changed
