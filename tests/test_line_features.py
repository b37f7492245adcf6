"""The line model's document and line features: what each names, and what it must not
depend on (blank lines, which tidy_whitespace folds, change no feature)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from newsclean.linemodel import DocContext, line_features
from newsclean.linemodel.features import LONG_WORDS

LONG = " ".join(["The council met on Tuesday and voted to close the bridge"] * 3) + "."
assert len(LONG.split()) >= LONG_WORDS


def features_of(lines: list[str], index: int) -> list[str]:
    return line_features(lines, index, DocContext.build(lines))


def test_lines_after_the_last_long_paragraph_are_the_tail() -> None:
    lines = ["Top stories", LONG, "A short subhead", LONG, "Mayor unveils a budget plan", "More"]
    assert "zone:head" in features_of(lines, 0)
    assert "zone:mid" in features_of(lines, 2)
    assert "zone:tail" in features_of(lines, 4)
    assert "zone:tail" in features_of(lines, 5)
    # a page without a paragraph of reporting length has no head or tail
    assert "zone:nolong" in features_of(["Mayor unveils a budget plan", "More"], 0)


@given(st.lists(st.integers(min_value=0, max_value=3), min_size=6, max_size=6))
def test_blank_lines_change_no_feature(blanks: list[int]) -> None:
    lines = ["Top stories", LONG, "A short subhead", LONG, "Mayor unveils a plan", "More"]
    spaced: list[str] = []
    where = []
    for line, n in zip(lines, blanks, strict=True):
        where.append(len(spaced))
        spaced.extend([line] + [""] * n)
    for i, j in enumerate(where):
        assert features_of(spaced, j) == features_of(lines, i)


def test_a_label_before_a_colon_is_named() -> None:
    lines = [LONG, "RELATED: Mayor Unveils Budget Plan", "Read more: the vote", LONG]
    related = features_of(lines, 1)
    assert "label:related" in related
    assert "label:caps" in related
    assert "label:read more" in features_of(lines, 2)
    # a time is not a label; nor is a colon far into a sentence
    for line in ("At 10:30 the mayor spoke to reporters.", LONG + ": and so on"):
        assert not any(f.startswith("label:") for f in features_of([LONG, line, LONG], 1))


def test_relative_times_and_brackets_are_named() -> None:
    lines = [LONG, "Whoa! Look what they said next 10 hours ago", "[ Read: Best Skin Care ]"]
    assert "has:ago" in features_of(lines, 1)
    assert "bracketed" in features_of(lines, 2)
    plain = features_of([LONG, "They met a long time ago in Paris.", LONG], 1)
    assert "has:ago" not in plain
    assert "bracketed" not in plain


def test_long_words_also_give_their_first_letters() -> None:
    feats = features_of([LONG, "Subscribers get unlimited access", LONG], 1)
    assert "p:subsc" in feats
    assert "w:subscribers" in feats
    assert not any(f.startswith("p:") for f in features_of([LONG, "Get it now", LONG], 1))
