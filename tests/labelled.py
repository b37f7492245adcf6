"""The labelled corpus for tests that check rules against what readers kept: label files
under tests/data/labels, article texts read from ../shared at run time."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from newsclean import Pipeline

from .conftest import CORPUS, ROOT, SHARED

LABELS = ROOT / "tests" / "data" / "labels"
SCRAPED = SHARED / "corpus" / "scraped_news.jsonl.gz"
KEPT = frozenset({"body", "span", "optional"})


def present() -> bool:
    """Whether the article texts are here (``../shared`` may be absent)."""
    return SCRAPED.is_file() and Path(CORPUS).is_file()


def kept_lines(labels: frozenset[str] = KEPT) -> dict[str, set[int]]:
    """Record id -> line numbers some reader labelled with one of ``labels``."""
    kept: dict[str, set[int]] = {}
    for path in sorted(LABELS.glob("*.tsv")):
        rows = path.read_text(encoding="utf-8").splitlines()
        if not rows or not rows[0].startswith("# record_id\tline_no"):
            continue  # not a line-label file (the sample list)
        for row in rows[1:]:
            parts = row.split("\t")
            if row.startswith("#") or len(parts) < 3:
                continue
            if parts[2] in labels:
                kept.setdefault(parts[0], set()).add(int(parts[1]))
    return kept


def records(ids: set[str]) -> Iterator[dict[str, Any]]:
    """The scraped and real_news records whose id is in ``ids``."""
    with gzip.open(SCRAPED, "rt", encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            if record["id"] in ids:
                yield record
    with Path(CORPUS).open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                record = json.loads(line)
                if record["id"] in ids:
                    yield record


def reporting_lost(
    pipeline: Pipeline, rules: frozenset[str], may_fire: Callable[[str], bool] | None = None
) -> tuple[int, list[tuple[str, int, str | None]]]:
    """(articles checked, changes ``rules`` make to lines readers kept).

    Each labelled article that ``may_fire`` (given its text; by default: ``rules`` change
    something in it) is cleaned by ``pipeline`` and by the default pipeline without
    ``rules``; a change only the first makes to a line labelled body, span or optional is
    reporting lost, except a span cut of a line labelled span (the edit that label asks
    for)."""
    kept = kept_lines()
    spans = kept_lines(frozenset({"span"}))
    without = Pipeline.default(disabled_rules=rules)
    checked = 0
    lost = []
    for record in records(set(kept)):
        text, source = record["text"], record.get("url")
        if may_fire is not None and not may_fire(text):
            continue
        after = pipeline.clean_and_explain(text, source=source).changes
        if may_fire is None and not any(c.rule in rules for c in after):
            continue
        checked += 1
        before = {
            (c.line_no, c.after) for c in without.clean_and_explain(text, source=source).changes
        }
        for change in after:
            if change.line_no not in kept[record["id"]] or (change.line_no, change.after) in before:
                continue
            if change.after is not None and change.line_no in spans.get(record["id"], set()):
                continue
            lost.append((record["id"], change.line_no, change.rule))
    return checked, lost
