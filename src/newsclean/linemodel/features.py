"""Features of a line in its document, as readable names (hashed later for the weights).

Each feature is a short string such as ``w:subscribe`` (a word), ``nw:4-5`` (the line's
word count) or ``ov:0`` (no content word of the line appears elsewhere in the article),
so a model's decision can be explained by the names that drove it. Work is linear in the
document: the document's vocabulary is counted once, and each line looks at a bounded
number of its own words.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from . import scan

# A line longer than this is never scored: on the labelled set 97 % of promo lines are
# shorter, and a long paragraph is reporting far more often than not.
MAX_WORDS = 40
_FIRST_WORDS = 12
_BIGRAM_WORDS = 8
#: A paragraph of at least this many words is reporting length: what comes after the last
#: one is the page's tail (related links, bios, chrome), before the first its head.
LONG_WORDS = 25

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_DIGITS = re.compile(r"\d")
_URL_ENDS = ("com", "org", "net", "co.uk", "gov", "edu", "io", "tv")
_URL = re.compile(
    r"https?://|www\.|\b[\w-]+\.(?:" + "|".join(map(re.escape, _URL_ENDS)) + r")\b", re.I
)
# what any match of _URL holds, in lower case
_URL_PARTS = ("://", "www.", *("." + end for end in _URL_ENDS))
_URL_PART = re.compile("|".join(map(re.escape, _URL_PARTS)))
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.]+\b")
_HANDLE = re.compile(r"(?<![\w@])@\w{2,}")
_HASHTAG = re.compile(r"(?<![\w#])#[^\W\d_]\w+")
_TIME = re.compile(r"\b\d{1,2}:\d{2}\b")
_QUOTES = re.compile(r"[\"“”]|(?<!\w)['‘]|['’](?!\w)")
_ATTRIB_WORDS = (
    "said",
    "says",
    "told",
    "tells",
    "according to",
    "added",
    "wrote",
    "explained",
    "asked",
)
_ATTRIB = re.compile(r"\b(?:" + "|".join(_ATTRIB_WORDS) + r")\b", re.I)
_ATTRIB_WORD = re.compile("|".join(map(re.escape, _ATTRIB_WORDS)))
# the characters other than ASCII letters that ``re.I`` matches to an ASCII letter
# (İ ı ſ K): a line without them can hold an attribution only if its lower case does
_ASCII_FOLDS = ("\u0130", "\u0131", "\u017f", "\u212a")
_QUOTE_CHARS = ('"', "“", "”", "'", "‘", "’")
#: ``own_features`` runs its quote, attribution and link searches only on lines holding
#: what they look for (oracle: ``False``, the searches on every line; the same features).
FAST_OWN = True
#: Cheaper exact scans (oracle: ``False``, the same words and features): an ASCII line is
#: tokenised with an ASCII-only pattern, and ``own_features`` skips the title-case word
#: split, the digit count and the fold checks where a cheap scan proves them idle.
FAST_SCAN = True
_MARK_START = re.compile("[|»›•©®™▶►→>]")  # each mark of ``_MARKS`` starts with one
_SECOND = frozenset({"you", "your", "you're", "you’re", "yours", "you'll", "you’ll"})
_FIRST_PLURAL = frozenset({"we", "our", "us", "we're", "we’re", "ours"})
_FIRST_SINGULAR = frozenset({"i", "my", "me", "i'm", "i’m"})
_STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "or",
        "of",
        "to",
        "in",
        "on",
        "for",
        "with",
        "at",
        "by",
        "from",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "he",
        "she",
        "they",
        "his",
        "her",
        "their",
        "them",
        "him",
        "has",
        "have",
        "had",
        "not",
        "but",
        "will",
        "would",
        "can",
        "could",
        "about",
        "after",
        "over",
        "more",
        "than",
        "into",
        "out",
        "up",
        "also",
        "just",
        "who",
        "what",
        "when",
        "where",
        "which",
        "how",
        "all",
        "new",
        "one",
        "two",
        "said",
        "says",
    ]
)
#: Words too common to say what a line is about (for word-overlap measures).
STOP_WORDS = _STOP
_MARKS = {
    "|": "pipe",
    "»": "guillemet",
    "›": "guillemet",
    "•": "bullet",
    "©": "copyright",
    "®": "mark",
    "™": "mark",
    "▶": "play",
    "►": "play",
    "→": "arrow",
    ">>": "arrow",
}


# Four letters or digits (the search stops at the fourth; the test is on 64 characters).
_FOUR_ALNUM = re.compile(r"[^\W_](?:[\W_]*[^\W_]){3}")
_ASCII_DIGIT = re.compile(r"[0-9]")
_NUMBERED = re.compile(r"\d{1,3}(?:[.)]\s+\S|\s+https?://)")
_FIGURE = re.compile(r"[\d$%.,/:+-]+")
# a token of ``str.split()`` that ``_FIGURE`` matches whole (``\s`` is ``str.isspace``)
_FIGURE_TOKEN = re.compile(r"(?<!\S)[\d$%.,/:+-]+(?!\S)")
# "RELATED: …", "Read more: …", "[ Watch: … ]": a label of up to three words and a colon
_LABEL = re.compile(r"[\[(]?\s*((?:[^\W\d_]+\s+){0,2}[^\W\d_]+)\s*:(?!\d)")
_AGO = re.compile(r"\b\d+\s+(?:second|minute|hour|day|week|month|year)s?\s+ago\b", re.I)


_BYTE_WORDS = scan.byte_words_table(_WORD, _DIGITS)


def is_list_or_table(line: str) -> bool:
    """A numbered list item ("3. The hair mask", "12 http://…") or a row of figures: the
    article's own lists and tables, which no heuristic or model should judge."""
    text = line.strip()
    if not text[:1].isdigit() and _ASCII_DIGIT.search(text) is None:
        return False  # no figure at all: the common case, decided without a split
    if _NUMBERED.match(text):
        return True
    if FAST_SCAN:  # the whitespace-delimited runs of figure characters, in one scan
        figures = len(_FIGURE_TOKEN.findall(text))
        if figures < 2:  # a row needs three tokens, three in five of them figures
            return False
        tokens = text.split()
    else:
        tokens = text.split()
        figures = sum(1 for t in tokens if _FIGURE.fullmatch(t))
    return len(tokens) >= 3 and figures * 5 >= len(tokens) * 3


