"""Corpus scale: near-duplicate quality, learned-boilerplate quality, and throughput of
dedupe and learn in one process and on a 2-worker Dask LocalCluster.

    python benchmarks/corpus.py                 # everything (about 15 minutes on 2 cores)
    python benchmarks/corpus.py --articles 20000 --skip-quality

All corpora are generated (tests/synth_corpus.py), so every answer is known.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks._common import median_seconds  # noqa: E402
from tests.synth_corpus import boilerplate_corpus, duplicates_corpus  # noqa: E402
from tests.synth_dupes import news_corpus, score, write_jsonl  # noqa: E402

import newsclean  # noqa: E402
from newsclean import corpus  # noqa: E402
from newsclean.corpus.minhash import MinHashOptions  # noqa: E402


def dedupe_quality(dev: list[int], held_out: list[int]) -> None:
    """Pair precision, recall and F1, copies linked per kind, trap joins and throughput on
    generated news corpora (tests/synth_dupes.py): the defaults were chosen on ``dev``."""
    print("== near-duplicate quality (generated news: copies of 5 kinds, same-event and")
    print("   templated-brief traps); defaults chosen on the dev seeds")
    kinds = ("syndicated", "edited", "updated", "trimmed", "short", "exact")
    print(
        "seed  set       records  precision  recall     F1  same-event  template  "
        + "  ".join(f"{k:>10s}" for k in kinds)
        + "  articles/s (CPU)"
    )
    for label, seeds in (("dev", dev), ("held-out", held_out)):
        for seed in seeds:
            records, truth = news_corpus(seed=seed)
            started = time.process_time()
            found = corpus.find_duplicates(records)
            cpu = time.process_time() - started
            s = score(found.clusters, truth)
            per_kind = "  ".join(
                f"{s.by_kind[k][0] / s.by_kind[k][1]:10.1%}" if k in s.by_kind else " " * 10
                for k in kinds
            )
            print(
                f"{seed:4d}  {label:8s}  {len(records):7d}  {s.precision:9.4f}  {s.recall:6.4f}"
                f"  {s.f1:.4f}  {s.same_event_joins:10d}  {s.template_joins:8d}  {per_kind}"
                f"  {len(records) / cpu:8.0f}"
            )


def minhash_compare(count: int = 3000, runs: int = 3) -> None:
    """Our vectorised MinHash against datasketch's: speed, and error against exact Jaccard."""
    import random
    import statistics

    import numpy as np

    records, _ = duplicates_corpus(seed=5, stories=count)
    texts = [" ".join(str(r["text"]).split()) for r in records[:count]]
    options = MinHashOptions()
    print(f"== MinHash: {len(texts)} articles, 128 permutations, word 3-grams (median of {runs})")

    def ours(text: str) -> bytes:
        return corpus._minhash(text, options)

    try:
        from datasketch import MinHash
    except ImportError:
        MinHash = None

    def theirs(text: str) -> bytes:
        sketch = MinHash(num_perm=128, seed=1)
        sketch.update_batch(corpus.shingles(text, 3))
        return np.asarray(sketch.hashvalues, dtype=np.uint64).tobytes()

    def estimate(a: bytes, b: bytes) -> float:
        width = 4 if len(a) == 512 else 8
        x = np.frombuffer(a, dtype=f"<u{width}")
        y = np.frombuffer(b, dtype=f"<u{width}")
        return float((x == y).mean())

    rng = random.Random(4)
    pairs = []
    for text in texts[:300]:
        words = text.split()
        for _ in range(rng.randint(0, len(words) // 4)):
            words[rng.randrange(len(words))] = f"edit{rng.random()}"
        pairs.append((text, " ".join(words)))
    for name, fn in (("numpy (newsclean)", ours), ("datasketch", theirs)):
        if name == "datasketch" and MinHash is None:
            print("datasketch not installed: pip install datasketch to compare")
            continue
        seconds = median_seconds(lambda fn=fn: [fn(t) for t in texts], runs)
        errors = []
        for a, b in pairs:
            sa, sb = set(corpus.shingles(a, 3)), set(corpus.shingles(b, 3))
            errors.append(estimate(fn(a), fn(b)) - len(sa & sb) / len(sa | sb))
        print(
            f"  {name:18s} {seconds:6.2f} s  {len(texts) / seconds:7.0f} articles/s  "
            f"error vs exact Jaccard: mean {statistics.mean(errors):+.4f}, "
            f"sd {statistics.pstdev(errors):.4f}"
        )


def learn_quality(seeds: list[int]) -> None:
    print(f"== learned-boilerplate quality: {len(seeds)} generated multi-site corpora")
    planted_total = removed = 0
    learned_real = 0
    quotes_learned = quotes_seen = 0
    for seed in seeds:
        records, planted, quotes = boilerplate_corpus(seed=seed)
        learned = corpus.learn_boilerplate(records)
        with tempfile.TemporaryDirectory() as tmp:
            pack = Path(tmp) / "learned.toml"
            pack.write_text(learned.to_toml(), encoding="utf-8")
            for record in records:
                lines = set(record["text"].split("\n\n"))
                boiler = {x for s, x in planted if s == record["outlet"]}
                kept = set(newsclean.clean(record["text"], packs=[str(pack)]).split("\n\n"))
                planted_total += len(lines & boiler)
                removed += len((lines & boiler) - kept)
                learned_real += len((lines - boiler) - kept)
        examples = [e for rule in learned.rules for e in rule.examples]
        quotes_seen += len(quotes)
        quotes_learned += sum(any(q in e for e in examples) for q in quotes)
    print(
        f"planted boilerplate lines removed (built-in + learned rules): {removed}/{planted_total}"
        f" = {removed / planted_total:.1%}"
    )
    print(f"lines of reporting removed (quotes included): {learned_real}")
    print(f"widely quoted sentences learned: {quotes_learned} of {quotes_seen}")


def write_corpus(path: Path, articles: int) -> int:
    """``articles`` generated records as JSONL; returns the size in bytes."""
    return write_jsonl(path, articles)


def run_one(mode: str, path: str, task: str) -> None:
    """Child process: one timed run; prints a JSON line."""
    started = time.perf_counter()
    worker_rss = 0
    if mode == "single":
        with open(path, encoding="utf-8") as fh:
            records = (json.loads(line) for line in fh)
            if task == "dedupe":
                out = corpus.find_duplicates(records)
                n, what = out.records, len(out.clusters)
            else:
                got = corpus.learn_boilerplate(records)
                n, what = sum(s for s, _ in got.sites.values()), len(got.rules)
    else:
        from newsclean import dask as nd

        with nd.client(workers=2) as client:
            bag = nd.read_jsonl(path, blocksize="16MiB")
            if task == "dedupe":
                out = nd.find_duplicates(bag)
                n, what = out.records, len(out.clusters)
            else:
                got = nd.learn_boilerplate(bag)
                n, what = sum(s for s, _ in got.sites.values()), len(got.rules)
            usage = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
            worker_rss = max(usage.values())
    seconds = time.perf_counter() - started
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "seconds": seconds,
                "records": n,
                "found": what,
                "rss_kib": rss,
                "worker_rss_kib": worker_rss,
            }
        )
    )


