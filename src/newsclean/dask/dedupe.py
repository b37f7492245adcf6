"""Near-duplicates on Dask: each partition cleaned and sketched on a worker into one
compact table; the tables merged on the client, which runs the same finish as one process."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..corpus import Duplicates, Sketcher
from ..corpus.dedupe import finish
from ..corpus.sketchtable import SketchTable
from ..errors import ConfigError
from ._base import dask


def find_duplicates(bag: Any, **options: Any) -> Duplicates:
    """``newsclean.corpus.find_duplicates`` on a bag of records, with the same keyword
    options (``threshold``, ``containment``, ``policy``, ``clean``… and cleaning options:
    see there) and the same result; each record needs an id in ``id_field``.

    The work that grows with the text — cleaning, cutting the furniture, hashing the
    shingles — runs on the workers, one task per partition, each returning its articles'
    sketches as one table of a few columns (a few hundred bytes per article, one pickle per
    partition, no Python object per article). The client merges the tables and runs the
    finish that one process runs: exact groups, candidate pairs and their verification,
    all vectorised with numpy."""
    sketcher = Sketcher.from_keywords(**options)
    tables = bag.map_partitions(_sketch_partition, sketcher)
    merged = SketchTable()
    for part in dask.compute(*tables.to_delayed()):
        for table in part:
            merged.extend(table)
    return finish(merged, sketcher.options)


def _sketch_partition(records: Iterable[Any], sketcher: Sketcher) -> list[SketchTable]:
    # an unreadable line (read_jsonl's None) cannot be joined to anything: left out
    readable = [r for r in records if r is not None]
    for record in readable:
        if not isinstance(record, Mapping) or record.get(sketcher.options.id_field) is None:
            raise ConfigError(
                f"the Dask path needs an id in every record's {sketcher.options.id_field!r} field"
            )
    return [sketcher.table(readable)]
