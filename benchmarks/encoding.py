"""Encoding repair throughput: the fix_encoding filter with and without its fast path,
beside bare ftfy.fix_text on the same texts, measured in the same run.

    python benchmarks/encoding.py [--mb 4] [--runs 5]

Inputs: the real corpus replicated to --mb MB, and three synthetic mixes of its lines:
plain ASCII, clean typographic text (curly quotes, dashes, accents) and mojibake-heavy
text (every third line damaged as cp1252 mojibake). Also counts documents where the
filter's output differs from ftfy.fix_text (by design only where a line contains '<':
ftfy then stops decoding entities in the whole text, newsclean only in that line).
"""

from __future__ import annotations

import sys
from pathlib import Path

import ftfy

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import corpus_parser, load_texts, median_seconds, replicate

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.test_encoding import FTFY_LIKE  # ftfy's own settings, as the peer tests use

from newsclean import Doc, FixEncoding


def mixes(texts: list[str]) -> dict[str, list[str]]:
    lines = [line for text in texts for line in text.split("\n") if len(line) > 40]
    ascii_lines = [line.encode("ascii", "ignore").decode() for line in lines]
    typo = [
        line.replace("'", "’").replace(' "', " “").replace('" ', "” ").replace(" - ", " — ")
        + " Café, naïve, résumé."
        for line in ascii_lines
    ]
    moji = [
        line.encode("utf-8").decode("cp1252", "replace") if i % 3 == 0 else line
        for i, line in enumerate(typo)
    ]

    def docs(ls: list[str]) -> list[str]:
        return ["\n\n".join(ls[i : i + 20]) for i in range(0, len(ls), 20)]

    return {"plain ASCII": docs(ascii_lines), "typographic": docs(typo), "mojibake 1/3": docs(moji)}


def main() -> None:
    parser = corpus_parser(__doc__)
    args = parser.parse_args()
    real = load_texts(args.corpus)
    sets = {"real corpus": real, **mixes(real)}
    fast, slow = FixEncoding(), FixEncoding(fast_path=False)
    print(f"median of {args.runs} runs; MB/s; ratio = filter / ftfy.fix_text")
    print(f"{'input':14}{'MB':>6}{'ftfy':>9}{'no fast':>9}{'fast':>9}{'ratio':>8}{'same':>12}")
    for label, base in sets.items():
        texts = replicate(base, int(args.mb * 1e6))
        mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
        docs = [Doc.from_text(t) for t in texts]
        t_ftfy = median_seconds(lambda texts=texts: [ftfy.fix_text(t) for t in texts], args.runs)
        t_slow = median_seconds(lambda docs=docs: [slow(d) for d in docs], args.runs)
        t_fast = median_seconds(lambda docs=docs: [fast(d) for d in docs], args.runs)
        same = sum(FTFY_LIKE(Doc.from_text(t)).to_text() == ftfy.fix_text(t) for t in base)
        print(
            f"{label:14}{mb:>6.1f}{mb / t_ftfy:>9.2f}{mb / t_slow:>9.2f}{mb / t_fast:>9.2f}"
            f"{t_ftfy / t_fast:>7.1f}x{same:>7}/{len(base)}"
        )


if __name__ == "__main__":
    main()
