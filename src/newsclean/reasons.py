"""Every reason the audit trail prints, explained: a one-line description and a docs anchor
for each code, heuristic, model, family and filter, and the pack rules from their packs.

``resolve`` takes a code in any form newsclean prints it — a whole reason
(``promo:heuristic.link-list:after_heading``), a rule id (``foxnews.app-download``), a
family (``app``), a summary key (``promo/app-download``, ``drop_promo/promo``) — and
returns an ``Explanation``; an unknown code raises ``UnknownReason`` with the closest
known names. ``newsclean rules show`` prints what it returns.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from .errors import NewscleanError
from .linemodel import BUNDLED
from .rules import Rule, RulePack, builtin_pack_names, load_pack, pack_version

__all__ = [
    "DOCS_PAGE",
    "REASONS",
    "Explanation",
    "Reason",
    "UnknownReason",
    "resolve",
    "slugify",
    "suggest",
]

#: The docs page (under ``docs/``) with a heading for every entry of ``REASONS``.
DOCS_PAGE = "reasons.md"

Kind = Literal[
    "code", "heuristic", "model", "label", "family", "filter", "guard", "rule", "pack", "group"
]


def slugify(heading: str) -> str:
    """The anchor a Markdown heading gets: Python-Markdown's ``toc`` slug, which MkDocs
    uses and which GitHub's agrees with for these headings.

    Examples:
        >>> slugify("`heuristic.link-list`")
        'heuristiclink-list'
        >>> slugify("Family `app`")
        'family-app'
    """
    text = unicodedata.normalize("NFKD", heading).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^\w\s-]", "", text).strip().lower()
    return re.sub(r"[-\s]+", "-", text)


@dataclass(frozen=True, slots=True)
class Reason:
    """One entry of the registry: a code, heuristic, model, family, filter or the guard."""

    key: str
    kind: Kind
    description: str
    filter: str | None = None
    # fixed detail values (what follows the code or rule after a colon), explained
    details: tuple[tuple[str, str], ...] = ()

    @property
    def heading(self) -> str:
        """The heading of this entry in ``docs/reasons.md``."""
        return f"Family `{self.key}`" if self.kind == "family" else f"`{self.key}`"

    @property
    def docs(self) -> str:
        """``reasons.md#anchor``: where the docs explain this entry."""
        return f"{DOCS_PAGE}#{slugify(self.heading)}"


_P, _C, _W, _E = "drop_promo", "collapse_captions", "tidy_whitespace", "fix_encoding"

