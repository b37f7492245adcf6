"""The promo step's selective rule gate against its slow oracle (issue #18).

The gate (``rules/literal_gate.py``, used by ``RuleMatcher.survey``) derives for every
rule several required literals, multi-word where the pattern allows, and proves in one
pass over a long line that no rule can match it, or no promo-sentence rule a sentence at
its start or end; ``promo.FAST_RULE_GATE = False`` tries the rules as before. The output
(text and every change) must be the same: on the real corpus, on 2,000 articles of the
scraped corpus, on generated articles and under Hypothesis, with and without the model.
"""

from __future__ import annotations

import gzip
import itertools
import json
import os
import random
import re
import sys
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import newsclean
from newsclean.filters import promo
from newsclean.rules import SENTENCE_FAMILIES, literal_gate, match_key
from newsclean.rules.base import _TRAILING_CHARS
from newsclean.rules.literal_gate import CONFUSABLE, gate_key, required_clauses, shape
from newsclean.rules.loader import compiled_rules
from newsclean.rules.matcher import _GLUED_LABEL, _LABEL_MARGIN, RuleMatcher

from .conftest import SHARED, load_corpus
from .synth_corpus import COMMON, JUNK, make_event, sentence
from .test_fast_paths import explained

SETTINGS = settings(
    max_examples=int(os.environ.get("NEWSCLEAN_EXAMPLES", "200")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
SCRAPED = SHARED / "corpus" / "scraped_news.jsonl.gz"
SCRAPED_ARTICLES = int(os.environ.get("NEWSCLEAN_SCRAPED_ARTICLES", "2000"))


def matcher() -> RuleMatcher:
    return compiled_rules(promo.DropPromoLines().pack_refs(None), frozenset())


def rule_examples(families: frozenset[str] | None = None) -> list[str]:
    """Every example and counter-example line of the built-in packs (of ``families``)."""
    m = matcher()
    return sorted(
        {
            e
            for _, r in m.ordered
            if families is None or r.family in families
            for e in (*r.examples, *r.counter_examples)
        }
    )


# -- generated articles -----------------------------------------------------------------
# One-word literals of the packs' rules that reporting uses all the time: before the gate
# they sent most paragraphs to full judging.
COMMON_LITERALS = ["more", "get", "like", "read", "follow", "find", "news", "latest", "live"]
SPACES = [" ", "  ", "\u00a0", "\t", " \u2009"]
LABELS = ["NEW", "ADVERTISEMENT", "EXCLUSIVE", "UPDATED", "WATCH"]


def _paragraph(rng: random.Random, event: Any, examples: list[str]) -> str:
    parts = [sentence(rng, event) for _ in range(rng.randint(1, 3))]
    for _ in range(rng.randint(0, 3)):
        words = parts[-1].split(" ")
        words.insert(rng.randrange(len(words)), rng.choice(COMMON_LITERALS))
        parts[-1] = " ".join(words)
    roll = rng.random()
    if roll < 0.25:  # a promo sentence fused on the paragraph's end or start
        promo_sentence = rng.choice(examples).rstrip(".") + "."
        if rng.random() < 0.5:
            parts.append(promo_sentence)
        else:
            parts.insert(0, promo_sentence)
    elif roll < 0.3:
        parts.insert(0, rng.choice(LABELS) + parts.pop(0))
    text = " ".join(parts)
    if rng.random() < 0.3:
        text = text.replace(" ", rng.choice(SPACES), rng.randint(1, 3))
    if rng.random() < 0.2:
        text = text.replace("'", "\u2019").replace('"', rng.choice(["\u201c", "\u201d"]))
    if rng.random() < 0.03:
        text = text.replace("i", CONFUSABLE, 1)
    return text


def generated_articles(count: int, seed: int = 18) -> list[str]:
    """Articles of syllable words, each paragraph with common one-word rule literals;
    some with a promo sentence (a pack's own example) fused on an edge, glued labels,
    odd spacing, curly quotes, a dotless i; promo lines, link lists and all-caps lines
    between them."""
    rng = random.Random(seed)
    examples = rule_examples()
    out = []
    for _ in range(count):
        event = make_event(rng, date(2026, 1, 1), 30)
        lines = [_paragraph(rng, event, examples) for _ in range(rng.randint(4, 10))]
        for _ in range(rng.randint(0, 4)):
            pick = rng.random()
            if pick < 0.4:
                extra = rng.choice(JUNK + examples)
            elif pick < 0.6:
                extra = sentence(rng, event).upper().rstrip(".")
            elif pick < 0.8:
                extra = "You can read more about it here.\n" + "\n".join(
                    " ".join(rng.choice(event.words) for _ in range(5)).title()
                    for _ in range(rng.randint(1, 3))
                )
            else:
                extra = rng.choice(["Related", "More from the site", "Top stories"])
            lines.insert(rng.randrange(len(lines) + 1), extra)
        out.append("\n".join(lines))
    return out


def scraped_texts(limit: int) -> list[str]:
    if not SCRAPED.is_file():
        pytest.skip(f"scraped corpus not found at {SCRAPED}")
    with gzip.open(SCRAPED, "rt", encoding="utf-8") as fh:
        return [json.loads(line)["text"] for line in itertools.islice(fh, limit)]


def fast_and_slow(texts: list[str], monkeypatch: Any, **options: Any) -> tuple[Any, Any]:
    monkeypatch.setattr(promo, "FAST_RULE_GATE", True)
    fast = explained(texts, **options)
    monkeypatch.setattr(promo, "FAST_RULE_GATE", False)
    slow = explained(texts, **options)
    monkeypatch.setattr(promo, "FAST_RULE_GATE", True)
    return fast, slow


# -- the whole output, fast against slow ------------------------------------------------
@pytest.mark.parametrize("model", [None, "default"])
def test_real_corpus_is_cleaned_the_same(model: str | None, monkeypatch: Any) -> None:
    fast, slow = fast_and_slow([r["text"] for r in load_corpus()], monkeypatch, model=model)
    assert fast == slow
    assert any(changes for _, changes in slow)  # (something was removed to compare)


@pytest.mark.parametrize("model", [None, "default"])
def test_scraped_corpus_is_cleaned_the_same(model: str | None, monkeypatch: Any) -> None:
    # the line model costs more: a sixth of the articles with it
    limit = SCRAPED_ARTICLES if model is None else SCRAPED_ARTICLES // 6
    texts = scraped_texts(limit)
    fast, slow = fast_and_slow(texts, monkeypatch, model=model)
    for i, (a, b) in enumerate(zip(fast, slow, strict=True)):
        assert a == b, i


@pytest.mark.parametrize("model", [None, "default"])
def test_generated_articles_are_cleaned_the_same(model: str | None, monkeypatch: Any) -> None:
    texts = generated_articles(150)
    fast, slow = fast_and_slow(texts, monkeypatch, model=model)
    assert fast == slow
    spans = [c for _, changes in slow for c in changes if str(c["reason"]).endswith(":end")]
    assert spans, "the generated articles hold fused promo sentences the rules remove"


# -- one line, fast against slow, under Hypothesis --------------------------------------
def piece_strategy() -> st.SearchStrategy[str]:
    words = [*COMMON[:20], *COMMON_LITERALS, "Ana", "Peña", "Zürich", "officials"]
    marks = [".", "!", "?", ",", ":", "\u201c", "\u201d", "\u2019", '"', "'", "(", ")", "["]
    return st.one_of(
        st.sampled_from(words),
        st.sampled_from(rule_examples()),
        st.sampled_from(marks),
        st.sampled_from(LABELS),
        st.sampled_from([CONFUSABLE, "ß", "İ", "\u00a0"]),
    )


def _join(pieces: list[str], seps: list[str]) -> str:
    out = []
    for i, piece in enumerate(pieces):
        out.append(piece)
        out.append(seps[i % len(seps)])
    return "".join(out)


lines = st.builds(
    _join,
    st.lists(piece_strategy(), min_size=10, max_size=70),
    st.lists(st.sampled_from(["", " ", " ", " ", "  ", "\t", "\u00a0", ". "]), min_size=1),
)


# Paragraphs with a pack's example line fused on an edge, as a promo sentence would be.
REPORTING = [*COMMON[:30], *COMMON_LITERALS, "Ana", "Peña", "Zürich", "officials", "said"]
SENTENCE_EXAMPLES = rule_examples(SENTENCE_FAMILIES)
edged_lines = st.builds(
    lambda first, body, mark, last: f"{first} {body}{mark} {last}",
    st.sampled_from(["", *SENTENCE_EXAMPLES]),
    st.lists(st.sampled_from(REPORTING), min_size=14, max_size=200).map(" ".join) | lines,
    st.sampled_from([".", "!", "?", ".\u201d", "\u2019", '."']),
    st.sampled_from(["", *SENTENCE_EXAMPLES]),
)


def judged(line: str, fast: bool, in_list: bool) -> tuple[Any, Any]:
    promo.FAST_RULE_GATE = fast
    try:
        return promo.DropPromoLines()._judge(line, MATCHER, in_list)
    finally:
        promo.FAST_RULE_GATE = True


MATCHER = matcher()


@SETTINGS
@given(st.one_of(lines, edged_lines), st.booleans())
def test_a_line_is_judged_the_same(line: str, in_list: bool) -> None:
    assert judged(line, True, in_list) == judged(line, False, in_list)


def test_edge_sentences_at_every_length() -> None:
    """Every promo-sentence example of the packs fused on either edge of paragraphs of
    every length around the stretches the gate reads (its first 301, last 400 chars)."""
    rng = random.Random(5)
    for example in SENTENCE_EXAMPLES:
        body = " ".join(rng.choice(REPORTING) for _ in range(320))
        bare = example.rstrip(".!?:")
        for chars in range(60, 1500, 23):
            reporting = body[:chars].rstrip() + "."
            tails = (example, f"{bare}!!!", f"{bare} - -", f"{bare}...")
            heads = (example, f"{bare}.", f"{bare}!!!", f"{bare} - -.", f"NEW{bare}.")
            edged = [f"{reporting} {t}" for t in tails] + [f"{h} {reporting}" for h in heads]
            for line in edged:
                for in_list in (False, True):
                    assert judged(line, True, in_list) == judged(line, False, in_list), line


@settings(SETTINGS, max_examples=max(10, SETTINGS.max_examples // 4))
@given(
    st.lists(st.one_of(lines, edged_lines), min_size=1, max_size=6),
    st.sampled_from([None, "default"]),
)
def test_a_document_is_cleaned_the_same(paragraphs: list[str], model: str | None) -> None:
    text = "\n".join(paragraphs)
    out = []
    for fast in (True, False):
        promo.FAST_RULE_GATE = fast
        try:
            result = newsclean.clean_and_explain(text, model=model)
        finally:
            promo.FAST_RULE_GATE = True
        out.append((result.text, [c.to_dict() for c in result.changes]))
    assert out[0] == out[1]


# -- what the gate rests on -------------------------------------------------------------
def _builtin_regex_rules() -> list[Any]:
    return [r for _, r in MATCHER.ordered if r.regex]


@pytest.mark.parametrize("rule", _builtin_regex_rules(), ids=lambda r: r.id)
def test_every_match_holds_the_rule_clauses(rule: Any) -> None:
    """Soundness of the derivation: on keys a rule matches (its examples, and strings
    drawn from its own pattern), each clause's literal occurs, near enough the start,
    and the match is no wider, and holds no more spaces, than its shape says."""
    anchored = rule.match in ("start", "line")
    clauses = required_clauses(rule.pattern, anchored=anchored)
    width, spaces = shape(rule.pattern)
    compiled = re.compile(rule.pattern, re.IGNORECASE)

    def check(key: str) -> None:
        found = compiled.match(key) if anchored else compiled.search(key)
        if found is None or CONFUSABLE in key:
            return
        span = key[found.start() : found.end()]
        assert width is None or len(span) <= width
        assert spaces is None or span.count(" ") <= spaces
        for clause in clauses:
            limit = len(span) if clause.head is None else clause.head
            assert any(0 <= span.find(lit) <= limit for lit in clause.literals), (key, clause)

    for example in rule.examples:
        check(match_key(example))

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.from_regex(compiled, fullmatch=True))
    def drawn(text: str) -> None:
        check(match_key(text))

    drawn()


def test_the_derived_clauses_are_multi_word_where_the_pattern_allows() -> None:
    clauses = required_clauses(
        r"(?:follow|like|find) (?:us|[a-z.\- ]{2,40}?) on (?:twitter|facebook|x)\b",
        anchored=True,
    )
    assert [sorted(c.literals) for c in clauses] == [
        ["find ", "follow ", "like "],
        [" on facebook", " on twitter", " on x"],
    ]
    assert clauses[0].head == 0
    assert clauses[1].head == 6 + 1 + 40
    assert required_clauses(r"\d[\d,]{0,11}") == []


def test_the_gate_passes_over_reporting_that_holds_one_word_literals() -> None:
    # each one-word literal once, no two-word phrase of a rule ("read more" itself is one:
    # generic.teaser-read-more judges every short line that holds it)
    line = (
        "People like to read the news and get more of the latest figures, and officials "
        "said they would follow the plan to find more money for the city next year."
    )
    folded = line.casefold()
    assert MATCHER.has_literal(folded)  # the old prefilter sends it to full judging
    found, whole, edges = MATCHER.survey(line, folded, folded.split(), promo._EDGES)
    assert (found, whole, edges) == (True, False, False)
    fused = line + " Follow us on Twitter for the latest updates."
    assert MATCHER.survey(fused, fused.casefold(), fused.casefold().split(), promo._EDGES)[2]
    reason, rest = promo.DropPromoLines()._judge(fused, MATCHER, False)
    assert reason is not None
    assert reason.detail == "end"
    assert rest == line


def test_the_key_is_match_key_by_cheaper_means() -> None:
    # str.split splits where \s matches; case folding keeps every space a space and
    # makes none, and never makes or unmakes a quote the key straightens
    quotes = "'\"\u2018\u2019\u201c\u201d"
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        folded = char.casefold()
        assert len(folded) <= 3, hex(code)  # survey's bound on a stretch's key length
        assert char.isspace() == bool(re.fullmatch(r"\s", char)), hex(code)
        if char.isspace():
            assert folded == char, hex(code)
        else:
            assert not any(c.isspace() for c in folded), hex(code)
        if char not in quotes:
            assert not any(c in quotes for c in folded), hex(code)


@SETTINGS
@given(lines)
def test_gate_key_equals_match_key(line: str) -> None:
    assert gate_key(line) == match_key(line)
    assert len(line.casefold().split()) == len(line.split())


def test_the_only_confusable_character_is_dotless_i() -> None:
    """A case-insensitive ``re`` pattern of ASCII characters matches, in case-folded text,
    only the case folding of its own characters, and dotless i: the gate lets any text
    holding that through."""
    folded_chars = {c for code in range(sys.maxunicode + 1) for c in chr(code).casefold()}
    any_ascii = re.compile("[ -~]", re.IGNORECASE)
    odd = set()
    for char in folded_chars:
        if any_ascii.fullmatch(char) is None:
            continue
        for code in range(32, 127):
            mate = chr(code)
            if re.fullmatch(re.escape(mate), char, re.IGNORECASE) and char != mate.casefold():
                odd.add(char)
    assert odd == {literal_gate.CONFUSABLE}


@SETTINGS
@given(lines)
def test_edge_sentences_lie_in_the_stretches_the_gate_reads(line: str) -> None:
    first = promo._FIRST_SENTENCE.match(line)
    if first:
        assert first.end(1) <= promo._EDGES[0]
    label = _GLUED_LABEL.match(line)
    if label:
        assert len(label.group(1)) <= _LABEL_MARGIN


def test_a_literal_whole_line_rule_still_takes_a_long_line() -> None:
    """A pack's literal line rule compares the line with its trailing marks stripped: a
    line of many words may still be its key. No clause of the gate names it, yet the
    gate must let it by ("get" is a literal of a 16-word rule: the line is judged)."""
    pack = (
        '[pack]\nname = "t"\nversion = "1"\ndescription = "t"\n\n[[rule]]\nid = "t.x"\n'
        'family = "social"\npattern = "get going"\ndescription = "d"\nexamples = ["Get going"]\n'
    )
    line = "Get going" + " -" * 14
    assert len(line.split()) == 16
    assert line.rstrip(_TRAILING_CHARS) == "Get going"
    out = []
    for fast in (True, False):
        promo.FAST_RULE_GATE = fast
        try:
            out.append(newsclean.clean_and_explain(line, packs=[pack]).changes)
        finally:
            promo.FAST_RULE_GATE = True
    assert out[0] == out[1]
    assert [c.rule for c in out[1]] == ["t.x"]


def test_a_first_sentence_that_grows_when_case_folded_is_read_whole() -> None:
    """ "ß" folds to "ss": a first sentence of 194 characters has a key of 334, and its
    promo literal lies past the 301st character of the line's key."""
    first = "Wir " + " ".join(["ßßßß"] * 35) + " we use cookies."
    line = first + " " + " ".join(["The city council met on Friday to weigh the budget."] * 14)
    assert len(first) <= promo._EDGES[0] < len(first.casefold())
    reason, _ = judged(line, True, False)
    assert reason is not None
    assert reason.detail == "start"
    assert judged(line, True, False) == judged(line, False, False)


def test_dotless_i_is_let_through() -> None:
    """re.IGNORECASE matches "twıtter" with "twitter": the gate cannot see the literal,
    so a text holding a dotless i goes to the rules."""
    line = " ".join(["The city council met on Friday to weigh the budget."] * 4)
    line += " Follow us on Tw\u0131tter and Facebook for updates."
    reason, _ = judged(line, False, False)
    assert reason is not None
    assert reason.rule == "generic.follow-us"
    assert judged(line, True, False) == judged(line, False, False)
