"""Rules and heuristics of session 25 (two audits of unlabelled articles of dev outlets):
each drops its junk line and keeps the reporting around it; on the labelled corpus none of
them removes a line a reader kept."""

from __future__ import annotations

import pytest

from newsclean import Pipeline

from .conftest import SHARED
from .labelled import present, reporting_lost
from .rule_checks import between

NEW_RULES = frozenset(
    {
        "generic.gallery-chevron",
        "generic.see-tributes-below",
        "generic.full-list-here",
        "generic.video-below-for",
        "generic.comments-below-and",
        "generic.parked-domain",
        "generic.create-a-prank",
        "healthday.visit-for-more",
        "prnewswire.click-to-tweet",
        "beforeitsnews.contributed-by",
        "people.realted",
        "generic.stay-on-top",
        "generic.click-inside",
        "generic.see-what-below",
        "generic.contact-name",
        "generic.advertisement-repeated",
        "generic.visit-site-latest",
        "generic.video-unavailable",
        "generic.also-read-title",
        "beforeitsnews.headline-ticker",
        "people.special-issue",
        "people.newsletter-cut",
        "people.watch-this",
        "reuters.related-coverage",
        "generic.read-more-here",
        "generic.comment-cta",
    }
)
PIPELINE = Pipeline.default()

REPORT = "The singer told the crowd she had written the album in a lakeside cabin over one winter."
AFTER = "Her tour opens in the spring, the label said on Monday."

# (junk line, the rule that must drop it): every line is written for this test.
CASES = [
    ("1 / 12 Chevron Chevron Photo: Example Images The singer on stage", "generic.gallery-chevron"),
    ("See more tributes to the singer from her fans below.", "generic.see-tributes-below"),
    ("Check out additional reactions below.", "generic.see-tributes-below"),
    ("See the full list of winners from the harbour awards here.", "generic.full-list-here"),
    ("The complete list of nominees is available here.", "generic.full-list-here"),
    (
        "Watch the video below for more of the singer's stories from the lakeside cabin and the "
        "winter she spent writing there.",
        "generic.video-below-for",
    ),
    (
        "What do you think of the album? Share your thoughts in the comments below and check "
        "back for more news.",
        "generic.comments-below-and",
    ),
    ("Turbocharge your Web site. Watch our video to learn how.", "generic.parked-domain"),
    ("Create a Prank", "generic.create-a-prank"),
    ("Visit the Example Lung Society for more on asthma.", "healthday.visit-for-more"),
    ("Click to Tweet: Example Corp reports new data on its drug", "prnewswire.click-to-tweet"),
    ("Contributed by Jane Doe of www.example.com.", "beforeitsnews.contributed-by"),
    ("REALTED VIDEO: Singer Opens Up About Her New Album", "people.realted"),
    ("Click inside to see more photos from the lakeside cabin!", "generic.click-inside"),
    ("Find out what she had to say about the album in the video below.", "generic.see-what-below"),
    ("Contact: Jane Doe", "generic.contact-name"),
    ("ADVERTISEMENT ADVERTISEMENT", "generic.advertisement-repeated"),
    ("Visit Example's homepage for more stories.", "generic.visit-site-latest"),
    ("Sorry, this video isn't available any more.", "generic.video-unavailable"),
    ("Also read Jane Doe, the Singer's Husband: Is He Dating Again?", "generic.also-read-title"),
    (
        "Headline: Bitcoin & Blockchain Searches Exceed Trump! Blockchain Stocks Are Next!",
        "beforeitsnews.headline-ticker",
    ),
    ("The magazine's special issue on the tour is on stands now.", "people.special-issue"),
    ("Want to keep up on the latest from PEOPLE? Sign", "people.newsletter-cut"),
    ("WATCH THIS: The Stars Share Their Favorite Holiday Traditions", "people.watch-this"),
    ("Related Coverage Example Firm Shares Fall After Results", "reuters.related-coverage"),
    ("See more behind-the-scenes photos from the tour here.", "generic.read-more-here"),
    ("Grade the finale below, then hit the comments with your thoughts!", "generic.comment-cta"),
]


@pytest.mark.parametrize(("junk", "rule"), CASES, ids=[c[0][:30] for c in CASES])
def test_rule_drops_its_junk_and_keeps_the_reporting(junk: str, rule: str) -> None:
    assert between(PIPELINE, REPORT, junk, AFTER) == (f"{REPORT}\n\n{AFTER}", [f"3:{rule}"])


