"""The caption gate's lean path (``caption_quick.FAST_QUICK``) and the bucket-key memo
(``caption_blocks.FAST_BLOCKS``) against the slow oracle, the plain path on every line
(``caption_gate.FAST_GATE`` off): the same text and the same changes on the real and
scraped corpora, on generated documents short and long (past the 64 lines compared
exhaustively, where the collapser blocks) and under Hypothesis. Beside that, the lean
gate's own claims: its preparation gives the key's text, its character table is the
folded text's, and no pair scoring at the cutoff is ever ruled out."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from rapidfuzz import fuzz

import newsclean
from newsclean import CollapseRepeatedCaptions, Doc
from newsclean.filters import caption_blocks, caption_gate, caption_quick, caption_score
from newsclean.filters.caption_text import analyse
from newsclean.filters.captions import eligible, fuzzy_eligible, match_score

from .conftest import load_corpus
from .test_fast_captions import (
    CREDITS,
    SETTINGS,
    STEPS,
    apply_edits,
    edited,
    near_copy_article,
    scraped_texts,
    sentence,
)

SWITCHES = (
    (caption_gate, "FAST_GATE"),
    (caption_quick, "FAST_QUICK"),
    (caption_blocks, "FAST_BLOCKS"),
    (caption_score, "FAST_SCORE"),
)
KEY_WORD = re.compile(r"[^\W_]+")


@pytest.fixture(autouse=True)
def switches_back() -> Iterator[None]:
    saved = [getattr(module, name) for module, name in SWITCHES]
    yield
    for (module, name), value in zip(SWITCHES, saved, strict=True):
        setattr(module, name, value)


def _set(fast: bool, gate: bool = True, score: bool | None = None) -> None:
    caption_gate.FAST_GATE = gate
    caption_quick.FAST_QUICK = fast
    caption_blocks.FAST_BLOCKS = fast
    caption_score.FAST_SCORE = fast if score is None else score


def runs(step: CollapseRepeatedCaptions, text: str) -> list[object]:
    """The step's lines and changes: lean path; lean path with the bigram test instead
    of scoring; the gate without the lean path; the plain path."""
    out: list[object] = []
    for fast, gate, score in ((True, True, True), (True, True, False), (False, True, False)):
        _set(fast, gate, score)
        doc = step(Doc.from_text(text))
        out.append((doc.lines, doc.changes))
    _set(False, False)
    doc = step(Doc.from_text(text))
    out.append((doc.lines, doc.changes))
    _set(True)
    return out


def explained(text: str) -> list[object]:
    out: list[object] = []
    for fast, gate in ((True, True), (False, False)):
        _set(fast, gate)
        result = newsclean.clean_and_explain(text)
        out.append((result.text, [c.to_dict() for c in result.changes]))
    _set(True)
    return out


def agree(step: CollapseRepeatedCaptions, text: str) -> None:
    fast, bigrams, gated, plain = runs(step, text)
    assert fast == plain, text[:200]
    assert bigrams == plain, text[:200]
    assert gated == plain


# -- generated documents ---------------------------------------------------------------
def long_article(rng: random.Random, lines: int) -> str:
    """More lines than are compared exhaustively: unrelated paragraphs and short lines,
    with near-copy articles (captions repeated, edited, cut short) spread through."""
    out: list[str] = []
    while len(out) < lines:
        roll = rng.random()
        if roll < 0.55:
            out.append(" ".join(sentence(rng, rng.randint(6, 30)) for _ in range(2)))
        elif roll < 0.75:
            out.extend(near_copy_article(rng).split("\n"))
        elif roll < 0.9:
            out.append(sentence(rng, rng.randint(3, 8)) + rng.choice(CREDITS))
        else:
            out.append(rng.choice(["Share this article", "Advertisement", ""]))
    return "\n".join(out)


def test_generated_documents_give_the_plain_paths_text_and_changes() -> None:
    rng = random.Random(1818)
    lonely = 0
    for n in range(300):
        text = near_copy_article(rng) if n % 3 else long_article(rng, rng.randint(70, 260))
        step = STEPS[n % len(STEPS)]
        agree(step, text)
        if n % 3 == 0:
            found = caption_quick.lonely(
                Doc.from_text(text).lines,
                score_cutoff=step.score_cutoff,
                scorer=step.scorer,
                short_min=20,
                exhaustive_up_to=64,
                notes=caption_gate.GateNotes(),
                fuzzy_lengths=(step.min_length, 5000),
            )
            lonely += found is not None and bool(found[1])
    assert lonely > 10  # long documents take the lonely-line path (one cut short: a fallback)


def test_a_long_document_with_planted_far_copies_collapses_alike() -> None:
    # copies 100 lines apart, with many unrelated lines between: bucket evictions matter
    rng = random.Random(7)
    for _ in range(6):
        caption = sentence(rng, 20)
        lines = [" ".join(sentence(rng, 25) for _ in range(2)) for _ in range(240)]
        for at in (5, 110, 230):
            lines[at] = edited(rng, caption, 2) + rng.choice(CREDITS)
        for step in STEPS:
            agree(step, "\n".join(lines))


def filler(rng: random.Random, long_words: list[str]) -> str:
    """A paragraph of three-letter words around ``long_words`` (its longest), each
    paragraph's words made of its own few letters (so no two paragraphs are near)."""
    letters = rng.sample("abcdefghijklmnopqrstuvwxyz", 5)
    words = ["".join(rng.choice(letters) for _ in range(3)) for _ in range(rng.randint(20, 200))]
    words += long_words
    rng.shuffle(words)
    return " ".join(words).capitalize() + "."


