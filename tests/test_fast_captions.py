"""The caption collapser's gate (``caption_gate.FAST_GATE``) against its slow oracle: the
plain path on every line. Same text, same changes, on the real and scraped corpora, on
generated near-copies and under Hypothesis; and the gate's bound itself: no pair of keys
scoring at or above the cutoff is ever ruled out."""

from __future__ import annotations

import gzip
import itertools
import json
import os
import random
import re
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

import newsclean
from newsclean import CollapseRepeatedCaptions, Doc
from newsclean.filters import caption_gate, caption_text
from newsclean.filters.caption_text import analyse, split_credit

from .conftest import SHARED, load_corpus

SCRAPED = SHARED / "corpus" / "scraped_news.jsonl.gz"
SETTINGS = settings(
    max_examples=int(os.environ.get("NEWSCLEAN_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
STEPS = [
    CollapseRepeatedCaptions(),
    CollapseRepeatedCaptions(score_cutoff=80.0, min_length=30),
    CollapseRepeatedCaptions(score_cutoff=97.0, keep="first"),
    CollapseRepeatedCaptions(keep="longest", captions="drop"),
    CollapseRepeatedCaptions(captions="keep", score_cutoff=70.0),
    CollapseRepeatedCaptions(scorer="token_sort_ratio"),
]


@pytest.fixture
def gate_on() -> Iterator[None]:
    saved = caption_gate.FAST_GATE
    yield
    caption_gate.FAST_GATE = saved


def both_ways(step: CollapseRepeatedCaptions, text: str) -> tuple[object, object]:
    """The step's lines and changes with the gate, then without it."""
    out = []
    for flag in (True, False):
        caption_gate.FAST_GATE = flag
        doc = step(Doc.from_text(text))
        out.append((doc.lines, doc.changes))
    caption_gate.FAST_GATE = True
    return out[0], out[1]


def explained(text: str, flag: bool) -> tuple[str, list[dict[str, object]]]:
    caption_gate.FAST_GATE = flag
    try:
        result = newsclean.clean_and_explain(text)
    finally:
        caption_gate.FAST_GATE = True
    return result.text, [c.to_dict() for c in result.changes]


# -- generated text -------------------------------------------------------------------
WORDS = [
    "the",
    "a",
    "of",
    "to",
    "in",
    "and",
    "on",
    "for",
    "with",
    "at",
    "by",
    "from",
    "that",
    "officials",
    "people",
    "city",
    "said",
    "told",
    "week",
    "year",
    "report",
    "summit",
    "coast",
    "storm",
    "river",
    "bridge",
    "market",
    "vote",
    "council",
]
NAMES = ("José Müller", "Zoë Brontë", "Jens Stoltenberg", "Ana Peña", "Łukasz Nowak")
CREDITS = ("", " (AP Photo/Evan Vucci)", " (Reuters)", " REUTERS/Jane Doe", " | Getty Images")


def sentence(rng: random.Random, words: int) -> str:
    picked = [rng.choice(WORDS) for _ in range(words)]
    picked[rng.randrange(words)] = rng.choice(NAMES)
    text = " ".join(picked)
    return text[0].upper() + text[1:] + "."


def edited(rng: random.Random, text: str, edits: int) -> str:
    """``text`` with ``edits`` single-character edits anywhere (spaces and punctuation
    too): deletions, insertions, substitutions, a changed case."""
    for _ in range(edits):
        if not text:
            break
        pos = rng.randrange(len(text))
        op = rng.randrange(4)
        ch = rng.choice("aeiouxz ,.-’é")
        if op == 0:
            text = text[:pos] + text[pos + 1 :]
        elif op == 1:
            text = text[:pos] + ch + text[pos:]
        elif op == 2:
            text = text[:pos] + ch + text[pos + 1 :]
        else:
            text = text[:pos] + text[pos].swapcase() + text[pos + 1 :]
    return text


def near_copy_article(rng: random.Random) -> str:
    """Paragraphs, and captions repeated with and without a credit, cut short with an
    ellipsis or "Read more", behind a caption label, or with a few edits."""
    lines: list[str] = []
    captions = [sentence(rng, rng.randint(8, 30)) for _ in range(rng.randint(1, 3))]
    for _ in range(rng.randint(3, 20)):
        roll = rng.random()
        if roll < 0.45:
            lines.append(" ".join(sentence(rng, rng.randint(6, 40)) for _ in range(3)))
        elif roll < 0.9:
            caption = rng.choice(captions)
            style = rng.randrange(6)
            if style == 1:
                caption = edited(rng, caption, rng.randint(1, max(1, len(caption) // 12)))
            elif style == 2:
                caption = caption[: rng.randint(20, len(caption))] + rng.choice(
                    ["...", "…", " Read More", " ... Close"]
                )
            elif style == 3:
                caption = "Image caption " + caption
            elif style == 4:
                caption = caption.upper()
            lines.append(caption + rng.choice(CREDITS))
        else:
            lines.append(rng.choice(["", "Advertisement", "— Jane (@jane) May 1, 2020"]))
    return "\n".join(lines)


def test_generated_near_copies_give_the_same_text_and_changes(gate_on: None) -> None:
    rng = random.Random(18)
    changed = gated = 0
    for n in range(400):
        text = near_copy_article(rng)
        step = STEPS[n % len(STEPS)]
        fast, slow = both_ways(step, text)
        assert fast == slow, text
        changed += bool(slow[1])  # type: ignore[index]
        only = caption_gate.gate(
            Doc.from_text(text).lines,
            score_cutoff=step.score_cutoff,
            scorer=step.scorer,
            short_min=20,
            exhaustive_up_to=64,
            notes=caption_gate.GateNotes(),
        )
        gated += only is not None
    # the corpus exercises the collapser, and the gate (not only its fallback)
    assert changed > 150
    assert gated > 100


@SETTINGS
@given(
    st.lists(
        st.sampled_from(
            [
                "The storm hit the coast of Córdoba on Friday night, officials said.",
                "The storm hit the coast of Cordoba on Friday night, officials said.",
                "The storm hit the coast on Friday night, officials said (AP Photo/X Y)",
                "The storm hit the coast of Córdoba on Friday night, officials said …",
                "the storm hit the coast of córdoba on friday night officials said",
                "Thestorm hitthe coastof Córdoba onFriday night, officials said.",
                "Image caption: A man walks past the flooded river bank in the city.",
                "A man walks past the flooded river bank in the city. (Reuters)",
                "A man walks past the flooded river bank in the town. (Reuters)",
                "Officials said the vote on the new bridge would come next week.",
                "",
            ]
        ),
        max_size=12,
    ),
    st.lists(st.integers(0, 10**6), max_size=12),
    st.sampled_from([70.0, 85.0, 90.0, 95.0]),
)
def test_hypothesis_documents_agree(lines: list[str], seeds: list[int], cutoff: float) -> None:
    lines = [
        edited(random.Random(seed), line, seed % 4)
        for line, seed in zip(lines, seeds + [0] * 12, strict=False)
    ]
    step = CollapseRepeatedCaptions(score_cutoff=cutoff, min_length=30)
    fast, slow = both_ways(step, "\n".join(lines))
    assert fast == slow


# -- the bound itself --------------------------------------------------------------------
def apply_edits(text: str, edits: list[tuple[int, int, str]]) -> str:
    """Apply (position, 0 delete / 1 insert / 2 replace, character) edits in turn."""
    for pos, op, ch in edits:
        pos = min(pos, len(text))
        if op == 0:
            text = text[:pos] + text[pos + 1 :]
        elif op == 1:
            text = text[:pos] + ch + text[pos:]
        else:
            text = text[:pos] + ch + text[pos + 1 :]
    return text


@SETTINGS
@given(
    st.text(alphabet="abc de’.\u00e9\u0130", min_size=20, max_size=60),
    st.lists(
        st.tuples(st.integers(0, 59), st.integers(0, 3), st.sampled_from("ab .é")), max_size=8
    ),
    st.sampled_from([60.0, 75.0, 90.0, 97.0]),
)
def test_no_pair_at_or_above_the_cutoff_is_ruled_out(
    text: str, edits: list[tuple[int, int, str]], cutoff: float
) -> None:
    # a small alphabet and edits anywhere (spaces included) make tight cases: many
    # shared bigrams, words merged and split, case folding that lengthens a text
    other = apply_edits(text, edits)
    texts = [text.casefold(), other.casefold()]
    keys = [" ".join(re.findall(r"[^\W_]+", t)) for t in texts]
    flagged = caption_gate.may_pair(texts, cutoff, 1)
    if all(keys) and fuzz.ratio(keys[0], keys[1], score_cutoff=cutoff):
        assert flagged == [True, True]


@SETTINGS
@given(
    st.text(alphabet="abc de’.", min_size=20, max_size=60),
    st.text(alphabet="abc de.", max_size=30),
    st.lists(st.tuples(st.integers(0, 59), st.integers(0, 2), st.sampled_from("ab .")), max_size=6),
    st.sampled_from(["...", "…", " Read More"]),
    st.sampled_from([60.0, 75.0, 90.0, 97.0]),
)
def test_no_cut_copy_at_or_above_the_cutoff_is_ruled_out(
    text: str, more: str, edits: list[tuple[int, int, str]], marker: str, cutoff: float
) -> None:
    # a copy cut short, compared word by word with a longer (edited) line, either way
    whole = apply_edits(text + " " + more, edits)
    lines = [text + marker, whole]
    cut, full = analyse(lines[0]), analyse(lines[1])
    if not cut.truncated or full.truncated or not cut.folded or not full.folded:
        return
    n = min(len(cut.folded), len(full.folded))
    keys = [" ".join(cut.folded[:n]), " ".join(full.folded[:n])]
    preps = [caption_gate.prepare(line) for line in lines]
    assert preps[0] is not None
    assert preps[1] is not None
    texts = [preps[0][0], preps[1][0]]
    flagged = caption_gate.may_pair(texts, cutoff, 1, [preps[0][1], preps[1][1]])
    if fuzz.ratio(keys[0], keys[1], score_cutoff=cutoff):
        assert flagged == [True, True]


def test_the_bound_rules_out_most_unrelated_lines() -> None:
    # the gate is only worth having if it is selective: unrelated sentences of the same
    # length fail it, a credited copy passes
    rng = random.Random(5)
    texts = [sentence(rng, 25).casefold() for _ in range(30)]
    assert sum(caption_gate.may_pair(texts, 90.0, 20)) <= 3
    assert caption_gate.may_pair([texts[0], texts[0] + "!", texts[1]], 90.0, 20) == [
        True,
        True,
        False,
    ]


def test_the_alnum_table_is_the_key_word_class() -> None:
    everything = "".join(map(chr, range(0x110000))).encode("utf-32-le", "surrogatepass")
    import numpy as np

    codes = np.frombuffer(everything, np.uint32)
    table = caption_gate.char_classes(codes) != 0
    words = re.compile(r"[^\W_]")
    wanted = np.fromiter((bool(words.match(chr(c))) for c in range(0x110000)), bool)
    assert (table == wanted).all()


def test_prepare_gives_the_text_of_the_analysed_key() -> None:
    word = re.compile(r"[^\W_]+")
    for line in [
        "Image caption Stoltenberg took questions Friday. (NATO)",
        "Traders work on the floor. REUTERS/Brendan McDermid",
        "Captioned: The storm hit the coast rabbitCredit: EPA",
        "İstanbul’s mayor spoke — “We will rebuild,” he said.",
        "Short cut…",
        "A long enough line that was cut short by the site's widget … Read More",
    ]:
        prep = caption_gate.prepare(line)
        assert prep is not None
        assert " ".join(word.findall(prep[0])) == analyse(line).key
        assert prep[1] == analyse(line).truncated


# -- the credit patterns' character test (caption_text.FAST_CREDIT) ---------------------
def split_both_ways(text: str) -> tuple[tuple[str, str], tuple[str, str]]:
    caption_text.FAST_CREDIT = False
    try:
        slow = split_credit(text)
    finally:
        caption_text.FAST_CREDIT = True
    return split_credit(text), slow


CREDITISH = st.text(alphabet='aZ. (|):/-–\u00a0’"APREUTS0123', max_size=40)


@SETTINGS
@given(st.sampled_from(["", "A caption about the summit.", "Traders work. "]), CREDITISH)
def test_credit_split_is_the_same_with_the_character_test(head: str, tail: str) -> None:
    fast, slow = split_both_ways(head + tail)
    assert fast == slow


def test_credit_split_is_the_same_on_real_lines() -> None:
    lines = [line for r in load_corpus() for line in r["text"].split("\n")]
    lines += [line for t in scraped_texts(300) for line in t.split("\n")]
    credited = 0
    for line in lines:
        fast, slow = split_both_ways(line)
        assert fast == slow
        credited += bool(slow[1])
    assert credited > 50


# -- real text -----------------------------------------------------------------------------
def scraped_texts(limit: int) -> list[str]:
    if not SCRAPED.is_file():
        pytest.skip(f"scraped corpus not found at {SCRAPED}")
    with gzip.open(SCRAPED, "rt", encoding="utf-8") as fh:
        return [json.loads(line)["text"] for line in itertools.islice(fh, limit)]


def test_real_corpus_same_text_and_changes(gate_on: None) -> None:
    records: list[dict[str, Any]] = load_corpus()
    for record in records:
        assert explained(record["text"], True) == explained(record["text"], False)
        for step in STEPS:
            fast, slow = both_ways(step, record["text"])
            assert fast == slow


def test_scraped_corpus_same_text_and_changes(gate_on: None) -> None:
    texts = scraped_texts(int(os.environ.get("NEWSCLEAN_SCRAPED", "400")))
    assert len(texts) >= 300
    for n, text in enumerate(texts):
        assert explained(text, True) == explained(text, False)
        step = STEPS[n % len(STEPS)]
        fast, slow = both_ways(step, text)
        assert fast == slow
