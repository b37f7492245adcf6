"""Learned packs always load: learn → load → clean on a generated multi-site corpus with
hostile site names, variable boilerplate and real recurring lines (issue #15, point 3)."""

from __future__ import annotations

import io
import json
import tomllib
from pathlib import Path
from typing import Any

import pytest

import newsclean
from newsclean import corpus
from newsclean.cli import main
from newsclean.corpus.learned import LearnedRule, checked_rules
from newsclean.corpus.templates import template_of, template_pattern
from newsclean.errors import ConfigError, RuleError
from newsclean.rules import load_pack, parse_pack
from newsclean.rules.loader import example_problems, scoped

from .synth_sites import HOSTILE_NAMES, SitesCorpus, score_clean, score_pack, sites_corpus


@pytest.fixture(scope="module")
def made() -> SitesCorpus:
    return sites_corpus(seed=5, sites=12, articles_per_site=150)


@pytest.fixture(scope="module")
def learned(made: SitesCorpus) -> corpus.Learned:
    return corpus.learn_boilerplate(made.records)


@pytest.fixture(scope="module")
def pack_file(learned: corpus.Learned, tmp_path_factory: Any) -> Path:
    path: Path = tmp_path_factory.mktemp("packs") / "learned.toml"
    path.write_text(learned.to_toml(), encoding="utf-8")
    return path


def test_the_learned_pack_loads_and_every_site_has_rules(
    made: SitesCorpus, learned: corpus.Learned, pack_file: Path
) -> None:
    pack = load_pack(str(pack_file))  # raises RuleError on any example problem
    assert len(pack.rules) == len(learned.rules) > 0
    assert {r.outlet for r in pack.rules} == {s.name.replace("\r\n", "\r\n") for s in made.sites}
    assert example_problems(pack) == []


def test_round_trip_removes_the_boilerplate_and_no_reporting(
    made: SitesCorpus, pack_file: Path
) -> None:
    got = score_clean(made, [str(pack_file)])
    assert got.f1 >= 0.95, (got.precision, got.recall)
    assert got.body_removed <= 0.005
    assert not got.recurring_hit
    # the learned rules alone (each article seen with its own site's rules) do the work
    rules = score_pack(made, pack_file.read_text(encoding="utf-8"))
    assert rules.f1 >= 0.95
    assert not rules.recurring_hit
    without = score_clean(made, [])
    assert without.recall < 0.8  # the corpus's boilerplate is not what built-ins remove


def test_real_recurring_lines_are_held_back_with_their_reason(
    made: SitesCorpus, learned: corpus.Learned
) -> None:
    learned_lines = {e for r in learned.rules for e in r.examples}
    assert not learned_lines & made.recurring
    reasons = {r.reason for r in learned.rejected if r.example in made.recurring}
    assert any("share a topic" in r for r in reasons), reasons  # a desk's stock sentence
    assert any("quoted" in r or "same story" in r for r in reasons), reasons


def test_hostile_site_names_are_data_not_toml(
    made: SitesCorpus, learned: corpus.Learned, pack_file: Path
) -> None:
    text = pack_file.read_text(encoding="utf-8")
    data = tomllib.loads(text)
    assert [r["id"] for r in data["rule"]] == [r.rule_id for r in learned.rules]
    hostile = set(HOSTILE_NAMES[:4])
    assert hostile <= {r["outlet"] for r in data["rule"]}
    domains = {s.name: s.domain for s in made.sites}
    for rule in data["rule"]:
        # the site's name, then the registered domain its articles' urls share
        assert rule["sites"] == [rule["outlet"], domains[rule["outlet"]]]
        assert rule["pattern"] != ".*"
    # one [[rule]] header per learned rule: no name opened a table of its own
    assert sum(line == "[[rule]]" for line in text.splitlines()) == len(learned.rules)


def test_a_rule_applies_whichever_name_the_source_gives(made: SitesCorpus, pack_file: Path) -> None:
    pack = load_pack(str(pack_file))
    site = made.sites[-1]
    by_name = scoped(pack, site.name).rules
    assert by_name
    assert all(r.outlet == site.name for r in by_name)
    for host in site.hosts:  # www., edition. and the bare domain: one registered domain
        assert scoped(pack, f"https://{host}/news/1").rules == by_name


