"""Many documents: clean_many() and clean_records(), lazy and order-preserving, in worker
processes when asked, with memory bounded by a window of chunks in flight."""

from __future__ import annotations

import contextlib
import ctypes
import os
import pickle
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass
from itertools import islice
from typing import Any, TypeVar

from .api import resolve_pipeline
from .config import CleanConfig
from .errors import ConfigError
from .model import Cleaned, check_text
from .pipeline import Pipeline

T = TypeVar("T")
R = TypeVar("R")

#: Chunks in flight per worker: enough to keep every worker busy, few enough that memory
#: stays flat whatever the input's size.
CHUNKS_PER_WORKER = 4


def resolve_workers(workers: int) -> int:
    """``workers`` as a process count: 0 means every core, 1 means in this process."""
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 0:
        raise ConfigError(f"workers must be a whole number, 0 (all cores) or more; got {workers!r}")
    return workers or (os.cpu_count() or 1)


def ensure_picklable(
    pipeline: Pipeline,
    where: str,
    *,
    dumps: Callable[[Any], bytes] = pickle.dumps,
    fallback: str = "or clean in this process (workers=1)",
) -> Pipeline:
    """Return ``pipeline`` if it pickles (with ``dumps``), else raise ``ConfigError``
    saying so: called before a pipeline is sent to worker processes, so an unpicklable
    step (a lambda, a nested function, a filter holding a lock or an open file) fails
    here, with a hint, rather than as a traceback from a worker."""
    try:
        dumps(pipeline)
    except Exception as exc:  # pickling raises PicklingError, TypeError, AttributeError...
        raise ConfigError(
            f"{where} sends the pipeline to worker processes, but it does not pickle "
            f"({type(exc).__name__}: {exc}); define custom filters and line functions at "
            "the top level of an importable module (not lambdas or nested functions) and "
            f"keep only options in them, {fallback}"
        ) from exc
    return pipeline


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def ordered_map(
    func: Callable[[list[T]], list[R]],
    items: Iterable[T],
    *,
    workers: int = 1,
    chunksize: int = 64,
    executor: Executor | None = None,
) -> Iterator[R]:
    """Apply ``func`` to chunks of ``items``, lazily, yielding results in input order.

    With ``workers > 1`` chunks go to a process pool; at most ``CHUNKS_PER_WORKER``
    chunks per worker are in flight, so the input is never read far ahead. An
    ``executor`` (a Dask cluster's ``client.get_executor()``, say) replaces the pool;
    ``workers`` then says how many chunks it runs at once.
    """
    if isinstance(chunksize, bool) or not isinstance(chunksize, int) or chunksize < 1:
        raise ConfigError(f"chunksize must be a whole number of at least 1; got {chunksize!r}")
    processes = resolve_workers(workers)
    if executor is not None:
        yield from _windowed(executor, func, items, chunksize, processes * CHUNKS_PER_WORKER)
        return
    if processes == 1:
        for chunk in _chunks(items, chunksize):
            yield from func(chunk)
        return
    with ProcessPoolExecutor(max_workers=processes, initializer=die_with_parent) as pool:
        yield from _windowed(pool, func, items, chunksize, processes * CHUNKS_PER_WORKER)


def die_with_parent() -> None:
    """In a worker process: ask Linux to end it (SIGTERM) when its parent dies, so a
    killed run leaves no workers behind. Elsewhere a no-op."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


_PR_SET_PDEATHSIG = 1


def _windowed(
    pool: Executor,
    func: Callable[[list[T]], list[R]],
    items: Iterable[T],
    chunksize: int,
    window: int,
) -> Iterator[R]:
    pending: deque[Future[list[R]]] = deque()
    for chunk in _chunks(items, chunksize):
        pending.append(pool.submit(func, chunk))
        if len(pending) >= window:
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()


@dataclass(frozen=True, slots=True)
class CleanTexts:
    """A picklable chunk function: the pipeline travels to the worker once per chunk."""

    pipeline: Pipeline

    def __call__(self, texts: list[str]) -> list[str]:
        return [self.pipeline.clean(check_text(t, "clean_many")) for t in texts]


def clean_many(
    texts: Iterable[str],
    *,
    workers: int = 1,
    chunksize: int = 64,
    config: CleanConfig | None = None,
    pipeline: Pipeline | None = None,
    **options: Any,
) -> Iterator[str]:
    """Clean many texts lazily, in order; ``workers > 1`` uses a process pool
    (``workers=0``: all cores). Options are ``clean()``'s; ``pipeline`` (your own
    ``Pipeline``, which must pickle when ``workers != 1``) replaces them.

    Examples:
        >>> list(clean_many(["Advertisement\\nNews one.", "News two."]))
        ['News one.', 'News two.']
    """
    chunk = CleanTexts(_for_workers(config, options, pipeline, workers, "clean_many"))
    return ordered_map(chunk, texts, workers=workers, chunksize=chunksize)


def _for_workers(
    config: CleanConfig | None,
    options: dict[str, Any],
    pipeline: Pipeline | None,
    workers: int,
    where: str,
) -> Pipeline:
    """The pipeline, checked up front: options, worker count, and that it pickles when
    it is going to other processes."""
    resolved = resolve_pipeline(config, options, pipeline=pipeline)
    if pipeline is not None and resolve_workers(workers) > 1:
        ensure_picklable(resolved, f"{where}(workers={workers})")
    return resolved


@dataclass(frozen=True, slots=True)
class RecordResult:
    """One record's outcome: the cleaned record, or the reason it was rejected."""

    record: Any
    error: str | None = None
    cleaned: Cleaned | None = None


