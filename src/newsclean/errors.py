"""The few named errors newsclean raises: bad rules and bad configuration."""

from __future__ import annotations


class NewscleanError(Exception):
    """Base class of every error newsclean raises on purpose."""


class RuleError(NewscleanError, ValueError):
    """A rule pack cannot be used: names the pack, the rule id and the problem."""

    def __init__(self, pack: str, problem: str, rule_id: str | None = None) -> None:
        self.pack = pack
        self.rule_id = rule_id
        self.problem = problem
        where = f"{pack}: rule {rule_id!r}" if rule_id else pack
        super().__init__(f"{where}: {problem}")


class ConfigError(NewscleanError, ValueError):
    """An option is unknown, of the wrong type, or out of range."""


def require(ok: bool, owner: str, option: str, allowed: str, value: object) -> None:
    """Raise ConfigError naming ``owner.option`` and what it accepts, unless ``ok``."""
    if not ok:
        raise ConfigError(f"{owner}: option {option!r} must be {allowed}; got {value!r}")
