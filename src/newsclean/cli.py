"""The command line: a thin shell that parses arguments, builds a CleanConfig and
calls the library. ``main(argv) -> int`` never calls ``sys.exit`` itself."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO, get_args

from ._version import __version__
from .api import clean_and_explain
from .config import PRESETS, CleanConfig
from .errors import NewscleanError
from .filters.captions import CaptionMode, KeepPolicy, ScorerName
from .filters.encoding import Normalization
from .filters.promo import Strictness
from .rules import builtin_pack_names, load_pack

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2
# Options whose values are a closed list (a Literal), by option name.
_CHOICES: dict[str, object] = {
    "keep": KeepPolicy,
    "captions": CaptionMode,
    "scorer": ScorerName,
    "strictness": Strictness,
}


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser that raises instead of exiting, so main() returns 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise _UsageError(f"{self.prog}: {message}")


class _UsageError(Exception):
    pass


def _add_config_flags(parser: argparse.ArgumentParser) -> None:
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
        group.add_argument(flag, dest=f.name, default=None, **_flag_kind(f.name, f.default))


def _flag_kind(name: str, default: Any) -> dict[str, Any]:
    """How the flag for one CleanConfig option parses, and its help text."""
    doc = _FIELD_DOCS[name].replace("%", "%%")  # argparse formats help text with %
    if isinstance(default, bool):
        state = "on" if default else "off"
        return {"action": argparse.BooleanOptionalAction, "help": f"{doc} (default: {state})"}
    if name in {"outlets", "packs", "disabled_rules"}:
        extra = " 'all' or 'auto' alone. (default: all)" if name == "outlets" else ""
        return {"action": "append", "metavar": "NAME", "help": f"{doc} Repeat for several.{extra}"}
    if name == "normalization":
        choices: Any = [*get_args(Normalization), "none"]
    elif name in _CHOICES:
        choices = get_args(_CHOICES[name])
    elif name == "unescape_html":
        choices = ["auto", "yes", "no"]
    elif name == "max_removed_share":
        return {"type": _share, "metavar": "N|none", "help": f"{doc} (default: {default})"}
    else:
        kind = float if isinstance(default, float) else int
        return {"type": kind, "metavar": "N", "help": f"{doc} (default: {default})"}
    return {"choices": choices, "help": f"{doc} (default: {default})"}


_FIELD_DOCS = CleanConfig.describe()
_OFF = "off"  # how the command line says None for the guard


def _share(text: str) -> float | str:
    if text.lower() == "none":
        return _OFF
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a number from 0 to 1 or 'none', not {text!r}"
        ) from None


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed so docs and tests can read every flag)."""
    parser = _Parser(
        prog="newsclean",
        description="Turn raw scraped news article text into clean article text.",
    )
    parser.add_argument("--version", action="version", version=f"newsclean {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p_clean = sub.add_parser("clean", help="clean one article (a file or - for stdin)")
    p_clean.add_argument("input", metavar="INPUT", help="a text file, or - for stdin")
    p_clean.add_argument(
        "-o", "--output", metavar="PATH", default="-", help="where to write (default: - stdout)"
    )
    p_clean.add_argument(
        "--explain",
        action="store_true",
        help="write the audit trail (every removed or edited line, and why) instead of the text",
    )
    p_clean.add_argument(
        "--json", action="store_true", help="with --explain: the changes as JSON lines"
    )
    p_clean.add_argument(
        "--source",
        metavar="URL",
        default=None,
        help="where the article came from (URL, domain or outlet name): with "
        "--outlets auto, picks the outlet's rule pack",
    )
    _add_config_flags(p_clean)

    p_rules = sub.add_parser("rules", help="list or show the rules in the rule packs")
    rules_sub = p_rules.add_subparsers(dest="rules_command", metavar="ACTION", parser_class=_Parser)
    p_list = rules_sub.add_parser("list", help="one line per rule: id, family, description")
    p_list.add_argument(
        "--packs", action="append", metavar="NAME", help="packs to list (default: all built-in)"
    )
    rules_sub.add_parser("packs", help="one line per pack: name, version, outlet, rule count")
    p_show = rules_sub.add_parser("show", help="everything about one rule")
    p_show.add_argument("rule_id", metavar="ID")
    return parser


def _options(args: argparse.Namespace) -> dict[str, Any]:
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
        options[f.name] = value
    return options


def _read_input(source: str, stdin: TextIO, stderr: TextIO) -> str:
    if source == "-":
        data = stdin.buffer.read() if hasattr(stdin, "buffer") else stdin.read().encode()
        label = "<stdin>"
    else:
        data = Path(source).read_bytes()
        label = source
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        print(
            f"newsclean: warning: {label} is not valid UTF-8 ({exc.reason} at byte "
            f"{exc.start}); undecodable bytes were replaced with U+FFFD",
            file=stderr,
        )
        return data.decode("utf-8", errors="replace")


def _write_output(target: str, text: str, stdout: TextIO) -> None:
    if target == "-":
        stdout.write(text)
        stdout.flush()
        return
    path = Path(target)
    tmp = path.with_name(f".{path.name}.newsclean-tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)  # atomic: no half-written file under the final name


def _cmd_clean(args: argparse.Namespace, stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    text = _read_input(args.input, stdin, stderr)
    result = clean_and_explain(text, source=args.source, **_options(args))
    if result.over_cleaned:
        print(
            f"newsclean: warning: {args.input}: {result.removed_share:.0%} of the words were "
            "removed (over-cleaning guard); please review",
            file=stderr,
        )
    if args.explain and args.json:
        out = "".join(json.dumps(c.to_dict(), ensure_ascii=False) + "\n" for c in result.changes)
    elif args.explain:
        out = str(result) + "\n"
    else:
        out = result.text + ("\n" if result.text else "")
    _write_output(args.output, out, stdout)
    return EXIT_OK


def _cmd_rules(args: argparse.Namespace, stdout: TextIO) -> int:
    packs = [load_pack(name) for name in builtin_pack_names()]
    if args.rules_command == "show":
        for pack in packs:
            for rule in pack.rules:
                if rule.id == args.rule_id:
                    limit = f" (lines of at most {rule.max_words} words)"
                    stdout.write(
                        f"id:          {rule.id}\n"
                        f"pack:        {pack.name} (version {pack.version})\n"
                        f"family:      {rule.family}\n"
                        f"match:       {rule.match}"
                        f"{limit}\n"
                        f"pattern:     {rule.pattern}  ({'regex' if rule.regex else 'literal'})\n"
                        f"description: {rule.description}\n"
                        + "".join(f"example:     {e}\n" for e in rule.examples)
                        + "".join(f"leaves:      {e}\n" for e in rule.counter_examples)
                    )
                    return EXIT_OK
        raise _UsageError(f"newsclean rules show: no rule with id {args.rule_id!r}")
    if args.rules_command == "packs":
        for pack in packs:
            stdout.write(
                f"{pack.name}\t{pack.version}\t{pack.outlet or '-'}\t{len(pack.rules)} rules\n"
            )
        return EXIT_OK
    wanted = set(args.packs or [])
    for pack in packs:
        if wanted and pack.name not in wanted:
            continue
        for rule in pack.rules:
            stdout.write(f"{rule.id}\t{rule.family}\t{rule.description}\n")
    return EXIT_OK


def main(
    argv: Sequence[str] | None = None,
    *,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run the command line; return the exit code (0 ok, 1 error, 2 usage/config)."""
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.command == "clean":
            return _cmd_clean(args, stdin, stdout, stderr)
        if args.command == "rules" and args.rules_command:
            return _cmd_rules(args, stdout)
        parser.print_help(stderr)
        return EXIT_USAGE
    except _UsageError as exc:
        print(str(exc), file=stderr)
        return EXIT_USAGE
    except NewscleanError as exc:
        print(f"newsclean: error: {exc}", file=stderr)
        return EXIT_USAGE
    except OSError as exc:
        print(f"newsclean: error: {exc.filename or ''}: {exc.strerror or exc}", file=stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("newsclean: interrupted", file=stderr)
        return 130


def run() -> None:
    """Console-script entry point."""
    try:
        code = main()
    except BrokenPipeError:  # `newsclean clean x | head` closed the pipe: not an error
        code = EXIT_OK
    raise SystemExit(code)
