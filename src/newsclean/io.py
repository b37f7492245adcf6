"""Reading and writing corpora through a format registry: one entry per format (text, JSON
Lines, CSV, TSV, Parquet) and one per compression (.gz, .zst), record by record, with
atomic output files. Used by the command line.

Adding a format is one ``FileFormat`` entry in ``FORMATS``: its name, extensions, reader,
writer, delimiter, whether it can stream to standard output and the compressions it takes.
"""

from __future__ import annotations

import contextlib
import csv
import gzip
import importlib
import io
import json
import os
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Protocol, cast

from .errors import ConfigError

Warn = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class Item:
    """One input record: where it came from, and the record or why it is unreadable."""

    path: str  # "-" for standard input
    number: int  # 1-based line (JSONL), row (CSV, Parquet) or 1 (text file)
    record: Any = None
    raw: str | None = None  # the undecodable or malformed line, for the rejects file
    error: str | None = None


class Decoder:
    """UTF-8 with a documented fallback: undecodable bytes become U+FFFD, and the file
    is named once in a warning and counted."""

    def __init__(self, warn: Warn) -> None:
        self.warn = warn
        self.files_with_bad_bytes: set[str] = set()

    def __call__(self, data: bytes, path: str) -> str:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            if path not in self.files_with_bad_bytes:
                self.files_with_bad_bytes.add(path)
                self.warn(
                    f"{path}: not valid UTF-8 ({exc.reason} at byte {exc.start}); "
                    "undecodable bytes were replaced with U+FFFD"
                )
            return data.decode("utf-8", errors="replace")


def _extra(module: str, path: str, doing: str, extra: str) -> Any:
    """An optional dependency, or OSError saying which extra installs it."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        package = module.split(".")[0]
        raise OSError(
            f"{path}: {doing} needs the '{package}' package (pip install 'newsclean[{extra}]')"
        ) from exc


# -- compressions ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Compression:
    """A compression, chosen by the file name's last suffix on reading and on writing."""

    suffix: str
    open_read: Callable[[str], IO[bytes]]  # path -> decompressed bytes
    wrap_write: Callable[[IO[bytes], str], IO[bytes]]  # (raw file, path) -> compressing stream


def _gzip_read(path: str) -> IO[bytes]:
    return cast(IO[bytes], gzip.open(path, "rb"))


def _gzip_write(raw: IO[bytes], path: str) -> IO[bytes]:
    # a GzipFile does not close the file it wraps: AtomicWriter closes it
    return cast(IO[bytes], gzip.GzipFile(fileobj=raw, mode="wb", filename=""))


def _zstd_read(path: str) -> IO[bytes]:
    zstandard = _extra("zstandard", path, "reading .zst", "zstd")
    # the decompressing reader has no readline: buffer it for line iteration
    return cast(IO[bytes], io.BufferedReader(zstandard.open(path, "rb")))


def _zstd_write(raw: IO[bytes], path: str) -> IO[bytes]:
    zstandard = _extra("zstandard", path, "writing .zst", "zstd")
    return cast(IO[bytes], zstandard.ZstdCompressor().stream_writer(raw))


COMPRESSIONS: dict[str, Compression] = {
    c.suffix: c
    for c in (
        Compression(".gz", _gzip_read, _gzip_write),
        Compression(".zst", _zstd_read, _zstd_write),
    )
}


def split_compression(path: str) -> tuple[str, Compression | None]:
    """``path`` without its compression suffix (lower-cased), and the compression."""
    name = path.lower()
    for suffix, compression in COMPRESSIONS.items():
        if name.endswith(suffix):
            return name.removesuffix(suffix), compression
    return name, None


# -- reading ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Source:
    """One input as a reader sees it."""

    path: str  # "-": standard input
    fmt: FileFormat
    field: str  # where a whole-file article goes
    decode: Decoder
    stdin: IO[bytes] | None = None  # None: sys.stdin

    @contextlib.contextmanager
    def open(self) -> Iterator[IO[bytes]]:
        """The input's bytes, decompressed by its suffix; standard input is left open."""
        if self.path == "-":
            yield self.stdin if self.stdin is not None else sys.stdin.buffer
            return
        _, compression = split_compression(self.path)
        open_read = _open_plain if compression is None else compression.open_read
        with open_read(self.path) as fh:
            yield fh


def _open_plain(path: str) -> IO[bytes]:
    return open(path, "rb")


def _read_text(src: Source) -> Iterator[Item]:
    with src.open() as fh:
        yield Item(src.path, 1, {src.field: src.decode(fh.read(), src.path)})


def _read_jsonl(src: Source) -> Iterator[Item]:
    with src.open() as fh:
        for number, raw_line in enumerate(fh, start=1):
            line = src.decode(raw_line, src.path).rstrip("\r\n")
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                yield Item(src.path, number, raw=line, error=f"malformed JSON: {exc.msg}")
                continue
            yield Item(src.path, number, record)


