"""The corpus-scale commands, ``newsclean learn`` and ``newsclean dedupe``, and the
``--scheduler`` / ``--dask`` flags that run a command on a Dask cluster."""

from __future__ import annotations

import argparse
import contextlib
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol, TextIO

from . import corpus
from .errors import ConfigError
from .io import (
    FORMATS,
    Decoder,
    Item,
    atomic_text,
    detect_format,
    expand_inputs,
    read_items,
    write_text_atomically,
)


class _Streams(Protocol):
    @property
    def stdin(self) -> TextIO: ...
    @property
    def stdout(self) -> TextIO: ...
    @property
    def stderr(self) -> TextIO: ...


def add_dask_flags(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("running on Dask (needs newsclean[dask])")
    place = group.add_mutually_exclusive_group()
    place.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        default=None,
        help="run on the dask.distributed cluster at ADDRESS (e.g. tcp://10.0.0.5:8786)",
    )
    place.add_argument(
        "--dask",
        action="store_true",
        help="run on a new local Dask cluster of --workers processes (default 2)",
    )


@contextlib.contextmanager
def dask_client(args: argparse.Namespace) -> Iterator[Any]:
    """A Dask client when --scheduler or --dask is given, else None."""
    if not (getattr(args, "scheduler", None) or getattr(args, "dask", False)):
        yield None
        return
    try:
        from . import dask as nd
    except ImportError as exc:
        raise ConfigError(f"--scheduler/--dask: {exc}") from exc
    workers = getattr(args, "workers", 0) or 2
    with nd.client(args.scheduler, workers=workers) as client:
        yield client


def add_commands(sub: Any) -> None:
    """Add ``learn`` and ``dedupe`` to the command line's subparsers."""
    p_learn = sub.add_parser(
        "learn",
        help="learn each site's boilerplate from its own articles; write a rule pack",
        description="Find lines that recur across a large share of one site's articles "
        "(on different topics and days) and write them as a rule pack file.",
    )
    _inputs(p_learn)
    p_learn.add_argument(
        "-o", "--output", metavar="PACK.toml", default="-", help="the pack file (default: stdout)"
    )
    p_learn.add_argument(
        "--by",
        choices=["outlet", "domain"],
        default="outlet",
        help="a site is the record's outlet field, or the domain of its url (default: outlet)",
    )
    p_learn.add_argument("--name", default="learned", help="the pack's name (default: learned)")
    p_learn.add_argument(
        "--min-share", type=float, default=0.2, metavar="X", help="share of a site's articles (0.2)"
    )
    p_learn.add_argument(
        "--min-docs", type=int, default=5, metavar="N", help="articles at least (default: 5)"
    )
    p_learn.add_argument(
        "--min-days",
        type=int,
        default=3,
        metavar="N",
        help="distinct days at least, when records have --date-field (default: 3)",
    )
    p_learn.add_argument(
        "--max-topic-lift",
        type=float,
        default=2.0,
        metavar="X",
        help="how much more alike than the site's articles a line's articles may be (2.0)",
    )
    p_learn.add_argument(
        "--sample", type=int, default=2000, metavar="N", help="articles per site (default: 2000)"
    )
    p_learn.add_argument("--quiet", action="store_true", help="no summary on stderr")
    _dask_and_workers(p_learn)

    p_dedupe = sub.add_parser(
        "dedupe",
        help="find exact and near-duplicate articles; mark (or drop) all but one of each",
        description="Clean each article, then find exact duplicates by hash and "
        "near-duplicates by MinHash LSH; write every record with dup_cluster, dup_keep "
        "and dup_reason fields (only the kept ones with --drop). Texts are written as "
        "they came in: run `newsclean clean` for clean text.",
    )
    _inputs(p_dedupe)
    p_dedupe.add_argument(
        "-o", "--output", metavar="PATH", default="-", help="JSONL output (default: stdout)"
    )
    p_dedupe.add_argument(
        "--threshold",
        type=float,
        default=0.8,
        metavar="X",
        help="estimated Jaccard similarity of word 3-grams that makes two articles "
        "near-duplicates (default: 0.8)",
    )
    p_dedupe.add_argument(
        "--policy",
        choices=corpus.POLICIES,
        default="longest",
        help="which record of a cluster to keep (default: longest)",
    )
    p_dedupe.add_argument(
        "--prefer",
        action="append",
        metavar="NAME",
        help="with --policy prefer_source: an outlet, source or domain to keep first; "
        "repeat for several (default: the wires AP, Reuters, AFP)",
    )
    p_dedupe.add_argument(
        "--id-field", default="id", help="the record field holding its id (default: id)"
    )
    p_dedupe.add_argument("--drop", action="store_true", help="write only the kept records")
    p_dedupe.add_argument(
        "--compare-raw", action="store_true", help="compare the texts as they are, not cleaned"
    )
    p_dedupe.add_argument("--quiet", action="store_true", help="no summary on stderr")
    _dask_and_workers(p_dedupe)


