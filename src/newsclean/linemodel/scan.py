r"""Cheaper scans that answer exactly as the line features' regexes do (issue #18).

``features`` calls these behind its ``FAST_SCAN`` switch; each names the regex search it
stands for, and ``tests/test_fast_model_scan.py`` checks each against that search on real,
scraped and generated lines, on every cp1252 character and under Hypothesis.

Most news lines are ASCII with a few cp1252 punctuation marks (curly quotes, dashes): in
such a line every word character is an ASCII letter or digit, and every other character
only separates words, so one byte translation folds the case, writes digits as ``0`` and
blanks the separators, and ``str.split`` finds the words.
"""

from __future__ import annotations

import re

# bytes of a folded cp1252 line: a word character beyond ASCII marks the line as one the
# byte translation cannot fold (ß folds to two letters, µ to a Greek one)
_BEYOND = 0x80
_ASCII_UPPER = bytes(range(65, 91))
# an apostrophe joins words or separates them, as ``features._WORD`` has it
_FOLDED_WORD = re.compile(r"[a-z0]+(?:['’][a-z0]+)*")


def byte_words_table(word: re.Pattern[str], digits: re.Pattern[str]) -> bytes:
    """For each cp1252 byte, its byte in a folded line: a word character (``word`` matches
    it) folded and with ``digits`` as ``0``, an apostrophe as it is, a space for any other
    character, and ``0x80`` for a word character beyond ASCII."""
    table = bytearray(b" " * 256)
    for byte in range(256):
        try:
            char = bytes([byte]).decode("cp1252")
        except UnicodeDecodeError:
            continue  # never written by str.encode("cp1252")
        if char in "'’":
            table[byte] = byte
        elif word.fullmatch(char):
            folded = digits.sub("0", char.casefold())
            table[byte] = ord(folded) if char.isascii() else _BEYOND
    return bytes(table)


def cp1252_words(line: str, table: bytes) -> tuple[str, ...] | None:
    """The words ``features.line_words`` finds (case folded, digits as ``0``), for a line
    of ASCII and cp1252 punctuation; None for any other line (``table``:
    ``byte_words_table``)."""
    try:
        data = line.encode("cp1252")
    except UnicodeEncodeError:
        return None
    folded = data.translate(table)
    if _BEYOND in folded:
        return None
    if b"'" in folded or b"\x92" in folded:  # 0x92: the curly apostrophe
        return tuple(_FOLDED_WORD.findall(folded.decode("cp1252")))
    return tuple(folded.decode("ascii").split())


def few_capitals(text: str, n: int, table: bytes) -> bool:
    """True only where fewer than 80 % of the raw words of ``text`` (``word.findall``, as
    many as its ``n`` folded ones) can start with a capital. On a line of ASCII and cp1252
    punctuation the raw words are the folded ones, and each capitalised word holds its own
    ASCII capital; False for any other line."""
    try:
        data = text.encode("cp1252")
    except UnicodeEncodeError:
        return False
    if not text.isascii() and _BEYOND in data.translate(table):
        return False
    return len(data) - len(data.translate(None, _ASCII_UPPER)) < 0.8 * n


def has_quote(text: str) -> bool:
    r"""Whether ``re.search(r"[\"“”]|(?<!\w)['‘]|['’](?!\w)", text)`` finds anything: a
    double quotation mark, or a single one that does not stand inside a word."""
    if '"' in text or "“" in text or "”" in text:
        return True
    for mark in ("'", "‘", "’"):
        at = text.find(mark)
        while at >= 0:
            if mark != "‘" and not is_word(text[at + 1 : at + 2]):  # ['’](?!\w)
                return True
            if mark != "’" and not (at and is_word(text[at - 1])):  # (?<!\w)['‘]
                return True
            at = text.find(mark, at + 1)
    return False


def is_word(char: str) -> bool:
    r"""Whether ``char`` is a ``\w`` character (False for "")."""
    return char.isalnum() or char == "_"


def ascii_digits(text: str) -> int:
    """How many ASCII digits ``text`` holds (``sum(map(text.count, "0123456789"))``): in
    UTF-8 an ASCII byte stands only for its ASCII character."""
    data = text.encode("utf-8", "surrogatepass")
    return len(data) - len(data.translate(None, b"0123456789"))