def judgeable(line: str) -> bool:
    """A line the model judges: four letters or digits at least, not a list item or a
    table row, at most ``MAX_WORDS`` words (checked where the words are counted)."""
    return _FOUR_ALNUM.search(line, 0, 64) is not None and not is_list_or_table(line)


def line_words(line: str) -> tuple[str, ...]:
    """A line's normalised words (case folded, digits as 0), as the features see them."""
    if FAST_SCAN:
        words = scan.cp1252_words(line, _BYTE_WORDS)
        if words is not None:
            return words
    return tuple(_WORD.findall(_DIGITS.sub("0", line.casefold())))


def _bucket_words(n: int) -> str:
    for top, name in ((1, "1"), (2, "2"), (3, "3"), (5, "4-5"), (8, "6-8"), (12, "9-12")):
        if n <= top:
            return name
    return "13-20" if n <= 20 else "21-40" if n <= 40 else "41+"


def _end_class(text: str) -> str:
    last = text[-1]
    if last in ".!?…:":
        return last
    if last in "\"'”’»)]":
        return "close"
    if last.isdigit():
        return "digit"
    if last.isalpha():
        return "letter"
    return "other"


@dataclass(frozen=True, slots=True)
class DocContext:
    """What a line's features need to know about its document, counted once."""

    words: tuple[tuple[str, ...], ...]  # normalised words of each line ('' lines: ())
    vocab: Counter[str]  # in how many lines each content word occurs
    repeats: Counter[str]  # how often each stripped line occurs
    short: tuple[bool, ...]  # a short line without sentence-final punctuation
    outlet: frozenset[str]  # words naming the outlet (from a source hint), if any
    before: tuple[int, ...]  # non-blank lines before each line
    after: tuple[int, ...]  # non-blank lines after each line
    prev: tuple[int, ...]  # index of the previous non-blank line, or -1
    next: tuple[int, ...]  # index of the next non-blank line, or -1
    first_long: int = -1  # index of the first paragraph of reporting length, or -1
    last_long: int = -1  # index of the last one, or -1

    @classmethod
    def build(
        cls,
        lines: Sequence[str],
        source: str | None = None,
        memo: dict[str, tuple[tuple[str, ...], frozenset[str]]] | None = None,
    ) -> DocContext:
        """Count what the features need, once. ``memo`` (line -> its words and content
        words), kept by a caller that scores one document several times, saves
        tokenising a line again."""
        words = []
        contents = []
        short = []
        stripped = [line.strip() for line in lines]
        for line, text in zip(lines, stripped, strict=True):
            known = memo.get(line) if memo is not None else None
            if known is None:
                known = line_tokens(line)
                if memo is not None:
                    memo[line] = known
            toks = known[0]
            words.append(toks)
            contents.append(known[1])
            short.append(bool(text) and len(toks) <= 8 and text[-1] not in '.!?"”')
        vocab = Counter(itertools.chain.from_iterable(contents))
        repeats = Counter(text for text in stripped if text)
        filled = [bool(text) for text in stripped]
        before, prev, seen, last = [], [], 0, -1
        for i, full in enumerate(filled):
            before.append(seen)
            prev.append(last)
            if full:
                seen, last = seen + 1, i
        after, nxt, seen, last = [0] * len(lines), [-1] * len(lines), 0, -1
        for i in range(len(lines) - 1, -1, -1):
            after[i], nxt[i] = seen, last
            if filled[i]:
                seen, last = seen + 1, i
        longs = [i for i, toks in enumerate(words) if len(toks) >= LONG_WORDS]
        first_long = longs[0] if longs else -1
        last_long = longs[-1] if longs else -1
        return cls(
            tuple(words),
            vocab,
            repeats,
            tuple(short),
            outlet_words(source),
            tuple(before),
            tuple(after),
            tuple(prev),
            tuple(nxt),
            first_long,
            last_long,
        )


