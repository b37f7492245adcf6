"""Caption text: credits, truncation and the per-line key the caption collapser compares.

Split out of ``captions`` so each reads in one sitting; nothing here knows about groups.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# -- credits -------------------------------------------------------------------------
# Credits are looked for in a line's last _TAIL characters only: each pattern is anchored
# at the end, and a bounded window keeps every search cheap whatever the line's length.
_TAIL = 160
_CREDIT_WORDS = 10
# A caption is a sentence or two: a line this long, or with this few words besides its
# credit, is reporting or a dateline, not a caption.
_CAPTION_MAX_WORDS = 80
_CAPTION_MIN_WORDS = 4
_TRAILING_CREDITS = (
    # "(NATO)", "(X via AP)", "(AP Photo/Evan Vucci)", "(Photo by X/Getty Images for Y)"
    re.compile(r"\s*\(([^()]{1,120})\)\s*$"),
    # "… Photo: X", "… Photograph: AFP via Getty", glued "…rabbitCredit: EPA"
    re.compile(
        r"(?:\s|(?<=[a-z0-9.]))(?:Mandatory Credit|Photo credit|Photograph|Photo|Picture|Image|"
        r"Credit|Source)\s?:\s?([^:]{1,80})$"
    ),
    # "… | Reuters", "… | Drew Angerer/Getty Images"
    re.compile(r"\s\|\s([^|]{1,80})$"),
    # "… 2019. REUTERS/Brendan McDermid", "… Aleppo. Thaer Mohammad/AFP/Getty Images":
    # capitalised words only, a slash, then the agency
    re.compile(r"(?<=[.!?\"”’])\s+((?:[A-Z][\w.'-]*\s){0,4}[A-Z][\w.'-]*/[A-Z][\w .'/-]{1,50})$"),
    # agency stamps: "…Nishijima)AP2014", "… - RTR4JDW4"
    re.compile(r"(?<=[)\].])\s*([A-Z]{2,6}\d{4})\s*$"),
    re.compile(r"\s-\s([A-Z]{3}[A-Z0-9]{4,8})\s*$"),
)


#: Try a credit pattern only on a line that holds the character it cannot match without
#: (``_may_end_in_credit``); False tries every pattern (the slow oracle; same split).
FAST_CREDIT = True


def _may_end_in_credit(k: int, base: str, start: int) -> bool:
    """Whether ``_TRAILING_CREDITS[k]`` can match ``base`` (no trailing space) from
    ``start``: the character each pattern needs, looked for with a plain string test
    (a regex anchored at the end is tried at every position of the window)."""
    if k == 0:  # "(...)" closes the line
        return base.endswith(")")
    if k == 1:  # "Photo: ...": the colon is followed by at most 81 characters
        return ":" in base[-82:]
    if k == 2:  # " | ...": likewise the bar
        return "|" in base[-82:]
    if k == 3:  # "Name/Agency"
        return "/" in base[start:]
    if k == 4:  # "AP2014": ends in a digit (\d: a Unicode decimal, a kind of isdigit)
        return base[-1:].isdigit()
    # " - RTR4JDW4": ends in a capital or a digit, after a hyphen
    last = base[-1:]
    return (last.isupper() or last.isdigit()) and "-" in base[start:]


def _has_credit_char(tail: str) -> bool:
    # five scans in C instead of a set of the tail's characters
    return "(" in tail or ")" in tail or "/" in tail or "|" in tail or ":" in tail


# Words that say a parenthesis or a line is a photo credit, not an aside.
_CREDIT_MARK = re.compile(
    r"\b(?:AP|AFP|EPA|Getty|Reuters|REUTERS|Photo|Photograph|Images?|via|Courtesy|Handout|"
    r"Pool|File|Shutterstock|Alamy|Bloomberg|Xinhua|PA|UPI|NATO|Press|Agency)\b"
)
# Lines that are only a credit ("Image copyright Getty Images", "Drew Angerer/Getty Images").
_CREDIT_LINE = re.compile(
    r"^(?:Image copyright\s.{1,60}"
    r"|\(?(?:Photo by\s)?[A-Z][\w.' -]{0,50}(?:/[\w.' -]{1,40}){1,3}\)?"
    r"|.{1,80}\svia (?:AP|Getty Images|Reuters|AFP)(?: Photo)?"
    r"|[^|]{1,40}\s\|\s[^|]{1,40}(?:\s\|\s[^|]{1,40})?)$"
)
# Caption labels at the start of a line: set aside for comparison, a caption signal.
_CAPTION_LABEL = re.compile(
    r"^(?:Image caption|Photo caption|Media caption|Caption)\s*:?\s*(?=\S)", re.IGNORECASE
)

# -- truncation and embeds ------------------------------------------------------------
_ELLIPSES = ("...", "…")
_WIDGET_WORDS = ("read more", "continue reading", "close", "expand")
# The ASCII characters a widget word (in any case) can end in; "" too.
_WIDGET_ENDS = "eEgGdD"
# An embed's signature line ("— Name (@handle) February 4, 2017"): repeated on purpose.
_SIGNATURE = re.compile(r"^\s*[—–]")
_WORD = re.compile(r"[^\W_]+")


def strip_truncation(line: str) -> str:
    """The line without a trailing ellipsis or widget word ("Read More", "Close").

    Plain string tests, not a regex anchored at the end (such a regex is retried at
    every position of the line), and at most a few rounds, so the cost stays linear.

    Examples:
        >>> strip_truncation("The storm hit the coast ... Read More")
        'The storm hit the coast'
    """
    text = line.rstrip()
    last = text[-1:]
    if last.isascii() and last not in _WIDGET_ENDS and not text.endswith("..."):
        return text  # no marker or widget word ends so (most lines: they end in ".")
    for _ in range(3):  # "… Read More", "Read More …": a marker and a widget word, or two
        before = text
        if text.endswith(_ELLIPSES):
            text = text.rstrip(" \t.…")  # the whole run of dots at once
        for word in _WIDGET_WORDS:
            cut = len(text) - len(word)
            if text[-len(word) :].casefold() == word and (cut == 0 or not text[cut - 1].isalnum()):
                text = text[:cut].rstrip()
        if text == before:
            break
    return text


def split_credit(text: str) -> tuple[str, str]:
    """Split ``text`` into (caption, trailing credit); the credit is ``""`` if none.

    Examples:
        >>> split_credit("Stoltenberg took questions Friday. (NATO)")
        ('Stoltenberg took questions Friday.', '(NATO)')
        >>> split_credit("Traders work on the floor. REUTERS/Brendan McDermid")
        ('Traders work on the floor.', 'REUTERS/Brendan McDermid')
    """
    base = text.rstrip()
    tail = base[-_TAIL:]
    # Every credit form holds one of these characters or ends in a capital or a digit;
    # most lines of reporting end in a full stop and need no regex at all.
    if not _has_credit_char(tail) and not (tail[-1:].isdigit() or tail[-1:].isupper()):
        return base, ""
    for _ in range(3):  # a line may carry a credit and a stamp: "(AP Photo/X)AP2014"
        start = max(0, len(base) - _TAIL)
        for k, pattern in enumerate(_TRAILING_CREDITS):
            if FAST_CREDIT and not _may_end_in_credit(k, base, start):
                continue
            m = pattern.search(base, start)
            if m is None or len(m.group(1).split()) > _CREDIT_WORDS:
                continue
            if m.start() == 0:
                continue  # the whole line: nothing would be left to compare
            base = base[: m.start()].rstrip()
            break
        else:
            break
    return base, text.rstrip()[len(base) :].strip()


def strip_credit(line: str) -> str:
    """The line with caption label, truncation marker and trailing credits set aside.

    Examples:
        >>> strip_credit("Image caption Stoltenberg took questions Friday. (NATO)")
        'Stoltenberg took questions Friday.'
    """
    return split_credit(_CAPTION_LABEL.sub("", strip_truncation(line)))[0]


def caption_signal(line: str) -> str | None:
    """Why ``line`` looks like a photo caption or credit, or None.

    Examples:
        >>> caption_signal("Stoltenberg took questions Friday. (AP Photo/Evan Vucci)")
        'credit'
        >>> caption_signal("Image copyright Getty Images")
        'credit_line'
        >>> caption_signal("He declined to comment.") is None
        True
    """
    text = line.strip()
    if not text:
        return None
    if _CAPTION_LABEL.match(text):
        return "caption_label"
    if len(text) <= 120 and _CREDIT_LINE.match(text) and _CREDIT_MARK.search(text):
        return "credit_line"
    if len(text.split()) > _CAPTION_MAX_WORDS:
        return None
    base, credit = split_credit(strip_truncation(text))
    if not credit or len(base.split()) < _CAPTION_MIN_WORDS:
        return None
    # A credit names an agency or a photo, or is all capitalised names: "(NATO)",
    # "(Zaporizhzhia Nuclear Plant)". A lower-case aside "(he said)" is not one.
    if _CREDIT_MARK.search(credit) or all(w[:1].isupper() for w in _WORD.findall(credit)):
        return "credit"
    return None


_AGENCIES = (
    r"getty(?: images?)?(?: (?:for|entertainment|sport|news)\b[\w .'’-]{0,40})?|shutterstock|alamy"
    r"|ap(?: photo)?|reuters|afp|epa|pa(?: images| wire| archive| media)?|splash news|backgrid"
    r"|mega|wireimage|filmmagic|rex|invision|zuma(?: press| wire)?|x17online|instagram|twitter"
)
# Lines that are a photo credit and nothing else, in the forms no other test names:
# "Getty Images", "Jane Doe/WireImage", "Photo Credit: Jane Doe", "(Image: PA) (Image: Getty)",
# "Featured image via Example", "via GIPHY".
_CREDIT_ONLY = re.compile(
    rf"(?:(?:photo|image|picture)s?(?: credit)?\s*:\s*)?(?:[\w.'’ -]{{1,40}}/\s?)?(?:{_AGENCIES})"
    r"|(?:(?:(?:photo|image|picture|pic)s? )?credit|(?:photo|image|picture|pic)s? source)"
    r"\s*:\s*\S.{0,60}"
    r"|(?:\((?:image|photo|picture|pic)s?(?: credit)?:\s*[^()]{2,60}\)\s*){1,4}"
    r"|(?:featured|top|header|lead|feature) (?:image|photo)(?: credit)?\s?"
    r"(?:via|by|:|credit:?|courtesy of)\s?\S.{0,80}"
    r"|(?:gif )?via (?:giphy|tumblr|imgur|tenor|gfycat)\.?",
    re.IGNORECASE,
)


def credit_only(line: str) -> bool:
    """True when ``line`` is a photo credit and nothing else (``captions="drop"`` removes it).

    Examples:
        >>> credit_only("Getty Images"), credit_only("Photo Credit: Jane Doe/Example")
        (True, True)
        >>> credit_only("Getty Images said it would appeal.")
        False
    """
    text = line.strip()
    return len(text) <= 120 and _CREDIT_ONLY.fullmatch(text) is not None


@dataclass(frozen=True, slots=True)
class LineKey:
    """What the matcher knows about one line."""

    base: str  # label, truncation and credit set aside
    folded: tuple[str, ...]  # the base's words, case folded
    key: str  # " ".join(folded)
    credit: bool  # a trailing credit was set aside
    truncated: bool  # the line ended in an ellipsis or "Read More"


def analyse(line: str) -> LineKey:
    """Set aside what differs between copies, and fold case and punctuation."""
    whole = strip_truncation(line)
    truncated = whole != line.rstrip()
    if whole[:1] in "IiPpCcMm":  # only then can a caption label start the line
        whole = _CAPTION_LABEL.sub("", whole)
    base, credit = split_credit(whole)
    folded = tuple(_WORD.findall(base.casefold()))
    if truncated and any(whole.endswith(e) for e in _ELLIPSES) and folded:
        folded = folded[:-1]  # the last word of a cut copy may itself be cut
    return LineKey(base, folded, " ".join(folded), bool(credit), truncated)
