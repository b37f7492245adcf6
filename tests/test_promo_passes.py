"""One pass of the promo step removes everything it would remove in two (issue #16: D6,
D10, D11, D28), and generated documents of promo, glued labels, captions, mojibake and
whitespace come out of clean() unchanged the second time."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import newsclean
from newsclean.filters import link_lists

BODY = "The minister resigned on Tuesday after weeks of pressure from her own party."


@pytest.mark.parametrize(
    "text",
    [
        "ADVERTISEMENTADVERTISEMENT",
        "ADVERTISEMENTADVERTISEMENTThe minister said it.",
        " ADVERTISEMENTUK officials said the plan was ready.",
        "NEWYou can now listen to Fox News articles! "
        + BODY
        + " CLICK HERE TO GET THE FOX NEWS APP",
        f"You can read more about it here.\n\nProfile of the boss\n\nAnother link\n\nThird link\n\n{BODY}",
    ],
)
def test_one_pass_is_enough(text: str) -> None:
    once = newsclean.clean(text)
    assert newsclean.clean(once) == once


def test_every_link_after_a_pointer_goes_at_once() -> None:
    text = (
        f"You can read more about it here.\n\nProfile of the boss\n\nAnother linked story\n\n{BODY}"
    )
    out = newsclean.clean(text)
    assert "Profile of the boss" not in out
    assert "Another linked story" not in out
    assert "You can read more about it here." in out


def test_pointer_regex_never_runs_on_a_long_paragraph(monkeypatch: pytest.MonkeyPatch) -> None:
    # D6: the regex backtracked over a 400 KB line ending in "there."; a pointer is short
    class Boom:
        def search(self, text: str) -> None:
            raise AssertionError("the pointer regex ran on a long line")

    monkeypatch.setattr(link_lists, "_POINTER", Boom())
    assert link_lists.is_pointer("read more " * 40_000 + " there.") is False


_PIECES = st.sampled_from(
    [
        BODY,
        "ADVERTISEMENT",
        "ADVERTISEMENT" + BODY,
        "NEW" + BODY,
        "CLICK HERE TO GET THE FOX NEWS APP",
        "Sign up for our daily newsletter",
        "Share this story",
        "You can read more about it here.",
        "Profile of the boss",
        "A view of the bridge on Monday, March 4, 2024. (AP Photo/Jane Doe)",
        "A view of the bridge on Monday, March 4, 2024.",
        "Bidenâ€™s plan &amp; more",
        "  \t",
        "",
        "RUSSIA INVADES UKRAINE: LIVE UPDATES",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=10), st.sampled_from(["\n", "\n\n", " "]))
def test_generated_documents_are_idempotent(pieces: list[str], sep: str) -> None:
    text = sep.join(pieces)
    result = newsclean.clean_and_explain(text)
    assert result.text == newsclean.clean(text)
    assert newsclean.clean(result.text) == result.text


@pytest.mark.parametrize("text", ["\x0b/", "/a\n\nb/", "x" * 100 + "/y", "/" + "z" * 100])
def test_the_readable_report_takes_any_text(text: str) -> None:
    # D12: the report used os.path.commonpath on text, which raises on "path-like" text
    report = str(newsclean.clean_and_explain(text))
    assert report.startswith("newsclean:")


_RULE = (
    '[pack]\nname = "p"\nversion = "1"\ndescription = "d"\n\n[[rule]]\nid = "p.r"\n'
    'family = "ad"\npattern = "buy now"\ndescription = "d"\nexamples = ["buy now", "BUY NOW"]\n'
)


@pytest.mark.parametrize(
    ("extra", "problem"),
    [
        ("max_words = true\n", "max_words"),
        ('outlet = ["a"]\n', "outlet"),
    ],
)
def test_pack_keys_of_the_wrong_type_are_refused(extra: str, problem: str) -> None:
    # D26: max_words = true was taken as 1; a rule-level outlet list was not checked
    with pytest.raises(newsclean.RuleError, match=problem):
        newsclean.clean("text", packs=[_RULE + extra])


def test_a_deeply_nested_pack_is_a_rule_error_not_a_crash() -> None:
    pack = "[pack]\n" + "x = " + "[" * 5000 + "]" * 5000 + "\n"
    with pytest.raises(newsclean.RuleError, match=r"nested too deeply|not valid TOML"):
        newsclean.clean("text", packs=[pack])
