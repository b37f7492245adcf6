"""A custom Pipeline (with a user's filter) goes through every batch path: clean,
clean_many, clean_records(_results), the adapters, on worker processes too; a pipeline
that cannot reach the workers fails up front with a clear error. (The Dask paths are in
test_dask.py, on its cluster.)"""

from __future__ import annotations

import pickle
from collections.abc import Callable
from typing import Any

import pytest

import newsclean
from newsclean import ConfigError, Pipeline
from newsclean.adapters import clean_column, hf_batch_cleaner
from newsclean.api import resolve_pipeline

from .user_filters import TEXTS, lambda_pipeline, lock_pipeline, user_pipeline

EXPECTED = [user_pipeline().clean(t) for t in TEXTS]


def test_the_user_filter_changes_what_the_default_keeps() -> None:
    # otherwise the tests below could not tell the user's pipeline from the default
    assert all(e != newsclean.clean(t) for e, t in zip(EXPECTED, TEXTS, strict=True))
    assert all(not e.startswith("By ") for e in EXPECTED)


def test_resolve_pipeline_returns_the_pipeline_given() -> None:
    pipeline = user_pipeline()
    assert resolve_pipeline(pipeline=pipeline) is pipeline
    assert resolve_pipeline(None, {}, pipeline=pipeline) is pipeline


@pytest.mark.parametrize(
    ("config", "options", "named"),
    [
        (newsclean.CleanConfig(), {}, "config"),
        (None, {"uncurl_quotes": True}, "uncurl_quotes"),
        (newsclean.CleanConfig(), {"preset": "nlp"}, "config, preset"),
    ],
)
def test_a_pipeline_with_options_is_refused_not_ignored(
    config: Any, options: dict[str, Any], named: str
) -> None:
    with pytest.raises(ConfigError, match=f"not both \\(got pipeline= and {named}\\)"):
        resolve_pipeline(config, options, pipeline=user_pipeline())


def test_a_pipeline_must_be_a_pipeline() -> None:
    with pytest.raises(TypeError, match=r"pipeline must be a newsclean.Pipeline, not list"):
        resolve_pipeline(pipeline=[newsclean.TidyWhitespace()])  # type: ignore[arg-type]


def test_clean_and_clean_and_explain_take_a_pipeline() -> None:
    pipeline = user_pipeline()
    assert newsclean.clean(TEXTS[0], pipeline=pipeline) == EXPECTED[0]
    result = newsclean.clean_and_explain(TEXTS[0], pipeline=pipeline)
    assert result.text == EXPECTED[0]
    assert "drop_bylines" in result.stats


ENTRY_POINTS: list[Callable[..., Any]] = [
    lambda **kw: newsclean.clean("x", **kw),
    lambda **kw: newsclean.clean_and_explain("x", **kw),
    lambda **kw: newsclean.clean_many(["x"], **kw),
    lambda **kw: newsclean.clean_records([{"text": "x"}], **kw),
    lambda **kw: newsclean.clean_records_results([{"text": "x"}], **kw),
    lambda **kw: hf_batch_cleaner(**kw),
    lambda **kw: clean_column([], **kw),
]


@pytest.mark.parametrize("call", ENTRY_POINTS)
def test_every_entry_point_refuses_a_pipeline_with_options_at_the_call(
    call: Callable[..., Any],
) -> None:
    # at the call: not when a lazy iterator is first read
    with pytest.raises(ConfigError, match="not both"):
        call(pipeline=user_pipeline(), uncurl_quotes=True)


@pytest.mark.parametrize("workers", [1, 2])
def test_clean_many_runs_the_users_pipeline(workers: int) -> None:
    got = newsclean.clean_many(TEXTS, pipeline=user_pipeline(), workers=workers, chunksize=7)
    assert list(got) == EXPECTED