@pytest.mark.parametrize(
    "line",
    [
        "The chevron pattern on the 1/2 inch tiles repeated.",
        "Read more tributes were expected below the memorial wall, organisers said.",
        "See the full list of nominees below:",
        "The full list of winners was posted here on Monday, officials said.",
        "Watch the video below the stage screens, the crew told fans before the show.",
        "Fans were quick to share their thoughts in the comments below, and many called it brave.",
        "He wrote in the comments below, and the post went viral within hours.",
        "Visit the clinic for more than an hour and you will see the queue, she said.",
        "Contributed by Jane Doe of the Example Gazette.",
        "Visit the park's website for the latest trail conditions before you go.",
        "Related coverage of the trial was suspended, the judge said.",
        "You can read the first page of the script right here.",
        "Fans then hit the comments to slam her new look.",
        "Read more about the study here, the agency said.",
    ],
)
def test_reporting_that_looks_like_the_junk_is_kept(line: str) -> None:
    text, changed = between(PIPELINE, REPORT, line, AFTER)
    assert line in text
    assert not {c.split(":", 1)[1] for c in changed} & NEW_RULES


@pytest.mark.parametrize(
    "lead_in",
    [
        "Read her full statement below.",
        "Check out the pals in action, below.",
        "Take a look at the new stage set above.",
        "Here's more on the feud:",
        "Here's the video:",
        "Here's another exclusive with the bride-to-be:",
    ],
)
def test_a_pointer_below_or_a_heres_lead_in_ending_the_page_goes(lead_in: str) -> None:
    result = PIPELINE.clean_and_explain(f"{REPORT}\n\n{AFTER}\n\n{lead_in}")
    assert result.text == f"{REPORT}\n\n{AFTER}"
    assert [c.rule for c in result.changes if c.filter == "drop_promo"] == [
        "heuristic.dangling-lead-in"
    ]
    # with the page going on after it, it leads into something: it stays
    assert lead_in in PIPELINE.clean(f"{REPORT}\n\n{lead_in}\n\n{AFTER}")


@pytest.mark.parametrize(
    "last",
    [
        "Here's the thing: nobody knew what would happen next.",
        "Here's what she told reporters on Monday: the deal is off.",
        "The temperature stayed well below freezing all week.",
    ],
)
def test_a_last_line_of_reporting_stays(last: str) -> None:
    assert PIPELINE.clean(f"{REPORT}\n\n{last}").endswith(last)


# -- the labelled corpus ------------------------------------------------------------------


def test_no_labelled_kept_line_is_removed_by_these_rules() -> None:
    if not present():
        pytest.skip(f"corpus not found under {SHARED} (../shared is absent)")
    rules = NEW_RULES | {"heuristic.dangling-lead-in", "heuristic.wiki-edit-label"}
    checked, lost = reporting_lost(PIPELINE, rules)
    assert checked > 20
    assert lost == []


def test_an_about_block_that_says_what_the_business_does_goes() -> None:
    block = (
        "About Example Systems\n\nExample Systems (NYSE: EXS), headquartered in Ohio, "
        "designs and builds harbour cranes for ports in 40 countries."
    )
    result = PIPELINE.clean_and_explain(f"{REPORT}\n\n{AFTER}\n\n{block}")
    assert result.text == f"{REPORT}\n\n{AFTER}"
    assert {c.detail for c in result.changes if c.rule == "heuristic.about-block"} == {
        "heading",
        "description",
    }
    # a condition's section: "develops" is what a disease does too
    section = "About Parkinson's\n\nParkinson's develops slowly over many years in most patients."
    assert "About Parkinson's" in PIPELINE.clean(f"{REPORT}\n\n{section}\n\n{AFTER}")


def test_a_newsletter_pitch_goes_whole_with_its_lead_in() -> None:
    pitch = "Sign Up: Stay on top of the latest film news! Sign up for our newsletters here."
    result = PIPELINE.clean_and_explain(f"{REPORT}\n\n{pitch}\n\n{AFTER}")
    assert result.text == f"{REPORT}\n\n{AFTER}"
    assert "generic.stay-on-top" in {c.rule for c in result.changes}
    kept = "Fans struggled to keep up with the latest twists, the director said."
    assert kept in PIPELINE.clean(f"{REPORT}\n\n{kept}\n\n{AFTER}")


