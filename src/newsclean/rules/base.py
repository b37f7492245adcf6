"""Rule packs: load TOML packs shipped in ``newsclean/rules`` or given by path,
validate them, and compile them once into a matcher for the promo filter."""

from __future__ import annotations

import importlib
import re
import warnings
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal, Protocol, cast

import re2  # type: ignore[import-untyped]

from ..errors import RuleError

# The regex parser behind re.compile (re._parser since Python 3.11; the old public name
# sre_parse now warns on import): read to find each pattern's required literals.
_sre_parse: Any = importlib.import_module("re._parser")

_LITERAL = _sre_parse.LITERAL
_SUBPATTERN = _sre_parse.SUBPATTERN
_BRANCH = _sre_parse.BRANCH
_MAX_REPEAT = _sre_parse.MAX_REPEAT
_MIN_REPEAT = _sre_parse.MIN_REPEAT
# A required literal may be a single character ("<", "@", "["): the prefilter only
# narrows the rules to try, and each rule's own word limit still applies first.
_MIN_LITERAL = 1

MatchMode = Literal["line", "start", "end", "short"]
MATCH_MODES: tuple[MatchMode, ...] = ("line", "start", "end", "short")

#: The closed list of rule families; a rule naming another family is rejected.
FAMILIES: frozenset[str] = frozenset(
    {
        "app",  # app download prompts
        "listen",  # listen / audio versions
        "newsletter",  # newsletter and sign-up prompts
        "subscribe",  # subscription and paywall notices
        "social",  # follow / share widgets and their residue
        "related",  # related links, read-more, cross-link headlines
        "ad",  # advertisement markers
        "media",  # video / media prompts and player residue
        "comments",  # comment prompts
        "copyright",  # copyright and rights lines
        "cookie",  # cookie and consent leftovers
        "syndication",  # "originally published" notes
        "disclosure",  # affiliate and sponsorship disclosures
        "tip",  # tip lines
        "bio",  # author bios closing a page
        "counter",  # social counters
        "markup",  # escaped editor markup residue
        "navigation",  # menu and section labels left by the extractor
        "boilerplate",  # a site's own recurring lines, learned by `newsclean learn`
    }
)

#: Families whose rules describe whole promo *sentences* (not labels or widgets): only
#: these are looked for at the edges of a paragraph of reporting.
SENTENCE_FAMILIES: frozenset[str] = frozenset(
    {
        "app",
        "listen",
        "newsletter",
        "subscribe",
        "social",
        "tip",
        "syndication",
        "disclosure",
        "cookie",
        "copyright",
    }
)

# Characters per word allowed for: a line longer than this many characters per permitted
# word is not a promo line, whatever its word count (one 20,000-character "word" is not).
_CHARS_PER_WORD = 25
# Words a rule may see at most (per rule, ``max_words``): the rule drops the whole
# line, and promo lines are short while paragraphs of reporting are not.
DEFAULT_SHORT_WORDS = 14

_SPACES = re.compile(r"\s+")
# Trailing punctuation a literal rule ignores (stripped with str.rstrip: a regex
# anchored at the end would be retried at every position of a long line).
_TRAILING_CHARS = " \t\u00a0.!?:;,\u2026>»|-\u2013\u2014"
# A group that holds a quantifier and is itself quantified: (a+)+, (\w*\s?)*, (x{2,})+ …
_NESTED_QUANTIFIER = re.compile(r"\((?:[^()\\]|\\.)*[*+}](?:[^()\\]|\\.)*\)[*+{]")


def required_literals(pattern: str) -> frozenset[str] | None:
    """Literal strings of which every match of ``pattern`` contains at least one
    (case folded), or None when none can be told (the rule is then always tried).

    Read from the parsed regex: the longest run of plain characters in the pattern's
    top-level sequence, or, for an alternation, the union of each branch's literals.
    A prefilter uses them to try only the rules whose literals occur in a line.

    Examples:
        >>> sorted(required_literals("click here to (?:get|download) the (?:fox|cnn) app"))
        ['click here to ']
        >>> required_literals(r"\\d[\\d,]{0,11}") is None
        True
        >>> sorted(required_literals("(?:advertisement|sponsored)"))
        ['advertisement', 'sponsored']
    """
    try:
        parsed = _sre_parse.parse(pattern, re.IGNORECASE)
    except (re.error, Warning):
        return None
    found = _literals(list(parsed))
    if not found or min(len(x) for x in found) < _MIN_LITERAL:
        return None
    return frozenset(x.casefold() for x in found)


