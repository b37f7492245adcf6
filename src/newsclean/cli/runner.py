"""A corpus run of ``newsclean clean``: inputs in, cleaned records out, rejects kept,
every record counted, progress while it runs and a summary at the end. The cleaning
itself is batch.ordered_map; reading and writing is the io format registry."""

from __future__ import annotations

import contextlib
import difflib
import io
import shutil
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import Executor
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Literal

from ..batch import CleanRecords, RecordResult, ordered_map
from ..errors import ConfigError
from ..io import (
    DEFAULT_MAX_RECORD_BYTES,
    TEXT_ERRORS,
    AtomicWriter,
    DamagedInput,
    Decoder,
    FileFormat,
    Item,
    RecordSink,
    atomic_text,
    format_of,
    json_line,
    read_items,
    surrogate_safe,
    utf8_len,
    write_text_atomically,
)
from ..pipeline import Pipeline
from .common import Warn, warner

OnError = Literal["skip", "fail"]


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the parent process needs of one record: small, so that sending it back from
    a worker costs little (the full audit trail travels only when asked for)."""

    record: Any
    error: str | None = None
    over_cleaned: bool = False
    removed_share: float = 0.0
    removed: tuple[tuple[str, str], ...] = ()  # (filter, family) per removed line
    changes: list[dict[str, object]] | None = None


@dataclass(frozen=True, slots=True)
class _CleanItems:
    """Picklable chunk function: Items in, (Item, Outcome) out, rejects kept."""

    records: CleanRecords
    with_changes: bool

    def __call__(self, items: list[Item]) -> list[tuple[Item, Outcome]]:
        out = []
        for item in items:
            if item.error is not None:
                out.append((item, Outcome(item.raw, item.error)))
                continue
            result = self.records.one(item.record)
            out.append((item, self._slim(result)))
        return out

    def _slim(self, result: RecordResult) -> Outcome:
        cleaned = result.cleaned
        if cleaned is None:
            return Outcome(result.record, result.error)
        removed = tuple(
            (c.filter, c.family)
            for c in cleaned.changes
            if c.after is None and c.filter != "tidy_whitespace"
        )
        changes = [c.to_dict() for c in cleaned.changes] if self.with_changes else None
        return Outcome(
            result.record, None, cleaned.over_cleaned, cleaned.removed_share, removed, changes
        )


@dataclass
class Summary:
    """What a run did, derived from the results as they pass."""

    records_in: int = 0
    records_out: int = 0
    rejected: int = 0
    over_cleaned: int = 0
    bytes_in: int = 0
    bytes_out: int = 0
    removed_by_filter: Counter[str] = field(default_factory=Counter)
    removed_by_family: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0

    def add(self, outcome: Outcome, text_in: str, text_out: str) -> None:
        self.records_out += 1
        self.bytes_in += utf8_len(text_in)
        self.bytes_out += utf8_len(text_out)
        self.over_cleaned += outcome.over_cleaned
        for filter_name, family in outcome.removed:
            self.removed_by_filter[filter_name] += 1
            self.removed_by_family[family] += 1

    def render(self, rejects_path: str | None, bad_files: int) -> str:
        rate = self.bytes_in / 1e6 / self.seconds if self.seconds else 0.0
        lines = [
            f"newsclean: {self.records_in:,} records in, {self.records_out:,} out, "
            f"{self.rejected:,} rejected"
            + (f" (written to {rejects_path})" if self.rejected and rejects_path else "")
            + f"; {self.seconds:.1f} s, {rate:.2f} MB/s",
            f"  text bytes in {self.bytes_in:,}, out {self.bytes_out:,}",
            f"  lines removed by filter: {_counts(self.removed_by_filter.most_common())}",
            f"  lines removed by rule family: {_counts(self.removed_by_family.most_common(12))}",
            f"  over-cleaning guard fired: {self.over_cleaned:,} records",
        ]
        if bad_files:
            lines.append(f"  inputs with undecodable bytes: {bad_files}")
        return "\n".join(lines)


def _counts(pairs: list[tuple[str, int]]) -> str:
    return ", ".join(f"{k} {v:,}" for k, v in pairs) or "none"


@dataclass
class Progress:
    """A progress line on stderr: records, MB, rate and ETA (when the total is known)."""

    stream: IO[str]
    total_bytes: int
    enabled: bool
    started: float = field(default_factory=time.perf_counter)
    last: float = 0.0

    def update(self, summary: Summary, done_bytes: int) -> None:
        now = time.perf_counter()
        if not self.enabled or now - self.last < 0.5:
            return
        self.last = now
        elapsed = now - self.started
        rate = done_bytes / 1e6 / elapsed if elapsed else 0.0
        eta = ""
        if self.total_bytes and done_bytes and rate:
            left = max(0.0, (self.total_bytes - done_bytes) / 1e6 / rate)
            eta = f", ETA {int(left // 60)}:{int(left % 60):02d}"
        self.stream.write(
            f"\rnewsclean: {summary.records_in:,} records, {done_bytes / 1e6:.1f} MB, "
            f"{rate:.2f} MB/s{eta}   "
        )
        self.stream.flush()

    def done(self) -> None:
        if self.enabled and self.last:
            self.stream.write("\n")


class RejectError(Exception):
    """Raised with --on-error fail at the first rejected record."""


@dataclass
class CorpusRun:
    """One run of ``newsclean clean`` over several inputs."""

    pipeline: Pipeline
    inputs: list[tuple[str, str]]  # (path, the argument it came from)
    output: str
    text_field: str = "text"
    fmt: str | None = None  # a --format name (input); None: by extension
    output_fmt: str | None = None  # an --output-format name; None: by the output's extension
    workers: int = 1
    chunksize: int = 64
    executor: Executor | None = None  # a Dask cluster's, say; None: workers processes
    on_error: OnError = "skip"
    rejects: str | None = None
    explain_path: str | None = None
    diff: bool = False
    dry_run: bool = False
    in_place: str | None = None
    max_record_bytes: int = DEFAULT_MAX_RECORD_BYTES  # a larger record is rejected unread
    stdin: IO[bytes] | None = None  # where "-" reads from; None: sys.stdin
    stdout: IO[str] = sys.stdout
    stderr: IO[str] = sys.stderr
    progress: bool = False
    stats_json: str | None = None  # --stats-json: the run summary with provenance, as JSON
    quiet: bool = False  # no progress, no summary, no warnings
    summary: Summary = field(default_factory=Summary)
    bad_files: int = 0
    damaged: list[DamagedInput] = field(default_factory=list)  # read up to the damage
    warn: Warn = field(init=False, repr=False)
    _arg_of: dict[str, str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.stdout = surrogate_safe(self.stdout)
        self.stderr = surrogate_safe(self.stderr)
        self.warn = warner(self.stderr, self.quiet)
        self._arg_of = dict(self.inputs)

    def check_targets(self) -> None:
        """Fail before any work when an output cannot take its input's records."""
        if self.diff or self.dry_run:
            return
        seen: dict[str, str] = {}
        for path, arg in self.inputs:
            fmt = format_of(path, self.fmt)
            target = self._target(path, arg)
            if target != "-" and seen.setdefault(target, path) != path:
                raise ConfigError(
                    f"{seen[target]} and {path} would both be written to {target}; give "
                    "their directories as inputs (their layout is kept) or run them apart"
                )
            if not fmt.whole_file:
                RecordSink.check(target, self._output_format(fmt, target))

    def _output_format(self, in_fmt: FileFormat, target: str) -> FileFormat:
        """The format records are written in: --output-format, else the target's extension
        (standard output: the input's format)."""
        if self.output_fmt is not None:
            return format_of(target, self.output_fmt)
        return in_fmt if target == "-" else format_of(target, self.fmt)

    def _items(self, decode: Decoder) -> Iterator[Item]:
        """Every input's records; a damaged input's up to the damage, noted in ``damaged``
        for the run to fail at its end (with --on-error fail, at once)."""
        for path, _ in self.inputs:
            fmt = format_of(path, self.fmt)
            try:
                yield from read_items(path, fmt, self.text_field, decode, self.stdin)
            except DamagedInput as exc:
                if self.on_error == "fail" and not self.dry_run:
                    raise
                self.damaged.append(exc)

    def _target(self, path: str, arg: str) -> str:
        """Where one input's records go."""
        if self.in_place is not None:
            return path
        out = Path(self.output)
        if self.output == "-":
            return "-"
        many = len(self.inputs) > 1 or Path(arg).is_dir()  # a directory in, a directory out
        if out.is_dir() or self.output.endswith(("/", "\\")) or many:
            base = Path(arg)
            rel = Path(path).relative_to(base) if base.is_dir() else Path(Path(path).name)
            return str(out / rel)
        return self.output

    def execute(self) -> None:
        """Read, clean and write every record; the summary is in ``self.summary``."""
        self.check_targets()
        decode = Decoder(self.warn, self.max_record_bytes)
        total = sum(Path(p).stat().st_size for p, _ in self.inputs if p != "-")
        progress = Progress(self.stderr, total, self.progress)
        records = CleanRecords(self.pipeline, self.text_field, None)
        results = ordered_map(
            _CleanItems(records, with_changes=self.explain_path is not None),
            self._items(decode),
            workers=self.workers,
            chunksize=self.chunksize,
            executor=self.executor,
        )
        sinks: dict[str, RecordSink] = {}
        started = time.perf_counter()
        ok = False
        with contextlib.ExitStack() as stack:
            explain = self._open_explain(stack)
            rejects = _LazyRejects(self.rejects_path)
            stack.callback(rejects.close)
            try:
                for item, result in results:
                    self._one(item, result, sinks, rejects, explain)
                    progress.update(self.summary, self.summary.bytes_in)
                ok = True
            finally:
                progress.done()
                _close_all(list(sinks.values()), ok)
                self.summary.seconds = time.perf_counter() - started
        self.bad_files = len(decode.files_with_bad_bytes)

    def _open_explain(self, stack: contextlib.ExitStack) -> IO[str] | None:
        if not self.explain_path:
            return None
        if self.explain_path == "-":
            return self.stdout
        return stack.enter_context(atomic_text(self.explain_path))

    def _one(
        self,
        item: Item,
        result: Outcome,
        sinks: dict[str, RecordSink],
        rejects: _LazyRejects,
        explain: IO[str] | None,
    ) -> None:
        """Count, explain and write one record, or reject it."""
        self.summary.records_in += 1
        if result.error is not None:
            self.summary.rejected += 1
            if not self.dry_run:
                row = {"file": item.path, "line": item.number, "error": result.error}
                row["raw" if item.raw is not None else "record"] = result.record
                rejects.write(json_line(row))
            self.warn(f"{item.path}:{item.number}: {result.error}")
            if self.on_error == "fail" and not self.dry_run:
                raise RejectError(f"{item.path}:{item.number}: {result.error}")
            return
        text_in = item.record[self.text_field]
        text_out = result.record[self.text_field]
        self.summary.add(result, text_in, text_out)
        if explain is not None:
            row = {
                "file": item.path,
                "record": item.number,
                "removed_share": round(result.removed_share, 4),
                "changes": result.changes,
            }
            explain.write(json_line(row))
        if self.diff:
            self._write_diff(item, text_in, text_out)
        elif not self.dry_run:
            self._write(item, result, text_out, sinks)

    def rejects_path(self) -> str:
        if self.rejects:
            return self.rejects
        if self.output not in ("-", "") and not Path(self.output).is_dir():
            return self.output + ".rejects.jsonl"
        if self.output not in ("-", ""):
            return str(Path(self.output) / "newsclean.rejects.jsonl")
        return "newsclean.rejects.jsonl"

    def _write_diff(self, item: Item, before: str, after: str) -> None:
        label = f"{item.path}:{item.number}"
        diff = difflib.unified_diff(
            before.splitlines(keepends=True),
            after.splitlines(keepends=True),
            fromfile=f"a/{label}",
            tofile=f"b/{label}",
        )
        for line in diff:
            self.stdout.write(line if line.endswith("\n") else line + "\n")

    def _write(
        self, item: Item, result: Outcome, text_out: str, sinks: dict[str, RecordSink]
    ) -> None:
        fmt = format_of(item.path, self.fmt)
        target = self._target(item.path, self._arg_of[item.path])
        if fmt.whole_file:  # one article per file: mirrored, each file written at once
            body = text_out + ("\n" if text_out else "")
            if target == "-":
                self.stdout.write(body)
                return
            if self.in_place is not None:
                shutil.copy2(item.path, item.path + self.in_place)
            write_text_atomically(target, body)
            return
        sink = sinks.get(target)
        if sink is None:
            if self.in_place is not None:
                shutil.copy2(item.path, item.path + self.in_place)
            out_fmt = self._output_format(fmt, target)
            sink = sinks[target] = RecordSink(target, out_fmt, self.stdout)
        sink.write(result.record)


