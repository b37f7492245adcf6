"""Reading and writing corpora through a format registry: one entry per format (text, JSON
Lines, a JSON array, CSV, TSV, Parquet) and one per compression (.gz, .zst), record by
record, with atomic output files. Used by the command line.

Adding a format is one ``FileFormat`` entry in ``FORMATS``: its name, extensions, reader,
writer, delimiter, whether it can stream to standard output and the compressions it takes.

Hostile files are bounded and never fatal. Input is read in pieces (``io_bytes``), and a
record (a JSON line, a CSV row, a text file) over ``max_record_bytes`` is rejected without
ever being held whole (a JSON array is read element by element, see ``io_json``); JSON
too deep or with too long a number, and a CSV
row with more fields than its header, are rejected like any malformed record; a leading
byte-order mark is dropped. An input that ends early or cannot be decompressed raises
``DamagedInput`` once the records before the damage have been read. Output never fails on a
lone surrogate (a ``\ud83d`` escape in JSON input): JSON writes it back as the same escape,
every other text output as U+FFFD.
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import io
import json
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import IO, Any

from .errors import ConfigError
from .io_bytes import (
    CHUNK,
    COMPRESSIONS,
    HEAD,
    READ_ERRORS,
    Compression,
    DamagedInput,
    Oversized,
    bounded_lines,
    damaged_input,
    need_extra,
    prefixed,
    split_compression,
)
from .io_json import JsonStop, array_values, sniff_stdin
from .io_paths import expand_inputs, local_copy
from .io_text import (
    TEXT_ERRORS,
    AtomicWriter,
    atomic_text,
    close_quietly,
    json_line,
    surrogate_safe,
    utf8_len,
    write_text_atomically,
)
from .io_write import (
    DelimitedWriter,
    JsonArrayWriter,
    JsonlWriter,
    ParquetWriter,
    RecordWriter,
)
from .log import logger

__all__ = [  # the registry, and what the command line uses of io_bytes and io_text
    "COMPRESSIONS",
    "DEFAULT_FORMAT",
    "DEFAULT_MAX_RECORD_BYTES",
    "FORMATS",
    "FORMAT_NAMES",
    "TEXT_ERRORS",
    "AtomicWriter",
    "Compression",
    "DamagedInput",
    "Decoder",
    "FileFormat",
    "Item",
    "RecordSink",
    "RecordWriter",
    "Source",
    "atomic_text",
    "expand_inputs",
    "format_of",
    "json_line",
    "read_items",
    "sniff_stdin",
    "split_compression",
    "surrogate_safe",
    "utf8_len",
    "write_text_atomically",
]

Warn = Callable[[str], None]

#: The largest record read by default, in bytes (``--max-record-bytes``).
DEFAULT_MAX_RECORD_BYTES = 10_000_000
_PREVIEW = 200  # characters of a record too large to keep that go to the rejects file
_BOM = b"\xef\xbb\xbf"


# -- reading: decoding, limits, damage --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Item:
    """One input record: where it came from, and the record or why it is unreadable."""

    path: str  # "-" for standard input
    number: int  # 1-based line (JSONL), row (CSV, Parquet) or 1 (text file)
    record: Any = None
    raw: str | None = None  # the undecodable or malformed line, for the rejects file
    error: str | None = None


class Decoder:
    """How one run reads its inputs: UTF-8 with a documented fallback (undecodable bytes
    become U+FFFD, and the file is named once in a warning and counted), and the largest
    record it reads (``max_record_bytes``; a larger one is rejected unread). Warnings go
    to ``warn``, by default the ``newsclean`` logger."""

    def __init__(
        self, warn: Warn | None = None, max_record_bytes: int = DEFAULT_MAX_RECORD_BYTES
    ) -> None:
        if isinstance(max_record_bytes, bool) or max_record_bytes < 1:
            raise ConfigError(f"max_record_bytes must be 1 or more; got {max_record_bytes!r}")
        self.warn: Warn = warn if warn is not None else logger.warning
        self.max_record_bytes = max_record_bytes
        self.files_with_bad_bytes: set[str] = set()
        self.field_checked = False  # the run's first record was looked at (read_items)

    def __call__(self, data: bytes, path: str) -> str:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            self.bad_bytes(path, exc)
            return data.decode("utf-8", errors="replace")

    def bad_bytes(self, path: str, exc: UnicodeDecodeError) -> None:
        """Note undecodable bytes in ``path``: warned of and counted once per file."""
        if path not in self.files_with_bad_bytes:
            self.files_with_bad_bytes.add(path)
            self.warn(
                f"{path}: not valid UTF-8 ({exc.reason} at byte {exc.start}); "
                "undecodable bytes were replaced with U+FFFD"
            )


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
        with local_copy(self.path) as path, open_read(path) as fh:
            yield fh

    def lines(self, universal: bool = False) -> Iterator[bytes | Oversized]:
        """The input's lines (see ``bounded_lines``), without a byte-order mark; DamagedInput
        after the lines before the damage when the input cannot be read to its end."""
        with self.open() as fh:
            count = 0
            try:
                for line in bounded_lines(fh, self.decode.max_record_bytes, universal):
                    if count == 0 and isinstance(line, bytes):
                        line = line.removeprefix(_BOM)
                    yield line
                    count += 1
            except READ_ERRORS as exc:
                raise damaged_input(self.path, exc, count) from exc

    def too_large(self, number: int, size: int | None, head: bytes | str, more: str = "") -> Item:
        """The reject of a record over the limit (of ``size`` bytes, when known): a short
        reason, and its first characters."""
        if isinstance(head, bytes):
            head = head.decode("utf-8", errors="replace")
        limit = self.decode.max_record_bytes
        error = (
            f"record too large: more than {limit:,} bytes (--max-record-bytes){more}"
            if size is None
            else f"record too large: {size:,} bytes, over --max-record-bytes ({limit:,}){more}"
        )
        return Item(self.path, number, raw=head[:_PREVIEW], error=error)


def _open_plain(path: str) -> IO[bytes]:
    return open(path, "rb")


def _read_text(src: Source) -> Iterator[Item]:
    limit = src.decode.max_record_bytes
    with src.open() as fh:
        try:
            data = fh.read(limit + 1)
        except READ_ERRORS as exc:
            raise damaged_input(src.path, exc, None) from exc
    if len(data) > limit:
        yield src.too_large(1, None, data[:HEAD])
        return
    yield Item(src.path, 1, {src.field: src.decode(data, src.path)})


def _read_jsonl(src: Source) -> Iterator[Item]:
    for number, line in enumerate(src.lines(), start=1):
        if isinstance(line, Oversized):
            yield src.too_large(number, line.size, line.head)
            continue
        text = src.decode(line, src.path).rstrip("\r\n")
        if not text.strip():
            continue
        try:
            record = json.loads(text)
        except json.JSONDecodeError as exc:
            yield Item(src.path, number, raw=text, error=f"malformed JSON: {exc.msg}")
        except ValueError as exc:  # a number of more than 4,300 digits
            reason = str(exc).split(";")[0]
            yield Item(src.path, number, raw=text, error=f"malformed JSON: {reason}")
        except RecursionError:
            yield Item(src.path, number, raw=text, error="malformed JSON: nested too deeply")
        else:
            yield Item(src.path, number, record)


def _read_json(src: Source) -> Iterator[Item]:
    """A ``.json`` input: one array of records, read element by element (the number of an
    item is its place in the array); anything else is read as JSON Lines."""
    with src.open() as fh:
        head = b""
        while not head.removeprefix(_BOM).strip():
            piece = fh.read(CHUNK)
            if not piece:
                break
            head += piece
        if not head.removeprefix(_BOM).lstrip().startswith(b"["):
            if src.path == "-":  # standard input cannot be opened again: read on from here
                yield from _read_jsonl(dataclasses.replace(src, stdin=prefixed(head, fh)))
                return
        else:
            yield from _array_items(src, prefixed(head, fh))
            return
    yield from _read_jsonl(src)


def _array_items(src: Source, fh: IO[bytes]) -> Iterator[Item]:
    count = 0
    try:
        for count, value in array_values(
            fh, src.decode.max_record_bytes, lambda exc: src.decode.bad_bytes(src.path, exc)
        ):
            yield Item(src.path, count, value)
    except JsonStop as exc:
        raise DamagedInput(src.path, f"not a readable JSON array: {exc}") from None
    except READ_ERRORS as exc:
        raise damaged_input(src.path, exc, count) from exc


class _TooLong(Exception):
    """A CSV row has grown past the limit (raised to csv.reader's caller)."""


class _RowLines:
    """The lines csv.reader reads, decoded and measured row by row: a row growing past the
    limit raises _TooLong, so that no row is held whole once it is over."""

    def __init__(self, src: Source) -> None:
        self.src = src
        self.limit = src.decode.max_record_bytes
        self.pieces = src.lines(universal=True)
        self.new_row()

    def new_row(self) -> None:
        self.size = 0  # bytes of the row so far, its line breaks included
        self.quotes = 0
        self.text: list[str] = []

    def __iter__(self) -> _RowLines:
        return self

    def __next__(self) -> str:
        piece = next(self.pieces)
        if isinstance(piece, Oversized):
            self.size += piece.size
            self.quotes += piece.quotes
            self.text.append(piece.head.decode("utf-8", errors="replace"))
            raise _TooLong
        ending = 2 if piece.endswith(b"\r\n") else 1 if piece.endswith((b"\n", b"\r")) else 0
        self.quotes += piece.count(b'"')
        if self.size + len(piece) - ending > self.limit:
            self.size += len(piece)
            raise _TooLong
        self.size += len(piece)
        line = self.src.decode(piece, self.src.path)
        self.text.append(line)
        return line

    def skip_row(self) -> int:
        """After _TooLong: read past the rest of the row, to the first line that ends outside
        quotes (csv writers double a quote inside a quoted field, so an odd count means the
        row goes on); the lines skipped."""
        skipped = 0
        while self.quotes % 2:
            piece = next(self.pieces, None)
            if piece is None:
                break
            skipped += 1
            if isinstance(piece, Oversized):
                self.size, self.quotes = self.size + piece.size, self.quotes + piece.quotes
            else:
                self.size, self.quotes = self.size + len(piece), self.quotes + piece.count(b'"')
        return skipped

    def raw(self) -> str:
        return "".join(self.text).rstrip("\r\n")


# csv's own cap on one field; the row cap (never more) is what bounds a field here.
_CSV_FIELD_CAP = 2**31 - 1


def _next_row(rows: Iterator[list[str]], limit: int) -> list[str] | None:
    """The next row, with csv's field limit (global state) raised to ours for the call."""
    old = csv.field_size_limit(min(limit + 1, _CSV_FIELD_CAP))
    try:
        return next(rows, None)
    finally:
        csv.field_size_limit(old)


def _read_delimited(src: Source) -> Iterator[Item]:
    lines = _RowLines(src)
    rows = csv.reader(lines, delimiter=src.fmt.delimiter or ",")
    header: list[str] | None = None
    number = 1  # row 1 is the header
    while True:
        lines.new_row()
        try:
            row = _next_row(rows, lines.limit)
        except _TooLong:
            skipped = lines.skip_row()
            if header is None:
                raise DamagedInput(
                    src.path,
                    f"the header row is over --max-record-bytes ({lines.limit:,}); no row was read",
                ) from None
            number += 1
            more = f"; {skipped:,} more line(s) of it skipped" if skipped else ""
            yield src.too_large(number, None, lines.raw(), more)
            continue
        except csv.Error as exc:
            number += 1
            yield Item(src.path, number, raw=lines.raw(), error=f"malformed CSV: {exc}")
            continue
        if row is None:
            return
        if not row:  # a blank line
            continue
        if header is None:
            header = row
            continue
        number += 1
        if len(row) > len(header):
            error = f"row has {len(row)} fields, the header {len(header)}"
            yield Item(src.path, number, raw=lines.raw(), error=error)
            continue
        record: dict[str, str | None] = dict(zip(header, row, strict=False))
        for name in header[len(row) :]:  # a short row: the missing fields are None
            record[name] = None
        yield Item(src.path, number, record)


def _read_parquet(src: Source) -> Iterator[Item]:
    pq = need_extra("pyarrow.parquet", src.path, "Parquet", "parquet")
    with local_copy(src.path) as path:
        yield from _parquet_items(src, pq.ParquetFile(path))


def _parquet_items(src: Source, parquet: Any) -> Iterator[Item]:
    number = 0
    for batch in parquet.iter_batches():
        for row in batch.to_pylist():
            number += 1
            yield Item(src.path, number, row)


def read_items(
    path: str, fmt: FileFormat, field: str, decode: Decoder, stdin: IO[bytes] | None = None
) -> Iterator[Item]:
    """Yield the records of one input file (``-``: ``stdin``, else ``sys.stdin``); raise
    DamagedInput, after the records before it, where the file cannot be read on.

    The run's first record (the first of ``decode``'s run that is an object) must hold
    ``field``: a wrong ``--field`` is a ConfigError naming the fields it has, not a
    reject per record. Later records without it are rejected one by one as usual.
    """
    items = fmt.read(Source(path, fmt, field, decode, stdin))
    return items if decode.field_checked else _first_has_field(items, field, decode)


def _first_has_field(items: Iterator[Item], field: str, decode: Decoder) -> Iterator[Item]:
    for item in items:
        if not decode.field_checked and isinstance(item.record, Mapping):
            decode.field_checked = True
            if field not in item.record:
                names = ", ".join(map(str, item.record)) or "none"
                raise ConfigError(
                    f"{item.path}:{item.number}: record has no field {field!r}; "
                    f"fields: {names} (choose one with --field)"
                )
        yield item


# -- writing ----------------------------------------------------------------------------------


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
        FileFormat("jsonl", (".jsonl", ".ndjson"), _read_jsonl, JsonlWriter),
        FileFormat("json", (".json",), _read_json, JsonArrayWriter),
        FileFormat("csv", (".csv",), _read_delimited, DelimitedWriter, delimiter=","),
        FileFormat("tsv", (".tsv",), _read_delimited, DelimitedWriter, delimiter="\t"),
        FileFormat(
            "parquet", (".parquet",), _read_parquet, ParquetWriter, streams=False, compressions=()
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


class RecordSink:
    """Cleaned records in one format to a file (atomically) or to standard output."""

    def __init__(self, target: str, fmt: FileFormat, stdout: IO[str]) -> None:
        self.check(target, fmt)
        assert fmt.write is not None
        self.target = target
        self.delimiter = fmt.delimiter or ","
        self.fmt = fmt
        self.stdout = stdout
        self._atomic = None if target == "-" else AtomicWriter(target)
        self._stream: IO[Any] | None = None  # what this sink opened (and closes)
        self._writer = fmt.write(self)

    @staticmethod
    def check(target: str, fmt: FileFormat) -> None:
        """ConfigError unless records in ``fmt`` can be written to ``target``."""
        if fmt.whole_file:
            known = "; ".join(
                f"{f.name} ({', '.join(f.extensions)})"
                for f in FORMATS.values()
                if not f.whole_file
            )
            named = split_compression(target)[0].endswith(fmt.extensions)
            what = (
                f"{fmt.name} holds one article a file, not records"
                if named
                else "no format of records has this extension"
            )
            raise ConfigError(
                f"{target}: {what}; name the output for one, or give --output-format: {known}"
            )
        if target == "-" and not fmt.streams:
            raise ConfigError(f"{fmt.name} cannot be written to standard output; give -o FILE")

    def text(self) -> IO[str]:
        """The output as UTF-8 text (the writer's newlines are kept as written)."""
        if self._atomic is None:
            return self.stdout
        stream = io.TextIOWrapper(
            self._atomic.open_binary(), encoding="utf-8", errors=TEXT_ERRORS, newline=""
        )
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
        """Finish: rename into place when ``ok``, else throw the partial file away (never
        raising then: the error that stopped the run is the one to report)."""
        if not ok:
            with contextlib.suppress(Exception):
                self._writer.close(False)
            if self._stream is not None:
                close_quietly(self._stream)
            else:
                with contextlib.suppress(Exception):
                    self.stdout.flush()
            if self._atomic is not None:
                self._atomic.abort()
            return
        try:
            self._writer.close(True)
            if self._stream is not None:
                self._stream.close()
            else:
                self.stdout.flush()
        except BaseException:
            self.close(False)
            raise
        if self._atomic is not None:
            self._atomic.commit()
