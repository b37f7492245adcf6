"""clean() throughput beside bare ftfy.fix_text, in CPU time, in one run.

    python benchmarks/throughput.py [--mb 2] [--runs 5] [--corpus PATH] [--synthetic-docs 400]
                                    [--model-oracle]

Two corpora, each replicated to about --mb MB:

- **real**: the real corpus (``/work/shared/corpus/real_news.jsonl`` or ``--corpus``);
- **synthetic**: a generated non-ASCII news corpus (``synthetic_corpus`` below; seeded,
  nothing copied from real text). Words are made of syllables; names carry accents
  (José, Müller, Zoë…); quotes are curly, dashes are em dashes; about one line in twelve
  is cp1252 mojibake of itself (``line.encode("utf-8").decode("sloppy-windows-1252")``,
  ftfy's codec); some lines carry no-break spaces or HTML entities; articles carry a
  few promo lines and photo captions repeated with and without a credit.

For each corpus it prints, as medians of --runs runs of ``time.process_time`` (CPU time):
MB/s of ``ftfy.fix_text``, of ``clean()`` rules-only, of ``clean(model="default")``, of
``clean_and_explain()``, and of the split/join floor (``Pipeline([])``); the ratio of each
to ftfy; and each default step's cost in µs per input line (every step timed on the
documents as the steps before it left them: one pass, no settling).

``--model-oracle`` adds ``clean(model="default")`` with the line model's fast paths off
(``MODEL_FAST_PATHS``: their slow oracles, the same output) to the same rounds, and a
drop_promo row for it: the fast paths' gain, measured under the same load.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from functools import partial
from pathlib import Path

import ftfy

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import corpus_parser, load_texts, replicate

import newsclean
from newsclean import Doc, Pipeline
from newsclean.linemodel import features as _features
from newsclean.linemodel import model as _model
from newsclean.pipeline import Filter

#: The line model's fast-path switches (module, name): ``--model-oracle`` turns them off.
MODEL_FAST_PATHS = ((_model, "FAST_BOUND"), (_features, "FAST_OWN"), (_features, "FAST_SCAN"))


@contextmanager
def model_oracle() -> Iterator[None]:
    """The line model's fast paths off (their slow oracles) for the ``with`` block."""
    saved = [getattr(module, name) for module, name in MODEL_FAST_PATHS]
    for module, name in MODEL_FAST_PATHS:
        setattr(module, name, False)
    try:
        yield
    finally:
        for (module, name), value in zip(MODEL_FAST_PATHS, saved, strict=True):
            setattr(module, name, value)


def _slow_model(fn: Callable[[], object]) -> Callable[[], object]:
    def run() -> object:
        with model_oracle():
            return fn()

    return run


_SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"] + ["an", "el", "or", "is"]
_COMMON = tuple(
    " ".join(
        (
            "the a of to in and on for with at by from that this it was is are were has",
            "have had will would after before over under about into its their his her they",
            "officials people city government report said told week year day new first last",
            "two three",
        )
    ).split(" ")
)
_NAMES = (
    "José Müller",
    "Zoë Brontë",
    "François Hollande",
    "Renée Söderström",
    "Łukasz Nowak",
    "Ana Peña",
    "Björn Ågren",
    "Chloé Dubois",
    "Dvořák Škoda",
    "Çelik Öztürk",
)
_PLACES = ("Córdoba", "Zürich", "São Paulo", "Kraków", "Malmö", "Besançon", "Reykjavík")
_PROMO = (
    "CLICK HERE TO GET THE FOX NEWS APP",
    "Sign up for our daily newsletter to get the latest news in your inbox.",
    "Follow us on Twitter and Facebook",
    "Advertisement",
    "Read more: {place} officials weigh a new budget",
    "Story continues below advertisement",
)
_CREDITS = ("(AP Photo/{name})", "(Reuters)", "REUTERS/{name}", "Photo: {name}/Getty Images")


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))


