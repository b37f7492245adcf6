"""The report's tables as plain rows: the page renders them, and ``write_csv`` writes one
CSV file per table for a spreadsheet or a script."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from ..io_text import write_text_atomically
from ..reasons import UnknownReason, resolve
from .aggregate import SHARE_BINS, Aggregates

Cell = str | int | float


@dataclass(frozen=True, slots=True)
class Table:
    """One table: its column names and rows (plain values, not HTML)."""

    name: str
    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


def share_bin_bounds(index: int) -> tuple[float, float]:
    """The shares (0 to 1) a histogram bin covers; bin 0 is "nothing removed".

    Examples:
        >>> share_bin_bounds(0), share_bin_bounds(3)
        ((0.0, 0.0), (0.1, 0.15))
    """
    if index == 0:
        return (0.0, 0.0)
    return (round((index - 1) * 0.05, 2), round(index * 0.05, 2))


def docs_of(rule: str, family: str | None = None) -> str:
    """The docs section explaining a rule or code (``reasons.md#…``): the rule's own, else
    its family's (a rule of a pack of yours), else ""."""
    for name in (rule, family):
        if name:
            try:
                return resolve(name).docs
            except UnknownReason:
                continue
    return ""


def tables(r: Aggregates, limit: int | None = None) -> dict[str, Table]:
    """Every table of the report, by name, with at most ``limit`` rows each (None: all
    that were kept: counts of distinct removed lines are pruned past 50,000).

    Examples:
        >>> from newsclean import report
        >>> got = tables(report.collect(["The vote passed.\\nAdvertisement"]))
        >>> got["rules"].rows[0][:3]
        ('generic.advertisement', 'ad', 1)
    """
    guard = sorted(r.over_cleaned, reverse=True)[:limit]
    samples = [(s, "most removed") for s in r.most_removed]
    samples += [(s, "random") for s in r.random_sample]
    histogram = [
        (*(round(b * 100) for b in share_bin_bounds(i)), n)
        for i, n in enumerate(r.share_histogram[:SHARE_BINS])
    ]
    out = [
        Table("families", ("family", "lines removed"), tuple(r.by_family.most_common(limit))),
        Table(
            "rules",
            ("rule", "family", "lines removed", "docs"),
            tuple(
                (rule, r.family(rule), n, docs_of(rule, r.family(rule)))
                for rule, n in r.by_rule.most_common(limit)
            ),
        ),
        Table(
            "outlets",
            ("outlet", "articles", "lines removed"),
            tuple((o, r.articles_by_outlet[o], n) for o, n in r.by_outlet.most_common(limit)),
        ),
        Table("frequent-lines", ("line", "times"), tuple(r.removed_lines.most_common(limit))),
        Table(
            "unnamed-lines",
            ("line", "heuristic", "times"),
            tuple((line, rule, n) for (line, rule), n in r.unnamed.most_common(limit)),
        ),
        Table(
            "guard-articles",
            ("article", "outlet", "removed share"),
            tuple((ident, outlet, round(share, 4)) for share, ident, outlet in guard),
        ),
        Table("removed-share", ("from %", "to %", "articles"), tuple(histogram)),
        Table(
            "samples",
            ("article", "outlet", "shown as", "removed share", "lines removed"),
            tuple(
                (s.ident, s.outlet, why, round(s.result.removed_share, 4), s.lines_removed)
                for s, why in samples
            ),
        ),
    ]
    return {t.name: t for t in out}


# A spreadsheet runs a cell that starts with one of these as a formula: scraped text is
# untrusted, so such a text cell is written with a leading apostrophe (OWASP's advice).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def to_csv(table: Table) -> str:
    """The table as CSV text (header first; a text cell that a spreadsheet would run as a
    formula is prefixed with an apostrophe).

    Examples:
        >>> print(to_csv(Table("t", ("line", "times"), (("=1+1", 2), ("Read More", 1)))))
        line,times
        '=1+1,2
        Read More,1
        <BLANKLINE>
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(table.header)
    for row in table.rows:
        writer.writerow([_safe(c) for c in row])
    return buffer.getvalue()


def _safe(cell: Cell) -> Cell:
    if isinstance(cell, str) and cell.startswith(_FORMULA_START):
        return "'" + cell
    return cell


def write_csv(r: Aggregates, directory: str | Path) -> list[Path]:
    """Write every table to ``directory`` (created if need be) as ``<name>.csv``, each
    file atomically; return the paths written, in table order."""
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for name, table in tables(r).items():
        path = folder / f"{name}.csv"
        write_text_atomically(str(path), to_csv(table))
        written.append(path)
    return written