def test_a_video_players_close_button_line_goes() -> None:
    player = "CLOSE The singer opened up about her new sound at the show. Example Network"
    result = PIPELINE.clean_and_explain(f"{player}\n\n{REPORT}\n\n{AFTER}")
    assert result.text == f"{REPORT}\n\n{AFTER}"
    assert [c.reason for c in result.changes if c.filter == "drop_promo"] == [
        "promo:heuristic.gallery-residue:video_close"
    ]
    for kept in (
        "CLOSE CALL: The ferry nearly hit the pier on Sunday, the coastguard said.",
        "Close friends of the singer said she was writing again this winter.",
    ):
        assert kept in PIPELINE.clean(f"{REPORT}\n\n{kept}\n\n{AFTER}")


def test_a_cnn_gallery_printed_as_one_line_goes() -> None:
    gallery = (
        "Photos: The harbour through the years The old pier in 1950. Hide Caption 1 of 3 "
        "The ferry terminal opens. Hide Caption 2 of 3 The new bridge. Hide Caption 3 of 3"
    )
    result = PIPELINE.clean_and_explain(f"{REPORT}\n\n{gallery}\n\n{AFTER}")
    assert result.text == f"{REPORT}\n\n{AFTER}"
    # one caption with its button: the caption rule cuts the button, the caption stays
    one = "Photos: The old pier in 1950, before the storm. Hide Caption 1 of 3"
    assert "The old pier in 1950" in PIPELINE.clean(f"{REPORT}\n\n{one}\n\n{AFTER}")


def test_a_pointer_ending_the_last_paragraph_goes_and_the_paragraph_stays() -> None:
    last = f"{AFTER} Watch the trailer, which dropped last week, below."
    result = PIPELINE.clean_and_explain(f"{REPORT}\n\n{last}")
    assert result.text == f"{REPORT}\n\n{AFTER}"
    assert [c.reason for c in result.changes if c.filter == "drop_promo"] == [
        "promo_span:heuristic.dangling-lead-in:last_sentence"
    ]
    for kept in (
        f"{AFTER} Read the tributes below.\n\n{REPORT}",  # the page goes on: not dangling
        f"{REPORT}\n\nFans cried at these tweets from the singer. Take a look at them below.",
        f"{REPORT}\n\nHe said he would see the results below the fold.",
    ):
        assert PIPELINE.clean(kept) == kept


def test_a_short_paragraph_loses_its_glued_promo_sentence() -> None:
    short = "The film comes to theaters on June 23. Watch the trailer below."
    assert PIPELINE.clean(f"{REPORT}\n\n{short}\n\n{AFTER}") == (
        f"{REPORT}\n\nThe film comes to theaters on June 23.\n\n{AFTER}"
    )


def test_a_site_scoped_rule_keeps_off_other_sites() -> None:
    caption = "Watch this: He showcased his new look for his co-star"
    text = f"{REPORT}\n\n{caption}\n\n{AFTER}"
    assert caption in PIPELINE.clean(text, source="https://www.example.co.uk/news/1")
    assert caption not in PIPELINE.clean(text, source="https://people.com/tv/1")


def test_an_image_widgets_labels_go_and_the_credit_stays() -> None:
    widget = "Enlarge this image toggle caption Jane Doe/Example Images Jane Doe/Example Images"
    result = PIPELINE.clean_and_explain(f"{REPORT}\n\n{widget}\n\n{AFTER}")
    assert "Enlarge this image" not in result.text
    assert "Jane Doe/Example Images" in result.text
    assert "promo_span:label:Enlarge this image toggle caption" in {
        c.reason for c in result.changes
    }


def test_a_pointer_sentence_cut_from_a_paragraph_still_points_at_its_links() -> None:
    pointer = "The council published its plan on Monday after a long delay. Read more here."
    link = "Harbour Plan Faces Fresh Delay After Vote"
    result = PIPELINE.clean_and_explain(f"{REPORT}\n\n{pointer}\n\n{link}\n\n{AFTER}")
    assert "Read more here" not in result.text
    assert link not in result.text
    assert "The council published its plan on Monday after a long delay." in result.text


def test_a_comment_prompt_goes_from_the_end_of_a_paragraph_with_its_question() -> None:
    prompt = "Are you ready to say goodbye to the harbour drama? Drop a comment below."
    result = PIPELINE.clean_and_explain(f"{REPORT}\n\n{prompt}\n\n{AFTER}")
    assert result.text == f"{REPORT}\n\n{AFTER}"
    assert {c.rule for c in result.changes if c.filter == "drop_promo"} == {"generic.comment-cta"}
