"""Encoding repair: ftfy applied one line at a time, so one damaged line cannot
change how the others are treated."""

from __future__ import annotations

import re
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
        fixed, steps = ftfy.fix_and_explain(line, config=config)
        if fixed == line:
            return None
        # An unescaped entity such as &#10; can yield a line break; keep one line.
        fixed = fixed.replace("\n", " ")
        names = sorted({param for _, param in steps or ()})
        return LineEdit(fixed, "encoding:" + ",".join(names))

    def __call__(self, doc: Doc) -> Doc:
        return apply_line_filter(self, doc)
