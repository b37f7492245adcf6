"""The body of a cleaned article, as deduplication compares it: the page's furniture
(headline, byline, dateline, time stamp, photo caption, newsletter, related-story and tag
lines, very short lines) left out, because a syndicated copy prints another outlet's
furniture around the same story."""

from __future__ import annotations

import re

from .common import WORD

#: Lines with fewer words are furniture (headlines, bylines, labels, link lists).
MIN_LINE_WORDS = 8

# A dateline opening the first paragraph: "WASHINGTON (AP) — ", "LONDON, Jan 3 (Reuters) - ",
# "BESU — ". The place is in capitals or followed by the outlet in brackets.
_DATELINE = re.compile(
    r"^\s*(?:[A-Z][A-Z.'’\- ]{1,40}(?:,[A-Za-z0-9.'’ ]{1,30})?(?:\s*\([^()\n]{1,40}\))?"
    r"|[A-Z][A-Za-z.'’\- ]{1,40}(?:,[A-Za-z0-9.'’ ]{1,30})?\s*\([^()\n]{1,40}\))"
    r"\s*[—–-]{1,2}\s+"
)
# A byline or a time stamp: "By Jane Roe", "Jane Roe, Staff Writer", "Reuters | Jane Roe",
# "Published 3:14 p.m. Feb. 6, 2026", "Updated: 2026-01-03".
_BYLINE = re.compile(
    r"^\s*(?:by\s|(?:published|updated|posted|last updated)\b|[^|\n]{1,40}\|)"
    r"|(?:staff writer|correspondent|reporter|contributor)\s*$",
    re.IGNORECASE,
)
# Newsletter, subscription, app and copyright lines.
_SIGNUP = re.compile(
    r"\b(?:newsletters?|subscribe|subscription|sign up|unlimited access|inbox|"
    r"download (?:the|our)|get the \w+(?: \w+)? app|all rights reserved|"
    r"contributed to this report)\b",
    re.IGNORECASE,
)
# A photo caption ends with its credit: "(AP Photo/Jane Roe)", "(Getty Images)".
_CREDIT = re.compile(
    r"\([^()\n]{0,60}\b(?:photo|photograph|image|images|file|credit|video)\b[^()\n]{0,60}\)\W*$",
    re.IGNORECASE,
)
_END = re.compile(r"[.!?\"”’')\]]\s*$")


def furniture_reason(line: str, words: int) -> str | None:
    """Why a line of a cleaned page is furniture, or None for a line of the story.

    Examples:
        >>> furniture_reason("By Jane Roe, Associated Press", 5)
        'short'
        >>> furniture_reason("Sign up for our morning newsletter to get the top stories first.", 11)
        'signup'
        >>> line = "The council voted on Tuesday to close the old bridge for repairs."
        >>> furniture_reason(line, 12) is None
        True
    """
    if words < MIN_LINE_WORDS:
        return "short"
    if words <= 40 and _BYLINE.search(line):
        return "byline"
    if words <= 40 and _SIGNUP.search(line):
        return "signup"
    if words <= 60 and _CREDIT.search(line):
        return "caption"
    if words < 20 and not _END.search(line):
        return "headline"  # a headline or a label: no sentence ends here
    return None


def body_text(text: str) -> str:
    """The story told by a cleaned page: its lines without furniture, the dateline cut
    from the first of them, joined by newlines ("" when nothing is left).

    Examples:
        >>> page = (
        ...     "Bridge Closed For Repairs\\n\\nBy Jane Roe\\n\\n"
        ...     "SPRINGFIELD (AP) — The council voted on Tuesday to close the old bridge for "
        ...     "repairs.\\n\\nSign up for our newsletter to get the top stories every morning."
        ... )
        >>> body_text(page)
        'The council voted on Tuesday to close the old bridge for repairs.'
    """
    kept: list[str] = []
    for line in text.splitlines():
        words = len(WORD.findall(line))
        if not words or furniture_reason(line, words) is not None:
            continue
        if not kept:
            line = _DATELINE.sub("", line, count=1)
        kept.append(line)
    return "\n".join(kept)