def test_copies_found_only_through_word_buckets_collapse_alike() -> None:
    # two copies that share neither their first nor their last 24 characters, only
    # their six longest words; many lonely lines between file the same six words, so
    # the first copy's group falls out of those buckets (or not): as on the plain path
    rng = random.Random(11)
    common = ["extraordinarily", "unquestionably", "circumstances"]
    common += ["spokeswoman", "neighbourhood", "misunderstood"]
    core = "the mp said " + " ".join(common) + " so the city is shut"
    for gap in (5, 40, 140):
        for shared in (common, common[:3]):
            lines = [filler(rng, shared) for _ in range(gap + 90)]
            lines[70] = "Then alpha says " + core + " on monday."
            lines[70 + gap] = "Then beta told " + core + " in march!"
            for step in STEPS[:3]:
                agree(step, "\n".join(lines))


@SETTINGS
@given(
    st.lists(
        st.sampled_from(
            [
                "The storm hit the coast of Córdoba on Friday night, officials said.",
                "The storm hit the coast of Cordoba on Friday night, officials said (AP)",
                "THE STORM HIT THE COAST OF CÓRDOBA ON FRIDAY NIGHT, OFFICIALS SAID.",
                "Image caption: A man walks past the flooded river bank in the city.",
                "A man walks past the flooded river bank in the city. REUTERS/Jane Doe",
                "A man walks past the flooded river bank in the town. | Getty Images",
                "Straße in Köln: die Flut kam über Nacht, sagten die Behörden heute.",
                "Strasse in Köln: die Flut kam über Nacht, sagten die Behörden heute.",
                "Officials said the vote on the new bridge would come next week.",
                "Short line of text, repeated.",
                "— Jane (@jane) May 1, 2020",
                "",
            ]
        ),
        max_size=14,
    ),
    st.lists(st.integers(0, 10**6), max_size=14),
    st.sampled_from([70.0, 85.0, 90.0, 97.0]),
    st.sampled_from([20, 30, 60]),
    st.integers(0, 90),
)
def test_hypothesis_documents_agree(
    lines: list[str], seeds: list[int], cutoff: float, min_length: int, filler: int
) -> None:
    lines = [
        edited(random.Random(seed), line, seed % 4)
        for line, seed in zip(lines, seeds + [0] * 14, strict=False)
    ]
    # unrelated filler lines, sometimes past the 64 compared exhaustively
    rng = random.Random(filler)
    for _ in range(filler):
        lines.insert(rng.randrange(len(lines) + 1), sentence(rng, rng.randint(5, 25)))
    step = CollapseRepeatedCaptions(score_cutoff=cutoff, min_length=min_length)
    agree(step, "\n".join(lines))


# -- real text ---------------------------------------------------------------------------
def test_real_corpus_same_text_and_changes() -> None:
    records: list[dict[str, Any]] = load_corpus()
    for record in records:
        fast, plain = explained(record["text"])
        assert fast == plain
        for step in STEPS:
            agree(step, record["text"])


def test_scraped_corpus_same_text_and_changes() -> None:
    texts = scraped_texts(400)
    assert len(texts) >= 300
    for n, text in enumerate(texts):
        fast, plain = explained(text)
        assert fast == plain
        agree(STEPS[n % len(STEPS)], text)


