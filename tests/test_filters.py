"""Each filter used alone, on a Doc."""

from __future__ import annotations

import pytest

from newsclean import (
    CollapseRepeatedCaptions,
    Doc,
    DropPromoLines,
    FixEncoding,
    TidyWhitespace,
)
from newsclean.filters.captions import names_differ, strip_credit


def run(step: object, text: str) -> Doc:
    return step(Doc.from_text(text))  # type: ignore[operator]


# -- fix_encoding -------------------------------------------------------------------


def test_encoding_repairs_mojibake_and_entities() -> None:
    doc = run(FixEncoding(), "President Bidenâ€™s plan\nAT&amp;T said")
    assert doc.lines == ("President Biden’s plan", "AT&T said")
    assert [c.line_no for c in doc.changes] == [1, 2]
    assert doc.changes[0].reason.startswith("encoding:")


def test_encoding_keeps_curly_quotes_by_default_and_uncurls_on_request() -> None:
    text = "He said “no” and it’s final."
    assert run(FixEncoding(), text).lines == (text,)
    assert run(FixEncoding(uncurl_quotes=True), text).lines == ('He said "no" and it\'s final.',)


def test_encoding_is_per_line_one_html_line_does_not_stop_unescaping_others() -> None:
    # ftfy on the whole text would leave &amp; alone once any '<' appears.
    doc = run(FixEncoding(), "a <b> tag\nFish &amp; chips")
    assert doc.lines == ("a <b> tag", "Fish & chips")


def test_encoding_leaves_clean_text_untouched() -> None:
    doc = Doc.from_text("Plain ASCII line.\nCafé au lait, naïve résumé.")
    assert FixEncoding()(doc) is doc


# -- drop_promo -----------------------------------------------------------------------


def test_promo_drops_whole_lines_and_records_rule_ids() -> None:
    doc = run(DropPromoLines(), "NEWYou can now listen to Fox News articles!\nReal reporting here.")
    assert doc.lines == ("Real reporting here.",)
    assert doc.changes[0].reason == "promo:foxnews.listen"
    assert doc.changes[0].after is None


@pytest.mark.parametrize(
    "line",
    [
        "He said the app would launch next year. Click here to get the Fox News app, he joked.",
        "Subscribers to the newsletter rose 20% last year, the company said in a filing.",
        "He declined to comment.",
        "Twitter said it would appeal.",
        "“WE WILL NOT BACK DOWN!” the crowd chanted.",
        "WASHINGTON (AP) — The Senate voted on Friday.",
        "NO FOUL PLAY SEEN",
        "“WE WILL NOT BACK DOWN, EVER.”",
    ],
)
def test_promo_leaves_reporting_alone(line: str) -> None:
    assert run(DropPromoLines(), line).lines == (line,)


def test_allcaps_headline_heuristic_can_be_switched_off() -> None:
    text = "TRUMP POKES FUN AT SENATOR'S STANCE IN SNOW"
    assert run(DropPromoLines(), text).lines == ()
    assert run(DropPromoLines(allcaps_headlines=False), text).lines == (text,)


def test_promo_ignores_spacing_case_and_nbsp() -> None:
    doc = run(DropPromoLines(), "  click here to get\u00a0the  fox news app  ")
    assert doc.lines == ()


# -- collapse_captions -------------------------------------------------------------------

CAPTION = "Secretary Jens Stoltenberg took questions from reporters on Friday, March 4, 2022."


def test_caption_and_credited_copy_collapse_keeping_the_credit() -> None:
    doc = run(CollapseRepeatedCaptions(), f"{CAPTION}\n\nBody.\n\n{CAPTION} (NATO)")
    assert doc.lines == (f"{CAPTION} (NATO)", "", "Body.", "")
    reasons = [c.reason for c in doc.changes]
    assert reasons == ["caption_kept_copy_of:5", "caption_duplicate_of:1:score=100.0"]


@pytest.mark.parametrize(
    "credit",
    [
        "(NATO)",
        "(Zaporizhzhia nuclear power plant via AP)",
        "(AP Photo/Evan Vucci)",
        "(Getty Images)",
        "(REUTERS/Jane Doe)",
    ],
)
def test_credit_forms_are_set_aside(credit: str) -> None:
    assert strip_credit(f"{CAPTION} {credit}") == CAPTION


def test_agency_stamp_is_set_aside() -> None:
    assert strip_credit(f"{CAPTION} (AP Photo/A24 Films, Atsushi Nishijima)AP2014") == CAPTION


def test_short_sentence_beginning_a_paragraph_is_not_collapsed() -> None:
    short = "The president spoke to reporters at the White House on Friday afternoon."
    long = short + " He said the talks would go on next week, and that the deal was close."
    doc = run(CollapseRepeatedCaptions(), f"{short}\n{long}")
    assert doc.lines == (short, long)


def test_template_captions_about_different_things_both_stay() -> None:
    a = "This image made from a video released by the ministry shows a convoy near Kyiv on Friday."
    b = "This image made from a video released by the ministry shows a convoy near Lviv on Sunday."
    doc = run(CollapseRepeatedCaptions(), f"{a}\n{b}")
    assert doc.lines == (a, b)


def test_template_lines_differing_only_in_a_name_both_stay() -> None:
    a = "Mississippi — There is no early voting in Mississippi, as voters need an excuse."
    b = "Missouri — There is no early voting in Missouri, as voters need an excuse."
    assert names_differ(a.split(), b.split())
    assert run(CollapseRepeatedCaptions(), f"{a}\n{b}").lines == (a, b)


def test_embedded_post_repeating_the_quote_collapses_into_the_paragraph() -> None:
    tweet = (
        "Because the ban was lifted by a judge, many very bad and dangerous people may be "
        "pouring into our country. A terrible decision"
    )
    para = f'He followed up with, "{tweet}."'
    doc = run(CollapseRepeatedCaptions(), f"{para}\n{tweet}")
    assert doc.lines == (para,)


def test_short_repeats_are_left_alone() -> None:
    text = "Q: What happened next?\nA: We left.\nQ: What happened next?"
    assert run(CollapseRepeatedCaptions(), text).lines == tuple(text.split("\n"))


def test_lower_cutoff_collapses_more() -> None:
    a = "The storm knocked out power to thousands of homes across the county overnight."
    b = "The storm knocked out power to many thousand homes across the county overnight."
    assert len(run(CollapseRepeatedCaptions(score_cutoff=99), f"{a}\n{b}").lines) == 2
    assert len(run(CollapseRepeatedCaptions(score_cutoff=85), f"{a}\n{b}").lines) == 1


# -- tidy_whitespace -----------------------------------------------------------------------


def test_tidy_folds_blank_runs_and_trims() -> None:
    doc = run(TidyWhitespace(), "\n\n  One.  \n\n\n\nTwo.\t\n \n")
    assert doc.lines == ("One.", "", "Two.")


def test_tidy_never_adds_blank_lines() -> None:
    assert run(TidyWhitespace(), "One.\nTwo.").lines == ("One.", "Two.")


def test_tidy_can_keep_indentation() -> None:
    assert run(TidyWhitespace(strip_indent=False), "  One.  ").lines == ("  One.",)
