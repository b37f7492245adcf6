"""The cleaning flags: one flag per ``CleanConfig`` option, with the option's own name
(``_`` -> ``-``), and the way back from parsed flags to library options.

This module is the whole boundary between the command line and the option declarations:
``add_option_flags`` puts the flags on a parser, ``options_from_args`` turns what was
parsed into keyword options for ``CleanConfig.from_options``.
"""

from __future__ import annotations

import argparse
import dataclasses
from typing import Any

from ..config import OPTIONS, PRESETS, CleanConfig

_OFF = "off"  # how the command line says None for the guard


def add_option_flags(parser: argparse.ArgumentParser) -> None:
    """Add ``--preset`` and one flag per CleanConfig option to ``parser``."""
    docs = CleanConfig.describe()
    group = parser.add_argument_group("cleaning options (same names as CleanConfig)")
    group.add_argument(
        "--preset",
        choices=tuple(PRESETS),
        default=None,
        help="a named bundle of the encoding options, applied before the other flags "
        "(default: display)",
    )
    for f in dataclasses.fields(CleanConfig):
        flag = "--" + f.name.replace("_", "-")
        group.add_argument(flag, dest=f.name, default=None, **_flag_kind(f.name, f.default, docs))


def options_from_args(args: argparse.Namespace) -> dict[str, Any]:
    """The options given as flags (those left out are not in the dict), in the library's
    own terms: ``none`` -> None, ``yes``/``no`` -> True/False, ``all``/``auto`` alone."""
    options: dict[str, Any] = {}
    if getattr(args, "preset", None) is not None:
        options["preset"] = args.preset
    for f in dataclasses.fields(CleanConfig):
        value = getattr(args, f.name, None)
        if value is None:
            continue
        if f.name == "normalization":
            value = None if value == "none" else value
        elif f.name == "outlets" and value in (["all"], ["auto"]):
            value = value[0]
        elif f.name == "max_removed_share" and value == _OFF:
            value = None
        elif f.name == "unescape_html":
            value = {"auto": "auto", "yes": True, "no": False}[value]
        elif f.name == "model" and value.lower() == "none":
            value = None
        options[f.name] = value
    return options


def _flag_kind(name: str, default: Any, docs: dict[str, str]) -> dict[str, Any]:
    """How the flag for one CleanConfig option parses, read off the option's declaration."""
    option = OPTIONS[name]
    doc = docs[name].replace("%", "%%")  # argparse formats help text with %
    if option.kind == "bool":
        state = "on" if default else "off"
        return {"action": argparse.BooleanOptionalAction, "help": f"{doc} (default: {state})"}
    if option.kind == "list":
        extra = " 'all' or 'auto' alone. (default: all)" if name == "outlets" else ""
        return {"action": "append", "metavar": "NAME", "help": f"{doc} Repeat for several.{extra}"}
    if option.kind == "share":
        return {"type": _share, "metavar": "N|none", "help": f"{doc} (default: {default})"}
    if option.kind == "model":
        return {"metavar": "default|PATH|none", "help": f"{doc} (default: none)"}
    if option.kind == "choice":
        choices = [_SPELLING.get(c, c) for c in option.choices]
        return {"choices": choices, "help": f"{doc} (default: {_SPELLING.get(default, default)})"}
    kind = float if option.kind == "float" else int
    return {"type": kind, "metavar": "N", "help": f"{doc} (default: {default})"}


# How the command line spells the non-string values of a closed choice.
_SPELLING: dict[Any, str] = {None: "none", True: "yes", False: "no"}


def _share(text: str) -> float | str:
    if text.lower() == "none":
        return _OFF
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a number from 0 to 1 or 'none', not {text!r}"
        ) from None
