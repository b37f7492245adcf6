"""Every reason newsclean prints resolves to a description and a docs section that exists
(issue #17, item 10): on the real corpus, on generated articles that exercise every code,
and for every code string written in the filters' source."""

from __future__ import annotations

import ast
import functools
import json
import re
import shutil
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

import newsclean
from newsclean import Pipeline
from newsclean.model import Change
from newsclean.reasons import REASONS, Explanation, UnknownReason, resolve, slugify, suggest
from newsclean.report import Aggregates, rule_of
from newsclean.rules import FAMILIES, builtin_pack_names, load_pack

from .conftest import CORPUS, ROOT

SRC = ROOT / "src" / "newsclean"
DOCS = ROOT / "docs"
# The entries a change can carry as its code or rule (the others are families, filters
# and the guard, which summaries print).
EMITTABLE = {k for k, r in REASONS.items() if r.kind in {"code", "heuristic", "label", "model"}}


@functools.cache
def _anchors(page: str) -> frozenset[str]:
    """The ids MkDocs gives the headings of a docs page: Python-Markdown's toc when it is
    installed (the [docs] extra), else the headings outside code blocks, slugified alike."""
    text = (DOCS / page).read_text(encoding="utf-8")
    try:
        import markdown  # type: ignore[import-untyped,unused-ignore]
    except ImportError:
        text = re.sub(r"^```.*?^```", "", text, flags=re.MULTILINE | re.DOTALL)
        headings = re.findall(r"^#{1,6} (.+?)\s*$", text, flags=re.MULTILINE)
        return frozenset(slugify(h) for h in headings)
    md = markdown.Markdown(extensions=["toc", "tables"])
    md.convert(text)
    ids: set[str] = set()

    def walk(tokens: Iterable[dict[str, Any]]) -> None:
        for token in tokens:
            ids.add(token["id"])
            walk(token["children"])

    walk(md.toc_tokens)
    return frozenset(ids)


def _docs_exist(found: Explanation) -> None:
    page, _, anchor = found.docs.partition("#")
    assert (DOCS / page).is_file(), found.docs
    assert anchor in _anchors(page), f"{found.query}: no section #{anchor} in docs/{page}"


def _forms(change: Change) -> list[str]:
    """Every form in which newsclean prints this change's reason or counts it."""
    rule = rule_of(change)
    forms = [
        change.reason,  # the audit trail, --explain
        change.code,
        change.family,  # the run summary's "lines removed by rule family"
        rule,  # the report's per-rule chart
        Aggregates().family(rule),  # the report's per-family chart
        f"{change.filter}/{change.code}",  # Cleaned.stats
    ]
    if change.filter in REASONS:  # a built-in step (a user's step names itself)
        forms.append(change.filter)
    if change.rule:
        forms.append(f"{change.code}:{change.rule}")  # newsclean stats
    return forms


def _check_changes(changes: Iterable[Change]) -> set[str]:
    """Resolve every form of every change; return the registry entries they named."""
    named: set[str] = set()
    for change in changes:
        for form in _forms(change):
            found = resolve(form)
            _docs_exist(found)
        found = resolve(change.reason)
        if change.code in {"promo", "promo_span"}:
            assert found.key == change.rule, change.reason
            assert found.code == change.code
        else:
            assert found.key == change.code, change.reason
        named |= {change.code, found.key if found.key in REASONS else "<pack rule>"}
        if change.code == "function":
            assert found.detail == change.rule
    return named


def _body(n: int) -> list[str]:
    return [
        f"The council met on Tuesday to discuss item {i} of the budget, officials said."
        for i in range(n)
    ]


