"""Encoding repair: ftfy applied one line at a time (so one damaged line cannot change
how the others are treated), skipped where ftfy provably changes nothing, plus the
space and invisible-character normalisations scrapers need."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, get_args

import ftfy
from ftfy import badness, chardata
from ftfy.fixes import unescape_html as _unescape_once

from ..model import Doc
from ..options import Option, Options, flag, is_bool
from . import encoding_fast
from .base import LineContext, LineEdit, apply_line_filter
from .encoding_fast import badness_gate as badness_gate
from .encoding_fast import char_class, gate_points

Normalization = Literal["NFC", "NFKC", "NFD", "NFKD"]


# Every character some ftfy step acts on, taken from ftfy's own tables: control
# characters, ligatures, width forms, C1 controls, the terminal escape, '&' (entities),
# line breaks and surrogates. A line without any of them, that ftfy's own mojibake test
# (is_bad) passes and that is already normalised, is returned unchanged by ftfy: every
# step's trigger is absent. A Hypothesis test holds the fast path to this.
_FTFY_TRIGGERS = (
    set(chardata.CONTROL_CHARS)
    | set(chardata.LIGATURES)
    | set(chardata.WIDTH_MAP)
    | set(range(0x80, 0xA0))
    | set(range(0xD800, 0xE000))
    | {0x1B, ord("&"), 0x0A, 0x0D, 0x85, 0x2028, 0x2029}
)
_QUOTES = {0x02BC, *range(0x2018, 0x2020)}  # what ftfy's uncurl_quotes replaces
_TRIGGER = re.compile(char_class(_FTFY_TRIGGERS))
_TRIGGER_WITH_QUOTES = re.compile(char_class(_FTFY_TRIGGERS | _QUOTES))
# The characters ftfy's fixers after the encoding repair act on ('&' is not one of them).
_FIXES = _FTFY_TRIGGERS - {ord("&")}
_FIXER_TRIGGERS = (re.compile(char_class(_FIXES)), re.compile(char_class(_FIXES | _QUOTES)))
# ftfy's mojibake test (badness.is_bad) is a regex of character pairs; every one of its
# alternatives needs at least one character from these categories or literals (typical
# news punctuation, curly quotes and dashes, is not among them). A line with none
# cannot be "bad", and is_bad need not run. (The slow gate, kept as the oracle of
# ``_BADNESS_GATE``; ``FAST_BADNESS = False`` uses it.)
_BADNESS_NEEDS = re.compile(
    "["
    + "".join(
        badness.MOJIBAKE_CATEGORIES[k]
        for k in (
            "c1",
            "bad",
            "law",
            "currency",
            "numeric",
            "kaomoji",
            "upper_accented",
            "lower_accented",
            "upper_common",
            "lower_common",
            "box",
        )
    )
    + "ŒœÂÃÎÐ×ØÙà√≈‚āвβ°"
    + "]"
)

_BADNESS_GATE = badness_gate(badness.BADNESS_RE)
_GATE_POINTS = gate_points(badness.BADNESS_RE)
#: Set False to judge mojibake with the slow gate only (the oracle of the fast one).
FAST_BADNESS = True


def may_be_bad(line: str) -> bool:
    """``badness.is_bad(line)``, with ``is_bad`` skipped where its gate finds nothing.

    Examples:
        >>> may_be_bad("Zoë Brontë’s “café” — naïve"), may_be_bad("Ã© and â€œ")
        (False, True)
    """
    if FAST_BADNESS and _BADNESS_GATE is not None:
        return encoding_fast.gated_is_bad(line, _BADNESS_GATE)
    if _BADNESS_NEEDS.search(line) is None:
        return False
    return badness.is_bad(line)


# For ASCII lines only the ASCII triggers matter.
_ASCII_TRIGGER = re.compile(r"[\x00-\x08\x0a-\x1f\x7f&]")
# The same, over lines joined with "\n" (no line holds one: the document was split on it).
_ASCII_TRIGGER_IN_TEXT = re.compile(r"[\x00-\x08\x0b-\x1f\x7f&]")


def _plain_ascii(line: str) -> bool:
    """An ASCII line without an ASCII trigger: FixEncoding leaves it as it is."""
    return line.isascii() and _ASCII_TRIGGER.search(line) is None


# Scraper normalisations (newsclean's own, after ftfy).
_SPACES = {"\u00a0": " ", "\u202f": " ", "\u2007": " "}  # no-break, narrow, figure
_NBSP = re.compile("[\u00a0\u202f\u2007]")
_SOFT_HYPHEN = "\u00ad"
# Zero-width space and word joiner go everywhere. ZWJ and ZWNJ go where a neighbour is
# ASCII or the line's edge; between other characters they shape emoji sequences
# (👩‍💻), Indic conjuncts and Persian words, and stay.
_ZERO_WIDTH_SPACE = re.compile("[\u200b\u2060]")
# Whole runs only, their neighbours tested in Python: a run followed by a lookahead
# ("[…]+(?=[\x00-\x7f]|$)") is retried from every position inside the run, which is
# quadratic in the run's length (a 50,000-character run took over a minute).
_JOINER_RUN = re.compile("[\u200c\u200d]+")
_ANY_INVISIBLE = re.compile("[\u00a0\u202f\u2007\u00ad\u200b-\u200d\u2060]")


def remove_edge_joiners(line: str) -> str:
    """``line`` without the runs of ZWJ/ZWNJ that touch ASCII or an edge of the line.

    One scan over maximal runs, so the cost is linear in the line's length.

    Examples:
        >>> remove_edge_joiners("a\u200db \u200c\u200c👩\u200d💻")
        'ab 👩\u200d💻'
    """
    pieces: list[str] = []
    kept_from = 0
    end_of_line = len(line)
    for run in _JOINER_RUN.finditer(line):
        start, end = run.span()
        if start == 0 or end == end_of_line or line[start - 1].isascii() or line[end].isascii():
            pieces.append(line[kept_from:start])
            kept_from = end
    if not pieces:
        return line
    pieces.append(line[kept_from:])
    return "".join(pieces)


# An entity is "&", an optional "#", 1 to 24 ASCII letters or digits, ";" (ftfy's
# HTML_ENTITY_RE), so one ending at a ";" starts at most this many characters before it.
_ENTITY_SPAN = 26
_ENTITY_TOKEN = re.compile(r"[^&;]+|[&;]")
# ftfy.fix_and_explain's repairs after entities and mojibake, in ftfy 6's order.
_FTFY_FIXERS = (
    "fix_c1_controls",
    "fix_latin_ligatures",
    "fix_character_width",
    "uncurl_quotes",
    "fix_line_breaks",
    "fix_surrogates",
    "remove_terminal_escapes",
    "remove_control_chars",
)
# Passes that decode one level of entities, as ftfy's do; the most passes per line. A
# pass repeats only when the one before changed something: one level of nesting, or an
# entity another repair revealed (a removed control character, a fullwidth '＆').
_LEVEL_PASSES = 3
_MAX_PASSES = 8


def unescape_html_fully(text: str) -> str:
    """``text`` with ftfy's ``unescape_html`` applied until nothing changes, in linear time.

    ftfy decodes one level of nesting per pass over the whole line, so ``"&" +
    "amp;" * n`` took n passes (quadratic). Two entities never overlap and decoding one
    never alters another, so the fixed point is unique and can be reached in one
    left-to-right scan: each ";" closes at most one entity, found by looking back a
    bounded distance, and a decoded value is read again as input (it may complete an
    entity with what follows). ``tests/test_slow_inputs.py`` holds this to ftfy's loop.

    Examples:
        >>> unescape_html_fully("AT&amp;amp;T &amp;lt;b&amp;gt; &#38;#38;")
        'AT&T <b> &'
    """
    if "&" not in text:
        return text
    once = _unescape_once(text)
    if "&" not in once:
        return once
    twice = _unescape_once(once)
    if twice == once:
        return once  # one level, as in nearly all real text: ftfy's own pass
    out: list[str] = []  # decoded so far; holds no entity that would still decode
    todo = _ENTITY_TOKEN.findall(twice)
    todo.reverse()  # read from the end of the list
    while todo:
        token = todo.pop()
        if token == ";":
            start, size = len(out), 0
            while start and out[start - 1] not in ("&", ";") and size < _ENTITY_SPAN:
                start -= 1
                size += len(out[start])
            if start and out[start - 1] == "&" and size < _ENTITY_SPAN:
                entity = "&" + "".join(out[start:]) + ";"
                value = _unescape_once(entity)
                if value != entity:
                    del out[start - 1 :]
                    todo.extend(reversed(_ENTITY_TOKEN.findall(value)))
                    continue
        out.append(token)
    return "".join(out)


def describe_steps(steps: Sequence[tuple[str, str]]) -> str:
    """ftfy's explanation as a short stable code: ``sloppy-windows-1252>utf-8`` for a
    re-decoding, the step's name for anything else, joined with ``+``.

    Examples:
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
        elif not parts or parts[-1] != param:  # a step ftfy repeated is named once
            parts.append(param)
    return "+".join(parts)


