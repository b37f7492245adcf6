"""``newsclean report``: the audit report of a run, as one self-contained HTML file."""

from __future__ import annotations

import argparse
import time
from collections.abc import Iterator
from typing import Any

from .. import report
from ..errors import ConfigError
from ..io import DamagedInput, format_of, read_items, utf8_len, write_text_atomically
from .common import (
    Streams,
    Warn,
    add_format,
    add_inputs,
    add_max_record_bytes,
    add_quiet,
    cleaning_options,
    decoder,
    detect_stdin,
    input_paths,
    report_damaged,
    warner,
)
from .options import add_option_flags

NAME = "report"


def add_command(sub: Any) -> None:
    p = sub.add_parser(
        NAME,
        help="clean articles and write an HTML audit report of what was removed and why",
        description="Clean the inputs (nothing is written but the report) and write one "
        "self-contained HTML page: totals, charts per rule family, rule and outlet, the lines "
        "removed most often, heuristic removals, guard hits, a histogram of the share of "
        "words removed, and the changed lines of the articles that lost most and of a few "
        "drawn at random. --csv DIR also writes every table as CSV.",
    )
    add_inputs(p, "files, directories or - for stdin")
    p.add_argument(
        "-o", "--output", metavar="REPORT.html", required=True, help="where the report goes"
    )
    add_format(p, "input format (by extension)")
    p.add_argument("--field", default="text", help="the article's field (default: text)")
    p.add_argument("--id-field", default="id", help="the record's id field (default: id)")
    p.add_argument(
        "--sample",
        type=int,
        default=12,
        metavar="N",
        help="articles shown that lost the largest share of their words (12)",
    )
    p.add_argument(
        "--random",
        type=int,
        default=4,
        metavar="N",
        help="articles shown drawn at random, besides (4; the same whatever the input order)",
    )
    p.add_argument("--seed", type=int, default=0, metavar="N", help="the random draw's seed (0)")
    p.add_argument("--csv", metavar="DIR", help="also write every table as DIR/<table>.csv")
    p.add_argument("--top", type=int, default=25, metavar="N", help="rows per chart/table (25)")
    p.add_argument("--title", default="newsclean audit report", help="the page's title")
    p.add_argument(
        "--workers", type=int, default=1, metavar="N", help="worker processes (0: all cores)"
    )
    add_max_record_bytes(p)
    add_quiet(p)
    add_option_flags(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace, streams: Streams) -> int:
    options = cleaning_options(args)
    warn = warner(streams.stderr, args.quiet)
    if args.sample < 0 or args.random < 0 or args.top < 1:
        raise ConfigError(
            "newsclean report: --sample and --random must be 0 or more, --top 1 or more"
        )
    started = time.perf_counter()
    damaged: list[DamagedInput] = []
    collected = report.collect(
        _records(args, streams, warn, damaged),
        field=args.field,
        id_field=args.id_field,
        sample=args.sample,
        random_sample=args.random,
        seed=args.seed,
        top=args.top,
        workers=args.workers,
        **options,
    )
    page = collected.render(args.title)
    write_text_atomically(args.output, page)
    written = collected.write_csv(args.csv) if args.csv else []
    if not args.quiet:
        print(
            f"newsclean: report of {collected.articles:,} articles ({collected.rejected:,} "
            f"rejected) written to {args.output} ({utf8_len(page) / 1024:.0f} KiB) in "
            f"{time.perf_counter() - started:.1f} s"
            + (f"; {len(written)} CSV tables in {args.csv}" if written else ""),
            file=streams.stderr,
        )
    return report_damaged(damaged, streams.stderr)


def _records(
    args: argparse.Namespace, streams: Streams, warn: Warn, damaged: list[DamagedInput]
) -> Iterator[Any]:
    """The records of every input (None for a rejected one); an input that cannot be read
    to its end gives its records before the damage and is added to ``damaged``."""
    decode = decoder(args, warn)
    inputs = input_paths(args.inputs)
    detect_stdin(args, inputs, streams)  # records on stdin are records, not one article
    for path, _ in inputs:
        fmt = format_of(path, args.format)
        try:
            for item in read_items(path, fmt, args.field, decode, streams.stdin_bytes()):
                if item.error is not None:
                    warn(f"{item.path}:{item.number}: {item.error} (counted as rejected)")
                    yield None  # counted as a rejected record by the report
                elif fmt.whole_file:
                    yield {args.id_field: path, **item.record}
                else:
                    yield item.record
        except DamagedInput as exc:
            damaged.append(exc)
