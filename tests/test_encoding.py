"""Encoding repair: ftfy's own test suite (peer), our cases, the exact fast path,
per-paragraph entity decoding, normalisations and presets."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any, Literal
from unittest import mock

import ftfy
import pytest
from ftfy.fixes import uncurl_quotes
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import newsclean
from newsclean import CleanConfig, Doc, FixEncoding
from newsclean.filters import encoding
from newsclean.filters.encoding import ftfy_would_change

from .conftest import SHARED, load_corpus

PEER = SHARED / "peer" / "ftfy-test-cases"
DATA = Path(__file__).parent / "data"

# ftfy's own settings: what fix_text does, with newsclean's extras off.
FTFY_LIKE = FixEncoding(
    uncurl_quotes=True,
    nbsp_to_space=False,
    remove_zero_width=False,
    remove_soft_hyphens=False,
    fix_trimmed=False,
)


def fix(step: FixEncoding, text: str) -> str:
    return step(Doc.from_text(text)).to_text()


def _peer_cases() -> list[Any]:
    if not PEER.is_dir():
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"{PEER} is absent"))]
    params = []
    for path in sorted(PEER.glob("*.json")):
        for i, case in enumerate(json.loads(path.read_text(encoding="utf-8"))):
            params.append(pytest.param(case, id=f"{path.stem}-{i}"))
    return params


def _check(out: str, expected: str, case: dict[str, str]) -> None:
    """A "pass" case must give the expected text. A known failure must give what ftfy
    itself gives, and is reported as an expected failure while that is still wrong."""
    if case["expect"] == "pass":
        assert out == expected
        return
    assert out == fix(FTFY_LIKE, case["original"])
    assert fix(FTFY_LIKE, case["original"]) == ftfy.fix_text(case["original"])
    if out != expected:
        pytest.xfail(f"known ftfy failure: {case['label']}")


PEER_CASES = _peer_cases()


@pytest.mark.parametrize("case", PEER_CASES)
def test_ftfy_peer_suite_with_ftfy_settings(case: dict[str, str]) -> None:
    _check(fix(FTFY_LIKE, case["original"]), case["fixed"], case)


def _scraper_normalise(text: str) -> str:
    """newsclean's documented differences from ftfy, written out plainly."""
    for space in "\u00a0\u202f\u2007":
        text = text.replace(space, " ")
    text = text.replace("\u00ad", "").replace("\u200b", "").replace("\u2060", "")
    text = re.sub(r"(?:^|(?<=[\x00-\x7f]))[\u200c\u200d]+", "", text, flags=re.M)
    return re.sub(r"[\u200c\u200d]+(?=[\x00-\x7f]|$)", "", text, flags=re.M)


@pytest.mark.parametrize("case", PEER_CASES)
def test_ftfy_peer_suite_with_newsclean_defaults_differs_only_as_documented(
    case: dict[str, str],
) -> None:
    ours = fix(FixEncoding(), case["original"])
    if case["expect"] == "fail" and uncurl_quotes(ours) != _scraper_normalise(case["fixed"]):
        pytest.xfail(f"known ftfy failure: {case['label']}")
    assert uncurl_quotes(ours) == _scraper_normalise(case["fixed"])


def test_peer_suite_counts() -> None:
    if not PEER.is_dir():
        pytest.skip(f"{PEER} is absent")
    cases = [c for p in PEER.glob("*.json") for c in json.loads(p.read_text(encoding="utf-8"))]
    assert sum(c["expect"] == "pass" for c in cases) == 151
    assert sum(c["expect"] == "fail" for c in cases) == 10