# fmt: off
_ENTRIES: tuple[Reason, ...] = (
    # the codes of a Change
    Reason("promo", "code", "A whole line removed as promo or boilerplate; the rule after "
           "the colon says which (a pack rule id, heuristic.<name> or model.<name>).", _P),
    Reason("promo_span", "code", "Part of a line removed (a promo sentence fused onto a "
           "paragraph's start or end, or a glued label); the rest of the line stays, unless "
           "it is the pitch's lead-in question alone (then promo:<rule>:lead_in).", _P,
           (("start", "the paragraph's first sentence went"),
            ("end", "the paragraph's last sentence went"))),
    Reason("encoding", "code", "Characters repaired: mojibake re-decoded, HTML entities "
           "unescaped, invisible characters removed; the detail names the steps, joined "
           "with +.", _E,
           (("unescape_html", "HTML entities such as &amp; decoded"),
            ("nbsp_to_space", "no-break spaces made plain spaces"),
            ("remove_zero_width", "zero-width characters removed"),
            ("remove_soft_hyphens", "soft hyphens removed"),
            ("fix_c1_controls", "C1 control characters read as cp1252"),
            ("uncurl_quotes", "curly quotes straightened"),
            ("remove_control_chars", "control characters removed"),
            ("fix_latin_ligatures", "ligatures such as \ufb01 spelled out"),
            ("fix_character_width", "full-width letters made normal width"),
            ("NFC", "Unicode normalised (NFC)"))),
    Reason("caption_duplicate_of", "code", "A repeated caption or paragraph dropped: a copy "
           "of the input line given in the detail, with its similarity score (0-100).", _C),
    Reason("caption_kept_copy_of", "code", "The first copy of a repeated line now holds the "
           "fuller copy's text (the credited or longest one), from the input line given.", _C),
    Reason("caption_dropped", "code", "With captions='drop': a caption or photo-credit line "
           "removed entirely; the detail is the signal and, when repeated, copies=N.", _C,
           (("credit", "a caption ending in a photo or agency credit"),
            ("credit_line", "a line that is only a credit (Image copyright Getty Images)"),
            ("caption_label", "a line opening with a caption label (Image caption ...)"),
            ("credit_only", "a bare credit: Getty Images, Photo Credit: Jane Doe"))),
    Reason("blank", "code", "A blank line tidied: a surplus one dropped, or one of spaces "
           "emptied.", _W,
           (("extra", "a blank line at an end, or a second one in a row, dropped"),
            ("spaces", "a blank line holding only spaces emptied"))),
    Reason("trim", "code", "Spaces at the end of a line (and its start, with strip_indent) "
           "trimmed.", _W),
    Reason("function", "code", "A plain line function you added to the pipeline dropped or "
           "edited the line; the name after the colon is the function's."),
    # the rules of drop_promo that are not in a pack
    Reason("heuristic.allcaps-headline", "heuristic", "An all-caps cross-link headline "
           "(RUSSIA INVADES UKRAINE: LIVE UPDATES): 5 to 16 words, no lower-case letter, no "
           "final punctuation, no 'I'; the detail gives its words.", _P,
           (("words", "the line's word count"),)),
    Reason("heuristic.call-to-action", "heuristic", "A call to action no rule names (Tap "
           "here to get alerts): an imperative aimed at the reader, short and unquoted; the "
           "detail lists the features that held.", _P,
           (("cta", "an imperative verb opens the line"),
            ("object", "it is aimed at the reader (here, app, newsletter, on Twitter...)"),
            ("short", "at most 12 words"),
            ("unquoted", "no quotation marks"),
            ("no_stop", "no final full stop"))),
    Reason("heuristic.caps-label", "heuristic", "Another story's title behind a label in "
           "capitals ('PHOTOS: …', 'Up Next: …', 'DON'T MISS: …'), at most 25 words, quoting "
           "no post, not on the page's first line; the detail is the label.", _P),
    Reason("heuristic.gallery-residue", "heuristic", "A photo gallery printed as one line by "
           "the extractor ('Shape Created with Sketch. …', 'N PHOTOS <title> See Gallery "
           "…'), whatever its length; the detail names the form.", _P,
           (("sketch", "it opens with 'Shape Created with Sketch.'"),
            ("see_gallery", "it opens with 'N PHOTOS <title> See Gallery'"),
            ("video_close", "a video player: its 'CLOSE' button, then the clip's "
             "description"),
            ("hide_caption", "a CNN gallery: 'Photos: <title>' and two or more "
             "'Hide Caption N of M' buttons"))),
    Reason("heuristic.dangling-lead-in", "heuristic", "A lead-in ending the page with nothing "
           "left to lead into ('Watch her speech:', 'Check it out:', 'More from Example:' as "
           "the last lines, the embed or the links gone); the page's only line stays.", _P,
           (("last_line", "it is the last line, or only such lead-ins follow it"),
            ("last_sentence", "the last line's last sentence points below or above "
             "(only that sentence goes)"))),
    Reason("heuristic.wiki-edit-label", "heuristic", "A wiki's section heading with its "
           "edit link's label glued on ('Plot Edit', 'History[edit]'): the label goes, the "
           "heading stays; only on a page with at least two such headings.", _P,
           (("heading", "a short heading ending in 'Edit' or '[edit]'"),)),
    Reason("heuristic.about-block", "heuristic", "A press release's 'About <organisation>' "
           "heading and the line under it that opens with the name and says what the "
           "organisation is (a company, a university, a journal...), then the release's "
           "closing matter to the page's end; the detail is the part.",
           _P,
           (("heading", "the 'About <organisation>' heading"),
            ("description", "the line saying what the organisation is"),
            ("tail", "the release's closing matter after the last block: contacts, "
                     "'###', more lines naming the organisation"))),
    Reason("heuristic.author-bio", "heuristic", "The writer's bio closing the page: a line "
           "of the last three opening with a name and saying the person is a writer, an "
           "editor, a reporter, a columnist...", _P,
           (("last_lines", "one of the page's last lines (only short lines after it)"),)),
    Reason("heuristic.closing-question", "heuristic", "Questions put to the reader that "
           "end the page ('Do you agree?', 'What do you think of her look?').", _P,
           (("last_lines", "the page's last lines, each only questions to the reader"),)),
    Reason("heuristic.headline-run", "heuristic", "Other stories' headlines ending the page: "
           "2 to 5 title-case lines right after a paragraph of prose.", _P,
           (("last_lines", "the page's last lines, each shaped as a headline"),)),
    Reason("heuristic.link-list", "heuristic", "A headline-like line in a list of links "
           "under a related-stories heading, or under a line pointing at a link ('...read "
           "more here.').", _P,
           (("after_heading", "the list follows a heading such as 'Most read' or 'Related'"),
            ("after_pointer", "the list follows a line ending 'here.' or 'here:' and ends soon"))),
    Reason("label", "label", "A label glued to the start of a paragraph (ADVERTISEMENT, NEW, "
           "WATCH, a gallery's 'Image zoom', ...) removed; the detail is the label, the "
           "paragraph stays (a line that is only the label goes).", _P),
    Reason(f"model.{BUNDLED}", "model", "The bundled line model scored the line as promo at "
           "or above the strictness threshold; the detail names the features that drove "
           "it, then the score.", _P),
    Reason("model.custom", "model", "Your line model (a file from `newsclean train`) scored "
           "the line as promo at or above its threshold; detail and score as for "
           "model.default.", _P),
    # families: the pack families, and the report's own groupings
    Reason("app", "family", "App download prompts."),
    Reason("listen", "family", "Listen / audio-version prompts."),
    Reason("newsletter", "family", "Newsletter and sign-up prompts."),
    Reason("subscribe", "family", "Subscription and paywall notices."),
    Reason("social", "family", "Follow / share widgets and their residue."),
    Reason("related", "family", "Related links, read-more lines, cross-link headings."),
    Reason("ad", "family", "Advertisement markers."),
    Reason("media", "family", "Video and media prompts, player residue."),
    Reason("comments", "family", "Comment prompts."),
    Reason("copyright", "family", "Copyright and rights lines."),
    Reason("cookie", "family", "Cookie and consent leftovers."),
    Reason("syndication", "family", "'Originally published' and syndication notes."),
    Reason("disclosure", "family", "Affiliate and sponsorship disclosures."),
    Reason("tip", "family", "Tip lines ('Have a tip? Email us')."),
    Reason("bio", "family", "Author bios closing a page ('Jane Doe is a writer … Follow her …')."),
    Reason("counter", "family", "Social counters (share and comment counts)."),
    Reason("markup", "family", "Escaped editor markup residue."),
    Reason("navigation", "family", "Menu and section labels left by the extractor."),
    Reason("boilerplate", "family", "A site's own recurring lines, learned by `newsclean "
           "learn`."),
    Reason("heuristic", "family", "The report's group for the heuristic.* removals."),
    Reason("captions", "family", "The report's group for repeated and dropped captions "
           "(caption_*)."),
    Reason("model", "family", "The report's group for the line model's removals (model.*)."),
    # the filters, which key the stats
    Reason(_E, "filter", "FixEncoding: mojibake, HTML entities, invisible characters.", _E),
    Reason(_P, "filter", "DropPromoLines: promo lines by rule packs, heuristics and the "
           "optional line model.", _P),
    Reason(_C, "filter", "CollapseRepeatedCaptions: repeated captions and paragraphs.", _C),
    Reason(_W, "filter", "TidyWhitespace: trailing spaces and surplus blank lines.", _W),
    Reason("over_cleaned", "guard", "The over-cleaning guard: more than max_removed_share "
           "(20 % by default) of the words went; the text is returned but flagged for "
           "review."),
)
# fmt: on

