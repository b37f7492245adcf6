"""Fast paths of the encoding step that give exactly ftfy's answer, each with a switch.

Three of them, used by ``encoding.FixEncoding`` (``docs/performance.md`` lists every fast
path with its oracle):

- **windowed mojibake test** (``FAST_WINDOW``): ftfy's ``is_bad`` searches a long line
  with a large alternation. Every match of that regex is at most seven characters long
  and holds a hit of the cheap gate (``badness_gate``), so searching a small window
  around each hit gives the same answer.
- **direct repair** (``FAST_REPAIR``): ftfy's ``fix_encoding_and_explain`` re-encoding
  step done directly (``text.encode("sloppy-windows-1252").decode("utf-8")``, or with
  latin-1), accepted only where that is provably what ftfy's step does: the same
  encoding ftfy would try first, none of its byte-level transcodings applying, and the
  bytes valid UTF-8. Anything else goes to ftfy itself. Then ftfy's other fixers
  are skipped on text holding none of the characters they act on.
- **quiet lines** (``FAST_QUIET``): a non-ASCII line the step provably leaves as it is
  (no character any repair acts on, no pair that could start ftfy's mojibake pattern,
  already normalised, no whitespace at its edges) is kept after two regex searches and
  a normal-form check, without the step's per-line work.

It also holds the mojibake gate derived from ftfy's regex (``badness_gate``), which
``encoding.may_be_bad`` uses (``encoding.FAST_BADNESS`` switches that one).

Switch a path off (``encoding_fast.FAST_REPAIR = False``) to get the straightforward
path back; ``tests/test_fast_encoding.py`` compares the two.
"""

from __future__ import annotations

import hashlib
import importlib
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import ftfy
from ftfy import badness, chardata

__all__ = [
    "FAST_QUIET",
    "FAST_REPAIR",
    "FAST_WINDOW",
    "QuietTest",
    "badness_gate",
    "char_class",
    "direct_step",
    "fix_encoding_explained",
    "gate_points",
    "gated_is_bad",
    "quiet_test",
]

#: Set False to run ftfy's ``fix_encoding_and_explain`` on every line ftfy is called on.
FAST_REPAIR = True
#: Set False to run ftfy's ``is_bad`` over the whole line wherever the gate finds a hit.
FAST_WINDOW = True
#: Set False to judge every non-ASCII line with the step's own per-line tests.
FAST_QUIET = True

# The regex parser behind re.compile, read to derive the gates from ftfy's regex.
_sre_parse: Any = importlib.import_module("re._parser")


def char_class(codepoints: Iterable[int]) -> str:
    """A regex character class for ``codepoints``, with runs folded into ranges."""
    points = sorted(set(codepoints))
    parts: list[str] = []
    i = 0
    while i < len(points):
        j = i
        while j + 1 < len(points) and points[j + 1] == points[j] + 1:
            j += 1
        lo, hi = points[i], points[j]
        parts.append(f"\\U{lo:08x}" if lo == hi else f"\\U{lo:08x}-\\U{hi:08x}")
        i = j + 1
    return "[" + "".join(parts) + "]"


def _charset(item: tuple[Any, Any]) -> frozenset[int] | None:
    """The code points one parsed regex item matches, if it is a plain literal or class."""
    op, arg = item
    if op is _sre_parse.LITERAL:
        return frozenset({arg})
    if op is not _sre_parse.IN:
        return None
    points: set[int] = set()
    for sub_op, sub_arg in arg:
        if sub_op is _sre_parse.LITERAL:
            points.add(sub_arg)
        elif sub_op is _sre_parse.RANGE:
            points.update(range(sub_arg[0], sub_arg[1] + 1))
        else:
            return None  # a category or a negation: not a small set
    return frozenset(points)