#: The record fields that say where an article came from, in the order they are trusted: the
#: source hint that picks outlet packs (``outlets="auto"``) and a learned pack's site rules.
SOURCE_FIELDS = ("url", "domain", "outlet")


def record_source(record: Mapping[str, Any]) -> str | None:
    """Where a record's article came from: its first non-empty ``url``, ``domain`` or
    ``outlet`` (a string), else None.

    Examples:
        >>> record_source({"outlet": "Fox News", "url": "https://www.foxnews.com/x"})
        'https://www.foxnews.com/x'
        >>> record_source({"id": 1, "text": "..."}) is None
        True
    """
    for name in SOURCE_FIELDS:
        value = record.get(name)
        if isinstance(value, str) and value.strip():
            return value
    return None


@dataclass(frozen=True, slots=True)
class CleanRecords:
    """A picklable chunk function over records: each one cleaned, or rejected with why."""

    pipeline: Pipeline
    field: str
    explain_field: str | None

    def __call__(self, records: list[Any]) -> list[RecordResult]:
        return [self.one(r) for r in records]

    def one(self, record: Any) -> RecordResult:
        if not isinstance(record, Mapping):
            return RecordResult(record, f"record is a {type(record).__name__}, not an object")
        if self.field not in record:
            return RecordResult(record, f"record has no field {self.field!r}")
        text = record[self.field]
        if not isinstance(text, str):
            kind = type(text).__name__
            return RecordResult(record, f"field {self.field!r} is {kind}, not a string")
        result = self.pipeline.clean_and_explain(text, source=record_source(record))
        out = dict(record)
        out[self.field] = result.text
        if self.explain_field is not None:
            out[self.explain_field] = [c.to_dict() for c in result.changes]
        return RecordResult(out, None, result)


def clean_records_results(
    records: Iterable[Any],
    *,
    field: str = "text",
    explain_field: str | None = None,
    workers: int = 1,
    chunksize: int = 64,
    config: CleanConfig | None = None,
    pipeline: Pipeline | None = None,
    **options: Any,
) -> Iterator[RecordResult]:
    """Like ``clean_records`` but yields a ``RecordResult`` per record, rejects
    included, so a caller can count and keep them (the command line does)."""
    resolved = _for_workers(config, options, pipeline, workers, "clean_records")
    func = CleanRecords(resolved, field, explain_field)
    return ordered_map(func, records, workers=workers, chunksize=chunksize)


def clean_records(
    records: Iterable[Mapping[str, Any]],
    *,
    field: str = "text",
    explain_field: str | None = None,
    workers: int = 1,
    chunksize: int = 64,
    config: CleanConfig | None = None,
    pipeline: Pipeline | None = None,
    **options: Any,
) -> Iterator[dict[str, Any]]:
    """Clean the ``field`` of each record (a dict), lazily and in order, leaving the
    other fields as they are; ``explain_field`` adds the audit trail as a list of
    changes. A record without the field, or with a non-string one, raises ValueError
    naming its position (use ``clean_records_results`` to collect rejects instead).
    ``pipeline`` is as in ``clean_many``. Bad options fail at the call, not at the first
    record.

    Examples:
        >>> next(clean_records([{"id": 1, "text": "Advertisement\\nThe vote passed."}]))
        {'id': 1, 'text': 'The vote passed.'}
    """
    results = clean_records_results(
        records,
        field=field,
        explain_field=explain_field,
        workers=workers,
        chunksize=chunksize,
        config=config,
        pipeline=pipeline,
        **options,
    )
    return _raise_on_reject(results)


def _raise_on_reject(results: Iterator[RecordResult]) -> Iterator[dict[str, Any]]:
    for position, result in enumerate(results):
        if result.error is not None:
            raise ValueError(f"record {position}: {result.error}")
        yield result.record