#: Every code, heuristic, model, family and filter, by key (pack rules come from the packs).
REASONS: Mapping[str, Reason] = {r.key: r for r in _ENTRIES}

# Other names the same entries go by in newsclean's output.
_ALIASES = {"guard": "over_cleaned", "max_removed_share": "over_cleaned"}
# Codes whose next field is a rule.
_RULE_CODES = frozenset({"promo", "promo_span"})
_PACK_DOCS = f"{DOCS_PAGE}#pack-rules"  # a pack, or a rule of a family not listed
_GROUP_DOCS = f"{DOCS_PAGE}#summary-keys"  # promo/<name>, as the run summary counts


@dataclass(frozen=True, slots=True)
class Explanation:
    """What a code means: the entry it resolved to and the parts of the query around it.

    ``key`` is what the query names (a rule id, ``heuristic.link-list``, a code);
    ``code`` and ``detail`` are the code before it and the detail after it in a whole
    reason; ``docs`` is ``page.md#anchor`` under ``docs/``. A pack rule carries its
    ``rule`` and ``pack``; a family, pack or group lists its rule ids in ``related``.
    """

    query: str
    key: str
    kind: Kind
    description: str
    docs: str
    filter: str | None = None
    code: str | None = None
    detail: str = ""
    details: tuple[tuple[str, str], ...] = ()
    rule: Rule | None = None
    pack: RulePack | None = None
    related: tuple[str, ...] = ()

    def render(self) -> str:
        """The explanation as ``newsclean rules show`` prints it."""
        rule, pack = self.rule, self.pack
        out: list[str] = []
        if self.query != self.key:
            out.append(f"query:       {self.query}")
        if rule is not None and pack is not None:
            out += [
                f"id:          {rule.id}",
                f"pack:        {pack.name} (version {pack.version})",
                f"family:      {rule.family}",
                f"match:       {rule.match} (lines of at most {rule.max_words} words)",
                f"pattern:     {rule.pattern}  ({'regex' if rule.regex else 'literal'})",
                f"description: {rule.description}",
                *(f"example:     {e}" for e in rule.examples),
                *(f"leaves:      {e}" for e in rule.counter_examples),
            ]
        else:
            out.append(f"id:          {self.key}")
            out.append(f"kind:        {self.kind}")
            if self.filter:
                out.append(f"filter:      {self.filter}")
            out.append(f"description: {self.description}")
            if self.details:
                out.append("details:")
                out += [f"  {name:<13} {text}" for name, text in self.details]
        if self.code:
            out.append(f"code:        {self.code}")
        if self.detail:
            out.append(f"detail:      {self.detail}")
        if self.related:
            out.append(f"rules:       {', '.join(self.related)}")
        out.append(f"docs:        docs/{self.docs}")
        return "\n".join(out) + "\n"