def test_patterns_generalise_the_variable_parts_instead_of_listing_samples() -> None:
    # every article is dated in the first half of the year, at morning times
    docs = [
        {
            "outlet": "Planet",
            "date": f"2026-0{1 + i % 6}-{1 + i % 27:02d}",
            "text": f"On the {topic} number {i}.\n"
            f"Updated {1 + i % 11}:{i % 60:02d} AM ET, {['Monday', 'Tuesday'][i % 2]}, "
            f"{['January', 'February', 'March', 'April', 'May', 'June'][i % 6]} {1 + i % 27}",
        }
        for i, topic in enumerate(
            [
                "rain",
                "budget",
                "election",
                "harvest",
                "football",
                "museum",
                "bridge",
                "tunnel",
                "orchard",
                "ferry",
            ]
        )
    ]
    got = corpus.learn_boilerplate(docs)
    assert len(got.rules) == 1
    pack = parse_pack(got.to_toml(), "learned.toml")
    unseen = "Updated 11:59 PM EST, Sunday, December 31"  # a month, day and zone never seen
    text = f"Budget vote tonight.\n{unseen}"
    assert newsclean.clean(text, packs=[got.to_toml()], source="Planet") == "Budget vote tonight."
    assert pack.rules[0].pattern.count("december") == 1  # the class, not the samples


@pytest.mark.parametrize(
    ("line", "other"),
    [
        ("Photo 3 of 12", "Photo 10 of 4"),
        ("Join 102,938 readers who get Planet Daily.", "Join 7 readers who get Planet Daily."),
        ("Subscribe for just $4.99 a month.", "Subscribe for just $12 a year."),
        ("Posted 3 hours ago", "Posted 45 minutes ago"),
        ("Published Friday, April 17, 2026 at 1:22 p.m.", "Published Mon, Sept 3, 1999 at 10 am"),
    ],
)
def test_a_template_catches_other_values_of_its_variable_parts(line: str, other: str) -> None:
    import re2  # type: ignore[import-untyped]

    from newsclean.rules import match_key

    pattern = template_pattern(template_of(line))
    options = re2.Options()
    options.case_sensitive = False
    compiled = re2.compile(pattern, options)
    assert compiled.fullmatch(match_key(line))
    assert compiled.fullmatch(match_key(other))
    assert not compiled.fullmatch(match_key("The council voted on the budget on Tuesday."))


def test_rules_are_scoped_to_their_site_so_shared_formats_load() -> None:
    # two sites print the same format: unscoped, one site's rule claimed the other's line
    topics = ["rain", "budget", "election", "harvest", "football", "museum", "bridge", "tunnel"]
    docs = [
        {"outlet": site, "text": f"{site} on the {t} {i}.\nListen to this story: {i + 2} minutes"}
        for site in ("Planet", "Orbit")
        for i, t in enumerate(topics)
    ]
    got = corpus.learn_boilerplate(docs)
    assert sorted(r.site for r in got.rules) == ["Orbit", "Planet"]
    pack = parse_pack(got.to_toml(), "learned.toml")
    assert [sorted(r.sites) for r in pack.rules] == [["orbit"], ["planet"]]
    assert [r.outlet for r in scoped(pack, "Planet").rules] == ["Planet"]
    assert scoped(pack, "Comet").rules == ()
    assert scoped(pack, None) is pack  # no source: nothing to scope by


def test_the_loader_cross_checks_examples_within_a_site_only() -> None:
    head = '[pack]\nname = "l"\nversion = "1"\ndescription = "d"\n'
    rule = (
        '[[rule]]\nid = "l.{id}"\nfamily = "boilerplate"\nregex = true\n'
        "pattern = '\\W*listen\\W+to\\W+this\\W+story\\W*'\ndescription = \"d\"\n"
        'examples = ["Listen to this story"]\n{sites}\n'
    )
    both = rule.format(id="a", sites='sites = ["a.com"]') + rule.format(
        id="b", sites='sites = ["b.com"]'
    )
    assert len(parse_pack(head + both, "l.toml").rules) == 2
    same = rule.format(id="a", sites='sites = ["a.com"]') + rule.format(
        id="b",
        sites='sites = ["www.a.com"]',  # one registered domain: one site
    )
    with pytest.raises(RuleError, match=r"matched l\.a"):
        parse_pack(head + same, "l.toml")
    with pytest.raises(RuleError, match="sites"):
        parse_pack(head + rule.format(id="a", sites="sites = []"), "l.toml")


def test_an_empty_pack_is_valid_and_clean_loads_it(tmp_path: Path) -> None:
    got = corpus.learn_boilerplate([{"outlet": "Planet", "text": "One story."}])
    assert got.rules == ()
    path = tmp_path / "empty.toml"
    path.write_text(got.to_toml(), encoding="utf-8")
    assert load_pack(str(path)).rules == ()
    assert newsclean.clean("One story.\nAdvertisement", packs=[str(path)]) == "One story."
    out, err = io.StringIO(), io.StringIO()
    stdin = io.TextIOWrapper(io.BytesIO(b"One story.\n"), encoding="utf-8")
    assert main(["clean", "-", "--packs", str(path)], stdin=stdin, stdout=out, stderr=err) == 0


