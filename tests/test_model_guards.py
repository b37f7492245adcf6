"""What the line model flags and its page shows is reporting stays (filters/model_guards.py).
Every text here is written for the tests."""

from __future__ import annotations

import pytest

import newsclean
from newsclean.filters import model_guards, promo

PROSE = (
    "The council met for four hours on Tuesday and heard from more than forty residents "
    "about the plan for the harbour."
)


def test_a_fact_box_entry_stays_unless_the_model_flags_the_whole_box() -> None:
    box = [PROSE, "Year: 2017", "Director: Jo Doe", "Stars: Al Roe, Di Poe, Cy Moe", "Genre: Drama"]
    assert model_guards.spared(box, {3}) == {3: "list_entry"}
    assert model_guards.spared(box, {1, 2, 3, 4}) == {}


def test_nominees_in_a_dashed_run_stay() -> None:
    lines = [PROSE, *(f"{who} – Example Show" for who in ("Jo Doe", "Al Roe", "Cy Poe"))]
    assert model_guards.spared(lines, {2}) == {2: "list_entry"}


def test_a_comma_list_entry_among_others_stays() -> None:
    lines = [
        PROSE,
        "Jane Doe, University of Example, Springfield",
        "Al Roe, Example Institute, Shelbyville",
        "Cy Poe, Example College, Capital City",
    ]
    assert model_guards.spared(lines, {3}) == {3: "list_entry"}
    assert model_guards.spared([PROSE, lines[1], PROSE], {1}) == {}


def test_a_short_line_that_ends_the_sentence_before_it_stays() -> None:
    lead = "Outside the station stood a large painted board with an arrow and a sign that reads:"
    assert model_guards.spared([lead, "You Are Here."], {1}) == {1: "sentence_end"}
    # a heading ending in a colon is no sentence running on
    assert model_guards.spared(["Related:", "You Are Here."], {1}) == {}


def test_tune_in_and_study_citations_stay() -> None:
    lines = [
        PROSE,
        "The series returns Mondays at 9 p.m. on Example TV.",
        "SOURCE: Journal of Example Medicine, online March 3, 2011.",
        "Follow us on Twitter for more.",
    ]
    assert model_guards.spared(lines, {1, 2, 3}) == {1: "tune_in", 2: "study_citation"}


@pytest.mark.parametrize(
    "line",
    [
        "SOURCE: Archives of Example Psychiatry, May 2010.",
        "SOURCE: bit.ly/abc123 Example Neurology, online June 15, 2011.",
        "SOURCE: Journal of Example Medicine, Sept. 4, 2012",
    ],
)
def test_a_journal_and_its_issue_is_a_study_citation(line: str) -> None:
    assert model_guards.spared([PROSE, line], {1}) == {1: "study_citation"}


@pytest.mark.parametrize(
    "line",
    [
        "Source: Example News, May 2010. Read more at example.com",
        "SOURCE: https://example.com/story, May 2010.",
        "Source: the company, which declined to comment in May 2010 on the plan.",
    ],
)
def test_other_source_lines_are_no_study_citation(line: str) -> None:
    assert model_guards.spared([PROSE, line], {1}) == {}


def test_the_filter_consults_the_guards(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "\n\n".join(
        [PROSE, PROSE + " Again.", "Looking for something else? Search our archive", PROSE]
    )

    def model_changes() -> list[str]:
        result = newsclean.clean_and_explain(text, model="default")
        return [c.before for c in result.changes if (c.rule or "").startswith("model.")]

    assert model_changes() == ["Looking for something else? Search our archive"]
    monkeypatch.setattr(promo, "model_spared", lambda lines, flagged: dict.fromkeys(flagged, "x"))
    assert model_changes() == []


def test_a_line_between_two_flagged_lines_goes_when_the_model_is_near(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    other = "The plan was approved by a narrow vote late on Tuesday night, officials said."
    archive, galleries = (
        "Looking for something else? Search our archive",
        "Looking for more? Browse our photo galleries",
    )

    def model_changes(*middle: str) -> dict[str, str]:
        text = "\n\n".join([PROSE, other, *middle, other + " Again."])
        result = newsclean.clean_and_explain(text, model="default")
        return {c.before: c.detail for c in result.changes if (c.rule or "").startswith("model.")}

    between = model_changes(archive, "The harbour plan", galleries)
    assert between.keys() == {archive, "The harbour plan", galleries}
    assert between["The harbour plan"].startswith("between_flagged+")
    # beside one flagged line only, the same line stays
    assert "The harbour plan" not in model_changes(archive, "The harbour plan", other + " Also.")
    # with the share at the threshold itself, nothing is taken for its neighbours
    monkeypatch.setattr(promo, "BETWEEN_SHARE", 1.0)
    assert model_changes(archive, "The harbour plan", galleries).keys() == {archive, galleries}


def test_a_name_among_kept_names_stays() -> None:
    # award nominees under a category heading: the model may flag one name alone
    lines = [PROSE, "ARTIST OF THE YEAR", "Jo Doe", "Al Roe", "Cy Poe -- WINNER", "Di Moe"]
    assert model_guards.spared(lines, {3}) == {3: "list_entry"}
    # flagged with its neighbours (a block of other stories' headlines), it goes
    assert model_guards.spared(lines, {2, 3, 4, 5}) == {}
    # a short line among sentences is no list entry
    prose = [PROSE, "Jo Doe", PROSE + " Again.", "Trending Now", PROSE + " Later."]
    assert model_guards.spared(prose, {3}) == {}


def test_a_line_between_is_taken_only_when_both_neighbours_go_whole() -> None:
    lines = ["Image zoom HBO", "Varys", "Follow us for more", "The mayor spoke today."]
    scores = {1: 0.5}
    assert model_guards.between_flagged(lines, scores, {0, 2}, 0.3) == [1]
    # a rule only trims "Image zoom" off the first: it stays, and so does the line after it
    assert model_guards.between_flagged(lines, scores, {0, 2}, 0.3, lambda j: j == 0) == []
    winner = ["Follow us", "Moana -- WINNER", "Follow us on Twitter", "The mayor spoke."]
    assert model_guards.between_flagged(winner, {1: 0.5}, {0, 2}, 0.3) == []


def test_a_phone_number_or_a_label_is_no_name() -> None:
    lines = [PROSE, "Jo Doe", "Al Roe", "Blog Link: example", "Cy Poe", "Di Moe"]
    assert model_guards.spared(lines, {3}) == {}
