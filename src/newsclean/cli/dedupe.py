"""``newsclean dedupe``: find exact and near-duplicate articles and write every record
with its decision (dup_cluster, dup_keep, dup_reason), or only the kept ones."""

from __future__ import annotations

import argparse
import contextlib
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from .. import corpus
from ..errors import ConfigError
from ..io import DamagedInput, Item, atomic_text, json_line
from .common import (
    Streams,
    Warn,
    add_dask_and_workers,
    add_quiet,
    add_record_inputs,
    dask_client,
    jsonl_only,
    read_records,
    record_paths,
    report_damaged,
    warner,
)

NAME = "dedupe"


def add_command(sub: Any) -> None:
    p = sub.add_parser(
        NAME,
        help="find exact and near-duplicate articles; mark (or drop) all but one of each",
        description="Clean each article and cut its furniture (headline, byline, "
        "dateline, newsletter lines...), then find exact duplicates by hash and "
        "near-duplicates by comparing the bodies' sampled shingles (Jaccard similarity, "
        "or containment for trimmed and short copies); write every record with "
        "dup_cluster, dup_keep and dup_reason fields (only the kept ones with --drop). "
        "Texts are written as they came in: run `newsclean clean` for clean text.",
    )
    add_record_inputs(p)
    p.add_argument(
        "-o", "--output", metavar="PATH", default="-", help="JSONL output (default: stdout)"
    )
    p.add_argument(
        "--threshold",
        type=float,
        default=0.8,
        metavar="X",
        help="estimated Jaccard similarity of the bodies' word 3-grams that makes two "
        "articles near-duplicates (default: 0.8)",
    )
    p.add_argument(
        "--containment",
        type=_share_or_none,
        default=0.9,
        metavar="X",
        help="share of the smaller body's word 3-grams found in the other that makes it a "
        "trimmed or short copy of the other (default: 0.9; none: Jaccard only)",
    )
    p.add_argument(
        "--min-shingles",
        type=int,
        default=40,
        metavar="N",
        help="a body of fewer distinct word 3-grams (a brief) joins others only as an "
        "exact copy (default: 40)",
    )
    p.add_argument(
        "--packs",
        action="append",
        metavar="PACK",
        help="a rule pack to clean with besides the built-in ones, e.g. a learned pack from "
        "`newsclean learn` (repeat for several): its lines are left out of the bodies",
    )
    p.add_argument(
        "--keep-furniture",
        action="store_true",
        help="compare whole cleaned pages, headline, byline and newsletter lines included",
    )
    p.add_argument(
        "--policy",
        choices=corpus.POLICIES,
        default="longest",
        help="which record of a cluster to keep (default: longest)",
    )
    p.add_argument(
        "--prefer",
        action="append",
        metavar="NAME",
        help="with --policy prefer_source: an outlet, source or domain to keep first; "
        "repeat for several (default: the wires AP, Reuters, AFP)",
    )
    p.add_argument("--id-field", default="id", help="the record field holding its id (default: id)")
    p.add_argument("--drop", action="store_true", help="write only the kept records")
    p.add_argument(
        "--compare-raw", action="store_true", help="compare the texts as they are, not cleaned"
    )
    add_quiet(p)
    add_dask_and_workers(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace, streams: Streams) -> int:
    warn = warner(streams.stderr, args.quiet)
    options = {
        "threshold": args.threshold,
        "containment": args.containment,
        "min_shingles": args.min_shingles,
        "furniture": not args.keep_furniture,
        "policy": args.policy,
        "prefer": args.prefer,
        "field": args.field,
        "id_field": args.id_field,
        "date_field": args.date_field,
        "clean": not args.compare_raw,
        **({"packs": args.packs} if args.packs else {}),
    }
    corpus.dedupe_options(  # bad options fail before any reading
        args.threshold,
        args.containment,
        args.min_shingles,
        args.policy,
        args.prefer,
        3,
        not args.keep_furniture,
        args.field,
        args.id_field,
        args.date_field,
    )
    started = time.perf_counter()
    damaged: list[DamagedInput] = []
    with tempfile.TemporaryDirectory() as spool, dask_client(args) as client:
        paths = record_paths(args, streams, Path(spool))
        _check_field(paths, args)
        if client is not None:
            from .. import dask as nd  # an optional extra: dask_client has imported it

            jsonl_only(paths, args)
            bag = nd.read_jsonl(paths, blocksize=_blocksize(paths, len(client.nthreads())))
            found = nd.find_duplicates(bag, **options)
        else:
            try:
                found = corpus.find_duplicates(_comparable(paths, args, damaged), **options)
            except ImportError as exc:  # an optional dependency: one line, with the extra
                raise ConfigError(f"dedupe: {exc}") from exc
        written = _write_marked(paths, args, found, warn, streams.stdout, damaged)
    if not args.quiet:
        seconds = time.perf_counter() - started
        exact = sum("exact" in d.reason for d in found.decisions.values())
        print(
            f"{found.records} records compared in {seconds:.1f} s: {len(found.clusters)} "
            f"clusters, {found.dropped} duplicates ({exact} exact, {found.dropped - exact} "
            f"near); {written} records written",
            file=streams.stderr,
        )
    return report_damaged(damaged, streams.stderr)


