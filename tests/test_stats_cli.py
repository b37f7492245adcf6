"""`newsclean stats` names its examples by record id, not by file and line alone (#17,
item 9), and says how many records it could not sample."""

from __future__ import annotations

import io
import json
from pathlib import Path

from newsclean.cli import main
from newsclean.io import Item

PROMO = "The council met on Tuesday to discuss the budget.\nAdvertisement\nRead More"


def _stats(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(["stats", *argv], stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def _jsonl(path: Path, records: list[object]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_examples_are_named_by_record_id_and_place(tmp_path: Path) -> None:
    src = _jsonl(
        tmp_path / "in.jsonl",
        [
            {"id": "art-1", "text": "A clean report with nothing to remove."},
            {"id": "art-2", "text": PROMO},
            {"text": PROMO},  # no id: named by its place alone
        ],
    )
    status, out, _ = _stats(str(src))
    assert status == 0
    assert f"\nexample art-2 ({src}:2):\n" in out
    assert f"\nexample {src}:3:\n" in out
    assert "art-1" not in out  # nothing changed in it: not an example


def test_the_id_field_can_be_named(tmp_path: Path) -> None:
    src = _jsonl(tmp_path / "in.jsonl", [{"id": "row-9", "uuid": "u-77", "text": PROMO}])
    _, out, _ = _stats(str(src), "--id-field", "uuid")
    assert f"example u-77 ({src}:1):" in out
    assert "row-9" not in out


def test_records_not_sampled_are_counted_not_lost(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(
        json.dumps({"id": "a", "text": PROMO}) + "\n{broken\n" + json.dumps({"id": "b"}) + "\n",
        encoding="utf-8",
    )
    status, out, _ = _stats(str(src))
    assert status == 0
    assert "1 records sampled (2 skipped: unreadable or no 'text' text)" in out


def test_rules_fired_point_at_rules_show(tmp_path: Path) -> None:
    src = _jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": PROMO}])
    _, out, _ = _stats(str(src))
    assert "promo:generic.advertisement" in out
    assert "`newsclean rules show CODE` explains" in out


def test_record_name() -> None:
    from newsclean.cli.stats import record_name

    assert record_name(Item("in.jsonl", 3, {"id": "a17"}), "id") == "a17 (in.jsonl:3)"
    assert record_name(Item("in.jsonl", 3, {"id": 17}), "id") == "17 (in.jsonl:3)"
    assert record_name(Item("in.jsonl", 3, {"id": ""}), "id") == "in.jsonl:3"
    assert record_name(Item("in.jsonl", 3, {"id": {"x": 1}}), "id") == "in.jsonl:3"
    assert record_name(Item("in.jsonl", 3, {"id": "a\nb"}), "id") == "a b (in.jsonl:3)"
    assert record_name(Item("a.txt", 1, {"text": "x"}), "id", whole_file=True) == "a.txt"


def test_records_on_stdin_are_records_for_stats_and_report(tmp_path: Path) -> None:
    records = [{"id": "art-1", "text": PROMO}, {"id": "art-2", "text": PROMO}]
    data = "".join(json.dumps(r) + "\n" for r in records).encode()

    def call(argv: list[str]) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
        return main(argv, stdin=stdin, stdout=out, stderr=err), out.getvalue(), err.getvalue()

    status, out, err = call(["stats", "-"])
    assert status == 0, err
    assert "2 records sampled" in out
    assert "example art-1 (-:1)" in out
    html = tmp_path / "report.html"
    status, _, err = call(["report", "-", "-o", str(html)])
    assert status == 0, err
    assert "art-2" in html.read_text(encoding="utf-8")
