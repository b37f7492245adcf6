"""clean() / clean_and_explain(): inputs, options, errors, the audit trail."""

from __future__ import annotations

import json

import pytest

import newsclean
from newsclean import CleanConfig, ConfigError


def test_empty_input_gives_empty_output() -> None:
    assert newsclean.clean("") == ""
    result = newsclean.clean_and_explain("")
    assert result.text == ""
    assert result.changes == ()


def test_whitespace_only_input_gives_empty_output() -> None:
    assert newsclean.clean(" \n\n\t\n") == ""


def test_all_promo_input_gives_empty_output_and_says_why() -> None:
    text = "CLICK HERE TO GET THE FOX NEWS APP\n\nAdvertisement\n\nLike us on Facebook\n"
    result = newsclean.clean_and_explain(text)
    assert result.text == ""
    reasons = {c.reason for c in result.changes if c.filter == "drop_promo"}
    assert reasons == {
        "promo:foxnews.app-download",
        "promo:generic.advertisement",
        "promo:generic.follow-us",
    }
    assert "3 line(s) removed" in str(result)


@pytest.mark.parametrize("bad", [b"bytes", bytearray(b"x"), None, 42, ["a"]])
def test_non_str_input_is_a_clear_type_error(bad: object) -> None:
    with pytest.raises(TypeError, match="takes str"):
        newsclean.clean(bad)  # type: ignore[arg-type]


def test_bytes_error_says_how_to_decode() -> None:
    with pytest.raises(TypeError, match=r"decode\('utf-8'"):
        newsclean.clean_and_explain(b"abc")  # type: ignore[arg-type]


def test_unknown_option_names_the_option_and_suggests() -> None:
    with pytest.raises(ConfigError, match=r"unknown option 'score_cutof'.*'score_cutoff'"):
        newsclean.clean("x", score_cutof=80)


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("score_cutoff", 0, "above 0"),
        ("score_cutoff", "high", "above 0"),
        ("uncurl_quotes", "yes", "True or False"),
        ("normalization", "NFX", "NFC"),
        ("caption_min_length", -1, "whole number"),
        ("packs", [""], "pack names"),
    ],
)
def test_bad_option_values_are_config_errors(option: str, value: object, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        newsclean.clean("x", **{option: value})


def test_unknown_pack_and_unknown_disabled_rule_are_rule_errors() -> None:
    with pytest.raises(newsclean.RuleError, match="no built-in rule pack"):
        newsclean.clean("x", packs=["nosuchoutlet"])
    with pytest.raises(newsclean.RuleError, match=r"'foxnews\.nope'"):
        newsclean.clean("x", disabled_rules=["foxnews.nope"])


def test_options_and_config_agree() -> None:
    text = "“Quoted,” he said.\n\nAdvertisement"
    config = CleanConfig(uncurl_quotes=True)
    assert newsclean.clean(text, config=config) == newsclean.clean(text, uncurl_quotes=True)
    assert newsclean.clean(text, uncurl_quotes=True) == '"Quoted," he said.'
    # keyword options override the config object
    assert newsclean.clean(text, config=config, uncurl_quotes=False) == "“Quoted,” he said."


def test_disable_a_rule_by_id_or_family() -> None:
    text = "Advertisement\n\nShare this: Share"
    assert newsclean.clean(text, disabled_rules=["generic.advertisement"]) == "Advertisement"
    assert newsclean.clean(text, disabled_rules={"social"}) == "Share this: Share"


def test_switch_a_step_off_by_its_name() -> None:
    assert newsclean.clean("Advertisement\nText.", drop_promo=False) == "Advertisement\nText."


def test_explain_text_equals_clean(seed_text: str) -> None:
    assert newsclean.clean_and_explain(seed_text).text == newsclean.clean(seed_text)


def test_stats_are_derived_from_changes(seed_text: str) -> None:
    stats = newsclean.clean_and_explain(seed_text).stats
    assert stats["drop_promo"] == 3
    assert stats["drop_promo/promo"] == 3
    assert stats["collapse_captions"] == 4
    assert stats["collapse_captions/caption_duplicate_of"] == 2


def test_change_to_dict_is_json_ready(seed_text: str) -> None:
    change = newsclean.clean_and_explain(seed_text).changes[0]
    data = change.to_dict()
    assert set(data) == {
        *("filter", "line_no", "before", "after", "reason"),
        *("code", "rule", "detail", "score"),
    }
    assert json.loads(json.dumps(data)) == data
    assert data["reason"].startswith(data["code"])


def test_line_breaks_of_every_kind_split_lines() -> None:
    assert newsclean.clean("a\r\nb\rc\u2028d") == "a\nb\nc\nd"


def test_over_cleaning_guard_flags_but_returns_the_text() -> None:
    body = "The council voted on Tuesday to close the old bridge for repairs."
    promo = "\n".join(["Advertisement", "Like us on Facebook", "Comments"] * 10)
    result = newsclean.clean_and_explain(f"{body}\n{promo}")
    assert result.text == body
    assert result.removed_share > 0.2
    assert result.over_cleaned
    assert "WARNING" in str(result)
    relaxed = newsclean.clean_and_explain(f"{body}\n{promo}", max_removed_share=None)
    assert not relaxed.over_cleaned
    assert relaxed.text == body


def test_guard_does_not_count_collapsed_duplicates(seed_text: str) -> None:
    result = newsclean.clean_and_explain(seed_text)
    assert not result.over_cleaned
    assert result.removed_share < 0.1  # three promo lines only; the caption copies survive


def test_guard_over_the_real_corpus_flags_nothing(corpus: list[dict[str, object]]) -> None:
    flagged = [r["id"] for r in corpus if newsclean.clean_and_explain(str(r["text"])).over_cleaned]
    assert flagged == []
