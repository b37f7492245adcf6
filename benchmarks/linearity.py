"""Cost against input size for every filter and the whole pipeline, scaled two ways: in
the number of lines (article-like documents) and in the length of one line (the hostile
shapes of issue #16: zero-width joiner runs, nested entities, near-identical long lines,
and more).

    python benchmarks/linearity.py [--counts 1000 4000 16000]
        [--lengths 10000 40000 160000 640000] [--runs 5] [--budget 10] [--only SHAPE ...]

Each figure is the median CPU time (``time.process_time``) of ``--runs`` calls after one
warm-up call. Each row then gives the ratio of every size's time to the smallest size's
time in the same run, and the growth exponent between the last two sizes (1.0 is linear,
2.0 quadratic): a step of 4x in size should cost about 4x. A row whose warm-up call takes
longer than ``--budget`` seconds stops there (marked ``>budget``). The adversarial
articles of the reliability tests are timed at the end.
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

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

Step = Callable[[Doc], Doc]

_SENTENCE = (
    "the council voted on the bridge plan after a long debate over costs and delays while "
    "residents said they wanted answers from officials before winter"
)
WORDS = _SENTENCE.split()


def _prose(chars: int, seed: int = 0) -> str:
    """About ``chars`` characters of one run-on paragraph, deterministic."""
    out: list[str] = []
    size, i = 0, seed
    while size < chars:
        word = WORDS[(i * 7 + i // 5) % len(WORDS)]
        out.append(word)
        size += len(word) + 1
        i += 1
    return " ".join(out)[:chars]


def _near_copy(line: str) -> str:
    """``line`` with a word changed every ~100 characters: a near-copy throughout."""
    words = line.split(" ")
    for i in range(0, len(words), 17):
        words[i] = words[i] + "s"
    return " ".join(words)


# Shapes scaled in the length of a line: name -> text of about n characters.
LENGTH_SHAPES: dict[str, Callable[[int], str]] = {
    "prose line": lambda n: _prose(n) + ".",
    # D7: a run of zero-width (non-)joiners between non-ASCII letters (kept whole)
    "zwj run": lambda n: "é" + "\u200d\u200c" * (n // 2) + "é",
    # D8: nested entities, one level per "amp;"
    "nested &amp;": lambda n: "&" + "amp;" * (n // 4),
    # D9: two near-identical long lines (fuzzy matching on unbounded lines)
    "near copies": lambda n: _prose(n // 2) + "\n" + _near_copy(_prose(n // 2)),
    "mojibake line": lambda n: "Bidenâ€™s plan " * (n // 15),
    "entities line": lambda n: "Fish &amp; chips &eacute; " * (n // 26),
    "promo glued": lambda n: "ADVERTISEMENT" * (n // 13),
    "credit tail": lambda n: _prose(n) + " (AP Photo/Jane Doe)",
    "one word": lambda n: "a" * n,
}


def cpu_median(fn: Callable[[], object], runs: int) -> float:
    """Median CPU seconds of ``runs`` calls (the warm-up call is made by the caller)."""
    times = []
    for _ in range(runs):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return statistics.median(times)


def measure(step: Step, docs: list[Doc], runs: int, budget: float) -> list[float | None]:
    """Median CPU time per document, None past the first one over ``budget``."""
    times: list[float | None] = []
    for doc in docs:
        start = time.process_time()
        step(doc)  # warm-up, and the budget check
        if time.process_time() - start > budget:
            times.append(None)
            break
        times.append(cpu_median(lambda d=doc: step(d), runs))
    return times + [None] * (len(docs) - len(times))


def row(label: str, sizes: list[int], times: list[float | None]) -> str:
    """Times, ratios to the smallest size, and the exponent of the last step."""
    cells = "".join(f"{t:>10.4f}" if t is not None else f"{'>budget':>10}" for t in times)
    base = times[0]
    ratios = "".join(
        f"{t / base:>8.1f}" if t is not None and base else f"{'-':>8}" for t in times[1:]
    )
    done = [(n, t) for n, t in zip(sizes, times, strict=True) if t is not None]
    exp = "-"
    if len(done) >= 2 and done[-2][1] > 0 and done[-1][1] > 0:
        (n0, t0), (n1, t1) = done[-2:]
        exp = f"{math.log(t1 / t0) / math.log(n1 / n0):.2f}"
    return f"  {label:26}{cells}{ratios}{exp:>8}"


def header(title: str, sizes: list[int]) -> str:
    times = "".join(f"{n:>10,}" for n in sizes)
    ratios = "".join(f"{'x' + format(n // sizes[0], ','):>8}" for n in sizes[1:])
    return f"{title:28}{times}{ratios}{'exp':>8}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--counts", type=int, nargs="+", default=[1000, 4000, 16000])
    parser.add_argument(
        "--lengths", type=int, nargs="+", default=[10_000, 40_000, 160_000, 640_000]
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--budget", type=float, default=10.0, help="seconds per call, at most")
    parser.add_argument("--only", nargs="+", help="length shapes to run (default: all)")
    args = parser.parse_args()
    steps: dict[str, Step] = {
        "fix_encoding": FixEncoding(),
        "drop_promo": DropPromoLines(),
        "collapse_captions": CollapseRepeatedCaptions(),
        "tidy_whitespace": TidyWhitespace(),
        "pipeline": Pipeline.default(),
    }
    print(f"CPU seconds, median of {args.runs} runs; ratios to the smallest size; exp = growth")
    print("exponent over the last step (1.0 linear, 2.0 quadratic)\n")

    print(header("lines per document", args.counts))
    docs = [article_doc(n) for n in args.counts]
    for name, step in steps.items():
        print(row(name, args.counts, measure(step, docs, args.runs, args.budget)), flush=True)

    shapes = {k: v for k, v in LENGTH_SHAPES.items() if not args.only or k in args.only}
    for shape, make in shapes.items():
        print("\n" + header(f"{shape} (chars)", args.lengths))
        docs = [Doc.from_text(make(n)) for n in args.lengths]
        for name, step in steps.items():
            times = measure(step, docs, args.runs, args.budget)
            print(row(name, args.lengths, times), flush=True)

    print("\nadversarial articles (tests/test_reliability.py HOSTILE), clean_and_explain:")
    worst = ("", 0.0)
    for label, text in HOSTILE.items():
        start = time.process_time()
        clean_and_explain(text)
        took = time.process_time() - start
        worst = max(worst, (label, took), key=lambda x: x[1])
        print(f"  {label:24} {len(text):>10,} chars {took:>8.3f} s")
    print(f"longest single-article time: {worst[1]:.3f} s ({worst[0]})")


if __name__ == "__main__":
    main()