def throughput(articles: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "corpus.jsonl"
        started = time.perf_counter()
        size = write_corpus(path, articles)
        print(
            f"== throughput: {articles} generated articles, {size / 1e6:.0f} MB "
            f"(written in {time.perf_counter() - started:.0f} s)"
        )
        print(
            "task    where                      seconds  articles/s  MB/s  peak RSS: client  worker"
        )
        for task in ("dedupe", "learn"):
            for mode in ("single", "dask"):
                proc = subprocess.run(
                    [sys.executable, __file__, "--child", mode, str(path), task],
                    capture_output=True,
                    text=True,
                    check=True,
                )
                r = json.loads(proc.stdout.strip().splitlines()[-1])
                where = "one process" if mode == "single" else "LocalCluster, 2 workers"
                worker = f"{r['worker_rss_kib'] / 1024:.0f} MiB" if r["worker_rss_kib"] else "-"
                rate = r["records"] / r["seconds"]
                print(
                    f"{task:7s} {where:25s} {r['seconds']:8.1f}  {rate:10.0f}"
                    f"  {size / 1e6 / r['seconds']:4.2f}  {r['rss_kib'] / 1024:13.0f} MiB  {worker}"
                )


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        run_one(*sys.argv[2:5])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--stories", type=int, default=2000, help="stories per quality corpus")
    parser.add_argument("--seeds", type=int, default=3, help="generated corpora for quality")
    parser.add_argument("--skip-quality", action="store_true")
    parser.add_argument(
        "--dedupe-quality", action="store_true", help="only the near-duplicate quality table"
    )
    parser.add_argument("--skip-throughput", action="store_true")
    args = parser.parse_args()
    seeds = list(range(21, 21 + args.seeds))
    if args.dedupe_quality:
        dedupe_quality([1, 2, 3], [101, 102, 103])
        return
    if not args.skip_quality:
        minhash_compare()
        dedupe_quality([1, 2, 3], [101, 102, 103])
        learn_quality(seeds)
    if not args.skip_throughput:
        throughput(args.articles)


if __name__ == "__main__":
    main()
