"""What learning finds: the learned rules with their evidence, the lines held back and
why, and the rule pack file they make."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..errors import require
from ..rules import RulePack
from ..rules.base import Rule
from ..rules.loader import example_problems
from ..rules.sites import site_key
from .packfile import TomlValue, pack_text, scalar_text
from .templates import generalise, merge_slots, template_pattern


@dataclass(frozen=True, slots=True)
class LearnedRule:
    """One learned boilerplate line (with its near-duplicate variants) and its evidence."""

    site: str
    rule_id: str
    keys: tuple[str, ...]  # the variants' templates (see corpus.templates), commonest first
    examples: tuple[str, ...]  # the commonest raw forms
    support: int  # sampled articles of the site holding a variant
    site_docs: int  # sampled articles of the site
    days: int | None  # distinct days among the articles holding it (None: no dates)
    topic_lift: float  # how much more alike its articles are than the site's (1 = as alike)
    words: int = 0  # words of its longest raw form (0: read from the examples)
    aliases: tuple[str, ...] = ()  # the site's other names (domains, or outlets)

    @property
    def sites(self) -> list[str]:
        """The names of the site the rule applies to: its own, then its aliases."""
        return list(dict.fromkeys((self.site, *self.aliases)))

    @property
    def share(self) -> float:
        return self.support / self.site_docs

    @property
    def pattern(self) -> str:
        """The rule's regular expression: each variant's words in order, any punctuation
        or spacing between them, and each variable part (a number, a time, a date, a
        month or day name, a price; a slot where three or more variants differ by one
        word) as its class, never as the samples seen."""
        templates = merge_slots([generalise(k) for k in self.keys])
        parts = list(dict.fromkeys(template_pattern(t) for t in templates))
        return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"

    @property
    def max_words(self) -> int:
        """The longest line (in words) the rule judges: its longest form, and some room."""
        longest = max([self.words, *(len(e.split()) for e in self.examples)])
        return min(120, longest + 4)

    @property
    def evidence(self) -> str:
        days = "" if self.days is None else f", on {self.days} days"
        return (
            f"in {self.support} of {self.site_docs} sampled {self.site} articles "
            f"({self.share:.0%}){days}; topic lift {self.topic_lift:.2f}"
        )

    @property
    def description(self) -> str:
        return f"Learned: {self.evidence}."

    def pack_fields(self) -> dict[str, TomlValue]:
        """The rule as the keys of a ``[[rule]]`` table in a rule pack: scoped to its
        site (``sites``: its name, and its other names), so it runs on that site's
        articles only."""
        return {
            "id": self.rule_id,
            "family": "boilerplate",
            "pattern": self.pattern,
            "regex": True,
            "max_words": self.max_words,
            "outlet": self.site,
            "sites": self.sites,
            "description": self.description,
            "examples": list(self.examples),
        }

    def to_rule(self) -> Rule:
        """The rule as loading its pack makes it."""
        keys = {site_key(name) for name in self.sites}
        return Rule(
            id=self.rule_id,
            family="boilerplate",
            pattern=self.pattern,
            description=self.description,
            regex=True,
            outlet=self.site,
            examples=self.examples,
            max_words=self.max_words,
            sites=frozenset(k for k in keys if k is not None),
        )


@dataclass(frozen=True, slots=True)
class Rejected:
    """A line common enough to learn that was not learned, and why."""

    site: str
    example: str
    support: int
    reason: str


def checked_rules(rules: Sequence[LearnedRule]) -> tuple[list[LearnedRule], list[Rejected]]:
    """``rules`` held to their examples as loading their pack holds them (on the engine
    user packs run on, among the rules of the same site): an example its rule does not
    catch is left out, a rule left with none is not learned. So a learned pack loads.

    Each pass can only remove examples or rules; it ends within as many passes as there
    are rules."""
    kept = list(rules)
    dropped: list[Rejected] = []
    for _ in range(len(kept) + 1):
        pack = RulePack("learned", "1", "check", tuple(r.to_rule() for r in kept), source="learned")
        bad: dict[str, set[str]] = {}
        for problem in example_problems(pack):
            bad.setdefault(problem.rule_id, set()).add(problem.line)
        if not bad:
            break
        survivors = []
        for rule in kept:
            examples = tuple(e for e in rule.examples if e not in bad.get(rule.rule_id, ()))
            if examples:
                survivors.append(replace(rule, examples=examples))
            else:
                reason = "its pattern does not catch its own lines on this site"
                dropped.append(Rejected(rule.site, rule.examples[0], rule.support, reason))
        kept = survivors
    return kept, dropped


def _shown(site: str) -> str:
    """A site's name for a one-line summary: as it is, or quoted when it holds a line
    break or another character that is not printable."""
    return site if site.isprintable() else repr(site)


_HEADER = (
    "Boilerplate learned by `newsclean learn` from each site's own articles.",
    "Each rule: a line (and its variants) that recurs across a large share of one",
    "site's articles on different topics and days; it runs on that site's articles only",
    "(its `sites`: give `clean` each article's url or outlet as its source).",
    "Read it, delete what you would not remove, and load it like any pack.",
)


@dataclass(frozen=True, slots=True)
class Learned:
    """The result of ``learn_boilerplate``: learned rules, and lines held back with why."""

    rules: tuple[LearnedRule, ...]
    rejected: tuple[Rejected, ...]
    sites: dict[str, tuple[int, int]]  # site -> (articles seen, articles sampled)
    skipped: int  # records with no site or no text

    def to_toml(self, name: str = "learned", version: str = "1") -> str:
        """The rules as a rule pack file (possibly of no rule: still a valid pack). Load
        it with ``clean(text, packs=[path], source=url)``.

        Examples:
            >>> from newsclean.rules import parse_pack
            >>> empty = Learned(rules=(), rejected=(), sites={}, skipped=0)
            >>> parse_pack(empty.to_toml(), "learned.toml").rules
            ()
        """
        require(
            bool(re.fullmatch(r"[a-z0-9_-]+", name)),
            "Learned.to_toml",
            "name",
            "lowercase letters, digits, - or _",
            name,
        )
        header = (
            *_HEADER,
            f"  newsclean clean --packs {name}.toml …   or   "
            f"clean(text, packs=[{scalar_text(name + '.toml')}], source=url)",
        )
        about: dict[str, TomlValue] = {
            "name": name,
            "version": version,
            "description": f"Boilerplate learned from {len(self.sites)} site(s).",
        }
        rules = [(f"{r.site}: {r.evidence}", r.pack_fields()) for r in self.rules]
        return pack_text(header, about, rules)

    def summary(self) -> str:
        lines = [f"{len(self.rules)} learned rule(s) from {len(self.sites)} site(s)"]
        for rule in self.rules:
            evidence = rule.evidence.replace(rule.site, _shown(rule.site))
            lines.append(f"  {rule.rule_id}: {rule.examples[0]!r} — {evidence}")
        if self.rejected:
            lines.append(f"{len(self.rejected)} frequent line(s) not learned:")
            for rej in self.rejected:
                lines.append(
                    f"  {_shown(rej.site)}: {rej.example!r} ({rej.support} articles) — {rej.reason}"
                )
        return "\n".join(lines)
