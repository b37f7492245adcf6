"""Near-duplicates on Dask: sketches on the workers, LSH buckets by a task shuffle."""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from typing import Any

from ..corpus import Duplicates, Sketcher, candidate_pairs, decide, representatives, verify
from ..errors import ConfigError
from ._base import dask


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
