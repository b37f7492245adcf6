"""Promo removal quality on the labelled dev set (tests/data/README.md): the targets."""

from __future__ import annotations

from typing import Any

from .conftest import CORPUS, load_corpus
from .promo_devset import evaluate


def test_promo_quality_meets_the_targets() -> None:
    load_corpus()  # skips cleanly where ../shared is absent
    result: dict[str, Any] = evaluate(CORPUS)
    kept, body = result["body"]
    found, total = sum(result["found"].values()), sum(result["total"].values())
    assert body > 1500
    assert total > 150
    assert kept / body >= 0.995, [m for m in result["mistakes"] if m.startswith("BODY")]
    assert found / total >= 0.95, [m for m in result["mistakes"] if m.startswith("promo")]
    hard_ok, hard_total = result["hard"]
    assert hard_ok == hard_total, [m for m in result["mistakes"] if m.startswith("hard")]
