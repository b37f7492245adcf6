"""The blocks that close a page: a press release's "About <organisation>" block, the
writer's bio (``author_bios``), questions to the reader (``closing_questions``) and other
stories' headlines (``headline_runs``).

A press release's "About <organisation>" block: its heading and the description under it.

Press releases end on a block per organisation: a heading ("About Example Health") and a
line that says what the organisation is ("Example Health is a nonprofit network of …").
Both go (``heuristic.about-block``). The heading alone is no evidence ("About the Study",
"About Irritable Bowel Syndrome" open sections of reporting), so the block needs both:
the line under the heading opens with the heading's name and says the name is an
organisation, a company, a university, a journal… A heading whose name itself ends on such a
word ("About Example Cancer Center", "About Example Labs Inc.") needs only a line under it
that names it.

What follows the last block to the page's end is the release's closing matter (more about
the organisation, media contacts, "###", "SOURCE …"): a short line goes (under 8 words, or
under 25 without a sentence's end), and a longer one while it names the organisation (by
the first two words of the last "About …" heading above it). The first longer line that
does not ends the run, and the short lines right above it (its heading, "References:")
stay with it (detail ``tail``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from .list_runs import next_text
from .promo_heuristics import Why

_HEADING = re.compile(r"about (?:the )?([\w&.,'’®™ -]{2,60}?):?", re.IGNORECASE)
# what a name carries besides its words ("Example®", "Example, Inc.")
_NAME_MARKS = re.compile(r"[®™]|,? Inc\.?$")
# an opening phrase before the name ("Founded in 1960, Example Pizza is …")
_OPENING = re.compile(r"[^,]{3,100}, (?:the )?", re.IGNORECASE)
_HEADING_MAX_WORDS = 8
_WHAT = re.compile(
    r"\b(?:is|are|has been) (?:a|an|the|one of the)\b[^.]{0,80}\b(?:organi[sz]ations?|company"
    r"|companies|institute|hospital|universit(?:y|ies)|associations?|society|journal|cent(?:er|re)"
    r"|foundation|network|system|leader|provider|nonprofit|not-for-profit|publisher|charity"
    r"|council|college|clinic|agency|group|firm|developer|manufacturer|supplier|innovator"
    r"|pioneer|school|trust|congress|publication|institution)\b",
    re.IGNORECASE,
)
# ... or says what the organisation does as only a business does ("delivers", "operates",
# "headquartered in", a stock ticker): a disease or a drug under "About X" does none of it
_DOES = re.compile(
    r"^.{0,100}?\b(?:delivers|operates|manufactures|designs|serves"
    r"|conducts and supports|develops and (?:produces|markets|commercializes|manufactures)"
    r"|(?:is|are) headquartered|headquartered in|was founded in|founded in \d{4}"
    r"|established in \d{4}|(?:is|are) committed to|(?:is|are) focused on"
    r"|exists to|transforms lives|brings together|we are working|represents more than|"
    r"\((?:NYSE|NASDAQ|Nasdaq|TSE|LSE|TSX|OTC\w*): ?[\w.]{1,8}\))",
)

# a name that says by its last word that it is an organisation ("Example Cancer Center")
_ORG_NAME = re.compile(
    r"\b(?:center|centre|clinic|hospital|institute|university|college|foundation"
    r"|association|society|guild|council|inc\.?|corp\.?|corporation|company|group|llc"
    r"|ltd\.?|network|agency|laboratories|labs|partners|productions|studios|alliance"
    r"|coalition|organi[sz]ation|academy|federation|league|museum)$",
    re.IGNORECASE,
)
#: A line of the closing matter with fewer words, or with fewer and no sentence's end, is
#: short (a contact, "###", "SOURCE Example"): it goes without naming anyone.
_TAIL_SENTENCE_WORDS = 8
_TAIL_SHORT_WORDS = 25
_ENDS = '.!?"”'
#: How far into a line under an organisation's heading its name is looked for.
_NAMED_WITHIN = 250
#: A reference in the release's notes ("1 Example et al. Journal, 2015."): reporting's source.
_CITATION = re.compile(r"\bet al\b|\bdoi[:.]|^\[?\d{1,2}\]?\.?\s*[A-Z].*\b(?:19|20)\d\d\b")


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
        >>> about_blocks(["Body.", "About Example Cancer Center",
        ...               "As a leading institution, Example Cancer Center treats 9,000 people.",
        ...               "Media contact: Jane Doe", "###"])
        {1: 'heading', 2: 'description', 3: 'tail', 4: 'tail'}
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
        full = _NAME_MARKS.sub("", heading.group(1)).strip()
        name = " ".join(full.split()[:2])
        below = lines[j].strip()
        plain = below.replace("®", "").replace("™", "")
        lead = _OPENING.match(plain)
        named = (
            _opens_with(plain, name)
            or (lead is not None and _opens_with(plain[lead.end() :], name))
            or (name.isupper() and name.isalpha() and f"({name})" in plain[:_NAMED_WITHIN])
        )
        if (named and (_WHAT.search(below) or _DOES.search(below))) or _org_heading(
            heading.group(1).strip(), below
        ):
            out[i] = "heading"
            out[j] = "description"
    if out:
        _closing_matter(lines, out)
    return out


def _opens_with(text: str, name: str) -> bool:
    """Whether ``text`` opens with ``name`` as the heading writes it ("Lung cancer is …" under
    "About Lung Cancer" is a section of reporting), or in capitals; a "The " before it is
    allowed."""
    rest = text[4:] if text[:4].casefold() == "the " else text
    opened = rest[: len(name)]
    return opened.casefold() == name.casefold() and (
        opened == name or opened.isupper() or name.isupper()
    )


def _org_heading(name: str, below: str) -> bool:
    """Whether a heading's ``name`` (of two words or more, capitalised) says by its last
    word that it is an organisation, and the line under it (``below``) names it."""
    words = name.split()
    return (
        len(words) >= 2
        and words[0][:1].isupper()
        and _ORG_NAME.search(name) is not None
        and words[0] in below[:_NAMED_WITHIN]
    )


def _closing_matter(lines: Sequence[str], out: dict[int, str]) -> None:
    """Mark, in ``out``, the lines after the last block's description that close the
    release (see the module's docstring)."""
    last = max(i for i, part in out.items() if part == "description")
    heading = max(i for i, part in out.items() if part == "heading" and i < last)
    found = _HEADING.fullmatch(lines[heading].strip())
    name = " ".join(found.group(1).split()[:2]) if found is not None else ""
    j = next_text(lines, last)
    shorts: list[int] = []  # the short lines taken since the last long one
    while j >= 0:
        if j not in out:
            text = lines[j].strip()
            n = len(text.split())
            short = n < _TAIL_SENTENCE_WORDS or (n < _TAIL_SHORT_WORDS and text[-1] not in _ENDS)
            if (short or (name and name in text)) and _CITATION.search(text):
                for k in shorts:  # a reference the run would take: it stays, with its heading
                    del out[k]
                shorts = []
                j = next_text(lines, j)
                continue
            if short:
                shorts.append(j)
            elif name and name in text:
                shorts = []
            else:  # reporting goes on: the short lines above it head it, and stay
                for k in shorts:
                    del out[k]
                return
            out[j] = "tail"
            another = _HEADING.fullmatch(text) if text[:5].lower() == "about" else None
            if another is not None:  # the next organisation's block: its name counts now
                name = " ".join(another.group(1).split()[:2])
        j = next_text(lines, j)


# "Jane Doe is a freelance writer based in Ohio.", "— John Q. Doe is the culture editor at
# Example.com.", "Doe is a writer covering …": a name (one to four capitalised words; not a
# pronoun or an article), then what the writer is, with no list of professions before it
# ("an American comedian, writer, host": a celebrity's description, which is reporting)
_BIO = re.compile(
    r"(?:[—–-]+ ?)?(?!(?:The|This|That|These|It|Its|Our|A|An|He|She|They|We|I|You"
    r"|Everyone|Everybody|Nobody|No one|Someone|Somebody|Anyone|Anybody|Each|Every|One)\b)"
    r"(?:[A-Z][\w.'’-]*\.? ){0,3}[A-Z][\w'’-]+,? is (?:a|an|the)\b[^.;,]{0,60}?"
    r"\b(?:writer|editor|reporter|journalist|correspondent|columnist|contributor|blogger"
    r"|freelancer|critic|co-author)s?\b(?: (?:at|for|of|with|based|from|who|and|in|\w+ing)\b|[,.])"
)
#: The page's last lines looked at for a bio, and the fewest non-blank lines a page needs.
_BIO_REACH = 3
_BIO_MIN_LINES = 5
_BIO_MAX_WORDS = 80
#: A line after the bio with fewer words and no sentence's end, or one that points at the
#: writer's accounts ("Follow her @jdoe", "Follow her on Twitter."), is stepped over.
_BIO_AFTER_WORDS = 12
_FOLLOW = re.compile(r"@|\bfollow\b", re.IGNORECASE)


def author_bios(lines: Sequence[str]) -> dict[int, str]:
    """The writer's bio closing a page: a last line (or one followed only by short lines
    that are no sentence of reporting, of the page's last ``_BIO_REACH``) that opens with
    a name and says the person is a writer, an editor, a reporter, a columnist…
    (``heuristic.author-bio``, detail ``last_lines``). Never one of a page's first three
    lines, nor on a page of fewer than five lines; a line quoting someone is reporting,
    and so is the bio of someone named above it (not in a "By …" byline): the story is
    about the person.

    Examples:
        >>> page = ["Body one.", "Body two.", "Body three.", "Body four.",
        ...         "Jane Doe is a freelance writer based in Ohio.", "Follow her @jdoe"]
        >>> author_bios(page)
        {4: 'last_lines'}
        >>> author_bios(page[:4] + ["Jane Doe is an American comedian, writer and host."])
        {}
    """
    filled = [i for i, line in enumerate(lines) if line.strip()]
    if len(filled) < _BIO_MIN_LINES:
        return {}
    out: dict[int, str] = {}
    for i in reversed(filled[-_BIO_REACH:]):
        if i <= filled[2]:
            break
        text = lines[i].strip()
        n = len(text.split())
        bio = _BIO.match(text)
        if bio is not None and _named_above(lines, i, bio.group(0)):
            break  # the story is about this person: reporting
        if bio is not None and _STUDY_AUTHOR.search(text[: bio.end() + 40]):
            break  # a co-author of the study the story reports: reporting
        if n <= _BIO_MAX_WORDS and bio is not None and not _QUOTED.search(text[:60]):
            out[i] = "last_lines"
        elif n >= _BIO_AFTER_WORDS or (text[-1] in _ENDS and not _FOLLOW.search(text)):
            break  # reporting after it: the line above is not the page's closing bio
    return out


_QUOTED = re.compile('["“”]')
# "Jane Doe is a co-author of the study …": a researcher the story reports on, not its writer
_STUDY_AUTHOR = re.compile(
    r"\b(?:study|paper|report|research|trial|findings|analysis)['’]?s? co-author"
    r"|co-author of (?:the|a|this|that|their|its) (?:new |latest |recent )?"
    r"(?:study|paper|report|research|trial|findings|analysis|article)\b"
)


def _named_above(lines: Sequence[str], i: int, opening: str) -> bool:
    """Whether the bio's surname (the last word of the name ``opening`` starts with) is on
    a line above ``i`` other than a "By …" byline: then the story is about the person."""
    name = opening.lstrip("—–- ").split(" is ")[0].rstrip(",")
    surname = re.compile(rf"\b{re.escape(name.split()[-1])}\b")
    return any(
        surname.search(line) and not line.lstrip().lower().startswith("by ") for line in lines[:i]
    )


# a question to the reader: "Do you agree?", "Thoughts on the finale? Are you excited?"
_YOU = re.compile(r"\b(?:you|your|you['’](?:re|d|ll|ve))\b", re.IGNORECASE)
_ASKS = re.compile(r"\?[!”\"’')]*$")
# how a question put to the reader opens ("How will you ever keep up with her?" closes a
# column as reporting: a rhetorical "how" stays)
_ASKING = re.compile(
    r"(?:(?:so|and|but|now|well|question),? )?(?:do|did|does|are|were|would|have|has|can|could"
    r"|should|will|is|which|what|thoughts|think|how (?:do|did|does|would|long))\b",
    re.IGNORECASE,
)
# "So do you really want …?": a column's own argument, not a prompt to comment
_RHETORICAL = re.compile(r"\b(?:really|honestly|seriously)\b(?! (?:think|believe))", re.IGNORECASE)
_NEXT_SENTENCE = re.compile(r"[.!]\s+[A-Z]")
_QUESTION_MAX_WORDS = 50


def closing_questions(lines: Sequence[str]) -> dict[int, str]:
    """The questions to the reader that end a page: its last non-blank lines while every
    sentence of each is a question, the line opens as one put to the reader ("Do you",
    "What do you", "Thoughts on"; not a rhetorical "How will you …?"), asks "you", and
    quotes no one
    (``heuristic.closing-question``, detail ``last_lines``). The same page limits as
    ``author_bios``.

    Examples:
        >>> page = ["Body one.", "Body two.", "Body three.", "Body four.",
        ...         "Body five.", "Thoughts on the finale? Are you excited?"]
        >>> closing_questions(page)
        {5: 'last_lines'}
        >>> closing_questions(page[:5] + ['"Who are you?" she asked.'])
        {}
    """
    filled = [i for i, line in enumerate(lines) if line.strip()]
    out: dict[int, str] = {}
    if len(filled) < _BIO_MIN_LINES:
        return out
    for i in reversed(filled[3:]):
        if not _asks_reader(lines[i].strip()):
            break
        out[i] = "last_lines"
    if out and sum(1 for i in filled if i < min(out) and _asks_reader(lines[i].strip())) >= 2:
        return {}  # an interview: the page's last question is the interviewer's
    return out


def _asks_reader(text: str) -> bool:
    """Whether the line is only questions put to "you" (see ``closing_questions``)."""
    return not (
        len(text.split()) > _QUESTION_MAX_WORDS
        or not _ASKS.search(text)
        or not _ASKING.match(text)
        or _NEXT_SENTENCE.search(text)
        or _QUOTED.search(text)
        or _RHETORICAL.search(text)
        or not _YOU.search(text)
    )


# another story's headline closing the page: title case, 5-20 words, no list entry
_TITLE_WORD = re.compile(r"[A-Za-z0-9][\w'’.-]*")
_SMALL = (
    "a an the and or but of in on at to for with from by as is are was vs vs. de la del von van"
)
_SMALL_WORDS = frozenset(_SMALL.split()) | {"von", "van", "&", "x"}
_NOT_HEADLINE_START = re.compile(r"[\d•*#\"“‘'(—–-]")
_LIST_DASH = re.compile(r"\s[–—-]\s")
# one parenthesised word ends a nominee's entry ("(HBO)"); a headline's tag is allowed
_ENTRY_END = re.compile(r"\((?!exclusive\)|video\)|photos?\)|watch\))\w+\)$", re.IGNORECASE)
_CREDIT_WORDS = re.compile(
    r"/|\b(?:getty|images|instagram|shutterstock|rex|backgrid|splash|wireimage|filmmagic"
    r"|ap photo|reuters|afp|courtesy|twitter|youtube|photo|credit)\b",
    re.IGNORECASE,
)
_PROSE_END = '.!?"”’'
# a tune-in line in title case is the story's own ("The Show Airs Sunday at 9 p.m. on E!")
_TUNE_IN = re.compile(
    r"\b(?:airs?|premieres?|tune in)\b|\b\d{1,2}(?::\d\d)? ?[ap]\.?m\b", re.IGNORECASE
)
_RUN_MIN, _RUN_MAX, _PROSE_WORDS = 2, 5, 12
# a paragraph pointing below ("Check out the pics below!"): the run is what it points at
_POINTS_BELOW = re.compile(
    r"\b(?:below|here|following)\b[^.!?]{0,20}[.!?:]?[\"”’]?$", re.IGNORECASE
)


def _headline_shaped(text: str) -> bool:
    """A line shaped as another story's headline: 5-20 words in title case (75 % of the
    words that are not small words open with a capital or a digit), no sentence's end
    (an ellipsis is allowed), no list entry's dash, bullet or parenthesised network, no
    photo credit and no tune-in ("airs Sunday at 9 p.m.")."""
    if not 5 <= len(text.split()) <= 20 or _NOT_HEADLINE_START.match(text):
        return False
    if text[-1] in ".:;," and not text.endswith("..."):
        return False
    if _LIST_DASH.search(text) or _ENTRY_END.search(text) or _CREDIT_WORDS.search(text):
        return False
    if _TUNE_IN.search(text):
        return False
    words = _TITLE_WORD.findall(text)
    big = [w for w in words if w.lower() not in _SMALL_WORDS]
    if len(words) < 3 or not big:
        return False
    return sum(1 for w in big if w[0].isupper() or w[0].isdigit()) >= 0.75 * len(big)


def headline_runs(lines: Sequence[str]) -> dict[int, str]:
    """Other stories' headlines closing a page (``heuristic.headline-run``, detail
    ``last_lines``): the page's last 2 to 5 non-blank lines, each headline-shaped, right
    after a paragraph of prose (12 words or more, ending as a sentence, not pointing
    "below"), with 3 other lines left at least. A longer run is a list of the story's own
    (nominees, dates), and the lines a paragraph points at are its own gallery or embeds.

    Examples:
        >>> page = ["One.", "Two.", "Three.", "The council voted on Monday to open three "
        ...         "more clinics in the valley next year.", "Singer Opens Up About Her New "
        ...         "Album", "Five Things to Know Before the Big Game"]
        >>> headline_runs(page)
        {4: 'last_lines', 5: 'last_lines'}
        >>> headline_runs(page[:3] + ["Best Actor:"] + page[4:])
        {}
    """
    filled = [i for i, line in enumerate(lines) if line.strip()]
    run: list[int] = []
    for i in reversed(filled):
        if len(run) > _RUN_MAX or not _headline_shaped(lines[i].strip()):
            break
        run.append(i)
    if not _RUN_MIN <= len(run) <= _RUN_MAX or len(filled) - len(run) < 3:
        return {}
    above = lines[filled[-len(run) - 1]].strip()
    if len(above.split()) < _PROSE_WORDS or above[-1] not in _PROSE_END:
        return {}
    if _POINTS_BELOW.search(above) or _ANNOUNCES.search(_LAST_SENTENCE.split(above)[-1]):
        return {}  # (the paragraph's last sentence names the titles: the story's own list)
    return dict.fromkeys(sorted(run), "last_lines")


_LAST_SENTENCE = re.compile(r"(?<=[.!?])\s+")
# a paragraph naming what the titles under it are: the story's own list, not other stories
_ANNOUNCES = re.compile(
    r"\b(?:titles?|titled|headlines?|front pages?|covers|shortlist(?:ed)?|longlist|nominees"
    r"|nominated|finalists|episodes|songs|tracks|tracklist|books|novels|films|movies|chapters"
    r"|poems|categories|winners|named after)\b",
    re.IGNORECASE,
)


#: How many kept lines at the page's end ``closing_blocks`` reads without the lines a rule
#: drops (the bio looks at the last three; closing questions run longer only on odd pages).
_END_REACH = 8


def closing_blocks(
    lines: Sequence[str],
    disabled: frozenset[str],
    dropped: Callable[[int], bool],
    left: Callable[[int], str] = lambda i: "",
) -> dict[int, Why]:
    """The lines ``about_blocks``, ``author_bios``, ``closing_questions`` and
    ``headline_runs`` find, each with why it goes (a heuristic in ``disabled`` is left
    out). The page's end (its last
    ``_END_REACH`` kept lines) is read as it will be: without the lines ``dropped`` (the
    rules or the model drop them whole), each other line as ``left`` says the rules leave
    it (a span cut off; asked only of lines kept), and again without each block found,
    until nothing more is (so ``clean(clean(x)) == clean(x)``: a bio above a closing
    question goes in the same pass, and so does a question a rule's span cut bares)."""
    out: dict[int, Why] = {}
    if "heuristic.about-block" not in disabled:
        for i, part in about_blocks(lines).items():
            out[i] = Why("promo", "heuristic.about-block", part)
    bios = "heuristic.author-bio" not in disabled
    questions = "heuristic.closing-question" not in disabled
    headlines = "heuristic.headline-run" not in disabled
    if not (bios or questions or headlines):
        return out
    view = ["" if i in out else line for i, line in enumerate(lines)]
    kept = 0  # the page's end as it will be: only its last lines are asked about
    for i in range(len(view) - 1, -1, -1):
        if kept >= _END_REACH:
            break
        if view[i].strip():
            if dropped(i):
                view[i] = ""
            else:
                view[i] = left(i) or view[i]
                kept += 1
    found = True
    while found:
        found = False
        for i, part in (author_bios(view) if bios else {}).items():
            out[i], view[i], found = Why("promo", "heuristic.author-bio", part), "", True
        for i, part in (closing_questions(view) if questions else {}).items():
            out[i], view[i], found = Why("promo", "heuristic.closing-question", part), "", True
        for i, part in (headline_runs(view) if headlines else {}).items():
            out[i], view[i], found = Why("promo", "heuristic.headline-run", part), "", True
    return out
