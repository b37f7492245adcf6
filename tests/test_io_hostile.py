"""Hostile files on the command line (issue #16): lone surrogates, huge and endless
records, cut and corrupt compressed inputs, pathological JSON and CSV, a full disk, two
runs writing one file. Each test names the defect it pins."""

from __future__ import annotations

import ast
import csv
import errno
import gzip
import io
import json
import os
import re
import stat
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsclean import io_bytes, io_text
from newsclean.cli import main
from newsclean.io import FORMATS, Decoder, RecordSink, json_line, read_items

from .test_cli import call

SRC = Path(io_text.__file__).parent


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def jsonl(path: Path) -> list[Any]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


# -- D1: a lone surrogate never fails a run ----------------------------------------------------

SURROGATES = (
    b'{"id": "a\\udc00", "text": "Advertisement\\nvote \\ud83d here."}\n'
    b'{"id": "b", "text": "The council met.\\ud800"}\n'
    b'{"id": "c\\ud83d", "body": "no text: rejected with its surrogate"}\n'
)


@pytest.mark.parametrize(
    ("argv", "written"),
    [
        (["clean", "IN", "-o", "OUT/o.jsonl"], ["o.jsonl", "o.jsonl.rejects.jsonl"]),
        (["clean", "IN", "-o", "OUT/o.jsonl.gz"], ["o.jsonl.gz", "o.jsonl.gz.rejects.jsonl"]),
        (["clean", "IN", "-o", "OUT/o.csv"], ["o.csv", "o.csv.rejects.jsonl"]),
        (["clean", "IN", "-o", "OUT/o.tsv.zst"], ["o.tsv.zst", "o.tsv.zst.rejects.jsonl"]),
        (["clean", "IN", "-o", "OUT/o.parquet"], ["o.parquet", "o.parquet.rejects.jsonl"]),
        (["clean", "IN", "--rejects", "OUT/r.jsonl", "--explain", "OUT/e.jsonl"], None),
        (["clean", "IN", "--rejects", "OUT/r.jsonl", "--diff"], None),
        (["stats", "IN"], None),
        (["report", "IN", "-o", "OUT/r.html"], ["r.html"]),
        (["dedupe", "IN", "-o", "OUT/d.jsonl"], ["d.jsonl"]),
        (["dedupe", "IN"], None),
    ],
)
def test_d1_lone_surrogates_in_text_id_and_rejects_never_fail(
    tmp_path: Path, argv: list[str], written: list[str] | None
) -> None:
    if any(a.endswith(".parquet") for a in argv):
        pytest.importorskip("pyarrow")
    if any(a.endswith(".zst") for a in argv):
        pytest.importorskip("zstandard")
    src = tmp_path / "in.jsonl"
    src.write_bytes(SURROGATES)
    out = tmp_path / "out"
    out.mkdir()
    args = [str(src) if a == "IN" else a.replace("OUT", str(out)) for a in argv]
    code, stdout, err = call(args)
    assert code == 0, err
    assert "Traceback" not in err
    stdout.encode("utf-8")  # what reached standard output is valid text
    if written is not None:
        assert names(out) == sorted(written)
    for path in out.iterdir():
        if path.suffix == ".jsonl":  # JSON keeps a lone surrogate as its escape
            rows = jsonl(path)
            ids = {r.get("id") for r in rows}
            ids |= {r["record"].get("id") for r in rows if isinstance(r.get("record"), dict)}
            if path.name != "e.jsonl":  # the explain file has no ids
                assert ids & {"a\udc00", "c\ud83d"}, path.name
        elif path.suffix in (".csv", ".html"):  # text has U+FFFD in its place
            path.read_bytes().decode("utf-8")