def line_tokens(line: str) -> tuple[tuple[str, ...], frozenset[str]]:
    """A line's normalised words (``line_words``) and its content words (longer than three
    letters, not a stop word): what ``DocContext.build`` counts of each line."""
    toks = line_words(line)
    if FAST_SCAN:
        return toks, frozenset({t for t in toks if len(t) > 3}.difference(_STOP))
    return toks, frozenset(t for t in set(toks) - _STOP if len(t) > 3)


def outlet_words(source: str | None) -> frozenset[str]:
    """The words naming the outlet in a source hint (a URL or a domain), if any."""
    if not source:
        return frozenset()
    host = re.sub(r"^[a-z]+://", "", source.casefold()).split("/")[0]
    host = re.sub(r"^(?:www|m|amp)\.", "", host)
    parts = [p for p in re.split(r"[.\s-]+", host) if len(p) > 3]
    return frozenset(p for p in parts if p not in {"com", "org", "net", "news", "www"})


def line_features(lines: Sequence[str], index: int, ctx: DocContext) -> list[str]:
    """The feature names of ``lines[index]`` in its document (blank lines have none):
    the line's own (``own_features``), then its place in the document
    (``context_features``)."""
    text = lines[index].strip()
    if not text:
        return []
    toks = ctx.words[index]
    return own_features(text, toks, ctx.outlet) + context_features(text, index, toks, ctx)