def _inputs(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "inputs", nargs="+", metavar="INPUT", help="JSONL, CSV or Parquet files, or - for stdin"
    )
    parser.add_argument(
        "--format", choices=FORMATS, default=None, help="input format (default: by extension)"
    )
    parser.add_argument("--field", default="text", help="the article's field (default: text)")
    parser.add_argument(
        "--date-field", default="date", help="the publication date's field (default: date)"
    )


def _dask_and_workers(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--workers", type=int, default=0, metavar="N", help="with --dask: worker processes (2)"
    )
    add_dask_flags(parser)


def _paths(args: argparse.Namespace, stdin: TextIO, spool: Path) -> list[str]:
    """The input files; standard input is copied to a file first (both commands read
    their input more than once)."""
    paths = [p for arg in args.inputs for p in expand_inputs([arg])]
    out = []
    for path in paths:
        if path == "-":
            copy = spool / "stdin.jsonl"
            with copy.open("wb") as fh:
                shutil.copyfileobj(stdin.buffer if hasattr(stdin, "buffer") else _bytes(stdin), fh)
            out.append(str(copy))
            continue
        if not Path(path).is_file():
            raise FileNotFoundError(2, "No such file", path)
        if detect_format(path, args.format) == "txt":
            raise ConfigError(f"{path}: learn and dedupe read records (JSONL, CSV, Parquet)")
        out.append(path)
    return out


class _bytes:
    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def read(self, size: int = -1) -> bytes:
        return self.stream.read(size).encode("utf-8")


def _records(paths: list[str], args: argparse.Namespace, warn: Any) -> Iterator[Item]:
    decode = Decoder(warn)
    for path in paths:
        yield from read_items(path, detect_format(path, args.format), args.field, decode)


def _jsonl_only(paths: list[str], args: argparse.Namespace) -> None:
    for path in paths:
        if detect_format(path, args.format) != "jsonl":
            raise ConfigError(f"{path}: on Dask, inputs are JSONL files (.jsonl, .jsonl.gz)")


def cmd_learn(args: argparse.Namespace, io_: _Streams) -> int:
    warn = _warner(io_.stderr, args.quiet)
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
    with tempfile.TemporaryDirectory() as spool, dask_client(args) as client:
        paths = _paths(args, io_.stdin, Path(spool))
        if client is not None:
            from . import dask as nd

            _jsonl_only(paths, args)
            learned = nd.learn_boilerplate(nd.read_jsonl(paths), **options)
            unreadable = 0
        else:
            counter = _Counter()
            learned = corpus.learn_boilerplate(
                counter.records(_records(paths, args, warn)), **options
            )
            unreadable = counter.unreadable
    text = learned.to_toml(name=args.name)
    if args.output == "-":
        io_.stdout.write(text)
        io_.stdout.flush()
    else:
        write_text_atomically(args.output, text)
    if not args.quiet:
        seconds = time.perf_counter() - started
        print(learned.summary(), file=io_.stderr)
        seen = sum(s for s, _ in learned.sites.values())
        print(
            f"{seen} articles from {len(learned.sites)} site(s) in {seconds:.1f} s; "
            f"{learned.skipped} without a site or text, {unreadable} unreadable",
            file=io_.stderr,
        )
    return 0


