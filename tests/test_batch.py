"""clean_many / clean_records, the adapters, and corpus runs of the command line."""

from __future__ import annotations

import csv
import gzip
import io
import json
from pathlib import Path
from typing import Any

import pytest

import newsclean
from newsclean.adapters import clean_column, hf_batch_cleaner
from newsclean.batch import clean_many, clean_records, clean_records_results
from newsclean.cli import main

from .conftest import EXAMPLE

TEXTS = [
    "Advertisement\nNews one.",
    "CLICK HERE TO GET THE FOX NEWS APP\n\nNews two.",
    "News three.",
] * 40


def test_clean_many_matches_clean_in_order_with_and_without_workers() -> None:
    expected = [newsclean.clean(t) for t in TEXTS]
    assert list(clean_many(TEXTS)) == expected
    assert list(clean_many(TEXTS, workers=2, chunksize=7)) == expected


def test_clean_many_is_lazy() -> None:
    def endless() -> Any:
        while True:
            yield "Advertisement\nThe council met."

    stream = clean_many(endless(), chunksize=4)
    assert [next(stream) for _ in range(3)] == ["The council met."] * 3


def test_clean_many_options_and_bad_worker_count() -> None:
    assert next(clean_many(["“Q”"], uncurl_quotes=True)) == '"Q"'
    with pytest.raises(newsclean.ConfigError, match="workers"):
        list(clean_many(["x"], workers=-1))


def test_clean_records_keeps_other_fields_and_explains() -> None:
    records = [{"id": i, "text": t, "lang": "en"} for i, t in enumerate(TEXTS[:3])]
    out = list(clean_records(records, explain_field="changes"))
    assert [r["id"] for r in out] == [0, 1, 2]
    assert out[0]["text"] == "News one."
    assert out[0]["lang"] == "en"
    assert out[0]["changes"][0]["reason"] == "promo:generic.advertisement"


def test_clean_records_names_a_bad_record() -> None:
    with pytest.raises(ValueError, match=r"record 1: record has no field 'text'"):
        list(clean_records([{"text": "a"}, {"body": "b"}]))
    results = list(clean_records_results([{"text": 3}, "oops"]))
    assert [r.error for r in results] == [
        "field 'text' is int, not a string",
        "record is a str, not an object",
    ]


def test_hf_batch_cleaner() -> None:
    fn = hf_batch_cleaner(explain_field="changes")
    out = fn({"text": TEXTS[:2], "id": [1, 2]})
    assert out["text"] == ["News one.", "News two."]
    assert out["id"] == [1, 2]
    assert len(out["changes"][1]) >= 1
    with pytest.raises(KeyError, match="no column 'text'"):
        fn({"body": ["x"]})


def test_clean_column_pandas() -> None:
    pd = pytest.importorskip("pandas")
    series = pd.Series([TEXTS[0], None, TEXTS[2]])
    out = clean_column(series)
    assert out.iloc[0] == "News one."
    assert pd.isna(out.iloc[1])
    assert out.iloc[2] == "News three."


def test_clean_column_polars() -> None:
    pl = pytest.importorskip("polars")
    out = clean_column(pl.Series([TEXTS[0], None]))
    assert out.to_list() == ["News one.", None]


