"""Rule packs: load TOML packs shipped in ``newsclean/rules`` or given by path,
validate them, and compile them once into a matcher for the promo filter."""

from __future__ import annotations

import importlib
import re
import tomllib
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal, cast

import ahocorasick

from .errors import RuleError

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
        "tip",  # tip lines
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


@lru_cache(maxsize=1)
def builtin_pack_names() -> tuple[str, ...]:
    """Names of the packs shipped inside the package, sorted."""
    folder = resources.files("newsclean") / "rules"
    return tuple(
        sorted(p.name[: -len(".toml")] for p in folder.iterdir() if p.name.endswith(".toml"))
    )


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
    resource = resources.files("newsclean") / "rules" / f"{ref}.toml"
    if not resource.is_file():
        known = ", ".join(builtin_pack_names())
        raise RuleError(ref, f"no built-in rule pack of that name (built-in packs: {known})")
    return f"newsclean/rules/{ref}.toml", resource.read_text(encoding="utf-8")


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


def _compile(rule: Rule, source: str) -> re.Pattern[str]:
    if rule.regex:
        if _NESTED_QUANTIFIER.search(rule.pattern):
            raise RuleError(
                source,
                "pattern nests a quantifier inside a quantified group "
                "(catastrophic backtracking risk); rewrite it without the nesting",
                rule.id,
            )
        wrapped = f"(?:{rule.pattern})$" if rule.match == "end" else rule.pattern
        with warnings.catch_warnings():
            # re warns of patterns whose meaning will change ("possible nested set"):
            # a pack must mean the same thing on every Python, so that is an error too.
            warnings.simplefilter("error")
            try:
                return re.compile(wrapped, re.IGNORECASE)
            except (re.error, Warning) as exc:
                raise RuleError(
                    source, f"pattern does not compile cleanly: {exc}", rule.id
                ) from exc
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


