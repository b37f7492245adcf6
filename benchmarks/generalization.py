"""Promo removal on outlets the model never saw: cross-validation grouped by outlet.

    python benchmarks/generalization.py [--folds 4] [--kinds] [--outlets] [--test]

The labelled articles (tests/data/labels: 330 scraped articles from 330 outlets and the 78
of real_news.jsonl) are split by outlet. One fifth of the outlets (CRC-32 of the outlet
name, bucket 0 of 5) is the held-out TEST part: nothing was tuned while looking at it,
and it is scored only with --test. The rest is the DEV part, scored by cross-validation
grouped by outlet: each fold's articles are cleaned by a pipeline whose line model was
trained without that fold's outlets. Rules-only (model=None) is measured beside it.

Counted per labelled line, over the whole default pipeline (any filter's removal counts):
- promo recall: promo lines removed / promo lines;
- body kept: body and span lines not removed / body and span lines;
- removal precision: promo removed / (promo removed + body or span removed);
optional, caption and unsure lines are not counted. A body line dropped as a duplicate of
a line the output keeps (collapse_captions' caption_duplicate_of: its text stands in the
kept copy) is counted apart as "merged", not as removed; the table shows how many.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _labels

import newsclean
from newsclean.linemodel import LabelRow, build_examples, train
from newsclean.linemodel.train import fold_of, group_of

TEST_BUCKETS = 5  # outlets with fold_of(outlet, 5) == 0 are the held-out test part


class Tally:
    def __init__(self) -> None:
        self.n: Counter[str] = Counter()
        self.kinds: Counter[tuple[str, str, bool]] = Counter()
        self.outlets: dict[str, Counter[str]] = defaultdict(Counter)
        self.mistakes: list[str] = []
        self.missed: list[str] = []

    def add(self, outlet: str, where: str, label: str, kind: str, removed: bool, why: str) -> None:
        if label == "promo":
            self.n["promo"] += 1
            self.n["promo_removed"] += removed
            self.kinds[("promo", kind, removed)] += 1
            self.outlets[outlet]["promo"] += 1
            self.outlets[outlet]["promo_removed"] += removed
            if not removed:
                self.missed.append(f"promo missed {where} ({kind})")
        elif label in ("body", "span") and why.startswith("caption_duplicate_of"):
            self.n["body"] += 1
            self.n["merged"] += 1
        elif label in ("body", "span"):
            self.n["body"] += 1
            self.n["body_removed"] += removed
            self.outlets[outlet]["body"] += 1
            self.outlets[outlet]["body_removed"] += removed
            if removed:
                self.mistakes.append(f"BODY REMOVED {where} [{why}]")

    def figures(self) -> dict[str, float]:
        n = self.n
        recall = n["promo_removed"] / max(n["promo"], 1)
        kept = 1 - n["body_removed"] / max(n["body"], 1)
        removed = n["promo_removed"] + n["body_removed"]
        precision = n["promo_removed"] / removed if removed else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {
            "recall": recall,
            "body_kept": kept,
            "precision": precision,
            "f1": f1,
            "promo": n["promo"],
            "body": n["body"],
            "merged": n["merged"],
        }


def score(
    records: Mapping[str, Mapping[str, Any]],
    rows: Iterable[LabelRow],
    tally: Tally,
    story: Tally,
    **options: Any,
) -> None:
    """Clean each labelled article with ``options`` and count what happened to each line:
    in ``tally`` for every article, in ``story`` only for articles with a story of their
    own (fewer than half of their labelled lines promo: not a listing or a policy page)."""
    by_record: dict[str, list[LabelRow]] = defaultdict(list)
    for row in rows:
        by_record[row.record_id].append(row)
    pipeline = newsclean.Pipeline.default(**options)
    for rid in sorted(by_record):
        record = records[rid]
        labelled = [r.label for r in by_record[rid] if r.label in ("promo", "body", "span")]
        has_story = labelled.count("promo") * 2 < len(labelled)
        result = pipeline.clean_and_explain(record["text"], source=record.get("url"))
        dropped = {c.line_no: c.reason for c in result.changes if c.after is None}
        outlet = group_of(record)
        for row in by_record[rid]:
            why = dropped.get(row.line_no, "")
            where = f"{rid}:{row.line_no}"
            removed = row.line_no in dropped
            for t in (tally, story) if has_story else (tally,):
                t.add(outlet, where, row.label, row.kind, removed, why)


def split(
    records: Mapping[str, Mapping[str, Any]], rows: list[LabelRow]
) -> tuple[list[LabelRow], list[LabelRow]]:
    dev, test = [], []
    for row in rows:
        group = group_of(records[row.record_id])
        (test if fold_of(group, TEST_BUCKETS) == 0 else dev).append(row)
    return dev, test


SETTINGS = {
    "rules": {"model": None},
    "conservative": {"strictness": "conservative"},
    "aggressive": {"strictness": "aggressive"},
}


def run(folds: int, with_test: bool) -> dict[str, Tally]:
    records, rows = _labels.load()
    dev, test = split(records, rows)
    parts = ["dev"] + (["test"] if with_test else [])
    tallies = {
        f"{part}{suffix}:{name}": Tally()
        for part in parts
        for suffix in ("", "/story")
        for name in SETTINGS
    }
    examples = build_examples(records, dev)

    def measure(part: str, held: list[LabelRow], model_path: Path) -> None:
        for name, options in SETTINGS.items():
            opts = {"model": str(model_path), **options}
            score(records, held, tallies[f"{part}:{name}"], tallies[f"{part}/story:{name}"], **opts)

    with tempfile.TemporaryDirectory() as tmp:
        for k in range(folds):
            held = [r for r in dev if fold_of(group_of(records[r.record_id]), folds) == k]
            model = train([e for e in examples if fold_of(e.group, folds) != k])
            path = Path(tmp) / f"fold{k}.npz"
            model.save(path)
            measure("dev", held, path)
        if with_test:
            model = train(examples)
            path = Path(tmp) / "dev.npz"
            model.save(path)
            measure("test", test, path)
    return tallies


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--folds", type=int, default=4)
    parser.add_argument("--kinds", action="store_true", help="recall per promo kind")
    parser.add_argument("--outlets", action="store_true", help="the worst outlets")
    parser.add_argument("--mistakes", action="store_true", help="body lines removed")
    parser.add_argument("--missed", action="store_true", help="promo lines left (dev CV)")
    parser.add_argument("--test", action="store_true", help="also score the held-out part")
    args = parser.parse_args(argv)
    tallies = run(args.folds, args.test)
    print(
        f"{'setting':<22} {'promo':>6} {'recall':>7} {'body':>6} {'kept':>7} {'prec':>6} {'F1':>6}"
    )
    for name, tally in tallies.items():
        f = tally.figures()
        print(
            f"{name:<24} {f['promo']:>6} {f['recall']:>7.3f} {f['body']:>6} "
            f"{f['body_kept']:>7.4f} {f['precision']:>6.3f} {f['f1']:>6.3f} {f['merged']:>7}"
        )
    if args.kinds:
        for name in ("dev:rules", "dev:conservative"):
            kinds = tallies[name].kinds
            print(f"\nrecall per promo kind ({name}, dev CV):")
            for kind in sorted({k for _, k, _ in kinds}):
                got, miss = kinds[("promo", kind, True)], kinds[("promo", kind, False)]
                print(f"  {kind:<12} {got:>4}/{got + miss:<4} {got / (got + miss):.2f}")
    if args.outlets:
        outlets = tallies["dev:conservative"].outlets
        worst = sorted(outlets.items(), key=lambda kv: kv[1]["promo"] - kv[1]["promo_removed"])
        print("\noutlets with the most promo left (conservative, dev CV):")
        for outlet, c in worst[::-1][:15]:
            print(
                f"  {outlet:<32} promo {c['promo_removed']}/{c['promo']}"
                f"  body lost {c['body_removed']}"
            )
    if args.missed:
        print("\ndev/story:conservative:")
        for m in tallies["dev/story:conservative"].missed:
            print("  " + m)
    if args.mistakes:
        for name in ("dev:conservative", "dev:aggressive"):
            print(f"\n{name}:")
            for m in tallies[name].mistakes:
                print("  " + m)


if __name__ == "__main__":
    main()