def generated_article() -> str:
    """A synthetic article holding every kind of change newsclean makes (written here)."""
    body = _body(7)
    return "\n".join(
        [
            "NEWThe minister said on Tuesday that the budget would be balanced within three "
            "years, despite the protests outside.",
            "Tap here to get alerts on your phone",
            body[0],
            "RUSSIA INVADES UKRAINE: LIVE UPDATES",
            body[1],
            "The mayor spoke to reporters at length about the state of the roads and the "
            "bridges in the city. Click here to get the Fox News app.",
            "Sign up for our newsletter. The mayor spoke to reporters at length about the "
            "state of the roads and the bridges in the city this week.",
            "Most read in world news",
            "Plane goes missing over the sea",
            "Storm hits the coast at night",
            body[2],
            "You can read more about it here.",
            "Plane goes missing over the ocean again",
            "Storm hits the northern coast",
            body[3],
            "Image copyright Getty Images",
            "Biden\u00e2\u20ac\u2122s plan &amp; more   ",
            "   ",
            body[4],
            "",
            "",
            "Members of our community can join the conversation by registering for a free "
            "account today",
            "Get unlimited access to all of our journalism for just one dollar a week",
            "Crowds gather at the harbour to watch the tall ships arrive on Sunday",
            body[6],
            "Crowds gather at the harbour to watch the tall ships arrive on Sunday "
            "(Photo: Jane Doe/Example Wire)",
            "12 PHOTOS The bridge through the years See Gallery The bridge through the years",
            "CLOSE The mayor explains the bridge plan in two minutes. Example Network",
            "Photos: The bridge The old span. Hide Caption 1 of 2 The new one. Hide Caption 2 of 2",
            "PHOTOS: The bridge through the years",
            "DROP THIS LINE, FUNCTION",
            "Jane Doe/Example Images",
            "About Example Health",
            "Example Health is a nonprofit network of clinics and hospitals in the valley.",
            "Example Health also runs a mobile clinic that visits twelve rural towns.",
            "Legacy Edit",
            body[5],
            "Reception Edit",
            "Jane Doe is a freelance writer based in the valley.",
            "Relive the moment:",
            "Do you agree with the mayor?",
        ]
    )


# a page ending on other stories' headlines (the generated article ends otherwise)
ENDING = "\n".join(
    [
        *_body(3),
        "The council voted on Monday to open three more clinics in the valley next year.",
        "Singer Opens Up About Her New Album",
        "Five Things to Know Before the Big Game",
    ]
)


def drop_marked(line: str) -> str | None:
    """A user's line function: drops one marked line."""
    return None if line.startswith("DROP THIS LINE") else line


def _runs(text: str, tmp_path: Path) -> list[Change]:
    custom = tmp_path / "team.npz"
    with resources.as_file(resources.files("newsclean.linemodel") / "default.npz") as bundled:
        shutil.copyfile(bundled, custom)
    changes: list[Change] = []
    runs: tuple[dict[str, Any], ...] = (
        {},
        {"strictness": "aggressive"},
        {"captions": "drop"},
        {"model": "default"},
        {"model": str(custom)},  # a model file of yours: model.custom
    )
    for options in runs:
        changes += newsclean.clean_and_explain(text, **options).changes
    with_function = Pipeline.default().insert(drop_marked, before="tidy_whitespace")
    changes += with_function.clean_and_explain(text).changes
    return changes


def test_every_code_a_generated_article_gets_resolves_and_all_are_exercised(
    tmp_path: Path,
) -> None:
    named = _check_changes(_runs(generated_article(), tmp_path) + _runs(ENDING, tmp_path))
    # the generated article reaches every code, heuristic, label and model newsclean has,
    # so an entry that nothing emits any more is found too
    assert named - {"<pack rule>"} == EMITTABLE
    assert "<pack rule>" in named


CORPUS_RUNS: tuple[dict[str, Any], ...] = ({}, {"model": "default"}, {"captions": "drop"})


def test_every_reason_on_the_real_corpus_resolves(tmp_path: Path) -> None:
    if not CORPUS.is_file():
        pytest.skip(f"real-news corpus not found at {CORPUS} (../shared is absent)")
    with CORPUS.open(encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh if line.strip()]
    changes: list[Change] = []
    for record in records:
        for options in CORPUS_RUNS:
            changes += newsclean.clean_and_explain(record["text"], **options).changes
    named = _check_changes(changes)
    # the heuristics behind a third of the removals are among them (issue #17, item 10)
    assert {"heuristic.link-list", "heuristic.allcaps-headline", "model.default"} <= named


def _literal(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr) and node.values:  # f"model.{name}": its prefix
        first = node.values[0]
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            return first.value + "*"
    return None


# Where a code or rule stands in the calls that make a change.
_POSITIONS = {"Why": (0, 1), "Change": (4, 5), "LineEdit": (1, 2)}


def source_codes() -> set[str]:
    """The code and rule strings written in the filters and the pipeline: arguments of
    ``Why``, ``Change`` and ``LineEdit``, and the (code, …) tuples the caption step keeps
    before making its changes. An f-string gives its constant prefix and ``*``."""
    found: set[str] = set()
    for path in [*sorted((SRC / "filters").glob("*.py")), SRC / "pipeline.py"]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                func = node.func
                name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
                args = [a for a in node.args if not isinstance(a, ast.Starred)]
                for i in _POSITIONS.get(name, ()):
                    if i < len(args) and len(args) == len(node.args):
                        found.add(_literal(args[i]) or "")
                for kw in node.keywords:
                    if name in _POSITIONS and kw.arg in {"code", "rule", "reason"}:
                        found.add(_literal(kw.value) or "")
            elif (
                isinstance(node, ast.Assign)
                and isinstance(node.value, ast.Tuple)
                and any(isinstance(t, ast.Subscript) for t in node.targets)
            ):
                for element in node.value.elts:
                    text = _literal(element)
                    if text and text.replace("_", "").isalpha() and text.islower():
                        found.add(text)
    found.discard("")
    return found


