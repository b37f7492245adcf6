"""Near-duplicates compared by body: furniture cut, containment for trimmed and short
copies, traps (same-event stories, templated briefs) never joined, the numpy finish
against a plain reference, and the command line's errors."""

from __future__ import annotations

import io
import json
import random
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from newsclean import corpus
from newsclean.cli import main
from newsclean.corpus import dedupe as dd
from newsclean.corpus import sketchtable as st
from newsclean.corpus.bodytext import body_text

from .synth_dupes import Truth, brief, news_corpus, score

pytest.importorskip("numpy")


@pytest.fixture(scope="module")
def news() -> tuple[list[dict[str, Any]], Truth]:
    # a seed the defaults were not chosen on (they were chosen on seeds 1-3)
    return news_corpus(seed=101, stories=300, briefs=250)


@pytest.fixture(scope="module")
def found(news: Any) -> corpus.Duplicates:
    return corpus.find_duplicates(news[0])


def test_copies_of_every_kind_are_found_and_no_trap_is_joined(
    news: Any, found: corpus.Duplicates
) -> None:
    got = score(found.clusters, news[1])
    assert got.same_event_joins == 0
    assert got.template_joins == 0
    assert got.precision == 1.0
    assert got.f1 >= 0.95
    for kind, (linked, copies) in got.by_kind.items():
        assert copies >= 10, kind
        assert linked / copies >= 0.85, kind  # the whole-page MinHash found ~0 trimmed/short


def test_the_furniture_is_cut_and_the_story_kept() -> None:
    story = [
        "The council voted on Tuesday to close the old bridge for repairs until spring.",
        "Engineers found cracks in two of the piers last month, the mayor told reporters.",
    ]
    page = "\n\n".join(
        [
            "Council Closes Old Bridge For Repairs",
            "By Jane Roe, Associated Press",
            "Published 3:14 p.m. Feb. 6, 2026",
            f"SPRINGFIELD (AP) — {story[0]}",
            "The old bridge is seen from the river bank on Monday (AP Photo/John Doe)",
            story[1],
            "Sign up for the Springfield Daily newsletter to get our top stories every morning.",
            "Related: Mayor names new roads chief",
        ]
    )
    assert body_text(page).splitlines() == story
    assert body_text("") == ""


def test_a_trimmed_copy_joins_and_a_same_event_story_does_not() -> None:
    rng = random.Random(3)
    words = [f"w{i}" for i in range(3000)]

    def para() -> str:
        return " ".join(rng.choice(words) for _ in range(45)) + "."

    release = [para() for _ in range(12)]  # a press release both outlets reprint
    story = [para() for _ in range(9)] + release
    # the same event by another outlet: its own lede, then the whole release (over 90 %
    # of its body is in the long story, but it does not begin as a part of it)
    other = [para(), *release]
    records = [
        {"id": "long", "text": "\n\n".join(story)},
        {"id": "trim", "text": "Bridge Story\n\nBy A Writer\n\n" + "\n\n".join(story[:3])},
        {"id": "middle", "text": "\n\n".join(story[4:8])},
        {"id": "event", "text": "\n\n".join(other)},
    ]
    got = corpus.find_duplicates(records)
    assert got.clusters == {"long": ("long", "middle", "trim")}
    assert "of trim's body" in got.decision("trim").reason
    assert corpus.find_duplicates(records, containment=None).clusters == {}


def test_templated_briefs_join_only_as_exact_copies() -> None:
    rng = random.Random(5)
    for kind in ("weather", "markets", "police", "lottery"):
        records = [{"id": str(i), "text": brief(rng, kind)} for i in range(30)]
        records.append({"id": "copy", "text": records[0]["text"]})
        got = corpus.find_duplicates(records)
        assert got.clusters == {"0": ("0", "copy")}, kind


def test_results_do_not_depend_on_order_or_on_how_tables_are_merged(news: Any) -> None:
    records, _ = news
    records = records[:600]
    once = corpus.find_duplicates(records)
    shuffled = list(records)
    random.Random(1).shuffle(shuffled)
    sketcher = dd.Sketcher.from_keywords()
    parts = [sketcher.table(shuffled[i : i + 97]) for i in range(0, len(shuffled), 97)]
    merged = st.SketchTable()
    for part in reversed(parts):
        merged.extend(part)
    assert dd.finish(merged, sketcher.options) == once


