"""``newsclean learn``: learn each site's boilerplate from its own articles and write it
as a rule pack (in this process, or on a Dask cluster)."""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .. import corpus
from ..io import DamagedInput, Item
from .common import (
    Streams,
    add_dask_and_workers,
    add_quiet,
    add_record_inputs,
    dask_client,
    jsonl_only,
    read_records,
    record_paths,
    report_damaged,
    warner,
    write_output,
)

NAME = "learn"


def add_command(sub: Any) -> None:
    p = sub.add_parser(
        NAME,
        help="learn each site's boilerplate from its own articles; write a rule pack",
        description="Find lines that recur across a large share of one site's articles "
        "(on different topics and days) and write them as a rule pack file.",
    )
    add_record_inputs(p)
    p.add_argument(
        "-o", "--output", metavar="PACK.toml", default="-", help="the pack file (default: stdout)"
    )
    p.add_argument(
        "--by",
        choices=["outlet", "domain"],
        default="outlet",
        help="a site is the record's outlet field, or the registered domain of its url "
        "(edition.cnn.com and cnn.com are one site); records without that field at all "
        "are an error (default: outlet)",
    )
    p.add_argument("--name", default="learned", help="the pack's name (default: learned)")
    p.add_argument(
        "--min-share", type=float, default=0.1, metavar="X", help="share of a site's articles (0.1)"
    )
    p.add_argument(
        "--min-docs", type=int, default=5, metavar="N", help="articles at least (default: 5)"
    )
    p.add_argument(
        "--min-days",
        type=int,
        default=3,
        metavar="N",
        help="distinct days at least, when records have --date-field (default: 3)",
    )
    p.add_argument(
        "--max-topic-lift",
        type=float,
        default=2.0,
        metavar="X",
        help="how much more alike than the site's articles a line's articles may be (2.0)",
    )
    p.add_argument(
        "--sample", type=int, default=2000, metavar="N", help="articles per site (default: 2000)"
    )
    add_quiet(p)
    add_dask_and_workers(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace, streams: Streams) -> int:
    warn = warner(streams.stderr, args.quiet)
    options = {
        "by": args.by,
        "min_share": args.min_share,
        "min_docs": args.min_docs,
        "min_days": args.min_days,
        "max_topic_lift": args.max_topic_lift,
        "sample": args.sample,
        "field": args.field,
        "date_field": args.date_field,
    }
    corpus.LearnOptions(**options)  # bad options fail before any reading
    started = time.perf_counter()
    # an input that cannot be read to its end (a truncated .gz) is learned from up to the
    # damage, then reported: exit 1, the pack still written
    damaged: list[DamagedInput] = []
    with tempfile.TemporaryDirectory() as spool, dask_client(args) as client:
        paths = record_paths(args, streams, Path(spool))
        if client is not None:
            from .. import dask as nd  # an optional extra: dask_client has imported it

            jsonl_only(paths, args)
            learned = nd.learn_boilerplate(nd.read_jsonl(paths), **options)
            unreadable = 0
        else:
            counter = _Readable()
            items = read_records(paths, args, warn, damaged)
            learned = corpus.learn_boilerplate(counter.records(items), **options)
            unreadable = counter.unreadable
    write_output(args.output, learned.to_toml(name=args.name), streams.stdout)
    if not args.quiet:
        seconds = time.perf_counter() - started
        print(learned.summary(), file=streams.stderr)
        seen = sum(s for s, _ in learned.sites.values())
        print(
            f"{seen} articles from {len(learned.sites)} site(s) in {seconds:.1f} s; "
            f"{learned.skipped} without a site or text, {unreadable} unreadable",
            file=streams.stderr,
        )
    return report_damaged(damaged, streams.stderr)


class _Readable:
    """Passes readable records on and counts the unreadable ones."""

    def __init__(self) -> None:
        self.unreadable = 0

    def records(self, items: Iterator[Item]) -> Iterator[Any]:
        for item in items:
            if item.error is not None:
                self.unreadable += 1
                continue
            yield item.record
