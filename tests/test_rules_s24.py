"""Rules of session 24 (audits of unlabelled articles of dev outlets, and dev misses): each
drops its junk line and keeps the reporting around it; the outlet packs are picked by
their outlet's URL; on the labelled corpus none of them removes a line a reader kept."""

from __future__ import annotations

import pytest

from newsclean import Pipeline
from newsclean.rules import load_pack
from newsclean.rules.base import required_literals
from newsclean.rules.loader import detect_outlets

from .conftest import SHARED
from .labelled import present, reporting_lost

NEW_PACKS = (
    "beforeitsnews",
    "deadline",
    "teenvogue",
    "radaronline",
    "extratv",
    "elitedaily",
    "nih",
    "fda",
    "statnews",
    "canadafreepress",
)
NEW_GENERIC = {
    "generic.learn-more-from",
    "generic.for-more-visit",
    "generic.issue-pitch",
    "generic.author-bio-follow",
    "generic.affiliate-earn",
    "generic.policy-link",
    "generic.comment-question-prompt",
    "generic.see-more-below",
    "generic.fun-watch-below",
    "generic.slide-counter",
    "generic.follow-for-more",
    "generic.more-label",
    "generic.gallery-click-through",
    "generic.enable-javascript",
    "generic.want-more-follow",
    "generic.owner-family",
    "generic.lone-reader-question",
    "generic.related-story",
    "generic.copyright-year",
    "generic.embed-residue",
    "generic.save-residue",
    "generic.third-party-embed",
    "generic.contact-line",
    "generic.gallery-lead-in",
    "generic.watch-lead-in",
    "generic.newsletter-named",
    "generic.tell-us-prompt",
    "generic.about-org-inline",
    "generic.form-residue",
    "generic.may-also-like",
    "generic.media-below",
    "generic.get-inbox",
    "generic.arrow-cue",
    "generic.lone-punctuation",
    "generic.to-x-click-here",
    "generic.share-this-post",
    "generic.video-below-tail",
    "generic.comments-tail",
    "generic.click-here-tail",
    "cnn.hide-caption",
    "nytimes.newsletter-widget",
    "fda.inquiries",
    "fda.espanol",
}
NEW_RULES = (
    {r.id for name in NEW_PACKS for r in load_pack(name).rules}
    | NEW_GENERIC
    | {"people.peopletv-pitch", "people.newsletter-fragment", "people.crime-newsletter"}
)
PIPELINE = Pipeline.default()

REPORT = "The singer told the crowd she had written the album in a lakeside cabin over one winter."
AFTER = "Her tour opens in the spring, the label said on Monday."