def test_lean_verdicts_are_a_subset_of_the_gates_on_real_text() -> None:
    texts = [r["text"] for r in load_corpus()] + scraped_texts(300)
    fewer = 0
    for text in texts:
        lines = Doc.from_text(text).lines
        for cutoff in (80.0, 90.0):
            kwargs: dict[str, Any] = {
                "score_cutoff": cutoff,
                "scorer": "ratio",
                "short_min": 20,
                "exhaustive_up_to": 64,
            }
            old = caption_gate.gate(lines, notes=caption_gate.GateNotes(), **kwargs)
            new = caption_quick.gate(
                lines, notes=caption_gate.GateNotes(), fuzzy_lengths=(60, 5000), **kwargs
            )
            assert (old is None) == (new is None)
            cut = any(p and p[1] for p in map(caption_gate.prepare, lines))
            if old is not None and new is not None and not cut:
                assert set(new) <= set(old)
                fewer += len(old) - len(new)
    assert fewer > 0  # the stronger test does rule out more


# -- the lean gate's claims ------------------------------------------------------------
def test_the_raw_table_is_the_folded_texts_classes() -> None:
    codes = np.arange(0x110000, dtype=np.uint32)
    codes = codes[(codes < 0xD800) | (codes >= 0xE000)]
    got = caption_quick.raw_classes(codes)
    for code, cls in zip(codes.tolist(), got.tolist(), strict=True):
        folded = chr(code).casefold()
        if len(folded) == 1:
            assert cls == caption_gate._char_class(ord(folded)), hex(code)
        else:
            assert cls == caption_quick._EXPANDS, hex(code)


def quick_key(text: str) -> str:
    return " ".join(KEY_WORD.findall(text.casefold()))


LINE_PARTS = st.lists(
    st.sampled_from(
        [
            "Image caption ",
            "Photo caption: ",
            "Caption",
            "Media ",
            "I ",
            "The storm hit ",
            "İstanbul ",
            "Straße ",
            "’s ",
            " (AP Photo/Evan Vucci)",
            "(NATO)",
            " REUTERS/Jane Doe",
            " | Getty Images",
            "Credit: EPA",
            " - RTR4JDW4",
            "AP2014",
            "...",
            "…",
            " Read More",
            " close",
            "ẞ",
            ":",
            "/",
            " Photo: Jane Doe",
            "Image : x",
            "Source:  two spaces",
            " at 10:30 ",
            "http://example.com/Page",
            " Jane Doe/AFP",
            "/a",
            "”",
            " ",
            "— ",
            "x" * 30,
        ]
    ),
    max_size=8,
)


@SETTINGS
@given(LINE_PARTS)
def test_prepare_gives_the_text_of_the_analysed_key(parts: list[str]) -> None:
    line = "".join(parts)
    old = caption_gate.prepare(line)
    new = caption_quick.prepare(line)
    assert (old is None) == (new is None)
    if old is not None and new is not None:
        assert new[1] == old[1] == analyse(line).truncated
        assert quick_key(new[0]) == quick_key(old[0]) == analyse(line).key


def test_prepare_gives_the_text_of_the_analysed_key_on_real_lines() -> None:
    lines = [line for r in load_corpus() for line in r["text"].split("\n")]
    lines += [line for t in scraped_texts(300) for line in t.split("\n")]
    for line in lines:
        old = caption_gate.prepare(line)
        new = caption_quick.prepare(line)
        assert (old is None) == (new is None)
        if old is not None and new is not None:
            assert new[1] == old[1]
            assert (new[0] if new[1] else new[0].casefold()) == old[0]


@SETTINGS
@given(
    st.text(alphabet="abC dE’.\u00e9\u00c9\u0130ß", min_size=20, max_size=60),
    st.lists(
        st.tuples(st.integers(0, 59), st.integers(0, 3), st.sampled_from("aB .éÉ")), max_size=8
    ),
    st.sampled_from([60.0, 75.0, 90.0, 97.0]),
    st.booleans(),
)
def test_no_pair_at_or_above_the_cutoff_is_ruled_out(
    text: str, edits: list[tuple[int, int, str]], cutoff: float, upper: bool
) -> None:
    # texts as written (the lean gate folds nothing itself): case, a dotted İ, ß
    other = apply_edits(text, edits)
    if upper:
        other = other.upper()
    keys = [quick_key(text), quick_key(other)]
    flags = caption_quick.may_pair([text, other], cutoff, 1)
    if flags is None:  # a character folding to several: the caller folds first
        flags = caption_quick.may_pair([text.casefold(), other.casefold()], cutoff, 1)
    assert flags is not None
    if all(keys) and fuzz.ratio(keys[0], keys[1], score_cutoff=cutoff):
        assert flags == [True, True]
    # marked as matched on equal keys only: flagged whenever the keys are equal
    exact = caption_quick.may_pair([text, other, text], cutoff, 1, [False, True, True])
    if exact is not None and keys[0]:
        assert exact[0]
        assert exact[2]