def _read_delimited(src: Source) -> Iterator[Item]:
    with src.open() as fh:
        text = io.TextIOWrapper(fh, encoding="utf-8", errors="replace", newline="")
        try:
            rows = csv.DictReader(text, delimiter=src.fmt.delimiter or ",")
            for number, row in enumerate(rows, start=2):  # row 1 is the header
                yield Item(src.path, number, row)
        finally:
            text.detach()  # closing the wrapper would close the stream (stdin, say)


def _read_parquet(src: Source) -> Iterator[Item]:
    pq = _extra("pyarrow.parquet", src.path, "Parquet", "parquet")
    number = 0
    for batch in pq.ParquetFile(src.path).iter_batches():
        for row in batch.to_pylist():
            number += 1
            yield Item(src.path, number, row)


def read_items(
    path: str, fmt: FileFormat, field: str, decode: Decoder, stdin: IO[bytes] | None = None
) -> Iterator[Item]:
    """Yield the records of one input file (``-``: ``stdin``, else ``sys.stdin``)."""
    return fmt.read(Source(path, fmt, field, decode, stdin))


# -- writing ----------------------------------------------------------------------------------


class RecordWriter(Protocol):
    """Writes records in one format to the stream its ``RecordSink`` gives it."""

    def write(self, record: Mapping[str, Any]) -> None: ...

    def close(self, ok: bool) -> None:
        """Finish the format (when ``ok``) and let go of what it holds; the sink closes
        the stream and renames the file into place."""
        ...


class _JsonlWriter:
    def __init__(self, sink: RecordSink) -> None:
        self.out = sink.text()

    def write(self, record: Mapping[str, Any]) -> None:
        self.out.write(json.dumps(record, ensure_ascii=False) + "\n")

    def close(self, ok: bool) -> None:
        pass


class _DelimitedWriter:
    def __init__(self, sink: RecordSink) -> None:
        self.out = sink.text()
        self.delimiter = sink.fmt.delimiter or ","
        self.rows: csv.DictWriter[str] | None = None

    def write(self, record: Mapping[str, Any]) -> None:
        if self.rows is None:  # the first record's fields are the header
            self.rows = csv.DictWriter(self.out, fieldnames=list(record), delimiter=self.delimiter)
            self.rows.writeheader()
        self.rows.writerow(record)

    def close(self, ok: bool) -> None:
        pass


class _ParquetWriter:
    BATCH = 10_000  # rows buffered per row group

    def __init__(self, sink: RecordSink) -> None:
        self.path = sink.target
        self.out = sink.binary()
        self.rows: list[Mapping[str, Any]] = []
        self.writer: Any = None

    def write(self, record: Mapping[str, Any]) -> None:
        self.rows.append(record)
        if len(self.rows) >= self.BATCH:
            self._flush()

    def _flush(self) -> None:
        if not self.rows:
            return
        pa = _extra("pyarrow", self.path, "Parquet", "parquet")
        pq = _extra("pyarrow.parquet", self.path, "Parquet", "parquet")
        table = pa.Table.from_pylist(self.rows)
        if self.writer is None:
            self.writer = pq.ParquetWriter(self.out, table.schema)
        self.writer.write_table(table)
        self.rows = []

    def close(self, ok: bool) -> None:
        if ok:
            self._flush()
        if self.writer is not None:
            self.writer.close()


@dataclass(frozen=True, slots=True)
class FileFormat:
    """One format: how it is named, recognised, read and written."""

    name: str  # the --format value
    extensions: tuple[str, ...]  # before any compression suffix
    read: Callable[[Source], Iterator[Item]]
    write: Callable[[RecordSink], RecordWriter] | None  # None: one article per file
    delimiter: str | None = None  # for the delimited formats
    streams: bool = True  # can be written to standard output
    compressions: tuple[str, ...] = tuple(COMPRESSIONS)

    @property
    def whole_file(self) -> bool:
        """A whole file is one article (mirrored file to file), not a file of records."""
        return self.write is None


#: Every format, by name. Detection tries them in this order; ``DEFAULT_FORMAT`` takes
#: whatever no entry claims.
FORMATS: dict[str, FileFormat] = {
    f.name: f
    for f in (
        FileFormat("txt", (".txt",), _read_text, None),
        FileFormat("jsonl", (".jsonl", ".ndjson", ".json"), _read_jsonl, _JsonlWriter),
        FileFormat("csv", (".csv",), _read_delimited, _DelimitedWriter, delimiter=","),
        FileFormat("tsv", (".tsv",), _read_delimited, _DelimitedWriter, delimiter="\t"),
        FileFormat(
            "parquet", (".parquet",), _read_parquet, _ParquetWriter, streams=False, compressions=()
        ),
    )
}
DEFAULT_FORMAT = FORMATS["txt"]
FORMAT_NAMES: tuple[str, ...] = tuple(FORMATS)


