"""A press release's "About <organisation>" block goes; a section headed "About …" of
reporting stays (filters/about_blocks.py). Every text here is written for the tests."""

from __future__ import annotations

import newsclean

BODY = (
    "The clinic network said on Monday that it would open three more sites in the valley "
    "next year, after a survey found long waits for appointments."
)
ORG = "Example Health is a nonprofit network of clinics and hospitals in the valley."


def _reasons(text: str, **options: object) -> dict[str, str]:
    result = newsclean.clean_and_explain(text, **options)  # type: ignore[arg-type]
    return {c.before: c.reason for c in result.changes if c.after is None and c.before.strip()}


def test_the_heading_and_the_line_under_it_go_together() -> None:
    text = "\n\n".join([BODY, "About Example Health", ORG])
    assert newsclean.clean(text) == BODY
    assert _reasons(text) == {
        "About Example Health": "promo:heuristic.about-block:heading",
        ORG: "promo:heuristic.about-block:description",
    }


def test_a_section_of_reporting_headed_about_stays() -> None:
    study = "The trial enrolled 400 adults who were followed for two years."
    drug = "Example-12 is an investigational compound that blocks the enzyme."
    for heading, below in (("About the Study", study), ("About Example-12", drug)):
        text = "\n\n".join([BODY, heading, below])
        assert newsclean.clean(text) == text, heading


def test_a_pages_first_line_and_a_name_that_does_not_match_stay() -> None:
    assert newsclean.clean("\n\n".join(["About Example Health", ORG, BODY])).startswith("About")
    text = "\n\n".join([BODY, "About Other Group", ORG])
    assert newsclean.clean(text) == text


def test_the_heuristic_can_be_switched_off() -> None:
    text = "\n\n".join([BODY, "About Example Health", ORG])
    assert newsclean.clean(text, disabled_rules=["heuristic.about-block"]) == text
