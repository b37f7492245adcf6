"""URLs as inputs and outputs (#17 item 11), against fsspec's in-memory filesystem."""

from __future__ import annotations

import gzip
import json

import pytest

from newsclean import remote
from newsclean.errors import ConfigError

fsspec = pytest.importorskip("fsspec")


@pytest.fixture
def memfs():
    fs = fsspec.filesystem("memory")
    root = "/newsclean-tests"
    if fs.exists(root):
        fs.rm(root, recursive=True)
    yield fs
    if fs.exists(root):
        fs.rm(root, recursive=True)


def test_urls_are_told_from_paths() -> None:
    assert remote.is_url("s3://bucket/a.jsonl")
    assert remote.is_url("hf://datasets/x/y.parquet")
    assert remote.is_url("memory://x")
    assert not remote.is_url("a.jsonl")
    assert not remote.is_url("C:\\data\\a.jsonl")
    assert not remote.is_url("file:///tmp/a.jsonl")
    assert remote.local_path("file:///tmp/a.jsonl") == "/tmp/a.jsonl"


def test_expand_lists_a_prefix_sorted_and_refuses_nothing(memfs) -> None:
    for name in ("b.jsonl", "a.jsonl", "sub/c.jsonl"):
        memfs.pipe(f"/newsclean-tests/in/{name}", b"{}\n")
    found = remote.expand("memory://newsclean-tests/in")
    assert found == [
        "memory:///newsclean-tests/in/a.jsonl",
        "memory:///newsclean-tests/in/b.jsonl",
        "memory:///newsclean-tests/in/sub/c.jsonl",
    ]
    assert remote.expand("memory://newsclean-tests/in/*.jsonl") == found[:2]
    with pytest.raises(ConfigError, match="no such file"):
        remote.expand("memory://newsclean-tests/missing.jsonl")
    with pytest.raises(ConfigError, match="matches no file"):
        remote.expand("memory://newsclean-tests/in/*.parquet")


def test_fetch_keeps_the_suffix_and_the_bytes(memfs) -> None:
    data = gzip.compress(b'{"text": "x"}\n')
    memfs.pipe("/newsclean-tests/a.jsonl.gz", data)
    tmp = remote.fetch("memory://newsclean-tests/a.jsonl.gz")
    try:
        assert tmp.endswith(".jsonl.gz")
        with open(tmp, "rb") as fh:
            assert fh.read() == data
    finally:
        remote.discard(tmp)
    with pytest.raises(FileNotFoundError, match="nope"):
        remote.fetch("memory://newsclean-tests/nope.jsonl")


def test_writer_uploads_only_on_commit(memfs) -> None:
    url = "memory://newsclean-tests/out/a.jsonl.gz"
    failed = remote.RemoteWriter(url)
    failed.open_binary().write(b"partial")
    failed.abort()
    assert not memfs.exists("/newsclean-tests/out/a.jsonl.gz")

    writer = remote.RemoteWriter(url)
    stream = writer.open_binary()
    stream.write(json.dumps({"text": "ok"}).encode() + b"\n")
    stream.close()
    writer.commit()
    assert gzip.decompress(memfs.cat("/newsclean-tests/out/a.jsonl.gz")) == b'{"text": "ok"}\n'
    assert writer.tmp is None


def test_unknown_protocol_and_missing_packages_are_one_clear_line(monkeypatch) -> None:
    with pytest.raises(ConfigError, match="Protocol not known: nosuchproto"):
        remote.filesystem("nosuchproto://bucket/x")
    try:
        import s3fs  # noqa: F401
    except ImportError:
        with pytest.raises(ConfigError, match=r"s3://bucket/x: .*s3fs"):
            remote.filesystem("s3://bucket/x")
    monkeypatch.setitem(__import__("sys").modules, "fsspec.core", None)
    with pytest.raises(ConfigError, match=r"pip install 'newsclean\[remote\]'"):
        remote.filesystem("memory://x")


# -- the command line on URLs ----------------------------------------------------------------

RECORDS = [
    {"id": "a", "text": "Advertisement\nThe council voted 7-2 on Tuesday to close the bridge."},
    {"id": "b", "text": "CLICK HERE TO GET THE FOX NEWS APP\nThe bridge reopens in May."},
]


def _call(argv: list[str]) -> tuple[int, str, str]:
    import io

    from newsclean.cli import main

    out, err = io.StringIO(), io.StringIO()
    code = main(argv, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def _jsonl(records: list[dict]) -> bytes:
    return b"".join(json.dumps(r).encode() + b"\n" for r in records)


def _local_clean(tmp_path, records: list[dict]) -> list[dict]:
    src = tmp_path / "local.jsonl"
    src.write_bytes(_jsonl(records))
    code, out, err = _call(["clean", str(src), "-o", "-", "--quiet"])
    assert code == 0, err
    return [json.loads(line) for line in out.splitlines()]


def test_clean_reads_and_writes_urls_as_it_does_files(memfs, tmp_path) -> None:
    memfs.pipe("/newsclean-tests/in/news.jsonl.gz", gzip.compress(_jsonl(RECORDS)))
    code, _, err = _call(
        [
            "clean",
            "memory://newsclean-tests/in/news.jsonl.gz",
            "-o",
            "memory://newsclean-tests/out/news.csv",
            "--quiet",
        ]
    )
    assert code == 0, err
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(memfs.cat("/newsclean-tests/out/news.csv").decode())))
    assert rows == _local_clean(tmp_path, RECORDS)


