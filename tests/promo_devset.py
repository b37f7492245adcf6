"""The promo dev set: labels resolved against the real corpus, and the evaluation that
tests/test_promo_quality.py asserts on and benchmarks/quality.py prints."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import newsclean

DATA = Path(__file__).resolve().parent / "data"


def load_labels(path: Path = DATA / "promo_devset.tsv") -> dict[tuple[str, int], tuple[str, str]]:
    labels = {}
    for row in path.read_text(encoding="utf-8").splitlines():
        if row.startswith("#") or not row.strip():
            continue
        article, line_no, label, note = row.split("\t")
        labels[(article, int(line_no))] = (label, note)
    return labels


def evaluate(corpus: Path, **options: object) -> dict[str, object]:
    labels = load_labels()
    found: Counter[str] = Counter()
    total: Counter[str] = Counter()
    mistakes: list[str] = []
    body_total = body_kept = span_total = span_done = 0
    with corpus.open(encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh if line.strip()]
    for record in records:
        result = newsclean.clean_and_explain(record["text"], **options)
        promo = {c.line_no: c for c in result.changes if c.filter == "drop_promo"}
        for no, line in enumerate(record["text"].split("\n"), start=1):
            if not line.strip():
                continue
            label, note = labels.get((record["id"], no), ("body", ""))
            change = promo.get(no)
            where = f"{record['id']}:{no}"
            if label == "body":
                body_total += 1
                if change is None:
                    body_kept += 1
                else:
                    mistakes.append(f"BODY REMOVED {where} [{change.reason}] {line[:90]!r}")
            elif label == "promo":
                total[note] += 1
                if change is not None and change.after is None:
                    found[note] += 1
                else:
                    mistakes.append(f"promo missed {where} ({note}) {line.strip()[:90]!r}")
            elif label == "span":
                span_total += 1
                if change is not None and change.after:
                    span_done += 1
                else:
                    mistakes.append(f"span missed {where} ({note})")
    hard = json.loads((DATA / "promo_hard_cases.json").read_text(encoding="utf-8"))
    hard_ok = 0
    for case in hard:
        out = newsclean.clean(case["text"], **options)
        ok = out == case["expected"]
        hard_ok += ok
        if not ok:
            mistakes.append(f"hard case {case['label']!r}: got {out!r}")
    return {
        "found": found,
        "total": total,
        "body": (body_kept, body_total),
        "span": (span_done, span_total),
        "hard": (hard_ok, len(hard)),
        "mistakes": mistakes,
    }
