"""``newsclean clean``: one article to its clean text or audit trail, or a corpus run
(files, directories or stdin, in any registered format) through ``runner.CorpusRun``.

Standard input without ``--format`` is looked at first: JSON Lines or a JSON array of
records is read as records (said at ``-v``), anything else as one text article."""

from __future__ import annotations

import argparse
import errno
from pathlib import Path
from typing import Any

from ..api import clean_and_explain
from ..batch import resolve_workers
from ..errors import ConfigError
from ..io import format_of, json_line, read_items
from ..log import logger
from ..pipeline import Pipeline
from ..remote import is_url
from .common import (
    EXIT_ERROR,
    EXIT_OK,
    Streams,
    UsageError,
    add_config_file,
    add_dask_flags,
    add_format,
    add_inputs,
    add_max_record_bytes,
    add_output_format,
    add_quiet,
    cleaning_pipeline,
    dask_client,
    decoder,
    detect_stdin,
    input_paths,
    report_damaged,
    warner,
    write_output,
)
from .options import add_option_flags
from .pipeline_spec import check_picklable
from .runner import CorpusRun, RejectError

NAME = "clean"
# --explain FILE: the file is a JSON Lines file; anything else is an input to explain
EXPLAIN_SUFFIXES = (".jsonl", ".json", ".jsonl.gz")


def add_command(sub: Any) -> None:
    p = sub.add_parser(
        NAME, help="clean articles: text files, JSONL, CSV, TSV or Parquet, files or directories"
    )
    add_inputs(p, "files, directories (walked recursively) or - for stdin")
    p.add_argument(
        "-o",
        "--output",
        metavar="PATH",
        default="-",
        help="a file, a directory (text files are mirrored into it), or - for stdout (default)",
    )
    add_format(p, "input format (default: by extension; standard input: detected)")
    add_output_format(p)
    p.add_argument(
        "--field",
        default="text",
        help="the record field holding the article (default: text); when the first record "
        "has no such field, the run stops at once, naming the fields it has",
    )
    p.add_argument(
        "--explain",
        nargs="?",
        const="",
        default=None,
        metavar="FILE",
        help="alone: print the audit trail of one article instead of its text; "
        "with FILE (.jsonl): write one JSON line per record with its changes",
    )
    p.add_argument(
        "--json", action="store_true", help="with --explain alone: the changes as JSON lines"
    )
    p.add_argument(
        "--diff", action="store_true", help="print a unified diff per record instead of output"
    )
    p.add_argument("--dry-run", action="store_true", help="write nothing; print only the summary")
    p.add_argument(
        "--workers",
        type=int,
        default=1,
        metavar="N",
        help="worker processes (0: all cores; default: 1)",
    )
    p.add_argument(
        "--chunksize", type=int, default=64, metavar="N", help="records per task (default: 64)"
    )
    add_config_file(p, "a TOML file of CleanConfig options (or pipeline = 'MODULE:ATTRIBUTE')")
    p.add_argument(
        "--pipeline",
        metavar="MODULE:ATTRIBUTE",
        default=None,
        help="clean with your own newsclean Pipeline (or a function returning one), "
        "imported from MODULE (the current directory first); not with cleaning options",
    )
    p.add_argument(
        "--stats-json",
        metavar="FILE",
        default=None,
        help="write the run summary with provenance as JSON to FILE",
    )
    p.add_argument(
        "--id-field",
        metavar="NAME",
        default="id",
        help="the record field holding its id, named in --explain FILE, --diff and rejects "
        "(default: id)",
    )
    p.add_argument(
        "--rejects",
        metavar="PATH",
        default=None,
        help="where unreadable records go (default: OUTPUT.rejects.jsonl)",
    )
    p.add_argument(
        "--on-error",
        choices=["skip", "fail"],
        default="skip",
        help="skip: keep going and write rejects (default); fail: stop with exit code 1",
    )
    add_max_record_bytes(p)
    p.add_argument(
        "--in-place",
        metavar="SUFFIX",
        default=None,
        help="overwrite each input, keeping the original as INPUT+SUFFIX (e.g. .bak)",
    )
    p.add_argument(
        "--progress", action="store_true", help="show progress even when stderr is not a terminal"
    )
    add_quiet(p, "no progress, no summary")
    p.add_argument(
        "--source",
        metavar="URL",
        default=None,
        help="where the article came from (URL, domain or outlet name): with "
        "--outlets auto, picks the outlet's rule pack",
    )
    add_dask_flags(p)
    add_option_flags(p)
    p.set_defaults(handler=run)


def explain_value(argv: list[str]) -> list[str]:
    """``--explain`` takes FILE only when the next word names a JSON Lines file:
    ``newsclean clean --explain article.txt`` explains the article, it does not write to it."""
    out = []
    for i, word in enumerate(argv):
        if word == "--explain":
            following = argv[i + 1] if i + 1 < len(argv) else ""
            if not following.endswith(EXPLAIN_SUFFIXES):
                word = "--explain="
        out.append(word)
    return out