def _literals(items: list[Any]) -> set[str] | None:
    options: list[set[str]] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            options.append({"".join(run)})
            run.clear()

    for op, arg in items:
        if op is _LITERAL:
            run.append(chr(arg))
            continue
        flush()
        if op is _SUBPATTERN:
            inner = _literals(list(arg[-1]))
            if inner:
                options.append(inner)
        elif op is _BRANCH:
            branches = [_literals(list(b)) for b in arg[1]]
            if branches and all(branches):
                options.append(set().union(*branches))  # type: ignore[arg-type]
        elif op in (_MAX_REPEAT, _MIN_REPEAT) and arg[0] >= 1:
            inner = _literals(list(arg[2]))
            if inner:
                options.append(inner)
    flush()
    if not options:
        return None
    # the most selective option: the one whose shortest literal, spaces aside, is longest
    return max(options, key=lambda o: min(len(x.strip()) for x in o))


def match_key(line: str) -> str:
    """The form every rule is matched against: trimmed, spaces folded, quotes
    straightened, case folded.

    Examples:
        >>> match_key("  CLICK\\u00a0HERE to get  the app ")
        'click here to get the app'
    """
    # str.replace is far faster than str.translate with a mapping on long lines
    text = line.replace("\u2019", "'").replace("\u2018", "'")
    text = text.replace("\u201c", '"').replace("\u201d", '"')
    return _SPACES.sub(" ", text).strip().casefold()


def literal_key(text: str) -> str:
    """``match_key`` without trailing punctuation, for literal comparison."""
    return match_key(text).rstrip(_TRAILING_CHARS)


@dataclass(frozen=True, slots=True)
class Rule:
    """One promo rule, as written in a pack."""

    id: str
    family: str
    pattern: str
    description: str
    match: MatchMode = "line"
    regex: bool = False
    outlet: str | None = None
    examples: tuple[str, ...] = ()
    counter_examples: tuple[str, ...] = ()
    max_words: int = DEFAULT_SHORT_WORDS
    # The line is a heading under which a list of other stories' links follows.
    opens_list: bool = False
    # The pattern names a whole promo sentence: it is also looked for at the edges of a
    # paragraph of reporting, and only that sentence goes (as for the sentence families).
    sentence: bool = False
    # The sites the rule applies to, as ``sites.site_key`` gives them (registered domains
    # or folded outlet names); empty: every site. A learned rule names its own site.
    sites: frozenset[str] = frozenset()

    @property
    def promo_sentence(self) -> bool:
        """Whether the rule names a whole promo sentence, looked for at the edges of a
        paragraph too: a rule of a sentence family, or one marked ``sentence = true``."""
        return self.sentence or self.family in SENTENCE_FAMILIES

    def applies_to(self, site: str | None) -> bool:
        """Whether the rule applies to a document of ``site`` (a ``site_key``). A rule of
        no site applies everywhere; a site's rule applies to that site, and to a document
        whose site is unknown (None: nothing to scope by).

        Examples:
            >>> Rule("a.b", "boilerplate", "x", "d", sites=frozenset({"cnn.com"})).applies_to(
            ...     "bbc.co.uk"
            ... )
            False
        """
        return not self.sites or site is None or site in self.sites


@dataclass(frozen=True, slots=True)
class RulePack:
    """A named, versioned list of rules."""

    name: str
    version: str
    description: str
    rules: tuple[Rule, ...]
    outlet: str | None = None
    source: str = ""
    domains: tuple[str, ...] = ()  # web domains of the outlet, for url/source hints
    signals: tuple[str, ...] = ()  # strings whose presence in a text suggests the outlet
    # Shipped with newsclean (reviewed, tested): its regexes run on Python's engine. Any
    # other pack's regexes run on RE2, whose matching time is linear in the line.
    trusted: bool = False


@lru_cache(maxsize=1)
def builtin_pack_names() -> tuple[str, ...]:
    """Names of the packs shipped inside the package, sorted."""
    folder = resources.files("newsclean.rules") / "packs"
    return tuple(
        sorted(p.name[: -len(".toml")] for p in folder.iterdir() if p.name.endswith(".toml"))
    )


def is_pack_path(ref: str) -> bool:
    """A pack reference that names a file (not a built-in name or inline TOML)."""
    return not ("[pack]" in ref and "\n" in ref) and (
        ref.endswith(".toml") or "/" in ref or "\\" in ref
    )


