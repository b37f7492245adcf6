"""Rule packs: load TOML packs shipped in ``newsclean/rules`` or given by path,
validate them, and compile them once into a matcher for the promo filter."""

from __future__ import annotations

import re
import tomllib
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal, cast

from .errors import RuleError

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


def match_key(line: str) -> str:
    """The form every rule is matched against: trimmed, spaces folded, quotes
    straightened, case folded.

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

    >>> strip_glued_label("NEWYou can now listen")
    'You can now listen'
    """
    m = _GLUED_LABEL.match(line)
    return line[m.end() :] if m else None


@dataclass(frozen=True, slots=True)
class RuleMatcher:
    """Compiled rules, grouped by match mode so that each line costs little."""

    exact: dict[str, Rule]
    by_mode: dict[MatchMode, tuple[tuple[re.Pattern[str], Rule], ...]]
    longest_line_rule: int
    max_words: int

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
        grouped: dict[MatchMode, list[tuple[re.Pattern[str], Rule]]] = {m: [] for m in MATCH_MODES}
        longest = 0
        most_words = 0
        for pack in packs:
            for rule in pack.rules:
                if rule.id in disabled or rule.family in disabled:
                    continue
                compiled = _compile(rule, pack.source or source)
                most_words = max(most_words, rule.max_words)
                if rule.match == "line" and not rule.regex:
                    key = literal_key(rule.pattern)
                    exact.setdefault(key, rule)
                    longest = max(longest, len(key))
                else:
                    grouped[rule.match].append((compiled, rule))
        return cls(
            exact=exact,
            by_mode={m: tuple(v) for m, v in grouped.items()},
            longest_line_rule=longest,
            max_words=most_words,
        )

    def match(self, line: str) -> Rule | None:
        """The first rule that catches ``line`` (glued labels set aside), or None."""
        # Every rule judges lines of at most max_words words: a paragraph of reporting
        # is longer, and is passed over without normalising it (the common case). The
        # length cap also bounds what any regex sees, whatever the pattern.
        if len(line) > self.max_chars or len(line.split()) > self.max_words:
            return None
        hit = self._match_one(line)
        if hit is None:
            unglued = strip_glued_label(line)
            if unglued is not None:
                hit = self._match_one(unglued)
        return hit

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
        for pattern, rule in self.by_mode["line"]:
            if words <= rule.max_words and (pattern.fullmatch(bare) or pattern.fullmatch(key)):
                return rule
        for pattern, rule in self.by_mode["start"]:
            if words <= rule.max_words and pattern.match(key):
                return rule
        for pattern, rule in self.by_mode["end"]:
            if words <= rule.max_words and pattern.search(bare):
                return rule
        for pattern, rule in self.by_mode["short"]:
            if words <= rule.max_words and pattern.search(key):
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
