"""newsclean.dask on a real dask.distributed LocalCluster (2 worker processes): the same
results as the single-process path."""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("distributed")
pytest.importorskip("numpy")

import dask.bag as db
import dask.dataframe as dd
import pandas as pd

import newsclean
from newsclean import corpus
from newsclean import dask as nd
from newsclean.cli import main

from .synth_corpus import boilerplate_corpus, duplicates_corpus
from .user_filters import TEXTS, lambda_pipeline, lock_pipeline, user_pipeline


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    with nd.client(workers=2) as c:
        assert len(c.nthreads()) == 2
        yield c


@pytest.fixture(scope="module")
def dups() -> list[dict[str, Any]]:
    return duplicates_corpus(stories=120)[0]


def test_clean_bag_equals_clean(client: Any, dups: list[dict[str, Any]]) -> None:
    texts = [r["text"] for r in dups[:40]]
    got = nd.clean_bag(db.from_sequence(texts, npartitions=4)).compute()
    assert got == [newsclean.clean(t) for t in texts]


def test_clean_records_bag_keeps_other_fields(client: Any, dups: list[dict[str, Any]]) -> None:
    got = nd.clean_records_bag(db.from_sequence(dups[:10], npartitions=3)).compute()
    assert got == list(newsclean.clean_records(dups[:10]))


def test_clean_column_keeps_missing_values(client: Any, dups: list[dict[str, Any]]) -> None:
    texts = [r["text"] for r in dups[:10]]
    frame = pd.DataFrame({"id": range(11), "text": [*texts, None]})
    got = nd.clean_column(dd.from_pandas(frame, npartitions=3)).compute()
    assert list(got["text"][:10]) == [newsclean.clean(t) for t in texts]
    assert pd.isna(got["text"].iloc[10])
    assert list(got["id"]) == list(range(11))


def test_clean_column_names_a_missing_column(client: Any) -> None:
    frame = dd.from_pandas(pd.DataFrame({"body": ["x"]}), npartitions=1)
    with pytest.raises(newsclean.ConfigError, match="no column 'text'"):
        nd.clean_column(frame)


def test_the_dask_paths_run_a_users_pipeline(client: Any) -> None:
    # the user's filter class lives in an importable module: the workers unpickle it
    pipeline = user_pipeline()
    expected = [pipeline.clean(t) for t in TEXTS]
    assert expected != [newsclean.clean(t) for t in TEXTS]
    bag = db.from_sequence(TEXTS, npartitions=3)
    assert nd.clean_bag(bag, pipeline=pipeline).compute() == expected
    records = db.from_sequence([{"id": i, "text": t} for i, t in enumerate(TEXTS)], npartitions=3)
    got = nd.clean_records_bag(records, pipeline=pipeline).compute()
    assert [r["text"] for r in got] == expected
    frame = dd.from_pandas(pd.DataFrame({"text": [*TEXTS, None]}), npartitions=3)
    column = nd.clean_column(frame, pipeline=pipeline).compute()["text"]
    assert list(column[: len(TEXTS)]) == expected
    assert pd.isna(column.iloc[len(TEXTS)])
    # Dask serializes with cloudpickle, which takes a lambda that pickle refuses
    with_lambda = lambda_pipeline()
    texts = ["xx marks the spot", *TEXTS[:3]]
    got = nd.clean_bag(db.from_sequence(texts, npartitions=2), pipeline=with_lambda).compute()
    assert got == [with_lambda.clean(t) for t in texts]


@pytest.mark.parametrize("function", ["clean_bag", "clean_records_bag", "clean_column"])
def test_a_pipeline_dask_cannot_serialize_fails_on_the_client(function: str) -> None:
    # no client: the error comes when the graph is built, not from a worker
    if function == "clean_column":
        data: Any = dd.from_pandas(pd.DataFrame({"text": ["x"]}), npartitions=1)
    else:
        data = db.from_sequence(["x"], npartitions=1)
    with pytest.raises(newsclean.ConfigError, match=f"newsclean.dask.{function} sends"):
        getattr(nd, function)(data, pipeline=lock_pipeline())
    with pytest.raises(newsclean.ConfigError, match="not both"):
        getattr(nd, function)(data, pipeline=user_pipeline(), uncurl_quotes=True)


