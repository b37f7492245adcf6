"""Every fast path against its slow oracle: the same output, on the real corpus, on
generated corpora and under Hypothesis.

The fast paths (docs/performance.md): the mojibake gate before ftfy's ``is_bad``
(oracle: the old category gate, ``encoding.FAST_BADNESS = False``); the encoding step's
plain-ASCII skip (oracle: ``FixEncoding(fast_path=False)``, ftfy on every line); the
pipeline's spared settling pass (oracle: ``pipeline.FAST_SETTLE = False``) and the notes a
step keeps across the pipeline's passes (oracle: ``pipeline.SHARE_MEMO = False``); the promo
prefilter's small automata (oracle: ``matcher.FAST_PREFILTER = False``) and the
last-sentence search start (oracle: ``promo.FAST_LAST_SENTENCE = False``); the line
model's per-document memo (oracle: ``line_features`` scored afresh) and its exact scans
(oracle: ``features.FAST_SCAN = False``, tests/test_fast_model_scan.py); the caption
analysis memo (oracle: no memo); the plain ``\\n`` split (oracle: the regex split).
"""

from __future__ import annotations

import gzip
import itertools
import json
import math
import os
import random
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from ftfy import badness
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import newsclean
from newsclean import Doc, Pipeline, pipeline
from newsclean.filters import caption_text, encoding, promo
from newsclean.filters.captions import find_groups
from newsclean.filters.encoding import FixEncoding, badness_gate, may_be_bad
from newsclean.linemodel import DocContext, ScoreMemo, judgeable, line_features, load_model
from newsclean.linemodel.model import feature_ids
from newsclean.model import _LINE_BREAK
from newsclean.rules import SENTENCE_FAMILIES, matcher

from .conftest import SHARED, load_corpus
from .synth_corpus import JUNK, boilerplate_corpus

