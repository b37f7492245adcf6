"""Corpus runs: peak memory against input size, throughput with 1 and 2 workers, and the
command line's overhead against calling clean() in a loop, measured in the same run.

    python benchmarks/batch.py [--small-mb 10] [--large-mb 300] [--scale-mb 60] [--runs 1]

Inputs are JSONL files made by replicating the real corpus. Peak RSS is read with
getrusage(RUSAGE_CHILDREN) in a fresh wrapper process per run, so it covers the command
line and its worker processes.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import CORPUS, load_texts, median_seconds

import newsclean

WRAPPER = """
import resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL)
took = time.perf_counter() - start
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(code, took, rss)
"""


def make_jsonl(path: Path, megabytes: float, texts: list[str]) -> int:
    size = records = 0
    with path.open("w", encoding="utf-8") as fh:
        while size < megabytes * 1e6:
            for i, text in enumerate(texts):
                line = json.dumps({"id": f"{records}-{i}", "text": text}) + "\n"
                fh.write(line)
                size += len(line.encode("utf-8"))
                records += 1
    return records


def cli(path: Path, *flags: str) -> tuple[float, int]:
    argv = [sys.executable, "-m", "newsclean", "clean", str(path), "--quiet", *flags]
    out = subprocess.run(
        [sys.executable, "-c", WRAPPER, *argv], capture_output=True, text=True, check=True
    ).stdout.split()
    if out[0] != "0":
        raise SystemExit(f"newsclean exited {out[0]}")
    return float(out[1]), int(out[2])  # seconds, peak RSS in KiB


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--small-mb", type=float, default=10)
    parser.add_argument("--large-mb", type=float, default=300)
    parser.add_argument("--scale-mb", type=float, default=60)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args()
    texts = load_texts(args.corpus)
    with tempfile.TemporaryDirectory() as tmp:
        small, large, scale = Path(tmp, "s.jsonl"), Path(tmp, "l.jsonl"), Path(tmp, "m.jsonl")
        n_small = make_jsonl(small, args.small_mb, texts)
        n_large = make_jsonl(large, args.large_mb, texts)
        n_scale = make_jsonl(scale, args.scale_mb, texts)

        print("memory (peak RSS of the command line and its workers, --workers 2):")
        for label, path, n in (("small", small, n_small), ("large", large, n_large)):
            seconds, rss = cli(path, "--workers", "2")
            mb = path.stat().st_size / 1e6
            peak = rss / 1024
            print(
                f"  {label}: {mb:8.1f} MB, {n:>9,} records, {seconds:7.1f} s, peak {peak:.1f} MiB"
            )

        print(f"\nscaling on {scale.stat().st_size / 1e6:.1f} MB ({n_scale:,} records):")
        t1 = min(cli(scale, "--workers", "1")[0] for _ in range(args.runs))
        t2 = min(cli(scale, "--workers", "2")[0] for _ in range(args.runs))
        mb = scale.stat().st_size / 1e6
        print(
            f"  --workers 1: {mb / t1:6.2f} MB/s   --workers 2: {mb / t2:6.2f} MB/s   "
            f"speed-up {t1 / t2:.2f}x"
        )

        print()
        for label, path, t_cli in (
            ("start-up included", small, None),
            ("steady state", scale, t1),
        ):
            lines = path.read_text(encoding="utf-8").splitlines()
            records = [json.loads(line)["text"] for line in lines]
            t_loop = median_seconds(lambda r=records: [newsclean.clean(t) for t in r], args.runs)
            if t_cli is None:
                t_cli = min(cli(path, "--workers", "1")[0] for _ in range(args.runs))
            print(
                f"overhead on {path.stat().st_size / 1e6:.1f} MB ({label}): clean() loop "
                f"{t_loop:.2f} s, command line {t_cli:.2f} s -> CLI at {t_loop / t_cli:.0%} "
                "of the loop's throughput"
            )


if __name__ == "__main__":
    start = time.perf_counter()
    main()
    print(f"(benchmark took {time.perf_counter() - start:.0f} s)")