def own_features(text: str, toks: tuple[str, ...], outlet: frozenset[str]) -> list[str]:
    """The features of a (stripped, non-blank) line that depend on nothing but the line
    and the outlet's words: the same in every pass over one document."""
    n = len(toks)
    feats = ["bias", "nw:" + _bucket_words(n)]
    nwb = feats[1]
    # words: the opening words say most (imperatives, labels); the last one too
    for t in toks[:_FIRST_WORDS]:
        feats.append("w:" + t)
        if len(t) > 5:
            feats.append("p:" + t[:5])
    for a, b in itertools.pairwise(toks):
        feats.append(f"b:{a}_{b}")
    if toks:
        feats.append("f:" + toks[0])
        feats.append("l:" + toks[-1])
        if n > 1:
            feats.append(f"f2:{toks[0]}_{toks[1]}")
    end = _end_class(text)
    feats.append("end:" + end)
    feats.append(f"{nwb}|end:{end}")
    # case
    if text.isupper():
        feats.append("caps:all")
        feats.append(f"caps:all|{nwb}")
    elif n >= 3 and not (FAST_SCAN and scan.few_capitals(text, n, _BYTE_WORDS)):
        raw = _WORD.findall(text)
        caps = sum(1 for w in raw if w[0].isupper())
        if caps >= 0.8 * len(raw):
            feats.append("caps:title")
            feats.append(f"caps:title|end:{end}")
    if not text[0].isalnum():
        feats.append("start:" + ("quote" if text[0] in "\"“‘'" else "mark"))
        if text[0] in "[(" and text[-1] in "])":
            feats.append("bracketed")
    label = _LABEL.match(text) if ":" in text[:40] else None
    if label is not None:
        feats.append("label:" + " ".join(label.group(1).casefold().split()))
        feats.append("has:label")
        if label.group(1).isupper():
            feats.append("label:caps")
    if "ago" in text and _AGO.search(text):
        feats.append("has:ago")
    # marks, links, handles, digits
    if not FAST_SCAN or _MARK_START.search(text):
        for mark, name in _MARKS.items():
            if mark in text:
                feats.append("mark:" + name)
    if ("." in text or ":" in text) and _may_link(text) and _URL.search(text):  # "." or ":"
        feats.append("has:url")
    if "@" in text:
        if _EMAIL.search(text):
            feats.append("has:email")
        elif _HANDLE.search(text):
            feats.append("has:handle")
    if "#" in text and _HASHTAG.search(text):
        feats.append("has:hashtag")
    digits = 0
    if not FAST_SCAN:
        digits = sum(map(text.count, "0123456789"))  # ASCII digits only
    elif _ASCII_DIGIT.search(text):
        digits = scan.ascii_digits(text)
    if digits:
        feats.append("digits:" + ("most" if digits * 2 > len(text) else "some"))
        if _TIME.search(text):
            feats.append("has:time")
    # who is addressed
    words = set(toks)
    if words & _SECOND:
        feats.append("person:2")
        feats.append(f"person:2|{nwb}")
    if words & _FIRST_PLURAL:
        feats.append("person:1p")
    if words & _FIRST_SINGULAR:
        feats.append("person:1s")
    if _has_quote(text):
        feats.append("quote")
    if _has_attribution(text):
        feats.append("attrib")
    if outlet and words & outlet:
        feats.append("self:outlet")
    return feats


def _has_quote(text: str) -> bool:
    """Whether ``_QUOTES`` finds a quotation mark in ``text``."""
    if not (FAST_SCAN and FAST_OWN):
        return (not FAST_OWN or any(q in text for q in _QUOTE_CHARS)) and bool(_QUOTES.search(text))
    return scan.has_quote(text)


def _has_attribution(text: str) -> bool:
    """Whether ``_ATTRIB`` finds an attribution word in ``text``; the search starts at the
    first of the words in the line's lower case (where no character folds to an ASCII
    letter but its own, each character's lower case is one character at its place)."""
    if not (FAST_SCAN and FAST_OWN) or _may_fold(text):
        return _may_attribute(text) and bool(_ATTRIB.search(text))
    first = _ATTRIB_WORD.search(text.lower())  # the leftmost of the words
    return first is not None and _ATTRIB.search(text, first.start()) is not None


def _may_fold(text: str) -> bool:
    """Whether ``text`` holds a character other than an ASCII letter that ``re.I`` matches
    to an ASCII letter (none of them is ASCII)."""
    if FAST_SCAN and text.isascii():
        return False
    return any(c in text for c in _ASCII_FOLDS)