def _blocksize(paths: list[str], workers: int) -> str | int:
    """Blocks of plain JSONL small enough for about eight tasks per worker (4-64 MiB):
    with few large blocks one worker finishes early and waits. Compressed inputs cannot
    be cut, so they keep Dask's default."""
    if not paths or not all(p.endswith(".jsonl") and os.path.isfile(p) for p in paths):
        return "64MiB"
    total = sum(os.path.getsize(p) for p in paths)
    return int(min(max(total // (8 * max(workers, 1)), 4 << 20), 64 << 20))


def _check_field(paths: list[str], args: argparse.Namespace) -> None:
    """A wrong --field fails at once, named, with the fields the first record has."""
    items = read_records(paths, args, lambda _m: None, [])
    for item in items:
        record = item.record
        if item.error is not None or not isinstance(record, dict):
            continue
        if args.field not in record:
            fields = ", ".join(map(str, record)) or "none"
            raise ConfigError(
                f"{item.path}:{item.number}: record has no field {args.field!r}; "
                f"fields: {fields} (choose one with --field)"
            )
        break


def _share_or_none(value: str) -> float | None:
    if value.strip().casefold() == "none":
        return None
    try:
        return float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number or 'none': {value!r}") from None


def _key(item: Item, id_field: str) -> str:
    """A record's id: its id field, else where it stands (path:line)."""
    record = item.record
    value = record.get(id_field) if isinstance(record, dict) else None
    return f"{item.path}:{item.number}" if value is None else str(value)


def _comparable(
    paths: list[str], args: argparse.Namespace, damaged: list[DamagedInput]
) -> Iterator[Any]:
    """The records that can be compared, each with its id set (see ``_key``); the
    unreadable ones are warned of once, when the records are written, and an input that
    cannot be read to its end is compared up to the damage and added to ``damaged``."""
    seen: set[str] = set()
    for item in read_records(paths, args, lambda _m: None, damaged):
        record = item.record
        if item.error is not None or not isinstance(record, dict):
            continue
        if not isinstance(record.get(args.field), str):
            continue
        key = _key(item, args.id_field)
        if key in seen:
            raise ConfigError(
                f"{item.path}:{item.number}: id {key!r} is not unique; "
                f"use --id-field to name a field that is"
            )
        seen.add(key)
        yield {**item.record, args.id_field: key}


def _write_marked(
    paths: list[str],
    args: argparse.Namespace,
    found: corpus.Duplicates,
    warn: Warn,
    stdout: TextIO,
    damaged: list[DamagedInput],
) -> int:
    """Every readable record again, with its decision; unreadable ones are warned of."""
    written = 0
    with contextlib.ExitStack() as stack:
        sink = stdout if args.output == "-" else stack.enter_context(atomic_text(args.output))
        for item in read_records(paths, args, warn, damaged):
            if item.error is not None:
                warn(f"{item.path}:{item.number}: skipped: {item.error}")
                continue
            record = item.record
            if not isinstance(record, dict):
                warn(f"{item.path}:{item.number}: skipped: a record is a JSON object")
                continue
            if not isinstance(record.get(args.field), str):
                marks: dict[str, Any] = {
                    "dup_cluster": None,
                    "dup_keep": True,
                    "dup_reason": f"not compared: no text in {args.field!r}",
                }
            else:
                decision = found.decision(_key(item, args.id_field))
                if args.drop and not decision.keep:
                    continue
                marks = {
                    "dup_cluster": decision.cluster,
                    "dup_keep": decision.keep,
                    "dup_reason": decision.reason,
                }
            sink.write(json_line({**record, **marks}))
            written += 1
    if sink is stdout:
        sink.flush()
    return written
