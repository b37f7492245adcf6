"""Line templates: a line with its variable parts (numbers, times, dates, month and day
names, prices, counts, units of time) replaced by classes, and the regular expression a
template makes. Learning counts lines by template, so ``Updated 3:45 PM EST, March 3``
and ``Updated 11:02 AM EDT, April 19`` are one line, and its rule catches every date."""

from __future__ import annotations

import re

from .common import line_key


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_MONTHS = _words(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
)
_DAYS = _words(
    "monday tuesday wednesday thursday friday saturday sunday "
    "mon tue tues wed thu thur thurs fri sat sun"
)
_ZONES = _words("et est edt ct cst cdt mt mst mdt pt pst pdt gmt utc bst cet cest ist aest aedt")
_UNITS = _words(
    "second seconds sec secs minute minutes min mins hour hours hr hrs day days "
    "week weeks month months year years yr yrs"
)
# A number as line_key leaves it (digits as one 0), maybe with a short suffix: 3rd, 1.2k…
_NUMBER = re.compile(r"0[a-z]{0,3}")

NUM, NUMX, MONTH, DAY, AMPM, ZONE, UNIT = (
    "<num>",
    "<numx>",
    "<month>",
    "<day>",
    "<ampm>",
    "<zone>",
    "<unit>",
)
WORD = "<word>"
URL = "<url>"
CLASSES: dict[str, str] = {
    # one number or a run of them: 4.99, 1,234, 3:45, 2026-03-01, "3, 2026"
    NUM: r"\d[\d\s.,:/-]*",
    NUMX: r"\d[\d\s.,:/-]*[a-z]{1,3}",  # 3rd, 1.2k, 10am
    MONTH: "(?:" + "|".join(sorted(_MONTHS, key=lambda m: (-len(m), m))) + ")",
    DAY: "(?:" + "|".join(sorted(_DAYS, key=lambda d: (-len(d), d))) + ")",
    AMPM: r"[ap]\W{0,2}m",
    ZONE: "(?:" + "|".join(sorted(_ZONES, key=lambda z: (-len(z), z))) + ")",
    UNIT: "(?:" + "|".join(sorted(_UNITS, key=lambda u: (-len(u), u))) + ")",
    WORD: r"[^\s\d]+",  # one word that varies (a section's name, a person's)
    URL: r"(?:https?\W+|www\.)\S+",
}
_NUMERIC = (NUM, NUMX, AMPM)
_NAMED = _MONTHS | _DAYS  # the classes a line without a number can hold


# A web address: its path differs in every article ("Read it at https://x.com/a-slug").
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"]+", re.IGNORECASE)
_URL_WORD = "qqurlqq"  # what a web address becomes before line_key (letters only: kept)


def template_of(line: str) -> str:
    """The template of a line: its ``line_key`` words, each variable part as a class.

    Examples:
        >>> template_of("Updated 3:45 p.m. EST, Tuesday, March 3, 2026")
        'updated <num> <ampm> <zone> <day> <month> <num>'
        >>> template_of("Photo 3 of 12")
        'photo <num> of <num>'
        >>> template_of("Join 1.2K readers: just $4.99/month")
        'join <numx> readers just <num> <unit>'
        >>> template_of("Read it at https://www.planet.com/news/2026/03/a-slug-of-words")
        'read it at <url>'
    """
    if "://" in line or "www." in line.casefold():
        line = _URL.sub(f" {_URL_WORD} ", line)
    return generalise(line_key(line))


