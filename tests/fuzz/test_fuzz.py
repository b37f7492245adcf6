"""Fuzz targets: clean_and_explain over arbitrary text and options, and the rule-pack
loader over arbitrary and mutated packs. CI runs a moderate budget; run long with

    NEWSCLEAN_EXPLORE=1 NEWSCLEAN_FUZZ_EXAMPLES=200000 python -m pytest tests/fuzz -x -q

(see docs/reliability.md)."""

from __future__ import annotations

import inspect
import os
import tomllib

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import newsclean
from newsclean import ConfigError, RuleError
from newsclean.rules import parse_pack

BUDGET = int(os.environ.get("NEWSCLEAN_FUZZ_EXAMPLES", "1000"))
FUZZ = settings(
    max_examples=BUDGET,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)

_chars = st.characters(exclude_categories=())
_line = st.one_of(
    st.text(alphabet=_chars, max_size=80),
    st.sampled_from(
        [
            "CLICK HERE TO GET THE FOX NEWS APP",
            "NEWYou can now listen to Fox News articles!",
            "RUSSIA INVADES UKRAINE: LIVE UPDATES",
            "A caption about the summit in Brussels on Friday, March 4, 2022.",
            "A caption about the summit in Brussels on Friday, March 4, 2022. (AP Photo/X)",
            "Bidenâ€™s “plan” &amp; more…",
            "Image copyright Getty Images",
            "",
        ]
    ),
)
_text = st.lists(_line, max_size=25).map("\n".join)
_options = st.fixed_dictionaries(
    {},
    optional={
        "uncurl_quotes": st.booleans(),
        "normalization": st.sampled_from(["NFC", "NFKC", "NFD", "NFKD", None]),
        "preset": st.sampled_from(["display", "llm", "nlp"]),
        "captions": st.sampled_from(["dedupe", "keep", "drop"]),
        "keep": st.sampled_from(["with_credit", "longest", "first"]),
        "score_cutoff": st.floats(min_value=50, max_value=100),
        "caption_min_length": st.integers(1, 200),
        "allcaps_headlines": st.booleans(),
        "strip_indent": st.booleans(),
        "drop_promo": st.booleans(),
        "model": st.sampled_from([None, "default"]),
        "strictness": st.sampled_from(["conservative", "aggressive"]),
    },
)


@FUZZ
@given(_text, _options)
def test_fuzz_clean_and_explain(text: str, options: dict[str, object]) -> None:
    result = newsclean.clean_and_explain(text, **options)
    assert result.text == newsclean.clean(text, **options)
    assert newsclean.clean(result.text, **options) == result.text


_BASE = """[pack]
name = "fuzz"
version = "1"
description = "fuzz"

[[rule]]
id = "fuzz.rule"
family = "app"
pattern = 'get the fuzz app'
regex = true
description = "d"
examples = ["Get the fuzz app", "GET THE FUZZ APP"]
"""


@FUZZ
@given(
    st.one_of(
        st.text(alphabet=_chars, max_size=300),
        st.builds(
            lambda cut, extra: _BASE[:cut] + extra + _BASE[cut:],
            st.integers(0, len(_BASE)),
            st.text(alphabet="[]'\"=\\().*+?{}|\n abcx0-9", max_size=12),
        ),
    )
)
def test_fuzz_rule_loader_fails_only_with_rule_error(text: str) -> None:
    try:
        pack = parse_pack(text, "fuzz.toml")
    except RuleError:
        return
    # a pack that loads is valid TOML with a [pack] table (an empty pack is valid), and
    # every rule it holds has an id, a family and a pattern
    assert isinstance(tomllib.loads(text).get("pack"), dict)
    assert pack.name
    assert all(rule.id and rule.family and rule.pattern for rule in pack.rules)


@FUZZ
@given(st.dictionaries(st.text(max_size=12), st.integers() | st.text(max_size=5), max_size=3))
@example({"pipeline": 0})  # drawn by CI once: clean()'s own parameter, not an option
def test_fuzz_unknown_options_are_config_errors(options: dict[str, object]) -> None:
    # the options, and clean()'s own parameters (passing those twice is Python's TypeError;
    # a wrong type for one of them is its own TypeError), read from its signature so a new
    # parameter cannot be mistaken for an unknown option
    own = inspect.signature(newsclean.clean).parameters
    known = set(newsclean.CleanConfig.describe()) | {"preset"} | set(own)
    options = {k: v for k, v in options.items() if k not in known}
    if not options:
        return
    try:
        newsclean.clean("x", **options)
    except ConfigError:
        return
    raise AssertionError("unknown options were accepted")
