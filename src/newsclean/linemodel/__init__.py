"""The learned line model: features of a line in its document, numpy inference, training.

``load_model()`` gives the bundled model; ``train`` fits one from labelled lines (see
docs/line-model.md for the loop label → train → benchmark → use).
"""

from __future__ import annotations

from .features import MAX_WORDS, DocContext, is_list_or_table, judgeable, line_features
from .model import BUNDLED, LineModel, LineScore, ScoreMemo, load_model
from .train import LabelRow, build_examples, read_label_file, train

__all__ = [
    "BUNDLED",
    "MAX_WORDS",
    "DocContext",
    "LabelRow",
    "LineModel",
    "LineScore",
    "ScoreMemo",
    "build_examples",
    "is_list_or_table",
    "judgeable",
    "line_features",
    "load_model",
    "read_label_file",
    "train",
]