def generalise(key: str) -> str:
    """``template_of`` for a key that is ``line_key``'s output already (or a template)."""
    words = key.split()
    if "0" not in key and _NAMED.isdisjoint(words) and _URL_WORD not in key:
        return key  # the common case: nothing variable
    out: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        after_number = bool(out) and out[-1] in _NUMERIC
        if word == _URL_WORD:
            out.append(URL)
        elif _NUMBER.fullmatch(word):
            # a run of numbers (3:45 is "0 0"; $1,299.00 is "0 0 0") is one number
            while i + 1 < len(words) and _NUMBER.fullmatch(words[i + 1]):
                i += 1
            out.append(NUMX if words[i] != "0" else NUM)
        elif word in ("a", "p") and i + 1 < len(words) and words[i + 1] == "m" and after_number:
            out.append(AMPM)  # "p.m." is the two words "p m"
            i += 1
        elif word in ("am", "pm") and after_number:
            out.append(AMPM)
        elif word in _ZONES and (after_number or out[-1:] == [AMPM]):
            out.append(ZONE)
        elif word in _UNITS and (after_number or out[-1:] in (["a"], ["an"], ["per"])):
            out.append(UNIT)
        elif word in _MONTHS:
            out.append(MONTH)
        elif word in _DAYS:
            out.append(DAY)
        else:
            out.append(word)
        i += 1
    return " ".join(out)


def has_words(template: str) -> bool:
    """Whether a rule can safely name the template's lines: it holds a word of its own,
    or it is a date (a month or day name and something more: a dateline). A line of
    numbers and symbols only says nothing a rule could name.

    Examples:
        >>> has_words("updated <month> <num>"), has_words("<day> <month> <num>")
        (True, True)
        >>> has_words("<num>"), has_words("<num> <num>")
        (False, False)
    """
    words = template.split()
    if any(w not in CLASSES and re.search(r"[^\W\d_]", w) for w in words):
        return True
    return len(words) >= 2 and bool({MONTH, DAY} & set(words))


def template_pattern(template: str) -> str:
    """The regular expression of a template, for a whole line as the rule matcher sees it
    (case folded): its words in order, any punctuation or spacing between them, each
    class as its expression, a digit inside a word as any number.

    Examples:
        >>> import re
        >>> p = template_pattern(template_of("Updated 3:45 PM, March 3"))
        >>> bool(re.fullmatch(p, "updated 11:02 am, april 19"))
        True
    """
    parts = []
    for word in template.split():
        if word in CLASSES:
            parts.append(CLASSES[word])
        else:
            parts.append(r"\d+".join(re.escape(p) for p in word.split("0")))
    return r"\W*" + r"\W+".join(parts) + r"\W*"


def one_slot_apart(a: str, b: str) -> bool:
    """Whether two templates of the same length differ in one or two words only, and
    share more words than they differ in (at least two): a slot that varies, such as
    a section's or a reporter's name.

    Examples:
        >>> one_slot_apart("more politics news from the ledger", "more sports news from the ledger")
        True
        >>> one_slot_apart("sign up now", "log in now")
        False
    """
    wa, wb = a.split(), b.split()
    if len(wa) != len(wb) or len(wa) < 3:
        return False
    differ = sum(x != y for x, y in zip(wa, wb, strict=True))
    return 0 < differ <= 2 and len(wa) - differ >= max(2, differ + 1)


def merge_slots(templates: list[str]) -> list[str]:
    """Templates with their varying slots made classes: three or more templates of one
    length that agree but in one or two places, each a plain word in all of them, become
    one template with ``<word>`` there, so a section or a name not seen yet is caught too.
    Others are kept as they are (in order; a merged one stands where its first was).

    Examples:
        >>> merge_slots(["more politics news", "more sports news", "more crime news", "x y"])
        ['more <word> news', 'x y']
    """
    by_length: dict[int, list[str]] = {}
    for t in templates:
        by_length.setdefault(len(t.split()), []).append(t)
    merged: dict[str, str] = {}
    for group in by_length.values():
        if len(group) < 3:
            continue
        rows = [t.split() for t in group]
        slots = [i for i in range(len(rows[0])) if len({r[i] for r in rows}) > 1]
        plain = all(r[i] not in CLASSES and r[i].isalpha() for r in rows for i in slots)
        if plain and 0 < len(slots) <= 2 and len(rows[0]) - len(slots) >= 2:
            one = " ".join(WORD if i in slots else w for i, w in enumerate(rows[0]))
            merged.update(dict.fromkeys(group, one))
    return list(dict.fromkeys(merged.get(t, t) for t in templates))
