"""Outlet packs for single-outlet junk (Entertainment Tonight, Showbiz Cheat Sheet,
HealthDay, People, Entertainment Weekly, PR Newswire, The Sun): each rule drops its junk
line and keeps the reporting next to it; on the labelled corpus no rule of these packs
removes a line a reader kept."""

from __future__ import annotations

import pytest

from newsclean import Pipeline
from newsclean.rules import load_pack
from newsclean.rules.base import required_literals
from newsclean.rules.loader import detect_outlets

from .conftest import SHARED
from .labelled import present, reporting_lost

NEW_PACKS = ("etonline", "cheatsheet", "healthday", "people", "ew", "prnewswire")
PACK_RULES = {r.id for name in NEW_PACKS for r in load_pack(name).rules} | {"thesun.most-read-in"}
PIPELINE = Pipeline.default()

REPORT = "The singer told the crowd she had written the album in a lakeside cabin over one winter."

# (source, junk line, the rule that must drop it): every line is written for this test.
CASES = [
    (
        "https://www.etonline.com/news/1",
        "Lakeside Trio Talk About Their First Tour (Exclusive) This video is unavailable "
        "because we were unable to load a message from our sponsors.",
        "etonline.video-unavailable",
    ),
    (
        "https://www.etonline.com/news/2",
        "NEWS: Gallery Owner Opens Up About Selling Her First Painting!",
        "etonline.caps-crosslink",
    ),
    (
        "https://www.etonline.com/news/3",
        "EXCLUSIVE: Bridge Club Star Reveals Her Favourite Hand",
        "etonline.caps-crosslink",
    ),
    (
        "https://www.cheatsheet.com/entertainment/1",
        "Next: The reason the lakeside wedding was called off.",
        "cheatsheet.next-teaser",
    ),
    ("https://consumer.healthday.com/1", "More information", "healthday.more-information"),
    (
        "https://consumer.healthday.com/2",
        "The U.S. National Sleep Institute has more on insomnia.",
        "healthday.has-more-on",
    ),
    ("https://consumer.healthday.com/3", "En Español", "healthday.en-espanol"),
    (
        "https://people.com/celebrity/1",
        "FROM COINAGE: What It Really Costs to Host a Garden Party",
        "people.sister-crosslink",
    ),
    (
        "https://people.com/celebrity/2",
        "Follow our gardening magazine on Flipboard for more coverage.",
        "people.flipboard",
    ),
    (
        "https://people.com/celebrity/3",
        "Be sure to check out PEOPLE's full Harvest Fair Awards coverage to get the latest news.",
        "people.full-coverage",
    ),
    (
        "https://ew.com/tv/1",
        "The Lakeside Mysteries type TV Show network ABC genre Drama Where to watch Close "
        "Streaming Options",
        "ew.infobox",
    ),
    (
        "https://www.prnewswire.com/news-releases/1",
        "SOURCE Lakeside Medical Devices, Inc.",
        "prnewswire.source-line",
    ),
    ("https://www.prnewswire.com/news-releases/2", "Related Links", "prnewswire.related-links"),
    (
        "https://www.thesun.co.uk/tvandshowbiz/1",
        "MOST READ IN TV & SHOWBIZ HARBOUR BLUES Singer spotted on the pier with her new love "
        "BRIDGE NIGHT Star reveals her favourite card game",
        "thesun.most-read-in",
    ),
]


def _article(junk: str) -> str:
    return f"{REPORT}\n\n{junk}\n\nHer tour opens in the spring, the label said on Monday."


@pytest.mark.parametrize("with_source", [True, False], ids=["source", "no-source"])
@pytest.mark.parametrize(("source", "junk", "rule"), CASES, ids=[c[2] for c in CASES])
def test_rule_drops_its_junk_and_keeps_the_reporting(
    source: str, junk: str, rule: str, with_source: bool
) -> None:
    result = PIPELINE.clean_and_explain(_article(junk), source=source if with_source else None)
    assert junk not in result.text
    assert REPORT in result.text
    assert "Her tour opens in the spring, the label said on Monday." in result.text
    assert [(c.line_no, c.rule) for c in result.changes if c.filter == "drop_promo"] == [(3, rule)]


@pytest.mark.parametrize(("source", "junk", "rule"), CASES, ids=[c[2] for c in CASES])
def test_the_outlets_url_picks_its_pack(source: str, junk: str, rule: str) -> None:
    assert rule.split(".")[0] in detect_outlets("", source)
    result = Pipeline.default(outlets="auto").clean_and_explain(_article(junk), source=source)
    assert junk not in result.text


@pytest.mark.parametrize(
    "line",
    [
        # a reporting paragraph that opens with a label is a sentence: it ends with a stop
        "EXCLUSIVE: The harbour board has approved the new ferry timetable, two members said.",
        "TV: Channel 7",  # a listing, not a headline
        "Next year the festival moves to a bigger park, organisers said.",
        "The council has more on its agenda than the budget this week.",
        "Source code for the ticketing app was released on Tuesday.",
        "Critics called it a feel-good type movie, and the studio agreed.",
        "More information about the recall is expected on Friday.",
        "Most read in the survey said they preferred the old timetable, the council found.",
    ],
)
def test_reporting_that_looks_like_the_junk_is_kept(line: str) -> None:
    result = PIPELINE.clean_and_explain(f"{REPORT}\n\n{line}")
    assert line in result.text
    assert not [c for c in result.changes if c.rule in PACK_RULES]


def test_the_packs_rules_key_on_selective_literals() -> None:
    """A long rule whose literal is a common word sends many paragraphs down the slow
    path; these rules key on their own phrases."""
    common = {"from ", "from", "more", " more ", "next", "news", "tv", "type"}
    for name in (*NEW_PACKS, "thesun"):
        for rule in load_pack(name).rules:
            literals = required_literals(rule.pattern) if rule.regex else None
            assert not (literals and literals & common), rule.id


# -- the labelled corpus ------------------------------------------------------------------


def test_no_labelled_kept_line_is_removed_by_these_packs() -> None:
    if not present():
        pytest.skip(f"corpus not found under {SHARED} (../shared is absent)")
    literals = set()
    for name in (*NEW_PACKS, "thesun"):
        for rule in load_pack(name).rules:
            found = required_literals(rule.pattern) if rule.regex else None
            literals |= set(found) if found else {rule.pattern.casefold()}

    def may_fire(text: str) -> bool:  # no rule of these packs can fire without a literal
        folded = text.casefold()
        return any(literal in folded for literal in literals)

    checked, lost = reporting_lost(PIPELINE, frozenset(PACK_RULES), may_fire)
    assert checked > 100
    assert lost == []
