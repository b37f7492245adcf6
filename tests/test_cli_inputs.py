"""What `newsclean clean` reads and writes (#17 items 2, 3, 4): records on standard input
are detected, a wrong --field fails at once naming the fields there are, JSON arrays are
read and written, --output-format is the output's and --format the inputs', and an output
name no format claims is refused with the list of formats."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

import newsclean
from newsclean.cli import main
from newsclean.io import Decoder, FileFormat, format_of, read_items

from .conftest import load_corpus

PROMO = "Click here to get the Fox News app"
TEXTS = [
    f"The council met on Monday.\n\n{PROMO}\n\nIt voted to close the bridge.",
    "Rain is expected on Tuesday.\n\nAdvertisement\n\nThe roads may flood.",
    "The school reopened after the storm.",
]
RECORDS = [{"id": f"r{i}", "outlet": "foxnews", "text": t} for i, t in enumerate(TEXTS)]


def call(argv: list[str], stdin: bytes = b"") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(
        argv, stdin=io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"), stdout=out, stderr=err
    )
    return code, out.getvalue(), err.getvalue()


def jsonl(records: list[dict[str, Any]]) -> bytes:
    return "".join(json.dumps(r) + "\n" for r in records).encode()


def cleaned(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**r, "text": newsclean.clean(r["text"])} for r in records]


# -- item 2: records on standard input ------------------------------------------------------


def test_jsonl_on_stdin_is_read_as_records_not_one_article() -> None:
    code, out, err = call(["clean", "-", "--quiet"], stdin=jsonl(RECORDS))
    assert code == 0, err
    assert [json.loads(line) for line in out.splitlines()] == cleaned(RECORDS)
    assert PROMO not in out


def test_json_array_on_stdin_is_read_as_records() -> None:
    data = json.dumps(RECORDS, indent=2).encode()
    code, out, err = call(["clean", "-", "--quiet"], stdin=data)
    assert code == 0, err
    assert json.loads(out) == cleaned(RECORDS)  # written back as the format it came in


def test_detection_is_said_with_v_and_only_then() -> None:
    code, _, err = call(["clean", "-", "-v"], stdin=jsonl(RECORDS))
    assert code == 0
    assert "newsclean: info: standard input holds jsonl records (detected" in err
    _, _, err = call(["clean", "-"], stdin=jsonl(RECORDS))
    assert "detected" not in err


@pytest.mark.parametrize(
    "article",
    [
        "[Photo: Reuters] The council met on Monday.\n\nIt voted.",
        "{Updated} The council met.\n",
        '"Quoted," he said.\n',
        "",
    ],
)
def test_a_text_article_on_stdin_is_still_one_article(article: str) -> None:
    code, out, _ = call(["clean", "-"], stdin=article.encode())
    assert code == 0
    assert out == newsclean.clean(article) + ("\n" if newsclean.clean(article) else "")


def test_format_txt_reads_records_on_stdin_as_one_article() -> None:
    data = jsonl(RECORDS[:1])
    code, out, _ = call(["clean", "-", "--format", "txt"], stdin=data)
    assert code == 0
    assert out == newsclean.clean(data.decode()) + "\n"


def test_records_on_stdin_beside_files_need_format(tmp_path: Path) -> None:
    other = tmp_path / "a.jsonl"
    other.write_bytes(jsonl(RECORDS))
    code, out, err = call(["clean", "-", str(other)], stdin=jsonl(RECORDS))
    assert code == 2
    assert "give --format" in err
    assert out == ""


# -- item 3: a wrong --field ------------------------------------------------------------------


def test_a_wrong_field_fails_at_once_with_the_fields_present(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes(jsonl(RECORDS * 20))
    out = tmp_path / "out.jsonl"
    code, _, err = call(["clean", str(src), "--field", "body", "-o", str(out)])
    assert code == 2
    assert "record has no field 'body'; fields: id, outlet, text" in err
    assert err.count("\n") == 1  # one line, not a warning per record
    assert list(tmp_path.iterdir()) == [src]  # no output, no rejects file


def test_a_wrong_field_on_stdin_and_in_csv(tmp_path: Path) -> None:
    code, _, err = call(["clean", "-", "--field", "body"], stdin=jsonl(RECORDS))
    assert code == 2
    assert "fields: id, outlet, text" in err
    src = tmp_path / "in.csv"
    with src.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=["id", "outlet", "text"])
        writer.writeheader()
        writer.writerows(RECORDS)
    code, _, err = call(["clean", str(src), "--field", "content"])
    assert code == 2
    assert "record has no field 'content'; fields: id, outlet, text" in err


def test_records_without_the_field_after_the_first_are_rejected_one_by_one(
    tmp_path: Path,
) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes(jsonl([*RECORDS, {"id": "x", "body": "no text here"}, RECORDS[0]]))
    out = tmp_path / "out.jsonl"
    code, _, err = call(["clean", str(src), "-o", str(out)])
    assert code == 0, err
    assert "4 out, 1 rejected" in err
    assert len(out.read_text(encoding="utf-8").splitlines()) == 4


def test_a_malformed_first_line_does_not_hide_a_wrong_field(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes(b"{not json\n" + jsonl(RECORDS))
    code, _, err = call(["clean", str(src), "--field", "body", "-o", str(tmp_path / "o.jsonl")])
    assert code == 2
    assert "in.jsonl:2: record has no field 'body'" in err


# -- item 4: JSON arrays, --output-format, unknown extensions --------------------------------


def test_a_json_file_holding_an_array_is_read_as_records(tmp_path: Path) -> None:
    src = tmp_path / "in.json"
    src.write_text(json.dumps(RECORDS, indent=1), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    code, _, err = call(["clean", str(src), "-o", str(out)])
    assert code == 0, err
    assert "3 records in, 3 out, 0 rejected" in err
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert rows == cleaned(RECORDS)


def test_a_json_file_holding_json_lines_is_still_read(tmp_path: Path) -> None:
    src = tmp_path / "in.json"
    src.write_bytes(jsonl(RECORDS))
    code, out, err = call(["clean", str(src), "--output-format", "jsonl", "--quiet"])
    assert code == 0, err
    assert [json.loads(line) for line in out.splitlines()] == cleaned(RECORDS)


def test_json_output_is_one_array_that_reads_back(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes(jsonl(RECORDS))
    out = tmp_path / "out.json"
    code, _, err = call(["clean", str(src), "-o", str(out)])
    assert code == 0, err
    assert json.loads(out.read_text(encoding="utf-8")) == cleaned(RECORDS)
    code, again, err = call(["clean", str(out), "--output-format", "json", "--quiet"])
    assert code == 0, err
    assert json.loads(again) == cleaned(RECORDS)  # cleaning is idempotent


def test_output_format_names_the_output_and_format_the_input(tmp_path: Path) -> None:
    src = tmp_path / "records.data"
    src.write_bytes(jsonl(RECORDS))
    out = tmp_path / "out.data"
    code, _, err = call(
        ["clean", str(src), "--input-format", "jsonl", "--output-format", "csv", "-o", str(out)]
    )
    assert code == 0, err
    with out.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert rows == cleaned(RECORDS)


def test_an_unknown_output_extension_is_refused_with_the_formats(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes(jsonl(RECORDS))
    code, out, err = call(["clean", str(src), "-o", str(tmp_path / "out.foo")])
    assert out == ""
    assert code == 2
    assert "Traceback" not in err
    assert "out.foo: no format of records has this extension" in err
    for named in ("--output-format", "jsonl (.jsonl, .ndjson)", "json (.json)", "csv (.csv)"):
        assert named in err
    assert not (tmp_path / "out.foo").exists()
    code, _, err = call(["clean", str(src), "-o", str(tmp_path / "out.txt")])
    assert code == 2
    assert "out.txt: txt holds one article a file, not records" in err


def test_output_format_is_refused_for_text_articles(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text("The council met.", encoding="utf-8")
    code, _, err = call(["clean", str(src), "--output-format", "jsonl"])
    assert code == 2
    assert "--output-format is for inputs of records" in err


def test_a_malformed_array_keeps_the_elements_before_and_fails(tmp_path: Path) -> None:
    src = tmp_path / "in.json"
    good = json.dumps(RECORDS)[:-1]  # without the closing bracket
    src.write_text(good + ', {"id": "bad", "text": }]', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    code, _, err = call(["clean", str(src), "-o", str(out)])
    assert code == 1
    assert "in.json: not a readable JSON array: malformed JSON in element 4" in err
    assert len(out.read_text(encoding="utf-8").splitlines()) == 3


def test_an_array_element_over_the_limit_ends_the_input_unheld(tmp_path: Path) -> None:
    src = tmp_path / "in.json"
    big = {"id": "big", "text": "word " * 100_000}
    src.write_text(json.dumps([RECORDS[0], big, RECORDS[1]]), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    code, _, err = call(["clean", str(src), "-o", str(out), "--max-record-bytes", "1000"])
    assert code == 1
    assert "element 2 is over --max-record-bytes (1,000)" in err
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1


def _array_items(data: bytes, limit: int = 10_000_000) -> list[Any]:
    decode = Decoder(lambda _m: None, limit)
    fmt: FileFormat = format_of("x.json")
    return [i.record for i in read_items("-", fmt, "text", decode, io.BytesIO(data))]


@pytest.mark.parametrize(
    "data",
    [
        b"[]",
        b" \n[ ]\n",
        b"\xef\xbb\xbf[]",
        b'[{"text": "a"}]',
        b'[\n {"text": "a"} ,\n{"text": "b"}\n]\n',
    ],
)
def test_array_shapes(data: bytes) -> None:
    assert _array_items(data) == json.loads(data.decode("utf-8-sig"))


def test_real_corpus_as_a_json_array_cleans_as_its_jsonl(tmp_path: Path) -> None:
    records = load_corpus()
    as_jsonl, as_json = tmp_path / "c.jsonl", tmp_path / "c.json"
    as_jsonl.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    as_json.write_text(json.dumps(records, ensure_ascii=False, indent=1), encoding="utf-8")
    results = []
    for src in (as_jsonl, as_json):
        code, out, err = call(["clean", str(src), "--output-format", "jsonl", "--quiet"])
        assert code == 0, err
        results.append(out)
    assert results[0] == results[1]
    assert len(results[1].splitlines()) == len(records)


def test_dedupe_reads_a_json_array_on_stdin() -> None:
    data = json.dumps([*RECORDS, {**RECORDS[0], "id": "copy"}]).encode()
    code, out, err = call(["dedupe", "-", "--quiet"], stdin=data)
    assert code == 0, err
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in rows] == ["r0", "r1", "r2", "copy"]
    assert rows[3]["dup_cluster"] == rows[0]["dup_cluster"] != rows[1]["dup_cluster"]


def test_a_first_record_over_the_limit_on_stdin_is_still_records(tmp_path: Path) -> None:
    big = {"id": "big", "text": "word " * 1000}
    data = jsonl([big, *RECORDS])
    rejects = tmp_path / "rejects.jsonl"
    argv = ["clean", "-", "--max-record-bytes", "2000", "--rejects", str(rejects)]
    code, out, err = call(argv, stdin=data)
    assert code == 0, err
    assert "3 out, 1 rejected" in err
    assert "record too large" in rejects.read_text(encoding="utf-8")
    assert [json.loads(line) for line in out.splitlines()] == cleaned(RECORDS)


def test_the_input_format_never_decides_the_output_format(tmp_path: Path) -> None:
    src = tmp_path / "records.data"
    src.write_bytes(jsonl(RECORDS))
    out = tmp_path / "out.csv"
    code, _, err = call(["clean", str(src), "--format", "jsonl", "-o", str(out)])
    assert code == 0, err
    with out.open(newline="", encoding="utf-8") as fh:
        assert list(csv.DictReader(fh)) == cleaned(RECORDS)  # CSV, as its name says
    code, _, err = call(["clean", str(src), "--format", "jsonl", "-o", str(tmp_path / "o.foo")])
    assert code == 2
    assert "o.foo: no format of records has this extension" in err
