"""Rule pack files written with a real TOML writer: every value is formatted by
``tomli_w`` (so no value, a site's name or an example line, can end its string or its
line and inject keys or tables), and the file is read back with ``tomllib`` before it is
returned. Only the comments, which ``tomli_w`` does not write, are ours: one line each,
what is not printable shown as its escape."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import tomli_w

TomlValue = str | bool | int | Sequence[str]

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_SURROGATE = re.compile("[\ud800-\udfff]")
_SHORT = {"\\": "\\\\", '"': '\\"', "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def scalar_text(value: str | bool | int) -> str:
    """One value as TOML, formatted by ``tomli_w``. A lone surrogate (which a JSON
    string may carry) is no Unicode scalar and has no TOML form: it becomes U+FFFD.

    Examples:
        >>> print(scalar_text('a "b"\\n[[rule]]'))
        "a \\"b\\"\\n[[rule]]"
    """
    if isinstance(value, str):
        value = _SURROGATE.sub("\ufffd", value)
    return tomli_w.dumps({"v": value})[len("v = ") :].rstrip("\n")


def toml_string(text: str) -> str:
    """``text`` as a TOML basic string (see ``scalar_text``)."""
    return scalar_text(text)


def toml_value(value: TomlValue) -> str:
    """A string, whole number, boolean or list of strings as a TOML value, on one line:
    each scalar formatted by ``tomli_w``."""
    if isinstance(value, (str, bool, int)):
        return scalar_text(value)
    return "[" + ", ".join(scalar_text(item) for item in value) + "]"


def _escaped(char: str) -> str:
    if char in _SHORT:
        return _SHORT[char]
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        return "\\ufffd"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def toml_comment(text: str) -> str:
    """``text`` as one comment line: what is not printable is shown as its escape, so a
    line break in the text cannot end the comment.

    Examples:
        >>> toml_comment("Planet\\n[[rule]]")
        '# Planet\\\\n[[rule]]'
    """
    shown = "".join(c if c.isprintable() else _escaped(c) for c in text)
    return f"# {shown}".rstrip()


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


def _plain(value: TomlValue) -> Any:
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, (bool, int)):
        return value
    return [_SURROGATE.sub("\ufffd", v) for v in value]


def pack_text(
    header: Iterable[str],
    about: Mapping[str, TomlValue],
    rules: Sequence[tuple[str, Mapping[str, TomlValue]]],
) -> str:
    """A rule pack file: ``header`` comment lines, the ``[pack]`` table, then each rule
    as a ``[[rule]]`` table under its comment line. Read back before it is returned: a
    file that does not hold exactly these values raises ValueError (never written).

    Examples:
        >>> text = pack_text(["A pack"], {"name": "p"}, [("one", {"id": "p.a"})])
        >>> print(text, end="")
        # A pack
        <BLANKLINE>
        [pack]
        name = "p"
        <BLANKLINE>
        # one
        [[rule]]
        id = "p.a"
    """
    out = [toml_comment(line) for line in header]
    out += ["", *toml_table("pack", about)]
    for comment, fields in rules:
        out += ["", *toml_table("rule", fields, array=True, comment=comment)]
    text = "\n".join(out) + "\n"
    expected: dict[str, Any] = {"pack": {k: _plain(v) for k, v in about.items()}}
    if rules:
        expected["rule"] = [{k: _plain(v) for k, v in f.items()} for _, f in rules]
    if tomllib.loads(text) != expected:  # pragma: no cover - a writer bug, not bad input
        raise ValueError("the rule pack file does not read back as written")
    return text
