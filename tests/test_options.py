"""Every route to an option accepts and refuses the same values (one declaration, one check).

Routes: CleanConfig(...), CleanConfig.from_options(...), clean(text, ...),
Pipeline.default(...), the filter's constructor, Pipeline.configure(step, ...), and the
command-line flag where a flag can spell the value.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import newsclean
from newsclean.cli import main
from newsclean.config import OPTIONS, STEP_OPTIONS, CleanConfig
from newsclean.errors import ConfigError
from newsclean.pipeline import Pipeline

STEP_CLASS = {
    "fix_encoding": newsclean.FixEncoding,
    "drop_promo": newsclean.DropPromoLines,
    "collapse_captions": newsclean.CollapseRepeatedCaptions,
    "tidy_whitespace": newsclean.TidyWhitespace,
}

# Values each kind of option must accept and refuse, on every route.
GOOD: dict[str, list[Any]] = {
    "bool": [True, False],
    "int": [1, 10_000],
    "float": [95, 95.5, 100],
    "share": [0, 0.5, 1, None],
}
BAD: dict[str, list[Any]] = {
    "bool": [1, "yes", None],
    "int": [0, 10_001, 2.5, True, "5"],
    "float": [0, 100.5, True, "90"],
    "share": [-0.1, 1.5, True, "0.2"],
    "choice": ["no-such-choice", 3],
}
SPECIAL_GOOD = {
    "outlets": ["all", "auto", ["cnn"], ("foxnews", "bbc")],
    "packs": [["generic"], "generic", ()],
    "disabled_rules": [["generic.read-more"], "generic.read-more", frozenset()],
    "model": ["default", None],
}
SPECIAL_BAD = {
    "outlets": ["every", ["no-such-outlet"], 5],
    "packs": [[""], 5],
    "disabled_rules": [5, [3]],
    "model": ["", 5],
}


def _cases(good: bool) -> list[tuple[str, Any]]:
    out = []
    for name, option in OPTIONS.items():
        if name in SPECIAL_GOOD:
            values = (SPECIAL_GOOD if good else SPECIAL_BAD)[name]
        elif option.kind == "choice":
            values = list(option.choices) if good else BAD["choice"]
        else:
            values = (GOOD if good else BAD)[option.kind]
        out += [(name, v) for v in values]
    return out


def _step_of(name: str) -> tuple[str, str] | None:
    for step, options in STEP_OPTIONS.items():
        for option in options:
            if option.name == name:
                return step, option.field_name
    return None


def _routes(name: str, value: Any) -> dict[str, Any]:
    """Call every route; return route -> True (accepted) or the exception type raised."""
    calls: dict[str, Any] = {
        "CleanConfig": lambda: CleanConfig(**{name: value}),
        "from_options": lambda: CleanConfig.from_options(**{name: value}),
        "clean": lambda: newsclean.clean("A line of reporting.", **{name: value}),
        "Pipeline.default": lambda: Pipeline.default(**{name: value}),
    }
    where = _step_of(name)
    if where is not None:
        step, attr = where
        calls["filter"] = lambda: STEP_CLASS[step](**{attr: value})
        calls["configure"] = lambda: Pipeline.default().configure(step, **{attr: value})
    result = {}
    for route, call in calls.items():
        try:
            call()
            result[route] = True
        except ConfigError:
            result[route] = False
    return result


@pytest.mark.parametrize(("name", "value"), _cases(good=True))
def test_every_route_accepts_a_good_value(name: str, value: Any) -> None:
    assert set(_routes(name, value).values()) == {True}


@pytest.mark.parametrize(("name", "value"), _cases(good=False))
def test_every_route_refuses_a_bad_value(name: str, value: Any) -> None:
    assert set(_routes(name, value).values()) == {False}


def test_every_config_field_has_one_declaration() -> None:
    fields = CleanConfig.describe()
    assert set(fields) == set(OPTIONS)
    for name, option in OPTIONS.items():
        assert getattr(CleanConfig(), name) == option.default
        assert fields[name] == option.doc


@pytest.mark.parametrize(
    ("flag", "value", "ok"),
    [
        ("--min-headline-words", "5", True),
        ("--min-headline-words", "20000", False),
        ("--caption-min-length", "0", False),
        ("--score-cutoff", "95", True),
        ("--score-cutoff", "101", False),
        ("--max-removed-share", "1.5", False),
        ("--max-removed-share", "none", True),
    ],
)
def test_cli_flags_share_the_check(tmp_path: Path, flag: str, value: str, ok: bool) -> None:
    src = tmp_path / "a.txt"
    src.write_text("A line of reporting.\n", encoding="utf-8")
    code = main(["clean", flag, value, str(src), "-o", str(tmp_path / "out.txt"), "--quiet"])
    assert (code == 0) is ok
    name = flag[2:].replace("-", "_")
    python_value: Any = None if value == "none" else float(value) if "." in value else int(value)
    if name == "score_cutoff" and python_value is not None:
        python_value = float(python_value)
    assert all(_routes(name, python_value).values()) is ok
