"""Rule packs: every rule catches its examples, spares reporting, and bad packs fail clearly."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from newsclean import RuleError, clean
from newsclean.rules import (
    RuleMatcher,
    builtin_pack_names,
    load_pack,
    parse_pack,
)

from .promo_devset import load_labels

PACKS = [load_pack(name) for name in builtin_pack_names()]
RULES = [(pack, rule) for pack in PACKS for rule in pack.rules]
MATCHER = RuleMatcher.build(PACKS)


def test_builtin_packs_ship_generic_and_foxnews() -> None:
    assert {"generic", "foxnews"} <= set(builtin_pack_names())


@pytest.mark.parametrize(("pack", "rule"), RULES, ids=[r.id for _, r in RULES])
def test_every_rule_catches_its_examples_with_its_own_id(pack: Any, rule: Any) -> None:
    assert len(rule.examples) >= 2, "each rule shows at least two phrasings it catches"
    own = RuleMatcher.build([pack])
    for example in rule.examples:
        hit = own.match(example)  # its own pack alone: this very rule
        assert hit is not None, example
        assert hit.id == rule.id, example
        assert MATCHER.match(example) is not None  # all packs: some rule
    for example in rule.counter_examples:
        hit = MATCHER.match(example)
        assert hit is None or hit.id != rule.id, example
    assert rule.id.startswith(pack.name + ".")


def test_no_rule_fires_on_real_body_lines_or_their_sentences(
    corpus: list[dict[str, Any]],
) -> None:
    """Every line the dev set labels body, and each sentence of it, against every rule."""
    labels = load_labels()
    fired = []
    checked = 0
    for record in corpus:
        for no, line in enumerate(record["text"].split("\n"), start=1):
            if not line.strip() or labels.get((record["id"], no), ("body", ""))[0] != "body":
                continue
            pieces = re.split(r"(?<=[.!?])\s+(?=[A-Z“\"])", line)
            for piece in [line, *(p for p in pieces if len(p.split()) >= 3)]:
                checked += 1
                rule = MATCHER.match(piece)
                if rule is not None:
                    fired.append((record["id"], no, rule.id, piece[:80]))
    assert checked > 3000
    assert fired == []


PACK_HEAD = '[pack]\nname = "mine"\nversion = "1"\ndescription = "test pack"\n'


def _pack(rule: str) -> str:
    return PACK_HEAD + "\n[[rule]]\n" + rule


GOOD_RULE = (
    'id = "mine.promo"\nfamily = "app"\npattern = "try the widget gizmo"\n'
    'description = "d"\nexamples = ["Try the widget gizmo", "TRY THE WIDGET GIZMO!"]\n'
)


def test_user_pack_by_path(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(_pack(GOOD_RULE), encoding="utf-8")
    assert (
        clean("Try the widget gizmo\nThe council met on Tuesday.", packs=[str(path)])
        == "The council met on Tuesday."
    )
    assert (
        clean("Try the widget gizmo\nThe council met on Tuesday.", packs=["generic"])
        == "Try the widget gizmo\nThe council met on Tuesday."
    )


@pytest.mark.parametrize(
    ("rule", "problem"),
    [
        (
            GOOD_RULE.replace(
                'pattern = "try the widget gizmo"', 'pattern = "(unclosed"\nregex = true'
            ),
            "does not compile",
        ),
        (
            GOOD_RULE.replace(
                'pattern = "try the widget gizmo"', r'pattern = "(\\w+\\s?)+app"' + "\nregex = true"
            ),
            "nests a quantifier",
        ),
        (
            GOOD_RULE.replace('pattern = "try the widget gizmo"', "pattern = '[[x]'\nregex = true"),
            "compile cleanly",
        ),  # found by tests/fuzz: re's FutureWarning must not leak
        (GOOD_RULE.replace('family = "app"', 'family = "spam"'), "unknown family"),
        (
            GOOD_RULE.replace(
                'pattern = "try the widget gizmo"', 'pattern = "app"\nmatch = "short"'
            ),
            "is one word",
        ),
        (
            GOOD_RULE.replace(
                'examples = ["Try the widget gizmo", "TRY THE WIDGET GIZMO!"]', "examples = []"
            ),
            "at least one example",
        ),
        (GOOD_RULE.replace('"TRY THE WIDGET GIZMO!"', '"Something else"'), "is not caught"),
        (GOOD_RULE.replace('id = "mine.promo"', 'id = "Bad Id"'), "must look like"),
        (GOOD_RULE + 'colour = "red"\n', "unknown key"),
        (GOOD_RULE.replace('description = "d"\n', ""), "'description'"),
    ],
)
def test_bad_rules_raise_rule_error_naming_pack_and_rule(rule: str, problem: str) -> None:
    with pytest.raises(RuleError, match=problem) as info:
        parse_pack(_pack(rule), "mine.toml")
    assert "mine.toml" in str(info.value)


def test_duplicate_ids_and_bad_toml_are_rule_errors() -> None:
    with pytest.raises(RuleError, match="duplicate rule id"):
        parse_pack(_pack(GOOD_RULE + "\n[[rule]]\n" + GOOD_RULE), "mine.toml")
    with pytest.raises(RuleError, match="not valid TOML"):
        parse_pack("[pack", "mine.toml")


def test_unreadable_rule_file_is_a_rule_error(tmp_path: Path) -> None:
    with pytest.raises(RuleError, match="cannot read rule file"):
        clean("x", packs=[str(tmp_path / "missing.toml")])


def test_glued_label_does_not_defeat_rules() -> None:
    hit = MATCHER.match("ADVERTISEMENTSubscribe to continue reading")
    assert hit is not None
    assert hit.id == "generic.subscribe-to-continue"


# ------------------------------------------------- `newsclean rules show` (#17, item 10)


def _show(code: str, *extra: str) -> tuple[int, str, str]:
    import io

    from newsclean.cli import main

    out, err = io.StringIO(), io.StringIO()
    status = main(["rules", "show", code, *extra], stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    ("code", "anchor"),
    [
        ("promo:foxnews.app-download", "reasons.md#family-app"),  # as the audit trail prints
        ("foxnews.app-download", "reasons.md#family-app"),
        ("heuristic.allcaps-headline", "reasons.md#heuristicallcaps-headline"),
        ("promo:heuristic.link-list", "reasons.md#heuristiclink-list"),
        ("promo:heuristic.link-list:after_pointer", "reasons.md#heuristiclink-list"),
        ("promo:model.default:w:get+end:letter:score=0.990", "reasons.md#modeldefault"),
        ("promo_span:label:ADVERTISEMENT", "reasons.md#label"),
        ("caption_duplicate_of:12:score=96.3", "reasons.md#caption_duplicate_of"),
        ("encoding:sloppy-windows-1252>utf-8", "reasons.md#encoding"),
        ("blank:extra", "reasons.md#blank"),
        ("promo/link-list", "reasons.md#heuristiclink-list"),  # the run summary's key
        ("social", "reasons.md#family-social"),
    ],
)
def test_rules_show_explains_every_form_with_a_docs_link(code: str, anchor: str) -> None:
    status, out, err = _show(code)
    assert status == 0, err
    assert f"docs:        docs/{anchor}\n" in out
    assert "description: " in out
    assert "description: \n" not in out


def test_rules_show_a_pack_rule_keeps_its_pattern_and_examples() -> None:
    status, out, _ = _show("promo:foxnews.app-download")
    assert status == 0
    assert "pack:        foxnews" in out
    assert "pattern:     " in out
    assert "example:     CLICK HERE TO GET THE FOX NEWS APP" in out


def test_rules_show_unknown_code_exits_2_with_did_you_mean() -> None:
    status, out, err = _show("heuristic.link-lst")
    assert status == 2
    assert out == ""
    assert "unknown rule 'heuristic.link-lst'; did you mean: heuristic.link-list" in err
    status, _, err = _show("promo:foxnews.app-downlod")
    assert status == 2
    assert "did you mean: foxnews.app-download" in err


def test_rules_show_looks_in_the_packs_given(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(_pack(GOOD_RULE), encoding="utf-8")
    assert _show("promo:mine.promo")[0] == 2
    status, out, _ = _show("promo:mine.promo", "--packs", str(path))
    assert status == 0
    assert "example:     Try the widget gizmo" in out
