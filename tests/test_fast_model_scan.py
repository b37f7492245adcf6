"""The line model's cheaper scans against their slow oracle (issue #18).

- ``linemodel.features.FAST_SCAN``: a line of cp1252 characters that fold in place is
  split into words by one byte translation (``linemodel.scan``); ``is_list_or_table``
  counts figure tokens in one regex scan; ``own_features`` skips the title-case split,
  the digit count, the marks and the fold checks where a cheap scan proves them idle,
  finds link parts with one regex, tells quotation marks from apostrophes by their
  neighbours and starts the attribution search at the first attribution word.

Oracle: the switch off. Words, content words, list/table verdicts and own features must be
equal on every line of generated, real and scraped articles, on every cp1252 character
in a few settings, and under Hypothesis. The whole ``clean_and_explain`` output with every
switch off is compared in ``tests/test_fast_model.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from newsclean import Doc
from newsclean.linemodel import features as features_module
from newsclean.linemodel import judgeable, scan
from newsclean.linemodel.features import (
    is_list_or_table,
    line_tokens,
    line_words,
    outlet_words,
    own_features,
)

from .test_fast_paths import SETTINGS, generated_articles, real_texts, scraped_texts


def _both(monkeypatch: Any, fn: Callable[..., object], *args: object) -> tuple[object, object]:
    """``fn(*args)`` with ``FAST_SCAN`` on, then off."""
    answers = []
    for fast in (True, False):
        monkeypatch.setattr(features_module, "FAST_SCAN", fast)
        answers.append(fn(*args))
    monkeypatch.setattr(features_module, "FAST_SCAN", True)
    return answers[0], answers[1]


def scan_answers(line: str, outlet: frozenset[str] = frozenset()) -> object:
    """Everything ``FAST_SCAN`` touches, for one line."""
    words, content = line_tokens(line)
    text = line.strip()
    own = own_features(text, words, outlet) if text and words else None
    return line_words(line), words, content, is_list_or_table(line), judgeable(line), own


def _lines(name: str) -> Iterator[str]:
    if name == "generated":
        texts = generated_articles(120)
    else:
        texts = real_texts() if name == "real" else scraped_texts(300)
    for text in texts:
        yield from Doc.from_text(text).lines


@pytest.mark.parametrize("name", ["generated", "real", "scraped"])
def test_fast_scans_answer_as_the_slow_ones(monkeypatch: Any, name: str) -> None:
    outlet = outlet_words("https://www.examplenews.com/a")
    lines = sorted(set(_lines(name)))
    fast_words = 0
    for line in lines:
        for hint in (frozenset(), outlet):
            fast, slow = _both(monkeypatch, scan_answers, line, hint)
            assert fast == slow, line
        fast_words += scan.cp1252_words(line, features_module._BYTE_WORDS) is not None
    # the byte translation is what most lines take (else it would speed nothing)
    assert fast_words * 10 > len(lines) * 8


def test_every_cp1252_character_splits_as_the_regex_does(monkeypatch: Any) -> None:
    chars = [bytes([b]).decode("cp1252", errors="ignore") for b in range(256)]
    settings = ("{}", "a{}b", "{}x y", "I{}", "don{}t 12{}3", "{}{}")
    checked = 0
    for char in filter(None, chars):
        for setting in settings:
            line = setting.format(char, char)
            fast, slow = _both(monkeypatch, line_words, line)
            assert fast == slow, (hex(ord(char)), line)
            checked += scan.cp1252_words(line, features_module._BYTE_WORDS) is not None
    assert checked > 1000


# characters that fold, split or count in unusual ways: dotted and dotless i, long s,
# Kelvin sign, a combining mark whose case fold is a letter, sharp s, micro sign,
# superscript and fraction figures, Arabic-Indic digits, no-break and odd spaces, the
# zero-width space, and cp1252 punctuation
_ODD = "ÉéÖŠšŸÿªˆƒİıſ\u212a\u0345ßµ²½٣\u00a0\u2028\x1c\u200b_'’‘“”—–…•©™€$%.,/:+-#@|»>▶"
_scan_text = st.text(
    alphabet=st.sampled_from(list(_ODD + "aeiostAEIOST 0129\t\nsaidwww.com")), max_size=60
)


@SETTINGS
@given(_scan_text)
@example("THE NEWS AT 10")
@example(">> Next: the vote")
@example("Read More At Example.com")
@example("12 34 5.6 $7 x")
@example("1 2 a")
@example("Ⅻ Ⅻ 1,2 3%")
@example("\u0345 \u0345 \u0345")  # no raw word, three folded ones
@example("Straße ſaid İstanbul don’t ‘quote’")
def test_fast_scans_under_hypothesis(text: str) -> None:
    answers = []
    for fast in (True, False):
        features_module.FAST_SCAN = fast
        try:
            answers.append(scan_answers(text, frozenset({"examplenews"})))
        finally:
            features_module.FAST_SCAN = True
    assert answers[0] == answers[1]


_QUOTE_SEARCH = features_module._QUOTES
_marks_text = st.text(alphabet=st.sampled_from(list("'‘’\"“”a1_ .\u0345½-")), max_size=12)


@SETTINGS
@given(_marks_text)
@example("don’t")
@example("‘a")
@example("a‘")
@example("'")
@example("_'_")
def test_has_quote_answers_as_the_regex(text: str) -> None:
    assert scan.has_quote(text) == bool(_QUOTE_SEARCH.search(text))


@SETTINGS
@given(st.text(alphabet=st.sampled_from(list("saidtoldeSAID ,.x_’'\u00e9")), max_size=30))
@example("xsaid said")
@example("He said_ so")
def test_attribution_search_from_the_first_word_finds_the_same(text: str) -> None:
    fast: list[bool] = []
    slow: list[bool] = []
    for on in (True, False):
        features_module.FAST_SCAN = on
        try:
            (fast if on else slow).append(features_module._has_attribution(text))
        finally:
            features_module.FAST_SCAN = True
    assert fast == slow == [bool(features_module._ATTRIB.search(text))]


def test_every_mark_starts_with_a_character_the_marks_gate_looks_for() -> None:
    for mark in features_module._MARKS:
        assert features_module._MARK_START.match(mark), mark


@SETTINGS
@given(st.text(alphabet=st.sampled_from(list("0123456789٣²½a é€\ud800\U0001f600")), max_size=40))
def test_ascii_digits_counts_as_str_count(text: str) -> None:
    assert scan.ascii_digits(text) == sum(map(text.count, "0123456789"))


@SETTINGS
@given(_scan_text)
@example("Zoë Brontë In Kraków Today")
@example("Ab Cd Ef Gh ij")  # four capitals in five words: title case, just
@example("ÉLAN ÖL ŠKODA Ÿes x")
def test_few_capitals_only_where_the_title_case_test_fails(text: str) -> None:
    n = len(line_words(text))
    if scan.few_capitals(text, n, features_module._BYTE_WORDS):
        raw = features_module._WORD.findall(text)
        assert len(raw) == n
        assert sum(1 for word in raw if word[0].isupper()) < 0.8 * len(raw)
