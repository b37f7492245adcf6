"""The seed article as an acceptance test (issue: core)."""

from __future__ import annotations

import newsclean

DROPPED = {
    "NEWYou can now listen to Fox News articles!",
    "RUSSIA INVADES UKRAINE: LIVE UPDATES",
    "CLICK HERE TO GET THE FOX NEWS APP",
}
CAPTION_STARTS = (
    "NATO Secretary Jens Stoltenberg took questions",
    "This image made from a video released by Zaporizhzhia",
)


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n") if p.strip()]


def test_seed_drops_exactly_the_three_promo_lines(seed_text: str) -> None:
    result = newsclean.clean_and_explain(seed_text)
    promo = [c for c in result.changes if c.filter == "drop_promo"]
    assert {c.before.strip() for c in promo} == DROPPED
    assert all(c.after is None for c in promo)
    for line in DROPPED:
        assert line not in result.text


def test_seed_keeps_each_caption_once_with_its_credit(seed_text: str) -> None:
    out = paragraphs(newsclean.clean(seed_text))
    for start in CAPTION_STARTS:
        copies = [p for p in out if p.startswith(start)]
        assert len(copies) == 1, start
    assert copies[0].endswith("(Zaporizhzhia nuclear power plant via AP)")
    assert any(p.endswith("2022. (NATO)") for p in out)


def test_seed_keeps_every_other_paragraph_verbatim_and_in_order(seed_text: str) -> None:
    out = paragraphs(newsclean.clean(seed_text))
    expected = [
        p for p in paragraphs(seed_text) if p not in DROPPED and not p.startswith(CAPTION_STARTS)
    ]
    body = [p for p in out if not p.startswith(CAPTION_STARTS)]
    assert body == expected
    # curly quotes survive character for character
    assert "“painful decision,”" in "\n".join(out)
    assert "Biden’s" in "\n".join(out)


def test_seed_output_layout(seed_text: str) -> None:
    out = newsclean.clean(seed_text)
    assert not out.startswith("\n")
    assert not out.endswith("\n")
    assert "\n\n\n" not in out
    assert all(line == line.strip() for line in out.split("\n"))
    # the captions sit where the first copy stood: after the Stoltenberg quote
    lines = paragraphs(out)
    quote = next(i for i, p in enumerate(lines) if p.startswith("“We understand"))
    assert lines[quote + 1].startswith(CAPTION_STARTS[0])


def test_seed_explain_is_readable(seed_text: str) -> None:
    report = str(newsclean.clean_and_explain(seed_text))
    assert report.splitlines()[0].startswith("newsclean: 5 line(s) removed, ")
    assert "promo:foxnews.app-download" in report
    assert "promo:foxnews.listen" in report
    assert "promo:heuristic.allcaps-headline" in report
    assert "caption_duplicate_of:13:score=100.0" in report
    assert "line    1  removed  [drop_promo]" in report
