"""A press release's "About <organisation>" block: its heading and the description under it.

Press releases end on a block per organisation: a heading ("About Example Health") and a
line that says what the organisation is ("Example Health is a nonprofit network of …").
Both go (``heuristic.about-block``). The heading alone is no evidence ("About the Study",
"About Irritable Bowel Syndrome" open sections of reporting), so the block needs both:
the line under the heading opens with the heading's name and says the name is an
organisation, a company, a university, a journal…
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .list_runs import next_text

_HEADING = re.compile(r"about (?:the )?([\w&.,'’ -]{2,60}?):?", re.IGNORECASE)
_HEADING_MAX_WORDS = 8
_WHAT = re.compile(
    r"\b(?:is|are) (?:a|an|the|one of the)\b[^.]{0,80}\b(?:organi[sz]ations?|company|companies"
    r"|institute|hospital|universit(?:y|ies)|associations?|society|journal|cent(?:er|re)"
    r"|foundation|network|system|leader|provider|nonprofit|not-for-profit|publisher|charity"
    r"|council|college|clinic|agency|group|firm)\b",
    re.IGNORECASE,
)
# ... or says what the organisation does as only a business does ("delivers", "operates",
# "headquartered in", a stock ticker): a disease or a drug under "About X" does none of it
_DOES = re.compile(
    r"^.{0,100}?\b(?:delivers|operates|manufactures|designs|serves"
    r"|conducts and supports|develops and (?:produces|markets|commercializes|manufactures)"
    r"|(?:is|are) headquartered|headquartered in|was founded in|founded in \d{4}|"
    r"\((?:NYSE|NASDAQ|Nasdaq|TSE|LSE|TSX|OTC\w*): ?[\w.]{1,8}\))",
)


def about_blocks(lines: Sequence[str]) -> dict[int, str]:
    """The indexes of ``lines`` that are an "About <organisation>" block, each with its
    part (``heading`` or ``description``). A page's first line is never a heading.

    Examples:
        >>> page = ["Body.", "About Example Health", "",
        ...         "Example Health is a nonprofit network of clinics in Ohio."]
        >>> about_blocks(page)
        {1: 'heading', 3: 'description'}
        >>> about_blocks(["Body.", "About the Study", "The trial enrolled 400 adults."])
        {}
        >>> about_blocks(["Body.", "About Example Disease",
        ...               "Example disease is common. It is a leading cause of a group of ills."])
        {}
        >>> about_blocks(["Body.", "About Example Corp.",
        ...               "Example Corp. (NYSE: EXC), headquartered in Ohio, delivers power."])
        {1: 'heading', 2: 'description'}
        >>> about_blocks(["Body.", "About Parkinson's", "Parkinson's develops slowly."])
        {}
    """
    out: dict[int, str] = {}
    first = next((i for i, line in enumerate(lines) if line.strip()), -1)
    for i, line in enumerate(lines):
        if i == first or line[:8].lstrip()[:5].lower() != "about":
            continue  # a paragraph is never stripped whole here: the test reads its start
        text = line.strip()
        if len(text.split()) > _HEADING_MAX_WORDS:
            continue
        heading = _HEADING.fullmatch(text)
        if heading is None:
            continue
        j = next_text(lines, i)
        if j < 0:
            continue
        name = " ".join(heading.group(1).split()[:2])
        below = lines[j].strip()
        # the line opens with the heading's name as the heading writes it ("Lung cancer is …"
        # under "About Lung Cancer" is a section of reporting), or in capitals
        rest = below[4:] if below[:4].casefold() == "the " else below
        opened = rest[: len(name)]
        if not (opened == name or opened.isupper() or name.isupper()):
            continue
        if opened.casefold() != name.casefold():
            continue
        if _WHAT.search(below) or _DOES.search(below):
            out[i] = "heading"
            out[j] = "description"
    return out
