"""Hypothesis properties over generated article-like text."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import newsclean
from newsclean import Doc, Pipeline

PROMO = [
    "CLICK HERE TO GET THE FOX NEWS APP",
    "NEWYou can now listen to Fox News articles!",
    "Advertisement",
    "Like us on Facebook",
    "RUSSIA INVADES UKRAINE: LIVE UPDATES",
]
BODY = [
    "NATO nations will not impose a no-fly zone over Ukraine, despite pleas from some.",
    "“We understand the desperation,” he said on Friday in Brussels, Belgium.",
    "The head of the agency said that no radiation was released in the attack.",
    "Bidenâ€™s administration has ruled out such a move &amp; more.",
    "Short line.",
    "",
    "   ",
]
CAPTION = "A photo caption about the summit in Brussels on Friday, March 4, 2022, with leaders."
CREDITED = CAPTION + " (AP Photo/Jane Doe)"

line = st.one_of(
    st.sampled_from(PROMO + BODY + [CAPTION, CREDITED]),
    st.text(max_size=80),
    st.text(alphabet="AB é’“”&;#\u00a0\u200b\t.\r", max_size=30),
)
article = st.lists(line, max_size=30).map(lambda ls: "\n".join(ls))

SETTINGS = settings(
    max_examples=int(os.environ.get("NEWSCLEAN_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@SETTINGS
@given(article)
def test_clean_is_idempotent(text: str) -> None:
    once = newsclean.clean(text)
    assert newsclean.clean(once) == once


@SETTINGS
@given(article)
def test_explain_text_equals_clean(text: str) -> None:
    assert newsclean.clean_and_explain(text).text == newsclean.clean(text)


@SETTINGS
@given(article)
def test_every_input_line_is_kept_or_accounted_for(text: str) -> None:
    source = Doc.from_text(text)
    out = Pipeline.default().run(source)
    kept = set(out.origins)
    dropped = {c.line_no for c in out.changes if c.after is None}
    assert kept | dropped == set(source.origins)
    assert not kept & dropped
    # lines keep their input order
    assert list(out.origins) == sorted(out.origins)


@SETTINGS
@given(article)
def test_output_lines_come_from_input_lines(text: str) -> None:
    source = Doc.from_text(text)
    out = Pipeline.default().run(source)
    edits: dict[int, set[str]] = {}
    for change in out.changes:
        if change.after is not None:
            edits.setdefault(change.line_no, set()).add(change.after)
    for line, origin in zip(out.lines, out.origins, strict=True):
        # either the input line itself, or text a recorded change produced for it
        assert line == source.lines[origin - 1] or line in edits.get(origin, set())


@SETTINGS
@given(st.lists(st.sampled_from(PROMO), max_size=10).map("\n\n".join))
def test_only_promo_cleans_to_nothing(text: str) -> None:
    assert newsclean.clean(text) == ""


@SETTINGS
@given(article)
def test_deterministic(text: str) -> None:
    assert newsclean.clean_and_explain(text) == newsclean.clean_and_explain(text)


# Lines of ours of the kinds whose removal changes another line's context: promo at the
# ends, captions printed twice, short lines, reporting.
_MODEL_LINES = [
    "The council voted on Tuesday to close the old bridge for repairs until the spring.",
    "Share this story",
    "Sign up for our newsletter",
    "A view of the old bridge from the river on Monday, March 4, 2024. (AP Photo/Jane Doe)",
    "A view of the old bridge from the river on Monday, March 4, 2024.",
    "Mayor Unveils Plan For New Parks",
    "Related Stories",
    "Photo: Getty Images",
    "Traffic will be diverted through the town centre, the mayor said.",
    "Follow us on Twitter",
    "O",
    "2 comments",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_MODEL_LINES), min_size=3, max_size=12))
def test_clean_with_the_line_model_is_idempotent(lines: list[str]) -> None:
    text = "\n\n".join(lines)
    once = newsclean.clean(text, model="default", strictness="aggressive")
    assert newsclean.clean(once, model="default", strictness="aggressive") == once