def test_read_jsonl_reads_compressed_and_plain_files(
    client: Any, tmp_path: Path, dups: list[dict[str, Any]]
) -> None:
    # gzip cannot be split into blocks: Dask refused the blocksize read_jsonl gave it
    parts = [dups[:40], dups[40:80], dups[80:]]
    names = ["part-0.jsonl.gz", "part-1.jsonl", "part-2.jsonl.gz"]
    for name, part in zip(names, parts, strict=True):
        data = "".join(json.dumps(r) + "\n" for r in part).encode()
        (tmp_path / name).write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    assert nd.read_jsonl(str(tmp_path / "*.jsonl.gz")).compute() == dups[:40] + dups[80:]
    listed = [str(tmp_path / n) for n in names]
    assert nd.read_jsonl(listed, blocksize=2000).compute() == dups
    assert nd.read_jsonl(str(tmp_path / "part-*")).compute() == dups
    assert nd.find_duplicates(nd.read_jsonl(listed)) == corpus.find_duplicates(dups)
    with pytest.raises(FileNotFoundError, match="matched no files"):
        nd.read_jsonl(str(tmp_path / "nothing-*.jsonl"))


def test_find_duplicates_matches_single_process(client: Any, dups: list[dict[str, Any]]) -> None:
    single = corpus.find_duplicates(dups)
    assert single.clusters
    for parts in (1, 5):
        assert nd.find_duplicates(db.from_sequence(dups, npartitions=parts)) == single


def test_learn_boilerplate_matches_single_process(client: Any) -> None:
    records = boilerplate_corpus(articles_per_site=40)[0]
    single = corpus.learn_boilerplate(records, sample=30)
    assert single.rules
    got = nd.learn_boilerplate(db.from_sequence(records, npartitions=6), sample=30)
    assert got == single


@pytest.mark.parametrize(
    ("function", "options"),
    [
        ("learn_boilerplate", {"min_share": 0}),
        ("learn_boilerplate", {"max_words": 10}),  # a setting, not an option of the function
        ("learn_boilerplate", {"threshold": 0.5}),
        ("find_duplicates", {"threshold": 2}),
        ("find_duplicates", {"prefer": None, "policy": "random"}),
        ("find_duplicates", {"score_cutoff": 1000}),  # a cleaning option, checked up front
        ("find_duplicates", {"min_share": 0.5}),
    ],
)
def test_the_dask_path_takes_and_checks_the_same_options(
    function: str, options: dict[str, Any]
) -> None:
    with pytest.raises(Exception) as single:  # noqa: PT011 - compared below
        getattr(corpus, function)([], **options)
    bag = db.from_sequence([{"id": "a", "text": "x"}], npartitions=1)
    with pytest.raises(type(single.value)) as on_dask:  # before any computing: no client
        getattr(nd, function)(bag, **options)
    assert str(on_dask.value) == str(single.value)


def test_the_dask_path_needs_ids(client: Any) -> None:
    bag = db.from_sequence([{"text": "no id here"}], npartitions=1)
    with pytest.raises(ValueError, match="needs an id"):
        nd.find_duplicates(bag)


def test_cli_runs_on_a_scheduler_address(client: Any, tmp_path: Path, dups: Any) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in dups), encoding="utf-8")
    address = client.scheduler.address
    outputs = {}
    for name, extra in (("local", []), ("dask", ["--scheduler", address])):
        for command in ("clean", "dedupe"):
            out = tmp_path / f"{command}-{name}.jsonl"
            err = io.StringIO()
            code = main([command, str(src), "-o", str(out), "--quiet", *extra], stderr=err)
            assert code == 0, err.getvalue()
            outputs[command, name] = out.read_bytes()
        pack = tmp_path / f"learn-{name}.toml"
        assert main(["learn", str(src), "-o", str(pack), "--quiet", *extra]) == 0
        outputs["learn", name] = pack.read_bytes()
    for command in ("clean", "dedupe", "learn"):
        assert outputs[command, "local"] == outputs[command, "dask"], command


def test_unreadable_lines_do_not_stop_learn_or_dedupe(client: Any, tmp_path: Path) -> None:
    # D21: one malformed line (bad JSON, a list, deep nesting, a huge number) killed the run
    good = [
        {"id": f"r{i}", "outlet": "site", "text": f"Story {i} about the bridge.\nFooter line"}
        for i in range(12)
    ]
    src = tmp_path / "in.jsonl"
    bad = ["{not json", "[1, 2]", "[" * 100_000, "1" * 5000]
    src.write_text(
        "\n".join([*map(json.dumps, good[:6]), *bad, *map(json.dumps, good[6:])]) + "\n",
        encoding="utf-8",
    )
    learned = nd.learn_boilerplate(nd.read_jsonl(str(src)), min_docs=3)
    assert learned.skipped == len(bad)
    found = nd.find_duplicates(nd.read_jsonl(str(src)))
    assert found.records == len(good)


def test_a_record_without_an_id_is_a_clear_error_on_the_cli(client: Any, tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"text": "no id here"}) + "\n", encoding="utf-8")
    err = io.StringIO()
    code = main(["dedupe", str(src), "--scheduler", client.scheduler.address], stderr=err)
    assert code != 0
    assert "needs an id" in err.getvalue()
    assert "Traceback" not in err.getvalue()