OUR_CASES = json.loads((DATA / "encoding_cases.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", OUR_CASES, ids=[c["label"] for c in OUR_CASES])
def test_our_news_cases(case: dict[str, str]) -> None:
    assert fix(FixEncoding(), case["original"]) == case["fixed"]


# -- the fast path is exactly ftfy ------------------------------------------------------

MOJIBAKE_ALPHABET = (
    "aeiou AEIOU .,;:!?'\"&<>#0123456789\t"
    "âÃÂ€™œ\u009d\u0080\u0093\u0094©®°±²³µ·¹º»¼½¾¿ÀÉÑÖ×ØÙÜßàáâãäåæçèéêëìíîïðñòóôõö÷øùúûüýþÿ"
    "‘’“”‚„–—…•†‡‰‹›ˆ˜Š¢£¥§¨ª¬¯´¸ƒ≈√∂вВГРСΒΓβāΩω│█ﬁﬂＡ\u3000\u00a0\u00ad\u200b\u200d\ufeff\x07\x1b"
    "\u0301\u0308\ud83d\ude00"
)
FAST = [
    {},
    {"uncurl_quotes": True},
    {"normalization": "NFKC"},
    {"normalization": None, "fix_latin_ligatures": False, "fix_character_width": False},
    {"unescape_html": False},
]


@settings(
    max_examples=int(os.environ.get("NEWSCLEAN_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.text(alphabet=MOJIBAKE_ALPHABET, max_size=40), st.sampled_from(FAST))
def test_fast_path_equals_ftfy_on_generated_text(text: str, options: dict[str, Any]) -> None:
    line = text.replace("\n", " ")
    fast = FixEncoding(fast_path=True, **options)
    slow = FixEncoding(fast_path=False, **options)
    assert fast(Doc.from_text(line)).lines == slow(Doc.from_text(line)).lines


@settings(
    max_examples=int(os.environ.get("NEWSCLEAN_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.text(alphabet=MOJIBAKE_ALPHABET, max_size=40), st.booleans())
def test_skipped_lines_are_lines_ftfy_leaves_alone(text: str, uncurl: bool) -> None:
    line = text.replace("\n", " ")
    if not ftfy_would_change(line, uncurl_quotes=uncurl, normalization="NFC"):
        assert ftfy.fix_text(line, uncurl_quotes=uncurl) == line


def test_fast_path_equals_ftfy_on_real_corpus() -> None:
    lines = [line for r in load_corpus() for line in r["text"].split("\n")]
    for options in FAST:
        fast = FixEncoding(fast_path=True, **options)(Doc.from_text("\n".join(lines)))
        slow = FixEncoding(fast_path=False, **options)(Doc.from_text("\n".join(lines)))
        assert fast.lines == slow.lines
    skipped = sum(
        not ftfy_would_change(line, uncurl_quotes=False, normalization="NFC") for line in lines
    )
    assert skipped / len(lines) > 0.9  # the fast path is taken for most real lines


# -- per paragraph, normalisations, presets ------------------------------------------------


def test_ftfy_whole_text_stops_unescaping_after_a_tag_newsclean_does_not() -> None:
    text = "a <b> tag\nFish &amp; chips and it&#8217;s &amp;amp; more"
    assert ftfy.fix_text(text, uncurl_quotes=False).endswith(
        "&amp; chips and it&#8217;s &amp;amp; more"
    )
    assert fix(FixEncoding(), text) == "a <b> tag\nFish & chips and it’s & more"


@pytest.mark.parametrize(
    ("option", "text", "off"),
    [
        ("nbsp_to_space", "a\u00a0b", "a\u00a0b"),
        ("remove_zero_width", "a\u200bb", "a\u200bb"),
        ("remove_soft_hyphens", "a\u00adb", "a\u00adb"),
    ],
)
def test_each_normalisation_is_an_option(option: str, text: str, off: str) -> None:
    assert newsclean.clean(text) in {"a b", "ab"}
    assert newsclean.clean(text, **{option: False}) == off


def test_line_separators_split_lines() -> None:
    assert newsclean.clean("one\u2028two\u2029three\r\nfour\rfive") == "one\ntwo\nthree\nfour\nfive"


def test_presets_side_by_side() -> None:
    text = "“Quoted” ﬁne Ｈｉ a\u00a0b"
    assert newsclean.clean(text) == "“Quoted” fine Hi a b"
    assert newsclean.clean(text, preset="display") == newsclean.clean(text)
    assert newsclean.clean(text, preset="llm") == "“Quoted” ﬁne Ｈｉ a\u00a0b"
    assert newsclean.clean(text, preset="nlp") == '"Quoted" fine Hi a b'
    assert newsclean.clean(text, preset="nlp", uncurl_quotes=False) == "“Quoted” fine Hi a b"


def test_preset_repairs_mojibake_in_every_preset() -> None:
    for preset in ("display", "llm", "nlp"):
        assert "Biden" in newsclean.clean("Bidenâ€™s", preset=preset)
        assert "â€" not in newsclean.clean("Bidenâ€™s", preset=preset)


def test_unknown_preset_is_a_config_error() -> None:
    with pytest.raises(newsclean.ConfigError, match="preset"):
        newsclean.clean("x", preset="fancy")
    assert CleanConfig.from_options(preset="llm").normalization is None


# -- FixEncoding runs ftfy's passes itself (entity decoding bounded, issue #16 D8) --------

ENTITY_MOJIBAKE = [
    "&", ";", "#", "amp;", "&amp;", "#38;", "lt;", "semi;", "eacute;", "NTILDE;", "#x26;",
    "#10;", "â€™", "Ã©", "Â", "\x01", "\x80", "＆", "ａｍｐ；", "ﬁ", " ", "a", "<", "é",
]  # fmt: skip


@settings(
    max_examples=int(os.environ.get("NEWSCLEAN_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    st.lists(st.sampled_from(ENTITY_MOJIBAKE), max_size=16).map("".join),
    st.sampled_from([True, False, "auto"]),
)
def test_ftfy_passes_are_ftfys_own(text: str, unescape: bool | Literal["auto"]) -> None:
    """With one level of entities decoded per pass (ftfy's way), FixEncoding's pass loop
    gives ftfy's text and ftfy's explanation, step for step."""
    step = FixEncoding(unescape_html=unescape, uncurl_quotes=True)
    config = encoding._ftfy_config(True, True, True, True, "NFC")
    with mock.patch.object(encoding, "_LEVEL_PASSES", encoding._MAX_PASSES):
        ours = step._fix(text, config)
    theirs = ftfy.fix_and_explain(text, config=config._replace(unescape_html=unescape))
    assert ours == (theirs.text, theirs.explanation)


@pytest.mark.parametrize("depth", [1, 2, 3])
def test_shallow_nesting_decodes_as_ftfy_does(depth: int) -> None:
    text = "Bidenâ€™s AT&" + "amp;" * depth + "T plan, Ã©t&" + "amp;" * depth + "eacute;"
    assert fix(FTFY_LIKE, text) == ftfy.fix_text(text)
