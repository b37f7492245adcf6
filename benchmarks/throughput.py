"""clean() throughput on the real corpus, beside bare ftfy.fix_text in the same run.

    python benchmarks/throughput.py [--mb 4] [--runs 5] [--corpus PATH] [--model default]

Prints MB/s and docs/s (median of --runs runs) for newsclean.clean and for
ftfy.fix_text over the same texts, and the ratio clean / ftfy. With --model, clean()
also runs the line model, and the rules-only clean() is timed beside it.
"""

from __future__ import annotations

import sys
from pathlib import Path

import ftfy

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import corpus_parser, load_texts, median_seconds, replicate

import newsclean


def main() -> None:
    parser = corpus_parser(__doc__)
    parser.add_argument("--model", default=None, help="also time clean(model=MODEL)")
    args = parser.parse_args()

    texts = replicate(load_texts(args.corpus), int(args.mb * 1e6))
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6

    def run_clean() -> None:
        for text in texts:
            newsclean.clean(text)

    def run_ftfy() -> None:
        for text in texts:
            ftfy.fix_text(text)

    def run_model() -> None:
        for text in texts:
            newsclean.clean(text, model=args.model)

    t_clean = median_seconds(run_clean, args.runs)
    if args.model:
        t_model = median_seconds(run_model, args.runs)
        print(f"clean(model={args.model!r}) / clean() time: {t_model / t_clean:.2f}x")
    t_ftfy = median_seconds(run_ftfy, args.runs)
    print(f"corpus: {len(texts)} docs, {mb:.2f} MB (median of {args.runs} runs)")
    print(f"{'':18}{'MB/s':>10}{'docs/s':>12}")
    print(f"{'newsclean.clean':18}{mb / t_clean:>10.2f}{len(texts) / t_clean:>12.0f}")
    print(f"{'ftfy.fix_text':18}{mb / t_ftfy:>10.2f}{len(texts) / t_ftfy:>12.0f}")
    print(f"ratio clean/ftfy throughput: {t_ftfy / t_clean:.2f}x")


if __name__ == "__main__":
    main()
