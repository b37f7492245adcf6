"""Composition: order, reordering, custom filters, configure, the Filter protocol."""

from __future__ import annotations

import pickle
from dataclasses import dataclass

import pytest

import newsclean
from newsclean import ConfigError, Doc, LineFunction, Pipeline
from newsclean.pipeline import LineContext, LineEdit, apply_line_filter


def test_default_order_is_pinned() -> None:
    assert Pipeline.default().names == (
        "fix_encoding",
        "drop_promo",
        "collapse_captions",
        "tidy_whitespace",
    )


def test_default_pipeline_is_what_clean_runs(seed_text: str) -> None:
    assert Pipeline.default()(seed_text) == newsclean.clean(seed_text)
    assert Pipeline.default().clean_and_explain(seed_text) == newsclean.clean_and_explain(seed_text)


def test_pipeline_is_itself_a_filter() -> None:
    inner = Pipeline.default().without("tidy_whitespace")
    outer = Pipeline([inner, newsclean.TidyWhitespace()])
    text = "Advertisement\n\n\nThe council met on Tuesday."
    assert outer(text) == newsclean.clean(text)
    assert isinstance(inner(Doc.from_text(text)), Doc)


def test_configure_one_step_in_one_line() -> None:
    p = Pipeline.default().configure("collapse_captions", score_cutoff=99.0)
    assert p["collapse_captions"].score_cutoff == 99.0  # type: ignore[attr-defined]
    assert p.names == Pipeline.default().names
    with pytest.raises(ConfigError, match="collapse_captions"):
        Pipeline.default().configure("collapse_captions", nope=1)
    with pytest.raises(KeyError, match="no step named 'nope'"):
        Pipeline.default().configure("nope")


def test_plain_function_is_a_step_and_is_audited() -> None:
    def drop_bylines(line: str) -> str | None:
        return None if line.startswith("By ") else line

    p = Pipeline.default().insert(drop_bylines, after="drop_promo")
    assert p.names[2] == "drop_bylines"
    result = p.clean_and_explain("By Jane Doe\n\nThe news.")
    assert result.text == "The news."
    assert [c.reason for c in result.changes if c.filter == "drop_bylines"] == [
        "function:drop_bylines"
    ]


def test_line_function_must_return_str_or_none() -> None:
    p = Pipeline([LineFunction(func=lambda s: 3, name="bad")])  # type: ignore[arg-type,return-value]
    with pytest.raises(TypeError, match="must return str"):
        p("x")


def test_reordering_changes_what_is_seen() -> None:
    # With tidy first, the blank line left by the dropped promo line is not folded.
    text = "News one.\n\nAdvertisement\n\nNews two."
    reordered = Pipeline(
        [newsclean.TidyWhitespace(), newsclean.DropPromoLines(), newsclean.FixEncoding()]
    )
    assert reordered(text) == "News one.\n\n\nNews two."
    assert newsclean.clean(text) == "News one.\n\nNews two."


def test_user_filter_class_on_the_protocol() -> None:
    @dataclass(frozen=True, slots=True, kw_only=True)
    class DropShouting:
        name: str = "drop_shouting"

        def edit_line(self, line: str, context: LineContext) -> LineEdit | None:
            return LineEdit(None, "shouting") if line.isupper() else None

        def __call__(self, doc: Doc) -> Doc:
            return apply_line_filter(self, doc)

    p = Pipeline([DropShouting()])
    assert p("HEY\nquiet") == "quiet"
    assert isinstance(DropShouting(), newsclean.Filter)


def test_duplicate_step_names_are_rejected() -> None:
    with pytest.raises(ConfigError, match="unique"):
        Pipeline([newsclean.TidyWhitespace(), newsclean.TidyWhitespace()])


def test_non_callable_step_is_rejected() -> None:
    with pytest.raises(TypeError, match="pipeline step"):
        Pipeline([42])


def test_filters_and_pipeline_pickle_and_compare_equal() -> None:
    p = Pipeline.default()
    clone = pickle.loads(pickle.dumps(p))
    assert clone == p
    assert clone("Advertisement\nThe council met on Tuesday.") == "The council met on Tuesday."


def test_without_and_insert_before() -> None:
    p = Pipeline.default().without("drop_promo")
    assert "drop_promo" not in p.names
    p2 = p.insert(newsclean.DropPromoLines(), before="fix_encoding")
    assert p2.names[0] == "drop_promo"
    with pytest.raises(ConfigError):
        p.insert(newsclean.DropPromoLines(), before="fix_encoding", after="tidy_whitespace")
