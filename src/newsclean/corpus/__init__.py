"""Corpus scale: boilerplate learned from a site's own articles, and near-duplicate articles.

Both work in three steps so that the same code runs in one process and on Dask
(``newsclean.dask``): a per-record *map* (features of one article), a *merge* that is
associative, commutative and bounded in memory, and a *finish* on the merged state. The
result depends only on the set of records, never on their order or on the worker count.

``common`` holds what both share (sites, line keys, hashes), ``learn`` the learned
boilerplate (lines counted by ``templates``, judged by ``topics``, written as a pack by
``packfile``), ``minhash`` the signatures and LSH banding, ``dedupe`` the clusters and
policies. This module re-exports their public names.
"""

from __future__ import annotations

from .common import SiteBy, line_key, site_of
from .dedupe import (
    POLICIES,
    WIRES,
    Decision,
    DedupeOptions,
    DocSketch,
    Duplicates,
    Policy,
    Sketcher,
    candidate_pairs,
    decide,
    dedupe_options,
    find_duplicates,
    representatives,
    verify,
)
from .learn import (
    LearnOptions,
    SiteDoc,
    SiteSample,
    finish_learning,
    learn_boilerplate,
    learn_features,
    learn_site,
)
from .learned import Learned, LearnedRule, Rejected
from .minhash import lsh_params, minhash, shingles, similarity

# The name it had when the package was one module (benchmarks/corpus.py uses it).
_minhash = minhash

__all__ = [
    "POLICIES",
    "WIRES",
    "Decision",
    "DedupeOptions",
    "DocSketch",
    "Duplicates",
    "LearnOptions",
    "Learned",
    "LearnedRule",
    "Policy",
    "Rejected",
    "SiteBy",
    "SiteDoc",
    "SiteSample",
    "Sketcher",
    "candidate_pairs",
    "decide",
    "dedupe_options",
    "find_duplicates",
    "finish_learning",
    "learn_boilerplate",
    "learn_features",
    "learn_site",
    "line_key",
    "lsh_params",
    "minhash",
    "representatives",
    "shingles",
    "similarity",
    "site_of",
    "verify",
]
