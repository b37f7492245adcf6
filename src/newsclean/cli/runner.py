"""A corpus run of ``newsclean clean``: inputs in, cleaned records out, rejects kept,
every record counted, progress while it runs and a summary at the end. The cleaning
itself is batch.ordered_map; reading and writing is the io format registry."""

from __future__ import annotations

import contextlib
import difflib
import io
import os
import shutil
import stat
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Executor
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Literal

from .. import remote
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
from ..model import Doc
from ..pipeline import Pipeline
from ..remote import is_url
from ..runinfo import RunSummary, Status, file_sha256, removed_lines
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
    words_in: int = 0
    words_removed: int = 0


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
        changes = [c.to_dict() for c in cleaned.changes] if self.with_changes else None
        return Outcome(
            result.record,
            None,
            cleaned.over_cleaned,
            cleaned.removed_share,
            removed_lines(cleaned),  # the one definition the batch API's summary counts by
            changes,
            cleaned.words_in,
            cleaned.removed_words,
        )


@dataclass
class Progress:
    """A progress line on stderr: records, MB, rate and ETA (when the total is known)."""

    stream: IO[str]
    total_bytes: int
    enabled: bool
    started: float = field(default_factory=time.perf_counter)
    last: float = 0.0

    def update(self, summary: RunSummary, done_bytes: int) -> None:
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
    id_field: str = "id"  # the record field naming it in --explain, --diff and rejects
    run_info: dict[str, object] = field(default_factory=dict)  # more for the summary's "run"
    quiet: bool = False  # no progress, no summary, no warnings
    summary: RunSummary = field(default_factory=RunSummary)
    bad_files: int = 0
    damaged: list[DamagedInput] = field(default_factory=list)  # read up to the damage
    warn: Warn = field(init=False, repr=False)
    _arg_of: dict[str, str] = field(init=False, repr=False)
    _text_files: int = field(default=0, init=False, repr=False)

    def __post_init__(self) -> None:
        self.stdout = surrogate_safe(self.stdout)
        self.stderr = surrogate_safe(self.stderr)
        self.warn = warner(self.stderr, self.quiet)
        self._arg_of = dict(self.inputs)

    def check_targets(self) -> None:
        """Fail before any work when an output cannot take its input's records, or the run
        summary file would overwrite an input or an output."""
        self._check_stats_path()
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

    def _check_stats_path(self) -> None:
        path = self.stats_json
        if path is None:
            return
        if path == "-":
            if self.diff or self.explain_path == "-" or (self.output == "-" and not self.dry_run):
                raise ConfigError(
                    "--stats-json - would mix the run summary into the records on standard "
                    "output; give the summary a file name"
                )
            return
        named: list[tuple[str | None, str]] = [(p, "an input") for p, _ in self.inputs]
        if not (self.diff or self.dry_run):
            named += [(self._target(p, arg), "an output") for p, arg in self.inputs]
        named += [
            (self.explain_path, "the --explain file"),
            (self.rejects_path(), "the rejects file"),
        ]
        taken = {os.path.realpath(p): what for p, what in reversed(named) if p and p != "-"}
        what = taken.get(os.path.realpath(path))
        if what is not None or os.path.isdir(path):
            raise ConfigError(
                f"--stats-json {path} names {what or 'a directory'}; give the run summary "
                "a file of its own"
            )

    def _output_format(self, in_fmt: FileFormat, target: str) -> FileFormat:
        """The format records are written in: --output-format, else the target's extension;
        standard output and a file rewritten in place keep the input's format. The input's
        --format never decides how records are written to a file of another name."""
        if self.output_fmt is not None:
            return format_of(target, self.output_fmt)
        if target == "-" or self.in_place is not None:
            return in_fmt
        return format_of(target)

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
        if self.output == "-":
            return "-"
        if is_url(path) or is_url(self.output):
            return self._remote_target(path, arg)
        out = Path(self.output)
        many = len(self.inputs) > 1 or Path(arg).is_dir()  # a directory in, a directory out
        if out.is_dir() or self.output.endswith(("/", "\\")) or many:
            base = Path(arg)
            rel = Path(path).relative_to(base) if base.is_dir() else Path(Path(path).name)
            return str(out / rel)
        return self.output

    def _remote_target(self, path: str, arg: str) -> str:
        """``_target`` where an input or the output is a URL: the layout under an argument
        that expanded (a prefix, a pattern) is kept below the output."""
        expanded = path != arg
        many = len(self.inputs) > 1 or expanded
        if not (many or self.output.endswith(("/", "\\")) or self._output_is_dir()):
            return self.output
        base = arg if not any(c in arg for c in "*?[") else arg.rsplit("/", 1)[0]
        base = remote.canonical(base) if is_url(base) else base
        rel = path[len(base) :].lstrip("/") if expanded and path.startswith(base) else ""
        rel = rel or path.replace("\\", "/").rsplit("/", 1)[-1]
        if is_url(self.output):
            return remote.join(self.output, rel)
        return str(Path(self.output) / rel)

    def _output_is_dir(self) -> bool:
        if is_url(self.output):
            return remote.is_dir(self.output)
        return Path(self.output).is_dir()

    def execute(self) -> None:
        """Read, clean and write every record; the summary is in ``self.summary``, and in
        the ``stats_json`` file when one is named: written whole however the run ends once
        it has started (its ``status`` says how: ok, partial, failed or interrupted)."""
        self.check_targets()
        self.summary = RunSummary.start(self.pipeline, **self._run_info())
        status: Status = "failed"
        error: str | None = None
        try:
            self._execute()
            status = "partial" if self.damaged else "ok"
        except KeyboardInterrupt:
            status = "interrupted"
            raise
        except BaseException as exc:
            error = f"{type(exc).__name__}: {exc}"
            raise
        finally:
            self.summary.finish(status, error)
            self._write_stats(failing=status in ("failed", "interrupted"))

    def _execute(self) -> None:
        decode = Decoder(self.warn, self.max_record_bytes)
        total = sum(
            remote.size(p) if is_url(p) else Path(p).stat().st_size
            for p, _ in self.inputs
            if p != "-"
        )
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
        ok = committed = False
        try:
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
                committed = ok
        finally:
            self.bad_files = len(decode.files_with_bad_bytes)
            self.summary.files_with_bad_bytes = self.bad_files
            # a failed run's outputs were thrown away: none is claimed as written
            self.summary.run["outputs"] = self._outputs(sinks) if committed else []
            self.summary.run["text_files_written"] = self._text_files if committed else 0
            self.summary.run["rejects"] = self.rejects_path() if self.summary.rejected else None
            self.summary.run["damaged_inputs"] = [
                {"path": exc.filename, "error": exc.strerror} for exc in self.damaged
            ]

    def _run_info(self) -> dict[str, object]:
        """What the run summary says of the run itself: inputs (with their SHA-256 when a
        summary file is asked for), output, formats and the run's settings."""
        return {
            "command": "clean",
            "inputs": [self._input_info(path) for path, _ in self.inputs],
            "output": self.output,
            "format": self.fmt,
            "output_format": self.output_fmt,
            "field": self.text_field,
            "id_field": self.id_field,
            "workers": self.workers,
            "chunksize": self.chunksize,
            "executor": None if self.executor is None else type(self.executor).__name__,
            "on_error": self.on_error,
            "max_record_bytes": self.max_record_bytes,
            "explain": self.explain_path,
            "diff": self.diff,
            "dry_run": self.dry_run,
            "in_place": self.in_place,
            **self.run_info,
        }

    def _input_info(self, path: str) -> dict[str, object]:
        return _file_info(path, hashed=self.stats_json is not None)  # before the run

    def _outputs(self, sinks: dict[str, RecordSink]) -> list[dict[str, object]]:
        """The record files written, with size and SHA-256 when a summary file is asked
        for. Text files mirrored one per input are counted (``text_files_written``)."""
        return [
            _file_info(target, hashed=self.stats_json is not None)
            for target in sinks
            if target != "-"
        ]

    def _write_stats(self, failing: bool) -> None:
        """Write the summary file. When the run is already failing, a failure to write it
        is reported as a warning and the run's own error goes on."""
        if not self.stats_json:
            return
        try:
            if self.stats_json == "-":
                self.stdout.write(self.summary.to_json())
            else:
                self.summary.write(self.stats_json)
        except Exception as exc:
            if not failing:
                raise
            self.warn(f"{self.stats_json}: the run summary could not be written: {exc}")

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
        if result.error is not None:
            self.summary.add_reject()
            if not self.dry_run:
                row = {"file": item.path, "line": item.number, "error": result.error}
                record_id = _record_id(result.record, self.id_field)
                if record_id is not None:  # an unreadable line has none
                    row["id"] = record_id
                row["raw" if item.raw is not None else "record"] = result.record
                rejects.write(json_line(row))
            self.warn(f"{item.path}:{item.number}: {result.error}")
            if self.on_error == "fail" and not self.dry_run:
                raise RejectError(f"{item.path}:{item.number}: {result.error}")
            return
        text_in = item.record[self.text_field]
        text_out = result.record[self.text_field]
        self.summary.add_cleaned(
            bytes_in=utf8_len(text_in),
            bytes_out=utf8_len(text_out),
            words_in=result.words_in,
            words_removed=result.words_removed,
            over_cleaned=result.over_cleaned,
            removed=result.removed,
        )
        record_id = _record_id(item.record, self.id_field)
        if explain is not None:
            row = {
                "file": item.path,
                "record": item.number,
                "id": record_id,
                "removed_share": round(result.removed_share, 4),
                "changes": result.changes,
            }
            explain.write(json_line(row))
        if self.diff:
            self.stdout.write(
                record_diff(f"{item.path}:{item.number}", record_id, text_in, text_out)
            )
        elif not self.dry_run:
            self._write(item, result, text_out, sinks)

    def rejects_path(self) -> str:
        if self.rejects:
            return self.rejects
        if self.output not in ("-", "") and not self._output_is_dir():
            return self.output + ".rejects.jsonl"
        if is_url(self.output):
            return remote.join(self.output, "newsclean.rejects.jsonl")
        if self.output not in ("-", ""):
            return str(Path(self.output) / "newsclean.rejects.jsonl")
        return "newsclean.rejects.jsonl"

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
            self._text_files += 1
            return
        sink = sinks.get(target)
        if sink is None:
            if self.in_place is not None:
                shutil.copy2(item.path, item.path + self.in_place)
            out_fmt = self._output_format(fmt, target)
            sink = sinks[target] = RecordSink(target, out_fmt, self.stdout)
        sink.write(result.record)