# (source, junk line, the rule that must drop it): every line is written for this test.
CASES = [
    (
        "https://beforeitsnews.com/a/1",
        "% of readers think this story is Fact. Add your two cents.",
        "beforeitsnews.reader-poll",
    ),
    (
        "https://deadline.com/2017/1",
        "Related Story Harbour Studio Names New Chief After Long Search",
        "deadline.related-story",
    ),
    ("https://www.teenvogue.com/story/1", "Check this out:", "teenvogue.check-this-out"),
    (
        "https://radaronline.com/1",
        "Straight Shuter's Rob Shuter has all the latest gossip.",
        "radaronline.podcast-pitch",
    ),
    (
        "https://extratv.com/2017/1",
        "For more rumor busts, visit GossipCop.com.",
        "extratv.rumor-busts",
    ),
    (
        "https://www.elitedaily.com/p/1",
        "Check out the entire Gen Why series on Facebook.",
        "elitedaily.series-pitch",
    ),
    ("https://www.nih.gov/news-events/1", "NIH…Turning Discovery Into Health®", "nih.tagline"),
    ("https://www.fda.gov/news/1", "Related Information", "fda.related-information"),
    (
        "https://www.statnews.com/2018/1",
        "Newsletters Sign up for Lakeside Daily Your daily dose of news. Privacy Policy Leave "
        "this field empty if you're human:",
        "statnews.newsletter-widget",
    ),
    (
        "https://people.com/tv/1",
        "Watch the full lakeside special streaming now on PeopleTV.com, or download the PeopleTV "
        "app on your favorite device.",
        "people.peopletv-pitch",
    ),
    (
        None,
        "Find out more about lake safety at the Example Water Association.",
        "generic.learn-more-from",
    ),
    (
        None,
        "For more on lake safety, visit the Example Water Association.",
        "generic.for-more-visit",
    ),
    (
        None,
        "For the full story see this weeks issue of Example Weekly - out now!",
        "generic.issue-pitch",
    ),
    (
        None,
        "Jo Roe is a freelance music journalist in Example City. Follow her at @joroe.",
        "generic.author-bio-follow",
    ),
    (
        None,
        "Example has affiliate relationships, so we may get a small share of the revenue.",
        "generic.affiliate-earn",
    ),
    (None, "Privacy Policy", "generic.policy-link"),
    (
        None,
        "Is this her best album yet? Weigh in with your thoughts in the comment section.",
        "generic.comment-question-prompt",
    ),
    (None, "See more of the singer's cabin below.", "generic.see-more-below"),
    (None, "Slideshow (12 Images)", "generic.slide-counter"),
    (None, "For more music news, follow us on Twitter.", "generic.follow-for-more"),
    (None, "Also read:", "generic.more-label"),
    (None, "Please enable JavaScript to watch this video.", "generic.enable-javascript"),
    (None, "Your thoughts?", "generic.lone-reader-question"),
    (None, "RELATED STORY: Harbour festival adds a second stage", "generic.related-story"),
    (None, "Copyright 2011 Example Newspaper Company.", "generic.copyright-year"),
    (None, "[embedded content]", "generic.embed-residue"),
    (None, "SaveSave", "generic.save-residue"),
    (
        "https://canadafreepress.com/article/1",
        "Please adhere to our commenting policy to avoid being banned.",
        "canadafreepress.commenting-policy",
    ),
    (
        "https://www.fda.gov/news/2",
        "The FDA, an agency within the U.S. Department of Health and Human Services, protects "
        "the public health by assuring the safety of drugs.",
        "fda.about-agency",
    ),
    (None, "Email: jane.doe@example.org", "generic.contact-line"),
    (None, "See photos of the couple's harbour wedding:", "generic.gallery-lead-in"),
    (None, "Now, watch the full trailer:", "generic.watch-lead-in"),
    (None, "TELL US – Will you watch the finale?", "generic.tell-us-prompt"),
    (
        None,
        "About Example Corp: Example Corp is a leading maker of harbour equipment, with offices "
        "in ten countries.",
        "generic.about-org-inline",
    ),
    (None, "Enter your email address Sign up Thanks for signing up!", "generic.form-residue"),
    (None, "You can watch her full comeback performance in the clip above!", "generic.media-below"),
    (None, ">> Read more trending news", "generic.arrow-cue"),
    (None, "—", "generic.lone-punctuation"),
    (None, "To see the full gallery of the gala, click here.", "generic.to-x-click-here"),
    (None, "Please share this story with your friends!", "generic.share-this-post"),
    (
        "https://www.nytimes.com/2018/1",
        "Newsletter Sign Up Continue reading the main story Please verify you're not a robot "
        "by clicking the box. View all New York Times newsletters.",
        "nytimes.newsletter-widget",
    ),
]


def _article(junk: str) -> str:
    return f"{REPORT}\n\n{junk}\n\n{AFTER}"


@pytest.mark.parametrize(("source", "junk", "rule"), CASES, ids=[c[2] for c in CASES])
def test_rule_drops_its_junk_and_keeps_the_reporting(
    source: str | None, junk: str, rule: str
) -> None:
    result = PIPELINE.clean_and_explain(_article(junk), source=source)
    assert junk not in result.text
    assert REPORT in result.text
    assert AFTER in result.text
    assert [(c.line_no, c.rule) for c in result.changes if c.filter == "drop_promo"] == [(3, rule)]


@pytest.mark.parametrize(
    ("source", "junk", "rule"), [c for c in CASES if c[0]], ids=[c[2] for c in CASES if c[0]]
)
def test_the_outlets_url_picks_its_pack(source: str, junk: str, rule: str) -> None:
    assert rule.split(".")[0] in detect_outlets("", source)
    result = Pipeline.default(outlets="auto").clean_and_explain(_article(junk), source=source)
    assert junk not in result.text