def test_the_lean_bound_rules_out_most_unrelated_lines() -> None:
    rng = random.Random(5)
    texts = [sentence(rng, 25) for _ in range(30)]
    lean = caption_quick.may_pair(texts, 90.0, 20)
    assert lean is not None
    assert sum(lean) <= 3
    old = caption_gate.may_pair([t.casefold() for t in texts], 90.0, 20)
    assert all(o or not n for n, o in zip(lean, old, strict=True))  # a subset
    assert caption_quick.may_pair([texts[0], texts[0].upper() + "!", texts[1]], 90.0, 20) == [
        True,
        True,
        False,
    ]


def test_block_key_memo_gives_the_same_keys() -> None:
    memo: dict[tuple[str, bool], list[caption_blocks.BlockKey]] = {}
    for record in load_corpus()[:20]:
        for line in record["text"].split("\n"):
            info = analyse(line)
            for _ in range(2):
                assert caption_blocks.keys_of(info, memo) == caption_blocks.block_keys(info)


CREDIT_PARTS = st.lists(
    st.sampled_from(
        [
            "Photo",
            "Photo credit",
            "Mandatory Credit",
            "Image",
            "Source",
            "Picture",
            "Photograph",
            "credit",
            ":",
            " : ",
            ": ",
            "/",
            "/Reuters",
            "REUTERS/Jane Doe",
            "Jane Doe/AFP/Getty Images",
            " | ",
            "(AP)",
            "AP2014",
            " - RTR4JDW4",
            ". ",
            "”",
            " ",
            "\u00a0",
            "a",
            "Z",
            "x" * 40,
            "y" * 90,
        ]
    ),
    max_size=10,
)


@SETTINGS
@given(CREDIT_PARTS)
@example([" ", "Photo credit", ": ", "a"])
@example([" ", "Mandatory Credit", ":", "a"])
@example(["Image", " : ", "Z"])
@example([". ", "REUTERS/Jane Doe"])
@example([". ", "Jane Doe/AFP/Getty Images"])
@example([" | ", "a"])
@example(["(AP)"])
@example(["AP2014"])
@example([" - RTR4JDW4"])
def test_the_credit_precheck_lets_every_credit_through(parts: list[str]) -> None:
    line = "The storm hit the coast" + "".join(parts)
    old = caption_gate.prepare(line)
    new = caption_quick.prepare(line)
    assert old is not None
    assert new is not None
    assert (new[0] if new[1] else new[0].casefold()) == old[0]


@SETTINGS
@given(
    st.integers(0, 10**6),
    st.integers(3, 60),
    st.integers(0, 4),
    st.sampled_from(["...", "…", " Read More"]),
    st.sampled_from([60.0, 80.0, 90.0, 97.0]),
)
def test_no_cut_copy_at_or_above_the_cutoff_is_ruled_out(
    seed: int, words: int, edits: int, marker: str, cutoff: float
) -> None:
    # a caption cut short after some words, beside the whole (edited, longer) paragraph
    rng = random.Random(seed)
    whole = " ".join(sentence(rng, rng.randint(5, 30)) for _ in range(rng.randint(1, 6)))
    cut = edited(rng, " ".join(whole.split()[:words]), edits) + marker
    lines = [cut, whole, sentence(rng, 12)]
    infos = [analyse(line) for line in lines]
    preps = [caption_quick.prepare(line) for line in lines]
    if not infos[0].truncated or any(p is None for p in preps):
        return
    texts = [p[0] for p in preps if p is not None]
    flags = caption_score.cut_flags(texts, [p[1] for p in preps if p is not None], cutoff)
    assert flags is not None
    if infos[0].key and infos[1].key and match_score(infos[0], infos[1], cutoff):
        assert flags[0]
        assert flags[1]


def test_lonely_lines_are_sorted_as_find_groups_would_treat_them() -> None:
    # skipped: never compared on similarity; filed or counted: compared on similarity
    # (their number decides when blocking starts, so a wrong sort changes the output)
    rng = random.Random(64)
    sorted_lines = 0
    for n in range(40):
        text = long_article(rng, rng.randint(70, 200))
        lines = Doc.from_text(text).lines
        min_length = (20, 30, 60)[n % 3]
        found = caption_quick.lonely(
            lines,
            score_cutoff=90.0,
            scorer="ratio",
            short_min=20,
            exhaustive_up_to=64,
            notes=caption_gate.GateNotes(),
            fuzzy_lengths=(min_length, 5000),
        )
        if found is None or not (found[1] or found[2]):
            continue
        skip, filed, counted = found
        for k in skip | filed | counted:
            info = analyse(lines[k])
            compared = eligible(lines[k], info) and fuzzy_eligible(info, min_length)
            assert compared == (k not in skip), lines[k]
            sorted_lines += 1
    assert sorted_lines > 1000