def test_a_prefix_in_keeps_its_layout_under_the_prefix_out(memfs, tmp_path) -> None:
    memfs.pipe("/newsclean-tests/in/2024/a.jsonl", _jsonl(RECORDS[:1]))
    memfs.pipe("/newsclean-tests/in/2025/b.jsonl", _jsonl(RECORDS[1:]))
    code, _, err = _call(
        ["clean", "memory://newsclean-tests/in", "-o", "memory://newsclean-tests/out/", "-q"]
    )
    assert code == 0, err
    assert sorted(memfs.find("/newsclean-tests/out")) == [
        "/newsclean-tests/out/2024/a.jsonl",
        "/newsclean-tests/out/2025/b.jsonl",
    ]
    got = [json.loads(x) for x in memfs.cat("/newsclean-tests/out/2025/b.jsonl").splitlines()]
    assert got == _local_clean(tmp_path, RECORDS[1:])


def test_a_failed_run_leaves_no_object_behind(memfs) -> None:
    bad = [RECORDS[0], {"id": "c", "text": 7}]
    memfs.pipe("/newsclean-tests/in/news.jsonl", _jsonl(bad))
    code, _, err = _call(
        [
            "clean",
            "memory://newsclean-tests/in/news.jsonl",
            "-o",
            "memory://newsclean-tests/out/news.jsonl",
            "--on-error",
            "fail",
        ]
    )
    assert code == 1
    assert "not a string" in err
    assert not memfs.exists("/newsclean-tests/out/news.jsonl")


def test_a_missing_url_is_an_error_before_any_work(memfs) -> None:
    code, _, err = _call(["clean", "memory://newsclean-tests/none.jsonl", "-o", "-"])
    assert code == 2
    assert "memory://newsclean-tests/none.jsonl: no such file" in err


def test_in_place_refuses_urls(memfs) -> None:
    memfs.pipe("/newsclean-tests/in/news.jsonl", _jsonl(RECORDS))
    code, _, err = _call(["clean", "memory://newsclean-tests/in/news.jsonl", "--in-place", ".bak"])
    assert code == 2
    assert "--in-place needs local files" in err


def test_dedupe_and_stats_read_urls(memfs) -> None:
    copy = dict(RECORDS[0], id="a2")
    memfs.pipe("/newsclean-tests/in/news.jsonl", _jsonl([*RECORDS, copy]))
    code, out, err = _call(["stats", "memory://newsclean-tests/in/news.jsonl"])
    assert code == 0, err
    assert "3" in out + err
    code, _, err = _call(
        [
            "dedupe",
            "memory://newsclean-tests/in/news.jsonl",
            "-o",
            "memory://newsclean-tests/out/dedup.jsonl",
            "--quiet",
        ]
    )
    assert code == 0, err
    kept = [json.loads(x) for x in memfs.cat("/newsclean-tests/out/dedup.jsonl").splitlines()]
    assert [(r["id"], r["dup_keep"]) for r in kept] == [("a", True), ("b", True), ("a2", False)]


# -- the library on URLs ---------------------------------------------------------------------


def test_read_and_write_records_round_trip_through_urls(memfs) -> None:
    from newsclean import clean_records
    from newsclean.files import read_records, write_records

    url = "memory://newsclean-tests/lib/news.parquet"
    pytest.importorskip("pyarrow")
    assert write_records(RECORDS, url) == len(RECORDS)
    assert list(read_records(url)) == RECORDS
    cleaned = list(clean_records(read_records(url)))
    assert write_records(cleaned, "memory://newsclean-tests/lib/clean.jsonl.zst") == 2
    assert list(read_records("memory://newsclean-tests/lib/clean.*")) == cleaned


def test_write_records_leaves_nothing_when_a_record_fails(memfs) -> None:
    from newsclean.files import write_records

    def records():
        yield RECORDS[0]
        raise RuntimeError("source failed")

    with pytest.raises(RuntimeError):
        write_records(records(), "memory://newsclean-tests/lib/broken.jsonl")
    assert not memfs.exists("/newsclean-tests/lib/broken.jsonl")


def test_read_records_names_an_unreadable_record(memfs) -> None:
    from newsclean.files import read_records

    memfs.pipe("/newsclean-tests/lib/bad.jsonl", _jsonl(RECORDS[:1]) + b"{not json\n")
    reader = read_records("memory://newsclean-tests/lib/bad.jsonl")
    assert next(reader) == RECORDS[0]
    with pytest.raises(ValueError, match=r"bad.jsonl:2: "):
        next(reader)