@pytest.mark.parametrize(
    "line",
    [
        "Learn more about the study from the researchers' summary, she said, before the vote.",
        "For more on the recall, visit the company's website. Refunds start Monday, the firm said.",
        "Smith is a reporter for the Gazette, and police said they would follow up with him.",
        "Amazon said it would earn a commission on every sale made through the new marketplace.",
        "The company changed its privacy policy in May after the breach.",
        "Why did she leave? She told us in the comments section of her own post that she was tired.",
        "For more than a decade, fans would follow us from city to city, the singer said.",
        "Online shopping rose 20 percent.",
        "Copyright law changed in 1998, the judge said.",
        "Related story lines run through all three films. The director said so on Monday.",
        "Check this out before you buy, the guide says.",
        "What do you think happened?",
        "Email: the main way the campaign reached voters, aides said.",
        "Watch out for these warning signs:",
        "About Carol: What went through your mind when she told the host that she watches your show?",
        "To read the report, click here. The agency said it would respond Monday.",
        "Share the news with your family, the mayor said.",
        "--",
    ],
)
def test_reporting_that_looks_like_the_junk_is_kept(line: str) -> None:
    text = f"{REPORT}\n\n{line}\n\n{AFTER}"  # not the last line: no lead-in dangles
    result = PIPELINE.clean_and_explain(text, source="https://deadline.com/1")
    assert line in result.text
    assert not [c for c in result.changes if c.rule in NEW_RULES]


def test_a_cross_link_label_on_the_first_line_stays() -> None:
    result = PIPELINE.clean_and_explain(f"Also read:\n\n{REPORT}")
    assert result.text.startswith("Also read:")


def test_the_deadline_rule_keeps_to_its_site_when_the_source_is_known() -> None:
    line = "Related Story Harbour Studio Names New Chief After Long Search"
    result = PIPELINE.clean_and_explain(_article(line), source="https://example.com/1")
    assert line in result.text


def test_the_packs_rules_key_on_selective_literals() -> None:
    common = {"from ", "from", "more", " more ", "next", "news", "related", "check"}
    for name in NEW_PACKS:
        for rule in load_pack(name).rules:
            literals = required_literals(rule.pattern) if rule.regex else None
            assert not (literals and literals & common), rule.id


# -- the labelled corpus ------------------------------------------------------------------


def test_no_labelled_kept_line_is_removed_by_these_rules() -> None:
    if not present():
        pytest.skip(f"corpus not found under {SHARED} (../shared is absent)")
    checked, lost = reporting_lost(PIPELINE, frozenset(NEW_RULES))
    assert checked > 20
    assert lost == []


# -- rules marked `sentence = true` ---------------------------------------------------------

PARAGRAPH = (
    "The couple met on the set of the harbour drama in 2015 and married two years later "
    "in a small ceremony by the lake, with only their families there."
)


def _pack(sentence: bool) -> str:
    return f"""
[pack]
name = "mine"
version = "1"
description = "inline"

[[rule]]
id = "mine.clip-pointer"
family = "media"
sentence = {"true" if sentence else "false"}
pattern = 'spot the heron on our lake camera'
match = "start"
max_words = 12
description = "A pointer at a clip."
examples = ["Spot the heron on our lake camera."]
"""


def test_a_sentence_rule_of_any_family_cuts_the_paragraphs_last_sentence() -> None:
    text = f"{PARAGRAPH} Spot the heron on our lake camera."
    cut = Pipeline.default(packs=[_pack(True)]).clean_and_explain(text)
    assert cut.text == PARAGRAPH
    assert [(c.reason, c.rule) for c in cut.changes] == [
        ("promo_span:mine.clip-pointer:end", "mine.clip-pointer")
    ]
    # the same rule without the mark judges whole lines only (media is no sentence family)
    assert Pipeline.default(packs=[_pack(False)]).clean(text) == text


def test_a_bundled_sentence_rule_cuts_a_pointer_and_keeps_a_quote() -> None:
    pointer = "Watch the video below to hear more from the couple."
    assert PIPELINE.clean(f"{PARAGRAPH} {pointer}") == PARAGRAPH
    said = f"{PARAGRAPH} Watch the video below to hear more, she said."
    assert PIPELINE.clean(said) == said


def test_sentence_must_be_true_or_false() -> None:
    from newsclean.errors import RuleError
    from newsclean.rules.loader import parse_pack

    with pytest.raises(RuleError, match="'sentence' must be true or false"):
        parse_pack(_pack(True).replace("sentence = true", 'sentence = "yes"'), "inline")


def test_a_gallery_button_goes_from_the_end_of_each_caption() -> None:
    caption = (
        "Photos: Harbour splits The couple confirmed the split on their website. "
        '"We are done and we have been for a while now," she said in 2015.'
    )
    result = PIPELINE.clean_and_explain(
        f"{caption} Hide Caption 35 of 66", source="https://cnn.com/1"
    )
    assert result.text == caption
    assert [c.rule for c in result.changes] == ["cnn.hide-caption"]