def badness_gate(pattern: re.Pattern[str]) -> tuple[re.Pattern[str], re.Pattern[str]] | None:
    """Two cheap regexes, one of which finds something in every text ``pattern`` does.

    ``pattern`` is ftfy's ``BADNESS_RE``: an alternation of short sequences, each of
    single characters from classes. In each alternative, the first two adjacent items
    that both admit only non-ASCII characters form a pair (clean accented text has few
    such pairs: an accented letter stands between ASCII letters and spaces); an
    alternative without one contributes its first non-ASCII-only item alone. The gate is
    ``[singles]`` and ``[firsts][seconds]`` (two searches: each runs at C speed, their
    alternation would not): every match of ``pattern`` holds a match of one of them, so
    a line where neither finds anything is not "bad". None when the pattern is not of
    that shape (another ftfy version): the caller keeps the slow gate.

    Examples:
        >>> singles, pairs = badness_gate(badness.BADNESS_RE)
        >>> line = "Café, naïve, résumé — José Müller"
        >>> singles.search(line) is None and pairs.search(line) is None
        True
        >>> pairs.search("Bidenâ€™s plan").group()
        'â€'
    """
    points = gate_points(pattern)
    if points is None:
        return None
    singles, firsts, seconds = points
    return re.compile(char_class(singles)), re.compile(char_class(firsts) + char_class(seconds))


def gate_points(pattern: re.Pattern[str]) -> tuple[frozenset[int], ...] | None:
    """The code points of ``badness_gate``'s classes: singles, firsts, seconds."""
    if pattern.flags & (re.IGNORECASE | re.MULTILINE | re.DOTALL):
        return None
    tree = _sre_parse.parse(pattern.pattern, pattern.flags)
    if len(tree) != 1 or tree[0][0] is not _sre_parse.BRANCH:
        return None
    firsts: set[int] = set()
    seconds: set[int] = set()
    singles: set[int] = set()
    for alternative in tree[0][1][1]:
        sets = [_charset(item) for item in alternative]
        wide = [s is not None and bool(s) and min(s) >= 0x80 for s in sets]
        for k in range(len(sets) - 1):
            if wide[k] and wide[k + 1]:
                firsts.update(sets[k] or ())
                seconds.update(sets[k + 1] or ())
                break
        else:
            if not any(wide):
                return None
            singles.update(sets[wide.index(True)] or ())
    return frozenset(singles), frozenset(firsts), frozenset(seconds)


# Regex operations whose match in a window of the text is a match in the whole text:
# no lookaround, no end anchor, no word boundary ('^' matches only at the real start
# of the string even when the search starts later).
_LOCAL_OPS = {"LITERAL", "NOT_LITERAL", "IN", "ANY", "BRANCH", "MAX_REPEAT", "MIN_REPEAT"}


def _local_width(pattern: Any) -> int | None:
    """The longest match of ``pattern`` if every match is local (see ``_LOCAL_OPS``)."""
    tree = _sre_parse.parse(pattern.pattern, pattern.flags)

    def local(items: Any) -> bool:
        for op, arg in items:
            name = str(op)
            if name == "AT":
                if str(arg) != "AT_BEGINNING":
                    return False
            elif name == "BRANCH":
                if not all(local(alt) for alt in arg[1]):
                    return False
            elif name in ("MAX_REPEAT", "MIN_REPEAT"):
                if not local(arg[2]):
                    return False
            elif name == "SUBPATTERN":
                if not local(arg[-1]):
                    return False
            elif name not in _LOCAL_OPS:
                return False
        return True

    width = int(tree.getwidth()[1])
    return width if local(tree) and width <= 64 else None


_WIDTH = _local_width(badness.BADNESS_RE)
# After this many gate hits without a match, one search of the whole line is cheaper.
_MAX_WINDOWS = 12


