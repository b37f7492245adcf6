"""JSON beside JSON Lines: a file holding one JSON array of records, read element by
element with bounded memory (``io_write.JsonArrayWriter`` writes one); and the look at the
first lines of a stream that tells records from a plain-text article.

An array is read in pieces: one element at a time is decoded, and no more than one element
(at most ``limit`` characters) is held beyond the piece being read. Malformed JSON inside an
array cannot be stepped over (where the next element starts is not known), so it ends the
input: the elements before it are kept and ``JsonStop`` says where and why, as does an
element over the limit.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Callable, Iterator
from typing import IO, Any, Literal

from .io_bytes import CHUNK, prefixed

__all__ = ["JsonStop", "array_values", "sniff_records", "sniff_stdin"]

_WHITESPACE = " \t\r\n"
_DECODER = json.JSONDecoder()


class JsonStop(Exception):
    """An array that cannot be read on: malformed, cut short, or an element over the limit."""


class _Text:
    """A byte stream decoded piece by piece: UTF-8, and after the first undecodable byte
    (reported once through ``on_bad``) with U+FFFD for each bad byte."""

    def __init__(self, fh: IO[bytes], on_bad: Callable[[UnicodeDecodeError], None]) -> None:
        self.fh = fh
        self.on_bad = on_bad
        self.decoder = codecs.getincrementaldecoder("utf-8")("strict")
        self.eof = False

    def read(self, size: int) -> str:
        data = self.fh.read(size)
        self.eof = not data
        state = self.decoder.getstate()
        try:
            return self.decoder.decode(data, final=self.eof)
        except UnicodeDecodeError as exc:
            self.on_bad(exc)
            self.decoder = codecs.getincrementaldecoder("utf-8")("replace")
            self.decoder.setstate(state)
            return self.decoder.decode(data, final=self.eof)


def _may_go_on(exc: json.JSONDecodeError, size: int, eof: bool) -> bool:
    """Whether a decode error may only mean that the value goes on past the ``size``
    characters held: at the end of the input, only when it ran out (a cut file); before
    it, also when the error stands within a literal's length of the end (``tr|ue``)."""
    if exc.msg.startswith("Unterminated string"):
        return True
    return exc.pos >= (size if eof else size - 6)


class _Array:
    """The reading state of ``array_values``: decoded text held from ``pos`` on."""

    def __init__(self, text: _Text, limit: int) -> None:
        self.text = text
        self.limit = limit
        self.buf = ""
        self.pos = 0
        self.done = 0  # characters dropped from the front of ``buf``
        self.count = 0  # elements read

    def more(self, size: int = CHUNK) -> bool:
        """Read on (dropping what was used); False at the end of the input."""
        piece = self.text.read(size)
        if piece:  # else ``buf`` and ``pos`` stand, and a caller's offsets with them
            self.buf, self.done, self.pos = self.buf[self.pos :] + piece, self.done + self.pos, 0
        return bool(piece) or not self.text.eof

    def next_char(self) -> str:
        """The next character that is not whitespace ('' at the end), not consumed."""
        while True:
            while self.pos < len(self.buf) and self.buf[self.pos] in _WHITESPACE:
                self.pos += 1
            if self.pos < len(self.buf) or not self.more():
                return self.buf[self.pos : self.pos + 1]

    def stop(self, problem: str) -> JsonStop:
        where = self.done + self.pos
        return JsonStop(f"{problem} (at character {where:,}); {self.count:,} element(s) read")

    def value(self) -> Any:
        """The next element: read on until it is whole (a number may go on past what is
        held even when it decodes), never past ``limit`` characters."""
        n = self.count + 1
        while True:
            try:
                value, end = _DECODER.raw_decode(self.buf, self.pos)
                if end < len(self.buf) or not self.more():
                    break
                continue
            except json.JSONDecodeError as exc:
                eof = self.text.eof
                if not _may_go_on(exc, len(self.buf), eof):
                    raise self.stop(f"malformed JSON in element {n}: {exc.msg}") from None
                if eof:
                    raise self.stop(f"cut short: the input ends inside element {n}") from None
                self.more(max(CHUNK, len(self.buf) - self.pos))  # then decoded once more
            except (ValueError, RecursionError) as exc:  # too long a number, too deep
                reason = "nested too deeply" if isinstance(exc, RecursionError) else exc
                raise self.stop(f"malformed JSON in element {n}: {reason}") from None
            if len(self.buf) - self.pos > self.limit + CHUNK:
                raise self.stop(f"element {n} is over --max-record-bytes ({self.limit:,})")
        if end - self.pos > self.limit:
            raise self.stop(f"element {n} is over --max-record-bytes ({self.limit:,})")
        self.pos = end
        self.count = n
        return value


