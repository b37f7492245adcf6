"""newsclean.integrations.datatrove: a real datatrove step, run on Document objects and
by datatrove's own LocalPipelineExecutor; skipped when datatrove is not installed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import newsclean

from .conftest import ROOT
from .user_filters import TEXTS, user_pipeline


def test_without_datatrove_the_import_error_says_how_to_install() -> None:
    code = (
        "import sys; sys.modules['datatrove'] = None\n"
        "try:\n    import newsclean.integrations.datatrove\n"
        "except ImportError as exc:\n    print(exc)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout
    assert out.strip() == (
        "newsclean.integrations.datatrove needs datatrove: pip install 'newsclean[datatrove]'"
    )


@pytest.fixture(scope="module")
def dt() -> Any:
    pytest.importorskip("datatrove")
    from newsclean.integrations import datatrove

    return datatrove


def documents(texts: list[str], **metadata: Any) -> list[Any]:
    from datatrove.data import Document

    return [Document(text=t, id=str(i), metadata=dict(metadata)) for i, t in enumerate(texts)]


def totals(step: Any) -> dict[str, float]:
    return {name: metric.total for name, metric in step.stats.stats.items()}


def test_it_is_a_datatrove_step_that_cleans_each_document(dt: Any) -> None:
    from datatrove.pipeline.base import PipelineStep

    step = dt.NewsCleanFormatter(metadata_key="newsclean")
    assert isinstance(step, PipelineStep)
    texts = [*TEXTS[:3], "Advertisement"]
    out = list(step.run(iter(documents(texts))))
    assert [d.text for d in out] == [newsclean.clean(t) for t in texts]  # nothing dropped
    assert [d.id for d in out] == ["0", "1", "2", "3"]
    assert out[0].metadata["newsclean"] == {
        "changes": 1,
        "lines_dropped": 1,
        "over_cleaned": False,
    }
    stats = totals(step)
    assert stats["total"] == stats["forwarded"] == 4
    assert stats["lines_dropped"] == stats["drop_promo"] == 4  # one promo line in each
    assert "dropped" not in stats


def test_it_drops_documents_emptied_by_cleaning_only_when_asked(dt: Any, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    from datatrove.pipeline.writers import ParquetWriter

    texts = [TEXTS[0], "Advertisement", "  "]
    writer = ParquetWriter(str(tmp_path / "excluded"), output_filename="${rank}.parquet")
    step = dt.NewsCleanFormatter(drop_empty=True, exclusion_writer=writer)
    out = list(step.run(iter(documents(texts))))
    assert [d.id for d in out] == ["0"]
    stats = totals(step)
    assert (stats["total"], stats["forwarded"], stats["dropped"], stats["dropped_empty"]) == (
        3,
        1,
        2,
        2,
    )
    (path,) = (tmp_path / "excluded").glob("*.parquet")
    excluded = pq.read_table(path).to_pylist()
    assert [(d["id"], d["metadata"]["filter_reason"]) for d in excluded] == [
        ("1", "empty"),
        ("2", "empty"),
    ]


def test_it_takes_options_a_pipeline_and_a_source_hint(dt: Any) -> None:
    step = dt.NewsCleanFormatter(uncurl_quotes=True)
    assert next(step.run(iter(documents(["“Q”"])))).text == '"Q"'
    custom = dt.NewsCleanFormatter(pipeline=user_pipeline())
    assert [d.text for d in custom.run(iter(documents(TEXTS[:2])))] == [
        user_pipeline().clean(t) for t in TEXTS[:2]
    ]
    with pytest.raises(newsclean.ConfigError, match="not both"):
        dt.NewsCleanFormatter(pipeline=user_pipeline(), preset="llm")
    with pytest.raises(newsclean.ConfigError, match="no_such_option"):
        dt.NewsCleanFormatter(no_such_option=1)  # at construction, not in a worker
    seen: list[str | None] = []

    class Spy(newsclean.Pipeline):
        def clean_and_explain(self, text: str, *, source: str | None = None) -> Any:
            seen.append(source)
            return super().clean_and_explain(text, source=source)

    spy = Spy(newsclean.Pipeline.default().steps)
    list(dt.NewsCleanFormatter(pipeline=spy).run(iter(documents(["a"], url="https://x.com/a"))))
    list(dt.NewsCleanFormatter(pipeline=spy, source_key=None).run(iter(documents(["a"], url="u"))))
    assert seen == ["https://x.com/a", None]


def test_a_datatrove_executor_runs_it_in_worker_processes(dt: Any, tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import ParquetReader
    from datatrove.pipeline.writers import ParquetWriter

    src = tmp_path / "in"
    src.mkdir()
    for part in range(2):
        rows = [{"id": f"{part}-{i}", "text": t} for i, t in enumerate(TEXTS[part::2])]
        pq.write_table(pa.Table.from_pylist(rows), src / f"part-{part}.parquet")
    LocalPipelineExecutor(
        pipeline=[
            ParquetReader(str(src)),
            dt.NewsCleanFormatter(pipeline=user_pipeline(), metadata_key="newsclean"),
            ParquetWriter(str(tmp_path / "out")),
        ],
        tasks=2,
        workers=2,  # the step (and the user's filter in it) pickles to the workers
        logging_dir=str(tmp_path / "logs"),
    ).run()
    got = {}
    for path in sorted((tmp_path / "out").glob("*.parquet")):
        got.update({d["id"]: d for d in pq.read_table(path).to_pylist()})
    expected = {f"{i % 2}-{i // 2}": user_pipeline().clean(t) for i, t in enumerate(TEXTS)}
    assert {k: d["text"] for k, d in got.items()} == expected
    assert all(d["metadata"]["newsclean"]["lines_dropped"] == 2 for d in got.values())
    stats = json.loads((tmp_path / "logs" / "stats.json").read_text(encoding="utf-8"))
    ours = next(s for s in stats if "newsclean" in s["name"])
    assert ours["stats"]["total"] == len(TEXTS)