def test_the_numpy_finish_matches_a_plain_reference(news: Any) -> None:
    records, _ = news
    records = records[:500]
    opts = dd.DedupeOptions()
    sketcher = dd.Sketcher.from_keywords()
    sketches = [sketcher((i, r))[0] for i, r in enumerate(records)]
    table = sketcher.table(records)
    order = st.order_of(table)
    groups = st.exact_groups(table, order)
    by_hash: dict[int, list[str]] = defaultdict(list)
    for s in sketches:
        by_hash[s.exact].append(s.id)
    assert groups == sorted(sorted(g) for g in by_hash.values() if len(g) > 1)
    aside = corpus.representatives(groups)
    # plain reference: each eligible sketch's keys = its 24 smallest hashes (none is
    # common in so few articles); a pair is proposed in the bucket of the smallest key
    # its two articles share
    buckets: dict[int, list[str]] = defaultdict(list)
    keys: dict[str, set[int]] = {}
    for s in sketches:
        if s.id in aside or s.count < opts.min_shingles:
            continue
        keys[s.id] = {int(v) for v in memoryview(s.sample).cast("I")[: opts.keys]}
        for v in keys[s.id]:
            buckets[v].append(s.id)
    pairs = {
        (a, b)
        for key, ids in buckets.items()
        for a, b in corpus.candidate_pairs(ids, 16)
        if min(keys[a] & keys[b]) == key
    }
    meta = {s.id: s for s in sketches}
    expected = {
        (a, b)
        for a, b in pairs
        if corpus.verify(meta[a], meta[b], opts.threshold, opts.containment) is not None
    }
    eligible = [table.count[i] >= opts.min_shingles and table.ids[i] not in aside for i in order]
    chunks = list(st.candidates(table, order, np.array(eligible), opts.keys, 16, 1000))
    got = np.concatenate(chunks)
    assert len(np.unique(got)) == len(got)  # each pair proposed once
    ids = [table.ids[i] for i in order]
    assert {(ids[p >> 32], ids[p & 0xFFFFFFFF]) for p in got.tolist()} == pairs
    edges = st.verified(table, order, chunks, opts.threshold, opts.containment)
    assert {(e.a, e.b) for e in edges} == expected
    assert expected  # the corpus has near-duplicates to find


def _run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_dedupe_with_a_wrong_field_fails_at_once_naming_the_fields(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": 1, "outlet": "X", "text": "t"}) + "\n", encoding="utf-8")
    code, out, err = _run(["dedupe", str(src), "--field", "body", "-o", str(tmp_path / "o")])
    assert code == 2
    assert "record has no field 'body'; fields: id, outlet, text" in err
    assert out == ""
    assert not (tmp_path / "o").exists()


def test_dedupe_without_numpy_is_a_one_line_error(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": 1, "text": "A text."}) + "\n", encoding="utf-8")
    script = (
        "import sys\n"
        "from newsclean.cli import main\n"
        "sys.modules['numpy'] = None  # as if the extra were not installed\n"
        f"raise SystemExit(main(['dedupe', {str(src)!r}, '-o', {str(tmp_path / 'o')!r}]))\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1
    assert proc.stderr.startswith("newsclean: error: dedupe: ")
    assert "pip install 'newsclean[dedupe]'" in proc.stderr


def test_dedupe_containment_flag_takes_a_share_or_none(tmp_path: Path) -> None:
    records, truth = news_corpus(seed=7, stories=40, briefs=10)
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    copies = {rid for rid, kind in truth.kind.items() if kind in ("trimmed", "short")}
    assert copies
    dropped = {}
    for value in ("0.9", "none"):
        code, out, _ = _run(["dedupe", str(src), "--quiet", "--containment", value])
        assert code == 0
        rows = [json.loads(x) for x in out.splitlines()]
        dropped[value] = {r["id"] for r in rows if not r["dup_keep"]}
    assert copies <= dropped["0.9"]  # trimmed and short copies found by containment...
    assert not copies & dropped["none"]  # ...and not by Jaccard similarity alone
    code, _, err = _run(["dedupe", str(src), "--containment", "most"])
    assert code == 2
    assert "containment" in err


def test_dedupe_cleans_with_a_learned_pack_given(tmp_path: Path) -> None:
    rng = random.Random(11)
    words = [f"w{i}" for i in range(3000)]
    story = "\n\n".join(" ".join(rng.choice(words) for _ in range(40)) + "." for _ in range(3))
    # another outlet's long furniture line, which only a learned pack knows
    furniture = "Planet Gazette brings you the news of the region every single day of the week."
    records = [
        {"id": "a", "text": story},
        {"id": "b", "text": story + "\n\n" + furniture},
    ]
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    pack = tmp_path / "learned.toml"
    pack.write_text(
        '[pack]\nname = "learned"\nversion = "1"\ndescription = "d"\n[[rule]]\n'
        'id = "learned.planet"\nfamily = "boilerplate"\nregex = true\n'
        "max_words = 30\npattern = '" + "\\W+".join(furniture[:-1].casefold().split()) + "\\W*'\n"
        'description = "d"\nexamples = ["' + furniture + '"]\n',
        encoding="utf-8",
    )
    args = ["dedupe", str(src), "--quiet", "--containment", "none", "--threshold", "0.99"]
    code, out, _ = _run(args)
    assert code == 0
    assert all(json.loads(x)["dup_keep"] for x in out.splitlines())
    code, out, _ = _run([*args, "--packs", str(pack)])
    assert code == 0
    rows = {json.loads(x)["id"]: json.loads(x) for x in out.splitlines()}
    assert rows["b"]["dup_reason"] == "exact duplicate (after cleaning) of a"
