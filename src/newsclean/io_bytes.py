"""Bytes in and out of files: the compressions (.gz, .zst) by suffix, reading that reports
a cut or corrupt input instead of stopping quietly, and lines split in bounded pieces, so
that no line longer than the limit is ever held whole. The format registry (``io``) reads
through these."""

from __future__ import annotations

import errno
import gzip
import importlib
import io
import os
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO, Any, cast

CHUNK = 1 << 16  # bytes read at a time
HEAD = 800  # bytes kept of a line too long to keep, for the rejects file


class DamagedInput(OSError):
    """An input that cannot be read to its end: cut short, corrupt, or its CSV header too
    large. Raised once the records before the damage have been yielded, so that a caller
    can keep them and still fail."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(errno.EIO, problem, path)


class _Corrupt(Exception):
    """Compressed data that cannot be decompressed (zstandard's own error, renamed)."""


# What reading a damaged input raises: a cut .gz EOFError, a corrupt one BadGzipFile (an
# OSError) or zlib.error, a cut .zst EOFError (see _ZstdReader), a corrupt one _Corrupt.
READ_ERRORS = (EOFError, OSError, zlib.error, _Corrupt)


def damaged_input(path: str, exc: BaseException, lines: int | None) -> DamagedInput:
    """The DamagedInput for what reading ``path`` raised after ``lines`` whole lines (None:
    a whole-file article, of which nothing was read)."""
    problem = (
        "truncated: the compressed data ends early"
        if isinstance(exc, EOFError)
        else f"unreadable: {exc}"
    )
    if lines is None:
        return DamagedInput(path, f"{problem}; the article was not read")
    return DamagedInput(
        path, f"{problem}, after {lines:,} whole line(s); the records before it were read"
    )


def need_extra(module: str, path: str, doing: str, extra: str) -> Any:
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
    # a cut file raises EOFError at the cut, after every byte before it
    return cast(IO[bytes], gzip.open(path, "rb"))


def _gzip_write(raw: IO[bytes], path: str) -> IO[bytes]:
    # a GzipFile does not close the file it wraps: AtomicWriter closes it
    return cast(IO[bytes], gzip.GzipFile(fileobj=raw, mode="wb", filename=""))


class _ZstdReader(io.RawIOBase):
    """The decompressed bytes of a .zst file, frame after frame. zstandard's reader stops
    quietly where a cut file ends, so at the end the frames are checked whole: EOFError if
    the last one is cut short, as a cut .gz raises."""

    def __init__(self, path: str) -> None:
        super().__init__()
        zstandard = need_extra("zstandard", path, "reading .zst", "zstd")
        self._error: type[Exception] = zstandard.ZstdError
        self._file = open(path, "rb")  # noqa: SIM115 -- closed by close()
        self._reader = zstandard.ZstdDecompressor().stream_reader(
            self._file, read_across_frames=True, closefd=False
        )
        self._whole: bool | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        try:
            # at most one read of the file: what comes before corrupt data is not lost
            n: int = self._reader.readinto1(buffer)
        except self._error as exc:
            raise _Corrupt(f"zstd: {exc}") from exc
        if n == 0:
            if self._whole is None:
                self._whole = _zstd_frames_whole(self._file)
            if not self._whole:
                raise EOFError("the zstd data ends inside a frame")
        return n

    def close(self) -> None:
        if not self.closed:
            self._reader.close()
            self._file.close()
        super().close()


_ZSTD_FRAME = 0xFD2FB528
_ZSTD_SKIPPABLE = 0x184D2A50  # the low 4 bits are free


def _zstd_frames_whole(fh: IO[bytes]) -> bool:
    """Whether ``fh`` holds whole zstd frames and nothing else: each frame's header, its
    block headers (up to the one marked last) and its checksum are walked, the blocks
    themselves skipped (RFC 8878, section 3.1)."""
    size = fh.seek(0, os.SEEK_END)
    pos = 0

    def take(n: int) -> int | None:  # the next n bytes as a little-endian number
        nonlocal pos
        fh.seek(pos)
        data = fh.read(n) if pos + n <= size else b""
        pos += n
        return int.from_bytes(data, "little") if len(data) == n else None

    while pos < size:
        magic = take(4)
        if magic is not None and magic & ~0xF == _ZSTD_SKIPPABLE:
            length = take(4)
            if length is None:
                return False
            pos += length
            continue
        descriptor = take(1) if magic == _ZSTD_FRAME else None
        if descriptor is None:
            return False
        single_segment = descriptor >> 5 & 1
        pos += (1 - single_segment) + (0, 1, 2, 4)[descriptor & 3]  # window, dictionary id
        pos += (single_segment, 2, 4, 8)[descriptor >> 6]  # content size
        last = False
        while not last:
            header = take(3)
            if header is None:
                return False
            last = bool(header & 1)
            pos += 1 if header >> 1 & 3 == 1 else header >> 3  # an RLE block holds one byte
        pos += 4 * (descriptor >> 2 & 1)  # the checksum
    return pos == size


def _zstd_read(path: str) -> IO[bytes]:
    return cast(IO[bytes], io.BufferedReader(_ZstdReader(path), CHUNK))


def _zstd_write(raw: IO[bytes], path: str) -> IO[bytes]:
    zstandard = need_extra("zstandard", path, "writing .zst", "zstd")
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


class _Prefixed(io.RawIOBase):
    """Bytes already read from a stream, then the rest of the stream."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        super().__init__()
        self.head = memoryview(head)
        self.rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self.head:
            n = min(len(buffer), len(self.head))
            buffer[:n] = self.head[:n]
            self.head = self.head[n:]
            return n
        data = getattr(self.rest, "read1", self.rest.read)(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def prefixed(head: bytes, rest: IO[bytes]) -> IO[bytes]:
    """``rest`` read again from where ``head`` (its first bytes, already read) began: how a
    stream that cannot seek (standard input) is looked at first and then read whole.

    Examples:
        >>> rest = io.BytesIO(b"abcdef")
        >>> head = rest.read(2)
        >>> prefixed(head, rest).read()
        b'abcdef'
    """
    return io.BufferedReader(_Prefixed(head, rest))


@dataclass(frozen=True, slots=True)
class Oversized:
    """A line over the limit, read past: its first bytes, its length and its quotes."""

    head: bytes
    size: int  # bytes, its line ending excluded
    quotes: int  # '"' characters in it (see _RowLines.skip_row)


def _line_end(buf: bytes | bytearray, start: int, universal: bool) -> tuple[int, int] | None:
    """Where the first line ending at or after ``start`` begins and ends: ``\n``, or with
    ``universal`` (csv's own rule) also ``\r\n`` and ``\r``. ``find`` (memchr) rather than
    a regex: an alternation of line endings scans ten times slower."""
    newline = buf.find(b"\n", start)
    if universal:
        cr = buf.find(b"\r", start, len(buf) if newline < 0 else newline)
        if cr >= 0:
            return cr, cr + 2 if cr + 1 == newline else cr + 1
    return None if newline < 0 else (newline, newline + 1)


def bounded_lines(
    fh: IO[bytes], limit: int, universal: bool = False, chunk_size: int = CHUNK
) -> Iterator[bytes | Oversized]:
    """The lines of ``fh`` (see ``_line_end``), each with its line ending, read
    ``chunk_size`` bytes at a time; a line of more than ``limit`` bytes (its ending
    excluded) comes as an ``Oversized`` and is never held whole: at most ``limit`` + 2
    chunks are."""
    read = getattr(fh, "read1", fh.read)  # read1: a line as soon as it is there (a pipe)
    buf = bytearray()
    start = 0  # where the search for the next line end goes on from
    eof = False
    while True:
        found = _line_end(buf, start, universal)
        # a "\r" last in the buffer may be half of a "\r\n": not an end until more is read
        if found is not None and (eof or found[1] < len(buf) or buf[-1] != 0x0D):
            begin, end = found
            if begin > limit:
                head = bytes(buf[: min(begin, HEAD)])
                yield Oversized(head, begin, buf.count(b'"', 0, begin))
            else:
                yield bytes(buf[:end])
            del buf[:end]
            start = 0
        elif found is None and len(buf) > limit:
            head, size, quotes = bytes(buf[:HEAD]), len(buf), buf.count(b'"')
            buf.clear()
            while not eof:
                chunk = read(chunk_size)
                eof = not chunk
                found = _line_end(chunk, 0, universal)
                if found is not None and found[1] == len(chunk) and chunk.endswith(b"\r"):
                    more = read(chunk_size)  # is it "\r\n"?
                    eof = not more
                    chunk += more
                    found = _line_end(chunk, found[0], universal)
                if found is not None:
                    buf += chunk[found[1] :]
                    chunk = chunk[: found[0]]
                size += len(chunk)
                quotes += chunk.count(b'"')
                if len(head) < HEAD:
                    head += chunk[: HEAD - len(head)]
                if found is not None:
                    break
            start = 0
            yield Oversized(head, size, quotes)
        elif eof:
            if buf:
                yield bytes(buf)
            return
        else:  # no whole line yet: read on
            start = max(0, len(buf) - 1)
            chunk = read(chunk_size)
            eof = not chunk
            buf += chunk
