"""What learning finds: the learned rules with their evidence, the lines held back and
why, and the rule pack file they make."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import require
from .packfile import TomlValue, toml_comment, toml_table


@dataclass(frozen=True, slots=True)
class LearnedRule:
    """One learned boilerplate line (with its near-duplicate variants) and its evidence."""

    site: str
    rule_id: str
    keys: tuple[str, ...]  # the normalised variants
    examples: tuple[str, ...]  # the commonest raw forms
    support: int  # sampled articles of the site holding a variant
    site_docs: int  # sampled articles of the site
    days: int | None  # distinct days among the articles holding it (None: no dates)
    topic_lift: float  # how much more alike its articles are than the site's (1 = as alike)

    @property
    def share(self) -> float:
        return self.support / self.site_docs

    @property
    def pattern(self) -> str:
        """The rule's regular expression: each variant's words, any punctuation or
        spacing between them, any number where the learned line had one."""
        parts = [_key_pattern(k) for k in self.keys]
        return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"

    @property
    def evidence(self) -> str:
        days = "" if self.days is None else f", on {self.days} days"
        return (
            f"in {self.support} of {self.site_docs} sampled {self.site} articles "
            f"({self.share:.0%}){days}; topic lift {self.topic_lift:.2f}"
        )

    def pack_fields(self) -> dict[str, TomlValue]:
        """The rule as the keys of a ``[[rule]]`` table in a rule pack."""
        words = max(len(e.split()) for e in self.examples)
        return {
            "id": self.rule_id,
            "family": "boilerplate",
            "pattern": self.pattern,
            "regex": True,
            "max_words": min(120, words + 4),
            "outlet": self.site,
            "description": f"Learned: {self.evidence}.",
            "examples": list(self.examples),
        }


@dataclass(frozen=True, slots=True)
class Rejected:
    """A line common enough to learn that was not learned, and why."""

    site: str
    example: str
    support: int
    reason: str


def _key_pattern(key: str) -> str:
    words = [r"\d+".join(re.escape(p) for p in w.split("0")) for w in key.split()]
    return r"\W*" + r"\W+".join(words) + r"\W*"


@dataclass(frozen=True, slots=True)
class Learned:
    """The result of ``learn_boilerplate``: learned rules, and lines held back with why."""

    rules: tuple[LearnedRule, ...]
    rejected: tuple[Rejected, ...]
    sites: dict[str, tuple[int, int]]  # site -> (articles seen, articles sampled)
    skipped: int  # records with no site or no text

    def to_toml(self, name: str = "learned", version: str = "1") -> str:
        """The rules as a rule pack file: load it with ``clean(text, packs=[path])``."""
        require(
            bool(re.fullmatch(r"[a-z0-9_-]+", name)),
            "Learned.to_toml",
            "name",
            "lowercase letters, digits, - or _",
            name,
        )
        out = [
            toml_comment(line)
            for line in (
                "Boilerplate learned by `newsclean learn` from each site's own articles.",
                "Each rule: a line (and its near-duplicate variants) that recurs across a",
                "large share of one site's articles on different topics and days.",
                "Read it, delete what you would not remove, and load it like any pack:",
                f"  newsclean clean --packs {name}.toml …   or   "
                f"clean(text, packs=['{name}.toml'])",
            )
        ]
        about = {
            "name": name,
            "version": version,
            "description": f"Boilerplate learned from {len(self.sites)} site(s).",
        }
        out += ["", *toml_table("pack", about)]
        for rule in self.rules:
            comment = f"{rule.site}: {rule.evidence}"
            out += ["", *toml_table("rule", rule.pack_fields(), array=True, comment=comment)]
        return "\n".join(out) + "\n"

    def summary(self) -> str:
        lines = [f"{len(self.rules)} learned rule(s) from {len(self.sites)} site(s)"]
        for rule in self.rules:
            lines.append(f"  {rule.rule_id}: {rule.examples[0]!r} — {rule.evidence}")
        if self.rejected:
            lines.append(f"{len(self.rejected)} frequent line(s) not learned:")
            for rej in self.rejected:
                lines.append(
                    f"  {rej.site}: {rej.example!r} ({rej.support} articles) — {rej.reason}"
                )
        return "\n".join(lines)
