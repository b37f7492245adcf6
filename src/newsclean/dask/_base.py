"""The Dask handles every part of ``newsclean.dask`` uses, reading JSONL into a bag, and
the client helper."""

from __future__ import annotations

import contextlib
import importlib
import itertools
import json
from collections.abc import Iterator, Sequence
from typing import Any

try:  # held as Any: Dask's own annotations are partial
    dask: Any = importlib.import_module("dask")
    db: Any = importlib.import_module("dask.bag")
    cloudpickle: Any = importlib.import_module("cloudpickle")  # Dask's own dependencies
    fsspec_core: Any = importlib.import_module("fsspec.core")
    fsspec_utils: Any = importlib.import_module("fsspec.utils")
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError("newsclean.dask needs Dask: pip install 'newsclean[dask]'") from exc


def read_jsonl(paths: str | Sequence[str], blocksize: str | int | None = "64MiB") -> Any:
    """A bag of records from JSONL files, read by the workers.

    ``paths`` is a path, a glob (``corpus/*.jsonl.gz``) or a list of paths, local or any
    URL Dask can open. A plain file is split into partitions of ``blocksize``; a
    compressed one (``.gz``, ``.bz2``, ``.xz``, ``.zst``…, known by its extension) cannot
    be split, so it is read whole, one partition per file. Files keep their order.

    A line that is not a JSON object (bad JSON, a list, nesting too deep, a number too
    long) becomes ``None`` instead of failing the whole computation; ``learn_boilerplate``
    and ``find_duplicates`` count such entries as skipped."""
    fs, _, found = fsspec_core.get_fs_token_paths(paths, mode="rb")
    if not found:
        raise FileNotFoundError(f"read_jsonl: {paths!r} matched no files")
    bags = [
        db.read_text(
            [fs.unstrip_protocol(path) for path in group],
            blocksize=None if compressed else blocksize,
            compression="infer",
        )
        for compressed, group in itertools.groupby(found, key=_is_compressed)
    ]
    bag = bags[0] if len(bags) == 1 else db.concat(bags)
    return bag.filter(lambda line: bool(line.strip())).map(parse_record)


def _is_compressed(path: str) -> bool:
    return fsspec_utils.infer_compression(path) is not None


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
