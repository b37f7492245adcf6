"""newsclean on Dask: clean a bag or a DataFrame column, learn boilerplate and find
near-duplicates on Dask collections, so the same code runs on a laptop's ``LocalCluster``
and on a multi-node ``dask.distributed`` cluster.

The steps are those of ``newsclean.corpus`` (the same functions, so the results are
identical to the single-process path): a map over records, then merges that Dask runs as
tree reductions, and the LSH bands as a ``groupby`` shuffled across partitions.
Only bounded state reaches the client: per-site samples, exact-duplicate groups,
proposed pairs and the signatures of the records in them. Needs ``newsclean[dask]``.
"""

from __future__ import annotations

import contextlib
import importlib
import json
from collections.abc import Iterator, Mapping, Sequence
from functools import partial
from typing import Any

from . import adapters
from .api import resolve_pipeline
from .batch import CleanTexts
from .config import CleanConfig
from .corpus import (
    Duplicates,
    Learned,
    LearnOptions,
    SiteDoc,
    SiteSample,
    Sketcher,
    candidate_pairs,
    decide,
    finish_learning,
    learn_features,
    representatives,
    verify,
)
from .errors import ConfigError

try:  # held as Any: Dask's own annotations are partial
    dask: Any = importlib.import_module("dask")
    db: Any = importlib.import_module("dask.bag")
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError("newsclean.dask needs Dask: pip install 'newsclean[dask]'") from exc

__all__ = [
    "clean_bag",
    "clean_column",
    "clean_records_bag",
    "client",
    "find_duplicates",
    "learn_boilerplate",
    "read_jsonl",
]


def clean_bag(bag: Any, *, config: CleanConfig | None = None, **options: Any) -> Any:
    """A bag of texts, cleaned (lazily; ``.compute()`` or ``.to_textfiles()`` it)."""
    return bag.map_partitions(CleanTexts(resolve_pipeline(config, options)))


def _clean_record(pipeline: Any, field: str, record: Mapping[str, Any]) -> dict[str, Any]:
    text = record.get(field) if isinstance(record, Mapping) else None
    if not isinstance(text, str):
        raise ValueError(f"record has no string field {field!r}: {str(record)[:80]}")
    return {**record, field: pipeline.clean(text)}


def clean_records_bag(
    bag: Any, *, field: str = "text", config: CleanConfig | None = None, **options: Any
) -> Any:
    """A bag of records (dicts) with ``field`` cleaned and the other fields kept."""
    return bag.map(partial(_clean_record, resolve_pipeline(config, options), field))


def clean_column(
    frame: Any, column: str = "text", *, config: CleanConfig | None = None, **options: Any
) -> Any:
    """A Dask DataFrame with ``column`` cleaned (missing values kept as they are)."""
    if column not in frame.columns:
        raise ConfigError(f"clean_column: no column {column!r} (columns: {list(frame.columns)})")
    resolve_pipeline(config, options)  # bad options fail here, not on a worker
    cleaned = frame[column].map_partitions(
        partial(adapters.clean_column, config=config, **options),
        meta=(column, frame[column].dtype),
    )
    return frame.assign(**{column: cleaned})


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


def _add(sample: SiteSample, item: tuple[str, SiteDoc]) -> SiteSample:
    return sample.add(item[1])


def _merge(a: SiteSample, b: SiteSample) -> SiteSample:
    return a.merge(b)


def learn_boilerplate(bag: Any, **options: Any) -> Learned:
    """``newsclean.corpus.learn_boilerplate`` on a bag of records, with the same keyword
    options (``by``, ``min_share``, ``sample``…: see there): each site's bounded sample is
    merged by a tree reduction; the same rules come out."""
    settings = LearnOptions.from_keywords(**options)
    features = bag.map(learn_features, settings)
    skipped = features.filter(lambda f: f is None).count()
    new = partial(SiteSample, settings.sample)
    samples = features.filter(lambda f: f is not None).foldby(
        lambda f: f[0], _add, new, _merge, new
    )
    pairs, skipped_count = dask.compute(samples, skipped)
    return finish_learning(dict(pairs), int(skipped_count), settings)


def _band_entries(bands: int, rows: int, sketch: Any) -> list[tuple[int, str]]:
    return [(key, sketch.id) for key in sketch.band_keys(bands, rows)]


def find_duplicates(bag: Any, **options: Any) -> Duplicates:
    """``newsclean.corpus.find_duplicates`` on a bag of records, with the same keyword
    options (``threshold``, ``policy``, ``clean``… and cleaning options: see there); each
    record needs an id in ``id_field``. Sketches stay on the workers; LSH buckets are
    grouped by a task-based shuffle; only proposed pairs and their signatures come back
    to verify."""
    sketcher = Sketcher.from_keywords(**options)
    opts = sketcher.options
    # an unreadable line (read_jsonl's None) cannot be joined to anything: left out
    sketches = bag.filter(_readable).map(_sketch_with_id, sketcher).persist()
    parts = max(1, sketches.npartitions)
    exact = (
        sketches.map(lambda s: (s.exact, s.id))
        .groupby(lambda kv: kv[0], shuffle="tasks", npartitions=parts)
        .filter(lambda kv: len(kv[1]) > 1)
        .map(lambda kv: sorted(x[1] for x in kv[1]))
    )
    exact_groups, count = dask.compute(exact, sketches.count())
    exact_groups = sorted(exact_groups)
    aside = representatives(exact_groups)
    bands, rows = opts.bands
    limit = opts.bucket_compare
    pairs = (
        sketches.filter(lambda s: s.id not in aside)
        .map(partial(_band_entries, bands, rows))
        .flatten()
        .groupby(lambda kv: kv[0], shuffle="tasks", npartitions=parts)
        .filter(lambda kv: len(kv[1]) > 1)
        .map(lambda kv: list(candidate_pairs((x[1] for x in kv[1]), limit)))
        .flatten()
        .distinct()
        .compute()
    )
    wanted = {x for pair in pairs for x in pair} | {x for g in exact_groups for x in g}
    found = sketches.filter(lambda s: s.id in wanted).compute()
    meta = {s.id: s for s in found}
    edges = verify(pairs, {k: v.signature for k, v in meta.items()}, opts.threshold)
    if len(meta) != len(found):
        raise ConfigError(f"find_duplicates: ids in {opts.id_field!r} are not unique")
    return decide(exact_groups, edges, meta, opts, int(count))


def _readable(record: Any) -> bool:
    return record is not None


def _sketch_with_id(record: Any, sketcher: Sketcher) -> Any:
    if not isinstance(record, Mapping) or record.get(sketcher.options.id_field) is None:
        raise ConfigError(
            f"the Dask path needs an id in every record's {sketcher.options.id_field!r} field"
        )
    return sketcher((-1, record))[0]


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
