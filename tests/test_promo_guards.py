"""The page-level guards on promo rules (filters/promo_guards.py): a page of bracketed stage
directions keeps them, and a page's own tagged headline keeps its first line. All text
here is written for the tests."""

from __future__ import annotations

import pytest

import newsclean
from newsclean.filters import promo
from newsclean.filters.promo_guards import CROWDED

BODY = (
    "The council voted on Tuesday to close the bridge for six weeks of repairs after "
    "engineers found cracks in two of its support beams."
)
MORE = (
    "The mayor said detours would be posted on nearby roads and that the city had set "
    "aside two million dollars for the work, most of it from a state grant."
)


def _script(directions: int) -> str:
    lines = []
    for i in range(directions):
        lines.append(f"ANNA: Where were you on the night of the {i + 2}th, Tom?")
        lines.append(f"[Tom walks slowly to the window and looks out at the street {i}]")
    return "\n".join(lines)


def _dropped(text: str) -> set[str]:
    result = newsclean.clean_and_explain(text)
    return {c.before for c in result.changes if c.after is None and c.before.strip()}


def test_a_page_of_stage_directions_keeps_them() -> None:
    text = _script(CROWDED + 1)
    assert newsclean.clean(text) == text


def test_a_few_bracketed_crosslinks_still_go() -> None:
    links = [
        "[Tom walks slowly to the window and looks out at the street 1]",
        "[A county's nickel tax on plastic bags is paying off, officials say]",
    ]
    text = "\n\n".join([BODY, links[0], MORE, links[1]])
    assert _dropped(text) == set(links)


def test_the_guard_can_be_switched_off(monkeypatch: pytest.MonkeyPatch) -> None:
    text = _script(CROWDED + 1)
    monkeypatch.setattr(promo, "GUARDS", False)
    assert len(_dropped(text)) == CROWDED + 1


def test_a_tagged_headline_on_the_first_line_stays_and_later_ones_go() -> None:
    headline = "Plane found in the Java Sea after a week of searching [VIDEO]"
    crosslink = "Storm batters the northern coast overnight [VIDEO]"
    text = "\n\n".join([headline, BODY, MORE, crosslink])
    out = newsclean.clean(text)
    assert out.startswith(headline)
    assert crosslink not in out
    assert newsclean.clean(out) == out


def test_revealed_on_the_first_line_stays_related_does_not() -> None:
    revealed = "REVEALED: The bridge the council forgot to inspect for ten years"
    related = "RELATED: Council approves the new budget after a long debate"
    assert newsclean.clean("\n\n".join([revealed, BODY, MORE])).startswith(revealed)
    assert related not in newsclean.clean("\n\n".join([related, BODY, MORE]))
    # further down the page the same labels mark links to other stories
    assert revealed not in newsclean.clean("\n\n".join([BODY, revealed, MORE]))


def test_leading_blank_lines_do_not_move_the_first_line() -> None:
    headline = "Plane found in the Java Sea after a week of searching [VIDEO]"
    text = "\n\n\n" + "\n\n".join([headline, BODY, MORE])
    assert headline in newsclean.clean(text)


def test_a_caps_label_crosslink_goes_but_not_on_the_first_line_nor_as_a_credit() -> None:
    link = "PHOTOS: The couple's first year together in pictures"
    assert link not in newsclean.clean("\n\n".join([BODY, link, MORE]))
    assert newsclean.clean("\n\n".join([link, BODY, MORE])).startswith(link)
    for kept in ("Photos: Jane Doe/Example Wire", "Video showed the suspect leaving at noon."):
        assert kept in newsclean.clean("\n\n".join([BODY, kept, MORE]))


def test_the_new_heuristics_can_be_switched_off_by_id() -> None:
    link = "PHOTOS: The couple's first year together in pictures"
    blob = "12 PHOTOS The bridge through the years See Gallery The bridge through the years"
    cta = "Tap here to get alerts on your phone"
    for line, rule in (
        (link, "heuristic.caps-label"),
        (blob, "heuristic.gallery-residue"),
        (cta, "heuristic.call-to-action"),
    ):
        text = "\n\n".join([BODY, line, MORE])
        assert line not in newsclean.clean(text), rule
        assert line in newsclean.clean(text, disabled_rules=[rule]), rule


def test_an_unknown_id_names_the_heuristics_that_can_be_switched_off() -> None:
    with pytest.raises(newsclean.errors.RuleError, match=r"heuristic\.caps-label"):
        newsclean.clean(BODY, disabled_rules=["heuristic.no-such-thing"])