def _close_all(sinks: list[RecordSink], ok: bool) -> None:
    """Close every output: all renamed into place when ``ok`` (until one fails: the rest are
    then thrown away), else all thrown away. Each is closed, whatever the others do."""
    error: BaseException | None = None
    for sink in sinks:
        try:
            sink.close(ok and error is None)
        except BaseException as exc:
            error = error or exc
    if error is not None:
        raise error


class _LazyRejects:
    """The rejects file, opened at its first write (none when nothing is rejected). It is
    written beside its final name and renamed into place when the run ends, however it
    ends: the rejects of a stopped run are what the user needs. Only when writing the file
    itself fails (a full disk) is it thrown away, so a half-written line never stands."""

    def __init__(self, path: Callable[[], str]) -> None:
        self.path = path
        self.writer: AtomicWriter | None = None
        self.fh: IO[str] | None = None
        self.failed = False

    def write(self, text: str) -> None:
        try:
            if self.fh is None:
                self.writer = AtomicWriter(self.path())
                self.fh = io.TextIOWrapper(
                    self.writer.open_binary(), encoding="utf-8", errors=TEXT_ERRORS, newline=""
                )
            self.fh.write(text)
        except BaseException:
            self.failed = True
            raise

    def close(self) -> None:
        if self.writer is None:
            return
        if self.fh is not None and not self.failed:
            try:
                self.fh.close()
            except BaseException:
                self.writer.abort()
                raise
            self.writer.commit()
            return
        if self.fh is not None:
            with contextlib.suppress(Exception):  # it failed already: a full disk, say
                self.fh.close()
        self.writer.abort()
