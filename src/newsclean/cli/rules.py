"""``newsclean rules``: list the rules and packs, or explain one rule or reason code."""

from __future__ import annotations

import argparse
from typing import Any

from ..reasons import UnknownReason, resolve
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
    p_show = actions.add_parser(
        "show",
        help="explain a rule id or any reason code the audit trail prints",
        description="Explain a pack rule (pattern, examples), a heuristic, a reason code "
        "(promo:foxnews.app-download, caption_duplicate_of:12:score=96.3), a family or a "
        "summary key (promo/link-list), with the docs section that covers it.",
    )
    p_show.add_argument("rule_id", metavar="CODE")
    p_show.add_argument(
        "--packs",
        action="append",
        metavar="NAME|PATH",
        help="more packs to look in (a path, e.g. a pack from `newsclean learn`)",
    )
    # `newsclean rules` without an action sets no handler: main prints the help
    for action in (p_list, p_packs, p_show):
        action.set_defaults(handler=run)


def run(args: argparse.Namespace, streams: Streams) -> int:
    stdout = streams.stdout
    if args.rules_command == "show":
        try:
            explained = resolve(args.rule_id, args.packs or ())
        except UnknownReason as exc:
            raise UsageError(f"newsclean rules show: {exc}") from None
        stdout.write(explained.render())
        return EXIT_OK
    packs = [load_pack(name) for name in builtin_pack_names()]
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
