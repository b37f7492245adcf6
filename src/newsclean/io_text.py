"""Text out of the program: the lone-surrogate policy (JSON writes the ``\\uXXXX`` escape
back, every other text U+FFFD) and atomic output files (a temporary file of a new name,
renamed into place on success and removed on any failure)."""

from __future__ import annotations

import codecs
import contextlib
import errno
import io
import json
import os
import re
import secrets
import stat
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO, Any, TypeVar, cast

from .io_bytes import split_compression
from .remote import RemoteWriter, is_url, local_path

# -- lone surrogates on the way out -----------------------------------------------------------

_SURROGATE = re.compile("[\ud800-\udfff]")

#: The encoding error handler of every text file written here: a lone surrogate becomes
#: U+FFFD (as an undecodable input byte does) instead of failing the run.
TEXT_ERRORS = "newsclean.surrogate-to-fffd"


def _surrogate_to_fffd(exc: UnicodeError) -> tuple[str | bytes, int]:
    if isinstance(exc, UnicodeEncodeError) and exc.encoding in ("utf-8", "utf8"):
        # bytes: the UTF-8 encoder takes only ASCII text from an error handler
        return "\ufffd".encode() * (exc.end - exc.start), exc.end
    raise exc


codecs.register_error(TEXT_ERRORS, _surrogate_to_fffd)


def _escape_surrogate(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def json_line(value: Any) -> str:
    r"""One line of JSON Lines: UTF-8 text as it is, but a lone surrogate written as its
    ``\uXXXX`` escape, so the line is valid UTF-8 and reads back as the same string. A value
    JSON has no type for (a Parquet timestamp, say) is written as its ``str``.

    Examples:
        >>> json_line({"text": "caf\u00e9 \ud83d"})
        '{"text": "café \\ud83d"}\n'
    """
    text = json.dumps(value, ensure_ascii=False, default=str)
    return _SURROGATE.sub(_escape_surrogate, text) + "\n"


def utf8_len(text: str) -> int:
    """The length of ``text`` in UTF-8 bytes; a lone surrogate counts three, as U+FFFD does."""
    return len(text.encode("utf-8", "surrogatepass"))


_Stream = TypeVar("_Stream", bound=IO[str])


class _SurrogateSafe:
    """A text stream that writes a lone surrogate as U+FFFD; everything else is passed on."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        return self.stream.write(_SURROGATE.sub("\ufffd", text))

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


def surrogate_safe(stream: _Stream) -> _Stream:
    r"""``stream`` (standard output, say: not opened here) writing each lone surrogate as
    U+FFFD instead of raising UnicodeEncodeError.

    Examples:
        >>> out = io.StringIO()
        >>> _ = surrogate_safe(out).write("vote \ud83d here")
        >>> out.getvalue() == "vote \ufffd here"
        True
    """
    if isinstance(stream, _SurrogateSafe):
        return stream
    return cast(_Stream, _SurrogateSafe(stream))


def surrogates_replaced(value: Any) -> Any:
    """``value`` with a lone surrogate in any string in it replaced by U+FFFD."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, Mapping):
        return {surrogates_replaced(k): surrogates_replaced(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [surrogates_replaced(v) for v in value]
    return value


class AtomicWriter:
    """Write to a temporary file beside ``path`` and rename it into place on success, so an
    interrupted or failed run never leaves a half-written file under the final name.

    The temporary name is new for each writer (created exclusively), so two runs writing one
    file never share it: the last to finish wins, whole. Whatever goes wrong (a full disk,
    ``path`` a directory) the temporary file is removed.
    """

    def __init__(self, path: str) -> None:
        self.tmp: Path | None = None
        self.raw: IO[bytes] | None = None
        self.direct = False
        # a URL (s3://…): written to a local temporary file, uploaded on commit
        self.remote = RemoteWriter(path) if is_url(path) else None
        if self.remote is not None:
            self.path = Path(path)
            return
        path = local_path(path)
        # a symlink is followed: the file it points to is replaced, the link stays
        self.path = Path(os.path.realpath(path)) if os.path.islink(path) else Path(path)
        if self.path.is_dir():
            raise IsADirectoryError(errno.EISDIR, "Is a directory", path)
        # a FIFO, a device or a socket is written to as it is (`-o /dev/null`, a named
        # pipe to another program): never replaced by a regular file
        self.direct = self.path.exists() and not stat.S_ISREG(self.path.stat().st_mode)
        if not self.direct:
            self.path.parent.mkdir(parents=True, exist_ok=True)

    def _create(self) -> IO[bytes]:
        if self.direct:
            return open(self.path, "wb")
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        while True:
            tmp = self.path.with_name(f".{self.path.name}.{secrets.token_hex(6)}.newsclean-tmp")
            try:
                fd = os.open(tmp, flags, 0o666)  # the mode open() gives, less the umask
            except FileExistsError:
                continue
            self.tmp = tmp
            try:
                return open(fd, "wb")
            except BaseException:
                os.close(fd)
                raise

    def open_binary(self) -> IO[bytes]:
        """The temporary file, compressed by the final name's suffix."""
        if self.remote is not None:
            return self.remote.open_binary()
        try:
            raw = self.raw = self._create()  # a compressing wrapper may not close it
            _, compression = split_compression(self.path.name)
            return raw if compression is None else compression.wrap_write(raw, str(self.path))
        except BaseException:
            self.abort()
            raise

    def _close_raw(self) -> None:
        if self.raw is not None and not self.raw.closed:
            self.raw.close()

    def commit(self) -> None:
        """Close the temporary file and rename it into place; remove it if either fails."""
        if self.remote is not None:
            self.remote.commit()
            return
        try:
            if self.direct:
                if self.raw is None:
                    self.raw = self._create()
                self._close_raw()
                return
            if self.tmp is None:  # nothing was written: an empty file
                self._create()
            self._close_raw()
            os.replace(cast(Path, self.tmp), self.path)
        except BaseException:
            self.abort()
            raise

    def abort(self) -> None:
        """Close and remove the temporary file, whatever state it is in."""
        if self.remote is not None:
            self.remote.abort()
            return
        with contextlib.suppress(Exception):  # closing flushes, and the disk may be full
            self._close_raw()
        if self.tmp is not None:
            with contextlib.suppress(FileNotFoundError):
                self.tmp.unlink()


def close_quietly(stream: IO[Any]) -> None:
    """Close a stream being thrown away: a failing flush (a full disk) is of no interest."""
    with contextlib.suppress(Exception):
        stream.close()


@contextlib.contextmanager
def atomic_text(path: str) -> Iterator[IO[str]]:
    """A UTF-8 text file written atomically: in place on success, gone on failure."""
    writer = AtomicWriter(path)
    fh = io.TextIOWrapper(writer.open_binary(), encoding="utf-8", errors=TEXT_ERRORS, newline="\n")
    try:
        yield fh
        fh.close()
    except BaseException:
        close_quietly(fh)
        writer.abort()
        raise
    writer.commit()


def write_text_atomically(path: str, text: str) -> None:
    """One article to one file, atomically (a lone surrogate written as U+FFFD)."""
    writer = AtomicWriter(path)
    try:
        fh = writer.open_binary()
        try:
            fh.write(text.encode("utf-8", TEXT_ERRORS))
            fh.close()
        except BaseException:
            close_quietly(fh)
            raise
    except BaseException:
        writer.abort()
        raise
    writer.commit()