# Han, Hiragana, Katakana, Hangul and CJK punctuation.
_CJK = re.compile(r"[\u3001-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


@lru_cache(maxsize=32)
def _ftfy_config(
    uncurl_quotes: bool,
    fix_latin_ligatures: bool,
    fix_character_width: bool,
    remove_control_chars: bool,
    normalization: Normalization | None,
) -> ftfy.TextFixerConfig:
    # FixEncoding._fix runs ftfy's passes itself and decodes entities its own way.
    return ftfy.TextFixerConfig(
        unescape_html=False,
        uncurl_quotes=uncurl_quotes,
        fix_latin_ligatures=fix_latin_ligatures,
        fix_character_width=fix_character_width,
        remove_control_chars=remove_control_chars,
        normalization=normalization,
        explain=True,
    )


def ftfy_would_change(
    line: str, *, uncurl_quotes: bool, normalization: Normalization | None
) -> bool:
    """False only when ftfy provably returns ``line`` unchanged (see ``_FTFY_TRIGGERS``).

    Examples:
        >>> ftfy_would_change("Plain “quoted” café.", uncurl_quotes=False, normalization="NFC")
        False
        >>> ftfy_would_change("Bidenâ€™s plan", uncurl_quotes=False, normalization="NFC")
        True
    """
    if line.isascii():
        return _ASCII_TRIGGER.search(line) is not None
    trigger = _TRIGGER_WITH_QUOTES if uncurl_quotes else _TRIGGER
    if trigger.search(line) or may_be_bad(line):
        return True
    return normalization is not None and not unicodedata.is_normalized(normalization, line)


#: FixEncoding's options, declared once: CleanConfig, the CLI and the filter derive from these.
OPTIONS = Options(
    "FixEncoding",
    (
        flag(
            "uncurl_quotes",
            "Replace curly quotes with straight ones. Off: news text uses typographic "
            "quotes on purpose (ftfy's own default is on).",
            default=False,
        ),
        Option(
            "unescape_html",
            "auto",
            "True, False or 'auto'",
            lambda v: v == "auto" or is_bool(v),
            "Decode HTML entities such as &amp;. 'auto' (ftfy's default) skips a line "
            "that contains '<', which is probably about HTML.",
            choices=("auto", True, False),
            kind="choice",
        ),
        flag(
            "fix_latin_ligatures",
            "Replace ligatures such as 'ﬁ' with letters (ftfy's default).",
        ),
        flag(
            "fix_character_width",
            "Replace fullwidth and halfwidth forms with standard ones (ftfy's default).",
        ),
        flag(
            "remove_control_chars",
            "Remove control characters no text needs (ftfy's default).",
        ),
        Option(
            "normalization",
            "NFC",
            f"one of {get_args(Normalization)} or None",
            lambda v: v is None or v in get_args(Normalization),
            "Unicode normal form, or None for none. NFC changes no visible character.",
            choices=(*get_args(Normalization), None),
            kind="choice",
        ),
        flag(
            "nbsp_to_space",
            "Replace no-break spaces (U+00A0, narrow U+202F, figure U+2007) with plain "
            "spaces: in scraped text they are &nbsp; residue, and they defeat matching.",
        ),
        flag(
            "remove_zero_width",
            "Remove zero-width spaces and word joiners, and zero-width (non-)joiners next "
            "to ASCII or a line's edge; joiners inside emoji sequences and non-Latin "
            "scripts stay.",
        ),
        flag(
            "remove_soft_hyphens",
            "Remove soft hyphens (U+00AD), invisible break hints that split words.",
        ),
        flag(
            "fast_path",
            "Skip ftfy on lines it provably would not change (same output).",
            in_config=False,
        ),
        flag(
            "fix_trimmed",
            "Repair a line as it will stand once its edges are trimmed (idempotence).",
            in_config=False,
        ),
    ),
)
_D = OPTIONS.by_field()


@dataclass(frozen=True, slots=True, kw_only=True)
class FixEncoding:
    """Repair mojibake, HTML entities and odd characters with ftfy, line by line, then
    normalise the spaces and invisible characters scrapers leave.

    ftfy's options keep ftfy's ``TextFixerConfig`` names; ``uncurl_quotes`` is off by
    default (ftfy's own default is on): news text uses curly quotes on purpose.
    ``nbsp_to_space``, ``remove_zero_width`` and ``remove_soft_hyphens`` are newsclean's
    own. ``fast_path`` skips ftfy on lines it provably would not change (same output).
    ``fix_trimmed`` repairs a line as it will stand once its edges are trimmed, so that
    the whole pipeline is idempotent; turn it off to match ftfy exactly.

    Examples:
        >>> from newsclean.model import Doc
        >>> FixEncoding()(Doc.from_text("Bidenâ€™s plan &amp; more")).lines
        ('Biden’s plan & more',)
    """

    name: str = "fix_encoding"
    uncurl_quotes: bool = _D["uncurl_quotes"].default
    unescape_html: bool | Literal["auto"] = _D["unescape_html"].default
    fix_latin_ligatures: bool = _D["fix_latin_ligatures"].default
    fix_character_width: bool = _D["fix_character_width"].default
    remove_control_chars: bool = _D["remove_control_chars"].default
    normalization: Normalization | None = _D["normalization"].default
    nbsp_to_space: bool = _D["nbsp_to_space"].default
    remove_zero_width: bool = _D["remove_zero_width"].default
    remove_soft_hyphens: bool = _D["remove_soft_hyphens"].default
    fast_path: bool = _D["fast_path"].default
    fix_trimmed: bool = _D["fix_trimmed"].default

    def __post_init__(self) -> None:
        OPTIONS.validate_fields(self)

    def edit_line(self, line: str, context: LineContext) -> LineEdit | None:
        fixed = line
        steps: list[tuple[str, str]] = []
        # Each repair can expose work for the other (an unescaped &nbsp; is a no-break
        # space; a removed soft hyphen can join mojibake): repeat until stable.
        for _ in range(3):
            before = fixed
            if self._needs_ftfy(fixed):
                fixed, more = self._ftfy(fixed)
                steps.extend(more)
            if not fixed.isascii() and _ANY_INVISIBLE.search(fixed):
                fixed, more = self._invisibles(fixed)
                steps.extend(more)
            if fixed == before:
                break
        if fixed == line:
            return None
        return LineEdit(fixed, "encoding", detail=describe_steps(steps))

    def _needs_ftfy(self, line: str) -> bool:
        if not self.fast_path:
            return True
        if self._would_change(line):
            return True
        # _ftfy also repairs the trimmed line, which ftfy can read differently: "\tÂ x"
        # is left alone, "Â x" is mojibake. Judge that too, or the repair would wait for
        # the next pass, after the whitespace step has trimmed the line.
        if self.fix_trimmed and (line[:1].isspace() or line[-1:].isspace()):
            return self._would_change(line.strip())
        return False

    def _would_change(self, line: str) -> bool:
        return ftfy_would_change(
            line, uncurl_quotes=self.uncurl_quotes, normalization=self.normalization
        )

    def _ftfy(self, line: str) -> tuple[str, list[tuple[str, str]]]:
        # Full-width punctuation is how Chinese, Japanese and Korean are written, not a
        # scraping accident: a line in those scripts keeps its widths.
        width = self.fix_character_width and not _CJK.search(line)
        config = _ftfy_config(
            self.uncurl_quotes,
            self.fix_latin_ligatures,
            width,
            self.remove_control_chars,
            self.normalization,
        )
        fixed, steps = self._fix(line, config)
        # Whitespace at the edges is trimmed later, and ftfy can read the trimmed text
        # differently ("\xa0\x80ß" -> "\xa0€ß", then "€ß" looks like mojibake). Repair
        # the trimmed content until it is stable, so clean(clean(x)) == clean(x).
        for _ in range(3 if self.fix_trimmed else 0):
            core = fixed.strip()
            if core == fixed:
                break
            again, more = self._fix(core, config)
            if again == core:
                break
            lead = fixed[: len(fixed) - len(fixed.lstrip())]
            trail = fixed[len(fixed.rstrip()) :]
            fixed = lead + again + trail
            steps.extend(more)
        # An unescaped entity such as &#10; can yield a line break; keep one line.
        return fixed.replace("\n", " "), steps

    def _fix(self, text: str, config: ftfy.TextFixerConfig) -> tuple[str, list[tuple[str, str]]]:
        """``ftfy.fix_and_explain``, pass for pass, with its entity decoding bounded.

        ftfy decodes one level of entities per pass and passes until nothing changes, so
        ``"&" + "amp;" * n`` cost n passes over the line. Here the first passes decode
        one level each, exactly as ftfy does (the same result wherever ftfy settles
        within ``_LEVEL_PASSES`` passes: all real text); later passes decode every level
        left in one scan, and there are at most ``_MAX_PASSES``.
        """
        # ftfy's 'auto': a line that holds '<' is probably about HTML; decided once.
        unescape = self.unescape_html is True or (self.unescape_html == "auto" and "<" not in text)
        steps: list[tuple[str, str]] = []
        # Fast: ftfy's encoding repair taken directly where provably the same, and its
        # other fixers skipped on a text holding none of their characters.
        fast = self.fast_path and encoding_fast.FAST_REPAIR
        trigger = _FIXER_TRIGGERS[config.uncurl_quotes]
        for pass_no in range(_MAX_PASSES):
            before = text
            if unescape and "&" in text:
                one_level = pass_no < _LEVEL_PASSES
                text = _unescape_once(text) if one_level else unescape_html_fully(text)
                if text != before:
                    steps.append(("apply", "unescape_html"))
            if not fast:
                text, explained = ftfy.fix_encoding_and_explain(text, config)
            else:
                text, explained = encoding_fast.fix_encoding_explained(text, config, may_be_bad)
            steps.extend(explained or [])
            for name in _FTFY_FIXERS if not fast or trigger.search(text) else ():
                if getattr(config, name):
                    fixed = ftfy.FIXERS[name](text)
                    if fixed != text:
                        steps.append(("apply", name))
                        text = fixed
            if config.normalization is not None:
                fixed = unicodedata.normalize(config.normalization, text)
                if fixed != text:
                    steps.append(("normalize", config.normalization))
                    text = fixed
            if text == before:
                break
        return text, steps

    def _invisibles(self, line: str) -> tuple[str, list[tuple[str, str]]]:
        steps: list[tuple[str, str]] = []
        if self.nbsp_to_space and _NBSP.search(line):
            line = _NBSP.sub(lambda m: _SPACES[m.group()], line)
            steps.append(("apply", "nbsp_to_space"))
        if self.remove_zero_width:
            cleaned = remove_edge_joiners(_ZERO_WIDTH_SPACE.sub("", line))
            if cleaned != line:
                line = cleaned
                steps.append(("apply", "remove_zero_width"))
        if self.remove_soft_hyphens and _SOFT_HYPHEN in line:
            line = line.replace(_SOFT_HYPHEN, "")
            steps.append(("apply", "remove_soft_hyphens"))
        return line, steps

    def __call__(self, doc: Doc) -> Doc:
        if not self.fast_path:
            return apply_line_filter(self, doc)
        # An ASCII line without an ASCII trigger is returned as it is (ftfy would not
        # change it, nor would its trimmed form; the invisibles are all non-ASCII): only
        # the other lines are judged. A whole document of such lines is checked at once.
        text = "\n".join(doc.lines)
        if text.isascii() and not _ASCII_TRIGGER_IN_TEXT.search(text):
            return doc
        quiet = self._quiet() if FAST_BADNESS and encoding_fast.FAST_QUIET else None
        # Non-ASCII lines too are kept without edit_line where provably left as they are.
        return apply_line_filter(self, doc, skip=_plain_ascii if quiet is None else quiet.line)

    def _quiet(self) -> encoding_fast.QuietTest | None:
        if _GATE_POINTS is None or _BADNESS_GATE is None:
            return None
        return encoding_fast.quiet_test(
            _ASCII_TRIGGER_POINTS,
            _QUIET_SUSPECTS[self.uncurl_quotes],
            _BADNESS_GATE[1],
            self.normalization,
            self.fix_trimmed,
        )


# What the quiet test looks for: in ASCII lines, _ASCII_TRIGGER; in others, what
# _needs_ftfy and _invisibles look for (the gate's pairs aside).
_ASCII_TRIGGER_POINTS = frozenset([*range(0x09), *range(0x0A, 0x20), 0x7F, ord("&")])
_INVISIBLE_POINTS = frozenset(map(ord, "\u00a0\u202f\u2007\u00ad\u200b\u200c\u200d\u2060"))
_SINGLES = _GATE_POINTS[0] if _GATE_POINTS else frozenset()
_QUIET_SUSPECTS = {
    uncurl: frozenset(
        _FTFY_TRIGGERS | (_QUOTES if uncurl else set()) | _SINGLES | _INVISIBLE_POINTS
    )
    for uncurl in (False, True)
}
