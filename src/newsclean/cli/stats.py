"""``newsclean stats``: clean a sample and report the rules fired, the lines removed most
often and a few before/after examples (each named by its record id), so a run can be
audited before it is started."""

from __future__ import annotations

import argparse
import difflib
from collections import Counter
from typing import Any

from ..api import clean_and_explain
from ..io import DamagedInput, Item, format_of, read_items
from .common import (
    Streams,
    add_config_file,
    add_format,
    add_inputs,
    add_max_record_bytes,
    cleaning_options,
    decoder,
    detect_stdin,
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
    p.add_argument("--field", default="text", help="the article's field (default: text)")
    p.add_argument(
        "--id-field", default="id", help="the record's id field, to name examples (default: id)"
    )
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
    seen = skipped = 0
    inputs = input_paths(args.inputs)
    detect_stdin(args, inputs, streams)  # records on stdin are records, not one article
    for path, _ in inputs:
        fmt = format_of(path, args.format)
        try:
            for item in read_items(path, fmt, args.field, decode, streams.stdin_bytes()):
                if seen >= args.sample:
                    break
                record = item.record
                text = record.get(args.field) if isinstance(record, dict) else None
                if item.error or not isinstance(text, str):
                    skipped += 1
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
                    examples.append(
                        (record_name(item, args.id_field, fmt.whole_file), text, result.text)
                    )
        except DamagedInput as exc:  # the records before the damage are in the sample
            damaged.append(exc)
    out = streams.stdout
    note = f" ({skipped:,} skipped: unreadable or no {args.field!r} text)" if skipped else ""
    out.write(f"newsclean stats: {seen:,} records sampled{note}\n\nrules fired:\n")
    for reason, n in rules.most_common(args.top):
        out.write(f"  {n:>7,}  {reason}\n")
    if rules:
        out.write("  (`newsclean rules show CODE` explains any of them)\n")
    out.write("\nlines removed most often:\n")
    for line, n in removed.most_common(args.top):
        out.write(f"  {n:>7,}  {line}\n")
    for where, before, after in examples:
        out.write(f"\nexample {where}:\n")
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0):
            if not line.startswith(("---", "+++", "@@")):
                out.write(f"  {line[:120]}\n")
    return report_damaged(damaged, streams.stderr)


def record_name(item: Item, id_field: str, whole_file: bool = False) -> str:
    """How output names a record: its id and where it stands (``a17 (in.jsonl:3)``), or
    only where, when it has no id (a text file is named by its path).

    Examples:
        >>> record_name(Item("in.jsonl", 3, {"id": "a17", "text": "..."}), "id")
        'a17 (in.jsonl:3)'
        >>> record_name(Item("in.jsonl", 4, {"text": "..."}), "id")
        'in.jsonl:4'
    """
    where = item.path if whole_file else f"{item.path}:{item.number}"
    record = item.record
    ident = record.get(id_field) if isinstance(record, dict) else None
    name = " ".join(str(ident).split())[:80] if isinstance(ident, str | int) else ""
    return f"{name} ({where})" if name else where