# -- the command line on corpora ---------------------------------------------------------


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, stdin=io.StringIO(), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def write_jsonl_with_planted_bad_lines(path: Path) -> int:
    lines = []
    for i, text in enumerate(TEXTS[:30]):
        lines.append(json.dumps({"id": i, "text": text, "keep": [i]}))
        if i % 10 == 3:
            lines.append("{this is not json")
        if i % 10 == 5:
            lines.append(json.dumps({"id": "no-text"}))
        if i % 10 == 7:
            lines.append(json.dumps({"id": "int", "text": 12}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


@pytest.mark.parametrize("workers", ["1", "2"])
def test_nothing_is_lost_records_out_plus_rejects_equals_records_in(
    tmp_path: Path, workers: str
) -> None:
    src = tmp_path / "in.jsonl"
    total = write_jsonl_with_planted_bad_lines(src)
    out = tmp_path / "out.jsonl.gz"
    code, _, err = run(["clean", str(src), "-o", str(out), "--workers", workers])
    assert code == 0
    with gzip.open(out, "rt", encoding="utf-8") as fh:
        cleaned = [json.loads(line) for line in fh]
    rejects = [
        json.loads(line) for line in Path(str(out) + ".rejects.jsonl").read_text().splitlines()
    ]
    assert len(cleaned) + len(rejects) == total
    assert len(rejects) == 9
    assert [r["id"] for r in cleaned] == list(range(30))  # order kept
    assert cleaned[0] == {"id": 0, "text": "News one.", "keep": [0]}
    assert {r["error"].split(":")[0] for r in rejects} >= {
        "malformed JSON",
        "field 'text' is int, not a string",
    }
    assert f"{total} records in, 30 out, 9 rejected" in err


def test_on_error_fail_stops_with_1_and_leaves_no_output(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    write_jsonl_with_planted_bad_lines(src)
    out = tmp_path / "out.jsonl"
    code, _, err = run(["clean", str(src), "-o", str(out), "--on-error", "fail", "--quiet"])
    assert code == 1
    assert "stopped at the first rejected record" in err
    assert not out.exists()
    assert not list(tmp_path.glob(".out.jsonl*"))


def test_explain_file_diff_and_dry_run(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps({"text": t}) for t in TEXTS[:3]) + "\n", encoding="utf-8")
    changes = tmp_path / "changes.jsonl"
    code, out, _ = run(["clean", str(src), "--explain", str(changes), "--quiet"])
    assert code == 0
    rows = [json.loads(line) for line in changes.read_text().splitlines()]
    assert [r["record"] for r in rows] == [1, 2, 3]
    assert rows[0]["changes"][0]["reason"] == "promo:generic.advertisement"
    code, out, _ = run(["clean", str(src), "--diff", "--quiet"])
    assert "-Advertisement" in out
    code, out, err = run(["clean", str(src), "--dry-run"])
    assert out == ""
    assert "3 records in, 3 out" in err


def test_text_directory_is_mirrored(tmp_path: Path) -> None:
    (tmp_path / "in" / "sub").mkdir(parents=True)
    (tmp_path / "in" / "a.txt").write_text(EXAMPLE.read_text(), encoding="utf-8")
    (tmp_path / "in" / "sub" / "b.txt").write_text(
        "Advertisement\nThe council met.", encoding="utf-8"
    )
    code, _, _ = run(["clean", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--quiet"])
    assert code == 0
    assert (tmp_path / "out" / "sub" / "b.txt").read_text() == "The council met.\n"
    assert "CLICK HERE" not in (tmp_path / "out" / "a.txt").read_text()


def test_csv_and_parquet(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text('id,text\n1,"Advertisement\nThe council met."\n2,Plain.\n', encoding="utf-8")
    code, _, _ = run(["clean", str(src), "-o", str(tmp_path / "out.csv"), "--quiet"])
    assert code == 0
    assert (tmp_path / "out.csv").read_text().splitlines() == [
        "id,text",
        "1,The council met.",
        "2,Plain.",
    ]
    pq = pytest.importorskip("pyarrow.parquet")
    code, _, _ = run(["clean", str(src), "-o", str(tmp_path / "out.parquet"), "--quiet"])
    assert code == 0
    assert pq.read_table(tmp_path / "out.parquet").to_pylist() == [
        {"id": "1", "text": "The council met."},
        {"id": "2", "text": "Plain."},
    ]


def test_zstd_round_trip(tmp_path: Path) -> None:
    zstandard = pytest.importorskip("zstandard")
    src = tmp_path / "in.jsonl.zst"
    src.write_bytes(
        zstandard.ZstdCompressor().compress(b'{"text": "Advertisement\\nThe council met."}\n')
    )
    out = tmp_path / "out.jsonl.zst"
    assert run(["clean", str(src), "-o", str(out), "--quiet"])[0] == 0
    data = zstandard.ZstdDecompressor().decompressobj().decompress(out.read_bytes())
    assert json.loads(data) == {"text": "The council met."}


def test_invalid_utf8_is_decoded_warned_once_and_counted(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes(b'{"text": "caf\xe9 one"}\n{"text": "caf\xe9 two"}\n')
    code, out, err = run(["clean", str(src)])
    assert code == 0
    assert err.count("not valid UTF-8") == 1
    assert "inputs with undecodable bytes: 1" in err
    assert len(out.splitlines()) == 2


def test_in_place_needs_a_suffix_and_keeps_a_backup(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text("Advertisement\nThe council met.", encoding="utf-8")
    code, _, _ = run(["clean", str(src), "--in-place", ".bak", "--quiet"])
    assert code == 0
    assert src.read_text() == "The council met.\n"
    assert (tmp_path / "a.txt.bak").read_text() == "Advertisement\nThe council met."


def test_config_file(tmp_path: Path) -> None:
    cfg = tmp_path / "newsclean.toml"
    cfg.write_text('uncurl_quotes = true\ndisabled_rules = ["ad"]\n', encoding="utf-8")
    src = tmp_path / "a.txt"
    src.write_text("Advertisement\n“Quoted.”", encoding="utf-8")
    code, out, _ = run(["clean", str(src), "--config", str(cfg)])
    assert out == 'Advertisement\n"Quoted."\n'
    cfg.write_text("nope = 1\n", encoding="utf-8")
    code, _, err = run(["clean", str(src), "--config", str(cfg)])
    assert code == 2
    assert "unknown option 'nope'" in err


def test_stats_command(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps({"text": t}) for t in TEXTS[:6]) + "\n", encoding="utf-8")
    code, out, _ = run(["stats", str(src), "--sample", "4"])
    assert code == 0
    assert "4 records sampled" in out
    assert "promo:generic.advertisement" in out
    assert "Advertisement" in out


def test_interrupted_run_leaves_no_output_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C in the middle of a run: exit 130 with a message, nothing under the final
    name, no temporary file left behind."""
    import newsclean.cli.runner as run_module

    real = run_module.read_items

    def interrupted(*args: Any, **kwargs: Any) -> Any:
        for n, item in enumerate(real(*args, **kwargs)):
            if n == 5:
                raise KeyboardInterrupt
            yield item

    monkeypatch.setattr(run_module, "read_items", interrupted)
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps({"text": t}) for t in TEXTS[:20]) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    code, _, err = run(["clean", str(src), "-o", str(out), "--quiet"])
    assert code == 130
    assert "interrupted" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]


# -- formats and compressions (the io registry) ------------------------------------------

ROWS = [
    {"id": "1", "text": "Advertisement\nThe council met, in the morning."},
    {"id": "2", "text": "Plain, with commas."},
]
CLEANED = [
    {"id": "1", "text": "The council met, in the morning."},
    {"id": "2", "text": "Plain, with commas."},
]


def _compress(data: bytes, suffix: str) -> bytes:
    if suffix == ".gz":
        return gzip.compress(data)
    if suffix == ".zst":
        return pytest.importorskip("zstandard").ZstdCompressor().compress(data)
    return data


def _decompress(data: bytes, suffix: str) -> bytes:
    if suffix == ".gz":
        return gzip.decompress(data)
    if suffix == ".zst":
        return pytest.importorskip("zstandard").ZstdDecompressor().decompressobj().decompress(data)
    return data


def _encode(rows: list[dict[str, str]], kind: str) -> bytes:
    if kind == ".jsonl":
        return "".join(json.dumps(r) + "\n" for r in rows).encode()
    text = io.StringIO()
    writer = csv.DictWriter(
        text, fieldnames=list(rows[0]), delimiter="\t" if kind == ".tsv" else ","
    )
    writer.writeheader()
    writer.writerows(rows)
    return text.getvalue().encode()


def _decode(data: bytes, kind: str) -> list[dict[str, str]]:
    if kind == ".jsonl":
        return [json.loads(line) for line in data.decode().splitlines()]
    delimiter = "\t" if kind == ".tsv" else ","
    return list(csv.DictReader(io.StringIO(data.decode(), newline=""), delimiter=delimiter))


def test_tsv_zst_input_is_read_with_tabs(tmp_path: Path) -> None:
    """Regression: a .tsv.zst input was read with commas (the .zst suffix hid the .tsv)."""
    src = tmp_path / "in.tsv.zst"
    src.write_bytes(_compress(_encode(ROWS, ".tsv"), ".zst"))
    out = tmp_path / "out.jsonl"
    code, _, err = run(["clean", str(src), "-o", str(out)])
    assert code == 0, err
    assert "0 rejected" in err
    assert _decode(out.read_bytes(), ".jsonl") == CLEANED


def test_tsv_output_is_written_with_tabs(tmp_path: Path) -> None:
    """Regression: a .tsv output was written with commas."""
    src = tmp_path / "in.jsonl"
    src.write_bytes(_encode(ROWS, ".jsonl"))
    out = tmp_path / "out.tsv"
    assert run(["clean", str(src), "-o", str(out), "--quiet"])[0] == 0
    assert out.read_text().splitlines()[:2] == ["id\ttext", "1\tThe council met, in the morning."]
    assert _decode(out.read_bytes(), ".tsv") == CLEANED


@pytest.mark.parametrize(
    "name", ["x.csv.gz", "x.tsv.gz", "x.jsonl.gz", "x.jsonl.zst", "x.tsv.zst", "x.csv.zst"]
)
def test_compressed_formats_round_trip(tmp_path: Path, name: str) -> None:
    kind, compression = Path(name).suffixes
    src = tmp_path / f"in{kind}{compression}"
    src.write_bytes(_compress(_encode(ROWS, kind), compression))
    out = tmp_path / f"out{kind}{compression}"
    code, _, err = run(["clean", str(src), "-o", str(out), "--quiet"])
    assert (code, err) == (0, "")
    assert _decode(_decompress(out.read_bytes(), compression), kind) == CLEANED


def test_a_format_that_cannot_stream_or_hold_records_fails_before_reading(
    tmp_path: Path,
) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes(_encode(ROWS, ".jsonl"))
    code, out, err = run(["clean", str(src), "--format", "parquet"])
    assert (code, out) == (2, "")
    assert "parquet cannot be written to standard output" in err
    code, _, err = run(["clean", str(src), "-o", str(tmp_path / "out.txt")])
    assert code == 2
    assert "holds one article" in err  # and says which formats hold records
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]