def run(args: argparse.Namespace, streams: Streams) -> int:
    pipeline, options = cleaning_pipeline(args)
    inputs = input_paths(args.inputs)
    detect_stdin(args, inputs, streams)
    if args.output_format is not None:
        articles = [p for p, _ in inputs if format_of(p, args.format).whole_file]
        if articles:
            raise ConfigError(
                f"--output-format {args.output_format}: {articles[0]} is a text article "
                "(mirrored as text); --output-format is for inputs of records"
            )
    if args.in_place:
        inputs = _without_backups(inputs, args.in_place)
    single_text = (
        len(inputs) == 1
        and inputs[0][0] == inputs[0][1]  # a file named as such, not found in a directory
        and format_of(inputs[0][0], args.format).whole_file
        and not (args.diff or args.dry_run or args.in_place)
        and args.explain in (None, "")
    )
    if single_text:
        return _one_article(args, pipeline, options, streams)
    if args.explain == "":
        raise UsageError("newsclean clean: --explain without FILE takes one text article")
    if args.in_place is not None and ("-" in args.inputs or not args.in_place):
        raise UsageError("newsclean clean: --in-place needs files and a backup SUFFIX")
    if args.in_place is not None and any(is_url(a) for a in args.inputs):
        raise UsageError("newsclean clean: --in-place needs local files, not URLs; give -o URL")
    with dask_client(args) as client:
        return _corpus_run(args, pipeline, options, inputs, streams, client)


def _without_backups(inputs: list[tuple[str, str]], suffix: str) -> list[tuple[str, str]]:
    """Inputs for --in-place: the backups a directory holds from an earlier run are not
    cleaned again, and no earlier backup is ever overwritten (it may be the only original)."""
    kept = [(p, arg) for p, arg in inputs if p == arg or not p.endswith(suffix)]
    for path, _ in kept:
        if Path(path + suffix).exists():
            raise ConfigError(
                f"{path + suffix} exists: --in-place {suffix} would overwrite an earlier "
                "backup; move the backups away or choose another suffix"
            )
    return kept


def _one_article(
    args: argparse.Namespace,
    pipeline: Pipeline | None,
    options: dict[str, Any],
    streams: Streams,
) -> int:
    """One text article to stdout or a file: the audit trail or the clean text."""
    source = args.inputs[0]
    if args.output != "-" and args.output.endswith(("/", "\\")):
        raise ConfigError(
            f"-o {args.output} names a directory: for one article give a file name "
            "(a directory takes the articles of several inputs or of a directory)"
        )
    warn = warner(streams.stderr)
    fmt = format_of(source, args.format)
    items = read_items(source, fmt, "text", decoder(args, warn), streams.stdin_bytes())
    item = next(iter(items))
    if item.error is not None:  # too large: there is no rejects file to put it in
        raise OSError(errno.EFBIG, item.error, source)
    text = item.record["text"]
    if pipeline is not None:
        result = pipeline.clean_and_explain(text, source=args.source)
    else:
        result = clean_and_explain(text, source=args.source, **options)
    if result.over_cleaned:
        warn(
            f"{source}: {result.removed_share:.0%} of the words were removed "
            "(over-cleaning guard); please review"
        )
    if args.explain == "" and args.json:
        out = "".join(json_line(c.to_dict()) for c in result.changes)
    elif args.explain == "":
        out = str(result) + "\n"
    else:
        out = result.text + ("\n" if result.text else "")
    write_output(args.output, out, streams.stdout)
    return EXIT_OK


def _corpus_run(
    args: argparse.Namespace,
    pipeline: Pipeline | None,
    options: dict[str, Any],
    inputs: list[tuple[str, str]],
    streams: Streams,
    client: Any,
) -> int:
    for path, _ in inputs:
        logger.debug(f"{path}: read as {format_of(path, args.format).name}")
    workers = resolve_workers(args.workers)
    if client is not None:  # as many chunks at once as the cluster has threads
        workers = max(1, sum(client.nthreads().values()))
    if pipeline is not None and (workers > 1 or client is not None):
        named = (
            f"--pipeline {args.pipeline!r}"
            if args.pipeline
            else f"the pipeline of --config {args.config}"
        )
        check_picklable(pipeline, named)
    corpus_run = CorpusRun(
        pipeline=pipeline if pipeline is not None else Pipeline.default(**options),
        inputs=inputs,
        output=args.output,
        text_field=args.field,
        fmt=args.format,
        output_fmt=args.output_format,
        stats_json=args.stats_json,
        workers=workers,
        chunksize=args.chunksize,
        executor=None if client is None else client.get_executor(),
        on_error=args.on_error,
        rejects=args.rejects,
        explain_path=args.explain,
        diff=args.diff,
        dry_run=args.dry_run,
        in_place=args.in_place,
        max_record_bytes=args.max_record_bytes,
        stdin=streams.stdin_bytes(),
        stdout=streams.stdout,
        stderr=streams.stderr,
        progress=not args.quiet and (args.progress or streams.stderr.isatty()),
        quiet=args.quiet,
        id_field=args.id_field,
        run_info={"pipeline_spec": args.pipeline} if args.pipeline else {},
    )
    try:
        corpus_run.execute()
    except RejectError as exc:
        print(
            f"newsclean: stopped at the first rejected record (--on-error fail): {exc}",
            file=streams.stderr,
        )
        return EXIT_ERROR
    if not args.quiet:
        summary = corpus_run.summary
        rejects = corpus_run.rejects_path() if summary.rejected else None
        print(summary.render(rejects, corpus_run.bad_files), file=streams.stderr)
    return report_damaged(corpus_run.damaged, streams.stderr)
