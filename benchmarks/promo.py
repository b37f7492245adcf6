"""Promo filter throughput with every built-in pack, beside the naive approach (all rule
regexes joined into one IGNORECASE alternation, searched on every line) measured in the
same run, and the cost of doubling the number of rules.

    python benchmarks/promo.py [--mb 4] [--runs 5]
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import corpus_parser, load_texts, median_seconds, replicate

from newsclean import Doc, DropPromoLines
from newsclean.rules import builtin_pack_names, load_pack, strip_glued_label


def doubled_pack(tmp: Path) -> str:
    """Every built-in rule once more, under a new id, with a pattern that never fires
    on real text but costs as much to try (a marker no real text has)."""
    out = ['[pack]\nname = "double"\nversion = "1"\ndescription = "benchmark"\n']
    rules = [r for n in builtin_pack_names() for r in load_pack(n).rules]
    for i, rule in enumerate(rules):
        body = rule.pattern if rule.regex else re.escape(rule.pattern)
        example = strip_glued_label(rule.examples[0]) or rule.examples[0]
        mark = f"zqxjvkwpqzqxjvkw{i:04d}"  # distinct per copy; the rarest literal it holds
        if rule.match == "end":
            pattern, example = f"(?:{body}){mark}", example.rstrip(".!?:") + mark
        else:
            pattern, example = mark + body, mark + example
        out.append(
            "\n".join(
                [
                    "[[rule]]",
                    f'id = "double.{rule.id.replace(".", "-")}"',
                    f'family = "{rule.family}"',
                    f"pattern = {_toml(pattern)}",
                    "regex = true",
                    f'match = "{rule.match}"',
                    f"max_words = {rule.max_words}",
                    'description = "copy"',
                    f"examples = [{_toml(example)}]",
                    "",
                ]
            )
        )
    path = tmp / "double.toml"
    path.write_text("\n".join(out), encoding="utf-8")
    return str(path)


def _toml(text: str) -> str:
    return "'''" + text + "'''"


def main() -> None:
    parser = corpus_parser(__doc__)
    args = parser.parse_args()
    texts = replicate(load_texts(args.corpus), int(args.mb * 1e6))
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    docs = [Doc.from_text(t) for t in texts]
    lines = [line for d in docs for line in d.lines]

    rules = [r for n in builtin_pack_names() for r in load_pack(n).rules]
    naive = re.compile(
        "|".join(f"(?:{r.pattern if r.regex else re.escape(r.pattern)})" for r in rules),
        re.IGNORECASE,
    )
    step = DropPromoLines()
    tmp = Path(sys.argv[0]).resolve().parent / ".bench-tmp"
    tmp.mkdir(exist_ok=True)
    doubled = DropPromoLines(packs=(doubled_pack(tmp),))
    step(docs[0])
    doubled(docs[0])

    t_naive = median_seconds(lambda: [naive.search(line) for line in lines], args.runs)
    t_step = median_seconds(lambda: [step(d) for d in docs], args.runs)
    t_double = median_seconds(lambda: [doubled(d) for d in docs], args.runs)
    n_rules = len(rules)
    print(f"corpus: {len(docs)} docs, {mb:.2f} MB, {len(lines)} lines; median of {args.runs} runs")
    print(f"naive alternation of {n_rules} rules: {mb / t_naive:8.2f} MB/s")
    print(f"drop_promo, {n_rules} rules:          {mb / t_step:8.2f} MB/s")
    print(f"drop_promo, {2 * n_rules} rules:          {mb / t_double:8.2f} MB/s")
    print(
        f"speed-up over naive: {t_naive / t_step:.1f}x; cost of doubling the rules: "
        f"{(t_double / t_step - 1):+.1%}"
    )
    for f in tmp.iterdir():
        f.unlink()
    tmp.rmdir()


if __name__ == "__main__":
    main()
