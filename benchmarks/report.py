"""The audit report at corpus size: time against cleaning alone, and the page's size.

    python benchmarks/report.py                    # 10,000 articles x 3 runs, then 100,000 once
    python benchmarks/report.py --sizes 2000 --runs 3

Articles are generated (tests/synth_corpus.py: promo lines, bylines, near-copies).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.synth_corpus import duplicates_corpus  # noqa: E402

import newsclean  # noqa: E402
from newsclean import report  # noqa: E402


def articles(count: int) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    seed = 300
    while len(out) < count:
        records, _ = duplicates_corpus(seed=seed, stories=2000)
        out += [{**r, "id": f"{seed}-{r['id']}"} for r in records]
        seed += 1
    return out[:count]


def measure(records: list[dict[str, object]]) -> tuple[float, float, int]:
    """Seconds for a clean() loop, seconds for the report, the page's bytes."""
    start = time.perf_counter()
    for r in records:
        newsclean.clean(str(r["text"]))
    base = time.perf_counter() - start
    start = time.perf_counter()
    page = report.build(records)
    return base, time.perf_counter() - start, len(page.encode())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--runs", type=int, default=3, help="runs for sizes up to 20,000")
    args = parser.parse_args()
    print("articles      MB  clean() s  report s  ratio  page KiB  runs")
    for size in args.sizes:
        records = articles(size)
        mb = sum(len(str(r["text"]).encode()) for r in records) / 1e6
        runs = args.runs if size <= 20_000 else 1
        results = [measure(records) for _ in range(runs)]
        b = statistics.median(x[0] for x in results)
        f = statistics.median(x[1] for x in results)
        kib = results[-1][2] / 1024
        print(f"{size:8d} {mb:7.1f} {b:10.1f} {f:9.1f} {f / b:6.2f} {kib:9.0f} {runs:5d}")


if __name__ == "__main__":
    main()
