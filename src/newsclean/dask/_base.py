"""The Dask handles every part of ``newsclean.dask`` uses, reading JSONL into a bag, and
the client helper."""

from __future__ import annotations

import contextlib
import importlib
import json
from collections.abc import Iterator, Sequence
from typing import Any

try:  # held as Any: Dask's own annotations are partial
    dask: Any = importlib.import_module("dask")
    db: Any = importlib.import_module("dask.bag")
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError("newsclean.dask needs Dask: pip install 'newsclean[dask]'") from exc


def read_jsonl(paths: str | Sequence[str], blocksize: str | int | None = "64MiB") -> Any:
    """A bag of records from JSONL files (``.gz`` read by extension), read by the workers.

    A line that is not a JSON object (bad JSON, a list, nesting too deep, a number too
    long) becomes ``None`` instead of failing the whole computation; ``learn_boilerplate``
    and ``find_duplicates`` count such entries as skipped."""
    return (
        db.read_text(paths, blocksize=blocksize, compression="infer")
        .filter(lambda line: bool(line.strip()))
        .map(parse_record)
    )


def parse_record(line: str) -> dict[str, Any] | None:
    """One JSONL line as a record, or None when it is not a readable JSON object."""
    try:
        record = json.loads(line)
    except (ValueError, RecursionError):
        return None
    return record if isinstance(record, dict) else None


@contextlib.contextmanager
def client(scheduler: str | None = None, workers: int = 2) -> Iterator[Any]:
    """A ``dask.distributed`` client: to ``scheduler`` (an address such as
    ``tcp://10.0.0.5:8786``), or to a new ``LocalCluster`` of ``workers`` processes
    when None. Closed (and the local cluster stopped) on exit."""
    distributed: Any = importlib.import_module("distributed")
    Client, LocalCluster = distributed.Client, distributed.LocalCluster
    if scheduler:
        with Client(scheduler) as c:
            yield c
        return
    with (
        LocalCluster(
            n_workers=max(1, workers),
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",  # any free port: two local clusters never clash
        ) as cluster,
        Client(cluster) as c,
    ):
        yield c
