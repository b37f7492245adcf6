"""``newsclean train``: train the line model on a team's labelled lines (with or without
the bundled labels) and write a model file that ``--model PATH`` loads."""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..linemodel.train import train_from_files
from .common import EXIT_OK, Streams, add_quiet

NAME = "train"


def add_command(sub: Any) -> None:
    p = sub.add_parser(
        NAME,
        help="train the line model on labelled lines; write a model file for --model",
        description="Train the learned line model on labelled lines (TSV: record_id, "
        "line_no, label[, kind]) of the records they point at (JSONL with id and text, "
        "optionally .gz), together with the bundled labelled lines unless --no-bundled.",
    )
    p.add_argument("--labels", nargs="+", required=True, metavar="TSV", help="label files")
    p.add_argument(
        "--records", nargs="+", required=True, metavar="JSONL", help="the labelled records"
    )
    p.add_argument("-o", "--output", required=True, metavar="MODEL.npz", help="the model file")
    p.add_argument(
        "--bundled",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="train with the bundled labelled lines too; --no-bundled: these labels only "
        "(default: on)",
    )
    p.add_argument(
        "--steps", type=int, default=300, metavar="N", help="optimiser steps (default: 300)"
    )
    add_quiet(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace, streams: Streams) -> int:
    if args.output == "-":
        raise ConfigError("train writes a binary model file: give -o PATH, not -")
    if not 1 <= args.steps <= 100_000:
        raise ConfigError(f"--steps must be from 1 to 100000; got {args.steps}")
    started = time.perf_counter()
    model = train_from_files(args.labels, args.records, with_bundled=args.bundled, steps=args.steps)
    out = Path(args.output)
    # write beside the target, then rename: a reader never sees half a model
    fd, tmp = tempfile.mkstemp(dir=out.parent or Path("."), prefix=f".{out.name}.", suffix=".tmp")
    os.close(fd)
    try:
        model.save(tmp)
        os.replace(tmp, out)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    if not args.quiet:
        meta = model.meta
        thresholds = ", ".join(f"{k} {v:.3f}" for k, v in sorted(model.thresholds.items()))
        print(
            f"newsclean train: {meta['examples']:,} labelled lines ({meta['promo']:,} promo) "
            f"from {meta['outlets']:,} outlets in {time.perf_counter() - started:.1f} s; "
            f"thresholds: {thresholds}; wrote {out}",
            file=streams.stderr,
        )
    return EXIT_OK
