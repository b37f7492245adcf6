"""A small TOML writer for rule pack files: every string is written as a TOML basic string
by one function, so no value (a site's name, an example line) can end its string or its
line and inject keys or tables; comments never carry a line break."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

TomlValue = str | bool | int | Sequence[str]

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_SHORT = {"\\": "\\\\", '"': '\\"', "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def _escaped(char: str) -> str:
    if char in _SHORT:
        return _SHORT[char]
    if char.isprintable():
        return char
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:  # a lone surrogate is no Unicode scalar: TOML has no escape
        return "\\ufffd"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def toml_string(text: str) -> str:
    """``text`` as a TOML basic string: quotes and backslashes escaped, and every character
    that is not printable (line breaks, controls, format characters) as an escape.

    Examples:
        >>> print(toml_string('a "b" \\\\ c\\nd'))
        "a \\"b\\" \\\\ c\\nd"
    """
    return '"' + "".join(_escaped(c) for c in text) + '"'


def toml_comment(text: str) -> str:
    """``text`` as one comment line: what is not printable is shown as its escape, so a
    line break in the text cannot end the comment.

    Examples:
        >>> toml_comment("Planet\\n[[rule]]")
        '# Planet\\\\n[[rule]]'
    """
    shown = "".join(c if c.isprintable() else _escaped(c) for c in text)
    return f"# {shown}".rstrip()


def toml_value(value: TomlValue) -> str:
    """A string, whole number, boolean or list of strings as a TOML value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return toml_string(value)
    return "[" + ", ".join(toml_string(item) for item in value) + "]"


def toml_table(
    name: str,
    fields: Mapping[str, TomlValue],
    *,
    array: bool = False,
    comment: str | None = None,
) -> list[str]:
    """The lines of one table (``[name]``, or ``[[name]]`` with ``array``), its keys in
    order, an optional comment line above it."""
    for key in (name, *fields):
        if not _BARE_KEY.fullmatch(key):
            raise ValueError(f"not a bare TOML key: {key!r}")
    header = f"[[{name}]]" if array else f"[{name}]"
    lines = [] if comment is None else [toml_comment(comment)]
    lines.append(header)
    lines += [f"{key} = {toml_value(value)}" for key, value in fields.items()]
    return lines
