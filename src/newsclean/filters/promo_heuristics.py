"""The promo step's heuristics for what no rule names: all-caps cross-link headlines and
calls to action; and ``Why``, the reason a line goes, which every part of the step gives."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal, NamedTuple

from ..linemodel import is_list_or_table

Strictness = Literal["conservative", "aggressive"]


class Why(NamedTuple):
    """Why a line goes (or loses a span): the fields of the ``Change`` it becomes.

    ``opens_list`` says the line is a heading under which a list of links follows (the
    rule's ``opens_list`` key in its pack)."""

    code: str
    rule: str
    detail: str = ""
    score: float | None = None
    opens_list: bool = False


_LETTER = re.compile(r"[^\W\d_]")
TERMINAL = re.compile(r"[.!?…][\"'”’)\]]*$")

# Calls to action: an imperative verb opening a short line, aimed at the reader.
_CTA_VERB = re.compile(
    r"^(?:[^\w\"“”‘’']{0,3})(?:click|tap|download|install|sign up|subscribe|register|follow|listen|"
    r"watch|share|join|get|read|like|download|visit|tune in|don't miss|find us|check out)\b",
    re.IGNORECASE,
)
_CTA_OBJECT = re.compile(
    r"\b(?:here|app|newsletter|podcast|inbox|our|us|free|now|today|below|link|channel|"
    r"alerts?|updates|subscribe|subscription|account|page|on (?:twitter|facebook|instagram|"
    r"youtube|tiktok|x|whatsapp|telegram|linkedin))\b",
    re.IGNORECASE,
)
# A pointer at written words the story goes on to quote (a post's caption, a statement),
# not at a player or a link.
_QUOTED_TEXT = re.compile(
    r"\b(?:caption|post|statement|letter|tweet|message|note|transcript|speech|essay)s?\b"
    r"[^.!?]{0,40}\b(?:below|above)\b",
    re.IGNORECASE,
)
QUOTE_MARKS = re.compile(r"[\"“”‘’]|'\s|\s'")
ATTRIBUTION = re.compile(
    r",\s+(?:[\w.'-]+\s){1,3}?"
    r"(?:said|says|joked|wrote|added|told|asked|tweeted|posted|warned|noted)\b"
)
# An all-caps headline is short, and speaks of no "I": longer all-caps lines are shouted
# quotes and posts. (Word overlap with the article does not tell a subhead from a
# cross-link: on the dev set the cross-links are to stories on the same topic.)
_HEADLINE_MAX_WORDS = 16
_FIRST_PERSON = re.compile(r"\b(?:I|ME|MY|I'M|I’M|MINE)\b")
# what a link's label asks of the reader ("READ MORE STORIES ON …:", "WATCH THE CLIP:")
_READER_ACTION = re.compile(
    r"\b(?:MORE|READ|WATCH|SIGN|GET|SCROLL|LISTEN|PHOTOS?|HERE|CLICK|SUBSCRIBE|SEE|VIEW|"
    r"FOLLOW|DOWNLOAD|JOIN|RELATED|VIDEOS?|ALSO|LATEST|TOP)\b"
)
# A headline does not end on a word that needs another after it; a credits label does.
_OPEN_ENDS = frozenset(
    [
        "BY",
        "OF",
        "THE",
        "A",
        "AN",
        "TO",
        "FOR",
        "WITH",
        "IN",
        "ON",
        "AND",
        "AT",
        "FROM",
        "INTO",
        "FEATURING",
        "FEAT.",
        "STARRING",
    ]
)
_MONTHS = (
    "JAN(?:UARY)?|FEB(?:RUARY)?|MAR(?:CH)?|APR(?:IL)?|MAY|JUNE?|JULY?|AUG(?:UST)?|"
    "SEPT?(?:EMBER)?|OCT(?:OBER)?|NOV(?:EMBER)?|DEC(?:EMBER)?"
)
_DATED = re.compile(rf"(?:(?:{_MONTHS})\.?\s+\d|\d{{1,2}}/\d{{1,2}}\b)")
_OPENERS = {'"': '"', "“": "”", "‘": "’", "'": "'", "*": "*", "(": ")", "[": "]"}
_FIGURE_LAST = re.compile(r"[$£€]?\d[\d,.]*%?\s*$")


def allcaps_headline_reason(line: str, min_words: int) -> Why | None:
    """Why ``line`` looks like an all-caps cross-link headline, or None.

    It must have ``min_words`` words or more, at least 12 letters, no lower-case
    letter, and no sentence-final punctuation (an all-caps quote ends in one).

    Examples:
        >>> allcaps_headline_reason("RUSSIA INVADES UKRAINE: LIVE UPDATES", 5).detail
        'words=5'
        >>> allcaps_headline_reason("“WE WILL NOT BACK DOWN.”", 5) is None
        True
        >>> allcaps_headline_reason("BASED ON CHARACTERS CREATED BY", 5) is None
        True
    """
    text = line.strip()
    if not text.isupper():  # C-fast: some cased letter, none of them lower case
        return None
    if is_list_or_table(text):
        return None  # "3. OLAPLEX HAIR PERFECTOR": an item of the article's own list
    words = text.split()
    if not min_words <= len(words) <= _HEADLINE_MAX_WORDS or TERMINAL.search(text[-8:]):
        return None
    if _FIRST_PERSON.search(text):
        return None  # "I LOVED HIM SO MUCH": someone's words in capitals, not a headline
    letters = _LETTER.findall(text)
    if len(letters) < 12 or any(ch != ch.upper() or ch == ch.lower() for ch in letters):
        return None
    if text[0] in _OPENERS and text[-1] == _OPENERS[text[0]]:
        return None  # a quote or an editor's note wrapped whole: "‘VERY TRICKY’", "*SPOILERS*"
    if text.endswith(":") and not _READER_ACTION.search(text):
        return None  # a lead-in or a speaker's label ("SEN. JANE DOE (R), OHIO:"), not a link
    if _DATED.match(text) or _FIGURE_LAST.search(text):
        return None  # a timeline entry ("JUNE 2016: …") or a table row ("FORD V FERRARI – 5")
    if words[-1].strip(",;–—-") in _OPEN_ENDS:
        return None  # a label that goes on in the next line ("BASED ON CHARACTERS CREATED BY")
    return Why("promo", "heuristic.allcaps-headline", f"words={len(words)}")


def call_to_action_reason(line: str, strictness: Strictness) -> Why | None:
    """Why ``line`` looks like a call to action no rule names, or None.

    Features: an imperative verb opens the line (``cta``), an object aimed at the
    reader follows (``object``: here, app, newsletter, on Twitter, …), the line is
    short (``short``: at most 12 words), no quotation marks (``unquoted``: required
    at any strictness, a quote is reporting), no sentence-final full stop
    (``no_stop``). Conservative needs all five; aggressive needs four, ``object``
    among them.

    Examples:
        >>> call_to_action_reason("Tap here to get alerts on your phone", "conservative").detail
        'cta+object+short+unquoted+no_stop'
        >>> call_to_action_reason("Click here, he said, and it was done.", "conservative") is None
        True
        >>> call_to_action_reason("Read her full caption below:", "conservative") is None
        True
    """
    text = line.strip()
    if not _CTA_VERB.match(text) or QUOTE_MARKS.search(text) or ATTRIBUTION.search(text):
        return None  # no imperative opening, or quoted or attributed: that is reporting
    if _QUOTED_TEXT.search(text):
        return None  # "Read her full caption below:": it leads into words the story quotes
    features = ["cta"]
    if _CTA_OBJECT.search(text):
        features.append("object")
    if len(text.split()) <= 12:
        features.append("short")
    if not QUOTE_MARKS.search(text):
        features.append("unquoted")
    if not text.endswith("."):
        features.append("no_stop")
    # conservative: every feature; aggressive: the verb aimed at the reader (object) and
    # one of short / no full stop
    needed = 5 if strictness == "conservative" else 4
    if len(features) < needed or "object" not in features:
        return None
    return Why("promo", "heuristic.call-to-action", "+".join(features))


# A cross-link behind a label in capitals ("PHOTOS: The couple's first year", "Up Next: …");
# case decides: "Photos: Getty" is a credit, "Video showed the suspect…" reporting. A line
# quoting a post ("pic.twitter.com", "(@handle)") is the post's, and stays.
_CAPS_LABEL = re.compile(
    r"(?:VIDEOS?|PHOTOS|RELATED PHOTOS|GALLERY|STORY|MUST SEE|MUST READ|UP NEXT|DON['’]T MISS|"
    r"Up Next|Must See|Must Read|Don['’]t Miss) ?[:|] ?\S"
)
_QUOTED_POST = re.compile(r"pic\.twitter\.com|\(@\w+\)")
CAPS_LABEL_FIRST = frozenset("VPRGSMUD")
_CAPS_LABEL_MAX_WORDS = 25


def caps_label_reason(line: str) -> Why | None:
    """``heuristic.caps-label`` when ``line`` is another story's title behind a label in
    capitals, at most 25 words, quoting no post.

    Examples:
        >>> caps_label_reason("PHOTOS: The couple's first year together").rule
        'heuristic.caps-label'
        >>> caps_label_reason("Photos: Jane Doe/Example Wire") is None
        True
    """
    m = _CAPS_LABEL.match(line)
    if m is None or len(line.split()) > _CAPS_LABEL_MAX_WORDS or _QUOTED_POST.search(line):
        return None
    label = line[: m.end() - 1].rstrip(" :|")
    return Why("promo", "heuristic.caps-label", label.upper().replace("’", "'"))


# A wiki's section heading carries its edit link's label: "Plot Edit", "History[edit]".
_EDIT_LABEL = re.compile(r"(?:(?<=\S)\s+Edit|\s*\[edit\])$")
#: Headings with an edit label a page needs before any loses it: one is a heading's word.
EDIT_LABELS_MIN = 2
_EDIT_HEADING_WORDS = 8


def wiki_edit_labels(lines: Sequence[str]) -> dict[int, str]:
    """The lines that are a wiki's section headings with their edit link's label glued on,
    each with what stays once the label goes (``heuristic.wiki-edit-label``).

    A heading is short (at most 8 words) and ends in no sentence punctuation; the label is
    the capitalised word "Edit" or "[edit]". A page needs at least two such headings:
    "Photo Edit" alone may be a heading of its own.

    Examples:
        >>> wiki_edit_labels(["Plot Edit", "The film opens in Rome.", "Cast Edit"])
        {0: 'Plot', 2: 'Cast'}
        >>> wiki_edit_labels(["History[edit]", "Founded in 1901.", "Legacy[edit]"])
        {0: 'History', 2: 'Legacy'}
        >>> wiki_edit_labels(["Photo Edit", "The app lets you crop a photo."])
        {}
    """
    found: dict[int, str] = {}
    for i, line in enumerate(lines):
        text = line.strip()
        if not text.endswith(("Edit", "]")) or len(text.split()) > _EDIT_HEADING_WORDS:
            continue
        label = _EDIT_LABEL.search(text)
        if label is None:
            continue
        rest = text[: label.start()].rstrip()
        if rest and not TERMINAL.search(rest) and _LETTER.search(rest):
            found[i] = line[: line.index(text)] + rest
    return found if len(found) >= EDIT_LABELS_MIN else {}


# A video player printed as one line: its "CLOSE" button, then the clip's description in
# mixed case ("CLOSE The singer opened up about her new sound. Example Network").
_VIDEO_CLOSE = re.compile(r"CLOSE [A-Z][a-z]")
_VIDEO_CLOSE_WORDS = 6
_GALLERY_BUTTONS = 2


def video_close_reason(line: str) -> Why | None:
    """Why ``line`` is a video player's or a CNN gallery's residue
    (``heuristic.gallery-residue``), or None: "CLOSE <the clip's description>", or
    "Photos: <title> …" holding the gallery's "Hide Caption N of M" buttons twice or more.

    Examples:
        >>> video_close_reason("CLOSE The mayor explains the plan. Example Network").detail
        'video_close'
        >>> video_close_reason("CLOSE CALL: The ferry nearly hit the pier on Sunday.") is None
        True
        >>> blob = "Photos: Bridges A bridge. Hide Caption 1 of 2 Another. Hide Caption 2 of 2"
        >>> video_close_reason(blob).detail
        'hide_caption'
    """
    if line.startswith("Photos: "):
        if line.count("Hide Caption ") >= _GALLERY_BUTTONS:
            return Why("promo", "heuristic.gallery-residue", "hide_caption")
        return None
    if _VIDEO_CLOSE.match(line) and len(line.split()) >= _VIDEO_CLOSE_WORDS:
        return Why("promo", "heuristic.gallery-residue", "video_close")
    return None


# An image widget's labels left on a caption ("Image zoom", NPR's "Enlarge this image
# toggle caption"): they go, the caption stays.
_WIDGET_LABEL = re.compile(
    r"(?:Image zoom|Enlarge this image(?: toggle caption)?|toggle caption)(?: +|$)"
)


def widget_label(line: str) -> tuple[Why, str | None] | None:
    """(reason, what stays) when ``line`` opens with an image widget's label, else None.

    Examples:
        >>> widget_label("Enlarge this image toggle caption Jane Doe/AP Jane Doe/AP")[1]
        'Jane Doe/AP Jane Doe/AP'
        >>> widget_label("Image zoom")[0].code
        'promo'
    """
    label = _WIDGET_LABEL.match(line)
    if label is None:
        return None
    rest = line[label.end() :]
    return Why("promo_span" if rest else "promo", "label", label.group().strip()), rest or None
