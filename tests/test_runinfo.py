"""Run summaries (#17 item 7): one source of counts for the command line's summary, its
--stats-json file and the batch API; provenance that rebuilds the pipeline; a status
however the run ends."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

import newsclean
from newsclean import ConfigError, Pipeline
from newsclean.batch import clean_records_results
from newsclean.cli import main
from newsclean.cli.runner import CorpusRun, RejectError
from newsclean.pipeline import LineFunction
from newsclean.rules import builtin_pack_names, load_pack
from newsclean.runinfo import (
    SCHEMA,
    RunSummary,
    config_of,
    load_summary,
    provenance,
    rebuild_pipeline,
)

# Generated text (no publisher's): promo lines of several families, a caption repeated,
# mojibake, an over-cleaned record, and a record of promo only.
RECORDS: list[dict[str, Any]] = [
    {"id": "a1", "text": "Advertisement\nThe council met on Monday.\nIt voted 5-2."},
    {"id": "a2", "text": "CLICK HERE TO GET THE FOX NEWS APP\n\nThe bridge reopened."},
    {"id": "a3", "text": "The mayor spoke.\nSign up for our newsletter!\nRoads closed."},
    {"id": "a4", "text": "Advertisement\nAdvertisement\nShort."},
    {"id": 5, "text": "The café reopened â€” finally.\r\nCustomers queued.\r\n"},
    {"id": "a6", "body": "no text field"},
    {"id": "a7", "text": "RUSSIA INVADES UKRAINE: LIVE UPDATES\nTroops moved overnight."},
]


def _jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _run(tmp_path: Path, **kwargs: Any) -> tuple[CorpusRun, io.StringIO]:
    err = io.StringIO()
    src = kwargs.pop("src", None) or _jsonl(tmp_path / "in.jsonl", RECORDS)
    run = CorpusRun(
        pipeline=kwargs.pop("pipeline", Pipeline.default()),
        inputs=[(str(src), str(src))],
        output=kwargs.pop("output", str(tmp_path / "out.jsonl")),
        stdout=io.StringIO(),
        stderr=err,
        **kwargs,
    )
    return run, err


def test_stats_file_batch_api_and_stderr_summary_agree(tmp_path: Path) -> None:
    stats = tmp_path / "run.json"
    run, _ = _run(tmp_path, stats_json=str(stats))
    run.execute()
    written = load_summary(stats)
    counts = written["counts"]
    # the batch API, without the command line, counts the same records the same way
    pipeline = Pipeline.default()
    summary = RunSummary.start(pipeline)
    for record, result in zip(
        RECORDS, clean_records_results(RECORDS, pipeline=pipeline), strict=True
    ):
        summary.add(result, record.get("text"))
    batch = summary.finish().to_dict()["counts"]
    assert batch == counts
    assert counts["records_in"] == len(RECORDS) == counts["records_out"] + counts["rejected"]
    assert counts["rejected"] == 1
    assert counts["removed_by_filter"]["drop_promo"] >= 4
    assert counts["over_cleaned"] >= 1  # "Advertisement\nAdvertisement\nShort."
    # the stderr summary prints these very numbers
    text = run.summary.render()
    assert f"{counts['records_in']} records in, {counts['records_out']} out" in text
    assert f"text bytes in {counts['bytes_in']:,}, out {counts['bytes_out']:,}" in text
    for name, n in counts["removed_by_filter"].items():
        assert f"{name} {n:,}" in text
    assert f"over-cleaning guard fired: {counts['over_cleaned']:,}" in text
    # and the bytes out are those of the file written
    lines = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    out_texts = [json.loads(line)["text"] for line in lines]
    assert counts["bytes_out"] == sum(len(t.encode()) for t in out_texts)


def test_bytes_in_is_unknown_rather_than_wrong_without_the_input_text() -> None:
    summary = RunSummary.start(Pipeline.default())
    for result in clean_records_results(RECORDS[:2]):
        summary.add(result)
    counts = summary.finish().counts()
    assert counts["bytes_in"] is None
    assert counts["bytes_out"] > 0


def test_stats_file_records_provenance(tmp_path: Path) -> None:
    stats = tmp_path / "run.json"
    run, _ = _run(tmp_path, stats_json=str(stats), workers=1)
    run.execute()
    data = json.loads(stats.read_text(encoding="utf-8"))
    assert data["schema"] == SCHEMA
    assert data["status"] == "ok"
    assert data["error"] is None
    info = data["provenance"]
    assert info["newsclean"] == newsclean.__version__
    assert re.fullmatch(r"\d+\.\d+\.\d+.*", info["python"])
    assert info["dependencies"]["ftfy"]
    assert info["pipeline"]["names"] == list(Pipeline.default().names)
    packs = {p["name"]: p for p in info["rule_packs"]}
    assert set(packs) == set(builtin_pack_names())  # outlets="all": every built-in pack
    assert packs["foxnews"]["version"] == load_pack("foxnews").version
    assert info["line_model"] is None  # off by default
    src = tmp_path / "in.jsonl"
    [entry] = data["run"]["inputs"]
    assert entry["sha256"] == hashlib.sha256(src.read_bytes()).hexdigest()
    assert entry["bytes"] == src.stat().st_size
    [output] = data["run"]["outputs"]
    assert output["sha256"] == hashlib.sha256((tmp_path / "out.jsonl").read_bytes()).hexdigest()
    assert data["timing"]["ended"] >= data["timing"]["started"]
    assert data["timing"]["wall_seconds"] >= 0


def test_a_user_pack_and_the_line_model_are_identified_by_content(tmp_path: Path) -> None:
    pack = tmp_path / "mine.toml"
    pack.write_text(
        '[pack]\nname = "mine"\nversion = "1"\ndescription = "test"\n\n[[rule]]\n'
        'id = "mine.donate"\nfamily = "subscribe"\npattern = "donate to our newsroom"\n'
        'description = "x"\nexamples = ["Donate to our newsroom"]\n',
        encoding="utf-8",
    )
    model = tmp_path / "model.npz"
    bundled = Path(newsclean.__file__).parent / "linemodel" / "default.npz"
    shutil.copyfile(bundled, model)
    info = provenance(Pipeline.default(outlets=(), packs=(str(pack),), model=str(model)))
    mine = next(p for p in info["rule_packs"] if p["name"] == "mine")
    assert mine["sha256"] == hashlib.sha256(pack.read_bytes()).hexdigest()
    assert mine["path"] == str(pack.resolve())
    assert info["line_model"]["sha256"] == hashlib.sha256(bundled.read_bytes()).hexdigest()
    assert info["line_model"]["training"]["examples"] > 0
    # an edit without a new version is still a new pack
    pack.write_text(pack.read_text().replace("our newsroom", "us"), encoding="utf-8")
    again = provenance(Pipeline.default(outlets=(), packs=(str(pack),)))
    assert next(p for p in again["rule_packs"] if p["name"] == "mine")["sha256"] != mine["sha256"]


OPTION_SETS: list[dict[str, Any]] = [
    {},
    {"preset": "nlp"},
    {"outlets": ("foxnews", "cnn"), "disabled_rules": ("generic.advertisement",)},
    {"captions": "drop", "score_cutoff": 95, "strictness": "aggressive"},
    {"collapse_captions": False, "max_removed_share": None, "normalization": None},
    {"model": "default", "outlets": "auto"},
]


@pytest.mark.parametrize("options", OPTION_SETS, ids=lambda o: ",".join(o) or "defaults")
def test_the_pipeline_is_rebuilt_from_the_written_summary(
    options: dict[str, Any], corpus: list[dict[str, Any]]
) -> None:
    pipeline = Pipeline.default(**options)
    summary = RunSummary.start(pipeline)
    read_back = json.loads(summary.finish().to_json())
    rebuilt = rebuild_pipeline(read_back)
    assert rebuilt == pipeline
    texts = [r["text"] for r in corpus] + [r["text"] for r in RECORDS if "text" in r]
    assert [rebuilt.clean(t) for t in texts] == [pipeline.clean(t) for t in texts]


def test_a_custom_pipeline_is_described_but_not_claimed_rebuildable() -> None:
    custom = Pipeline.default().insert(LineFunction(func=str.upper, name="shout"))
    assert config_of(custom) is None
    info = provenance(custom)
    shout = info["pipeline"]["steps"][-1]
    assert shout["name"] == "shout"
    assert shout["options"]["func"] == "builtins.str.upper"
    with pytest.raises(ConfigError, match="cannot be rebuilt"):
        rebuild_pipeline({"provenance": info})


def test_a_run_stopped_by_a_reject_writes_a_failed_summary(tmp_path: Path) -> None:
    stats = tmp_path / "run.json"
    run, _ = _run(tmp_path, stats_json=str(stats), on_error="fail")
    with pytest.raises(RejectError):
        run.execute()
    data = load_summary(stats)
    assert data["status"] == "failed"
    assert "record has no field 'text'" in data["error"]
    assert data["counts"]["rejected"] == 1
    assert data["run"]["outputs"] == []  # thrown away: nothing claimed as written
    assert not (tmp_path / "out.jsonl").exists()


def _interrupt(line: str) -> str:
    if "Roads closed" in line:
        raise KeyboardInterrupt
    return line


def test_an_interrupted_run_writes_an_interrupted_summary(tmp_path: Path) -> None:
    stats = tmp_path / "run.json"
    pipeline = Pipeline.default().insert(LineFunction(func=_interrupt, name="stop"))
    run, _ = _run(tmp_path, stats_json=str(stats), pipeline=pipeline, chunksize=1)
    with pytest.raises(KeyboardInterrupt):
        run.execute()
    data = load_summary(stats)
    assert data["status"] == "interrupted"
    assert data["counts"]["records_in"] == 2  # the two records before the third
    assert data["provenance"]["pipeline"]["config"] is None


def test_a_damaged_input_makes_a_partial_summary(tmp_path: Path) -> None:
    stats = tmp_path / "run.json"
    packed = gzip.compress("".join(json.dumps(r) + "\n" for r in RECORDS * 50).encode())
    src = tmp_path / "in.jsonl.gz"
    src.write_bytes(packed[: len(packed) * 2 // 3])
    run, _ = _run(tmp_path, stats_json=str(stats), src=src)
    run.execute()
    data = load_summary(stats)
    assert data["status"] == "partial"
    [damaged] = data["run"]["damaged_inputs"]
    assert damaged["path"] == str(src)
    assert 0 < data["counts"]["records_in"] < len(RECORDS) * 50


@pytest.mark.parametrize("clash", ["input", "output", "rejects"])
def test_the_summary_file_never_overwrites_an_input_or_output(tmp_path: Path, clash: str) -> None:
    src = _jsonl(tmp_path / "in.jsonl", RECORDS)
    target = {
        "input": src,
        "output": tmp_path / "out.jsonl",
        "rejects": tmp_path / "out.jsonl.rejects.jsonl",
    }[clash]
    run, _ = _run(tmp_path, stats_json=str(target), src=src)
    with pytest.raises(ConfigError, match="--stats-json"):
        run.execute()
    assert src.read_text(encoding="utf-8").count("\n") == len(RECORDS)


def test_the_summary_is_not_mixed_into_records_on_standard_output(tmp_path: Path) -> None:
    run, _ = _run(tmp_path, stats_json="-", output="-")
    with pytest.raises(ConfigError, match="standard output"):
        run.execute()
    run, _ = _run(tmp_path, stats_json="-", dry_run=True)
    run.execute()
    assert json.loads(run.stdout.getvalue())["status"] == "ok"  # type: ignore[attr-defined]


def test_the_command_line_writes_the_summary_file(tmp_path: Path) -> None:
    src = _jsonl(tmp_path / "in.jsonl", RECORDS)
    stats = tmp_path / "run.json"
    out, err = io.StringIO(), io.StringIO()
    argv = ["clean", str(src), "-o", str(tmp_path / "o.jsonl"), "--stats-json", str(stats)]
    code = main([*argv, "--preset", "nlp"], stdout=out, stderr=err)
    assert code == 0, err.getvalue()
    data = load_summary(stats)
    assert data["counts"]["records_in"] == len(RECORDS)
    assert rebuild_pipeline(data) == Pipeline.default(preset="nlp")
    assert f"{len(RECORDS)} records in" in err.getvalue()


def test_text_files_mirrored_are_counted(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    for name in ("a.txt", "b.txt"):
        (tmp_path / "in" / name).write_text("Advertisement\nThe council met.", encoding="utf-8")
    stats = tmp_path / "run.json"
    src = str(tmp_path / "in")
    run = CorpusRun(
        pipeline=Pipeline.default(),
        inputs=[(str(tmp_path / "in" / n), src) for n in ("a.txt", "b.txt")],
        output=str(tmp_path / "out"),
        stats_json=str(stats),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    run.execute()
    data = load_summary(stats)
    assert data["run"]["text_files_written"] == 2
    assert data["counts"]["removed_by_family"] == {"promo/advertisement": 2}
    assert [i["bytes"] for i in data["run"]["inputs"]] == [30, 30]