def format_of(path: str, forced: str | None = None) -> FileFormat:
    """The format of ``path``: ``forced`` (a ``--format`` name), else by its extension
    with the compression suffix set aside; anything unclaimed is plain text.

    Examples:
        >>> format_of("corpus.tsv.zst").delimiter
        '\\t'
        >>> format_of("notes.md").name, format_of("data.bin", "jsonl").name
        ('txt', 'jsonl')
    """
    if forced is not None:
        if forced not in FORMATS:
            raise ConfigError(f"unknown format {forced!r}; known: {', '.join(FORMATS)}")
        return FORMATS[forced]
    name, compression = split_compression(path)
    fmt = next((f for f in FORMATS.values() if name.endswith(f.extensions)), DEFAULT_FORMAT)
    if compression is not None and compression.suffix not in fmt.compressions:
        raise ConfigError(
            f"{path}: {fmt.name} files are not read or written as {compression.suffix}"
        )
    return fmt


def expand_inputs(inputs: list[str]) -> list[str]:
    """Files as given, directories walked recursively (sorted), ``-`` kept."""
    out: list[str] = []
    for item in inputs:
        path = Path(item)
        if item != "-" and path.is_dir():
            out.extend(str(p) for p in sorted(path.rglob("*")) if p.is_file())
        else:
            out.append(item)
    return out


class AtomicWriter:
    """Write to a temporary file beside ``path`` and rename it into place on success,
    so an interrupted run never leaves a half-written file under the final name."""

    def __init__(self, path: str) -> None:
        self.path = Path(path)
        self.tmp = self.path.with_name(f".{self.path.name}.newsclean-tmp")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.raw: IO[bytes] | None = None

    def open_binary(self) -> IO[bytes]:
        """The temporary file, compressed by the final name's suffix."""
        raw: IO[bytes] = open(self.tmp, "wb")  # noqa: SIM115
        self.raw = raw  # a compressing wrapper does not always close the file it wraps
        _, compression = split_compression(self.path.name)
        if compression is None:
            return raw
        try:
            return compression.wrap_write(raw, str(self.path))
        except BaseException:
            raw.close()
            raise

    def _close_raw(self) -> None:
        if self.raw is not None and not self.raw.closed:
            self.raw.close()

    def commit(self) -> None:
        self._close_raw()
        os.replace(self.tmp, self.path)

    def abort(self) -> None:
        self._close_raw()
        with contextlib.suppress(FileNotFoundError):
            self.tmp.unlink()


@contextlib.contextmanager
def atomic_text(path: str) -> Iterator[IO[str]]:
    """A UTF-8 text file written atomically: in place on success, gone on failure."""
    writer = AtomicWriter(path)
    try:
        with io.TextIOWrapper(writer.open_binary(), encoding="utf-8", newline="\n") as fh:
            yield fh
    except BaseException:
        writer.abort()
        raise
    writer.commit()


class RecordSink:
    """Cleaned records in one format to a file (atomically) or to standard output."""

    def __init__(self, target: str, fmt: FileFormat, stdout: IO[str]) -> None:
        self.check(target, fmt)
        assert fmt.write is not None
        self.target = target
        self.fmt = fmt
        self.stdout = stdout
        self._atomic = None if target == "-" else AtomicWriter(target)
        self._stream: IO[Any] | None = None  # what this sink opened (and closes)
        self._writer = fmt.write(self)

    @staticmethod
    def check(target: str, fmt: FileFormat) -> None:
        """ConfigError unless records in ``fmt`` can be written to ``target``."""
        if fmt.whole_file:
            writable = ", ".join(f.name for f in FORMATS.values() if not f.whole_file)
            raise ConfigError(f"{target}: {fmt.name} holds one article, not records ({writable})")
        if target == "-" and not fmt.streams:
            raise ConfigError(f"{fmt.name} cannot be written to standard output; give -o FILE")

    def text(self) -> IO[str]:
        """The output as UTF-8 text (the writer's newlines are kept as written)."""
        if self._atomic is None:
            return self.stdout
        stream = io.TextIOWrapper(self._atomic.open_binary(), encoding="utf-8", newline="")
        self._stream = stream
        return stream

    def binary(self) -> IO[bytes]:
        """The output as bytes (only for files: binary formats do not stream)."""
        if self._atomic is None:
            raise ConfigError(f"{self.fmt.name} cannot be written to standard output")
        stream = self._atomic.open_binary()
        self._stream = stream
        return stream

    def write(self, record: Mapping[str, Any]) -> None:
        self._writer.write(record)

    def close(self, ok: bool) -> None:
        """Finish: rename into place when ``ok``, else throw the partial file away."""
        try:
            self._writer.close(ok)
            if self._stream is not None:
                self._stream.close()
            else:
                self.stdout.flush()
        except BaseException:
            ok = False
            raise
        finally:
            if self._atomic is not None:
                if ok:
                    self._atomic.commit()
                else:
                    self._atomic.abort()


def write_text_atomically(path: str, text: str) -> None:
    """One article to one file, atomically."""
    writer = AtomicWriter(path)
    try:
        with writer.open_binary() as fh:
            fh.write(text.encode("utf-8"))
    except BaseException:
        writer.abort()
        raise
    writer.commit()
