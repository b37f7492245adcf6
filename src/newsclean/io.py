"""Reading and writing corpora: plain text, JSONL (optionally .gz / .zst), CSV and Parquet,
record by record, with atomic output files. Used by the command line."""

from __future__ import annotations

import contextlib
import csv
import gzip
import io
import json
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Literal, cast

Format = Literal["txt", "jsonl", "csv", "parquet"]
FORMATS: tuple[Format, ...] = ("txt", "jsonl", "csv", "parquet")


@dataclass(frozen=True, slots=True)
class Item:
    """One input record: where it came from, and the record or why it is unreadable."""

    path: str  # "-" for standard input
    number: int  # 1-based line (JSONL), row (CSV, Parquet) or 1 (text file)
    record: Any = None
    raw: str | None = None  # the undecodable or malformed line, for the rejects file
    error: str | None = None


def detect_format(path: str, forced: Format | None = None) -> Format:
    """The format of ``path`` by its extension (``.gz``/``.zst`` set aside)."""
    if forced is not None:
        return forced
    name = path.lower()
    for suffix in (".gz", ".zst"):
        name = name.removesuffix(suffix)
    if name.endswith((".jsonl", ".ndjson", ".json")):
        return "jsonl"
    if name.endswith((".csv", ".tsv")):
        return "csv"
    if name.endswith(".parquet"):
        return "parquet"
    return "txt"


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


def _open_binary(path: str) -> IO[bytes]:
    if path == "-":
        return sys.stdin.buffer
    if path.endswith(".gz"):
        return cast(IO[bytes], gzip.open(path, "rb"))
    if path.endswith(".zst"):
        try:
            import zstandard
        except ImportError as exc:
            raise OSError(f"{path}: reading .zst needs the 'zstandard' package") from exc
        # the decompressing reader has no readline: buffer it for line iteration
        return cast(IO[bytes], io.BufferedReader(zstandard.open(path, "rb")))
    return open(path, "rb")


class Decoder:
    """UTF-8 with a documented fallback: undecodable bytes become U+FFFD, and the file
    is named once in a warning and counted."""

    def __init__(self, warn: Any) -> None:
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


def read_items(path: str, fmt: Format, field: str, decode: Decoder) -> Iterator[Item]:
    """Yield the records of one input file."""
    if fmt == "parquet":
        yield from _read_parquet(path)
        return
    with contextlib.ExitStack() as stack:
        fh = _open_binary(path)
        if path != "-":
            stack.enter_context(fh)
        if fmt == "txt":
            yield Item(path, 1, {field: decode(fh.read(), path)})
        elif fmt == "jsonl":
            for number, raw_line in enumerate(fh, start=1):
                line = decode(raw_line, path).rstrip("\r\n")
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    yield Item(path, number, raw=line, error=f"malformed JSON: {exc.msg}")
                    continue
                yield Item(path, number, record)
        else:  # csv
            text = io.TextIOWrapper(fh, encoding="utf-8", errors="replace", newline="")
            stack.callback(text.detach)
            delimiter = "\t" if path.lower().removesuffix(".gz").endswith(".tsv") else ","
            for number, row in enumerate(csv.DictReader(text, delimiter=delimiter), start=2):
                yield Item(path, number, row)


def _read_parquet(path: str) -> Iterator[Item]:
    try:
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise OSError(
            f"{path}: Parquet needs the 'pyarrow' package (pip install newsclean[parquet])"
        ) from exc
    number = 0
    for batch in pq.ParquetFile(path).iter_batches():
        for row in batch.to_pylist():
            number += 1
            yield Item(path, number, row)


class AtomicWriter:
    """Write to a temporary file beside ``path`` and rename it into place on success,
    so an interrupted run never leaves a half-written file under the final name."""

    def __init__(self, path: str) -> None:
        self.path = Path(path)
        self.tmp = self.path.with_name(f".{self.path.name}.newsclean-tmp")
        self.path.parent.mkdir(parents=True, exist_ok=True)

    def open_binary(self) -> IO[bytes]:
        raw: IO[bytes] = open(self.tmp, "wb")  # noqa: SIM115
        self.raw = raw  # a compressing wrapper does not always close the file it wraps
        name = self.path.name.lower()
        if name.endswith(".gz"):
            return cast(IO[bytes], gzip.GzipFile(fileobj=raw, mode="wb", filename=""))
        if name.endswith(".zst"):
            try:
                import zstandard
            except ImportError as exc:
                raw.close()
                raise OSError(f"{self.path}: writing .zst needs the 'zstandard' package") from exc
            return cast(IO[bytes], zstandard.ZstdCompressor().stream_writer(raw))
        return raw

    def _close_raw(self) -> None:
        raw = getattr(self, "raw", None)
        if raw is not None and not raw.closed:
            raw.close()

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
    """Writes cleaned records in one format to a file (atomically) or to stdout."""

    def __init__(self, target: str, fmt: Format, stdout: IO[str]) -> None:
        self.target = target
        self.fmt = fmt
        self.stdout = stdout
        self.writer: AtomicWriter | None = None
        self.binary: IO[bytes] | None = None
        self.csv: csv.DictWriter[str] | None = None
        self.text: IO[str] | None = None
        self.parquet: Any = None
        self.rows: list[dict[str, Any]] = []
        if target != "-":
            self.writer = AtomicWriter(target)
            if fmt != "parquet":
                self.binary = self.writer.open_binary()
                self.text = io.TextIOWrapper(self.binary, encoding="utf-8", newline="")
        else:
            self.text = stdout

    def write(self, record: dict[str, Any]) -> int:
        """Write one record; return the number of bytes of its text field written."""
        assert self.text is not None or self.fmt == "parquet"
        if self.fmt == "jsonl":
            line = json.dumps(record, ensure_ascii=False) + "\n"
            self.text.write(line)  # type: ignore[union-attr]
            return len(line.encode("utf-8"))
        if self.fmt == "csv":
            if self.csv is None:
                self.csv = csv.DictWriter(self.text, fieldnames=list(record))  # type: ignore[arg-type]
                self.csv.writeheader()
            self.csv.writerow(record)
            return sum(len(str(v).encode("utf-8")) for v in record.values())
        if self.fmt == "parquet":
            self.rows.append(record)
            if len(self.rows) >= 10_000:
                self._flush_parquet()
            return sum(len(str(v).encode("utf-8")) for v in record.values())
        raise ValueError(f"RecordSink does not write {self.fmt}")

    def _flush_parquet(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if not self.rows or self.writer is None:
            return
        table = pa.Table.from_pylist(self.rows)
        if self.parquet is None:
            self.parquet = pq.ParquetWriter(self.writer.tmp, table.schema)
        self.parquet.write_table(table)
        self.rows = []

    def close(self, ok: bool) -> None:
        """Finish: rename into place when ``ok``, else throw the partial file away."""
        if self.fmt == "parquet" and ok:
            self._flush_parquet()
        if self.parquet is not None:
            self.parquet.close()
        if self.text is not None and self.text is not self.stdout:
            self.text.flush()
            self.text.close()
        elif self.text is not None:
            self.text.flush()
        if self.writer is not None:
            if ok:
                self.writer.commit()
            else:
                self.writer.abort()


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
