"""Option declarations: each option's type, default, check and one-line doc, declared once.

A filter module declares its options here-shaped (``OPTIONS``); the filter's own fields,
``CleanConfig``, ``Pipeline.configure``, keyword options of ``clean()`` and the command
line's flags are all derived from those declarations and share one check, so no route
accepts a value another refuses.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from .errors import ConfigError


def _same(value: Any) -> Any:
    return value


@dataclass(frozen=True, slots=True)
class Option:
    """One option: its name everywhere, its default, what it accepts, and why it exists.

    ``attr`` is the filter's field name when it differs from the config name (the caption
    filter's ``min_length`` is ``caption_min_length`` in ``CleanConfig``). ``choices`` lists
    a closed set for the command line; ``coerce`` turns the forms every route accepts (a
    list for a tuple, an int for a float) into the stored form before the check.
    """

    name: str
    default: Any
    allowed: str
    check: Callable[[Any], bool]
    doc: str
    coerce: Callable[[Any], Any] = _same
    attr: str = ""
    choices: tuple[Any, ...] = ()
    kind: str = "value"  # bool | int | float | choice | list | share | value
    in_config: bool = True  # False: a filter-only switch (a test hook), not in CleanConfig

    @property
    def field_name(self) -> str:
        """The name of this option on the filter."""
        return self.attr or self.name

    def validate(self, value: Any, owner: str | None = None) -> Any:
        """The coerced value, or ConfigError naming the option and what it accepts."""
        with contextlib.suppress(TypeError, ValueError):  # the check names what is allowed
            value = self.coerce(value)
        if not self.check(value):
            where = f"{owner}: " if owner else ""
            raise ConfigError(f"{where}option {self.name!r} must be {self.allowed}; got {value!r}")
        return value


def is_bool(value: Any) -> bool:
    return isinstance(value, bool)


def is_count(value: Any) -> bool:
    """A whole number from 1 to 10,000 (a bool is not a number here)."""
    return type(value) is int and 1 <= value <= 10_000


def is_names(value: Any) -> bool:
    return isinstance(value, tuple) and all(isinstance(p, str) and p for p in value)


def to_tuple(value: Any) -> Any:
    if isinstance(value, str):
        return (value,)
    return tuple(value) if isinstance(value, list | tuple) else value


def to_frozenset(value: Any) -> Any:
    if isinstance(value, str):
        return frozenset({value})
    return frozenset(value) if isinstance(value, list | tuple | set | frozenset) else value


def to_float(value: Any) -> Any:
    return float(value) if type(value) is int else value


def flag(
    name: str, doc: str, default: bool = True, attr: str = "", in_config: bool = True
) -> Option:
    """A True/False option."""
    return Option(
        name, default, "True or False", is_bool, doc, attr=attr, kind="bool", in_config=in_config
    )


def choice(name: str, default: Any, choices: tuple[Any, ...], doc: str, attr: str = "") -> Option:
    """An option that takes one of a closed set of values."""
    return Option(
        name,
        default,
        f"one of {choices}",
        lambda v: v in choices,
        doc,
        attr=attr,
        choices=choices,
        kind="choice",
    )


def count(name: str, default: int, doc: str, attr: str = "") -> Option:
    """A whole-number option from 1 to 10,000."""
    return Option(
        name, default, "a whole number from 1 to 10000", is_count, doc, attr=attr, kind="int"
    )


@dataclass(frozen=True, slots=True)
class Options:
    """The options of one owner (a filter, the pipeline), in declaration order."""

    owner: str
    items: tuple[Option, ...] = field(default=())

    def __iter__(self) -> Any:
        return iter(self.items)

    def by_field(self) -> dict[str, Option]:
        return {o.field_name: o for o in self.items}

    def validate_fields(self, obj: object) -> None:
        """Coerce and check each option on a frozen dataclass instance, in place."""
        for option in self.items:
            value = getattr(obj, option.field_name)
            checked = option.validate(value, self.owner)
            if checked is not value:
                object.__setattr__(obj, option.field_name, checked)


def all_names(groups: Iterable[Options]) -> list[str]:
    return [o.name for g in groups for o in g.items]
