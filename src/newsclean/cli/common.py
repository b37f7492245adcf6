"""What every command shares: the streams, exit codes and usage errors, the one warning
printer and the log level (``-v`` / ``-q``), the one input check, the options and the
pipeline, and the argparse helpers for inputs, formats and Dask."""

from __future__ import annotations

import argparse
import contextlib
import functools
import io
import logging
import shutil
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, TextIO

from ..config import CleanConfig
from ..errors import ConfigError
from ..io import (
    DEFAULT_MAX_RECORD_BYTES,
    FORMAT_NAMES,
    FORMATS,
    DamagedInput,
    Decoder,
    Item,
    expand_inputs,
    format_of,
    read_items,
    sniff_stdin,
    surrogate_safe,
    write_text_atomically,
)
from ..log import logger
from ..pipeline import Pipeline
from ..remote import is_url
from .options import options_from_args
from .pipeline_spec import load_pipeline

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2

Warn = Callable[[str], None]


class UsageError(Exception):
    """A command line that cannot run: printed as is, exit code 2."""


class Parser(argparse.ArgumentParser):
    """An ArgumentParser that raises instead of exiting, so main() returns 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{self.prog}: {message}")


@dataclass(frozen=True)
class Streams:
    """The standard streams a command reads and writes (tests pass their own). Output
    never fails on a lone surrogate: it is written as U+FFFD."""

    stdin: TextIO
    stdout: TextIO
    stderr: TextIO

    def __post_init__(self) -> None:
        object.__setattr__(self, "stdout", surrogate_safe(self.stdout))
        object.__setattr__(self, "stderr", surrogate_safe(self.stderr))

    @functools.cached_property
    def _stdin_bytes(self) -> IO[bytes]:
        buffer: IO[bytes] | None = getattr(self.stdin, "buffer", None)
        return buffer if buffer is not None else io.BufferedReader(_EncodedText(self.stdin))

    def stdin_bytes(self) -> IO[bytes]:
        """Standard input as bytes (a text stream without a buffer is read as UTF-8)."""
        return self._stdin_bytes

    def sniff_stdin(self, limit: int) -> str | None:
        """What standard input holds, by its first lines (``io.sniff_stdin``): ``jsonl``,
        ``json`` or None; it is read from its start afterwards all the same."""
        fmt, stream = sniff_stdin(self._stdin_bytes, limit)
        object.__setattr__(self, "_stdin_bytes", stream)  # the cached property, replaced
        return fmt


class _EncodedText(io.RawIOBase):
    """A text stream read as UTF-8 bytes (for an io.StringIO standing in for stdin)."""

    def __init__(self, stream: TextIO) -> None:
        super().__init__()
        self.stream = stream
        self.pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self.pending:
            chunk = self.stream.read(8192)
            if not chunk:
                return 0
            # a lone surrogate becomes bytes that are not UTF-8: decoded as U+FFFD, warned of
            self.pending = chunk.encode("utf-8", "surrogatepass")
        n = min(len(buffer), len(self.pending))
        buffer[:n] = self.pending[:n]
        self.pending = self.pending[n:]
        return n


def warner(stderr: IO[str] | None = None, quiet: bool = False) -> Warn:
    """The one warning printer: a warning on the ``newsclean`` logger (which ``main``
    shows on its stderr as ``newsclean: warning: ...``), unless ``quiet``. ``stderr`` is
    not used: it is kept for the callers that still pass it."""

    def warn(message: str) -> None:
        if not quiet:
            logger.warning(message)

    return warn


class _Lines(logging.Formatter):
    """``newsclean: warning: message``: the command line's own style for log records."""

    def format(self, record: logging.LogRecord) -> str:
        return f"newsclean: {record.levelname.lower()}: {record.getMessage()}"


@contextlib.contextmanager
def logging_to(stderr: IO[str], args: argparse.Namespace) -> Iterator[None]:
    """Show the ``newsclean`` logger on ``stderr`` while a command runs, at the level its
    flags set: warnings (default), ``-v`` info, ``-vv`` debug, ``-q`` errors only.
    Records are not passed on to the root logger meanwhile (an application calling
    ``main`` would print them twice); everything is put back afterwards."""
    verbose = getattr(args, "verbose", 0) or 0
    if getattr(args, "quiet", False):
        level = logging.ERROR
    else:
        level = {0: logging.WARNING, 1: logging.INFO}.get(verbose, logging.DEBUG)
    handler = logging.StreamHandler(stderr)
    handler.setFormatter(_Lines())
    saved = logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(level)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(saved[0])
        logger.propagate = saved[1]


