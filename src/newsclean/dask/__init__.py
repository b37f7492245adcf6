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

from ._base import client, parse_record, read_jsonl
from .clean import clean_bag, clean_column, clean_records_bag
from .dedupe import find_duplicates
from .learn import learn_boilerplate

__all__ = [
    "clean_bag",
    "clean_column",
    "clean_records_bag",
    "client",
    "find_duplicates",
    "learn_boilerplate",
    "parse_record",
    "read_jsonl",
]
