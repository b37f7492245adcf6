"""The labelled real articles (tests/data/labels) and their records, read from ../shared."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

from newsclean.linemodel import LabelRow, read_label_file

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "tests" / "data" / "labels"
SHARED = ROOT.parent / "shared" / "corpus"


def label_files() -> list[Path]:
    return [*sorted(LABELS.glob("batch_*.tsv")), LABELS / "devset.tsv"]


def load() -> tuple[dict[str, dict[str, Any]], list[LabelRow]]:
    """(records by id, label rows) for every labelled article."""
    rows = [r for f in label_files() for r in read_label_file(f)]
    wanted = {r.record_id for r in rows}
    records: dict[str, dict[str, Any]] = {}
    with gzip.open(SHARED / "scraped_news.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if rec["id"] in wanted:
                records[rec["id"]] = rec
    with (SHARED / "real_news.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                rec = json.loads(line)
                if rec["id"] in wanted:
                    records[rec["id"]] = rec
    return records, rows