def gated_is_bad(text: str, gate: tuple[Any, Any]) -> bool:
    """``ftfy.badness.is_bad(text)``, where every match of ftfy's regex holds a hit of
    ``gate`` (the ``singles`` and ``pairs`` regexes of ``badness_gate``).

    No hit: not bad. Otherwise ftfy's regex is searched only in a window around each hit
    (as wide as its longest match on either side), every hit visited, overlapping ones
    included; after ``_MAX_WINDOWS`` windows, the whole text once.

    Examples:
        >>> from newsclean.filters.encoding import _BADNESS_GATE
        >>> assert _BADNESS_GATE is not None
        >>> gated_is_bad("Zoë Brontë’s “café”", _BADNESS_GATE)
        False
        >>> gated_is_bad("Biden" + "â€™" + "s plan, " * 50, _BADNESS_GATE)
        True
    """
    singles, pairs = gate
    if not FAST_WINDOW or _WIDTH is None:
        if singles.search(text) is None and pairs.search(text) is None:
            return False
        return badness.is_bad(text)
    search = badness.BADNESS_RE.search
    width = _WIDTH
    windows = 0
    for hits in (singles, pairs):
        hit = hits.search(text)
        while hit is not None:
            at = hit.start()
            if search(text, max(0, at - width), at + width + 1):
                return True
            windows += 1
            if windows >= _MAX_WINDOWS:
                return badness.is_bad(text)
            hit = hits.search(text, at + 1)
    return False


# The two encodings ftfy tries first, in its order: the only ones repaired directly.
_DIRECT = ("latin-1", "sloppy-windows-1252")
# direct_step's argument reads ftfy's two byte patterns as ftfy 6.3 writes them; with
# other patterns (another ftfy) the direct repair stays off and ftfy answers.
_PATTERNS = chardata.ALTERED_UTF8_RE.pattern + chardata.LOSSY_UTF8_RE.pattern
_DIRECT_OK = (
    tuple(chardata.CHARMAP_ENCODINGS[:2]) == _DIRECT
    and hashlib.sha256(_PATTERNS).hexdigest()[:16] == "6a3cf638a94b4038"
)
_ENCODABLE = {name: chardata.ENCODING_REGEXES[name] for name in _DIRECT} if _DIRECT_OK else {}
_Step = ftfy.ExplanationStep


def direct_step(text: str) -> tuple[str, list[_Step]] | None:
    """One step of ftfy's encoding repair of ``text``, when it is the plain re-decoding.

    ``text`` must be one ftfy judges bad (``is_bad``) and not ASCII; the answer is then
    exactly that of ftfy's ``_fix_encoding_one_step_and_explain``, or None where it may
    not be. ftfy tries latin-1, then sloppy-windows-1252, on the first that can encode
    the text; it accepts their bytes if they decode as UTF-8 once ``restore_byte_a0``
    and ``replace_lossy_sequences`` have had their say (and 0xED or 0xC0 send them to
    ``utf-8-variants``). Bytes that are valid UTF-8 hold no match of ftfy's
    ``ALTERED_UTF8_RE`` (each of its alternatives puts a space where a continuation byte
    must stand), and of ``LOSSY_UTF8_RE`` only the byte 0x1A alone: so valid UTF-8
    without 0x1A, 0xED or 0xC0 is what ftfy decodes, unaltered. Bytes that are not
    valid UTF-8 give None: a text both encodings can encode has the same bytes in both
    (they differ only where latin-1 has C1 controls that cp1252 maps to punctuation),
    so after latin-1 fails, sloppy-windows-1252 fails too, or ftfy's transcodings or
    later encodings have the answer.

    Examples:
        >>> direct_step("Bidenâ€™s plan")
        ('Biden’s plan', [('encode', 'sloppy-windows-1252'), ('decode', 'utf-8')])
        >>> direct_step("voilÃ le travail") is None  # restore_byte_a0: ftfy's own work
        True
    """
    if not _DIRECT_OK:
        return None
    for name in _DIRECT:
        if not _ENCODABLE[name].match(text):
            continue
        data = text.encode(name)
        if 0x1A in data or 0xED in data or 0xC0 in data:
            return None
        try:
            fixed = data.decode("utf-8")
        except UnicodeDecodeError:
            continue
        return fixed, [_Step("encode", name), _Step("decode", "utf-8")]
    return None


