"""Deduplication at scale: time, CPU time and peak memory of ``newsclean dedupe``'s library
path on N generated news articles, in one process and on a Dask LocalCluster.

    python benchmarks/dedupe_scale.py --articles 100000 300000       # one process
    python benchmarks/dedupe_scale.py --articles 100000 --dask 2      # and 2 Dask workers

Each run is a fresh child process reading a JSONL file written under the temporary
directory (the generated corpus of tests/synth_dupes.py, seeds from 1000, ids made
unique). Wall time depends on what else the machine runs; CPU time (the process's own,
and on Dask the workers' too) does much less, so both are printed.
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

from tests.synth_dupes import write_jsonl  # noqa: E402


def write_corpus(path: Path, articles: int) -> int:
    """``articles`` generated records as JSONL; returns the size in bytes."""
    return write_jsonl(path, articles)


def child(mode: str, path: str, workers: int) -> None:
    """One timed run; prints a JSON line."""
    from newsclean import corpus

    started, cpu = time.perf_counter(), time.process_time()
    worker_cpu = 0.0
    worker_rss = 0
    if mode == "single":
        with open(path, encoding="utf-8") as fh:
            found = corpus.find_duplicates(json.loads(line) for line in fh)
    else:
        from newsclean import dask as nd

        def usage() -> tuple[float, int]:
            r = resource.getrusage(resource.RUSAGE_SELF)
            return r.ru_utime + r.ru_stime, r.ru_maxrss

        with nd.client(workers=workers) as client:
            before = client.run(usage)
            found = nd.find_duplicates(nd.read_jsonl(path, blocksize="16MiB"))
            after = client.run(usage)
            worker_cpu = sum(after[w][0] - before[w][0] for w in after)
            worker_rss = max(v[1] for v in after.values())
    out = {
        "seconds": time.perf_counter() - started,
        "cpu": time.process_time() - cpu,
        "worker_cpu": worker_cpu,
        "records": found.records,
        "clusters": len(found.clusters),
        "dropped": found.dropped,
        "rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "worker_rss_kib": worker_rss,
    }
    print(json.dumps(out))


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3], int(sys.argv[4]))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[100_000])
    parser.add_argument("--dask", type=int, default=0, metavar="WORKERS")
    parser.add_argument("--no-single", action="store_true")
    args = parser.parse_args()
    print(
        "articles  where               wall s  CPU s: main + workers  articles/s"
        "  peak RSS: main (worker)  clusters"
    )
    for n in args.articles:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "news.jsonl"
            size = write_corpus(path, n)
            modes = [] if args.no_single else [("single", 1)]
            if args.dask:
                modes.append(("dask", args.dask))
            results = {}
            for mode, workers in modes:
                proc = subprocess.run(
                    [sys.executable, __file__, "--child", mode, str(path), str(workers)],
                    capture_output=True,
                    text=True,
                    check=True,
                )
                r = json.loads(proc.stdout.strip().splitlines()[-1])
                results[mode] = r
                where = "one process" if mode == "single" else f"Dask, {workers} workers"
                rss = f"{r['rss_kib'] / 1024:.0f} MiB"
                if r["worker_rss_kib"]:
                    rss += f" ({r['worker_rss_kib'] / 1024:.0f} MiB)"
                print(
                    f"{n:8d}  {where:18s} {r['seconds']:7.1f}  {r['cpu']:7.1f} + "
                    f"{r['worker_cpu']:7.1f}      {r['records'] / r['seconds']:10.0f}"
                    f"  {rss:23s}  {r['clusters']}   ({size / 1e6:.0f} MB)"
                )
            if len(results) == 2:
                same = results["single"]["clusters"] == results["dask"]["clusters"]
                speed = results["single"]["seconds"] / results["dask"]["seconds"]
                print(f"          Dask speedup {speed:.2f}x wall; same clusters: {same}")


if __name__ == "__main__":
    main()
