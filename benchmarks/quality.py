"""Promo removal quality on the labelled dev set: promo-line recall per family, body lines
kept intact, promo spans removed, and every mistake, listed.

    python benchmarks/quality.py [--corpus PATH] [--strictness conservative|aggressive]

Labels: tests/data/promo_devset.tsv (article id, line number, label) resolved against the
real-news corpus at run time, plus the composed hard cases in tests/data/promo_hard_cases.json.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import CORPUS
from tests.promo_devset import evaluate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--strictness", default="conservative")
    args = parser.parse_args()
    r = evaluate(args.corpus, strictness=args.strictness)
    found, total = r["found"], r["total"]
    assert isinstance(found, Counter)
    assert isinstance(total, Counter)
    print(f"{'family':14}{'found':>8}{'of':>6}{'recall':>9}")
    for family in sorted(total):
        print(
            f"{family:14}{found[family]:>8}{total[family]:>6}{found[family] / total[family]:>9.1%}"
        )
    all_found, all_total = sum(found.values()), sum(total.values())
    print(f"{'ALL PROMO':14}{all_found:>8}{all_total:>6}{all_found / all_total:>9.1%}")
    kept, body = r["body"]  # type: ignore[misc]
    span_done, span_total = r["span"]  # type: ignore[misc]
    hard_ok, hard_total = r["hard"]  # type: ignore[misc]
    print(f"body lines kept intact: {kept}/{body} = {kept / body:.2%}")
    print(f"promo spans removed (rest kept): {span_done}/{span_total}")
    print(f"hard cases right: {hard_ok}/{hard_total}")
    by_kind = defaultdict(list)
    for m in r["mistakes"]:  # type: ignore[attr-defined]
        by_kind[m.split(" ")[0]].append(m)
    print("\nmistakes:")
    for kind in sorted(by_kind):
        for m in by_kind[kind]:
            print("  " + m)


if __name__ == "__main__":
    main()