class UnknownReason(NewscleanError, LookupError):
    """A code no entry, rule, family or pack knows; ``suggestions`` are the closest names."""

    def __init__(self, code: str, suggestions: Sequence[str]) -> None:
        self.code = code
        self.suggestions = tuple(suggestions)
        hint = f"; did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(
            f"unknown rule {code!r}{hint} (no rule, heuristic or reason code has this name; "
            "`newsclean rules list` lists the pack rules)"
        )


@dataclass(frozen=True, slots=True)
class _Index:
    rules: Mapping[str, tuple[Rule, RulePack]]
    packs: Mapping[str, RulePack]

    def names(self) -> list[str]:
        return [*REASONS, *_ALIASES, *self.rules, *self.packs]


def _index(refs: tuple[str, ...]) -> _Index:
    # a pack file of yours is keyed by its path, modification time and size: edits apply
    return _built(tuple(pack_version(ref) for ref in refs), refs)


@lru_cache(maxsize=8)
def _built(versions: tuple[tuple[object, ...], ...], refs: tuple[str, ...]) -> _Index:
    packs = [load_pack(ref) for ref in dict.fromkeys((*builtin_pack_names(), *refs))]
    rules = {rule.id: (rule, pack) for pack in packs for rule in pack.rules}
    return _Index(rules, {pack.name: pack for pack in packs})


