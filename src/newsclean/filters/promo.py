"""Promo and boilerplate lines: rule packs kept as data, plus a conservative
heuristic for the all-caps cross-link headlines some outlets print between paragraphs."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..errors import require
from ..model import Doc
from ..pipeline import LineContext, LineEdit, apply_line_filter
from ..rules import RuleMatcher, load_pack, validate_disabled

DEFAULT_PACKS: tuple[str, ...] = ("generic", "foxnews")

_LETTER = re.compile(r"[^\W\d_]")
_TERMINAL = re.compile(r"[.!?…][\"'”’)\]]*$")


@lru_cache(maxsize=32)
def compiled_rules(packs: tuple[str, ...], disabled_rules: frozenset[str]) -> RuleMatcher:
    """Load and compile packs once per distinct option set (rules, not documents)."""
    loaded = [load_pack(ref) for ref in packs]
    validate_disabled(disabled_rules, loaded)
    return RuleMatcher.build(loaded, disabled=disabled_rules)


def allcaps_headline_reason(line: str, min_words: int) -> str | None:
    """Why ``line`` looks like an all-caps cross-link headline, or None.

    It must have ``min_words`` words or more, at least 12 letters, no lower-case
    letter, and no sentence-final punctuation (an all-caps quote ends in one).

    >>> allcaps_headline_reason("RUSSIA INVADES UKRAINE: LIVE UPDATES", 5)
    'promo:heuristic.allcaps-headline:words=5'
    >>> allcaps_headline_reason("“WE WILL NOT BACK DOWN.”", 5) is None
    True
    """
    text = line.strip()
    words = text.split()
    if len(words) < min_words or _TERMINAL.search(text):
        return None
    letters = _LETTER.findall(text)
    if len(letters) < 12 or any(ch != ch.upper() or ch == ch.lower() for ch in letters):
        return None
    return f"promo:heuristic.allcaps-headline:words={len(words)}"


@dataclass(frozen=True, slots=True, kw_only=True)
class DropPromoLines:
    """Drop whole lines that a rule pack names as promo or that the all-caps
    headline heuristic catches.

    ``packs`` are built-in pack names or paths to TOML packs; ``disabled_rules``
    holds rule ids or families to switch off. ``allcaps_headlines`` turns the
    heuristic on (``min_headline_words`` words or more).

    >>> from newsclean.model import Doc
    >>> DropPromoLines()(Doc.from_text("CLICK HERE TO GET THE FOX NEWS APP")).changes[0].reason
    'promo:foxnews.app-download'
    """

    name: str = "drop_promo"
    packs: tuple[str, ...] = DEFAULT_PACKS
    disabled_rules: frozenset[str] = frozenset()
    allcaps_headlines: bool = True
    min_headline_words: int = 5

    def __post_init__(self) -> None:
        if isinstance(self.packs, list):  # accept a list, keep a hashable tuple
            object.__setattr__(self, "packs", tuple(self.packs))
        if isinstance(self.disabled_rules, list | set | tuple):
            object.__setattr__(self, "disabled_rules", frozenset(self.disabled_rules))
        require(
            isinstance(self.packs, tuple) and all(isinstance(p, str) and p for p in self.packs),
            "DropPromoLines",
            "packs",
            "a list of pack names or paths",
            self.packs,
        )
        require(
            isinstance(self.disabled_rules, frozenset)
            and all(isinstance(r, str) for r in self.disabled_rules),
            "DropPromoLines",
            "disabled_rules",
            "a set of rule ids or families",
            self.disabled_rules,
        )
        require(
            isinstance(self.allcaps_headlines, bool),
            "DropPromoLines",
            "allcaps_headlines",
            "True or False",
            self.allcaps_headlines,
        )
        require(
            type(self.min_headline_words) is int and self.min_headline_words >= 1,
            "DropPromoLines",
            "min_headline_words",
            "a whole number of at least 1",
            self.min_headline_words,
        )

    def edit_line(self, line: str, context: LineContext) -> LineEdit | None:
        if not line or line.isspace():
            return None
        rule = compiled_rules(self.packs, self.disabled_rules).match(line)
        if rule is not None:
            return LineEdit(None, f"promo:{rule.id}")
        if self.allcaps_headlines:
            reason = allcaps_headline_reason(line, self.min_headline_words)
            if reason is not None:
                return LineEdit(None, reason)
        return None

    def __call__(self, doc: Doc) -> Doc:
        compiled_rules(self.packs, self.disabled_rules)  # fail early on a bad pack
        return apply_line_filter(self, doc)
