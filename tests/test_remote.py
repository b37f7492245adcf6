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
