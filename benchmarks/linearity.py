"""Cost against input size for every filter and the whole pipeline: the curve, and the
growth exponent (1.0 is linear, 2.0 quadratic).

    python benchmarks/linearity.py [--sizes 1000 10000 100000] [--runs 3]

Documents are article-like: paragraphs, promo lines, credited captions, mojibake,
blank lines. Also times the slowest article of the adversarial set in tests.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import median_seconds

# One generator for the linearity test and this curve, and one hostile set.
from tests.test_reliability import HOSTILE, article_doc

from newsclean import (
    CollapseRepeatedCaptions,
    Doc,
    DropPromoLines,
    FixEncoding,
    Pipeline,
    TidyWhitespace,
    clean_and_explain,
)


def exponent(xs: list[int], ys: list[float]) -> float:
    lx, ly = [math.log(x) for x in xs], [math.log(y) for y in ys]
    mx, my = sum(lx) / len(lx), sum(ly) / len(ly)
    num = sum((a - mx) * (b - my) for a, b in zip(lx, ly, strict=True))
    return num / sum((a - mx) ** 2 for a in lx)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    steps: dict[str, Callable[[Doc], Doc]] = {
        "fix_encoding": FixEncoding(),
        "drop_promo": DropPromoLines(),
        "collapse_captions": CollapseRepeatedCaptions(),
        "tidy_whitespace": TidyWhitespace(),
        "pipeline": Pipeline.default(),
    }
    docs = {n: article_doc(n) for n in args.sizes}
    print(f"seconds (median of {args.runs} runs)")
    print(f"{'step':18}" + "".join(f"{n:>12,}" for n in args.sizes) + f"{'exponent':>10}")
    for name, step in steps.items():
        times = [median_seconds(lambda d=docs[n], s=step: s(d), args.runs) for n in args.sizes]
        row = "".join(f"{t:>12.3f}" for t in times)
        print(f"{name:18}{row}{exponent(args.sizes, times):>10.2f}")
    print("\nadversarial articles (tests/test_reliability.py HOSTILE), clean_and_explain:")
    worst = ("", 0.0)
    for label, text in HOSTILE.items():
        start = time.perf_counter()
        clean_and_explain(text)
        took = time.perf_counter() - start
        worst = max(worst, (label, took), key=lambda x: x[1])
        print(f"  {label:24} {len(text):>10,} chars {took:>8.3f} s")
    print(f"longest single-article time: {worst[1]:.3f} s ({worst[0]})")


if __name__ == "__main__":
    main()