def test_d1_json_outputs_read_back_the_same_strings(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes(SURROGATES)
    out = tmp_path / "out.jsonl"
    assert call(["clean", str(src), "-o", str(out), "--quiet"])[0] == 0
    assert [r["id"] for r in jsonl(out)] == ["a\udc00", "b"]
    (reject,) = jsonl(tmp_path / "out.jsonl.rejects.jsonl")
    assert reject["record"] == {"id": "c\ud83d", "body": "no text: rejected with its surrogate"}


def test_d1_text_outputs_write_u_fffd(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes(SURROGATES)
    out = tmp_path / "out.csv"
    assert call(["clean", str(src), "-o", str(out), "--quiet", "--no-fix-encoding"])[0] == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [r["id"] for r in rows] == ["a\ufffd", "b"]
    assert rows[1]["text"] == "The council met.\ufffd"


def test_d1_a_text_stream_standing_in_for_stdin_may_hold_a_surrogate() -> None:
    out, err = io.StringIO(), io.StringIO()
    code = main(["clean", "-"], stdin=io.StringIO("vote \ud83d here."), stdout=out, stderr=err)
    assert code == 0
    assert "not valid UTF-8" in err.getvalue()
    assert out.getvalue() == "vote \ufffd\ufffd\ufffd here.\n"


@settings(max_examples=200)
@given(st.recursive(st.text(), lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner)))
def test_d1_json_line_is_valid_utf8_and_reads_back(value: Any) -> None:
    line = json_line(value)
    line.encode("utf-8")
    assert line.endswith("\n")
    assert "\n" not in line[:-1]
    assert json.loads(line) == value or _has_surrogate_pair(value)


def _has_surrogate_pair(value: Any) -> bool:
    """A high and a low surrogate side by side come back as one character (JSON's rule)."""
    return bool(re.search("[\ud800-\udbff][\udc00-\udfff]", json.dumps(value, ensure_ascii=False)))


def _calls(tree: ast.AST) -> list[tuple[str, ast.Call, str | None]]:
    """(callee name, call, enclosing function) for every call in a module."""
    found = []

    def visit(node: ast.AST, function: str | None) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            function = node.name
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            found.append((name, node, function))
        for child in ast.iter_child_nodes(node):
            visit(child, function)

    visit(tree, None)
    return found


@pytest.mark.parametrize(
    "module", sorted([*SRC.glob("io*.py"), *(SRC / "cli").glob("*.py")]), ids=lambda p: p.name
)
def test_d1_the_class_no_writer_can_encode_strictly(module: Path) -> None:
    """Every JSON goes through json_line, every text file through TEXT_ERRORS, every
    encode() names its errors: a lone surrogate has no strict encoder left to reach."""
    for name, call_node, function in _calls(ast.parse(module.read_text(encoding="utf-8"))):
        where = f"{module.name}:{call_node.lineno}"
        keywords = {k.arg for k in call_node.keywords}
        if name == "dumps":
            assert function == "json_line", f"{where}: json.dumps outside io.json_line"
        elif name == "encode" and not isinstance(
            getattr(call_node.func, "value", None), ast.Constant
        ):
            assert len(call_node.args) == 2 or "errors" in keywords, f"{where}: strict encode()"
        elif name == "TextIOWrapper":
            assert "errors" in keywords, f"{where}: a text stream without an errors handler"
        elif name == "open" and len(call_node.args) >= 2:
            mode = call_node.args[1]
            text_write = isinstance(mode, ast.Constant) and set(str(mode.value)) & set("wax")
            assert not (text_write and "b" not in str(mode.value)), f"{where}: text file"


# -- D4: two runs writing one file -------------------------------------------------------------


def test_d4_two_writers_of_one_file_do_not_share_a_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    fmt = FORMATS["jsonl"]
    first = RecordSink(str(target), fmt, io.StringIO())
    second = RecordSink(str(target), fmt, io.StringIO())
    for i in range(500):  # interleaved, as two processes would
        first.write({"run": 1, "i": i})
        second.write({"run": 2, "i": i})
    assert len([p for p in tmp_path.iterdir() if p.name.endswith(".newsclean-tmp")]) == 2
    first.close(True)
    assert [r["run"] for r in jsonl(target)] == [1] * 500
    second.close(True)
    assert jsonl(target) == [{"run": 2, "i": i} for i in range(500)]  # whole, the last one
    assert names(tmp_path) == ["out.jsonl"]


# -- D5: bounded reading -----------------------------------------------------------------------

MB = 1_000_000


@pytest.mark.parametrize(
    "names", [["z.jsonl.gz"], ["z.csv.gz"], ["z.txt.gz", "b.txt"], ["z.txt.gz"]]
)
def test_d5_a_gzip_bomb_is_read_in_bounded_memory_and_rejected(
    tmp_path: Path, names: list[str]
) -> None:
    """1 GB of zeros and no newline took 13.7 GB; a cap of 1 MB now holds under 8 MB."""
    src = tmp_path / "in"
    src.mkdir()
    with gzip.open(src / names[0], "wb", compresslevel=1) as fh:
        fh.write(b"text\n" if ".csv" in names[0] else b"")
        for _ in range(64):
            fh.write(b"0" * MB)  # 64 MB and no newline
    for name in names[1:]:
        (src / name).write_text("The council met.", encoding="utf-8")
    out = tmp_path / ("out" if ".txt" in names[0] else "out.jsonl")
    inputs = [str(src)] if len(names) > 1 else [str(src / names[0])]
    tracemalloc.start()
    try:
        code, _, err = call(["clean", *inputs, "-o", str(out), "--max-record-bytes", str(MB)])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 * MB, f"peak {peak / MB:.1f} MB"
    if names == ["z.txt.gz"]:  # one article: no rejects file to put it in
        assert code == 1
        assert "record too large: more than 1,000,000 bytes (--max-record-bytes)" in err
        return
    assert code == 0, err
    assert f"{len(names)} records in, {len(names) - 1} out, 1 rejected" in err
    rejects = Path(f"{out}.rejects.jsonl") if out.suffix else out / "newsclean.rejects.jsonl"
    (reject,) = jsonl(rejects)
    assert reject["error"].startswith("record too large:")
    assert "--max-record-bytes" in reject["error"]
    assert len(reject["raw"]) == 200
    assert rejects.stat().st_size < 2_000


def test_d5_records_after_a_huge_one_are_read(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    huge = json.dumps({"id": "huge", "text": "x" * 5_000})
    src.write_text(
        "\n".join(
            [json.dumps({"id": 1, "text": "One."}), huge, json.dumps({"id": 2, "text": "Two."})]
        )
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    code, _, err = call(["clean", str(src), "-o", str(out), "--max-record-bytes", "1000"])
    assert code == 0, err
    assert [r["id"] for r in jsonl(out)] == [1, 2]
    (reject,) = jsonl(tmp_path / "out.jsonl.rejects.jsonl")
    assert reject["line"] == 2
    assert reject["error"] == (
        f"record too large: {len(huge):,} bytes, over --max-record-bytes (1,000)"
    )


def test_d5_a_huge_quoted_csv_row_is_rejected_and_the_next_rows_read(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    long_field = "\n".join(['a "quoted" line of text, with commas'] * 200)  # ~7,600 bytes
    rows = [
        {"id": "1", "text": "One."},
        {"id": "2", "text": long_field},
        {"id": "3", "text": "Three."},
    ]
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=["id", "text"])
    writer.writeheader()
    writer.writerows(rows)
    src.write_text(text.getvalue(), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    code, _, err = call(["clean", str(src), "-o", str(out), "--max-record-bytes", "1000"])
    assert code == 0, err
    assert [r["id"] for r in jsonl(out)] == ["1", "3"]
    (reject,) = jsonl(tmp_path / "out.jsonl.rejects.jsonl")
    assert reject["line"] == 3
    assert "record too large" in reject["error"]
    assert "more line(s) of it skipped" in reject["error"]


def test_d5_one_article_over_the_limit_is_an_error(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text("word " * 1000, encoding="utf-8")
    out = tmp_path / "out.txt"
    code, _, err = call(["clean", str(src), "-o", str(out), "--max-record-bytes", "100"])
    assert code == 1
    assert f"{src}: record too large: more than 100 bytes" in err
    assert names(tmp_path) == ["a.txt"]


def test_d5_the_limit_has_a_sane_default_and_must_be_positive(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"text": "x" * 2_000_000}) + "\n", encoding="utf-8")
    code, out, err = call(["clean", str(src), "--quiet"])
    assert code == 0
    assert len(out) > 2_000_000  # 2 MB is under the default cap of 10 MB
    code, _, err = call(["clean", str(src), "--max-record-bytes", "0"])
    assert code == 2
    assert "--max-record-bytes" in err


def _oracle(data: bytes, limit: int, ends: re.Pattern[bytes]) -> list[Any]:
    """Obviously correct: the whole data split at once."""
    out: list[Any] = []
    start = 0
    for found in ends.finditer(data):
        out.append((data[start : found.start()], data[start : found.end()]))
        start = found.end()
    if start < len(data):
        out.append((data[start:], data[start:]))
    return [
        ("over", len(body), body.count(b'"'), body[:800]) if len(body) > limit else line
        for body, line in out
    ]


@settings(max_examples=400)
@given(
    data=st.lists(st.sampled_from([b"a", b"\r", b"\n", b'"', b"\r\n", b"bb"]), max_size=60).map(
        b"".join
    ),
    limit=st.integers(1, 12),
    chunk=st.integers(1, 7),
    universal=st.booleans(),
)
def test_d5_bounded_lines_match_splitting_the_whole(
    data: bytes, limit: int, chunk: int, universal: bool
) -> None:
    ends = re.compile(rb"\r\n?|\n" if universal else rb"\n")  # csv's rule, or JSON Lines
    got = [
        ("over", x.size, x.quotes, x.head) if isinstance(x, io_bytes.Oversized) else x
        for x in io_bytes.bounded_lines(io.BytesIO(data), limit, universal, chunk)
    ]
    assert got == _oracle(data, limit, ends)


# -- D13: cut and corrupt compressed inputs ------------------------------------------------------

RECORDS = "".join(
    json.dumps({"id": i, "outlet": "Example", "text": f"Story number {i}. " * 20}) + "\n"
    for i in range(3000)
)


def _zstd(data: bytes, **options: Any) -> bytes:
    zstandard = pytest.importorskip("zstandard")
    return bytes(zstandard.ZstdCompressor(**options).compress(data))


@pytest.mark.parametrize("suffix", [".gz", ".zst"])
@pytest.mark.parametrize("command", ["clean", "stats", "report", "dedupe", "learn"])
def test_d13_a_cut_input_keeps_what_came_before_and_fails(
    tmp_path: Path, suffix: str, command: str
) -> None:
    data = RECORDS.encode()
    packed = gzip.compress(data) if suffix == ".gz" else _zstd(data)
    src = tmp_path / f"in.jsonl{suffix}"
    src.write_bytes(packed[: len(packed) * 2 // 3])
    out = tmp_path / ("out.html" if command == "report" else "out.jsonl")
    argv = [command, str(src)]
    argv += ["--sample", "5000"] if command == "stats" else ["-o", str(out)]
    code, _, err = call(argv)
    assert code == 1
    assert f"newsclean: error: {src}: truncated: the compressed data ends early" in err
    assert "Traceback" not in err
    if command == "clean":
        kept = [r["id"] for r in jsonl(out)]
        assert 0 < len(kept) < 3000
        assert kept == list(range(len(kept)))  # the records before the cut, in order
    if command == "dedupe":
        assert 0 < len(jsonl(out)) < 3000
    if command == "report":
        assert out.is_file()


def test_d13_a_cut_zstd_of_one_block_is_not_zero_records_and_exit_0(tmp_path: Path) -> None:
    packed = _zstd(b'{"text": "One."}\n{"text": "Two."}\n')
    src = tmp_path / "in.jsonl.zst"
    src.write_bytes(packed[:-3])
    code, _, err = call(["clean", str(src), "-o", str(tmp_path / "out.jsonl")])
    assert code == 1
    assert "truncated" in err


def test_d13_a_cut_text_file_is_an_error_not_a_partial_article(tmp_path: Path) -> None:
    src = tmp_path / "a.txt.gz"
    packed = gzip.compress(("The council met. " * 2000).encode())
    src.write_bytes(packed[: len(packed) // 2])
    code, _, err = call(["clean", str(src), "-o", str(tmp_path / "out")])
    assert code == 1
    assert "the article was not read" in err


def test_d13_corrupt_compressed_data_fails_naming_the_file(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl.zst"
    src.write_bytes(_zstd(RECORDS.encode()) + b"not zstd at all")
    code, _, err = call(["clean", str(src), "-o", str(tmp_path / "out.jsonl")])
    assert code == 1
    assert f"{src}: unreadable: zstd" in err
    assert len(jsonl(tmp_path / "out.jsonl")) == 3000  # every record before the junk
    src = tmp_path / "bad.jsonl.gz"
    src.write_bytes(b"\x1f\x8b" + b"\x00" * 40)
    code, _, err = call(["clean", str(src), "-o", str(tmp_path / "out2.jsonl")])
    assert code == 1
    assert f"{src}: unreadable" in err


def test_d13_on_error_fail_stops_at_a_cut_input(tmp_path: Path) -> None:
    packed = gzip.compress(RECORDS.encode())
    src = tmp_path / "in.jsonl.gz"
    src.write_bytes(packed[: len(packed) // 2])
    code, _, err = call(["clean", str(src), "-o", str(tmp_path / "o.jsonl"), "--on-error", "fail"])
    assert code == 1
    assert "truncated" in err
    assert names(tmp_path) == ["in.jsonl.gz"]


def test_d13_whole_zstd_frames_of_every_kind_are_read_to_the_end(tmp_path: Path) -> None:
    first = _zstd(b'{"text": "One."}\n', write_checksum=True, write_content_size=False)
    skippable = (0x184D2A53).to_bytes(4, "little") + (5).to_bytes(4, "little") + b"12345"
    second = _zstd(b'{"text": "Two."}\n' * 40_000, level=1)  # several blocks
    data = first + skippable + second
    src = tmp_path / "in.jsonl.zst"
    src.write_bytes(data)
    code, _, err = call(["clean", str(src), "-o", str(tmp_path / "out.jsonl")])
    assert code == 0, err
    assert len(jsonl(tmp_path / "out.jsonl")) == 40_001
    for cut in range(1, len(first) + len(skippable) + 40):
        if cut in (len(first), len(first) + len(skippable)):
            continue  # whole frames
        assert not io_bytes._zstd_frames_whole(io.BytesIO(data[:cut])), cut


# -- D17: JSON that breaks the parser is a reject ------------------------------------------------


def test_d17_deep_nesting_and_huge_numbers_are_rejected_not_fatal(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(
        "\n".join(
            [
                json.dumps({"id": 1, "text": "One."}),
                "[" * 100_000,
                '{"id": ' + "9" * 5_000 + ', "text": "x"}',
                json.dumps({"id": 2, "text": "Two."}),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    code, _, err = call(["clean", str(src), "-o", str(out)])
    assert code == 0, err
    assert [r["id"] for r in jsonl(out)] == [1, 2]
    errors = [r["error"] for r in jsonl(tmp_path / "out.jsonl.rejects.jsonl")]
    assert errors[0] == "malformed JSON: nested too deeply"
    assert errors[1].startswith("malformed JSON: Exceeds the limit (4300 digits)")


# -- D18: CSV as it is found -----------------------------------------------------------------


def test_d18_a_field_over_131072_characters_is_read(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text('id,text\n1,"' + "word " * 60_000 + '"\n2,Two.\n', encoding="utf-8")
    limit = csv.field_size_limit()
    code, out, err = call(["clean", str(src), "--quiet"])
    assert (code, err) == (0, "")
    assert len(out.splitlines()) == 3
    assert csv.field_size_limit() == limit  # csv's global setting is left as it was


def test_d18_a_row_with_an_extra_column_is_rejected_alone(tmp_path: Path) -> None:
    src = tmp_path / "in.tsv"
    src.write_text("id\ttext\n1\tOne.\n2\tTwo.\textra\n3\tThree.\n4\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    code, _, err = call(["clean", str(src), "-o", str(out)])
    assert code == 0, err
    assert [r["id"] for r in jsonl(out)] == ["1", "3"]
    rejects = jsonl(tmp_path / "out.jsonl.rejects.jsonl")
    assert rejects[0] == {
        "file": str(src),
        "line": 3,
        "error": "row has 3 fields, the header 2",
        "raw": "2\tTwo.\textra",
    }
    assert rejects[1]["line"] == 5  # a short row: its missing text is None


@pytest.mark.parametrize("name", ["in.csv", "in.jsonl"])
def test_d18_a_byte_order_mark_is_dropped(tmp_path: Path, name: str) -> None:
    src = tmp_path / name
    if name.endswith(".csv"):
        body = "text,id\nOne.,1\nTwo.,2\n"
    else:
        body = "".join(
            json.dumps({"id": i, "text": t}) + "\n" for i, t in ((1, "One."), (2, "Two."))
        )
    src.write_bytes(b"\xef\xbb\xbf" + body.encode())
    out = tmp_path / "out.jsonl"
    code, _, err = call(["clean", str(src), "-o", str(out)])
    assert code == 0, err
    assert "0 rejected" in err
    assert [(str(r["id"]), r["text"]) for r in jsonl(out)] == [("1", "One."), ("2", "Two.")]


def test_d18_old_mac_line_endings_and_quoted_breaks_still_read(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_bytes(b'id,text\r1,"Advertisement\r\nThe council met."\r2,Two.\r')
    decode = Decoder(lambda _m: None)
    items = list(read_items(str(src), FORMATS["csv"], "text", decode))
    assert [i.record for i in items] == [
        {"id": "1", "text": "Advertisement\r\nThe council met."},
        {"id": "2", "text": "Two."},
    ]


# -- D19: a full disk leaves nothing behind -------------------------------------------------------


class _FullDisk(io.FileIO):
    """A file on a disk with ``room`` bytes free."""

    room = 3000

    def write(self, data: Any) -> int:
        if self.tell() + len(data) > self.room:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return super().write(data)


@pytest.fixture
def full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    real_open = open

    def fake_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if "w" in mode and isinstance(file, int):  # AtomicWriter's temporary file
            return io.BufferedWriter(_FullDisk(file, "wb"))
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(io_text, "open", fake_open, raising=False)


@pytest.mark.parametrize(
    "argv",
    [
        ["clean", "IN", "-o", "OUT/o.jsonl"],
        ["clean", "IN", "-o", "OUT/o.jsonl.gz", "--rejects", "OUT/r.jsonl"],
        ["clean", "IN", "-o", "OUT/o.csv", "--explain", "OUT/e.jsonl"],
        ["clean", "ARTICLE", "-o", "OUT/a.txt"],
        ["report", "IN", "-o", "OUT/r.html"],
        ["dedupe", "IN", "-o", "OUT/d.jsonl"],
    ],
)
def test_d19_a_full_disk_leaves_no_temporary_or_partial_file(
    tmp_path: Path, full_disk: None, argv: list[str]
) -> None:
    src = tmp_path / "in.jsonl"
    lines = [json.dumps({"id": i, "text": f"Story {i}. " * 30}) for i in range(200)]
    lines[5:5] = ["{broken"] * 150  # rejects enough to fill the disk too
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text("The council met. " * 500, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    args = [
        {"IN": str(src), "ARTICLE": str(article)}.get(a, a.replace("OUT", str(out))) for a in argv
    ]
    code, _, err = call([*args, "--quiet"] if argv[0] != "report" else args)
    assert code == 1
    assert "No space left on device" in err
    assert names(out) == []
    assert names(tmp_path) == ["a.txt", "in.jsonl", "out"]


def test_d19_rejects_of_a_stopped_run_are_kept_whole(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text('{"text": "One."}\n{broken\n{"text": 2}\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    code, _, _ = call(["clean", str(src), "-o", str(out), "--on-error", "fail", "--quiet"])
    assert code == 1
    assert [r["line"] for r in jsonl(tmp_path / "out.jsonl.rejects.jsonl")] == [2]
    assert names(tmp_path) == ["in.jsonl", "out.jsonl.rejects.jsonl"]


# -- D27: -o a directory for one article ----------------------------------------------------------


def test_d27_one_article_to_an_existing_directory_fails_cleanly(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("The council met.", encoding="utf-8")
    target = tmp_path / "dir"
    target.mkdir()
    code, _, err = call(["clean", str(article), "-o", str(target)])
    assert code == 1
    assert f"{target}: Is a directory" in err
    assert names(tmp_path) == ["a.txt", "dir"]
    assert names(target) == []


def test_d13_learn_keeps_the_records_before_a_cut_and_still_writes_the_pack(tmp_path: Path) -> None:
    lines = [
        json.dumps(
            {
                "id": f"r{i}",
                "outlet": "site",
                "text": f"Story {i} on the bridge.\nFooter of the site",
            }
        )
        for i in range(400)
    ]
    packed = gzip.compress(("\n".join(lines) + "\n").encode())
    src = tmp_path / "in.jsonl.gz"
    src.write_bytes(packed[: len(packed) * 3 // 4])
    pack = tmp_path / "learned.toml"
    code, _, err = call(["learn", str(src), "-o", str(pack), "--min-days", "1"])
    assert code == 1
    assert "truncated" in err
    assert "footer of the site" in pack.read_text(encoding="utf-8").lower()


# -- D14, D15, D16, D24, D25: where outputs go ------------------------------------------


def test_d14_two_inputs_onto_one_output_are_refused_up_front(tmp_path: Path) -> None:
    for d in ("d1", "d2"):
        (tmp_path / d).mkdir()
        (tmp_path / d / "a.txt").write_text("The council met.\n", encoding="utf-8")
    out = tmp_path / "out"
    code, _, err = call(
        ["clean", str(tmp_path / "d1/a.txt"), str(tmp_path / "d2/a.txt"), "-o", f"{out}/"]
    )
    assert code == 2
    assert "would both be written to" in err
    assert not out.exists()
    # two directories whose files share a relative path collide the same way
    code, _, err = call(["clean", str(tmp_path / "d1"), str(tmp_path / "d2"), "-o", str(out)])
    assert code == 2
    assert "would both be written to" in err


def test_d15_in_place_twice_never_overwrites_a_backup(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    original = "ADVERTISEMENT\n\nThe council met on Tuesday.\n"
    (folder / "a.txt").write_text(original, encoding="utf-8")
    assert call(["clean", str(folder), "--in-place", ".bak", "--quiet"])[0] == 0
    assert (folder / "a.txt.bak").read_text(encoding="utf-8") == original
    code, _, err = call(["clean", str(folder), "--in-place", ".bak", "--quiet"])
    assert code == 2
    assert "would overwrite an earlier backup" in err
    assert (folder / "a.txt.bak").read_text(encoding="utf-8") == original
    assert not (folder / "a.txt.bak.bak").exists()


def test_d16_a_fifo_is_written_to_not_replaced(tmp_path: Path) -> None:
    import os
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    src = tmp_path / "a.txt"
    src.write_text("The council met.\n", encoding="utf-8")
    assert call(["clean", str(src), "-o", str(fifo)])[0] == 0
    reader.join(timeout=10)
    assert got == [b"The council met.\n"]
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_d16_a_symlink_keeps_pointing_at_the_file_it_names(tmp_path: Path) -> None:
    target = tmp_path / "real.txt"
    target.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    src = tmp_path / "a.txt"
    src.write_text("The council met.\n", encoding="utf-8")
    assert call(["clean", str(src), "-o", str(link)])[0] == 0
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8") == "The council met.\n"


def test_d24_a_directory_of_one_article_and_a_directory_output(tmp_path: Path) -> None:
    folder = tmp_path / "one"
    folder.mkdir()
    (folder / "a.txt").write_text("The council met.\n", encoding="utf-8")
    out = tmp_path / "cleaned"
    code, _, err = call(["clean", str(folder), "-o", str(out), "--quiet"])
    assert code == 0, err
    assert (out / "a.txt").read_text(encoding="utf-8") == "The council met.\n"
    code, _, err = call(["clean", str(folder / "a.txt"), "-o", f"{tmp_path / 'newdir'}/"])
    assert code == 2
    assert "names a directory" in err
    assert not (tmp_path / "newdir").exists()


def test_d25_an_unreadable_subdirectory_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("The council met.\n", encoding="utf-8")
    real_walk = os.walk

    def walk(top: Any, onerror: Any = None, **kw: Any) -> Any:
        onerror(PermissionError(13, "Permission denied", str(folder / "locked")))
        yield from real_walk(top, onerror=onerror, **kw)

    monkeypatch.setattr(os, "walk", walk)
    code, _, err = call(["clean", str(folder), "-o", str(tmp_path / "out"), "--quiet"])
    assert code != 0
    assert "locked" in err
