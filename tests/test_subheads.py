"""All-caps lines: the story's own subheads stay, other stories' headlines go (issue #14,
point 5: "ALL-CAPS subheads inside an article stay unless more than case says 'another
story'")."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import newsclean
from newsclean.filters.subheads import is_own_subhead, story_stems

PARAGRAPHS = [
    "Visitors to King's Cross station queue for an hour to push a luggage trolley into the "
    "wall between platforms nine and ten, staff at the station said on Tuesday morning.",
    "The station's managers say the queue is longest in August, when school holidays bring "
    "families from across Europe to the platform and the shop beside it, they said.",
    "Network Rail, which runs the station, said the trolley would stay where it is for as "
    "long as visitors keep coming, and that staff had been asked to keep the queue moving.",
]
SUBHEAD = "WHY VISITORS QUEUE AT KING'S CROSS STATION"
CROSS_LINK = "STREET RACING FARM TRACTOR IMPOUNDED BY POLICE"


def article(*inserts: tuple[int, str]) -> str:
    lines = list(PARAGRAPHS)
    for at, line in sorted(inserts, reverse=True):
        lines.insert(at, line)
    return "\n\n".join(lines)


def removed(text: str) -> dict[str, str]:
    result = newsclean.clean_and_explain(text)
    return {c.before: c.reason for c in result.changes if c.after is None and c.before.strip()}


def test_a_subhead_naming_the_story_stays() -> None:
    out = removed(article((1, SUBHEAD)))
    assert SUBHEAD not in out


def test_another_storys_headline_still_goes() -> None:
    out = removed(article((1, SUBHEAD), (3, CROSS_LINK)))
    assert out[CROSS_LINK].startswith("promo:heuristic.allcaps-headline")
    assert SUBHEAD not in out


def test_without_paragraphs_of_reporting_case_decides_as_before() -> None:
    # a page of short lines has no story to compare with: the case heuristic decides
    short = "\n\n".join(["Trains were late on Tuesday.", SUBHEAD, "More trains were late."])
    assert SUBHEAD in removed(short)


def test_a_cross_link_on_the_storys_own_topic_is_not_a_subhead() -> None:
    # the seed's cross-link shares "Russia" and "Ukraine" with the story, not the rest
    story = story_stems(
        [
            "Ukraine's president asked NATO again on Tuesday for a no-fly zone over Ukraine, "
            "and the alliance's members said again that Russia would draw them into the war."
        ]
    )
    assert not is_own_subhead("RUSSIA INVADES UKRAINE: LIVE UPDATES", story)
    assert is_own_subhead("NATO MEMBERS REFUSE A NO-FLY ZONE OVER UKRAINE", story)


@settings(max_examples=60, deadline=None)
@given(st.permutations([SUBHEAD, CROSS_LINK, "Advertisement", *PARAGRAPHS]))
def test_idempotent_in_any_order(lines: list[str]) -> None:
    text = "\n\n".join(lines)
    once = newsclean.clean(text)
    assert newsclean.clean(once) == once


def test_lead_ins_speaker_labels_dates_and_figures_are_not_headlines() -> None:
    from newsclean.filters.promo_heuristics import allcaps_headline_reason

    for line in (
        "SEN. JANE DOE (R), OHIO:",  # a transcript's speaker
        "AND THEN THE BAND PLAYED ON:",  # the writer's lead-in
        "JUNE 2016: THE COUPLE SEES THINGS DIFFERENTLY",  # a timeline entry
        "THE LONG ROAD HOME – 5",  # a table row: nominations
        "GOLD PRICE PER OUNCE $1,234.50",
    ):
        assert allcaps_headline_reason(line, 5) is None, line
    for line in ("READ MORE STORIES ON EXAMPLE.COM:", "RUSSIA INVADES UKRAINE: LIVE UPDATES"):
        assert allcaps_headline_reason(line, 5) is not None, line


def test_headings_of_the_articles_own_list_stay() -> None:
    entries = [
        ("BEST MALE ATHLETE OF THE YEAR", "Jon Example, Example City"),
        ("BEST FEMALE ATHLETE OF THE YEAR", "Ann Example, Example Town"),
        ("BEST COMEBACK OF THE WHOLE YEAR", "The Example Rovers"),
    ]
    lines = [PARAGRAPHS[0]]
    for heading, winner in entries:
        lines += [heading, winner]
    out = removed("\n\n".join(lines))
    assert not any(heading in out for heading, _ in entries)
    # two such headings are not yet a list: case decides as before
    two = removed("\n\n".join([PARAGRAPHS[0], *entries[0], *entries[1]]))
    assert entries[0][0] in two


def test_a_title_over_several_lines_stays_whole() -> None:
    title = ["REMARKS BY THE FIRST LADY", "AT THE EXAMPLE SCHOOL EVENT", "EXAMPLE CITY"]
    out = removed("\n\n".join([*title, *PARAGRAPHS]))
    assert not any(line in out for line in title)


def test_quotes_and_notes_wrapped_whole_are_not_headlines() -> None:
    from newsclean.filters.promo_heuristics import allcaps_headline_reason

    for line in (
        "‘VERY TRICKY TO SORT OUT’",
        '"OH NO SHE BETTER NOT BE THERE"',
        "*WARNING: SPOILERS FOR THE FINALE*",
    ):
        assert allcaps_headline_reason(line, 5) is None, line
    assert allcaps_headline_reason("'DANCING WITH THE STARS': A NEW PAIR LEADS", 5) is not None


def test_list_headings_stay_when_entries_end_on_a_mark() -> None:
    entries = [
        ("ACTOR IN A LEADING ROLE OF THE YEAR", "Jon Example, Example Film - WINNER!"),
        ("ACTRESS IN A LEADING ROLE OF THE YEAR", "Ann Example, Other Film - WINNER!"),
        ("ACTOR IN A SUPPORTING ROLE THIS YEAR", "Cy Example, Third Film - WINNER!"),
    ]
    lines = [PARAGRAPHS[0]]
    for heading, winner in entries:
        lines += [heading, winner]
    out = removed("\n\n".join(lines))
    assert not any(heading in out for heading, _ in entries)


def test_a_label_ending_on_a_word_that_needs_another_is_not_a_headline() -> None:
    from newsclean.filters.promo_heuristics import allcaps_headline_reason

    for line in ("BASED ON CHARACTERS CREATED BY", "MUSIC AND LYRICS WRITTEN AND PERFORMED BY"):
        assert allcaps_headline_reason(line, 5) is None, line
    assert allcaps_headline_reason(CROSS_LINK, 5) is not None
