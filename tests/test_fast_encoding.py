"""The encoding step's fast paths (``newsclean.filters.encoding_fast``) against their slow
oracles: the windowed mojibake test (``FAST_WINDOW``), the direct cp1252/latin-1 repair
(``FAST_REPAIR``) and the quiet-line test (``FAST_QUIET``). Each switched off gives the
straightforward path; the output (lines and every Change) must be the same with and
without, on the real corpus, on 300 scraped articles, on the benchmarks' synthetic
corpus, on generated mojibake (cp1252, latin-1, double, partial, with entities, lost
no-break spaces, replacement characters, other code pages), on ftfy's own test cases and
under Hypothesis."""

from __future__ import annotations

import gzip
import importlib.util
import itertools
import json
import os
import random
import re
from collections.abc import Callable, Iterator
from typing import Any

import ftfy
import pytest
from ftfy import badness, chardata
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import newsclean
from newsclean import Doc, FixEncoding
from newsclean.filters import encoding, encoding_fast
from newsclean.filters.encoding_fast import (
    _local_width,
    direct_step,
    fix_encoding_explained,
    gated_is_bad,
)

from .conftest import ROOT, SHARED, load_corpus

SETTINGS = settings(
    max_examples=int(os.environ.get("NEWSCLEAN_EXAMPLES", "200")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
SCRAPED = SHARED / "corpus" / "scraped_news.jsonl.gz"
PEER = SHARED / "peer" / "ftfy-test-cases"
FLAGS = ("FAST_WINDOW", "FAST_REPAIR", "FAST_QUIET")
GATE = encoding._BADNESS_GATE
CONFIG = ftfy.TextFixerConfig(explain=True)
# The options under which the step is compared: the default, ftfy's own settings, and
# the options the fast paths read.
OPTION_SETS: tuple[dict[str, Any], ...] = (
    {},
    {"uncurl_quotes": True, "nbsp_to_space": False, "fix_trimmed": False},
    {"normalization": None, "unescape_html": True},
    {"normalization": "NFKC", "remove_zero_width": False},
)


# -- generated text ---------------------------------------------------------------------
PROSE = (
    "the minister said on Friday that officials in the city would meet again after a week "
    "of talks about budget plans and new rules for schools"
)
WORDS = tuple(PROSE.split())
SPICE = (
    "José Müller",
    "Zoë Brontë’s",
    "“naïve”",
    "Łukasz Nowak",
    "São Paulo",
    "Kraków",
    "Ørsted",
    "déjà vu",
    "à la carte",
    "Ça va",
    "€5bn",
    "£10",
    "½ cup",
    "1–0",
    "—",
    "…",
    "« oui »",
    "Ελλάδα",
    "Москва",
    "東京",
    "x²",
    "ﬁnal",
    "👩\u200d💻",
    "No\u00a01",
    "AT&amp;T",
    "caf&eacute;",
    "&#8217;",
    "Âge",
    "Ã",
    "ŒUVRE",
    "‘quoted’",
)


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(SPICE) if rng.random() < 0.2 else rng.choice(WORDS) for _ in range(12)]
    return " ".join(words)


def _cp1252(text: str) -> str:
    return text.encode("utf-8").decode("sloppy-windows-1252")


def _damage(kind: str, line: str, rng: random.Random) -> str:
    """``line`` damaged the way ``kind`` names (see DAMAGE)."""
    if kind == "cp1252":
        return _cp1252(line)
    if kind == "latin-1":  # C1 controls where cp1252 has punctuation
        return line.encode("utf-8").decode("latin-1")
    if kind == "double":
        return _cp1252(_cp1252(line))
    if kind == "part":  # one stretch of the line mojibake, the rest intact
        cut = rng.randrange(len(line) + 1)
        return line[:cut] + _cp1252(line[cut:])
    if kind == "entity":
        return _cp1252(line) + " &amp; " + rng.choice(("&lt;b&gt;", "&eacute;", "x"))
    if kind == "lost-nbsp":  # the \xa0 byte of a UTF-8 sequence became a space
        return _cp1252(line).replace("\u00a0", " ")
    if kind == "lossy":
        moji = _cp1252(line)
        at = rng.randrange(len(moji) + 1)
        return moji[:at] + rng.choice(("\ufffd", "?")) + moji[at + 1 :]
    if kind == "edges":
        return (
            rng.choice(("", " ", "\t", "\u00a0")) + _cp1252(line) + rng.choice(("", " ", "\u3000"))
        )
    if kind in ("sloppy-windows-1251", "macroman", "sloppy-windows-1250"):
        return line.encode("utf-8").decode(kind)
    if kind == "curly":
        return _cp1252(line) + " “fine”"
    return line


DAMAGE = (
    "clean",
    "cp1252",
    "latin-1",
    "double",
    "part",
    "entity",
    "lost-nbsp",
    "lossy",
    "edges",
    "sloppy-windows-1251",
    "macroman",
    "sloppy-windows-1250",
    "curly",
)


def mojibake_articles(count: int, seed: int = 18) -> list[str]:
    """Articles of generated lines, each damaged in one of the DAMAGE ways (a third clean)."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        lines = []
        for _ in range(rng.randint(3, 12)):
            line = _sentence(rng)
            kind = "clean" if rng.random() < 0.33 else rng.choice(DAMAGE)
            lines.append(_damage(kind, line, rng))
        out.append("\n".join(lines))
    return out


def synthetic_texts(count: int) -> list[str]:
    """The benchmarks' generated non-ASCII corpus (benchmarks/throughput.py)."""
    path = ROOT / "benchmarks" / "throughput.py"
    spec = importlib.util.spec_from_file_location("_throughput_bench", path)
    if spec is None or spec.loader is None or not path.is_file():
        pytest.skip(f"{path} is absent")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    texts: list[str] = module.synthetic_corpus(count)
    return texts


def scraped_texts(limit: int = 300) -> list[str]:
    if not SCRAPED.is_file():
        pytest.skip(f"scraped corpus not found at {SCRAPED}")
    with gzip.open(SCRAPED, "rt", encoding="utf-8") as fh:
        return [json.loads(line)["text"] for line in itertools.islice(fh, limit)]


def peer_texts() -> list[str]:
    if not PEER.is_dir():
        pytest.skip(f"{PEER} is absent")
    cases = [c for p in sorted(PEER.glob("*.json")) for c in json.loads(p.read_text("utf-8"))]
    return [c["original"] for c in cases]


def corpora() -> Iterator[tuple[str, list[str]]]:
    yield "mojibake", mojibake_articles(150)
    yield "real", [r["text"] for r in load_corpus()]
    yield "synthetic", synthetic_texts(200)
    yield "scraped", scraped_texts()


# -- running with the fast paths off -----------------------------------------------------
def run(step: FixEncoding, docs: list[Doc], monkeypatch: Any, off: tuple[str, ...]) -> list[Doc]:
    """``step`` over ``docs`` with the fast paths named in ``off`` switched off."""
    with monkeypatch.context() as patch:
        for flag in off:
            patch.setattr(encoding_fast, flag, False)
        return [step(doc) for doc in docs]


def assert_same(name: str, fast: list[Doc], slow: list[Doc]) -> None:
    for index, (a, b) in enumerate(zip(fast, slow, strict=True)):
        assert a.lines == b.lines, (name, index)
        assert a.changes == b.changes, (name, index)
        assert a == b, (name, index)


# -- the gates and the direct repair, one by one ------------------------------------------
def test_the_windowed_test_is_available_for_this_ftfy() -> None:
    width = _local_width(badness.BADNESS_RE)
    assert width is not None
    assert 2 <= width <= 16
    # a pattern whose matches depend on what lies outside the window is refused
    assert _local_width(re.compile("ab$")) is None
    assert _local_width(re.compile("a(?=b)")) is None
    assert _local_width(re.compile(r"\bab")) is None
    assert _local_width(re.compile("^ab|c.d")) == 3


def test_windowed_test_never_searches_the_whole_line(monkeypatch: Any) -> None:
    assert GATE is not None
    long_line = ("José Müller met Zoë in Córdoba. " * 40) + _cp1252("Biden’s plan")
    searched: list[int] = []
    real_search = badness.BADNESS_RE.search

    class Spy:
        def search(self, text: str, pos: int = 0, endpos: int = 2**31) -> Any:
            searched.append(min(endpos, len(text)) - pos)
            return real_search(text, pos, endpos)

    monkeypatch.setattr(badness, "BADNESS_RE", Spy())
    assert gated_is_bad(long_line, GATE)
    assert searched
    assert max(searched) < 40  # windows, not the 1,300-character line


def test_windowed_test_finds_the_longest_patterns() -> None:
    # ftfy's alternatives that reach furthest from their first non-ASCII pair
    assert GATE is not None
    for core in ("ГўВЂВ x", "ØŸØ®", "ØaØb", "‚Ä†", "вЂ", "β€™", "[ВЂВ]", "aÂ “", "x Ã "):
        for pad in ("", "abc ", "é" * 9 + " "):
            text = pad + core + " " + pad
            assert gated_is_bad(text, GATE) == badness.is_bad(text), text


_MOJI = "".join(sorted(set("".join(badness.MOJIBAKE_CATEGORIES.values())) - {"-"}))
moji_text = st.text(
    alphabet=st.sampled_from(list(_MOJI + "aZ .,!?'\"ÃÂâ€™œ\u00a0\t°²ØÙà√≈‚вβā\n")),
    max_size=60,
)


@SETTINGS
@given(moji_text, st.integers(0, 3))
def test_windowed_test_equals_is_bad(text: str, repeat: int) -> None:
    assert GATE is not None
    text = text * (1 + repeat * 5)  # long texts with many hits: past _MAX_WINDOWS too
    assert gated_is_bad(text, GATE) == badness.is_bad(text)


_fix_one_step: Callable[..., Any] | None = getattr(ftfy, "_fix_encoding_one_step_and_explain", None)
source_text = st.text(
    alphabet=st.sampled_from(
        list("abc XYZ.,'\"?&\t\x1a" + "éàÀÁÍÏÐÝàíñöøü’“”—–…€£½²ŒœŠ" + "\u00a0\ufffdπЖ東👩")
    ),
    max_size=30,
)
codec = st.sampled_from(["sloppy-windows-1252", "latin-1", "macroman", "sloppy-windows-1251"])


@SETTINGS
@given(source_text, codec, st.booleans())
def test_direct_step_is_ftfy_s_step_wherever_it_answers(text: str, name: str, twice: bool) -> None:
    moji = text.encode("utf-8").decode(name)
    if twice:
        moji = moji.encode("utf-8").decode(name)
    if moji.isascii() or not badness.is_bad(moji):
        return
    step = direct_step(moji)
    if step is not None and _fix_one_step is not None:
        fixed, steps = _fix_one_step(moji, CONFIG)
        assert step == (fixed, list(steps))
    assert fix_encoding_explained(moji, CONFIG, badness.is_bad) == tuple(
        ftfy.fix_encoding_and_explain(moji, CONFIG)
    )


def test_the_direct_repair_is_on_for_this_ftfy() -> None:
    assert encoding_fast._DIRECT_OK  # ftfy's byte patterns are the ones direct_step reads


@SETTINGS
@given(st.one_of(st.text(), source_text))
def test_valid_utf8_meets_ftfy_s_byte_patterns_only_at_0x1a(text: str) -> None:
    # what direct_step's argument rests on: ftfy's restore_byte_a0 and
    # replace_lossy_sequences find nothing in valid UTF-8 but the byte 0x1A
    data = text.encode("utf-8")
    assert chardata.ALTERED_UTF8_RE.search(data) is None
    assert (chardata.LOSSY_UTF8_RE.search(data) is None) == (0x1A not in data)


def test_direct_step_repairs_the_common_mojibake() -> None:
    for good in ("Biden’s “plan” — 5€", "José Müller in Córdoba", "Zoë’s café"):
        for name in ("sloppy-windows-1252", "latin-1"):
            moji = good.encode("utf-8").decode(name)
            step = direct_step(moji)
            assert step is not None, (good, name)
            assert step[0] == good
            assert step == tuple(ftfy.fix_encoding_and_explain(moji, CONFIG))


def test_direct_step_leaves_ftfy_s_other_repairs_to_ftfy() -> None:
    # restore_byte_a0 ('Ã ' was 'à'), a lossy sequence (U+FFFD is byte 0x1A), CESU-8
    # (byte 0xED), overlong (0xC0): ftfy's own step answers for each
    for moji in ("voilÃ le travail", "cafÃ\ufffd ok", "\u00ed\u00a0\u00bd ok Ã©", "lÀ€ Ã©"):
        assert direct_step(moji) is None
        assert fix_encoding_explained(moji, CONFIG, badness.is_bad) == tuple(
            ftfy.fix_encoding_and_explain(moji, CONFIG)
        )


def test_the_direct_repair_calls_no_ftfy(monkeypatch: Any) -> None:
    # the behaviour the fast path is for: common mojibake repaired without ftfy's
    # fix_encoding_and_explain, and a long clean accented line judged without is_bad
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("ftfy was called")

    line = _cp1252("José Müller’s “café” — naïve") + " and more" * 60
    doc = Doc.from_text(line + "\n" + "Zoë Brontë met José Müller in Córdoba. " * 20)
    expected = FixEncoding(fast_path=False)(doc)
    monkeypatch.setattr(ftfy, "fix_encoding_and_explain", refuse)
    monkeypatch.setattr(badness, "is_bad", refuse)
    fast = FixEncoding()(doc)
    assert fast == expected
    assert fast.lines[0].startswith("José Müller’s “café” — naïve")


def test_clean_accented_lines_skip_the_per_line_work(monkeypatch: Any) -> None:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("edit_line was called")

    doc = Doc.from_text("Zoë Brontë met José Müller in Córdoba.\n\n“Naïve,” he said — twice.")
    monkeypatch.setattr(FixEncoding, "edit_line", refuse)
    assert FixEncoding()(doc) == doc


def test_the_quiet_test_judges_ascii_lines_as_the_ascii_skip_does() -> None:
    quiet = FixEncoding()._quiet()
    assert quiet is not None
    for code in range(128):
        line = f"a{chr(code)}b"
        assert quiet.line(line) == encoding._plain_ascii(line), code


def test_quiet_lines_are_left_alone_by_the_slow_path() -> None:
    rng = random.Random(7)
    lines = [_damage(rng.choice(DAMAGE), _sentence(rng), rng) for _ in range(400)]
    lines += ["Zoë Brontë’s café", " Zoë ", "Ã© ok", "x\u00a0y é", "e\u0301 é", "ëë", "é\x0c"]
    lines += ["\u2009é\u2009", "\u0301é", "é\u1680", "a\x0cb", "plain", "", "AT&T"]
    for options in OPTION_SETS:
        step = FixEncoding(**options)
        quiet = step._quiet()
        assert quiet is not None
        slow = FixEncoding(fast_path=False, **options)
        judged = [(line, quiet.line(line)) for line in lines]
        assert any(q for _, q in judged)
        assert not all(q for _, q in judged)
        for line, is_quiet in judged:
            if is_quiet:
                doc = Doc.from_text(line)
                assert slow(doc) == doc, line


# -- whole corpora, fast against slow ---------------------------------------------------
@pytest.mark.parametrize("off", [FLAGS, *((flag,) for flag in FLAGS)])
def test_fast_paths_equal_the_slow_path_on_every_corpus(
    monkeypatch: Any, off: tuple[str, ...]
) -> None:
    for name, texts in corpora():
        docs = [Doc.from_text(t) for t in texts]
        step = FixEncoding()
        assert_same(name, run(step, docs, monkeypatch, ()), run(step, docs, monkeypatch, off))


def test_fast_paths_equal_ftfy_on_every_line(monkeypatch: Any) -> None:
    # the other oracle: no fast path at all, ftfy on every line
    for name, texts in (("mojibake", mojibake_articles(60)), ("peer", peer_texts())):
        docs = [Doc.from_text(t) for t in texts]
        for options in OPTION_SETS:
            fast = run(FixEncoding(**options), docs, monkeypatch, ())
            assert_same(name, fast, [FixEncoding(fast_path=False, **options)(d) for d in docs])


def test_fast_paths_equal_the_slow_path_under_every_option(monkeypatch: Any) -> None:
    docs = [Doc.from_text(t) for t in mojibake_articles(80, seed=5) + peer_texts()]
    for options in OPTION_SETS[1:]:
        step = FixEncoding(**options)
        assert_same(
            str(options), run(step, docs, monkeypatch, ()), run(step, docs, monkeypatch, FLAGS)
        )


def test_the_pipeline_explains_the_same(monkeypatch: Any) -> None:
    texts = mojibake_articles(60) + [r["text"] for r in load_corpus()] + synthetic_texts(60)

    def explained() -> list[tuple[str, list[dict[str, object]]]]:
        out = []
        for text in texts:
            result = newsclean.clean_and_explain(text)
            out.append((result.text, [c.to_dict() for c in result.changes]))
        return out

    fast = explained()
    with monkeypatch.context() as patch:
        for flag in FLAGS:
            patch.setattr(encoding_fast, flag, False)
        assert fast == explained()


# -- under Hypothesis -------------------------------------------------------------------
TOKENS = [
    *"ab Zy.,;&#'\"\t",
    *"éàÀÃÂâ€™œ’“”—–…£½²ÐØÙ",
    *"\u00a0\u00ad\u200b\u200d\u0301\x81\x85\ufffd",
    *("amp;", "eacute;", "#8217;", "Ã©", "â€™", "Ã\u00a0", "ﬁ", "Ａ", "\u3000"),
]
line_text = st.lists(st.sampled_from(TOKENS), max_size=30).map("".join)
damaged_line = st.builds(
    lambda text, kind, seed: _damage(kind, text, random.Random(seed)),
    line_text,
    st.sampled_from(DAMAGE),
    st.integers(0, 9),
)


@SETTINGS
@given(st.lists(damaged_line, max_size=6), st.sampled_from(OPTION_SETS))
def test_fast_paths_equal_the_slow_paths_under_hypothesis(
    lines: list[str], options: dict[str, Any]
) -> None:
    doc = Doc.from_text("\n".join(lines))
    step = FixEncoding(**options)
    fast = step(doc)
    saved = {flag: getattr(encoding_fast, flag) for flag in FLAGS}
    try:
        for flag in FLAGS:
            setattr(encoding_fast, flag, False)
        slow = step(doc)
    finally:
        for flag, value in saved.items():
            setattr(encoding_fast, flag, value)
    assert fast == slow
    assert fast == FixEncoding(fast_path=False, **options)(doc)