def pack_version(ref: str) -> tuple[object, ...]:
    """What identifies a pack's current content cheaply: a file's path, modification time
    and size (so an edited file is a new version); a built-in or inline pack's reference."""
    if not is_pack_path(ref):
        return (ref,)
    try:
        st = Path(ref).stat()
    except OSError:
        return (ref, None)  # reading it will raise the clear error
    return (str(Path(ref).resolve()), st.st_mtime_ns, st.st_size)


def _read_pack_text(ref: str) -> tuple[str, str]:
    """Return (source label, TOML text) for a builtin pack name, a file path, or a
    pack written inline (TOML text holding a ``[pack]`` table)."""
    if "[pack]" in ref and "\n" in ref:
        return "<inline pack>", ref
    if ref.endswith(".toml") or "/" in ref or "\\" in ref:
        path = Path(ref)
        try:
            return str(path), path.read_text(encoding="utf-8")
        except OSError as exc:
            raise RuleError(str(path), f"cannot read rule file: {exc.strerror or exc}") from exc
    resource = resources.files("newsclean.rules") / "packs" / f"{ref}.toml"
    if not resource.is_file():
        known = ", ".join(builtin_pack_names())
        raise RuleError(ref, f"no built-in rule pack of that name (built-in packs: {known})")
    return f"newsclean/rules/packs/{ref}.toml", resource.read_text(encoding="utf-8")


def _str_field(raw: dict[str, object], key: str, source: str, rule_id: str | None) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise RuleError(source, f"{key!r} must be a non-empty string", rule_id)
    return value


def _str_list(raw: dict[str, Any], key: str, source: str, rule_id: str) -> tuple[str, ...]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RuleError(source, f"{key!r} must be a list of strings", rule_id)
    return tuple(cast(list[str], value))


class Pattern(Protocol):
    """What the matcher needs of a compiled pattern (``re`` and ``re2`` both give it)."""

    def search(self, string: str) -> Any: ...
    def match(self, string: str) -> Any: ...
    def fullmatch(self, string: str) -> Any: ...


def _re2_options() -> Any:
    options = re2.Options()
    options.case_sensitive = False
    options.log_errors = False  # our RuleError says what is wrong; no C++ log on stderr
    return options


def _compile_untrusted(rule: Rule, pattern: str, source: str) -> Pattern:
    """Compile a pack's own regex on RE2: linear-time matching whatever the pattern (no
    catastrophic backtracking), so a hostile pack cannot hang a run. RE2 has no
    lookaround and no backreferences: such a pattern is refused with the reason."""
    try:
        compiled: Pattern = re2.compile(pattern, _re2_options())
    except re2.error as exc:
        raise RuleError(
            source,
            f"pattern is not accepted by RE2, the linear-time engine user packs run on "
            f"(no lookaround, no backreferences): {exc}",
            rule.id,
        ) from exc
    return compiled


def _compile(rule: Rule, source: str, trusted: bool = False) -> Pattern:
    if rule.regex:
        wrapped = f"(?:{rule.pattern})$" if rule.match == "end" else rule.pattern
        # every pack's regex must compile cleanly on Python's engine and pass the nesting
        # check (one meaning everywhere); a pack not shipped with newsclean then runs on RE2
        if _NESTED_QUANTIFIER.search(rule.pattern):
            raise RuleError(
                source,
                "pattern nests a quantifier inside a quantified group "
                "(catastrophic backtracking risk); rewrite it without the nesting",
                rule.id,
            )
        with warnings.catch_warnings():
            # re warns of patterns whose meaning will change ("possible nested set"):
            # a pack must mean the same thing on every Python, so that is an error too.
            warnings.simplefilter("error")
            try:
                compiled = re.compile(wrapped, re.IGNORECASE)
            except (re.error, Warning) as exc:
                raise RuleError(
                    source, f"pattern does not compile cleanly: {exc}", rule.id
                ) from exc
        return compiled if trusted else _compile_untrusted(rule, wrapped, source)
    key = literal_key(rule.pattern)
    if not key:
        raise RuleError(source, "literal pattern is empty after normalisation", rule.id)
    if rule.match != "line" and len(key.split()) < 2:
        raise RuleError(
            source,
            f"literal {rule.pattern!r} is one word; a {rule.match!r} rule needs at least "
            "two words so that it cannot fire inside ordinary sentences",
            rule.id,
        )
    return re.compile(re.escape(key) + ("$" if rule.match == "end" else ""))
