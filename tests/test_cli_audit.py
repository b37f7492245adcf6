"""Audit outputs name records by id as well as file:line, and show only what changed
(#17 item 9: --explain FILE, --diff, the readable --explain)."""

from __future__ import annotations

import io
import itertools
import json
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

import newsclean
from newsclean.cli import main
from newsclean.cli.runner import record_diff
from newsclean.model import Doc

# Generated text (no publisher's).
RECORDS: list[dict[str, Any]] = [
    {"id": "story-1", "text": "Advertisement\nThe council met on Monday.\nIt voted 5-2.\n"},
    {"id": 42, "text": "The bridge reopened.\r\nSign up for our newsletter!\r\nTraffic eased.\r\n"},
    {"text": "Advertisement\nNo id on this one."},
    {"id": "story-4", "body": "no text"},
]


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # a run to standard output writes its rejects to ./newsclean.rejects.jsonl
    monkeypatch.chdir(tmp_path)


def call(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, stdin=io.StringIO(), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def _input(tmp_path: Path) -> Path:
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in RECORDS), encoding="utf-8")
    return src


def test_explain_file_names_each_record_by_id(tmp_path: Path) -> None:
    src = _input(tmp_path)
    changes = tmp_path / "changes.jsonl"
    code, _, _ = call(["clean", str(src), "--explain", str(changes), "--quiet"])
    assert code == 0
    rows = [json.loads(line) for line in changes.read_text(encoding="utf-8").splitlines()]
    assert [(r["file"], r["record"], r["id"]) for r in rows] == [
        (str(src), 1, "story-1"),
        (str(src), 2, 42),  # the id as the record has it, not as text
        (str(src), 3, None),  # no id: file and line still say which
    ]


