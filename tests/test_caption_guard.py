"""A list's heading and entries are no copies of one another (filters/caption_guard.py).
Every text here is written for the tests."""

from __future__ import annotations

import pytest

import newsclean
from newsclean.filters import caption_guard, captions

HEADING = "BEST SUPPORTING ACTOR IN A LIMITED SERIES OR A MOVIE MADE FOR TELEVISION"
ENTRIES = [
    f"Best Supporting Actor in a Limited Series or a Movie Made for Television – {name}"
    for name in ("Jo Doe", "Al Roe", "Cy Poe", "Ed Moe")
]
INTRO = (
    "The academy announced its nominees on Monday morning in a ceremony streamed from "
    "its headquarters, with the winners to be named in January."
)


def _award_page() -> str:
    return "\n\n".join([INTRO, HEADING, *ENTRIES])


def test_a_heading_and_its_entries_all_stay() -> None:
    # the all-caps heuristic is off: the heading is what the entries extend
    text = _award_page()
    assert newsclean.clean(text, allcaps_headlines=False) == text


def test_without_the_guard_the_entries_collapse(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(captions, "LIST_GUARD", False)
    out = newsclean.clean(_award_page(), allcaps_headlines=False)
    assert sum(entry in out for entry in ENTRIES) < len(ENTRIES)


def _songs(between: int) -> str:
    credit = "Music by Jane Roe and Al Doe; Lyrics by Cy Poe and Ed Moe for the musical"
    song = [
        '"City of Stars" from the musical film',
        "Performed by the cast at the ceremony",
        "Nominated in the original song category",
    ]
    return "\n\n".join([INTRO, credit, *song[:between], f"{credit} - WINNER!"])


def test_a_mark_is_not_moved_onto_another_entry() -> None:
    text = _songs(between=3)
    assert newsclean.clean(text) == text


def test_a_copy_that_adds_a_name_right_beside_it_still_collapses() -> None:
    result = newsclean.clean_and_explain(_songs(between=0))
    assert [c.code for c in result.changes if c.filter == "collapse_captions"]


def test_exact_copies_far_apart_still_collapse() -> None:
    para = (
        "The ceremony will air live on Sunday, January 12, from the hangar in Santa "
        "Monica, the network said."
    )
    text = "\n\n".join([para, INTRO, HEADING, *ENTRIES, para])
    assert newsclean.clean(text).count(para) == 1


def test_a_paragraph_never_takes_on_a_longer_caption_copy() -> None:
    # a page that prints each photo's caption as a longer copy of a paragraph, with a label
    para = (
        "On Sunday the council finally asked the mayor for the accounts of the bridge "
        "repairs, after weeks of questions from residents."
    )
    caption = f"The moment: {para[:-1]}"
    text = "\n\n".join([para, INTRO, caption])
    result = newsclean.clean_and_explain(text)
    assert result.text.split("\n\n")[0] == para
    assert caption not in result.text


def test_a_credited_copy_still_gives_its_credit_to_the_first() -> None:
    cap = "The bridge seen from the river at dawn on Tuesday, before the repairs began"
    text = "\n\n".join([cap, INTRO, f"{cap} (Photo: Jane Doe/Example Wire)"])
    out = newsclean.clean(text)
    assert out.startswith(f"{cap} (Photo: Jane Doe/Example Wire)")
    assert out.count(cap) == 1


def test_a_caption_printed_before_the_paragraph_it_repeats_goes_not_the_paragraph() -> None:
    para = (
        "On Sunday the council finally asked the mayor for the accounts of the bridge "
        "repairs, after weeks of questions from residents."
    )
    caption = f"The moment: {para[:-1]}"
    for label in ("The moment:", "Hello, gorgeous!"):
        text = "\n\n".join([INTRO, f"{label} {para[:-1]}", MORE_BODY, para])
        assert newsclean.clean(text).split("\n\n") == [INTRO, MORE_BODY, para], label
    result = newsclean.clean_and_explain("\n\n".join([INTRO, caption, MORE_BODY, para]))
    assert result.text.split("\n\n") == [INTRO, MORE_BODY, para]
    (change,) = [c for c in result.changes if c.filter == "collapse_captions"]
    assert change.before == caption
    assert change.detail == "7"
    assert change.score is not None
    assert change.score >= 90


def test_a_speakers_label_is_no_caption_label() -> None:
    quote = "We will rebuild the bridge before the winter comes, whatever the council says"
    text = "\n\n".join([INTRO, f"Jane Doe: {quote}", MORE_BODY, quote])
    out = newsclean.clean(text)
    assert f"Jane Doe: {quote}" in out


MORE_BODY = "The repairs are due to start in March and to last about six weeks, officials said."


def _two_categories(entry: str, marked: str) -> str:
    """A schedule that shows one film on two days, under each day's heading."""
    first = [f"{t} – {film}" for t, film in (("7:00 a.m.", "Dune (1984)"), ("9:00 a.m.", "Heat"))]
    second = [f"{t} – {film}" for t, film in (("6:00 p.m.", "Alien"), ("8:00 p.m.", "Brazil"))]
    return "\n\n".join(
        [INTRO, "Saturday, Dec. 1", *first, entry, "Sunday, Dec. 2", *second, marked, MORE_BODY]
    )


def test_the_same_entry_under_two_headings_stays_twice() -> None:
    # a film shown on two days of a schedule, a nominee of two categories: each heading
    # keeps its own entry
    entry = "9:15 p.m. – The Grinch Who Stole the Winter Fair (2000)"
    text = _two_categories(entry, entry)
    assert newsclean.clean(text) == text


def test_without_the_list_run_the_second_entry_collapses(monkeypatch: pytest.MonkeyPatch) -> None:
    entry = "9:15 p.m. – The Grinch Who Stole the Winter Fair (2000)"
    monkeypatch.setattr(caption_guard, "in_list_run", lambda lines, i, gone=(): False)
    monkeypatch.setattr(caption_guard, "_entry", lambda lines, i: False)
    assert newsclean.clean(_two_categories(entry, entry)).count(entry) == 1


SONGS = [
    "The Harbour Band feat. Jo Doe, “Closer to the Pier”",
    "Al Roe & the Gulls, “Lighthouse”",
    "Cy Poe feat. Ed Moe, “Low Tide”",
]


def test_a_song_that_wins_two_categories_stays_under_each() -> None:
    # entries "Artist, “Song”" have no dash or label: no run of list_runs' shapes, yet
    # short lines without a sentence's mark, each beside another, make a list
    winner = "Di Foe & Daddy Crab feat. Jo Doe, “Salt Water Blues” -- WINNER"
    text = "\n\n".join(
        [
            INTRO,
            "SONG OF THE YEAR",
            SONGS[0],
            winner,
            SONGS[1],
            "FAVORITE SONG – POP",
            SONGS[0],
            winner,
            SONGS[2],
            MORE_BODY,
        ]
    )
    assert newsclean.clean(text) == text


def test_a_block_printed_twice_still_collapses_inside() -> None:
    # a gallery's captions printed twice: the lines inside the second copy stand between
    # the same lines as in the first, so they are copies
    block = [
        "Jo Doe arrives at the harbour gala in Example City on Friday night",
        "The lighthouse lit up for the first time since May, its keeper said",
        "Crowds wait for the tall ships on the pier before the parade starts",
        "Fireworks over the old customs house close the harbour festival",
    ]
    text = "\n\n".join([INTRO, *block, MORE_BODY, *block])
    out = newsclean.clean(text)
    assert out.count(block[1]) == 1
    assert out.count(block[2]) == 1


def test_a_caption_beside_reporting_is_no_list_entry() -> None:
    cap = "Crowds gather at the harbour wall as the tall ships arrive on Saturday morning"
    text = "\n\n".join([cap, INTRO, MORE_BODY, f"{cap} (Photo: Jane Doe/Example Wire)"])
    assert newsclean.clean(text).count(cap) == 1


def test_a_transcript_keeps_a_line_said_twice() -> None:
    said = "AUDIENCE MEMBER: We love you, we love you so much, Mr. President!"
    speech = [
        "THE PRESIDENT: Thank you all for coming out tonight to this wonderful hall.",
        said,
        "THE PRESIDENT: Thank you. We have a lot to talk about tonight, a lot of work.",
        "MODERATOR: Please take your seats, the remarks will continue in a moment.",
        f"{said} (Applause.)",
    ]
    text = "\n\n".join(speech)
    assert newsclean.clean(text) == text
    # outside a transcript, the same pair collapses
    assert (
        newsclean.clean("\n\n".join([INTRO, said, MORE_BODY, f"{said} (Applause.)"])).count(said)
        == 1
    )
