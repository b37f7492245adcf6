"""Slow inputs to the encoding and caption filters (issue #16, D7 D8 D9 D29): each shape
gives the right answer, and the bounded path is the one taken. No timings here: speed is
measured in benchmarks/linearity.py; these tests pin the structure that keeps it linear."""

from __future__ import annotations

import os
import re
from typing import Any

import ftfy
import pytest
from ftfy.fixes import unescape_html
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import newsclean
from newsclean import CollapseRepeatedCaptions, Doc, FixEncoding, Pipeline, TidyWhitespace
from newsclean.filters import captions, encoding, encoding_fast
from newsclean.filters.captions import FUZZY_MAX_LENGTH
from newsclean.filters.encoding import remove_edge_joiners, unescape_html_fully

EXAMPLES = int(os.environ.get("NEWSCLEAN_EXAMPLES", "300"))
PROPERTY = settings(
    max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

# -- D7: runs of zero-width (non-)joiners ---------------------------------------------

# The regex FixEncoding used before: correct, but a run followed by a lookahead is
# retried from every position inside the run (quadratic). Kept here as the oracle.
_OLD_JOINER = re.compile(r"(?:^|(?<=[\x00-\x7f]))[\u200c\u200d]+|[\u200c\u200d]+(?=[\x00-\x7f]|$)")


@PROPERTY
@given(st.text(alphabet="a .é👩💻\u0915\u094d\u200c\u200d", max_size=30))
def test_edge_joiner_removal_equals_the_old_regex(line: str) -> None:
    assert remove_edge_joiners(line) == _OLD_JOINER.sub("", line)


@pytest.mark.parametrize("joiner", ["\u200d", "\u200c", "\u200d\u200c"])
def test_a_long_joiner_run_is_kept_or_removed_whole(joiner: str) -> None:
    run = joiner * (50_000 // len(joiner))
    # between non-ASCII letters a joiner shapes the script: the run stays
    assert newsclean.clean("é" + run + "é") == "é" + run + "é"
    # next to ASCII or an edge it is scraping residue: the run goes
    assert newsclean.clean("a" + run + "é") == "aé"
    assert newsclean.clean("é" + run) == "é"


def test_no_encoding_pattern_puts_a_lookaround_after_a_repeat() -> None:
    """The class D7 belongs to: a quantified item followed by a lookaround is retried from
    every position of a run. No pattern of the encoding filter is built that way."""
    repeat_then_look = re.compile(r"[+*}]\)?\(\?<?[=!]")
    patterns = [v.pattern for v in vars(encoding).values() if isinstance(v, re.Pattern)]
    assert patterns
    assert [p for p in patterns if repeat_then_look.search(p)] == []


# -- D8: nested HTML entities -------------------------------------------------------------


def _ftfy_unescape_loop(text: str) -> str:
    """ftfy's own behaviour: one pass of unescape_html per round until nothing changes."""
    while True:
        again = unescape_html(text)
        if again == text:
            return text
        text = again


ENTITY_PIECES = [
    "&", ";", "#", "amp", "amp;", "&amp;", "#38;", "#x26;", "AMP;", "lt;", "gt;",
    "semi;", "#59;", "#97;", "a", "m", "p", "eacute;", "NTILDE;", "x", " ", "é", "<",
    "#xFF06;", "ffilig;", "FFILIG;", "1234567890123456789012345;",
]  # fmt: skip


@PROPERTY
@given(st.lists(st.sampled_from(ENTITY_PIECES), max_size=24).map("".join))
def test_one_scan_unescape_equals_ftfys_loop(text: str) -> None:
    assert unescape_html_fully(text) == _ftfy_unescape_loop(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("AT&amp;amp;T", "AT&T"),
        ("&amp;lt;b&amp;gt;", "<b>"),
        ("&&#97;mp;", "&"),
        ("&#38;#38;#38;", "&"),
        ("&amp&#59;", "&amp&#59;"),  # ftfy leaves a numeric ";" alone
        ("&amp&semi;", "&"),
        ("&amp;" + "a" * 30 + ";", "&" + "a" * 30 + ";"),
        ("fish &amp; chips", "fish & chips"),
        ("no entity at all", "no entity at all"),
    ],
)
def test_nested_entities_decode_like_ftfy(text: str, expected: str) -> None:
    assert _ftfy_unescape_loop(text) == expected
    assert unescape_html_fully(text) == expected


class _Spy:
    """Wraps a function and records the length of every text it is given."""

    def __init__(self, fn: Any) -> None:
        self.fn = fn
        self.sizes: list[int] = []

    def __call__(self, text: str, *args: Any, **kwargs: Any) -> Any:
        self.sizes.append(len(text))
        return self.fn(text, *args, **kwargs)


def _not_called(*args: Any, **kwargs: Any) -> Any:
    raise AssertionError("ftfy's own loop decodes one level of entities per pass")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("&" + "amp;" * 20_000, "&"),
        ("&" + "#38;" * 20_000, "&"),
        ("x &" + "amp;" * 20_000 + "lt; y", "x < y"),
        # another repair reveals the nesting: a control character, fullwidth forms
        ("&" + "\x01amp;" * 20_000, "&"),
        ("＆" + "ａｍｐ；" * 20_000, "&"),
    ],
)
def test_deep_nesting_takes_a_bounded_number_of_passes(
    text: str, expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    passes = _Spy(encoding_fast.fix_encoding_explained)  # called once per pass
    unescapes = _Spy(encoding._unescape_once)
    monkeypatch.setattr(ftfy, "fix_and_explain", _not_called)
    monkeypatch.setattr(encoding_fast, "fix_encoding_explained", passes)
    monkeypatch.setattr(encoding, "_unescape_once", unescapes)
    assert newsclean.clean(text) == expected
    # a constant number of passes over the line, whatever the depth: at most
    # _MAX_PASSES per repair of the line, and FixEncoding repeats a repair at most 3 times
    assert 1 <= len(passes.sizes) <= 3 * encoding._MAX_PASSES
    # whole-line decodings are counted by the passes; beyond them, one look of at most
    # 27 characters for each ';' read
    looks = [n for n in unescapes.sizes if n <= 27]
    assert len(unescapes.sizes) - len(looks) <= 3 * encoding._MAX_PASSES
    assert len(looks) <= text.count(";") + text.count("；") + 3 * encoding._MAX_PASSES


# -- D29: the fast path judges the line as it will stand trimmed -------------------------


@pytest.mark.parametrize(
    "text",
    ["\tÂ Reuters said", "Â Reuters said\t", " \tÂ Reuters said ", "\u3000Â Reuters said"],
)
def test_mojibake_behind_edge_whitespace_settles_in_one_pass(text: str) -> None:
    once = newsclean.clean(text)
    assert once == "Reuters said"
    assert newsclean.clean(once) == once


MOJIBAKE = "aeR .âÃÂ€™œ\u0080\u00a0©°é"


@PROPERTY
@given(
    st.text(alphabet=" \t\u00a0\u3000", max_size=3),
    st.text(alphabet=MOJIBAKE, min_size=1, max_size=12),
    st.text(alphabet=" \t\u00a0\u3000", max_size=3),
)
def test_edge_whitespace_does_not_delay_a_repair(lead: str, core: str, trail: str) -> None:
    line = lead + core + trail
    fast = FixEncoding()(Doc.from_text(line)).lines
    slow = FixEncoding(fast_path=False)(Doc.from_text(line)).lines
    assert fast == slow
    steps = Pipeline([FixEncoding(), TidyWhitespace()])
    once = steps(Doc.from_text(line)).to_text()
    assert steps(Doc.from_text(once)).to_text() == once


# -- D9: fuzzy matching on unbounded lines ------------------------------------------------


def _words(n_chars: int, seed: int = 0) -> str:
    vocab = ["the", "council", "voted", "on", "bridge", "plan", "Monday", "after", "costs"]
    out: list[str] = []
    size, i = 0, seed
    while size < n_chars:
        word = vocab[(i * 7 + i // 3) % len(vocab)]
        out.append(word)
        size += len(word) + 1
        i += 1
    return " ".join(out)


def _near_copy(line: str) -> str:
    words = line.split()
    for i in range(0, len(words), max(1, len(words) // 20)):
        words[i] = words[i].upper() if i % 2 else words[i] + "s"
    return " ".join(words).lower()


@pytest.fixture
def bounded_scorers(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every fuzzy scorer refuses a string over FUZZY_MAX_LENGTH; returns the lengths."""
    seen: list[int] = []

    def guard(fn: Any) -> Any:
        def scorer(a: str, b: str, **kwargs: Any) -> Any:
            seen.append(max(len(a), len(b)))
            if max(len(a), len(b)) > FUZZY_MAX_LENGTH:
                raise AssertionError(f"fuzzy match on {max(len(a), len(b))} characters")
            return fn(a, b, **kwargs)

        return scorer

    for name, fn in list(captions.SCORERS.items()):
        monkeypatch.setitem(captions.SCORERS, name, guard(fn))
    monkeypatch.setattr(
        captions.fuzz, "partial_ratio_alignment", guard(captions.fuzz.partial_ratio_alignment)
    )
    return seen


@pytest.mark.parametrize("length", [FUZZY_MAX_LENGTH + 1, 800_000])
def test_long_near_copies_are_not_fuzzy_matched(length: int, bounded_scorers: list[int]) -> None:
    line = _words(length)
    near = _near_copy(line)
    assert min(len(line), len(near)) > FUZZY_MAX_LENGTH
    out = CollapseRepeatedCaptions()(Doc.from_text(f"{line}\n{near}"))
    assert out.lines == (line, near)  # exact matching only: both stay
    assert bounded_scorers == []


def test_long_exact_copies_still_collapse(bounded_scorers: list[int]) -> None:
    line = _words(800_000) + "."
    out = CollapseRepeatedCaptions()(Doc.from_text(f"{line}\n\n{line} (AP)"))
    assert out.lines == (f"{line} (AP)", "")
    assert bounded_scorers == []


def test_near_copies_under_the_bound_still_collapse(bounded_scorers: list[int]) -> None:
    line = _words(FUZZY_MAX_LENGTH - 200)
    near = _near_copy(line)
    out = CollapseRepeatedCaptions()(Doc.from_text(f"{line}\n{near}"))
    assert len(out.lines) == 1
    assert bounded_scorers  # fuzzy matching did run
    assert max(bounded_scorers) <= FUZZY_MAX_LENGTH


def test_many_long_lines_are_compared_with_a_bounded_scorer(bounded_scorers: list[int]) -> None:
    lines = [_words(FUZZY_MAX_LENGTH + 1000 * (i % 3), seed=i) for i in range(100)]
    lines += [_words(2000, seed=i) for i in range(100)]
    CollapseRepeatedCaptions()(Doc.from_text("\n".join(lines)))
    assert max(bounded_scorers, default=0) <= FUZZY_MAX_LENGTH