def input_paths(inputs: list[str]) -> list[tuple[str, str]]:
    """The one input check: each argument expanded (directories walked), as
    (path, the argument it came from); a missing file fails before any work."""
    paths = [(path, arg) for arg in inputs for path in expand_inputs([arg])]
    for path, _ in paths:
        if path != "-" and not is_url(path) and not Path(path).is_file():
            raise FileNotFoundError(2, "No such file", path)
    return paths


def detect_stdin(args: argparse.Namespace, inputs: list[tuple[str, str]], streams: Streams) -> None:
    """Standard input without --format: records (JSON Lines, a JSON array) are read as
    records (``args.format`` is set), never as one article that looks like JSON. Records
    beside other inputs need --format, which applies to them all."""
    if args.format is not None or all(path != "-" for path, _ in inputs):
        return
    found = streams.sniff_stdin(getattr(args, "max_record_bytes", DEFAULT_MAX_RECORD_BYTES))
    if found is None:
        logger.debug("standard input read as one text article (no records detected)")
        return
    if len(inputs) > 1:
        raise ConfigError(
            f"standard input holds {FORMATS[found].name} records, read beside other inputs: "
            "give --format for all of them"
        )
    args.format = found
    logger.info(
        f"standard input holds {found} records (detected; --format txt reads it as one article)"
    )


def write_output(path: str, text: str, stdout: TextIO) -> None:
    """A whole output: to stdout for ``-``, else to a file, atomically."""
    if path == "-":
        stdout.write(text)
        stdout.flush()
    else:
        write_text_atomically(path, text)


def cleaning_options(args: argparse.Namespace) -> dict[str, Any]:
    """Options from --config (a TOML file of CleanConfig keys), then the flags on top,
    checked before any input is read."""
    options = _config_file(args)
    if "pipeline" in options:
        raise ConfigError(
            f"--config {args.config}: 'pipeline' is read by `newsclean clean` only; "
            "give this command CleanConfig options"
        )
    options.update(options_from_args(args))
    CleanConfig.from_options(**options)  # fail early, naming the bad key
    return options


def cleaning_pipeline(args: argparse.Namespace) -> tuple[Pipeline | None, dict[str, Any]]:
    """``--pipeline MODULE:ATTRIBUTE`` (else the ``pipeline`` key of --config) as a
    Pipeline, or None; and the cleaning options. A pipeline carries its own options, so
    it is refused beside any (in the file or as flags) rather than have them ignored."""
    options = _config_file(args)
    spec, where = getattr(args, "pipeline", None), "--pipeline"
    from_file = options.pop("pipeline", None)
    if spec is None and from_file is not None:
        if not isinstance(from_file, str):
            raise ConfigError(
                f"--config {args.config}: pipeline must be a 'MODULE:ATTRIBUTE' string"
            )
        spec, where = from_file, f"--config {args.config}: pipeline"
    options.update(options_from_args(args))
    if spec is None:
        CleanConfig.from_options(**options)  # fail early, naming the bad key
        return None, options
    if options:
        raise ConfigError(
            f"{where} {spec!r} cannot be combined with cleaning options "
            f"({', '.join(sorted(options))}): the pipeline carries its own, so they would be "
            "ignored; build it with them instead, e.g. Pipeline.default(uncurl_quotes=True)"
        )
    return load_pipeline(spec, where), {}


def _config_file(args: argparse.Namespace) -> dict[str, Any]:
    if not getattr(args, "config", None):
        return {}
    path = Path(args.config)
    try:
        return dict(tomllib.loads(path.read_text(encoding="utf-8")))
    except OSError as exc:
        raise ConfigError(f"--config {path}: cannot read: {exc.strerror or exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"--config {path}: not valid TOML: {exc}") from exc


# -- argparse helpers -----------------------------------------------------------------------


def add_inputs(parser: argparse.ArgumentParser, help: str | None = None) -> None:
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help=help)


def add_format(parser: argparse.ArgumentParser, help: str | None = None) -> None:
    """``--format`` (also spelled ``--input-format``): the format the INPUTS are read in."""
    parser.add_argument(
        "--format",
        "--input-format",
        dest="format",
        choices=FORMAT_NAMES,
        default=None,
        help=(help or "input format (default: by extension)")
        + "; the inputs' format, not the output's",
    )


#: The formats records can be written in (``--output-format``).
RECORD_FORMATS = tuple(name for name, fmt in FORMATS.items() if not fmt.whole_file)


def add_output_format(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--output-format",
        choices=RECORD_FORMATS,
        default=None,
        help="the format records are WRITTEN in (default: by the -o extension; on stdout, "
        "the input's); --format is the inputs'",
    )


def add_config_file(parser: argparse.ArgumentParser, help: str | None = None) -> None:
    parser.add_argument("--config", metavar="TOML", default=None, help=help)