def _sentence(rng: random.Random) -> str:
    words: list[str] = []
    for _ in range(rng.randint(10, 24)):
        roll = rng.random()
        if roll < 0.06:
            words.append(rng.choice(_NAMES))
        elif roll < 0.09:
            words.append(rng.choice(_PLACES))
        elif roll < 0.55:
            words.append(rng.choice(_COMMON))
        elif roll < 0.58:
            words.append(_word(rng) + "’s")
        else:
            words.append(_word(rng))
    text = " ".join(words)
    text = text[0].upper() + text[1:] + "."
    if rng.random() < 0.3:
        text = f"“{text[:-1]},” {rng.choice(_NAMES)} said."
    if rng.random() < 0.15:
        cut = text.find(" ", len(text) // 2)
        if cut > 0:
            text = text[:cut] + " — " + text[cut + 1 :]
    return text


def _damage(rng: random.Random, line: str) -> str:
    roll = rng.random()
    if roll < 0.08:
        return line.encode("utf-8").decode("sloppy-windows-1252")
    if roll < 0.10:
        return line.replace(" ", "\u00a0", 2)
    if roll < 0.12:
        return line.replace(" and ", " &amp; ", 1)
    return line


def synthetic_corpus(docs: int, seed: int = 18) -> list[str]:
    """``docs`` generated non-ASCII news articles (the same seed, the same corpus)."""
    rng = random.Random(seed)
    out: list[str] = []
    for _ in range(docs):
        lines = [_sentence(rng)[:-1].title()]  # a headline
        caption = _sentence(rng)
        credit = rng.choice(_CREDITS).format(name=rng.choice(_NAMES))
        for p in range(rng.randint(6, 16)):
            if rng.random() < 0.12:
                promo = rng.choice(_PROMO).format(place=rng.choice(_PLACES))
                lines.append(promo)
            para = " ".join(_sentence(rng) for _ in range(rng.randint(1, 4)))
            lines.append(_damage(rng, para))
            if p in (1, 5) or rng.random() < 0.05:
                lines.append(caption + (" " + credit if p == 1 else ""))
        out.append("\n\n".join(lines))
    return out


def cpu_median(fn: Callable[[], object], runs: int) -> float:
    """Median CPU time (``time.process_time``) of ``runs`` calls, after one warm-up."""
    return cpu_medians({"": fn}, runs)[""]


def cpu_medians(fns: Mapping[str, Callable[[], object]], runs: int) -> dict[str, float]:
    """Median CPU time of each function over ``runs`` rounds, after a warm-up round.

    Each round times every function once, in turn, so a change in the machine's load
    (other processes on shared cores) falls on all of them alike and the ratios hold.
    """
    times: dict[str, list[float]] = {name: [] for name in fns}
    for round_no in range(runs + 1):
        for name, fn in fns.items():
            start = time.process_time()
            fn()
            if round_no:  # round 0 warms up
                times[name].append(time.process_time() - start)
    return {name: statistics.median(ts) for name, ts in times.items()}


def step_inputs(pipeline: Pipeline, texts: list[str]) -> list[list[Doc]]:
    """The documents each step sees in one pass (the first step sees the split text)."""
    docs = [Doc.from_text(t) for t in texts]
    inputs = []
    for step in pipeline.steps:
        inputs.append(docs)
        docs = [step(d) for d in docs]
    return inputs


def _run_step(step: Filter, docs: list[Doc]) -> None:
    for doc in docs:
        step(doc)


def report(label: str, texts: list[str], runs: int, oracle: bool = False) -> None:
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    lines = sum(len(Doc.from_text(t).lines) for t in texts)
    floor = Pipeline([])
    timed: dict[str, Callable[[], object]] = {
        "ftfy.fix_text": lambda: [ftfy.fix_text(t) for t in texts],
        "clean()": lambda: [newsclean.clean(t) for t in texts],
        "clean_and_explain()": lambda: [newsclean.clean_and_explain(t) for t in texts],
        'clean(model="default")': lambda: [newsclean.clean(t, model="default") for t in texts],
        "split/join floor": lambda: [floor.clean(t) for t in texts],
    }
    if oracle:
        timed["clean(model) oracle"] = _slow_model(timed['clean(model="default")'])
    seconds = cpu_medians(timed, runs)
    print(f"\n== {label}: {len(texts)} docs, {lines} lines, {mb:.2f} MB ==")
    print(f"{'':26}{'MB/s':>9}{'µs/line':>10}{'× ftfy':>9}")
    t_ftfy = seconds["ftfy.fix_text"]
    for name, t in seconds.items():
        print(f"{name:26}{mb / t:>9.2f}{t / lines * 1e6:>10.2f}{t_ftfy / t:>9.2f}")
    print(
        f"clean_and_explain / clean time: {seconds['clean_and_explain()'] / seconds['clean()']:.3f}"
    )
    print("per step, µs per input line (one pass):")
    for model in (None, "default"):
        pipeline = Pipeline.default(model=model)
        inputs = step_inputs(pipeline, texts)
        steps: dict[str, Callable[[], object]] = {
            step.name: partial(_run_step, step, docs)
            for step, docs in zip(pipeline.steps, inputs, strict=True)
        }
        if oracle and model is not None:
            promo = pipeline.steps[[s.name for s in pipeline.steps].index("drop_promo")]
            docs = inputs[[s.name for s in pipeline.steps].index("drop_promo")]
            steps["drop_promo(oracle)"] = _slow_model(partial(_run_step, promo, docs))
        row = [f"{name}={t / lines * 1e6:.2f}" for name, t in cpu_medians(steps, runs).items()]
        print(f"  model={model!s:8} " + "  ".join(row))


def main() -> None:
    parser = corpus_parser(__doc__)
    parser.set_defaults(mb=2.0)
    parser.add_argument("--synthetic-docs", type=int, default=400, help="distinct generated docs")
    parser.add_argument(
        "--model-oracle", action="store_true", help="also time the line model's slow oracles"
    )
    args = parser.parse_args()
    target = int(args.mb * 1e6)
    print(f"CPU time (process_time), median of {args.runs} runs")
    report("real corpus", replicate(load_texts(args.corpus), target), args.runs, args.model_oracle)
    report(
        "synthetic non-ASCII corpus",
        replicate(synthetic_corpus(args.synthetic_docs), target),
        args.runs,
        args.model_oracle,
    )


if __name__ == "__main__":
    main()