def test_a_rule_that_misses_its_own_examples_is_held_back_not_written() -> None:
    good = LearnedRule(
        "S", "learned.s-1", ("planet briefing",), ("Planet Briefing",), 5, 5, None, 1
    )
    bad = LearnedRule(
        "S", "learned.s-2", ("orbit news",), ("Orbit News", "Something else"), 5, 5, None, 1
    )
    kept, dropped = checked_rules([good, bad])
    assert [r.rule_id for r in kept] == ["learned.s-1", "learned.s-2"]
    assert kept[1].examples == ("Orbit News",)  # the example it misses is left out
    worse = LearnedRule("S", "learned.s-3", ("orbit news",), ("Nothing alike",), 5, 5, None, 1)
    kept, dropped = checked_rules([good, worse])
    assert [r.rule_id for r in kept] == ["learned.s-1"]
    assert [d.example for d in dropped] == ["Nothing alike"]


def _run(argv: list[str], stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    stdin_io = io.TextIOWrapper(io.BytesIO(stdin.encode()), encoding="utf-8")
    return main(argv, stdin=stdin_io, stdout=out, stderr=err), out.getvalue(), err.getvalue()


def test_learn_by_domain_without_urls_fails_fast_naming_the_fields(tmp_path: Path) -> None:
    records = [{"id": i, "outlet": "Planet", "text": f"Story {i}."} for i in range(20)]
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    out = tmp_path / "pack.toml"
    code, _, err = _run(["learn", str(src), "--by", "domain", "-o", str(out)])
    assert code == 2
    assert "'url'" in err
    assert "fields present: id, outlet, text" in err
    assert not out.exists()
    with pytest.raises(ConfigError, match="by='outlet'"):
        corpus.learn_boilerplate(records, by="domain")
    with pytest.raises(ConfigError, match="by='domain'"):
        corpus.learn_boilerplate([{"url": "https://a.com/x", "text": "x"}])


def test_learning_stops_early_when_no_record_has_the_field() -> None:
    seen = 0

    def records() -> Any:
        nonlocal seen
        for i in range(10_000):
            seen += 1
            yield {"id": i, "text": "x"}

    with pytest.raises(ConfigError):
        corpus.learn_boilerplate(records(), by="domain")
    assert seen < 10_000


def test_dask_learns_the_same_pack_and_fails_the_same_way(made: SitesCorpus) -> None:
    db = pytest.importorskip("dask.bag")
    from newsclean import dask as nd

    records = made.records[:600]
    single = corpus.learn_boilerplate(records, by="domain")
    bag = db.from_sequence(records, npartitions=5)
    assert nd.learn_boilerplate(bag, by="domain").to_toml() == single.to_toml()
    bare = db.from_sequence([{"id": i, "text": "x"} for i in range(30)], npartitions=3)
    with pytest.raises(ConfigError, match="fields present: id, text"):
        nd.learn_boilerplate(bare, by="domain")


# -- a site's rules apply to that site only, through clean() and the command line ------------

_SITE_PACK = """\
[pack]
name = "learned-two-sites"
version = "1"
description = "two sites print the same line"

[[rule]]
id = "learned.planet.briefing"
family = "boilerplate"
pattern = "Get the Planet Briefing"
description = "planet.com's newsletter line"
examples = ["Get the Planet Briefing"]
sites = ["planet.com"]

[[rule]]
id = "learned.planet.updated"
family = "boilerplate"
pattern = "Updated \\\\d+ minutes ago"
regex = true
description = "planet.com's update stamp"
examples = ["Updated 5 minutes ago"]
sites = ["planet.com"]
"""

_SITE_TEXT = "Get the Planet Briefing\nUpdated 5 minutes ago\nThe council met on Monday."


def test_a_sites_rules_apply_to_that_site_only(tmp_path) -> None:
    import json

    from newsclean import clean
    from newsclean.cli import main

    pack = tmp_path / "site.toml"
    pack.write_text(_SITE_PACK, encoding="utf-8")
    body = "The council met on Monday."
    assert clean(_SITE_TEXT, packs=[str(pack)], source="https://news.planet.com/a") == body
    assert clean(_SITE_TEXT, packs=[str(pack)], source="https://moon.org/a") == _SITE_TEXT
    assert clean(_SITE_TEXT, packs=[str(pack)]) == body  # no source: nothing to scope by

    records = [
        {"id": 1, "url": "https://www.planet.com/x", "text": _SITE_TEXT},
        {"id": 2, "url": "https://moon.org/y", "text": _SITE_TEXT},
    ]
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["clean", str(src), "--packs", str(pack), "-o", str(out), "-q"]) == 0
    texts = [json.loads(line)["text"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert texts == [body, _SITE_TEXT]