def test_every_code_written_in_the_filters_resolves() -> None:
    codes = source_codes()
    # the scan sees the codes (if this fails, the scan no longer finds them: fix it)
    assert {"promo", "encoding", "blank", "caption_duplicate_of", "function"} <= codes
    for code in codes:
        if code.endswith("*"):
            prefix = code[:-1]
            assert any(k.startswith(prefix) for k in REASONS), code
            continue
        found = resolve(code)
        _docs_exist(found)
    # every code and rule the registry lists is written in the source (none is stale)
    plain = {c for c in codes if not c.endswith("*")}
    prefixes = tuple(c[:-1] for c in codes if c.endswith("*"))
    assert {k for k in EMITTABLE if not k.startswith(prefixes)} == plain & EMITTABLE
    assert plain <= set(REASONS)


def test_every_registry_entry_and_pack_rule_has_a_docs_section() -> None:
    for key in REASONS:
        _docs_exist(resolve(key))
    for name in builtin_pack_names():
        _docs_exist(resolve(name))
        for rule in load_pack(name).rules:
            found = resolve(rule.id)
            assert found.rule == rule
            assert found.description == rule.description
            _docs_exist(found)
    assert set(REASONS) >= FAMILIES  # a pack rule links to its family's section
    _docs_exist(resolve("promo/app-download"))  # a summary key naming several rules


def test_the_forms_the_audit_trail_prints_resolve_to_the_same_entry() -> None:
    for query in (
        "promo:foxnews.app-download",
        "foxnews.app-download",
        "PROMO:FOXNEWS.APP-DOWNLOAD",
        " promo:foxnews.app-download ",
    ):
        assert resolve(query).key == "foxnews.app-download", query
    heuristic = resolve("promo:heuristic.link-list:after_heading")
    assert (heuristic.key, heuristic.code, heuristic.detail) == (
        "heuristic.link-list",
        "promo",
        "after_heading",
    )
    assert resolve("promo/link-list").key == "heuristic.link-list"
    assert resolve("promo:model.default:w:get+end:letter:score=0.990").key == "model.default"
    assert resolve("caption_duplicate_of:12:score=96.3").detail == "12:score=96.3"
    group = resolve("promo/app-download")
    assert {"foxnews.app-download", "generic.app-download"} <= set(group.related)
    assert "foxnews.app-download" in resolve("app").related  # a family lists its rules
    assert "foxnews.app-download" in resolve("foxnews").related  # so does a pack
    assert resolve("guard").key == "over_cleaned"


def test_a_users_own_pack_rule_resolves_when_its_pack_is_given(tmp_path: Path) -> None:
    pack = tmp_path / "mine.toml"
    pack.write_text(
        '[pack]\nname = "mine"\nversion = "1"\ndescription = "test pack"\n\n[[rule]]\n'
        'id = "mine.widget"\nfamily = "app"\npattern = "try the widget gizmo"\n'
        'description = "The gizmo prompt."\nexamples = ["Try the widget gizmo"]\n',
        encoding="utf-8",
    )
    with pytest.raises(UnknownReason):
        resolve("promo:mine.widget")
    found = resolve("promo:mine.widget", packs=[str(pack)])
    assert found.description == "The gizmo prompt."
    assert found.pack is not None
    assert found.pack.name == "mine"


@pytest.mark.parametrize(
    ("query", "meant"),
    [
        ("heuristic.linklist", "heuristic.link-list"),
        ("promo:heuristic.allcaps_headline", "heuristic.allcaps-headline"),
        ("promo:foxnews.app-downlod", "foxnews.app-download"),
        ("app-download", "generic.app-download"),  # a rule's name without its pack
        ("caption_duplicate", "caption_duplicate_of"),
    ],
)
def test_an_unknown_code_says_what_comes_closest(query: str, meant: str) -> None:
    with pytest.raises(UnknownReason) as info:
        resolve(query)
    assert meant in info.value.suggestions
    assert f"unknown rule {query!r}; did you mean: " in str(info.value)
    assert meant in suggest(query)


def test_nothing_close_suggests_nothing() -> None:
    with pytest.raises(UnknownReason) as info:
        resolve("zzzzzz")
    assert info.value.suggestions == ()
    assert "did you mean" not in str(info.value)
