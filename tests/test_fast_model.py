"""The learned line model's fast paths against their slow oracles (issue #18).

- ``linemodel.model.FAST_BOUND``: ``score_doc(..., min_score=)`` leaves out, unplaced and
  unscored, each line whose own features plus the most its place could add stay below
  ``min_score``; the place's most is read from ``features.context_alternatives``, so every
  line's context features must be one alternative of each group there.
- ``linemodel.features.FAST_OWN``: the quote and attribution searches run only on lines
  holding what they look for.
- ``linemodel.features.FAST_SCAN``: cheaper word splits and feature scans (also checked
  alone in ``tests/test_fast_model_scan.py``).

Oracle: every switch off. The output of ``clean_and_explain(model="default")`` (text and
every change, the model's score and its top features included) must be the same, at both
strictness values, on generated, real and scraped articles and under Hypothesis.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import newsclean
from newsclean import Doc
from newsclean.linemodel import DocContext, ScoreMemo, judgeable, load_model
from newsclean.linemodel import features as features_module
from newsclean.linemodel import model as model_module
from newsclean.linemodel.features import (
    MAX_WORDS,
    context_alternatives,
    context_features,
    own_features,
)

from .test_fast_paths import SETTINGS, explained, generated_articles, real_texts, scraped_texts

STRICTNESS = ("conservative", "aggressive")


def _switch(monkeypatch: Any, fast: bool) -> None:
    monkeypatch.setattr(model_module, "FAST_BOUND", fast)
    monkeypatch.setattr(features_module, "FAST_OWN", fast)
    monkeypatch.setattr(features_module, "FAST_SCAN", fast)


def corpora() -> Iterator[tuple[str, list[str]]]:
    yield "generated", generated_articles(120)
    yield "real", real_texts()
    yield "scraped", scraped_texts(300)


# -- the bound's groups cover every context feature ----------------------------------------
def check_one_alternative_per_group(
    lines: tuple[str, ...], featurise: Callable[..., list[str]] = context_features
) -> int:
    """Assert that each judged line's context features (``featurise``) are exactly one
    alternative of each group of ``context_alternatives``; return how many lines were
    checked."""
    ctx = DocContext.build(lines)
    repeats = Counter(line.strip() for line in lines if line.strip())
    checked = 0
    for i, line in enumerate(lines):
        words = ctx.words[i]
        if not words or len(words) > MAX_WORDS:
            continue
        place = featurise(line.strip(), i, words, ctx)
        nwb = own_features(line.strip(), words, ctx.outlet)[1]
        assert nwb.startswith("nw:")
        covered: list[str] = []
        for group in context_alternatives(nwb):
            names = {name for alternative in group for name in alternative}
            chosen = tuple(name for name in place if name in names)
            assert chosen in group, (line, chosen, group)
            covered.extend(chosen)
        assert sorted(covered) == sorted(place), (line, place)
        # the bound reads "repeat" off each line, as the model's ``_may_reach`` counts it
        assert ("repeat" in place) == (repeats[line.strip()] > 1), line
        checked += 1
    return checked


def test_context_features_are_one_alternative_per_group() -> None:
    checked = 0
    for _, texts in corpora():
        for text in texts:
            checked += check_one_alternative_per_group(Doc.from_text(text).lines)
    assert checked > 1000


def test_the_bound_reads_the_repeat_group_it_knows() -> None:
    # model.py handles this group line by line: it must be one of the groups, as spelled
    assert model_module._REPEAT in context_alternatives("nw:1")


def test_a_context_feature_outside_the_groups_is_caught() -> None:
    # a context feature the groups do not list (a new one, or a renamed one) fails the check
    def with_a_new_name(text: str, index: int, toks: Any, ctx: DocContext) -> list[str]:
        return [*context_features(text, index, toks, ctx), "brand:new"]

    def with_two_zones(text: str, index: int, toks: Any, ctx: DocContext) -> list[str]:
        return [*context_features(text, index, toks, ctx), "zone:head"]

    lines = Doc.from_text(generated_articles(1)[0]).lines
    assert check_one_alternative_per_group(lines) > 0
    for featurise in (with_a_new_name, with_two_zones):
        with pytest.raises(AssertionError):
            check_one_alternative_per_group(lines, featurise)


# -- the whole output, fast against slow ----------------------------------------------------
def test_fast_model_paths_change_no_output(monkeypatch: Any) -> None:
    for name, texts in corpora():
        for strictness in STRICTNESS:
            _switch(monkeypatch, True)
            fast = explained(texts, model="default", strictness=strictness)
            _switch(monkeypatch, False)
            slow = explained(texts, model="default", strictness=strictness)
            _switch(monkeypatch, True)
            assert fast == slow, (name, strictness)
            if name != "generated":  # the model has something to say on real text
                assert any(
                    str(c["rule"]).startswith("model.") for _, changes in fast for c in changes
                ), (name, strictness)


def test_the_bound_spares_lines_their_place_and_their_score(monkeypatch: Any) -> None:
    # what the speed comes from (counted, not timed): fewer lines placed in their document,
    # and far fewer scored in full
    calls = {"placed": 0, "scored": 0}
    place, score = features_module.context_features, model_module.LineScore

    def placed(*args: Any) -> list[str]:
        calls["placed"] += 1
        return place(*args)

    def scored(*args: Any) -> Any:
        calls["scored"] += 1
        return score(*args)

    monkeypatch.setattr(model_module, "context_features", placed)
    monkeypatch.setattr(model_module, "LineScore", scored)
    texts = real_texts()
    counts = {}
    for fast in (True, False):
        _switch(monkeypatch, fast)
        calls.update(placed=0, scored=0)
        explained(texts, model="default")
        counts[fast] = dict(calls)
    assert counts[True]["placed"] * 3 < counts[False]["placed"] * 2
    assert counts[True]["scored"] * 5 < counts[False]["scored"]


def test_min_score_keeps_exactly_the_lines_at_or_above_it() -> None:
    model = load_model()
    rng = random.Random(18)
    for text in generated_articles(20) + real_texts()[:30]:
        lines = Doc.from_text(text).lines
        only = [i for i, line in enumerate(lines) if judgeable(line)]
        full = model.score_doc(lines, only=only)
        # every score as a cut (a line scoring exactly the cut is kept), and a few more
        cuts = {s.score for s in full.values()} | {rng.random() for _ in range(3)}
        memo = ScoreMemo()
        for cut in sorted(cuts):
            got = model.score_doc(lines, only=only, min_score=cut, memo=memo)
            assert got == {i: s for i, s in full.items() if s.score >= cut}, cut


# -- under Hypothesis ---------------------------------------------------------------------
_POOL = [
    "Sign up for our daily newsletter to get the latest news in your inbox.",
    "CLICK HERE TO GET THE NEWS APP",
    "Follow us on Twitter and Facebook",
    "Advertisement",
    "Story continues below advertisement",
    "Related: Markets rally as rates hold",
    "Top stories this week",
    "“We will not back down,” the mayor said on Tuesday.",
    "The council voted 7-2 to approve the budget, according to officials.",
    "Zoë Brontë told reporters the talks in Kraków had stalled since March.",
    "Officials in Córdoba said the new rail line would open in 2027 after years of delay "
    "and a long dispute over the route through the old town and its narrow streets.",
    "© 2026 Example Media. All rights reserved.",
    "Photo: José Müller/Getty Images",
    "Watch: the moment the bridge opened",
    "Share this article",
    "Read more here.",
]
_WORDS = ["the", "said", "ASKED", "ſaid", "İstanbul", "Kelvin", "told", "you", "our", "news"]
_line = st.one_of(
    st.sampled_from(_POOL),
    st.lists(st.sampled_from(_WORDS), min_size=1, max_size=14).map(" ".join),
    st.just(""),
)
_document = st.lists(_line, min_size=3, max_size=18).map("\n".join)


@SETTINGS
@given(
    _document, st.sampled_from(STRICTNESS), st.sampled_from([None, "https://www.examplenews.com/a"])
)
def test_fast_model_paths_under_hypothesis(text: str, strictness: str, source: str | None) -> None:
    results = []
    for fast in (True, False):
        model_module.FAST_BOUND = fast
        features_module.FAST_OWN = features_module.FAST_SCAN = fast
        try:
            result = newsclean.clean_and_explain(
                text, source=source, model="default", strictness=strictness
            )
            results.append((result.text, [c.to_dict() for c in result.changes]))
        finally:
            model_module.FAST_BOUND = True
            features_module.FAST_OWN = features_module.FAST_SCAN = True
    assert results[0] == results[1]


_own_text = st.text(
    alphabet=st.sampled_from(list("saidtoldwrAS KEXPLN\"“”'‘’İıſK.,:é0/wWcomtvhp-")),
    min_size=1,
    max_size=40,
)


@SETTINGS
@given(_own_text)
@example("He \u017faid so.")  # long s: re.I matches it to "s"
@example("\u212anown as \u201cthe bridge,\u201d she told us")  # Kelvin sign: "k"
@example("It was ASKED")
@example("See \u017fite.\u212a12.CO.UK or HTTP://x")
def test_own_feature_gates_answer_as_the_searches(text: str) -> None:
    text = text.strip() or "x"
    words = features_module.line_words(text)
    answers = []
    for fast in (True, False):
        features_module.FAST_OWN = fast
        try:
            answers.append(own_features(text, words, frozenset()))
        finally:
            features_module.FAST_OWN = True
    assert answers[0] == answers[1]