def array_values(
    fh: IO[bytes], limit: int, on_bad: Callable[[UnicodeDecodeError], None]
) -> Iterator[tuple[int, Any]]:
    """(position, value) for each element of the JSON array ``fh`` holds (1-based).

    Raises JsonStop after the elements before the problem: JSON that is not an array,
    malformed or cut short, or an element of more than ``limit`` characters.

    Examples:
        >>> import io
        >>> list(array_values(io.BytesIO(b'[{"a": 1}, 2]'), 100, print))
        [(1, {'a': 1}), (2, 2)]
    """
    src = _Array(_Text(fh, on_bad), limit)
    first = src.next_char()
    if first == "\ufeff":
        src.pos += 1
        first = src.next_char()
    if first != "[":
        raise src.stop(f"not a JSON array: it starts with {first or 'nothing'!r}")
    src.pos += 1
    if src.next_char() == "]":
        src.pos += 1
    else:
        while True:
            src.next_char()
            value = src.value()
            yield src.count, value
            sep = src.next_char()
            if sep != "," and sep != "]":
                found = repr(sep) if sep else "the end"
                raise src.stop(f"expected ',' or ']' after element {src.count}, found {found}")
            src.pos += 1
            if sep == "]":
                break
    if src.next_char():
        raise src.stop("more data after the array's closing ']'")


def sniff_records(lines: list[bytes]) -> Literal["jsonl", "json"] | None:
    """What the first lines of a stream hold: ``jsonl`` when the first line that is not
    blank is a JSON object, ``json`` when it opens an array of objects (``[{`` or ``[]``,
    on one line or two), None when neither (a plain-text article, say).

    Examples:
        >>> sniff_records([b'{"text": "a"}\\n']), sniff_records([b'[\\n', b'  {"text": "a"}'])
        ('jsonl', 'json')
        >>> sniff_records([b"[Photo] The council met.\\n"]) is None
        True
    """
    words = [line.strip().removeprefix(b"\xef\xbb\xbf").strip() for line in lines]
    words = [w for w in words if w]
    if not words:
        return None
    head = words[0]
    if head.startswith(b"{"):
        try:
            return "jsonl" if isinstance(json.loads(head), dict) else None
        except (ValueError, RecursionError):
            return None
    if head.startswith(b"["):
        rest = head[1:].lstrip() or (words[1] if len(words) > 1 else b"")
        return "json" if rest.startswith((b"{", b"]")) else None
    return None


def sniff_stdin(stream: IO[bytes], limit: int) -> tuple[str | None, IO[bytes]]:
    """What standard input holds, by its first lines: ``jsonl``, ``json`` (an array) or
    None (a plain-text article, say; see ``sniff_records``); and the stream to
    read it from, from its start. At most ``limit`` bytes are looked at; a first line cut
    there that opens an object is taken for JSON Lines (its record is too large, and is
    rejected as such, rather than the whole input read as one article).

    Examples:
        >>> import io
        >>> fmt, rest = sniff_stdin(io.BytesIO(b'\\n{"text": "A."}\\n'), 1000)
        >>> fmt, rest.read()
        ('jsonl', b'\\n{"text": "A."}\\n')
    """
    lines: list[bytes] = []
    size = 0
    while size <= limit and sum(1 for line in lines if line.strip()) < 2:
        line = stream.readline(limit + 1 - size)
        if not line:
            break
        lines.append(line)
        size += len(line)
    found = sniff_records(lines)
    first = next((line for line in lines if line.strip()), b"")
    cut = size > limit and not first.endswith(b"\n")
    if found is None and cut and first.lstrip().removeprefix(b"\xef\xbb\xbf").startswith(b"{"):
        found = "jsonl"
    return found, prefixed(b"".join(lines), stream)
