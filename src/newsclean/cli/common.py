"""What every command shares: the streams, exit codes and usage errors, the one warning
printer, the one input check, and the argparse helpers for inputs, formats and Dask."""

from __future__ import annotations

import argparse
import contextlib
import functools
import io
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
    DamagedInput,
    Decoder,
    Item,
    expand_inputs,
    format_of,
    read_items,
    surrogate_safe,
    write_text_atomically,
)
from .options import options_from_args

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


def warner(stderr: IO[str], quiet: bool = False) -> Warn:
    """The one warning printer: ``newsclean: warning: ...`` on stderr, unless quiet."""

    def warn(message: str) -> None:
        if not quiet:
            print(f"newsclean: warning: {message}", file=stderr)

    return warn


def input_paths(inputs: list[str]) -> list[tuple[str, str]]:
    """The one input check: each argument expanded (directories walked), as
    (path, the argument it came from); a missing file fails before any work."""
    paths = [(path, arg) for arg in inputs for path in expand_inputs([arg])]
    for path, _ in paths:
        if path != "-" and not Path(path).is_file():
            raise FileNotFoundError(2, "No such file", path)
    return paths


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
    options.update(options_from_args(args))
    CleanConfig.from_options(**options)  # fail early, naming the bad key
    return options


# -- argparse helpers -----------------------------------------------------------------------


def add_inputs(parser: argparse.ArgumentParser, help: str | None = None) -> None:
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help=help)


def add_format(parser: argparse.ArgumentParser, help: str | None = None) -> None:
    parser.add_argument("--format", choices=FORMAT_NAMES, default=None, help=help)


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
    parser.add_argument("--quiet", action="store_true", help=help)


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
    for path, _ in input_paths(args.inputs):
        if path == "-":
            copy = spool / "stdin.jsonl"
            with copy.open("wb") as fh:
                shutil.copyfileobj(streams.stdin_bytes(), fh)
            out.append(str(copy))
            continue
        if format_of(path, args.format).whole_file:
            raise ConfigError(f"{path}: learn and dedupe read records (JSONL, CSV, Parquet)")
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
