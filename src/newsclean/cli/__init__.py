"""The command line: a thin shell that parses arguments, builds the options and calls the
library, one module per command. ``main(argv) -> int`` never calls ``sys.exit`` itself;
``run()`` is the console script.

A command is a module with ``add_command(subparsers)``, which sets ``handler`` on its
parser, and ``run(args, streams) -> int``; listing it in ``COMMANDS`` is all it takes.
Every command takes ``-v`` / ``-q``: while it runs, the ``newsclean`` logger is shown on
its stderr at the level they set (``common.logging_to``).
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from collections.abc import Sequence
from typing import TextIO

from .._version import __version__
from ..errors import NewscleanError
from . import clean, dedupe, learn, report, rules, stats, train
from .common import (
    EXIT_ERROR,
    EXIT_OK,
    EXIT_USAGE,
    Parser,
    Streams,
    UsageError,
    add_verbosity,
    logging_to,
)

__all__ = ["build_parser", "main", "run"]

#: The commands, in the order ``newsclean --help`` lists them.
COMMANDS = (clean, stats, learn, dedupe, report, rules, train)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed so docs and tests can read every flag)."""
    parser = Parser(
        prog="newsclean",
        description="Turn raw scraped news article text into clean article text.",
    )
    parser.add_argument("--version", action="version", version=f"newsclean {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for command in COMMANDS:
        command.add_command(sub)
    for command_parser in sub.choices.values():
        add_verbosity(command_parser)
    return parser


def main(
    argv: Sequence[str] | None = None,
    *,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run the command line; return the exit code (0 ok, 1 error, 2 usage/config).

    Examples:
        >>> import io
        >>> main(["rules", "show", "foxnews.app-download"], stdout=io.StringIO())
        0
    """
    streams = Streams(stdin or sys.stdin, stdout or sys.stdout, stderr or sys.stderr)
    parser = build_parser()
    try:
        words = list(sys.argv[1:] if argv is None else argv)
        args = parser.parse_args(clean.explain_value(words))
        handler = getattr(args, "handler", None)
        if handler is None:  # no command, or `rules` without an action
            parser.print_help(streams.stderr)
            return EXIT_USAGE
        with logging_to(streams.stderr, args):
            code: int = handler(args, streams)
        return code
    except UsageError as exc:
        print(str(exc), file=streams.stderr)
        return EXIT_USAGE
    except NewscleanError as exc:
        print(f"newsclean: error: {exc}", file=streams.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        raise  # the reader went away (`| head`): run() ends quietly
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"newsclean: error: {where}{exc.strerror or exc}", file=streams.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt as exc:
        print("newsclean: interrupted; no partial output file was left", file=streams.stderr)
        return 143 if isinstance(exc, Terminated) else 130


class Terminated(KeyboardInterrupt):
    """SIGTERM, handled like Ctrl-C: temporary files removed, nothing partial left."""


def _terminate(signum: int, frame: object) -> None:
    raise Terminated


def run() -> None:
    """Console-script entry point."""
    # `kill` or a scheduler's stop ends a run as cleanly as Ctrl-C does
    signal.signal(signal.SIGTERM, _terminate)
    try:
        code = main()
    except BrokenPipeError:  # `newsclean clean x | head` closed the pipe: not an error
        # Point stdout at devnull so that Python's own flush at exit does not fail again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        code = EXIT_OK
    raise SystemExit(code)
