"""Learned packs: learn → load → clean on generated multi-site corpora (tests/synth_sites.py:
12 sites × 300 articles, hostile site names, variable boilerplate, a widely quoted
statement and a police and a weather desk's stock sentences that must not be learned).

    python benchmarks/learned_packs.py                   # tuning seeds 1-4, held-out 201-206
    python benchmarks/learned_packs.py --seeds 7 8 --by domain

For each seed: the pack must load (``load_pack``); then planted boilerplate F1 and the
share of body lines removed, measured two ways: the learned rules beside the generic pack
(each article judged by its own site's rules, as ``scoped`` picks them), and the whole
``newsclean.clean`` with each article's source. "recurring" counts real recurring lines
(the quote, the stock sentences) that were removed anywhere: it must be 0.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.synth_sites import score_clean, score_pack, sites_corpus  # noqa: E402

from newsclean import corpus  # noqa: E402
from newsclean.rules import load_pack  # noqa: E402

TUNING = (1, 2, 3, 4)
HELD_OUT = (201, 202, 203, 204, 205, 206)


def run(seeds: tuple[int, ...], by: str, label: str, articles: int) -> None:
    print(f"== {label} seeds, by={by}")
    print("seed  rules  learn_s  rules_F1  rules_body%  clean_F1  clean_body%  recurring")
    for seed in seeds:
        made = sites_corpus(seed=seed, articles_per_site=articles)
        started = time.perf_counter()
        learned = corpus.learn_boilerplate(made.records, by=by)  # type: ignore[arg-type]
        seconds = time.perf_counter() - started
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "learned.toml"
            path.write_text(learned.to_toml(), encoding="utf-8")
            load_pack(str(path))  # raises if the pack does not load
            rules = score_pack(made, path.read_text(encoding="utf-8"), by)
            whole = score_clean(made, [str(path)], by)
        recurring = len(rules.recurring_hit | whole.recurring_hit)
        print(
            f"{seed:>4}  {len(learned.rules):>5}  {seconds:>7.1f}  {rules.f1:>8.4f}  "
            f"{rules.body_removed:>10.3%}  {whole.f1:>8.4f}  {whole.body_removed:>10.3%}  "
            f"{recurring:>9}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, nargs="*")
    parser.add_argument("--by", choices=["outlet", "domain"], default="outlet")
    parser.add_argument("--articles", type=int, default=300, help="per site (300)")
    args = parser.parse_args()
    if args.seeds:
        run(tuple(args.seeds), args.by, "chosen", args.articles)
        return
    run(TUNING, args.by, "tuning", args.articles)
    run(HELD_OUT, args.by, "held-out", args.articles)


if __name__ == "__main__":
    main()
