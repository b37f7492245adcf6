"""Repeated-caption collapse: time against document size, growth exponent, and recall of
planted near-copies, beside the naive all-pairs comparison measured in the same run.

    python benchmarks/captions.py [--sizes 1000 5000 20000 100000] [--runs 3]

Documents are synthetic: lines of ~300 characters built from the real corpus's vocabulary,
with 5 % of lines followed later by a near-copy (typos, case, punctuation, a credit, a
"Read More", a cut with "..."). Planted pairs count towards recall only when the
reference's own decision function (``match_score``) says they are copies.
"""

from __future__ import annotations

import argparse
import math
import random
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import CORPUS, load_texts, median_seconds

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.test_captions import reference_groups

from newsclean.filters.captions import (
    Group,
    analyse,
    find_groups,
    match_score,
)

CUTOFF, MIN_LENGTH = 90.0, 60
CREDITS = [" (AP Photo/Jane Doe)", " (Getty Images)", " | Reuters", " Photo: EPA"]


def vocabulary(corpus: Path) -> list[str]:
    words = re.findall(r"[A-Za-z][a-z']+", " ".join(load_texts(corpus)))
    return words or ["news"]


def mutate(rng: random.Random, text: str) -> str:
    kind = rng.randrange(6)
    if kind == 0:  # 1-3 character typos
        chars = list(text)
        for _ in range(rng.randint(1, 3)):
            i = rng.randrange(len(chars))
            chars[i] = rng.choice("aeiourst ")
        return "".join(chars)
    if kind == 1:
        return text.upper() if rng.random() < 0.3 else text.lower()
    if kind == 2:
        return text.replace(",", "").replace(" ", "  ", 3)
    if kind == 3:
        return text + rng.choice(CREDITS)
    if kind == 4:
        return text + " Read More"
    return text[: rng.randint(len(text) // 2, len(text) - 5)] + "..."


Pairs = list[tuple[int, int]]


def make_doc(rng: random.Random, vocab: list[str], n: int) -> tuple[list[str], Pairs]:
    lines: list[str] = []
    pending: list[tuple[int, int, str]] = []  # (due index, source index, text)
    pairs: list[tuple[int, int]] = []
    while len(lines) < n:
        if pending and pending[0][0] <= len(lines):
            _, src, text = pending.pop(0)
            pairs.append((src, len(lines)))
            lines.append(text)
            continue
        words = [rng.choice(vocab) for _ in range(rng.randint(40, 60))]
        line = " ".join(words).capitalize() + "."
        if rng.random() < 0.05:
            pending.append((len(lines) + rng.randint(1, 200), len(lines), mutate(rng, line)))
            pending.sort()
        lines.append(line)
    return lines, pairs


def all_pairs(lines: list[str]) -> list[Group]:
    """The naive reference: every line against every earlier group's first line (the
    same oracle the tests hold the fast path to)."""
    groups: list[Group] = []
    for members in reference_groups(lines, CUTOFF, MIN_LENGTH):
        group = Group(analyse(lines[members[0]]))
        group.members.extend((i, 0.0) for i in members)
        groups.append(group)
    return groups


def fast(lines: list[str]) -> list[Group]:
    return find_groups(lines, score_cutoff=CUTOFF, min_length=MIN_LENGTH)


def same_group(groups: list[Group]) -> dict[int, int]:
    return {i: g for g, grp in enumerate(groups) for i, _ in grp.members}


def is_copy(first: str, later: str) -> bool:
    """Whether the reference's own decision function calls ``later`` a copy of ``first``."""
    a, b = analyse(first), analyse(later)
    return a.key == b.key or match_score(b, a, CUTOFF) > 0


def slope(xs: list[int], ys: list[float]) -> float:
    lx, ly = [math.log(x) for x in xs], [math.log(y) for y in ys]
    mx, my = sum(lx) / len(lx), sum(ly) / len(ly)
    return sum((a - mx) * (b - my) for a, b in zip(lx, ly, strict=True)) / sum(
        (a - mx) ** 2 for a in lx
    )


def negatives(rng: random.Random, vocab: list[str], n: int) -> list[tuple[str, str]]:
    """Pairs that must stay apart: one template with another name or number, a sentence
    and the paragraph it begins, two lines sharing only their first words."""
    names = [w.capitalize() for w in vocab if len(w) > 5][:500] or ["Kyiv", "Lviv"]

    def sentence(words: list[str]) -> str:
        return " ".join([words[0].capitalize(), *words[1:]]) + "."

    out: list[tuple[str, str]] = []
    for _ in range(n):
        words = [rng.choice(vocab) for _ in range(rng.randint(25, 45))]
        i = rng.randrange(1, len(words))
        kind = rng.randrange(3)
        if kind == 0:  # a template: another name, place or number in one slot
            other = list(words)
            other[i] = rng.choice(names) if rng.random() < 0.5 else str(rng.randint(1, 2030))
            words[i] = rng.choice(names)
            out.append((sentence(words), sentence(other)))
        elif kind == 1:  # a sentence and the paragraph it begins
            more = [rng.choice(vocab) for _ in range(20)]
            out.append((sentence(words), sentence(words) + " " + sentence(more)))
        else:  # two lines that share only their first half
            tail = [rng.choice(vocab) for _ in range(len(words) // 2)]
            out.append((sentence(words), sentence(words[: len(words) // 2] + tail)))
    return out


def sweep(rng: random.Random, vocab: list[str]) -> None:
    lines, pairs = make_doc(rng, vocab, 20000)
    positives = [(lines[a], lines[b]) for a, b in pairs]
    negs = negatives(rng, vocab, 2000)
    print(f"\nthreshold sweep: {len(positives)} planted copies, {len(negs)} must-stay-apart pairs")
    print(f"{'scorer':>17} {'cutoff':>7} {'copies found':>13} {'false merges':>13}")
    for scorer in ("ratio", "token_sort_ratio"):
        for cutoff in (80.0, 85.0, 90.0, 95.0, 98.0):

            def copies(a: str, b: str, cutoff: float = cutoff, scorer: str = scorer) -> bool:
                x, y = analyse(a), analyse(b)
                return x.key == y.key or match_score(y, x, cutoff, scorer) > 0  # type: ignore[arg-type]

            found = sum(copies(a, b) for a, b in positives) / len(positives)
            false = sum(copies(a, b) for a, b in negs) / len(negs)
            print(f"{scorer:>17} {cutoff:>7.0f} {found:>13.2%} {false:>13.2%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20000, 100000])
    parser.add_argument("--naive-sizes", type=int, nargs="+", default=[500, 1000, 2000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--sweep", action="store_true", help="only the threshold sweep")
    args = parser.parse_args()
    rng = random.Random(20261125)
    vocab = vocabulary(args.corpus)
    if args.sweep:
        sweep(rng, vocab)
        return

    print(f"{'lines':>8} {'newsclean s':>12} {'planted':>8} {'recall':>8}")
    times: list[float] = []
    found_total = planted_total = 0
    for n in args.sizes:
        lines, pairs = make_doc(rng, vocab, n)
        t = median_seconds(lambda lines=lines: fast(lines), args.runs)
        times.append(t)
        member = same_group(fast(lines))
        real = [(a, b) for a, b in pairs if is_copy(lines[a], lines[b])]
        hits = sum(1 for a, b in real if a in member and member[a] == member.get(b))
        found_total, planted_total = found_total + hits, planted_total + len(real)
        print(f"{n:>8} {t:>12.3f} {len(real):>8} {hits / max(1, len(real)):>8.3%}")
    print(
        f"growth exponent (newsclean, {args.sizes[0]}..{args.sizes[-1]} lines): "
        f"{slope(args.sizes, times):.2f}"
    )
    print(
        f"planted-pair recall overall: {found_total}/{planted_total} = "
        f"{found_total / max(1, planted_total):.2%}"
    )

    print(f"\n{'lines':>8} {'all-pairs s':>12} {'newsclean s':>12} {'agree':>8}")
    naive_times: list[float] = []
    for n in args.naive_sizes:
        lines, _ = make_doc(rng, vocab, n)
        start = time.perf_counter()
        ref = all_pairs(lines)
        naive = time.perf_counter() - start
        naive_times.append(naive)
        fast_groups = fast(lines)
        ref_pairs = {(grp.members[0][0], i) for grp in ref for i, _ in grp.members[1:]}
        fast_pairs = {(grp.members[0][0], i) for grp in fast_groups for i, _ in grp.members[1:]}
        agree = len(ref_pairs & fast_pairs) / max(1, len(ref_pairs))
        print(
            f"{n:>8} {naive:>12.3f} {median_seconds(lambda lines=lines: fast(lines), 1):>12.3f}"
            f" {agree:>8.2%}"
        )
    k = slope(args.naive_sizes, naive_times)
    est = naive_times[-1] * (20000 / args.naive_sizes[-1]) ** k
    print(f"growth exponent (all-pairs): {k:.2f}; extrapolated to 20,000 lines: {est:.0f} s")


if __name__ == "__main__":
    main()