def _may_link(text: str) -> bool:
    """False only where ``_URL`` surely finds nothing (see ``_may_attribute``)."""
    if not FAST_OWN or _may_fold(text):
        return True
    low = text.lower()
    if FAST_SCAN:
        return _URL_PART.search(low) is not None
    return any(w in low for w in _URL_PARTS)


def _may_attribute(text: str) -> bool:
    """False only where ``_ATTRIB`` surely finds nothing: no character of the line folds to
    an ASCII letter but its own, and its lower case holds none of the words."""
    if not FAST_OWN or _may_fold(text):
        return True
    low = text.lower()
    return any(w in low for w in _ATTRIB_WORDS)


def context_features(text: str, index: int, toks: tuple[str, ...], ctx: DocContext) -> list[str]:
    """The features of ``lines[index]`` (stripped: ``text``) that depend on its place in
    the document: position, neighbours, repeats, word overlap with the rest."""
    nwb = "nw:" + _bucket_words(len(toks))
    feats: list[str] = []
    # the line in its document
    if ctx.before[index] == 0:
        feats.append("pos:first")
    from_end = min(ctx.after[index], 4)
    feats.append(f"fromend:{from_end}")
    feats.append(f"fromend:{from_end}|{nwb}")
    # the place among the non-blank lines, so blank lines (which tidy_whitespace folds)
    # change no feature
    filled = ctx.before[index] + ctx.after[index] + 1
    feats.append("rel:" + str(min(4, 5 * ctx.before[index] // filled)))
    if ctx.last_long < 0:
        zone = "nolong"
    elif index > ctx.last_long:
        zone = "tail"
    elif index < ctx.first_long:
        zone = "head"
    else:
        zone = "mid"
    feats.append("zone:" + zone)
    feats.append(f"zone:{zone}|{nwb}")
    prev = _neighbour(ctx, ctx.prev[index])
    nxt = _neighbour(ctx, ctx.next[index])
    feats.append("prev:" + prev)
    feats.append("next:" + nxt)
    if ctx.short[index] and prev == "short" and nxt == "short":
        feats.append("run:short")
    if ctx.repeats[text] > 1:
        feats.append("repeat")
    # another story's headline shares few words with this one
    content = [t for t in toks if len(t) > 3 and t not in _STOP]
    if content:
        elsewhere = sum(1 for t in set(content) if ctx.vocab[t] > 1)
        share = elsewhere / len(set(content))
        ov = "0" if share == 0 else "lo" if share < 0.34 else "mid" if share < 0.67 else "hi"
        feats.append("ov:" + ov)
        feats.append(f"ov:{ov}|{nwb}")
    else:
        feats.append("ov:none")
    return feats


def _neighbour(ctx: DocContext, j: int) -> str:
    if j < 0:
        return "none"
    return "short" if ctx.short[j] else "long"


_ZONES = ("nolong", "tail", "head", "mid")
_OVERLAPS = ("0", "lo", "mid", "hi")
_NEIGHBOURS = ("none", "short", "long")


def context_alternatives(nwb: str) -> tuple[tuple[tuple[str, ...], ...], ...]:
    """Every name ``context_features`` can give a line whose word-count feature is ``nwb``
    (``"nw:4-5"``), in groups: a line gets exactly one alternative of each group (the names
    an alternative holds, together; ``()`` is none). The line model's upper bound on what
    a line's place can add to its score is read from these (``tests/test_fast_model.py``
    checks that every line's context features are one alternative per group)."""
    return (
        ((), ("pos:first",)),
        tuple((f"fromend:{k}", f"fromend:{k}|{nwb}") for k in range(5)),
        tuple((f"rel:{k}",) for k in range(5)),
        tuple((f"zone:{z}", f"zone:{z}|{nwb}") for z in _ZONES),
        tuple(("prev:" + n,) for n in _NEIGHBOURS),
        tuple(("next:" + n,) for n in _NEIGHBOURS),
        ((), ("run:short",)),
        ((), ("repeat",)),
        (("ov:none",), *((f"ov:{o}", f"ov:{o}|{nwb}") for o in _OVERLAPS)),
    )
