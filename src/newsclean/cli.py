"""The command line: a thin shell that parses arguments, builds a CleanConfig and
calls the library. ``main(argv) -> int`` never calls ``sys.exit`` itself."""

from __future__ import annotations

import argparse
import dataclasses
import difflib
import json
import os
import sys
import tomllib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO, get_args

from . import cli_corpus, cli_report
from ._version import __version__
from .api import clean_and_explain
from .batch import resolve_workers
from .config import PRESETS, CleanConfig
from .errors import ConfigError, NewscleanError
from .filters.captions import CaptionMode, KeepPolicy, ScorerName
from .filters.encoding import Normalization
from .filters.promo import Strictness
from .io import FORMATS, Decoder, detect_format, expand_inputs, read_items, write_text_atomically
from .pipeline import Pipeline
from .rules import builtin_pack_names, load_pack
from .run import CorpusRun, RejectError

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2
# Options whose values are a closed list (a Literal), by option name.
_CHOICES: dict[str, object] = {
    "keep": KeepPolicy,
    "captions": CaptionMode,
    "scorer": ScorerName,
    "strictness": Strictness,
}


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser that raises instead of exiting, so main() returns 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise _UsageError(f"{self.prog}: {message}")


class _UsageError(Exception):
    pass


def _add_config_flags(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("cleaning options (same names as CleanConfig)")
    group.add_argument(
        "--preset",
        choices=tuple(PRESETS),
        default=None,
        help="a named bundle of the encoding options, applied before the other flags "
        "(default: display)",
    )
    for f in dataclasses.fields(CleanConfig):
        flag = "--" + f.name.replace("_", "-")
        group.add_argument(flag, dest=f.name, default=None, **_flag_kind(f.name, f.default))


def _flag_kind(name: str, default: Any) -> dict[str, Any]:
    """How the flag for one CleanConfig option parses, and its help text."""
    doc = _FIELD_DOCS[name].replace("%", "%%")  # argparse formats help text with %
    if isinstance(default, bool):
        state = "on" if default else "off"
        return {"action": argparse.BooleanOptionalAction, "help": f"{doc} (default: {state})"}
    if name in {"outlets", "packs", "disabled_rules"}:
        extra = " 'all' or 'auto' alone. (default: all)" if name == "outlets" else ""
        return {"action": "append", "metavar": "NAME", "help": f"{doc} Repeat for several.{extra}"}
    if name == "normalization":
        choices: Any = [*get_args(Normalization), "none"]
    elif name in _CHOICES:
        choices = get_args(_CHOICES[name])
    elif name == "unescape_html":
        choices = ["auto", "yes", "no"]
    elif name == "max_removed_share":
        return {"type": _share, "metavar": "N|none", "help": f"{doc} (default: {default})"}
    else:
        kind = float if isinstance(default, float) else int
        return {"type": kind, "metavar": "N", "help": f"{doc} (default: {default})"}
    return {"choices": choices, "help": f"{doc} (default: {default})"}


_FIELD_DOCS = CleanConfig.describe()
_OFF = "off"  # how the command line says None for the guard


def _share(text: str) -> float | str:
    if text.lower() == "none":
        return _OFF
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a number from 0 to 1 or 'none', not {text!r}"
        ) from None


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed so docs and tests can read every flag)."""
    parser = _Parser(
        prog="newsclean",
        description="Turn raw scraped news article text into clean article text.",
    )
    parser.add_argument("--version", action="version", version=f"newsclean {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p_clean = sub.add_parser(
        "clean", help="clean articles: text files, JSONL, CSV or Parquet, files or directories"
    )
    p_clean.add_argument(
        "inputs",
        nargs="+",
        metavar="INPUT",
        help="files, directories (walked recursively) or - for stdin",
    )
    p_clean.add_argument(
        "-o",
        "--output",
        metavar="PATH",
        default="-",
        help="a file, a directory (text files are mirrored into it), or - for stdout (default)",
    )
    p_clean.add_argument(
        "--format", choices=FORMATS, default=None, help="input format (default: by extension)"
    )
    p_clean.add_argument(
        "--field", default="text", help="the record field holding the article (default: text)"
    )
    p_clean.add_argument(
        "--explain",
        nargs="?",
        const="",
        default=None,
        metavar="FILE",
        help="alone: print the audit trail of one article instead of its text; "
        "with FILE (.jsonl): write one JSON line per record with its changes",
    )
    p_clean.add_argument(
        "--json", action="store_true", help="with --explain alone: the changes as JSON lines"
    )
    p_clean.add_argument(
        "--diff", action="store_true", help="print a unified diff per record instead of output"
    )
    p_clean.add_argument(
        "--dry-run", action="store_true", help="write nothing; print only the summary"
    )
    p_clean.add_argument(
        "--workers",
        type=int,
        default=1,
        metavar="N",
        help="worker processes (0: all cores; default: 1)",
    )
    p_clean.add_argument(
        "--chunksize", type=int, default=64, metavar="N", help="records per task (default: 64)"
    )
    p_clean.add_argument(
        "--config", metavar="TOML", default=None, help="a TOML file of CleanConfig options"
    )
    p_clean.add_argument(
        "--rejects",
        metavar="PATH",
        default=None,
        help="where unreadable records go (default: OUTPUT.rejects.jsonl)",
    )
    p_clean.add_argument(
        "--on-error",
        choices=["skip", "fail"],
        default="skip",
        help="skip: keep going and write rejects (default); fail: stop with exit code 1",
    )
    p_clean.add_argument(
        "--in-place",
        metavar="SUFFIX",
        default=None,
        help="overwrite each input, keeping the original as INPUT+SUFFIX (e.g. .bak)",
    )
    p_clean.add_argument(
        "--progress", action="store_true", help="show progress even when stderr is not a terminal"
    )
    p_clean.add_argument("--quiet", action="store_true", help="no progress, no summary")
    p_clean.add_argument(
        "--source",
        metavar="URL",
        default=None,
        help="where the article came from (URL, domain or outlet name): with "
        "--outlets auto, picks the outlet's rule pack",
    )
    cli_corpus.add_dask_flags(p_clean)
    _add_config_flags(p_clean)

    p_stats = sub.add_parser(
        "stats", help="clean a sample and report the rules fired and the lines removed"
    )
    p_stats.add_argument("inputs", nargs="+", metavar="INPUT")
    p_stats.add_argument("--sample", type=int, default=1000, metavar="N", help="records (1000)")
    p_stats.add_argument("--field", default="text")
    p_stats.add_argument("--format", choices=FORMATS, default=None)
    p_stats.add_argument("--top", type=int, default=15, metavar="N", help="rows per table (15)")
    p_stats.add_argument("--config", metavar="TOML", default=None)
    _add_config_flags(p_stats)

    cli_corpus.add_commands(sub)
    cli_report.add_command(sub, _add_config_flags)

    p_rules = sub.add_parser("rules", help="list or show the rules in the rule packs")
    rules_sub = p_rules.add_subparsers(dest="rules_command", metavar="ACTION", parser_class=_Parser)
    p_list = rules_sub.add_parser("list", help="one line per rule: id, family, description")
    p_list.add_argument(
        "--packs", action="append", metavar="NAME", help="packs to list (default: all built-in)"
    )
    rules_sub.add_parser("packs", help="one line per pack: name, version, outlet, rule count")
    p_show = rules_sub.add_parser("show", help="everything about one rule")
    p_show.add_argument("rule_id", metavar="ID")
    return parser


def _options(args: argparse.Namespace) -> dict[str, Any]:
    options: dict[str, Any] = {}
    if getattr(args, "preset", None) is not None:
        options["preset"] = args.preset
    for f in dataclasses.fields(CleanConfig):
        value = getattr(args, f.name, None)
        if value is None:
            continue
        if f.name == "normalization":
            value = None if value == "none" else value
        elif f.name == "outlets" and value in (["all"], ["auto"]):
            value = value[0]
        elif f.name == "max_removed_share" and value == _OFF:
            value = None
        elif f.name == "unescape_html":
            value = {"auto": "auto", "yes": True, "no": False}[value]
        options[f.name] = value
    return options


def _read_input(source: str, stdin: TextIO, stderr: TextIO) -> str:
    if source == "-":
        data = stdin.buffer.read() if hasattr(stdin, "buffer") else stdin.read().encode()
    else:
        data = Path(source).read_bytes()
    return Decoder(lambda m: print(f"newsclean: warning: {m}", file=stderr))(
        data, "<stdin>" if source == "-" else source
    )


def _config_options(args: argparse.Namespace) -> dict[str, Any]:
    """Options from --config (a TOML file of CleanConfig keys), then the flags on top."""
    options: dict[str, Any] = {}
    if getattr(args, "config", None):
        path = Path(args.config)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise ConfigError(f"--config {path}: cannot read: {exc.strerror or exc}") from exc
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"--config {path}: not valid TOML: {exc}") from exc
        options.update(data)
    options.update(_options(args))
    CleanConfig.from_options(**options)  # fail early, naming the bad key
    return options


def _one_article(args: argparse.Namespace, options: dict[str, Any], io_: _IO) -> int:
    """One text article to stdout or a file: the audit trail or the clean text."""
    text = _read_input(args.inputs[0], io_.stdin, io_.stderr)
    result = clean_and_explain(text, source=args.source, **options)
    if result.over_cleaned:
        print(
            f"newsclean: warning: {args.inputs[0]}: {result.removed_share:.0%} of the words "
            "were removed (over-cleaning guard); please review",
            file=io_.stderr,
        )
    if args.explain == "" and args.json:
        out = "".join(json.dumps(c.to_dict(), ensure_ascii=False) + "\n" for c in result.changes)
    elif args.explain == "":
        out = str(result) + "\n"
    else:
        out = result.text + ("\n" if result.text else "")
    if args.output == "-":
        io_.stdout.write(out)
        io_.stdout.flush()
    else:
        write_text_atomically(args.output, out)
    return EXIT_OK


@dataclass(frozen=True)
class _IO:
    stdin: TextIO
    stdout: TextIO
    stderr: TextIO


def _cmd_clean(args: argparse.Namespace, io_: _IO) -> int:
    options = _config_options(args)
    inputs = [(p, arg) for arg in args.inputs for p in expand_inputs([arg])]
    for path, _ in inputs:
        if path != "-" and not Path(path).is_file():
            raise FileNotFoundError(2, "No such file", path)
    single_text = (
        len(inputs) == 1
        and detect_format(inputs[0][0], args.format) == "txt"
        and not (args.diff or args.dry_run or args.in_place)
        and args.explain in (None, "")
    )
    if single_text:
        return _one_article(args, options, io_)
    if args.explain == "":
        raise _UsageError("newsclean clean: --explain without FILE takes one text article")
    if args.in_place is not None and ("-" in args.inputs or not args.in_place):
        raise _UsageError("newsclean clean: --in-place needs files and a backup SUFFIX")
    with cli_corpus.dask_client(args) as client:
        return _corpus_run(args, options, inputs, io_, client)


def _corpus_run(
    args: argparse.Namespace,
    options: dict[str, Any],
    inputs: list[tuple[str, str]],
    io_: _IO,
    client: Any,
) -> int:
    workers = resolve_workers(args.workers)
    if client is not None:  # as many chunks at once as the cluster has threads
        workers = max(1, sum(client.nthreads().values()))
    run = CorpusRun(
        pipeline=Pipeline.default(**options),
        inputs=inputs,
        output=args.output,
        text_field=args.field,
        fmt=args.format,
        workers=workers,
        chunksize=args.chunksize,
        executor=None if client is None else client.get_executor(),
        on_error=args.on_error,
        rejects=args.rejects,
        explain_path=args.explain,
        diff=args.diff,
        dry_run=args.dry_run,
        in_place=args.in_place,
        stdout=io_.stdout,
        stderr=io_.stderr,
        progress=not args.quiet and (args.progress or io_.stderr.isatty()),
        quiet=args.quiet,
    )
    try:
        run.execute()
    except RejectError as exc:
        print(
            f"newsclean: stopped at the first rejected record (--on-error fail): {exc}",
            file=io_.stderr,
        )
        return EXIT_ERROR
    if not args.quiet:
        rejects = run.rejects_path() if run.summary.rejected else None
        print(run.summary.render(rejects, run.bad_files), file=io_.stderr)
    return EXIT_OK


def _cmd_stats(args: argparse.Namespace, io_: _IO) -> int:
    options = _config_options(args)
    decode = Decoder(lambda m: print(f"newsclean: warning: {m}", file=io_.stderr))
    rules: Counter[str] = Counter()
    removed: Counter[str] = Counter()
    examples: list[tuple[str, str, str]] = []
    seen = 0
    for path in expand_inputs(args.inputs):
        for item in read_items(path, detect_format(path, args.format), args.field, decode):
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
                rules[change.reason.split(":score=")[0]] += 1
                if change.after is None:
                    removed[change.before.strip()[:100]] += 1
            if result.changes and len(examples) < 3 and result.text != text:
                examples.append((f"{item.path}:{item.number}", text, result.text))
    out = io_.stdout
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
    return EXIT_OK


def _cmd_rules(args: argparse.Namespace, stdout: TextIO) -> int:
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
        raise _UsageError(f"newsclean rules show: no rule with id {args.rule_id!r}")
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


def _explain_value(argv: list[str]) -> list[str]:
    """``--explain`` takes FILE only when the next word names a JSON Lines file (or is -):
    ``newsclean clean --explain article.txt`` explains the article, it does not write to it."""
    out = []
    for i, word in enumerate(argv):
        if word == "--explain":
            following = argv[i + 1] if i + 1 < len(argv) else ""
            if not following.endswith((".jsonl", ".json", ".jsonl.gz")):
                word = "--explain="
        out.append(word)
    return out


def main(
    argv: Sequence[str] | None = None,
    *,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run the command line; return the exit code (0 ok, 1 error, 2 usage/config)."""
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    parser = build_parser()
    try:
        args = parser.parse_args(_explain_value(list(sys.argv[1:] if argv is None else argv)))
        io_ = _IO(stdin, stdout, stderr)
        if args.command == "clean":
            return _cmd_clean(args, io_)
        if args.command == "stats":
            return _cmd_stats(args, io_)
        if args.command == "report":
            return cli_report.cmd_report(args, _config_options(args), stderr)
        if args.command == "learn":
            return cli_corpus.cmd_learn(args, io_)
        if args.command == "dedupe":
            return cli_corpus.cmd_dedupe(args, io_)
        if args.command == "rules" and args.rules_command:
            return _cmd_rules(args, stdout)
        parser.print_help(stderr)
        return EXIT_USAGE
    except _UsageError as exc:
        print(str(exc), file=stderr)
        return EXIT_USAGE
    except NewscleanError as exc:
        print(f"newsclean: error: {exc}", file=stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        raise  # the reader went away (`| head`): run() ends quietly
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"newsclean: error: {where}{exc.strerror or exc}", file=stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("newsclean: interrupted; no partial output file was left", file=stderr)
        return 130


def run() -> None:
    """Console-script entry point."""
    try:
        code = main()
    except BrokenPipeError:  # `newsclean clean x | head` closed the pipe: not an error
        # Point stdout at devnull so that Python's own flush at exit does not fail again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        code = EXIT_OK
    raise SystemExit(code)


if __name__ == "__main__":
    run()