def add_max_record_bytes(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--max-record-bytes",
        type=_at_least_one,
        default=DEFAULT_MAX_RECORD_BYTES,
        metavar="N",
        help="the largest record read (a JSON line, a CSV row, a text file), in bytes; "
        f"a larger one is rejected without being held (default: {DEFAULT_MAX_RECORD_BYTES})",
    )


def _at_least_one(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of 1 or more, not {text!r}")
    return value


def decoder(args: argparse.Namespace, warn: Warn) -> Decoder:
    """The run's Decoder, with the command's --max-record-bytes."""
    return Decoder(warn, getattr(args, "max_record_bytes", DEFAULT_MAX_RECORD_BYTES))


def report_damaged(damaged: list[DamagedInput], stderr: IO[str]) -> int:
    """Name each input that could not be read to its end; the exit code it makes."""
    for exc in damaged:
        print(f"newsclean: error: {exc.filename}: {exc.strerror}", file=stderr)
    return EXIT_ERROR if damaged else EXIT_OK


def add_quiet(parser: argparse.ArgumentParser, help: str = "no summary on stderr") -> None:
    parser.add_argument("-q", "--quiet", action="store_true", help=help + "; errors only")


def add_verbosity(parser: argparse.ArgumentParser) -> None:
    """``-v`` (info; ``-vv`` debug) on every command, and ``-q`` where it has none."""
    if "--verbose" not in parser._option_string_actions:
        parser.add_argument(
            "-v",
            "--verbose",
            action="count",
            default=0,
            help="say more on stderr: -v what was detected or chosen, -vv debugging detail",
        )
    if "--quiet" not in parser._option_string_actions:
        parser.add_argument(
            "-q", "--quiet", action="store_true", help="only errors on stderr, no warnings"
        )


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
        from .. import dask as nd  # an optional extra: imported only when asked for
    except ImportError as exc:
        raise ConfigError(f"--scheduler/--dask: {exc}") from exc
    workers = getattr(args, "workers", 0) or 2
    with nd.client(args.scheduler, workers=workers) as client:
        yield client


# -- the record commands (learn, dedupe) --------------------------------------------------


def add_record_inputs(parser: argparse.ArgumentParser) -> None:
    """INPUT..., --format, --field and --date-field, as learn and dedupe take them."""
    add_inputs(parser, "JSONL, CSV or Parquet files, or - for stdin")
    add_format(parser, "input format (default: by extension)")
    parser.add_argument("--field", default="text", help="the article's field (default: text)")
    parser.add_argument(
        "--date-field", default="date", help="the publication date's field (default: date)"
    )
    add_max_record_bytes(parser)


def add_dask_and_workers(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--workers", type=int, default=0, metavar="N", help="with --dask: worker processes (2)"
    )
    add_dask_flags(parser)


def record_paths(args: argparse.Namespace, streams: Streams, spool: Path) -> list[str]:
    """The input files of a command that reads its records more than once: checked,
    files of records only, and standard input copied to a file in ``spool`` first."""
    out = []
    limit = getattr(args, "max_record_bytes", DEFAULT_MAX_RECORD_BYTES)
    for path, _ in input_paths(args.inputs):
        if path == "-":
            found = None if args.format else streams.sniff_stdin(limit)
            copy = spool / ("stdin.json" if found == "json" else "stdin.jsonl")
            with copy.open("wb") as fh:
                shutil.copyfileobj(streams.stdin_bytes(), fh)
            out.append(str(copy))
            continue
        if format_of(path, args.format).whole_file:
            raise ConfigError(
                f"{path}: learn and dedupe read records (JSONL, JSON, CSV, TSV, Parquet)"
            )
        out.append(path)
    return out


def read_records(
    paths: list[str],
    args: argparse.Namespace,
    warn: Warn,
    damaged: list[DamagedInput] | None = None,
) -> Iterator[Item]:
    """Every item of ``paths`` in ``--format`` (else by extension), rejects included. An
    input that cannot be read to its end raises DamagedInput after its records before the
    damage; given a ``damaged`` list, it is added there instead and the next input read."""
    decode = decoder(args, warn)
    for path in paths:
        try:
            yield from read_items(path, format_of(path, args.format), args.field, decode)
        except DamagedInput as exc:
            if damaged is None:
                raise
            if all(d.filename != exc.filename for d in damaged):
                damaged.append(exc)


def jsonl_only(paths: list[str], args: argparse.Namespace) -> None:
    """On Dask, records are read by dask.bag: JSON Lines only."""
    for path in paths:
        if format_of(path, args.format).name != "jsonl":
            raise ConfigError(f"{path}: on Dask, inputs are JSONL files (.jsonl, .jsonl.gz)")