def resolve(code: str, packs: Iterable[str] = ()) -> Explanation:
    """Explain ``code``, in any form the audit trail, the summaries or the report print it.

    ``packs`` adds packs (names, paths, inline TOML) to the built-in ones looked in.

    Examples:
        >>> resolve("promo:heuristic.link-list:after_heading").docs
        'reasons.md#heuristiclink-list'
        >>> resolve("foxnews.app-download").pack.name
        'foxnews'
        >>> resolve("caption_duplicate_of:12:score=96.3").key
        'caption_duplicate_of'

    Raises:
        UnknownReason: nothing has this name; its message says what comes closest.
    """
    query, refs = code.strip(), tuple(packs)
    index = _index(refs)
    found = _lookup(query, query, index) or _lookup(query.lower(), query, index)
    if found is None:
        raise UnknownReason(query, suggest(query, refs))
    return found


def suggest(code: str, packs: Iterable[str] = (), n: int = 5) -> list[str]:
    """The known names closest to ``code`` (for "did you mean").

    Examples:
        >>> suggest("heuristic.linklist")
        ['heuristic.link-list']
    """
    index = _index(tuple(packs))
    head, sep, rest = code.strip().lower().partition(":")
    word = rest.partition(":")[0] if sep and head in _RULE_CODES else code.strip().lower()
    names = index.names()
    # a rule's name without its pack ("app-download") names every pack's rule of that name
    same_name = [k for k in names if k.rpartition(".")[2] == word and k != word]
    close = difflib.get_close_matches(word, names, n=n, cutoff=0.7)
    return list(dict.fromkeys([*same_name, *close]))[:n]


def _lookup(query: str, shown: str, index: _Index) -> Explanation | None:
    exact = _exact(query, shown, index)
    if exact is not None:
        return exact
    head, sep, rest = query.partition(":")
    if sep and head in REASONS and REASONS[head].kind == "code":
        if head in _RULE_CODES:  # promo:<rule>[:<detail>][:score=S]
            rule, _, detail = rest.partition(":")
            found = _exact(rule, shown, index)
            if found is None or found.kind not in {"rule", "heuristic", "model", "label"}:
                return None
            return dataclasses.replace(found, code=head, detail=detail)
        return dataclasses.replace(_entry(REASONS[head], shown), detail=rest)
    left, slash, right = query.partition("/")
    if slash and right in REASONS and REASONS[right].kind == "code":
        # Cleaned.stats' filter/code (drop_promo/promo; a step of yours names itself)
        return _exact(right, shown, index)
    if slash and left in _RULE_CODES:  # promo/app-download: Change.family
        return _by_name(left, right, shown, index)
    return None


def _exact(key: str, shown: str, index: _Index) -> Explanation | None:
    key = _ALIASES.get(key, key)
    if key in REASONS:
        entry = REASONS[key]
        related: tuple[str, ...] = ()
        if entry.kind == "family":
            related = tuple(r for r, (rule, _) in index.rules.items() if rule.family == key)
        return dataclasses.replace(_entry(entry, shown), related=related)
    if key in index.rules:
        rule, pack = index.rules[key]
        family = REASONS.get(rule.family)
        docs = family.docs if family is not None else _PACK_DOCS
        return Explanation(
            shown, rule.id, "rule", rule.description, docs, "drop_promo", rule=rule, pack=pack
        )
    if key in index.packs:
        pack = index.packs[key]
        return Explanation(
            shown,
            pack.name,
            "pack",
            pack.description,
            _PACK_DOCS,
            "drop_promo",
            pack=pack,
            related=tuple(r.id for r in pack.rules),
        )
    return None


def _by_name(code: str, name: str, shown: str, index: _Index) -> Explanation | None:
    """``promo/<name>``: the rule (or rules) whose id ends in ``.<name>``."""
    keys = [k for k in (*REASONS, *index.rules) if "." in k and k.rpartition(".")[2] == name]
    if name == "label":
        keys.append("label")
    if len(keys) == 1:
        found = _exact(keys[0], shown, index)
        return None if found is None else dataclasses.replace(found, code=code)
    if not keys:
        return None
    return Explanation(
        shown,
        f"{code}/{name}",
        "group",
        f"Lines removed by any rule named '{name}' (the summary counts them together).",
        _GROUP_DOCS,
        "drop_promo",
        code=code,
        related=tuple(keys),
    )


def _entry(entry: Reason, shown: str) -> Explanation:
    return Explanation(
        shown, entry.key, entry.kind, entry.description, entry.docs, entry.filter,
        details=entry.details,
    )  # fmt: skip
