"""Shared paths and fixtures. Data from ../shared is read at run time, never copied."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

# Every run draws the same examples, so a red build always reproduces and a green one does
# not turn red by luck; set NEWSCLEAN_EXPLORE=1 (with NEWSCLEAN_EXAMPLES /
# NEWSCLEAN_FUZZ_EXAMPLES raised) to draw new ones, and pin what they find with @example.
settings.register_profile("reproducible", derandomize=True, database=None)
if not os.environ.get("NEWSCLEAN_EXPLORE"):
    settings.load_profile("reproducible")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "fox-nato-no-fly-zone.txt"
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus" / "real_news.jsonl"


def load_corpus() -> list[dict[str, Any]]:
    if not CORPUS.is_file():
        pytest.skip(f"real-news corpus not found at {CORPUS} (../shared is absent)")
    with CORPUS.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@pytest.fixture(scope="session")
def corpus() -> list[dict[str, Any]]:
    return load_corpus()


@pytest.fixture(scope="session")
def seed_text() -> str:
    return EXAMPLE.read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def _no_rejects_left_in_the_repo() -> Iterator[None]:
    """A run to standard output writes rejects to ./newsclean.rejects.jsonl: a test that
    does so from the repository's root must run in a temporary directory instead."""
    stray = ROOT / "newsclean.rejects.jsonl"
    before = stray.exists()
    yield
    if not before and stray.exists():
        stray.unlink()
        pytest.fail("the test wrote newsclean.rejects.jsonl into the repository root")
