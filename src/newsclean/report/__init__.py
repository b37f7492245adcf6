"""An audit report a data team can review: one self-contained HTML file (inline CSS and
SVG, no script, no network) with totals, charts of what was removed per rule family, rule
and outlet, the lines removed most often, the lines heuristics removed that no rule names,
the articles the over-cleaning guard flagged, and before/after views of a sample.

Everything is aggregated as records pass and the sample is bounded, so a report over
100,000 articles costs little more than cleaning them and stays small. Every piece of
article text, rule id and reason is escaped, and the page's Content-Security-Policy
allows no script at all and only the report's own stylesheet (by its hash).

``aggregate`` counts from the audit trails, ``html`` renders (its stylesheet is
``report.css``), ``audit`` joins them; this module re-exports their public names.
"""

from __future__ import annotations

from .aggregate import Aggregates, Sample, changed_chars, rule_of
from .audit import Report, build, collect
from .html import STYLESHEET, escape, highlight, opcodes, render

__all__ = [
    "STYLESHEET",
    "Aggregates",
    "Report",
    "Sample",
    "build",
    "changed_chars",
    "collect",
    "escape",
    "highlight",
    "opcodes",
    "render",
    "rule_of",
]
