"""Rule packs: parse and check a pack's TOML, load built-in and user packs (cached by
their text), and pick the outlet packs a document points to."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache
from typing import Any, NamedTuple, cast

from ..errors import RuleError
from .base import (
    DEFAULT_SHORT_WORDS,
    FAMILIES,
    MATCH_MODES,
    MatchMode,
    Rule,
    RulePack,
    _read_pack_text,
    _str_field,
    _str_list,
    builtin_pack_names,
    is_pack_path,
    pack_version,
)
from .matcher import RuleMatcher
from .sites import site_key


def parse_pack(text: str, source: str, *, trusted: bool = False) -> RulePack:
    """Parse and validate one pack's TOML text; ``source`` names it in errors."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RuleError(source, f"not valid TOML: {exc}") from exc
    except RecursionError:
        raise RuleError(source, "not valid TOML: nested too deeply") from None
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
    # a pack of no rules is valid (a corpus too small to learn from writes one)
    if not isinstance(raw_rules, list) or not all(isinstance(r, dict) for r in raw_rules):
        raise RuleError(source, "'rule' must be an array of tables: [[rule]] …")
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
            "opens_list",
            "sentence",
            "sites",
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
        opens_list = raw.get("opens_list", False)
        sentence = raw.get("sentence", False)
        if not isinstance(sentence, bool):
            raise RuleError(source, "'sentence' must be true or false", rule_id)
        if not isinstance(regex, bool):
            raise RuleError(source, "'regex' must be true or false", rule_id)
        if not isinstance(opens_list, bool):
            raise RuleError(source, "'opens_list' must be true or false", rule_id)
        if type(max_words) is not int or not 1 <= max_words <= 120:
            raise RuleError(source, "'max_words' must be an integer from 1 to 120", rule_id)
        rule = Rule(
            id=rule_id,
            family=family,
            pattern=_str_field(raw, "pattern", source, rule_id),
            description=_str_field(raw, "description", source, rule_id),
            match=cast(MatchMode, mode),
            regex=regex,
            outlet=_outlet(raw, outlet, source, rule_id),
            examples=_str_list(raw, "examples", source, rule_id),
            counter_examples=_str_list(raw, "counter_examples", source, rule_id),
            max_words=max_words,
            opens_list=opens_list,
            sentence=sentence,
            sites=_sites(raw, source, rule_id),
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
        trusted=trusted,
    )
    # Validate by compiling, then hold every rule to its own examples.
    for problem in example_problems(pack):
        raise RuleError(source, problem.message, problem.rule_id)
    return pack


class ExampleProblem(NamedTuple):
    """An example its rule does not catch, or a counter-example it does."""

    rule_id: str
    line: str
    message: str


def example_problems(pack: RulePack) -> list[ExampleProblem]:
    """Hold every rule of ``pack`` to its examples (each must be caught by that very
    rule) and counter-examples (none may be), as it runs when the pack is loaded.

    A rule scoped to sites is tried among the rules that apply on those sites only (the
    pack's unscoped rules and the same site's): another site's rule never runs on its
    lines, so it cannot claim its examples. Raises RuleError for a pattern that does not
    compile.

    Examples:
        >>> example_problems(load_pack("foxnews"))
        []
    """
    problems: list[ExampleProblem] = []
    matchers: dict[str | None, RuleMatcher] = {}

    def matcher_for(site: str | None) -> RuleMatcher:
        if site not in matchers:
            rules = tuple(r for r in pack.rules if (r.sites and site in r.sites) or not r.sites)
            matchers[site] = RuleMatcher.build([replace(pack, rules=rules)], source=pack.source)
        return matchers[site]

    for rule in pack.rules:
        scopes: tuple[str | None, ...] = tuple(sorted(rule.sites)) or (None,)
        for site in scopes:
            matcher = matcher_for(site)
            for example in rule.examples:
                hit = matcher.match(example)
                if hit is None or hit.id != rule.id:
                    got = "nothing" if hit is None else hit.id
                    where = "" if site is None else f" on site {site!r}"
                    message = (
                        f"example {example!r} is not caught by the rule{where} (matched {got})"
                    )
                    problems.append(ExampleProblem(rule.id, example, message))
            for example in rule.counter_examples:
                hit = matcher.match(example)
                if hit is not None and hit.id == rule.id:
                    message = f"counter-example {example!r} is caught"
                    problems.append(ExampleProblem(rule.id, example, message))
    return problems


def _sites(raw: dict[str, Any], source: str, rule_id: str) -> frozenset[str]:
    names = _str_list(raw, "sites", source, rule_id)
    if "sites" in raw and not names:
        raise RuleError(source, "'sites' must name at least one site (or be left out)", rule_id)
    keys = {site_key(n) for n in names}
    if None in keys:
        raise RuleError(source, "'sites' must hold non-empty names", rule_id)
    return frozenset(k for k in keys if k is not None)


