"""`newsclean learn` and `newsclean dedupe` on the command line (single process)."""

from __future__ import annotations

import io
import json
import tomllib
from pathlib import Path
from typing import Any

import pytest

import newsclean
from newsclean.cli import main

from .synth_corpus import boilerplate_corpus, duplicates_corpus

pytest.importorskip("numpy")


def _jsonl(path: Path, records: list[Any], extra: str = "") -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records) + extra, encoding="utf-8")
    return path


def _run(argv: list[str], stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    stdin_io = io.TextIOWrapper(io.BytesIO(stdin.encode()), encoding="utf-8")
    code = main(argv, stdin=stdin_io, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_learn_writes_a_pack_that_clean_loads(tmp_path: Path) -> None:
    records, planted, _ = boilerplate_corpus(articles_per_site=40)
    src = _jsonl(tmp_path / "in.jsonl", records)
    pack = tmp_path / "site.toml"
    code, out, err = _run(["learn", str(src), "-o", str(pack), "--name", "site"])
    assert code == 0
    assert out == ""
    assert "learned rule(s) from 6 site(s)" in err
    assert "topic lift" in err
    assert tomllib.loads(pack.read_text())["pack"]["name"] == "site"
    _site, line = sorted(planted)[0]
    code, out, _ = _run(["clean", "-", "--packs", str(pack)], stdin=f"Body text here.\n\n{line}\n")
    assert code == 0
    assert out.strip() == "Body text here." or line.startswith("©")  # © lines: built-in rule


def test_learn_reads_stdin_and_writes_stdout(tmp_path: Path) -> None:
    records, _, _ = boilerplate_corpus(articles_per_site=30)
    data = "".join(json.dumps(r) + "\n" for r in records)
    code, out, err = _run(["learn", "-", "--quiet"], stdin=data)
    assert code == 0
    assert err == ""
    assert tomllib.loads(out)["rule"]


def test_learn_rejects_bad_options_and_text_inputs(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text("plain text", encoding="utf-8")
    code, _, err = _run(["learn", str(src)])
    assert code == 2
    assert "learn and dedupe read records" in err
    code, _, err = _run(["learn", str(_jsonl(tmp_path / "b.jsonl", [])), "--min-share", "2"])
    assert code == 2
    assert "min_share" in err


def test_dedupe_marks_every_record_and_loses_none(tmp_path: Path) -> None:
    records, story_of = duplicates_corpus(stories=60)
    broken = '{"id": "bad", "text": \n'
    src = _jsonl(tmp_path / "in.jsonl", [*records, {"id": "empty"}], extra=broken)
    out = tmp_path / "out.jsonl"
    code, _, err = _run(["dedupe", str(src), "-o", str(out)])
    assert code == 0
    written = [json.loads(x) for x in out.read_text().splitlines()]
    assert len(written) == len(records) + 1  # the malformed line is warned of, not written
    assert "malformed JSON" in err
    assert "clusters" in err
    by_id = {r["id"]: r for r in written}
    assert by_id["empty"]["dup_reason"].startswith("not compared")
    for r in records:  # texts are written as they came in
        assert by_id[r["id"]]["text"] == r["text"]
    for r in written[:-1]:
        if not r["dup_keep"]:
            kept = by_id[r["dup_cluster"]]
            assert kept["dup_keep"]
            assert story_of[kept["id"]] == story_of[r["id"]]


def test_dedupe_drop_keeps_every_story_and_few_copies(tmp_path: Path) -> None:
    records, story_of = duplicates_corpus(stories=60)
    src = _jsonl(tmp_path / "in.jsonl", records)
    code, out, _ = _run(["dedupe", str(src), "--drop", "--quiet", "--policy", "earliest"])
    assert code == 0
    kept = [json.loads(x) for x in out.splitlines()]
    stories = [story_of[r["id"]] for r in kept]
    assert set(stories) == set(story_of.values())  # no story lost
    # copies left: edited versions below the threshold (see benchmarks/corpus.py)
    assert len(stories) <= 1.1 * len(set(stories)) < len(records)


def test_dedupe_gives_positions_as_ids_when_records_have_none(tmp_path: Path) -> None:
    text = "The council voted to close the bridge for repairs on Tuesday night."
    src = _jsonl(tmp_path / "in.jsonl", [{"text": text}, {"text": text + "\nAdvertisement"}])
    code, out, _ = _run(["dedupe", str(src), "--quiet"])
    assert code == 0
    rows = [json.loads(x) for x in out.splitlines()]
    assert rows[1]["dup_cluster"] == f"{src}:1"
    assert rows[1]["dup_keep"] is False


def test_dedupe_duplicate_ids_are_an_error(tmp_path: Path) -> None:
    src = _jsonl(tmp_path / "in.jsonl", [{"id": 1, "text": "a b"}, {"id": 1, "text": "c d"}])
    code, _, err = _run(["dedupe", str(src), "-o", str(tmp_path / "o.jsonl")])
    assert code == 2
    assert "not unique" in err
    assert not (tmp_path / "o.jsonl").exists()


def test_clean_output_unchanged_by_learned_pack_on_reporting() -> None:
    # the learned family is a family like the others: it can be switched off by name
    pack = (
        '[pack]\nname = "l"\nversion = "1"\ndescription = "d"\n[[rule]]\nid = "l.a"\n'
        "family = \"boilerplate\"\nregex = true\npattern = '\\W*planet\\W+briefing\\W*'\n"
        'description = "d"\nexamples = ["Planet briefing"]\n'
    )
    text = "A report.\nPlanet Briefing"
    assert newsclean.clean(text, packs=[pack]) == "A report."
    assert newsclean.clean(text, packs=[pack], disabled_rules=["boilerplate"]) == text