@pytest.mark.parametrize("workers", [1, 2])
def test_clean_records_runs_the_users_pipeline(workers: int) -> None:
    records = [{"id": i, "text": t} for i, t in enumerate(TEXTS)]
    out = list(
        newsclean.clean_records(
            records, pipeline=user_pipeline(), workers=workers, chunksize=4, explain_field="why"
        )
    )
    assert [r["text"] for r in out] == EXPECTED
    assert [r["id"] for r in out] == list(range(len(TEXTS)))
    assert all(any(c["filter"] == "drop_bylines" for c in r["why"]) for r in out)
    results = newsclean.clean_records_results(
        [*records[:3], {"id": "bad"}], pipeline=user_pipeline(), workers=workers
    )
    assert [r.error for r in results] == [None, None, None, "record has no field 'text'"]


def test_the_hf_batch_cleaner_runs_the_users_pipeline_and_pickles() -> None:
    clean_batch = hf_batch_cleaner(pipeline=user_pipeline(), explain_field="why")
    # datasets' map(num_proc=...) sends the function to worker processes
    clean_batch = pickle.loads(pickle.dumps(clean_batch))
    out = clean_batch({"text": TEXTS[:3], "id": [1, 2, 3]})
    assert out["text"] == EXPECTED[:3]
    assert out["id"] == [1, 2, 3]
    assert all(any(c["filter"] == "drop_bylines" for c in why) for why in out["why"])


def test_clean_column_runs_the_users_pipeline() -> None:
    pd = pytest.importorskip("pandas")
    got = clean_column(pd.Series([*TEXTS[:3], None]), pipeline=user_pipeline())
    assert got.tolist()[:3] == EXPECTED[:3]
    assert pd.isna(got.iloc[3])
    pl = pytest.importorskip("polars")
    assert clean_column(pl.Series(TEXTS[:3]), pipeline=user_pipeline()).to_list() == EXPECTED[:3]


@pytest.mark.parametrize("make", [lambda_pipeline, lock_pipeline])
@pytest.mark.parametrize(
    "call",
    [
        lambda p: newsclean.clean_many(TEXTS, pipeline=p, workers=2),
        lambda p: newsclean.clean_records([{"text": "x"}], pipeline=p, workers=2),
        lambda p: newsclean.clean_records_results([{"text": "x"}], pipeline=p, workers=0),
    ],
)
def test_a_pipeline_that_does_not_pickle_fails_at_the_call_with_a_hint(
    make: Callable[[], Pipeline], call: Callable[[Pipeline], Any]
) -> None:
    with pytest.raises(ConfigError, match="does not pickle") as info:
        call(make())  # not iterated: the error comes before any worker starts
    assert "top level of an importable module" in str(info.value)
    assert "workers=1" in str(info.value)


def test_a_pipeline_that_does_not_pickle_runs_in_one_process() -> None:
    texts = ["xx marks the spot", *TEXTS[:2]]
    pipeline = lambda_pipeline()
    assert list(newsclean.clean_many(texts, pipeline=pipeline)) == [pipeline(t) for t in texts]
    assert next(newsclean.clean_many(texts, pipeline=pipeline)) == "x marks the spot"


def test_find_duplicates_and_the_report_clean_with_the_users_pipeline() -> None:
    from newsclean import corpus, report

    # two pages that differ only in a line the user's filter drops (and the default keeps)
    body = "The council voted on Tuesday to close the old bridge for repairs next spring."
    records = [
        {"id": "a", "text": f"By Reporter One\n{body}"},
        {"id": "b", "text": f"By Reporter Two\n{body}"},
    ]
    found = corpus.find_duplicates(records, pipeline=user_pipeline(), furniture=False)
    assert found.clusters == {"a": ("a", "b")}
    assert found.decision("b").reason.startswith("exact duplicate")
    default = corpus.find_duplicates(records, furniture=False)
    assert not default.decision("b").reason.startswith("exact duplicate")
    with pytest.raises(ConfigError, match="not both"):
        corpus.find_duplicates(records, pipeline=user_pipeline(), strictness="aggressive")

    records = [{"id": i, "text": t} for i, t in enumerate(TEXTS)]
    ours = report.collect(records, pipeline=user_pipeline())
    theirs = report.collect(records)
    assert ours.tables() != theirs.tables()  # the bylines the user's filter drops are counted
    assert "byline" in report.build(records, pipeline=user_pipeline())
