"""`newsclean clean --pipeline MODULE:ATTRIBUTE` (#17 item 6, the command-line part): your
own Pipeline, with your own filters, from an importable module or the --config file; in
worker processes too; every wrong spec a clear error (exit 2)."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from newsclean.cli import main

from . import cli_pipeline_fixture as fixture

SIGNOFF = "-- signed off by the desk"
TEXTS = [
    f"The council met on Monday.\n\n{SIGNOFF}\n\n“It voted,” she said.",
    f"Rain is expected.\n\nAdvertisement\n\n{SIGNOFF}",
    "The school reopened.",
]
SPEC = "tests.cli_pipeline_fixture:pipeline"


def call(argv: list[str], stdin: bytes = b"") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(
        argv, stdin=io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"), stdout=out, stderr=err
    )
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    src = tmp_path / "in.jsonl"
    records = [{"id": i, "text": t} for i, t in enumerate(TEXTS * 30)]
    src.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return src


def texts_of(out: str) -> list[str]:
    return [json.loads(line)["text"] for line in out.splitlines()]


def test_pipeline_instance_cleans_every_record(corpus: Path) -> None:
    code, out, err = call(["clean", str(corpus), "--pipeline", SPEC, "--quiet"])
    assert code == 0, err
    assert texts_of(out) == [fixture.pipeline.clean(t) for t in TEXTS * 30]
    assert SIGNOFF not in out


def test_user_filter_runs_in_worker_processes(corpus: Path, tmp_path: Path) -> None:
    explain = tmp_path / "changes.jsonl"
    argv = ["clean", str(corpus), "--pipeline", SPEC, "--workers", "2", "--chunksize", "5"]
    code, out, err = call([*argv, "--explain", str(explain), "--quiet"])
    assert code == 0, err
    assert texts_of(out) == [fixture.pipeline.clean(t) for t in TEXTS * 30]
    rows = [json.loads(line) for line in explain.read_text(encoding="utf-8").splitlines()]
    pids = {
        c["reason"].split("pid=")[1]
        for r in rows
        for c in r["changes"]
        if c["filter"] == "drop_signoffs"
    }
    assert pids  # the user's filter ran, and not in this process
    assert str(__import__("os").getpid()) not in pids


def test_a_function_returning_a_pipeline_and_one_article(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(TEXTS[0], encoding="utf-8")
    spec = "tests.cli_pipeline_fixture:make_pipeline"
    code, out, err = call(["clean", str(article), "--pipeline", spec])
    assert code == 0, err
    assert out == fixture.make_pipeline().clean(TEXTS[0]) + "\n"
    assert '"It voted,"' in out  # the function's own options (uncurl_quotes) hold


def test_pipeline_from_the_config_file(corpus: Path, tmp_path: Path) -> None:
    config = tmp_path / "nc.toml"
    config.write_text(f'pipeline = "{SPEC}"\n', encoding="utf-8")
    code, out, err = call(["clean", str(corpus), "--config", str(config), "--quiet"])
    assert code == 0, err
    assert texts_of(out) == [fixture.pipeline.clean(t) for t in TEXTS * 30]


def test_a_module_in_the_current_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "nc_local_pipes_17.py").write_text(
        "from newsclean import Pipeline\npipe = Pipeline.default().without('drop_promo')\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "path", [p for p in sys.path if p not in ("", str(tmp_path))])
    monkeypatch.delitem(sys.modules, "nc_local_pipes_17", raising=False)
    code, out, err = call(
        ["clean", "-", "--pipeline", "nc_local_pipes_17:pipe"], b"Advertisement\nNews."
    )
    assert code == 0, err
    assert out == "Advertisement\nNews.\n"


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("tests.cli_pipeline_fixture", "expected MODULE:ATTRIBUTE"),
        (":pipeline", "expected MODULE:ATTRIBUTE"),
        ("no_such_module_17:pipeline", "no module named 'no_such_module_17'"),
        ("tests.cli_pipeline_fixture:nope", "has no attribute 'nope'"),
        ("tests.cli_pipeline_fixture:not_a_pipeline", "expected a newsclean Pipeline"),
        ("tests.cli_pipeline_fixture:needs_an_argument", "calling needs_an_argument() failed"),
        ("tests.cli_pipeline_fixture:broken", "RuntimeError: no pipeline today"),
    ],
)
def test_every_wrong_spec_is_a_clear_error(spec: str, message: str) -> None:
    code, out, err = call(["clean", "-", "--pipeline", spec], b"News.")
    assert code == 2
    assert message in err
    assert err.startswith("newsclean: error: --pipeline")
    assert "Traceback" not in err
    assert out == ""


def test_pipeline_with_cleaning_options_is_refused(tmp_path: Path) -> None:
    code, _, err = call(["clean", "-", "--pipeline", SPEC, "--uncurl-quotes"], b"News.")
    assert code == 2
    assert "cannot be combined with cleaning options (uncurl_quotes)" in err
    config = tmp_path / "nc.toml"
    config.write_text(f'pipeline = "{SPEC}"\nuncurl_quotes = true\n', encoding="utf-8")
    code, _, err = call(["clean", "-", "--config", str(config)], b"News.")
    assert code == 2
    assert "uncurl_quotes" in err


def test_config_pipeline_is_refused_where_it_would_be_ignored(tmp_path: Path) -> None:
    config = tmp_path / "nc.toml"
    config.write_text(f'pipeline = "{SPEC}"\n', encoding="utf-8")
    code, _, err = call(["stats", "-", "--config", str(config)], b"News.")
    assert code == 2
    assert "'pipeline' is read by `newsclean clean` only" in err


def test_a_pipeline_that_does_not_pickle(corpus: Path) -> None:
    spec = "tests.cli_pipeline_fixture:local_pipeline"
    code, _, err = call(["clean", str(corpus), "--pipeline", spec, "--workers", "2"])
    assert code == 2
    assert "cannot be sent to worker processes" in err
    code, out, err = call(["clean", str(corpus), "--pipeline", spec, "--quiet"])
    assert code == 0, err  # one process: no pickling needed
    assert len(out.splitlines()) == 90


def test_the_run_summary_names_the_pipeline_spec(corpus: Path, tmp_path: Path) -> None:
    stats = tmp_path / "run.json"
    argv = ["clean", str(corpus), "--pipeline", SPEC, "--stats-json", str(stats), "-o", "-"]
    code, _, err = call([*argv, "--quiet"])
    assert code == 0, err
    summary = json.loads(stats.read_text(encoding="utf-8"))
    assert summary["run"]["pipeline_spec"] == SPEC
    steps = [step["name"] for step in summary["provenance"]["pipeline"]["steps"]]
    assert "drop_signoffs" in steps