class _Counter:
    """Passes readable records on and counts the unreadable ones."""

    def __init__(self) -> None:
        self.unreadable = 0

    def records(self, items: Iterator[Item]) -> Iterator[Any]:
        for item in items:
            if item.error is not None:
                self.unreadable += 1
                continue
            yield item.record


def _warner(stderr: TextIO, quiet: bool) -> Any:
    def warn(message: str) -> None:
        if not quiet:
            print(f"newsclean: warning: {message}", file=stderr)

    return warn


def _key(item: Item, id_field: str) -> str:
    """A record's id: its id field, else where it stands (path:line)."""
    record = item.record
    value = record.get(id_field) if isinstance(record, dict) else None
    return f"{item.path}:{item.number}" if value is None else str(value)


def cmd_dedupe(args: argparse.Namespace, io_: _Streams) -> int:
    warn = _warner(io_.stderr, args.quiet)
    options = {
        "threshold": args.threshold,
        "policy": args.policy,
        "prefer": args.prefer,
        "field": args.field,
        "id_field": args.id_field,
        "date_field": args.date_field,
        "clean": not args.compare_raw,
    }
    corpus.dedupe_options(  # bad options fail before any reading
        args.threshold, args.policy, args.prefer, 128, 3, args.field, args.id_field, args.date_field
    )
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as spool, dask_client(args) as client:
        paths = _paths(args, io_.stdin, Path(spool))
        if client is not None:
            from . import dask as nd

            _jsonl_only(paths, args)
            found = nd.find_duplicates(nd.read_jsonl(paths), **options)
        else:
            found = corpus.find_duplicates(_comparable(paths, args, warn), **options)
        written = _write_marked(paths, args, found, warn, io_.stdout)
    if not args.quiet:
        seconds = time.perf_counter() - started
        exact = sum("exact" in d.reason for d in found.decisions.values())
        print(
            f"{found.records} records compared in {seconds:.1f} s: {len(found.clusters)} "
            f"clusters, {found.dropped} duplicates ({exact} exact, {found.dropped - exact} "
            f"near); {written} records written",
            file=io_.stderr,
        )
    return 0


def _comparable(paths: list[str], args: argparse.Namespace, warn: Any) -> Iterator[Any]:
    """The records that can be compared, each with its id set (see ``_key``)."""
    seen: set[str] = set()
    for item in _records(paths, args, lambda _m: None):
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
    warn: Any,
    stdout: TextIO,
) -> int:
    """Every readable record again, with its decision; unreadable ones are warned of."""
    written = 0
    with contextlib.ExitStack() as stack:
        sink = stdout if args.output == "-" else stack.enter_context(atomic_text(args.output))
        for item in _records(paths, args, warn):
            if item.error is not None:
                warn(f"{item.path}:{item.number}: skipped: {item.error}")
                continue
            record = item.record
            if not isinstance(record, dict):
                warn(f"{item.path}:{item.number}: skipped: a record is a JSON object")
                continue
            if not isinstance(record.get(args.field), str):
                out = {
                    **record,
                    "dup_cluster": None,
                    "dup_keep": True,
                    "dup_reason": f"not compared: no text in {args.field!r}",
                }
            else:
                decision = found.decision(_key(item, args.id_field))
                if args.drop and not decision.keep:
                    continue
                out = {
                    **record,
                    "dup_cluster": decision.cluster,
                    "dup_keep": decision.keep,
                    "dup_reason": decision.reason,
                }
            sink.write(json.dumps(out, ensure_ascii=False) + "\n")
            written += 1
    if sink is sys.stdout:
        sink.flush()
    return written