SETTINGS = settings(
    max_examples=int(os.environ.get("NEWSCLEAN_EXAMPLES", "200")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
SCRAPED = SHARED / "corpus" / "scraped_news.jsonl.gz"


# -- generated text -------------------------------------------------------------------
NAMES = ("José Müller", "Zoë Brontë", "Łukasz Nowak", "Björn Ågren", "Çelik Öztürk")
EXTRA = [
    "You can read more about it here.",  # a pointer line: the link list below it goes
    "Top stories this week",
    "Markets rally as rates hold",
    "Image caption: The summit in Brussels drew leaders from thirty nations on Friday.",
    "Story continues below advertisement",
    "Sign up for our daily newsletter to get the latest news in your inbox.",
]


def generated_articles(count: int, seed: int = 18) -> list[str]:
    """Articles of syllable words with accented names, curly quotes, promo lines, pointer
    lines with link lists, captions repeated with and without a credit, trailing spaces
    and cp1252 mojibake."""
    records, _, _ = boilerplate_corpus(seed=seed, sites=3, articles_per_site=count // 3 + 1)
    rng = random.Random(seed)
    out = []
    for record in records[:count]:
        lines = record["text"].split("\n")
        for _ in range(rng.randint(0, 5)):
            pick = rng.random()
            if pick < 0.4:
                extra = rng.choice(JUNK + EXTRA)
            elif pick < 0.6:
                extra = f"“{rng.choice(lines).strip()[:120]},” {rng.choice(NAMES)} said."
            else:
                extra = rng.choice(EXTRA[1:3]) + rng.choice(["", " ", "  \t"])
            lines.insert(rng.randrange(len(lines) + 1), extra)
        caption = f"{rng.choice(NAMES)} speaks in Córdoba during the summit on Friday evening."
        lines.insert(rng.randrange(len(lines) + 1), caption)
        lines.insert(rng.randrange(len(lines) + 1), caption + " (AP Photo/Jane Doe)")
        for i, line in enumerate(lines):
            roll = rng.random()
            if roll < 0.06:
                lines[i] = (line + " Café naïve").encode("utf-8").decode("sloppy-windows-1252")
            elif roll < 0.1:
                lines[i] = line.replace(" the ", " the\u00a0", 1) + " — Zoë’s “café”"
        out.append("\n".join(lines))
    return out


def real_texts() -> list[str]:
    return [r["text"] for r in load_corpus()]


def scraped_texts(limit: int = 300) -> list[str]:
    if not SCRAPED.is_file():
        pytest.skip(f"scraped corpus not found at {SCRAPED}")
    with gzip.open(SCRAPED, "rt", encoding="utf-8") as fh:
        return [json.loads(line)["text"] for line in itertools.islice(fh, limit)]


def corpora() -> Iterator[tuple[str, list[str]]]:
    yield "generated", generated_articles(120)
    yield "real", real_texts()
    yield "scraped", scraped_texts()


def explained(texts: list[str], **options: Any) -> list[tuple[str, list[dict[str, object]]]]:
    out = []
    for text in texts:
        result = newsclean.clean_and_explain(text, **options)
        out.append((result.text, [c.to_dict() for c in result.changes]))
    return out


# -- the mojibake gate ------------------------------------------------------------------
MOJIBAKE_ALPHABET = "".join(sorted(set("".join(badness.MOJIBAKE_CATEGORIES.values())) - {"-"}))
moji_text = st.text(
    alphabet=st.sampled_from(list(MOJIBAKE_ALPHABET + "aZ .,!?'\"ÃÂâ€™œ\u00a0\t°²ØÙà√≈‚вβā")),
    max_size=12,
)


def test_the_gate_is_derived_from_this_ftfy() -> None:
    # a new ftfy whose regex is not of the expected shape falls back to the slow gate
    assert badness_gate(badness.BADNESS_RE) is not None


@SETTINGS
@given(moji_text)
def test_gate_finds_something_wherever_is_bad_does(text: str) -> None:
    gate = badness_gate(badness.BADNESS_RE)
    assert gate is not None
    if badness.is_bad(text):
        assert any(part.search(text) for part in gate)
    assert may_be_bad(text) == badness.is_bad(text)


def test_gate_passes_over_clean_accented_news() -> None:
    gate = badness_gate(badness.BADNESS_RE)
    assert gate is not None
    clean_lines = ["Zoë Brontë met José Müller in Córdoba — “naïve”, she said.", "Ålesund’s mayor"]
    assert not any(part.search(line) for part in gate for line in clean_lines)
    # the slow gate sends every one of them to is_bad
    assert all(encoding._BADNESS_NEEDS.search(line) for line in clean_lines)


def test_mojibake_gate_and_ascii_skip_equal_the_slow_paths(monkeypatch: Any) -> None:
    for name, texts in corpora():
        docs = [Doc.from_text(t) for t in texts]
        fast = [FixEncoding()(d) for d in docs]
        monkeypatch.setattr(encoding, "FAST_BADNESS", False)
        slow = [FixEncoding()(d) for d in docs]
        monkeypatch.setattr(encoding, "FAST_BADNESS", True)
        assert fast == slow, name
        if name != "scraped":  # ftfy on every line: slow, so on the smaller corpora only
            assert fast == [FixEncoding(fast_path=False)(d) for d in docs], name


@SETTINGS
@given(st.lists(st.one_of(moji_text, st.sampled_from(["plain", "a & b", "x\x0by", " t "]))))
def test_ascii_skip_equals_ftfy_on_every_line(lines: list[str]) -> None:
    doc = Doc.from_text("\n".join(lines))
    assert FixEncoding()(doc) == FixEncoding(fast_path=False)(doc)


# -- the spared settling pass -------------------------------------------------------------
def test_spared_settling_pass_changes_nothing(monkeypatch: Any) -> None:
    for name, texts in corpora():
        for options in ({}, {"outlets": "auto"}):
            fast = explained(texts, **options)
            monkeypatch.setattr(pipeline, "FAST_SETTLE", False)
            slow = explained(texts, **options)
            monkeypatch.setattr(pipeline, "FAST_SETTLE", True)
            assert fast == slow, (name, options)


settle_line = st.one_of(
    st.sampled_from(
        [*JUNK, *EXTRA, "", "  ", "Markets rally", "Markets rally ", "NEWThe minister spoke."]
    ),
    st.sampled_from(EXTRA[3:4]).map(lambda c: c + " (AP Photo/Jane Doe)"),
    st.text(alphabet="ab .\t", max_size=12),
)


@SETTINGS
@given(st.lists(settle_line, max_size=25))
def test_spared_settling_pass_under_hypothesis(lines: list[str]) -> None:
    text = "\n".join(lines)
    fast = explained([text])
    pipeline.FAST_SETTLE = False
    try:
        slow = explained([text])
    finally:
        pipeline.FAST_SETTLE = True
    assert fast == slow


# -- the promo prefilter and the last sentence ------------------------------------------
def test_promo_fast_paths_equal_the_slow_ones(monkeypatch: Any) -> None:
    for name, texts in corpora():
        fast = explained(texts)
        monkeypatch.setattr(matcher, "FAST_PREFILTER", False)
        monkeypatch.setattr(promo, "FAST_LAST_SENTENCE", False)
        slow = explained(texts)
        monkeypatch.setattr(matcher, "FAST_PREFILTER", True)
        monkeypatch.setattr(promo, "FAST_LAST_SENTENCE", True)
        assert fast == slow, name


def _last(line: str, fast: bool) -> tuple[tuple[int, int], str] | None:
    promo.FAST_LAST_SENTENCE = fast
    try:
        found = promo._LAST_SENTENCE.search(line, promo._last_sentence_from(line))
    finally:
        promo.FAST_LAST_SENTENCE = True
    return (found.span(), found.group(1)) if found else None


piece = st.sampled_from(
    ["Word", "word", ".", "!", "?", " ", "”", "’", '"', "a.b", "x_", "(", "é", "\t", "Ab cd ef."]
)


@SETTINGS
@given(st.lists(piece, max_size=250).map("".join))
def test_last_sentence_search_finds_the_same_match(line: str) -> None:
    assert _last(line, True) == _last(line, False)


PROMO_WORDS = [
    *["a", "Word", "word", ".", "the", "more", "get"],
    *JUNK,
    "Sign up for our newsletter",
]


@SETTINGS
@given(st.lists(st.sampled_from(PROMO_WORDS), max_size=60).map(" ".join))
def test_small_automata_answer_as_the_full_one(text: str) -> None:
    m = promo.compiled_rules(("generic", "foxnews"), frozenset())
    folded = text.casefold()
    words = len(text.split())
    answers = []
    for fast in (True, False):
        matcher.FAST_PREFILTER = fast
        try:
            answers.append(
                (
                    m.mentions(folded, SENTENCE_FAMILIES),
                    words <= m.always_max_words or m._long_rule_applies(folded, words),
                )
            )
        finally:
            matcher.FAST_PREFILTER = True
    assert answers[0] == answers[1]


# -- the line model's memo -----------------------------------------------------------------
def reference_scores(
    lines: tuple[str, ...], only: list[int]
) -> dict[int, tuple[float, tuple[str, ...]]]:
    """The straightforward scoring: every feature of every line worked out afresh."""
    model = load_model()
    ctx = DocContext.build(lines)
    out = {}
    for i in only:
        if not ctx.words[i] or len(ctx.words[i]) > 40:
            continue
        names = line_features(lines, i, ctx)
        contrib = model.weights[feature_ids(names, model.bits)]
        z = float(contrib.sum()) + model.bias
        score = 1.0 / (1.0 + math.exp(-z)) if z > -40 else 0.0
        order = np.argsort(-contrib, kind="stable")[:3]
        out[i] = (score, tuple(names[int(k)] for k in order if contrib[int(k)] > 0))
    return out


def test_model_memo_gives_the_reference_scores_pass_after_pass() -> None:
    model = load_model()
    rng = random.Random(5)
    for text in generated_articles(30) + real_texts()[:40]:
        lines = Doc.from_text(text).lines
        memo = ScoreMemo()
        for _ in range(3):  # later passes see the document with lines removed
            only = [i for i, line in enumerate(lines) if judgeable(line)]
            got = model.score_doc(lines, only=only, memo=memo)
            assert {i: (s.score, s.top) for i, s in got.items()} == reference_scores(lines, only)
            lines = tuple(line for line in lines if rng.random() > 0.2)


def test_learned_model_output_is_unchanged_by_the_memo(monkeypatch: Any) -> None:
    texts = generated_articles(40) + real_texts()
    fast = explained(texts, model="default")
    # the oracle: a fresh memo for every scoring pass, as before the memo existed
    original = type(load_model()).score_doc

    def fresh(
        self: Any,
        lines: Any,
        source: Any = None,
        *,
        only: Any = None,
        memo: Any = None,
        min_score: Any = None,
    ) -> Any:
        return original(self, lines, source, only=only, memo=None, min_score=min_score)

    monkeypatch.setattr(type(load_model()), "score_doc", fresh)
    monkeypatch.setattr(pipeline, "FAST_SETTLE", False)
    assert fast == explained(texts, model="default")


def test_memo_shared_across_the_pipelines_passes_changes_nothing(monkeypatch: Any) -> None:
    for name, texts in corpora():
        for options in ({}, {"model": "default"}):
            fast = explained(texts, **options)
            monkeypatch.setattr(pipeline, "SHARE_MEMO", False)
            slow = explained(texts, **options)
            monkeypatch.setattr(pipeline, "SHARE_MEMO", True)
            assert fast == slow, (name, options)


def strip_truncation_slow(line: str) -> str:
    """``strip_truncation`` without its test of the last character."""
    text = line.rstrip()
    for _ in range(3):
        before = text
        if text.endswith(caption_text._ELLIPSES):
            text = text.rstrip(" \t.…")
        for word in caption_text._WIDGET_WORDS:
            cut = len(text) - len(word)
            if text[-len(word) :].casefold() == word and (cut == 0 or not text[cut - 1].isalnum()):
                text = text[:cut].rstrip()
        if text == before:
            break
    return text


marker = st.sampled_from(
    ["Read More", "CLOSE", "Expand", "Continue Reading", "...", "…", " ", "x", "é", "ß", ".", "e"]
)


@SETTINGS
@given(st.lists(marker, max_size=12).map("".join))
def test_strip_truncation_equals_the_full_loop(line: str) -> None:
    assert caption_text.strip_truncation(line) == strip_truncation_slow(line)


# -- captions, split, judgeable ---------------------------------------------------------------
def test_caption_memo_changes_no_group() -> None:
    for text in generated_articles(40) + real_texts():
        lines = Doc.from_text(text).lines
        memo: dict[str, Any] = {}
        for _ in range(2):  # the second pass reads every analysis from the memo
            with_memo = find_groups(lines, score_cutoff=90.0, min_length=60, memo=memo)
            plain = find_groups(lines, score_cutoff=90.0, min_length=60)
            assert [(g.members, g.credit) for g in with_memo] == [
                (g.members, g.credit) for g in plain
            ]


@SETTINGS
@given(st.text(alphabet="ab\n\r\u2028\u2029\u0085 ", max_size=20))
def test_plain_split_equals_the_regex_split(text: str) -> None:
    expected = tuple(_LINE_BREAK.split(text)) if text else ()
    assert Doc.from_text(text).lines == expected


@SETTINGS
@given(st.text(alphabet="ab_1 .é\u00a0-", max_size=90))
def test_judgeable_counts_four_letters_as_before(line: str) -> None:
    import re

    from newsclean.linemodel.features import is_list_or_table

    expected = len(re.findall(r"[^\W_]", line[:64])) >= 4 and not is_list_or_table(line)
    assert judgeable(line) == expected


def test_default_config_built_per_call_is_the_checked_default() -> None:
    from newsclean.config import OPTIONS, CleanConfig

    config = CleanConfig()
    for name, option in OPTIONS.items():
        assert option.validate(getattr(config, name)) == getattr(config, name)
    assert Pipeline.from_config(config) == Pipeline.default()
