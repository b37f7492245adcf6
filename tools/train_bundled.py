"""Train the bundled line model from the labels in tests/data/labels and the corpora in
../shared, and write src/newsclean/linemodel/default.npz (the model) and default_examples.npz
(the labelled lines as hashed feature ids, no text: for `newsclean train` with the
bundled labels). Deterministic: the same labels
give the same file.

    python tools/train_bundled.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import _labels  # noqa: E402

from newsclean.linemodel import build_examples, train  # noqa: E402
from newsclean.linemodel.train import save_examples  # noqa: E402


def main() -> None:
    records, rows = _labels.load()
    examples = build_examples(records, rows)
    files = [p.name for p in _labels.label_files()]
    model = train(examples, meta={"labels": files})
    out = ROOT / "src" / "newsclean" / "linemodel" / "default.npz"
    model.save(out)
    save_examples(examples, out.with_name("default_examples.npz"))
    print(f"{out}: {out.stat().st_size} bytes, thresholds {model.thresholds}, {model.meta}")


if __name__ == "__main__":
    main()
