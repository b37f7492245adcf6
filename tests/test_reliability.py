"""clean() survives anything a scraper produces: hostile inputs, any str, bad config,
pathological regex input, and cost that grows linearly with the input."""

from __future__ import annotations

import os
import random
import re
import time
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import newsclean
from newsclean import (
    CleanConfig,
    CollapseRepeatedCaptions,
    ConfigError,
    Doc,
    DropPromoLines,
    FixEncoding,
    Pipeline,
    TidyWhitespace,
)
from newsclean.rules import RuleMatcher, builtin_pack_names, load_pack

RNG = random.Random(11)
WORDS = [
    "the",
    "council",
    "voted",
    "to",
    "close",
    "old",
    "bridge",
    "for",
    "repairs",
    "after",
    "inspectors",
    "found",
    "cracks",
]


def sentence(n: int = 40) -> str:
    return " ".join(RNG.choice(WORDS) for _ in range(n)).capitalize() + "."


HOSTILE: dict[str, str] = {
    "lone surrogates": "Before \ud800 middle \udfff after\n\ud83d",
    "NUL and controls": "a\x00b\x01c\x07d\x1b[31mred\x1b[0m\x7f\x0b\x0c",
    "RTL marks": "\u202eevil\u202c text \u200f\u200e\u061c",
    "combining pile": "e" + "\u0301" * 5000,
    "emoji ZWJ": "👩‍👩‍👧‍👦 🏳️‍🌈 👨🏽‍💻\u200d\u200d",
    "1 MB single line": sentence(180_000)[:1_000_000],
    "1 MB one word": "a" * 1_000_000,
    "100,000 short lines": "\n".join(f"Line {i}." for i in range(100_000)),
    "100,000 repeated lines": "\n".join(
        ["The same long caption line repeated again and again (AP)."] * 100_000
    ),
    "only whitespace": " \t\n\u00a0\u3000\n\r\n   \u2028",
    "only promo": "\n\n".join(["CLICK HERE TO GET THE FOX NEWS APP", "Advertisement"] * 500),
    "parentheses": "(" * 200_000 + " caption",
    "slashes and pipes": "A/" * 100_000 + " |" * 100_000,
    "credit labels": "caption Credit: " * 20_000,
    "ampersands": "&amp;" * 100_000,
    "mojibake": "Ã©â€™" * 100_000,
    "ellipses": "..." * 100_000 + "…" * 10_000,
    "all caps": ("WORD " * 200_000).strip(),
    "mixed line endings": "a\rb\r\nc\n\rd\u2029e" * 10_000,
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_input_never_raises_and_keeps_the_properties(name: str) -> None:
    text = HOSTILE[name]
    result = newsclean.clean_and_explain(text)
    assert result.text == newsclean.clean(text)
    assert newsclean.clean(result.text) == result.text
    assert isinstance(result.removed_share, float)


_any_char = st.characters(exclude_categories=())  # surrogates and controls included
any_text = st.text(alphabet=_any_char, max_size=200) | st.lists(
    st.text(alphabet=_any_char, max_size=60), max_size=20
).map("\n".join)


@settings(
    max_examples=int(os.environ.get("NEWSCLEAN_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(any_text)
def test_any_str_never_raises_is_idempotent_and_explained(text: str) -> None:
    result = newsclean.clean_and_explain(text)
    assert result.text == newsclean.clean(text)
    assert newsclean.clean(result.text) == result.text
    source = Doc.from_text(text)
    out = Pipeline.default().run(source)
    dropped = {c.line_no for c in out.changes if c.after is None}
    assert set(out.origins) | dropped == set(source.origins)


def test_no_state_between_documents() -> None:
    a, b = (
        HOSTILE["only promo"] + "\nThe council met on Tuesday.",
        "A caption line that is long enough to count here. (AP)",
    )
    first = newsclean.clean_and_explain(a)
    newsclean.clean_and_explain(b)
    newsclean.clean_and_explain(b + "\n" + b)
    assert newsclean.clean_and_explain(a) == first


# -- bad configuration ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: FixEncoding(normalization="NFX"), r"FixEncoding: option 'normalization'"),  # type: ignore[arg-type]
        (lambda: FixEncoding(uncurl_quotes="yes"), r"'uncurl_quotes' must be True or False"),  # type: ignore[arg-type]
        (lambda: DropPromoLines(min_headline_words=0), r"'min_headline_words'"),
        (lambda: DropPromoLines(packs=[3]), r"'packs'"),  # type: ignore[list-item]
        (lambda: CollapseRepeatedCaptions(score_cutoff=101), r"'score_cutoff'"),
        (lambda: CollapseRepeatedCaptions(scorer="partial_ratio"), r"'scorer'"),  # type: ignore[arg-type]
        (lambda: CollapseRepeatedCaptions(keep="best"), r"'keep'"),  # type: ignore[arg-type]
        (lambda: TidyWhitespace(strip_indent=1), r"'strip_indent'"),  # type: ignore[arg-type]
        (lambda: Pipeline.default().configure("fix_encoding", normalization="X"), "normalization"),
        (lambda: CleanConfig(max_removed_share=2.0), "max_removed_share"),
        (lambda: newsclean.clean("x", captions="all"), "captions"),
        (lambda: Pipeline([], max_removed_share=-1), "max_removed_share"),
    ],
)
def test_bad_configuration_names_the_option(make: Callable[[], object], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        make()


# -- regexes under pathological input ----------------------------------------------------------

PACKS = [load_pack(n) for n in builtin_pack_names()]
RULES = [r for p in PACKS for r in p.rules if r.regex]


def _adversarial(pattern: str) -> list[str]:
    chars = sorted(set(re.sub(r"\\[a-zA-Z]|[()\[\]{}?*+|^$]", "", pattern)))
    runs = [c * 20_000 for c in chars] + [(c + " ") * 10_000 for c in chars]
    return [*runs, "a" * 50_000, " " * 50_000, "ab " * 20_000, ".:" * 20_000]


MATCHER = RuleMatcher.build(PACKS)


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_no_rule_pattern_backtracks_catastrophically(rule: object) -> None:
    """Each pattern, used as the matcher uses it (fullmatch / match / search), on long
    runs of the characters it names, cut to the longest line the matcher lets any rule
    see. Exponential backtracking blows up at a few dozen characters; this is far more."""
    matcher = RuleMatcher.build([p for p in PACKS if rule in p.rules])  # type: ignore[operator]
    mode = rule.match  # type: ignore[attr-defined]
    compiled = next(pat for pat, r in matcher.by_mode[mode] if r is rule)
    worst = 0.0
    for text in _adversarial(rule.pattern):  # type: ignore[attr-defined]
        text = text[: MATCHER.max_chars]
        start = time.perf_counter()
        {"line": compiled.fullmatch, "start": compiled.match}.get(mode, compiled.search)(text)
        worst = max(worst, time.perf_counter() - start)
    assert worst < 0.5  # a generous bound, not a benchmark: typical runs take microseconds


def test_matcher_never_gives_a_regex_a_long_line() -> None:
    assert MATCHER.match(sentence(500)) is None
    for text in ("1" * 1_000_000, "(" * 1_000_000, "a " * 500_000):
        start = time.perf_counter()
        assert MATCHER.match(text) is None
        assert time.perf_counter() - start < 0.5


# -- cost grows linearly ----------------------------------------------------------------------


def article_doc(lines: int) -> Doc:
    """An article-like document (also used by benchmarks/linearity.py)."""
    rng = random.Random(lines)
    out = []
    for i in range(lines):
        kind = i % 10
        if kind == 0:
            out.append("")
        elif kind == 1:
            out.append("CLICK HERE TO GET THE FOX NEWS APP")
        elif kind == 2:
            out.append(
                f"Caption number {i} about the council vote on the bridge. (AP Photo/Jane Doe)"
            )
        elif kind == 3:
            out.append("It’s “quoted” — Bidenâ€™s &amp; more")
        else:
            out.append(" ".join(rng.choice(WORDS) for _ in range(30)) + f" {i}.")
    return Doc.from_text("\n".join(out))


def _seconds(step: Callable[[Doc], Doc], doc: Doc) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        step(doc)
        best = min(best, time.perf_counter() - start)
    return best


@pytest.mark.parametrize(
    "step",
    [
        FixEncoding(),
        DropPromoLines(),
        CollapseRepeatedCaptions(),
        TidyWhitespace(),
        Pipeline.default(),
    ],
    ids=["fix_encoding", "drop_promo", "collapse_captions", "tidy_whitespace", "pipeline"],
)
def test_cost_grows_linearly(step: Callable[[Doc], Doc]) -> None:
    small, large = article_doc(2_000), article_doc(20_000)
    ratio = _seconds(step, large) / max(_seconds(step, small), 1e-4)
    # 10x the input: linear is ~10x; quadratic would be ~100x. Generous for noisy machines.
    assert ratio < 35, ratio