def scoped(pack: RulePack, source: str | None) -> RulePack:
    """``pack`` with only the rules that apply to a document from ``source`` (a URL, host
    or outlet name): its unscoped rules and the rules of that site. With no source,
    every rule (nothing to scope by).

    Examples:
        >>> pack = parse_pack(
        ...     '[pack]\\nname = "l"\\nversion = "1"\\ndescription = "d"\\n'
        ...     '[[rule]]\\nid = "l.a"\\nfamily = "boilerplate"\\npattern = "Planet Briefing"\\n'
        ...     'description = "d"\\nexamples = ["Planet Briefing"]\\nsites = ["planet.com"]\\n',
        ...     "l.toml",
        ... )
        >>> len(scoped(pack, "https://news.planet.com/x").rules), len(scoped(pack, "cnn.com").rules)
        (1, 0)
    """
    site = site_key(source) if source else None
    if site is None or all(r.applies_to(site) for r in pack.rules):
        return pack
    return replace(pack, rules=tuple(r for r in pack.rules if r.applies_to(site)))


def _outlet(raw: dict[str, Any], default: str | None, source: str, rule_id: str) -> str | None:
    value = raw.get("outlet", default)
    if value is None:
        return None
    if not (isinstance(value, str) and value):
        raise RuleError(source, "'outlet' must be a non-empty string", rule_id)
    return value


def load_pack(ref: str) -> RulePack:
    """Load a built-in pack by name (``"foxnews"``), a pack file by path, or inline TOML.

    Parsed packs are cached by their text, never by the name alone: a user's pack file
    edited between two calls in one process is read again and its new rules apply.

    Examples:
        >>> load_pack("foxnews").name
        'foxnews'
    """
    source, text = _read_pack_text(ref)
    # only the packs shipped inside newsclean run on Python's regex engine
    return _parse_cached(text, source, trusted=not is_pack_path(ref) and "[pack]" not in ref)


@lru_cache(maxsize=64)
def _parse_cached(text: str, source: str, trusted: bool) -> RulePack:
    return parse_pack(text, source, trusted=trusted)


#: The promo step's heuristics that ``disabled_rules`` may name, besides rules and families.
SWITCHABLE_HEURISTICS = frozenset(
    {
        "heuristic.caps-label",
        "heuristic.gallery-residue",
        "heuristic.call-to-action",
        "heuristic.about-block",
        "heuristic.author-bio",
        "heuristic.closing-question",
        "heuristic.headline-run",
        "heuristic.dangling-lead-in",
        "heuristic.wiki-edit-label",
    }
)


def validate_disabled(disabled: Iterable[str], packs: Iterable[RulePack]) -> None:
    """Raise RuleError for a disabled id or family that no loaded pack knows."""
    known_ids = {r.id for p in packs for r in p.rules}
    for item in disabled:
        if item not in known_ids and item not in FAMILIES and item not in SWITCHABLE_HEURISTICS:
            raise RuleError(
                "disabled_rules",
                f"{item!r} is neither a rule id of the loaded packs, a family nor one of "
                f"the heuristics {', '.join(sorted(SWITCHABLE_HEURISTICS))}",
            )


def outlet_packs() -> tuple[RulePack, ...]:
    """The built-in packs of one outlet each (every built-in pack but ``generic``)."""
    return tuple(load_pack(n) for n in builtin_pack_names() if n != "generic")


@lru_cache(maxsize=1024)
def _domain_key(domain: str) -> str | None:
    return site_key(domain)


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
            key = site_key(hint)  # "ew.com" is no domain of "nationalreview.com"
            if hint in names or any(_domain_key(d) == key for d in pack.domains):
                found.append(pack.name)
        elif any(signal in text for signal in pack.signals):
            found.append(pack.name)
    return tuple(found)


def compiled_rules(
    packs: tuple[str, ...], disabled_rules: frozenset[str], source: str | None = None
) -> RuleMatcher:
    """The compiled matcher for these packs, built once per distinct set of packs *as they
    are now*: a user's pack file is keyed by its path, modification time and size, so
    editing it between two calls takes effect. With ``source`` (a document's URL, host or
    outlet), a learned pack's site rules match only documents of that site."""
    matcher = _compiled(tuple(pack_version(ref) for ref in packs), packs, disabled_rules)
    return matcher.for_site(site_key(source) if source and matcher.scoped else None)


@lru_cache(maxsize=64)
def _compiled(
    versions: tuple[tuple[object, ...], ...], packs: tuple[str, ...], disabled: frozenset[str]
) -> RuleMatcher:
    loaded = [load_pack(ref) for ref in packs]
    validate_disabled(disabled, loaded)
    return RuleMatcher.build(loaded, disabled=disabled)
