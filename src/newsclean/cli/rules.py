"""``newsclean rules``: list the rules and packs, or show everything about one rule."""

from __future__ import annotations

import argparse
from typing import Any

from ..rules import builtin_pack_names, load_pack
from .common import EXIT_OK, Parser, Streams, UsageError

NAME = "rules"


def add_command(sub: Any) -> None:
    p = sub.add_parser(NAME, help="list or show the rules in the rule packs")
    actions = p.add_subparsers(dest="rules_command", metavar="ACTION", parser_class=Parser)
    p_list = actions.add_parser("list", help="one line per rule: id, family, description")
    p_list.add_argument(
        "--packs", action="append", metavar="NAME", help="packs to list (default: all built-in)"
    )
    p_packs = actions.add_parser(
        "packs", help="one line per pack: name, version, outlet, rule count"
    )
    p_show = actions.add_parser("show", help="everything about one rule")
    p_show.add_argument("rule_id", metavar="ID")
    # `newsclean rules` without an action sets no handler: main prints the help
    for action in (p_list, p_packs, p_show):
        action.set_defaults(handler=run)


def run(args: argparse.Namespace, streams: Streams) -> int:
    stdout = streams.stdout
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
        raise UsageError(f"newsclean rules show: no rule with id {args.rule_id!r}")
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
