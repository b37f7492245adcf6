"""The HTML audit report: structure, aggregates, escaping, and a real headless browser."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import re
import shutil
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

import newsclean
from newsclean import report
from newsclean.cli import main

from .conftest import EXAMPLE

HOSTILE = (
    "<script>alert(1)</script>\n"
    "The council met on Tuesday <img src=x onerror=alert(2)> to vote.\n"
    "</pre></div></article><h1>Injected heading</h1>\n"
    "Advertisement\n"
    "\u2018Quoted\u2019 text with &amp; and caf\u00c3\u00a9 repaired.\n"
    "<style>body{display:none}</style>"
)


def _records() -> list[dict[str, Any]]:
    example = EXAMPLE.read_text(encoding="utf-8")
    return [
        {"id": "seed", "outlet": "Fox News", "text": example},
        {"id": "<b>evil-id</b>", "outlet": "<i>Evil</i> Outlet", "text": HOSTILE},
        {"id": "plain", "url": "https://www.example.org/x", "text": "A short report.\nRead More"},
    ]


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        (self.styles if self._in_style else self.text).append(data)


@pytest.fixture(scope="module")
def page() -> str:
    return report.build(_records(), sample=5, title="Audit <script>alert(3)</script>")


@pytest.fixture(scope="module")
def parsed(page: str) -> _Tags:
    tags = _Tags()
    tags.feed(page)
    return tags


def test_untrusted_text_is_escaped_never_markup(page: str, parsed: _Tags) -> None:
    names = [t for t, _ in parsed.tags]
    assert "script" not in names
    assert "img" not in names
    assert names.count("style") == 1  # the report's own, in <head>
    assert names.count("h1") == 1  # the planted </article><h1> did not open a heading
    for _, attrs in parsed.tags:
        assert not any(k.startswith("on") for k in attrs), attrs
    text = "".join(parsed.text)
    assert "<script>alert(1)</script>" in text
    assert "<img src=x onerror=alert(2)>" in text
    assert "<i>Evil</i> Outlet" in text
    assert "<b>evil-id</b>" in text
    assert "Audit <script>alert(3)</script>" in text


def test_csp_allows_no_script_and_only_the_reports_own_style(parsed: _Tags) -> None:
    metas = [a for t, a in parsed.tags if t == "meta" and a.get("http-equiv")]
    assert len(metas) == 1
    csp = metas[0]["content"] or ""
    assert "default-src 'none'" in csp
    assert "script-src 'none'" in csp
    digest = base64.b64encode(hashlib.sha256(parsed.styles[0].encode()).digest()).decode()
    assert f"style-src 'sha256-{digest}'" in csp
    # no external resource of any kind
    for tag, attrs in parsed.tags:
        assert "src" not in attrs, tag
        assert attrs.get("rel") != "stylesheet", tag
        assert not str(attrs.get("href", "")).startswith(("http", "//")), tag


def test_sections_charts_and_samples_are_present(parsed: _Tags) -> None:
    ids = {a.get("id") for _, a in parsed.tags}
    for ident in (
        "totals",
        "chart-families",
        "chart-rules",
        "chart-outlets",
        "frequent-lines",
        "unnamed",
        "guard",
        "samples",
    ):
        assert ident in ids, ident
    bars = [a for t, a in parsed.tags if t == "rect" and a.get("class") == "bar"]
    assert bars
    samples = [a for t, a in parsed.tags if t == "article" and a.get("class") == "sample"]
    assert len(samples) == 3
    assert any(t == "del" for t, _ in parsed.tags)  # removed lines struck through
    assert any(t == "mark" for t, _ in parsed.tags)  # repaired characters highlighted


def test_aggregates_equal_the_sum_of_the_audit_trails() -> None:
    records = _records()
    got = report.collect(records)
    results = [newsclean.clean_and_explain(r["text"]) for r in records]
    dropped = [c for res in results for c in res.changes if c.after is None]
    dropped = [c for c in dropped if c.filter != "tidy_whitespace"]
    assert got.articles == 3
    assert got.lines_removed == len(dropped) == sum(got.by_rule.values())
    assert sum(got.by_family.values()) == len(dropped)
    assert got.by_rule["foxnews.app-download"] == 1
    assert got.by_family["app"] >= 1
    assert got.by_outlet["Fox News"] == sum(
        1 for c in results[0].changes if c.after is None and c.filter != "tidy_whitespace"
    )
    assert got.articles_by_outlet["example.org"] == 1  # from the url when no outlet


def test_each_removal_in_the_sample_names_its_rule(page: str) -> None:
    assert "foxnews.app-download" in page
    assert "promo:foxnews.app-download" in page  # the reason beside the rule id


def test_the_sample_is_bounded_and_the_same_whatever_the_order() -> None:
    records = [
        {
            "id": f"r{i}",
            "outlet": "Planet",
            "text": f"Story number {i} about the river.\nAdvertisement",
        }
        for i in range(300)
    ]
    first = report.build(records, sample=4, random_sample=2)
    assert first.count('class="sample"') == 6
    assert report.build(list(reversed(records)), sample=4, random_sample=2) == first


def _graded(n: int = 40) -> list[dict[str, Any]]:
    """Articles that lose different shares of their words: i % 7 promo lines each."""
    out = []
    for i in range(n):
        body = [f"Paragraph {j} of story {i} tells of the river and the town." for j in range(6)]
        promo = ["Advertisement"] * (i % 7)
        out.append(
            {"id": f"g{i}", "text": "\n".join(promo + body + (["Read More"] if i % 3 else []))}
        )
    return out


def test_the_articles_that_lost_most_are_shown_first_then_random_ones() -> None:
    records = _graded()
    shares = {r["id"]: newsclean.clean_and_explain(r["text"]).removed_share for r in records}
    got = report.collect(records, sample=5, random_sample=3)
    most = [s.ident for s in got.most_removed]
    assert len(most) == 5
    # the five largest shares, largest first (computed here from the audit trails)
    assert [shares[i] for i in most] == sorted(shares.values(), reverse=True)[:5]
    drawn = [s.ident for s in got.random_sample]
    assert len(drawn) == 3
    assert not set(drawn) & set(most)
    assert [s.ident for s in got.sample] == most + drawn
    # seeded: the same draw whatever the order, another seed draws others
    again = report.collect(list(reversed(records)), sample=5, random_sample=3)
    assert [s.ident for s in again.random_sample] == drawn
    assert [s.ident for s in again.most_removed] == most
    reseeded = report.collect(records, sample=5, random_sample=3, seed=7)
    assert [s.ident for s in reseeded.most_removed] == most
    assert [s.ident for s in reseeded.random_sample] != drawn
    page = got.render()
    assert page.count("most removed</span>") == 5
    assert page.count(">random</span>") == 3


def test_a_sample_shows_its_changed_hunks_with_context_not_the_whole_article() -> None:
    lines = [f"Paragraph {i} of a very long live blog." for i in range(1, 1001)]
    lines[499] = "Advertisement"  # line 500
    lines[899] = "Read More"  # line 900
    page = report.build([{"id": "blog", "text": "\n".join(lines)}], sample=1)
    # each change with two lines of context either side, and nothing else of the article
    for shown in (498, 499, 501, 502, 898, 899, 901, 902):
        assert f">Paragraph {shown} of a very long live blog.<" in page, shown
    for hidden in (1, 497, 503, 700, 897, 903, 1000):
        assert f">Paragraph {hidden} of a very long live blog.<" not in page, hidden
    assert "⋯ 497 unchanged lines" in page  # lines 1 to 497
    assert "⋯ 395 unchanged lines" in page  # lines 503 to 897
    assert "⋯ 98 unchanged lines" in page  # lines 903 to 1000
    assert page.count('class="ln"') < 20


def test_hunks_merge_nearby_changes() -> None:
    assert report.hunks([5], 10) == [(3, 7)]
    assert report.hunks([1, 10], 10) == [(1, 3), (8, 10)]
    assert report.hunks([3, 8], 20) == [(1, 10)]  # 5 and 6 touch: one hunk
    assert report.hunks([3, 9], 20) == [(1, 5), (7, 11)]
    assert report.hunks([], 5) == []


def test_an_article_with_many_changes_is_cut_short_and_says_so() -> None:
    text = "\n".join(f"Story {i}\nAdvertisement" for i in range(1000))
    page = report.build([{"id": "ads", "text": text}], sample=1)
    assert "more changed lines not shown" in page
    assert page.count('class="ln"') < 500


def test_removed_share_histogram_counts_every_article_in_its_bin() -> None:
    records = [*_graded(60), {"id": "all", "text": "Advertisement\nRead More"}]
    got = report.collect(records)
    assert sum(got.share_histogram) == got.articles == 61
    expected = Counter(
        report.share_bin(newsclean.clean_and_explain(r["text"]).removed_share) for r in records
    )
    assert {i: n for i, n in enumerate(got.share_histogram) if n} == dict(expected)
    assert got.share_histogram[20] == 1  # the article that lost everything
    assert [report.share_bin(x) for x in (0.0, 0.001, 0.2, 0.21, 1.0)] == [0, 1, 4, 5, 20]
    tags = _Tags()
    tags.feed(got.render())
    ids = {a.get("id") for _, a in tags.tags}
    assert "chart-removed-share" in ids
    guard = [a for t, a in tags.tags if t == "line" and a.get("class") == "guard"]
    assert len(guard) == 1  # the over-cleaning guard's threshold marked


def test_every_table_is_written_as_csv_and_matches_the_aggregates(tmp_path: Path) -> None:
    import csv

    records = [*_records(), {"id": "formula", "text": "=HYPERLINK(1)\nA report.\n@evil"}]
    got = report.collect(records, disabled_rules=[])
    written = got.write_csv(tmp_path / "tables")
    names = {p.name for p in written}
    assert {"families.csv", "rules.csv", "outlets.csv", "frequent-lines.csv"} <= names
    assert {"unnamed-lines.csv", "guard-articles.csv", "removed-share.csv", "samples.csv"} <= names

    def rows(name: str) -> list[dict[str, str]]:
        with (tmp_path / "tables" / name).open(encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))

    rules = rows("rules.csv")
    assert sum(int(r["lines removed"]) for r in rules) == got.lines_removed
    assert {r["rule"]: int(r["lines removed"]) for r in rules} == dict(got.by_rule)
    assert all(r["docs"].startswith("reasons.md#") for r in rules)
    assert sum(int(r["articles"]) for r in rows("removed-share.csv")) == got.articles
    assert {r["article"] for r in rows("samples.csv")} == {s.ident for s in got.sample}
    # a line a spreadsheet would run as a formula is written inert
    text = (tmp_path / "tables" / "frequent-lines.csv").read_text(encoding="utf-8")
    for line in text.splitlines()[1:]:
        assert not line.startswith(("=", "+", "-", "@")), line


def test_report_stays_small_for_many_articles() -> None:
    records = (
        {"id": str(i), "text": f"Report {i} on the harvest.\nRead More\nFacebook"}
        for i in range(3000)
    )
    page = report.build(records, sample=10, top=20)
    assert len(page.encode()) < 120_000
    assert ">3,000</b>articles" in page


def test_rejected_records_are_counted() -> None:
    got = report.collect([{"text": "ok"}, {"body": "no text"}, "plain string"])  # type: ignore[list-item]
    assert got.articles == 2
    assert got.rejected == 1


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("cafÃ© au lait", "café au lait"),
        ("short", "shorter"),
        ("word " * 100 + "Ã©" + " word" * 100, "word " * 100 + "é" + " word" * 100),  # words
        ("ab" * 10_000, "ba" * 10_000),  # one 20,000-character word: start and end only
        ("x " * 400 + "Ã©", "x " * 400 + "é"),  # too many words: start and end only
        ("", "added"),
    ],
)
def test_edit_diffs_rebuild_the_line_whatever_its_length(before: str, after: str) -> None:
    rebuilt = []
    for op, i1, i2, j1, j2 in report.opcodes(before, after):
        assert (op == "equal") == (before[i1:i2] == after[j1:j2])
        rebuilt.append(after[j1:j2])
    assert "".join(rebuilt) == after
    left, right = report.highlight(before, after)
    assert "<mark>" in left + right


def test_per_outlet_chart_splits_by_family(parsed: _Tags) -> None:
    segments = [a for t, a in parsed.tags if t == "rect" and a.get("class") == "seg"]
    assert segments
    assert all(str(a.get("fill", "")).startswith("#") for a in segments)


def test_caption_duplicates_count_as_captions() -> None:
    got = report.collect(_records()[:1])  # the seed article prints two captions twice
    assert got.by_family["captions"] == 2


def test_cli_writes_the_report(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(
        "".join(json.dumps(r) + "\n" for r in _records()) + "{broken\n", encoding="utf-8"
    )
    out = tmp_path / "report.html"
    err = io.StringIO()
    assert main(["report", str(src), str(EXAMPLE), "-o", str(out)], stderr=err) == 0
    page = out.read_text(encoding="utf-8")
    assert "<b>4</b>articles" in page
    assert "<b>1</b>records rejected" in page
    assert "report of 4 articles (1 rejected)" in err.getvalue()
    assert main(["report", str(src)], stderr=io.StringIO()) == 2  # -o is required


def test_cli_samples_seed_and_csv(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in _graded()), encoding="utf-8")
    out, tables = tmp_path / "report.html", tmp_path / "csv"
    err = io.StringIO()
    argv = ["report", str(src), "-o", str(out), "--sample", "2", "--random", "3"]
    assert main([*argv, "--seed", "5", "--csv", str(tables)], stderr=err) == 0
    page = out.read_text(encoding="utf-8")
    assert page.count('class="sample"') == 5
    assert "CSV tables in" in err.getvalue()
    assert (tables / "rules.csv").read_text(encoding="utf-8").startswith("rule,family,")
    assert main([*argv, "--random", "-1"], stderr=io.StringIO()) == 2


# --------------------------------------------------------------------------- in a browser


def _chromium() -> str:
    path = os.environ.get("NEWSCLEAN_CHROMIUM") or shutil.which("chromium")
    if not path:
        pytest.skip(
            "headless Chromium not found: install Debian's package (apt-get install chromium) "
            "or set NEWSCLEAN_CHROMIUM; .ci/run installs it"
        )
    pytest.importorskip(
        "playwright.sync_api",
        reason="the browser test needs playwright: pip install -e '.[test,browser]'",
    )
    return path


# The flags the machine's notes give for headless Chromium on a closed network.
_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _load(path: Path, screenshot: Path | None = None) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    found: dict[str, Any] = {"dialogs": [], "errors": [], "page_errors": []}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=_chromium(), args=_FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("dialog", lambda d: (found["dialogs"].append(d.message), d.dismiss()))
            page.on(
                "console",
                lambda m: found["errors"].append(m.text) if m.type == "error" else None,
            )
            page.on("pageerror", lambda e: found["page_errors"].append(str(e)))
            page.goto(path.as_uri())
            page.wait_for_load_state("load")
            page.wait_for_timeout(300)  # let a late handler (an img onerror) fire, if any
            found["text"] = page.inner_text("body")
            found["charts"] = page.locator("svg.chart rect.bar").count()
            found["samples"] = page.locator("article.sample").count()
            found["histogram"] = page.locator("#chart-removed-share rect.bar").count()
            found["hunks"] = page.locator("article.sample pre.hunks").count()
            found["struck"] = page.locator("article.sample del.ln").count()
            found["visible"] = page.locator("#samples").is_visible()
            if screenshot is not None:
                page.screenshot(path=str(screenshot), full_page=True)
        finally:
            browser.close()
    return found


def test_report_in_headless_chromium(tmp_path: Path, page: str) -> None:
    _chromium()
    path = tmp_path / "report.html"
    path.write_text(page, encoding="utf-8")
    shot = tmp_path / "report.png"
    got = _load(path, shot)
    assert got["dialogs"] == []
    assert got["errors"] == []
    assert got["page_errors"] == []
    assert "<script>alert(1)</script>" in got["text"]  # shown as text
    assert "<img src=x onerror=alert(2)>" in got["text"]
    assert got["charts"] > 0
    assert got["samples"] == 3
    assert got["histogram"] == report.aggregate.SHARE_BINS  # a column per bin
    assert got["hunks"] == 3  # each sample shows its changed lines
    assert got["struck"] > 0
    assert got["visible"]  # the planted <style>body{display:none}</style> did nothing
    assert shot.stat().st_size > 10_000


def test_the_browser_check_catches_an_unsafe_page(tmp_path: Path) -> None:
    """The check above can fail: the same article pasted into a page unescaped runs."""
    _chromium()
    path = tmp_path / "unsafe.html"
    path.write_text(f"<!DOCTYPE html><html><body><pre>{HOSTILE}</pre></body></html>", "utf-8")
    got = _load(path)
    assert got["dialogs"]  # alert() ran
    assert "<script>" not in got["text"]


def test_report_has_no_broken_markup_in_a_strict_parser(page: str) -> None:
    # every opened element the report writes is closed (void elements aside)
    void = {"meta", "br", "img", "input", "link", "hr"}
    stack: list[str] = []

    class Checker(HTMLParser):
        def handle_starttag(self, tag: str, attrs: Any) -> None:
            if tag not in void:
                stack.append(tag)

        def handle_startendtag(self, tag: str, attrs: Any) -> None:
            pass

        def handle_endtag(self, tag: str) -> None:
            assert stack, tag
            assert stack[-1] == tag, (tag, stack[-5:])
            stack.pop()

    Checker().feed(re.sub(r"<!DOCTYPE html>", "", page))
    assert stack == []


def test_outlet_comes_from_the_record_then_the_url_then_the_text() -> None:
    example = EXAMPLE.read_text(encoding="utf-8")
    got = report.collect(
        [
            {"outlet": "Daily Planet", "text": example},
            {"url": "https://news.example.org/a", "text": "A report."},  # registered domain
            example,  # a plain text: its signals name Fox News
            "A report with no outlet in it.",
        ]
    )
    assert got.articles_by_outlet == {
        "Daily Planet": 1,
        "example.org": 1,
        "Fox News": 1,
        "unknown": 1,
    }


def test_pruning_the_removed_lines_is_amortised(monkeypatch: pytest.MonkeyPatch) -> None:
    # D22 (#16): once past the cap with lines all seen twice, every article pruned again
    from newsclean.report import aggregate

    monkeypatch.setattr(aggregate, "_PRUNE_AT", 100)
    calls = []
    real = aggregate._prune
    monkeypatch.setattr(aggregate, "_prune", lambda c: (calls.append(len(c)), real(c)))
    counter: Counter[str] = Counter()
    for i in range(1000):
        counter[f"line {i}"] += 2
        if len(counter) > aggregate._PRUNE_AT:
            aggregate._prune(counter)
            assert len(counter) <= aggregate._PRUNE_AT // 2
    assert len(calls) <= 1000 // (aggregate._PRUNE_AT // 2) + 1
    assert max(counter.values()) == 2
