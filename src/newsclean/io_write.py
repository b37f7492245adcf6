"""The record writers of the format registry (``io``): JSON Lines, a JSON array, CSV and
TSV, Parquet. A writer writes to the stream its sink gives it; the sink (``io.RecordSink``)
owns the file, its atomic rename and its compression."""

from __future__ import annotations

import csv
from collections.abc import Mapping
from typing import IO, Any, Protocol

from .io_bytes import need_extra
from .io_text import json_line, surrogates_replaced

__all__ = [
    "DelimitedWriter",
    "JsonArrayWriter",
    "JsonlWriter",
    "ParquetWriter",
    "RecordWriter",
    "Sink",
]


class Sink(Protocol):
    """What a writer needs of its ``io.RecordSink``."""

    @property
    def target(self) -> str: ...

    @property
    def delimiter(self) -> str: ...

    def text(self) -> IO[str]: ...

    def binary(self) -> IO[bytes]: ...


class RecordWriter(Protocol):
    """Writes records in one format to the stream its ``RecordSink`` gives it."""

    def write(self, record: Mapping[str, Any]) -> None: ...

    def close(self, ok: bool) -> None:
        """Finish the format (when ``ok``) and let go of what it holds; the sink closes
        the stream and renames the file into place."""
        ...


class JsonlWriter:
    def __init__(self, sink: Sink) -> None:
        self.out = sink.text()

    def write(self, record: Mapping[str, Any]) -> None:
        self.out.write(json_line(record))

    def close(self, ok: bool) -> None:
        pass


class DelimitedWriter:
    def __init__(self, sink: Sink) -> None:
        self.out = sink.text()
        self.delimiter = sink.delimiter
        self.rows: csv.DictWriter[str] | None = None

    def write(self, record: Mapping[str, Any]) -> None:
        if self.rows is None:  # the first record's fields are the header
            self.rows = csv.DictWriter(self.out, fieldnames=list(record), delimiter=self.delimiter)
            self.rows.writeheader()
        self.rows.writerow(record)

    def close(self, ok: bool) -> None:
        pass


class ParquetWriter:
    BATCH = 10_000  # rows buffered per row group

    def __init__(self, sink: Sink) -> None:
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
        pa = need_extra("pyarrow", self.path, "Parquet", "parquet")
        pq = need_extra("pyarrow.parquet", self.path, "Parquet", "parquet")
        try:
            table = pa.Table.from_pylist(self.rows)
        except UnicodeEncodeError:  # a lone surrogate: U+FFFD, as in every text output
            table = pa.Table.from_pylist([surrogates_replaced(row) for row in self.rows])
        if self.writer is None:
            self.writer = pq.ParquetWriter(self.out, table.schema)
        self.writer.write_table(table)
        self.rows = []

    def close(self, ok: bool) -> None:
        if ok:
            self._flush()
        if self.writer is not None:
            self.writer.close()


class JsonArrayWriter:
    """Records as one JSON array, one record a line (lone surrogates kept as escapes, as
    JSON Lines writes them)."""

    def __init__(self, sink: Sink) -> None:
        self.out = sink.text()
        self.count = 0

    def write(self, record: Mapping[str, Any]) -> None:
        self.out.write(("[\n" if self.count == 0 else ",\n") + json_line(record).rstrip("\n"))
        self.count += 1

    def close(self, ok: bool) -> None:
        if ok:
            self.out.write("\n]\n" if self.count else "[]\n")