def _file_info(path: str, hashed: bool) -> dict[str, object]:
    """A file's path, size and (when ``hashed``) SHA-256: a regular file's only, so that a
    named pipe or a device is never read here (that would take the run's data)."""
    info: dict[str, object] = {"path": path, "bytes": None, "sha256": None}
    with contextlib.suppress(OSError):  # an input that cannot be read fails the run itself
        st = os.stat(path)
        if stat.S_ISREG(st.st_mode):
            info["bytes"] = st.st_size
            info["sha256"] = file_sha256(path) if hashed else None
    return info


def _record_id(record: object, id_field: str) -> object:
    """A record's id (its ``id_field``), or None: a text file's record has none (its file
    name is its name), nor has a record without the field."""
    return record.get(id_field) if isinstance(record, Mapping) else None


def record_diff(label: str, record_id: object, before: str, after: str) -> str:
    """A unified diff of one record's text, by lines as newsclean splits them (so a line
    the clean left alone is never shown as changed for its line ending; the output joins
    lines with ``\\n`` whatever the input used). The header names the record by
    ``file:line`` and, after a tab where diff tools put a date, by its id.

    Examples:
        >>> print(record_diff("in.jsonl:1", "a1", "Ad\\nNews.\\n", "News."), end="")
        ... # doctest: +NORMALIZE_WHITESPACE
        --- a/in.jsonl:1 id="a1"
        +++ b/in.jsonl:1 id="a1"
        @@ -1,3 +1 @@
        -Ad
         News.
        -
    """
    when = "" if record_id is None else "id=" + json_line(record_id).rstrip("\n")
    lines = difflib.unified_diff(
        Doc.from_text(before).lines,
        Doc.from_text(after).lines,
        fromfile=f"a/{label}",
        tofile=f"b/{label}",
        fromfiledate=when,
        tofiledate=when,
        lineterm="",
    )
    return "".join(line + "\n" for line in lines)


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