def fix_encoding_explained(
    text: str, config: ftfy.TextFixerConfig, is_bad: Callable[[str], bool]
) -> tuple[str, list[_Step]]:
    """``ftfy.fix_encoding_and_explain(text, config)``, its steps taken directly where
    ``direct_step`` can, and handed to ftfy at the first step it cannot.

    ftfy repeats one step until the text stops changing, and a step changes nothing on
    ASCII text or text that ``is_bad`` passes; the step's state is the text alone, so
    ftfy can take over at any step. ``is_bad`` must answer as ftfy's ``is_bad`` does.

    Examples:
        >>> from ftfy.badness import is_bad
        >>> config = ftfy.TextFixerConfig(explain=True)
        >>> text = "Ana PeÃ±a said"
        >>> ours = fix_encoding_explained(text, config, is_bad)
        >>> ours == ftfy.fix_encoding_and_explain(text, config), ours[0]
        (True, 'Ana Peña said')
    """
    if not FAST_REPAIR or not config.fix_encoding:
        fixed, steps = ftfy.fix_encoding_and_explain(text, config)
        return fixed, list(steps or [])
    done: list[_Step] = []
    while True:
        if not text or text.isascii() or not is_bad(text):
            return text, done
        step = direct_step(text)
        if step is None:
            fixed, steps = ftfy.fix_encoding_and_explain(text, config)
            return fixed, done + list(steps or [])
        fixed, steps = step
        done.extend(steps)
        if fixed == text:
            return text, done
        text = fixed


@dataclass(frozen=True, slots=True)
class QuietTest:
    """A test for lines the encoding step provably leaves as they are (built by
    ``quiet_test``): the skip of its line loop.

    An ASCII line is quiet when it holds no character of ``ascii_triggers``. Another
    line is quiet when it holds no character of ``suspects`` (characters some repair
    acts on, the mojibake gate's single characters) and no match of ``pairs`` (the
    gate's pairs), when it is in ``normalization``'s form and, if the step also repairs
    the trimmed line (``trimmed``), when no whitespace stands at its edges. Each of
    these is one regex search at C speed, where the step's own tests take some ten
    calls and searches per line.
    """

    ascii_triggers: re.Pattern[str]
    suspects: re.Pattern[str]
    pairs: re.Pattern[str]
    normalization: str | None
    trimmed: bool

    def line(self, line: str) -> bool:
        """Whether the step leaves ``line`` as it is (False: it may not)."""
        if line.isascii():
            return self.ascii_triggers.search(line) is None
        if self.suspects.search(line) or self.pairs.search(line):
            return False
        if self.trimmed and (line[:1].isspace() or line[-1:].isspace()):
            return False
        form = self.normalization
        return form is None or unicodedata.is_normalized(form, line)  # type: ignore[arg-type]


@lru_cache(maxsize=16)
def quiet_test(
    ascii_triggers: frozenset[int],
    suspects: frozenset[int],
    pairs: re.Pattern[str],
    normalization: str | None,
    trimmed: bool,
) -> QuietTest:
    """The ``QuietTest`` for these code points (see there), its regexes compiled once.

    Examples:
        >>> from newsclean.filters import encoding as enc
        >>> quiet = enc.FixEncoding()._quiet()
        >>> assert quiet is not None
        >>> quiet.line("Zoë Brontë said “hello” in Córdoba"), quiet.line("Bidenâ€™s plan")
        (True, False)
        >>> quiet.line("Café &amp;"), quiet.line("Brontë’s")  # '&'; ë’ could start mojibake
        (False, False)
    """
    return QuietTest(
        re.compile(char_class(ascii_triggers)),
        re.compile(char_class(suspects)),
        pairs,
        normalization,
        trimmed,
    )