def parse_pack(text: str, source: str) -> RulePack:
    """Parse and validate one pack's TOML text; ``source`` names it in errors."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RuleError(source, f"not valid TOML: {exc}") from exc
    meta = data.get("pack")
    if not isinstance(meta, dict):
        raise RuleError(source, "missing [pack] table (name, version, description)")
    name = _str_field(meta, "name", source, None)
    version = _str_field(meta, "version", source, None)
    description = _str_field(meta, "description", source, None)
    outlet = meta.get("outlet")
    domains = _str_list(meta, "domains", source, "[pack]")
    signals = _str_list(meta, "signals", source, "[pack]")
    raw_rules = data.get("rule", [])
    if not isinstance(raw_rules, list) or not raw_rules:
        raise RuleError(source, "a pack needs at least one [[rule]]")
    seen: set[str] = set()
    rules: list[Rule] = []
    for raw in raw_rules:
        rule_id = raw.get("id") if isinstance(raw, dict) else None
        if not isinstance(rule_id, str) or not re.fullmatch(r"[a-z0-9_-]+\.[a-z0-9_.-]+", rule_id):
            raise RuleError(
                source, f"rule id {rule_id!r} must look like 'pack.what' (lowercase, dots)"
            )
        if rule_id in seen:
            raise RuleError(source, "duplicate rule id", rule_id)
        seen.add(rule_id)
        unknown = set(raw) - {
            "id",
            "family",
            "pattern",
            "description",
            "match",
            "regex",
            "outlet",
            "examples",
            "counter_examples",
            "max_words",
        }
        if unknown:
            raise RuleError(source, f"unknown key(s): {', '.join(sorted(unknown))}", rule_id)
        family = _str_field(raw, "family", source, rule_id)
        if family not in FAMILIES:
            raise RuleError(
                source,
                f"unknown family {family!r}; known families: {', '.join(sorted(FAMILIES))}",
                rule_id,
            )
        mode = raw.get("match", "line")
        if mode not in MATCH_MODES:
            raise RuleError(source, f"match must be one of {MATCH_MODES}, not {mode!r}", rule_id)
        regex = raw.get("regex", False)
        max_words = raw.get("max_words", DEFAULT_SHORT_WORDS)
        if not isinstance(regex, bool):
            raise RuleError(source, "'regex' must be true or false", rule_id)
        if not isinstance(max_words, int) or not 1 <= max_words <= 120:
            raise RuleError(source, "'max_words' must be an integer from 1 to 120", rule_id)
        rule = Rule(
            id=rule_id,
            family=family,
            pattern=_str_field(raw, "pattern", source, rule_id),
            description=_str_field(raw, "description", source, rule_id),
            match=cast(MatchMode, mode),
            regex=regex,
            outlet=cast(str | None, raw.get("outlet", outlet)),
            examples=_str_list(raw, "examples", source, rule_id),
            counter_examples=_str_list(raw, "counter_examples", source, rule_id),
            max_words=max_words,
        )
        if not rule.examples:
            raise RuleError(source, "a rule needs at least one example line it catches", rule_id)
        rules.append(rule)
    pack = RulePack(
        name=name,
        version=version,
        description=description,
        rules=tuple(rules),
        outlet=outlet if isinstance(outlet, str) else None,
        source=source,
        domains=domains,
        signals=signals,
    )
    # Validate by compiling, then hold every rule to its own examples.
    matcher = RuleMatcher.build([pack], source=source)
    for rule in pack.rules:
        for example in rule.examples:
            hit = matcher.match(example)
            if hit is None or hit.id != rule.id:
                got = "nothing" if hit is None else hit.id
                raise RuleError(
                    source,
                    f"example {example!r} is not caught by the rule (matched {got})",
                    rule.id,
                )
        for example in rule.counter_examples:
            hit = matcher.match(example)
            if hit is not None and hit.id == rule.id:
                raise RuleError(source, f"counter-example {example!r} is caught", rule.id)
    return pack


@lru_cache(maxsize=64)
def load_pack(ref: str) -> RulePack:
    """Load a built-in pack by name (``"foxnews"``) or a pack file by path.

    Examples:
        >>> load_pack("foxnews").name
        'foxnews'
    """
    source, text = _read_pack_text(ref)
    return parse_pack(text, source)


# Outlet labels that scrapers glue onto the next word: "NEWYou can now listen…".
_GLUED_LABEL = re.compile(
    r"^\s*(?:NEW|ADVERTISEMENT|ADVERTISING|VIDEO|WATCH|LISTEN|LIVE|EXCLUSIVE|BREAKING|UPDATE[SD]?)"
    r"(?=[A-Z][a-z])"
)


def strip_glued_label(line: str) -> str | None:
    """The line without a glued all-caps label, or None when it has none.

    Examples:
        >>> strip_glued_label("NEWYou can now listen")
        'You can now listen'
    """
    m = _GLUED_LABEL.match(line)
    return line[m.end() :] if m else None


_MODE_ORDER: dict[MatchMode, int] = {"line": 0, "start": 1, "end": 2, "short": 3}


@dataclass(frozen=True, slots=True)
class RuleMatcher:
    """Compiled rules. Literal whole-line rules are one dict lookup; every other rule is
    tried only when one of its required literals occurs in the line (found in one pass
    by an Aho-Corasick automaton), or always when it has none. Rules are tried in a
    fixed priority: by match mode (line, start, end, short), then in pack order."""

    exact: dict[str, Rule]
    ordered: tuple[tuple[re.Pattern[str], Rule], ...]  # by priority
    always: tuple[int, ...]  # priorities of rules without required literals
    automaton: Any  # ahocorasick.Automaton: literal -> priorities of its rules
    long_automaton: Any  # literals of the rules that can matter on a long line
    longest_line_rule: int
    max_words: int
    always_max_words: int  # the longest line a rule without literals may judge

    @property
    def by_mode(self) -> dict[MatchMode, tuple[tuple[re.Pattern[str], Rule], ...]]:
        """The compiled rules grouped by match mode (for tests and tools)."""
        return {m: tuple(p for p in self.ordered if p[1].match == m) for m in MATCH_MODES}

    @property
    def max_chars(self) -> int:
        """The longest line (in characters) any rule judges."""
        return _CHARS_PER_WORD * self.max_words

    @classmethod
    def build(
        cls,
        packs: Iterable[RulePack],
        *,
        source: str = "",
        disabled: frozenset[str] = frozenset(),
    ) -> RuleMatcher:
        """Compile ``packs`` (less the ``disabled`` rule ids and families)."""
        exact: dict[str, Rule] = {}
        compiled: list[tuple[re.Pattern[str], Rule, frozenset[str] | None]] = []
        longest = 0
        most_words = 0
        for pack in packs:
            for rule in pack.rules:
                if rule.id in disabled or rule.family in disabled:
                    continue
                pattern = _compile(rule, pack.source or source)
                most_words = max(most_words, rule.max_words)
                if rule.match == "line" and not rule.regex:
                    key = literal_key(rule.pattern)
                    exact.setdefault(key, rule)
                    longest = max(longest, len(key))
                else:
                    literals = (
                        required_literals(rule.pattern)
                        if rule.regex
                        else frozenset({literal_key(rule.pattern)})
                    )
                    compiled.append((pattern, rule, literals))
        compiled.sort(key=lambda item: _MODE_ORDER[item[1].match])  # stable: pack order kept
        automaton = ahocorasick.Automaton()
        always: list[int] = []
        index: dict[str, list[int]] = {}
        for priority, (_, _, literals) in enumerate(compiled):
            if literals is None:
                always.append(priority)
            else:
                for literal in literals:
                    index.setdefault(literal, []).append(priority)
        for literal, priorities in index.items():
            automaton.add_word(literal, tuple(priorities))
        if index:
            automaton.make_automaton()
        short_limit = max(
            [max((k.count(" ") + 1 for k in exact), default=0)]
            + [compiled[i][1].max_words for i in always]
        )
        long_automaton = ahocorasick.Automaton()
        long_words = 0
        for _, rule, literals in compiled:
            if literals is None:
                continue
            sentence = rule.family in SENTENCE_FAMILIES and rule.match != "line"
            if rule.max_words > short_limit or sentence:
                for literal in literals:
                    long_automaton.add_word(literal, literal)
                    long_words += 1
        if long_words:
            long_automaton.make_automaton()
        return cls(
            exact=exact,
            ordered=tuple((p, r) for p, r, _ in compiled),
            always=tuple(always),
            automaton=automaton if index else None,
            long_automaton=long_automaton if long_words else None,
            longest_line_rule=longest,
            max_words=most_words,
            always_max_words=short_limit,
        )

    def match(
        self, line: str, *, words: int | None = None, folded: str | None = None
    ) -> Rule | None:
        """The first rule that catches ``line`` (glued labels set aside), or None.

        ``words`` (its word count) and ``folded`` (``line.casefold()``) may be passed
        by a caller that has them already."""
        # Every rule judges lines of at most max_words words: a paragraph of reporting
        # is longer, and is passed over without normalising it (the common case). The
        # length cap also bounds what any regex sees, whatever the pattern.
        if words is None:
            words = len(line.split())
        if len(line) > self.max_chars or words > self.max_words:
            return None
        if words > self.always_max_words and not self._long_rule_applies(
            folded if folded is not None else line.casefold(), words
        ):
            return None  # no rule that judges lines this long has its literal here
        hit = self._match_one(line)
        if hit is None:
            unglued = strip_glued_label(line)
            if unglued is not None:
                hit = self._match_one(unglued)
        return hit

    def has_literal(self, folded: str) -> bool:
        """Whether a literal of a rule that can matter on a long line (a long rule, or a
        promo-sentence rule) occurs in ``line``: one C-speed pass. A long line with none
        matches no rule and holds no promo sentence."""
        if self.long_automaton is None:
            return False
        return next(self.long_automaton.iter(folded), None) is not None

    def _long_rule_applies(self, folded: str, words: int) -> bool:
        if self.automaton is None:
            return False
        for _, priorities in self.automaton.iter(folded):
            for priority in priorities:
                if self.ordered[priority][1].max_words >= words:
                    return True
        return False

    def mentions(self, folded: str, families: frozenset[str]) -> bool:
        """Whether ``folded`` (case-folded text) holds a required literal of some rule of
        these families: a cheap test before looking for promo sentences in a paragraph."""
        if self.automaton is None:
            return False
        for _, priorities in self.automaton.iter(folded):
            for priority in priorities:
                if self.ordered[priority][1].family in families:
                    return True
        return False

    def _candidates(self, key: str) -> list[int]:
        found = set(self.always)
        if self.automaton is not None:
            for _, priorities in self.automaton.iter(key):
                found.update(priorities)
        return sorted(found)

    def _match_one(self, line: str) -> Rule | None:
        key = match_key(line)
        if not key:
            return None
        bare = key.rstrip(_TRAILING_CHARS)
        if len(bare) <= self.longest_line_rule:
            rule = self.exact.get(bare)
            if rule is not None:
                return rule
        # Rules drop the whole line, so each judges only lines of at most its
        # max_words: a long paragraph that merely contains promo is reporting.
        words = key.count(" ") + 1
        for priority in self._candidates(key):
            pattern, rule = self.ordered[priority]
            if words > rule.max_words:
                continue
            mode = rule.match
            if mode == "line":
                if pattern.fullmatch(bare) or pattern.fullmatch(key):
                    return rule
            elif mode == "start":
                if pattern.match(key):
                    return rule
            elif mode == "end":
                if pattern.search(bare):
                    return rule
            elif pattern.search(key):
                return rule
        return None


def validate_disabled(disabled: Iterable[str], packs: Iterable[RulePack]) -> None:
    """Raise RuleError for a disabled id or family that no loaded pack knows."""
    known_ids = {r.id for p in packs for r in p.rules}
    for item in disabled:
        if item not in known_ids and item not in FAMILIES:
            raise RuleError(
                "disabled_rules",
                f"{item!r} is neither a rule id of the loaded packs nor a family",
            )


def outlet_packs() -> tuple[RulePack, ...]:
    """The built-in packs of one outlet each (every built-in pack but ``generic``)."""
    return tuple(load_pack(n) for n in builtin_pack_names() if n != "generic")


def detect_outlets(text: str, source: str | None = None) -> tuple[str, ...]:
    """Names of the outlet packs that fit a document.

    With a ``source`` hint (a URL, a domain, a pack name or an outlet name) only the
    hint counts; without one, a pack fits when one of its signals (its name as printed,
    such as "Fox News" or "(AP)") stands in the text.

    Examples:
        >>> detect_outlets("", "https://www.foxnews.com/world/nato")
        ('foxnews',)
        >>> detect_outlets("Secretary said, according to Reuters.")
        ('reuters',)
    """
    found = []
    hint = source.strip().casefold() if source else None
    for pack in outlet_packs():
        if hint is not None:
            names = {pack.name, (pack.outlet or "").casefold()}
            if hint in names or any(d in hint for d in pack.domains):
                found.append(pack.name)
        elif any(signal in text for signal in pack.signals):
            found.append(pack.name)
    return tuple(found)
