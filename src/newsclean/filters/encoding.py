"""Encoding repair: ftfy applied one line at a time, so one damaged line cannot
change how the others are treated."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import ftfy

from ..model import Doc
from ..pipeline import LineContext, LineEdit, apply_line_filter

Normalization = Literal["NFC", "NFKC", "NFD", "NFKD"]

# Printable ASCII (and tab) without '&' is left unchanged by every ftfy step:
# no mojibake, no entity, no control or terminal escape, nothing to normalise.
_NEEDS_FTFY = re.compile(r"[^\t\x20-\x25\x27-\x7e]")


def describe_steps(steps: Sequence[tuple[str, str]]) -> str:
    """ftfy's explanation as a short stable code: ``sloppy-windows-1252>utf-8`` for a
    re-decoding, the step's name for anything else, joined with ``+``.

    >>> describe_steps([("encode", "sloppy-windows-1252"), ("decode", "utf-8"),
    ...                 ("apply", "unescape_html")])
    'sloppy-windows-1252>utf-8+unescape_html'
    """
    parts: list[str] = []
    for action, param in steps:
        if action == "decode" and parts and parts[-1].endswith(">"):
            parts[-1] += param
        elif action == "encode":
            parts.append(param + ">")
        else:
            parts.append(param)
    return "+".join(parts)


@lru_cache(maxsize=32)
def _ftfy_config(
    unescape_html: bool | Literal["auto"],
    uncurl_quotes: bool,
    fix_latin_ligatures: bool,
    fix_character_width: bool,
    remove_control_chars: bool,
    normalization: Normalization | None,
) -> ftfy.TextFixerConfig:
    return ftfy.TextFixerConfig(
        unescape_html=unescape_html,
        uncurl_quotes=uncurl_quotes,
        fix_latin_ligatures=fix_latin_ligatures,
        fix_character_width=fix_character_width,
        remove_control_chars=remove_control_chars,
        normalization=normalization,
        explain=True,
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class FixEncoding:
    """Repair mojibake, HTML entities and odd characters with ftfy, line by line.

    Option names are ftfy's ``TextFixerConfig`` names. ``uncurl_quotes`` is off by
    default (ftfy's own default is on): news text uses curly quotes on purpose.

    >>> from newsclean.model import Doc
    >>> FixEncoding()(Doc.from_text("Bidenâ€™s plan &amp; more")).lines
    ('Biden’s plan & more',)
    """

    name: str = "fix_encoding"
    uncurl_quotes: bool = False
    unescape_html: bool | Literal["auto"] = "auto"
    fix_latin_ligatures: bool = True
    fix_character_width: bool = True
    remove_control_chars: bool = True
    normalization: Normalization | None = "NFC"

    def edit_line(self, line: str, context: LineContext) -> LineEdit | None:
        if not _NEEDS_FTFY.search(line):
            return None
        config = _ftfy_config(
            self.unescape_html,
            self.uncurl_quotes,
            self.fix_latin_ligatures,
            self.fix_character_width,
            self.remove_control_chars,
            self.normalization,
        )
        fixed, explained = ftfy.fix_and_explain(line, config=config)
        steps: list[tuple[str, str]] = list(explained or [])
        # Whitespace at the edges is trimmed later, and ftfy can read the trimmed text
        # differently ("\xa0\x80ß" -> "\xa0€ß", then "€ß" looks like mojibake). Repair
        # the trimmed content until it is stable, so clean(clean(x)) == clean(x).
        for _ in range(3):
            core = fixed.strip()
            if core == fixed:
                break
            again, more = ftfy.fix_and_explain(core, config=config)
            if again == core:
                break
            lead = fixed[: len(fixed) - len(fixed.lstrip())]
            trail = fixed[len(fixed.rstrip()) :]
            fixed = lead + again + trail
            steps.extend(more or [])
        if fixed == line:
            return None
        # An unescaped entity such as &#10; can yield a line break; keep one line.
        fixed = fixed.replace("\n", " ")
        return LineEdit(fixed, "encoding:" + describe_steps(steps))

    def __call__(self, doc: Doc) -> Doc:
        return apply_line_filter(self, doc)
