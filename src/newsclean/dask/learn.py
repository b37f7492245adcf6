"""Learning boilerplate on Dask: per-site samples merged by a tree reduction."""

from __future__ import annotations

from functools import partial
from typing import Any

from ..corpus import Learned, LearnOptions, SiteDoc, SiteSample, finish_learning, learn_features
from ..corpus.common import FieldCensus, SiteBy
from ._base import dask


def _add(sample: SiteSample, item: tuple[str, SiteDoc]) -> SiteSample:
    return sample.add(item[1])


def _merge(a: SiteSample, b: SiteSample) -> SiteSample:
    return a.merge(b)


def _census(record: Any, by: SiteBy) -> FieldCensus:
    return FieldCensus.of(record, by)


def _merge_census(a: FieldCensus, b: FieldCensus) -> FieldCensus:
    return a.merge(b)


def learn_boilerplate(bag: Any, **options: Any) -> Learned:
    """``newsclean.corpus.learn_boilerplate`` on a bag of records, with the same keyword
    options (``by``, ``min_share``, ``sample``…: see there): each site's bounded sample is
    merged by a tree reduction; the same rules come out, and the same ConfigError when
    no record has the field ``by`` reads."""
    settings = LearnOptions.from_keywords(**options)
    features = bag.map(learn_features, settings)
    skipped = features.filter(lambda f: f is None).count()
    new = partial(SiteSample, settings.sample)
    samples = features.filter(lambda f: f is not None).foldby(
        lambda f: f[0], _add, new, _merge, new
    )
    census = bag.map(_census, settings.by).fold(_merge_census, _merge_census, FieldCensus())
    pairs, skipped_count, counted = dask.compute(samples, skipped, census)
    counted.check(settings.by)
    return finish_learning(dict(pairs), int(skipped_count), settings)
