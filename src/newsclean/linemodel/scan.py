r"""Cheaper scans that answer exactly as the line features' regexes do (issue #18).

``features`` calls these behind its ``FAST_SCAN`` switch; each names the regex search it
stands for, and ``tests/test_fast_model_scan.py`` checks each against that search on real,
scraped and generated lines, on every cp1252 character and under Hypothesis.

Most news lines are written in cp1252's characters (ASCII, curly quotes, dashes, Latin
letters): there each character folds to one character at its place, a word character to
a word character and any other to a separator, so one byte translation folds the case,
writes digits as ``0`` and blanks the separators, and ``str.split`` finds the words.
"""

from __future__ import annotations

import re

# the byte of a character the byte translation cannot fold (ß folds to two letters, µ to
# a Greek one); no character folds to it (0x80 is the euro sign, a separator)
_BEYOND = 0x80

# an apostrophe joins words or separates them, as ``features._WORD`` has it; in a folded
# line every character but a space or an apostrophe is a word character
_FOLDED_WORD = re.compile(r"[^ '’]+(?:['’][^ '’]+)*")


def _upper_bytes() -> bytes:
    """The cp1252 bytes of upper-case characters."""
    upper = []
    for byte in range(256):
        try:
            if bytes([byte]).decode("cp1252").isupper():
                upper.append(byte)
        except UnicodeDecodeError:
            continue
    return bytes(upper)


_UPPER = _upper_bytes()


def byte_words_table(word: re.Pattern[str], digits: re.Pattern[str]) -> bytes:
    """For each cp1252 byte, its byte in a folded line: a word character (``word`` matches
    it) case folded and with ``digits`` as ``0``, an apostrophe as it is, a space for any
    other character, and ``0x80`` where that is not one cp1252 character of the same kind."""
    table = bytearray(b" " * 256)
    for byte in range(256):
        try:
            char = bytes([byte]).decode("cp1252")
        except UnicodeDecodeError:
            continue  # never written by str.encode("cp1252")
        folded = digits.sub("0", char.casefold())
        if char in "'’":
            table[byte] = byte
        elif not word.fullmatch(char):
            if word.search(folded) or folded != char:
                table[byte] = _BEYOND
        elif len(folded) == 1 and word.fullmatch(folded) and _in_cp1252(folded):
            table[byte] = folded.encode("cp1252")[0]
        else:
            table[byte] = _BEYOND
    return bytes(table)


def _in_cp1252(char: str) -> bool:
    try:
        char.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


def cp1252_words(line: str, table: bytes) -> tuple[str, ...] | None:
    """The words ``features.line_words`` finds (case folded, digits as ``0``), for a line
    of cp1252 characters that fold in place; None for any other line (``table``:
    ``byte_words_table``)."""
    try:
        data = line.encode("cp1252")
    except UnicodeEncodeError:
        return None
    folded = data.translate(table)
    if _BEYOND in folded:
        return None
    text = folded.decode("ascii") if folded.isascii() else folded.decode("cp1252")
    if "'" in text or "’" in text:
        return tuple(_FOLDED_WORD.findall(text))
    return tuple(text.split())


def few_capitals(text: str, n: int, table: bytes) -> bool:
    """True only where fewer than 80 % of the raw words of ``text`` (``word.findall``, as
    many as its ``n`` folded ones) can start with a capital. On a line of cp1252 characters
    that fold in place (``table``: ``byte_words_table``) the raw words are the folded ones,
    and each capitalised word holds its own capital; False for any other line."""
    try:
        data = text.encode("cp1252")
    except UnicodeEncodeError:
        return False
    if not text.isascii() and _BEYOND in data.translate(table):
        return False
    return len(data) - len(data.translate(None, _UPPER)) < 0.8 * n


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
