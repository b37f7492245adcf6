"""An audit report a data team can review: one self-contained HTML file (inline CSS and
SVG, no script, no network) with totals, charts of what was removed per rule family, rule
and outlet, the lines removed most often, the lines heuristics removed that no rule names,
the articles the over-cleaning guard flagged, a histogram of the share of words removed,
and the changed hunks of the articles that lost most and of a seeded random few; every
table also as CSV (``write_csv``).

Everything is aggregated as records pass and the sample is bounded, so a report over
100,000 articles costs little more than cleaning them and stays small. Every piece of
article text, rule id and reason is escaped, and the page's Content-Security-Policy
allows no script at all and only the report's own stylesheet (by its hash).

``aggregate`` counts from the audit trails, ``tables`` turns the counts into rows (for the
page and for CSV), ``samples`` renders a sample article's hunks, ``html`` the page (its
stylesheet is ``report.css``), ``audit`` joins them; this module re-exports their public
names.
"""

from __future__ import annotations

from .aggregate import Aggregates, Sample, changed_chars, rule_of, share_bin
from .audit import Report, build, collect
from .html import STYLESHEET, render
from .samples import escape, highlight, hunks, opcodes
from .tables import Table, tables, to_csv, write_csv

__all__ = [
    "STYLESHEET",
    "Aggregates",
    "Report",
    "Sample",
    "Table",
    "build",
    "changed_chars",
    "collect",
    "escape",
    "highlight",
    "hunks",
    "opcodes",
    "render",
    "rule_of",
    "share_bin",
    "tables",
    "to_csv",
    "write_csv",
]