def test_id_field_names_the_field_that_holds_the_id(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    records = [{"key": "k-1", "id": "not-this", "text": "Advertisement\nThe vote passed."}]
    src.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    changes = tmp_path / "changes.jsonl"
    argv = ["clean", str(src), "--explain", str(changes), "--id-field", "key", "--quiet"]
    code, _, err = call(argv)
    assert code == 0, err
    rows = [json.loads(line) for line in changes.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["k-1"]


def test_rejects_name_the_record_by_id(tmp_path: Path) -> None:
    src = _input(tmp_path)
    rejects = tmp_path / "rejects.jsonl"
    argv = ["clean", str(src), "-o", str(tmp_path / "o.jsonl"), "--rejects", str(rejects)]
    code, _, _ = call([*argv, "--quiet"])
    assert code == 0
    [row] = [json.loads(line) for line in rejects.read_text(encoding="utf-8").splitlines()]
    assert (row["line"], row["id"]) == (4, "story-4")


def _hunks(diff: str) -> list[tuple[str, list[str]]]:
    """(header, body lines) of each record's diff in a --diff output."""
    out: list[tuple[str, list[str]]] = []
    for line in diff.splitlines():
        if line.startswith("--- "):
            out.append((line, []))
        elif out and not line.startswith("+++ "):
            out[-1][1].append(line)
    return out


def test_diff_headers_carry_the_record_id(tmp_path: Path) -> None:
    rejects = str(tmp_path / "rejects.jsonl")
    code, out, _ = call(["clean", str(_input(tmp_path)), "--diff", "--rejects", rejects, "-q"])
    assert code == 0
    headers = [h for h, _ in _hunks(out)]
    assert headers == [
        f'--- a/{tmp_path / "in.jsonl"}:1\tid="story-1"',
        f"--- a/{tmp_path / 'in.jsonl'}:2\tid=42",
        f"--- a/{tmp_path / 'in.jsonl'}:3",  # no id: no id field in the header
    ]
    assert out.count("\n+++ b/") == 3


def test_diff_never_shows_an_unchanged_line_as_changed(tmp_path: Path) -> None:
    rejects = str(tmp_path / "rejects.jsonl")
    code, out, _ = call(["clean", str(_input(tmp_path)), "--diff", "--rejects", rejects, "-q"])
    assert code == 0
    changed = [line[1:] for _, body in _hunks(out) for line in body if line[:1] in "+-"]
    kept = {
        "The council met on Monday.",
        "It voted 5-2.",
        "The bridge reopened.",
        "Traffic eased.",
        "No id on this one.",
    }
    assert not kept & set(changed), changed  # the old diff showed the last line as -x/+x
    assert "Advertisement" in changed
    assert "Sign up for our newsletter!" in changed


def _apply(diff: str, before: Sequence[str]) -> list[str]:
    """Apply one record's unified diff to its lines, checking every context and removed
    line against them: the diff must describe exactly the change."""
    out: list[str] = []
    at = 0
    lines = diff.splitlines()[2:]
    i = 0
    while i < len(lines):
        m = re.match(r"@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@", lines[i])
        assert m, lines[i]
        start = int(m.group(1)) - (0 if m.group(2) == "0" else 1)
        out.extend(before[at:start])
        at = start
        i += 1
        while i < len(lines) and not lines[i].startswith("@@"):
            mark, text = lines[i][:1], lines[i][1:]
            if mark in " -":
                assert before[at] == text
                at += 1
            if mark in " +":
                out.append(text)
            i += 1
    return out + list(before[at:])


TEXTS = [
    "Advertisement\nThe council met.\n",
    "a\r\nb\r\nAdvertisement\r\nc",
    "\n\nThe council met.\n\n\nCLICK HERE TO GET THE FOX NEWS APP\n\nIt voted.\n\n",
    "It voted.",
    "",
    "caf\u00c3\u00a9 owner\rsaid\u2028Advertisement\u2029so",
]


@pytest.mark.parametrize("text", TEXTS)
def test_a_record_diff_turns_the_input_lines_into_the_output_lines(text: str) -> None:
    after = newsclean.clean(text)
    diff = record_diff("in.jsonl:1", None, text, after)
    before_lines = Doc.from_text(text).lines
    if not diff:
        assert before_lines == Doc.from_text(after).lines
        return
    assert _apply(diff, before_lines) == list(Doc.from_text(after).lines)


def test_record_diff_on_real_articles(corpus: list[dict[str, Any]]) -> None:
    for record in corpus:
        text = record["text"]
        after = newsclean.clean(text)
        diff = record_diff("x:1", record.get("id"), text, after)
        if diff:
            assert _apply(diff, Doc.from_text(text).lines) == list(Doc.from_text(after).lines)


# -- the readable --explain --------------------------------------------------------------


def _shown_pairs(report: str) -> list[tuple[str, str]]:
    lines = report.splitlines()
    return [
        (a[8:], b[8:])
        for a, b in itertools.pairwise(lines)
        if a.startswith("      - ") and b.startswith("      + ")
    ]


def test_a_long_line_edited_past_the_cut_shows_the_edit(tmp_path: Path) -> None:
    # the edit (curly quotes straightened) lies far past the 100 characters shown
    head = "The committee heard evidence from several witnesses over two long days " * 3
    text = head + "and the chair said \u201cenough\u201d.\nIt adjourned."
    src = tmp_path / "a.txt"
    src.write_text(text, encoding="utf-8")
    code, out, _ = call(["clean", "--explain", str(src), "--uncurl-quotes"])
    assert code == 0
    [(before, after)] = _shown_pairs(out)
    assert before != after
    assert "\u201c" in before
    assert '"enough"' in after


def _looks(text: str) -> str:
    """What a reader sees: invisible characters gone, every space alike, composed."""
    text = unicodedata.normalize("NFC", text)
    text = "".join(" " if unicodedata.category(c) == "Zs" else c for c in text)
    return "".join(c for c in text if unicodedata.category(c) not in ("Cf", "Cc"))


@pytest.mark.parametrize(
    "line",
    [
        "The vote\u00a0passed on Monday.",  # no-break space
        "The vote pass\u00aded on Monday.",  # soft hyphen
        "The vote\u200b passed on Monday.",  # zero-width space
        "The cafe\u0301 reopened on Monday.",  # decomposed accent, composed by NFC
    ],
)
def test_an_edit_of_invisible_characters_does_not_look_identical(tmp_path: Path, line: str) -> None:
    src = tmp_path / "a.txt"
    src.write_text(line + "\nIt adjourned.", encoding="utf-8")
    code, out, _ = call(["clean", "--explain", str(src)])
    assert code == 0
    [(before, after)] = _shown_pairs(out)
    assert _looks(before) != _looks(after)
