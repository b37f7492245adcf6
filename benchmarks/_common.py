"""Shared helpers for the benchmark scripts: corpus loading and median timing."""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "real_news.jsonl"


def corpus_parser(doc: str) -> argparse.ArgumentParser:
    """The options every corpus benchmark takes: --mb, --runs, --corpus."""
    parser = argparse.ArgumentParser(description=doc.split("\n")[0])
    parser.add_argument("--mb", type=float, default=4.0, help="corpus size after replication")
    parser.add_argument("--runs", type=int, default=5, help="runs to take the median of")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="a JSONL file with 'text'")
    return parser


def load_texts(path: Path = CORPUS) -> list[str]:
    if not path.is_file():
        sys.exit(f"corpus not found at {path}; pass a JSONL file with a 'text' field")
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line)["text"] for line in fh if line.strip()]


def replicate(texts: Sequence[str], target_bytes: int) -> list[str]:
    """Repeat the corpus until it holds about ``target_bytes`` of UTF-8 text."""
    out: list[str] = []
    size = 0
    while size < target_bytes:
        for text in texts:
            out.append(text)
            size += len(text.encode("utf-8"))
    return out


def median_seconds(fn: Callable[[], object], runs: int) -> float:
    """Median wall time of ``runs`` calls, after one warm-up call."""
    fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)
