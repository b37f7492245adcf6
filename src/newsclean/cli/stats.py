"""``newsclean stats``: clean a sample and report the rules fired, the lines removed most
often and a few before/after examples, so a run can be audited before it is started."""

from __future__ import annotations

import argparse
import difflib
from collections import Counter
from typing import Any

from ..api import clean_and_explain
from ..io import DamagedInput, format_of, read_items
from .common import (
    Streams,
    add_config_file,
    add_format,
    add_inputs,
    add_max_record_bytes,
    cleaning_options,
    decoder,
    input_paths,
    report_damaged,
    warner,
)
from .options import add_option_flags

NAME = "stats"


def add_command(sub: Any) -> None:
    p = sub.add_parser(NAME, help="clean a sample and report the rules fired and the lines removed")
    add_inputs(p)
    p.add_argument("--sample", type=int, default=1000, metavar="N", help="records (1000)")
    p.add_argument("--field", default="text")
    add_format(p)
    p.add_argument("--top", type=int, default=15, metavar="N", help="rows per table (15)")
    add_max_record_bytes(p)
    add_config_file(p)
    add_option_flags(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace, streams: Streams) -> int:
    options = cleaning_options(args)
    decode = decoder(args, warner(streams.stderr))
    damaged: list[DamagedInput] = []
    rules: Counter[str] = Counter()
    removed: Counter[str] = Counter()
    examples: list[tuple[str, str, str]] = []
    seen = 0
    for path, _ in input_paths(args.inputs):
        fmt = format_of(path, args.format)
        try:
            for item in read_items(path, fmt, args.field, decode, streams.stdin_bytes()):
                if seen >= args.sample:
                    break
                record = item.record
                if item.error or not isinstance(record, dict):
                    continue
                text = record.get(args.field)
                if not isinstance(text, str):
                    continue
                seen += 1
                result = clean_and_explain(text, **options)
                for change in result.changes:
                    if change.filter == "tidy_whitespace":
                        continue
                    rules[f"{change.code}:{change.rule}" if change.rule else change.code] += 1
                    if change.after is None:
                        removed[change.before.strip()[:100]] += 1
                if result.changes and len(examples) < 3 and result.text != text:
                    examples.append((f"{item.path}:{item.number}", text, result.text))
        except DamagedInput as exc:  # the records before the damage are in the sample
            damaged.append(exc)
    out = streams.stdout
    out.write(f"newsclean stats: {seen:,} records sampled\n\nrules fired:\n")
    for reason, n in rules.most_common(args.top):
        out.write(f"  {n:>7,}  {reason}\n")
    out.write("\nlines removed most often:\n")
    for line, n in removed.most_common(args.top):
        out.write(f"  {n:>7,}  {line}\n")
    for where, before, after in examples:
        out.write(f"\nexample {where}:\n")
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0):
            if not line.startswith(("---", "+++", "@@")):
                out.write(f"  {line[:120]}\n")
    return report_damaged(damaged, streams.stderr)
