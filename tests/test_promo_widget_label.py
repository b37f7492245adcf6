"""Widget residue: the "Image zoom" label goes from a caption and the caption stays (a line
of only the label goes); a gallery printed as one line goes whole. Text written here."""

from __future__ import annotations

import newsclean

BODY = (
    "The council voted on Tuesday to close the bridge for six weeks of repairs after "
    "engineers found cracks in two of its support beams."
)


def test_the_label_goes_and_the_caption_stays() -> None:
    result = newsclean.clean_and_explain(f"{BODY}\n\nImage zoom Jane Doe/Example Photos")
    assert result.text.endswith("\n\nJane Doe/Example Photos")
    (change,) = [c for c in result.changes if c.code == "promo_span"]
    assert change.rule == "label"
    assert change.detail == "Image zoom"


def test_a_line_of_only_the_label_goes() -> None:
    more = "The mayor said detours would be posted on the roads nearby from Monday."
    assert newsclean.clean(f"{BODY}\n\nImage zoom\n\n{more}") == f"{BODY}\n\n{more}"


def test_words_that_only_begin_alike_stay() -> None:
    text = f"{BODY}\n\nImage zoomed in on the crowd, the camera showed the mayor waving."
    assert newsclean.clean(text) == text


def test_cleaning_twice_changes_nothing_more() -> None:
    once = newsclean.clean(f"{BODY}\n\nImage zoom Image zoom Jane Doe/Example Photos")
    assert newsclean.clean(once) == once


def test_a_gallery_on_one_line_goes_whatever_its_length() -> None:
    slides = " ".join(f"Slide {i}: workers lift a beam onto the deck." for i in range(800))
    for blob, form in (
        (f"Shape Created with Sketch. The bridge in pictures Show all 800 {slides}", "sketch"),
        (f"800 PHOTOS The bridge through the years See Gallery {slides}", "see_gallery"),
    ):
        result = newsclean.clean_and_explain(f"{BODY}\n\n{blob}")
        assert result.text == BODY
        assert f"heuristic.gallery-residue:{form}" in result.changes[0].reason


def test_lines_that_only_begin_like_a_gallery_stay() -> None:
    for line in ("Shapes were created with a sketch pad.", "12 PHOTOS were taken that day."):
        assert newsclean.clean(f"{BODY}\n\n{line}") == f"{BODY}\n\n{line}"
