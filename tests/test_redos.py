"""D2 (#16): a pack's own regexes cannot hang newsclean. Packs not shipped with newsclean
run on RE2, whose matching time is linear in the line; a pattern RE2 cannot run (lookaround,
backreferences) is refused with the reason."""

from __future__ import annotations

import pytest
import re2  # type: ignore[import-untyped]

import newsclean
from newsclean.rules import load_pack

ATTACKS = [
    "(a|a)*$",
    "(a|aa)+$",
    "((a+))+$",
    "(?:(?:a+))+$",
    "(a?){25}a{25}",
    "(?:a|a)*b",
    "(a|b|ab)*c",
    "[a-z]+[a-z]+[a-z]+[a-z]+!",
]


def _pack(pattern: str, examples: tuple[str, str] = ("buy now", "BUY NOW"), extra: str = "") -> str:
    return (
        '[pack]\nname = "x"\nversion = "1"\ndescription = "d"\n\n[[rule]]\nid = "x.r"\n'
        f'family = "ad"\npattern = \'{pattern}\'\nregex = true\nmatch = "short"\n'
        f'description = "d"\nexamples = ["{examples[0]}", "{examples[1]}"]\n{extra}'
    )


def _which_engine(pack: str) -> str:
    loaded = load_pack(pack)
    from newsclean.rules import RuleMatcher

    matcher = RuleMatcher.build([loaded])
    pattern = matcher.ordered[0][0]
    return type(pattern).__module__.split(".")[0]


@pytest.mark.parametrize("attack", ATTACKS)
def test_an_attack_pattern_runs_on_the_linear_engine(attack: str) -> None:
    line = "a" * 60 + "!x"
    pack = _pack(f"buy now|{attack}", examples=("buy now", "Buy now"))
    assert _which_engine(pack) == "re2"
    newsclean.clean(f"{line}\n\nThe council met on Tuesday.\n\n{line}", packs=[pack])
    # the attack line as the pack's own counter-example: the loader matches it at load
    # time and returns (whether or not the pattern catches the line)
    hostile = _pack(
        f"buy now|{attack}",
        examples=("buy now", "Buy now"),
        extra=f'counter_examples = ["{line}"]\n',
    )
    if re2.search(attack, line):  # Python's re would backtrack for ages on this line
        with pytest.raises(newsclean.RuleError, match="is caught"):
            load_pack(hostile)
    else:
        assert load_pack(hostile).rules[0].counter_examples == (line,)


def test_built_in_packs_keep_pythons_engine() -> None:
    from newsclean.rules import RuleMatcher

    matcher = RuleMatcher.build([load_pack("generic")])
    assert {type(p).__module__ for p, _ in matcher.ordered} == {"re"}


@pytest.mark.parametrize("pattern", ["buy (?=now)", "(buy) \\1", "(?<=x)buy now"])
def test_a_pattern_re2_cannot_run_is_refused_with_the_reason(pattern: str) -> None:
    with pytest.raises(newsclean.RuleError, match="RE2"):
        load_pack(_pack(pattern))


def test_user_packs_match_case_insensitively_as_before() -> None:
    pack = _pack("buy now", examples=("BUY NOW", "Buy Now"))
    text = "BUY NOW\n\nThe council met on Tuesday to close the old bridge for the winter."
    assert newsclean.clean(text, packs=[pack], model=None).startswith("The council")
