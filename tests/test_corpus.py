"""Corpus scale: learned boilerplate and near-duplicate articles (single process)."""

from __future__ import annotations

import json
import random
import tomllib
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import newsclean
from newsclean import corpus
from newsclean.corpus.minhash import MinHashOptions
from newsclean.corpus.packfile import toml_comment, toml_string
from newsclean.errors import ConfigError
from newsclean.rules import parse_pack

from .conftest import CORPUS, load_corpus
from .promo_devset import evaluate
from .synth_corpus import boilerplate_corpus, duplicates_corpus, pair_scores

pytest.importorskip("numpy")


@pytest.fixture(scope="module")
def bp() -> tuple[list[dict[str, Any]], set[tuple[str, str]], set[str]]:
    return boilerplate_corpus(articles_per_site=60)


@pytest.fixture(scope="module")
def learned(bp: Any) -> corpus.Learned:
    return corpus.learn_boilerplate(bp[0])


# ----------------------------------------------------------------- learned boilerplate


def test_learned_pack_removes_the_planted_boilerplate_and_no_reporting(
    bp: Any, learned: corpus.Learned, tmp_path: Any
) -> None:
    records, planted, quotes = bp
    pack = tmp_path / "learned.toml"
    pack.write_text(learned.to_toml(), encoding="utf-8")
    removed_planted = 0
    for record in records:
        lines = set(record["text"].split("\n\n"))
        kept = set(newsclean.clean(record["text"], packs=[str(pack)]).split("\n\n"))
        boiler = {line for site, line in planted if site == record["outlet"]}
        removed_planted += len((lines & boiler) - kept)
        # every line that is not boilerplate is kept, the widely quoted ones included
        assert (lines - boiler) <= kept
    planted_in_docs = sum(
        len(set(r["text"].split("\n\n")) & {x for s, x in planted if s == r["outlet"]})
        for r in records
    )
    assert removed_planted / planted_in_docs >= 0.95
    learned_text = " ".join(e for rule in learned.rules for e in rule.examples)
    assert not any(q in learned_text for q in quotes)


def test_widely_quoted_sentences_are_held_back_with_a_reason(
    bp: Any, learned: corpus.Learned
) -> None:
    _, _, quotes = bp
    held = {r.example: r.reason for r in learned.rejected}
    quoted = [q for q in quotes if q in held]
    assert quoted, "the planted quotes recur often enough to be considered"
    assert all("same story" in held[q] or "day(s) only" in held[q] for q in quoted)


def test_time_spread_alone_holds_back_news_of_the_day() -> None:
    # the articles share no topic words: only the dates tell the line apart
    words = ["river", "harvest", "bridge", "museum", "budget", "tunnel", "orchard", "library"]
    other = ["ferry", "stadium", "clinic", "market", "school", "garden", "airport", "canal"]
    docs = [
        {
            "outlet": "Planet",
            "date": "2026-03-01",
            "text": f"On the {w}.\nStorm warning for the coast.",
        }
        for w in words
    ] + [
        {"outlet": "Planet", "date": f"2026-03-{i + 2:02d}", "text": f"On the {w}."}
        for i, w in enumerate(other)
    ]
    got = corpus.learn_boilerplate(docs)
    assert not got.rules
    assert "day(s) only" in got.rejected[0].reason
    for i, d in enumerate(docs[:8]):
        d["date"] = f"2026-03-{i + 1:02d}"
    assert [r.examples[0] for r in corpus.learn_boilerplate(docs).rules] == [
        "Storm warning for the coast."
    ]


def test_each_rule_shows_support_and_examples(learned: corpus.Learned) -> None:
    assert learned.rules
    for rule in learned.rules:
        assert rule.support >= 5
        assert rule.share >= 0.2
        assert rule.examples
        assert rule.days is not None
        assert rule.days >= 3
        assert rule.topic_lift <= 2.0
        assert f"in {rule.support} of {rule.site_docs}" in rule.evidence


def test_pack_file_loads_like_any_pack_and_names_the_evidence(learned: corpus.Learned) -> None:
    text = learned.to_toml(name="planet")
    data = tomllib.loads(text)
    assert data["pack"]["name"] == "planet"
    pack = parse_pack(text, "learned.toml")  # every rule catches its own examples
    assert len(pack.rules) == len(learned.rules)
    assert all(r.family == "boilerplate" for r in pack.rules)
    for rule in learned.rules:
        assert f"# {rule.site}: {rule.evidence}" in text


INJECTION = "Planet\n[[rule]]\nid='x'\npattern='.*'"


def _briefing_docs(outlet: str) -> list[dict[str, Any]]:
    topics = ["rain", "budget", "election", "harvest", "football", "museum"]
    return [
        {"outlet": outlet, "text": f"On the {t}.\nThe Planet Briefing, every weekday."}
        for t in topics
    ]


def test_a_site_name_cannot_inject_a_rule_into_the_pack_file() -> None:
    learned = corpus.learn_boilerplate(_briefing_docs(INJECTION))
    assert [r.site for r in learned.rules] == [INJECTION]
    text = learned.to_toml()
    data = tomllib.loads(text)
    assert [r["id"] for r in data["rule"]] == [r.rule_id for r in learned.rules]
    assert data["rule"][0]["outlet"] == INJECTION  # kept whole, as a string
    pack = parse_pack(text, "learned.toml")
    assert [r.id for r in pack.rules] == [r.rule_id for r in learned.rules]
    assert [(r.pattern, r.outlet) for r in pack.rules] == [
        (r.pattern, INJECTION) for r in learned.rules
    ]
    # the evidence comment names the site on one line, its line breaks shown escaped
    comment = f"# {INJECTION}: {learned.rules[0].evidence}".replace("\n", "\\n")
    assert comment in text.splitlines()
    assert text.splitlines().count("[[rule]]") == 1
    for line in text.splitlines():
        assert line == "" or line.startswith(("#", "[")) or " = " in line, line


@pytest.mark.parametrize(
    "outlet",
    [
        'Planet "Daily" \\ News',
        "Planet\rNews\u2028[x]",
        "Planet\x00\x1b\x7f\x85News",
        "Planet \U000e0001 News",  # a format character beyond the BMP: \\U escape
        "Planet \ud800 News",  # a lone surrogate (from JSON): no TOML escape, so U+FFFD
    ],
)
def test_every_string_in_the_pack_file_is_escaped(outlet: str) -> None:
    learned = corpus.learn_boilerplate(_briefing_docs(outlet))
    text = learned.to_toml()
    text.encode("utf-8")  # writable as UTF-8
    got = tomllib.loads(text)["rule"][0]["outlet"]
    assert got == outlet.replace("\ud800", "\ufffd")
    assert len(parse_pack(text, "learned.toml").rules) == 1


@given(st.text())
def test_toml_strings_and_comments_read_back(value: str) -> None:
    assert tomllib.loads(f"v = {toml_string(value)}") == {"v": value}
    assert tomllib.loads(f"{toml_comment(value)}\nv = 1") == {"v": 1}


def test_near_duplicate_variants_join_one_rule(learned: corpus.Learned) -> None:
    # the generator prints two wordings of the tips line and two copyright years
    tips = [r for r in learned.rules if any("story idea" in e for e in r.examples)]
    assert tips
    assert any(len(r.keys) == 2 for r in tips)


def test_digits_are_normalised_so_years_do_not_split_a_line() -> None:
    assert corpus.line_key("© 2024 Planet Media.") == corpus.line_key("© 2025  PLANET media")
    rule = corpus.LearnedRule("S", "learned.s-1", ("0 planet media",), ("x",), 5, 5, None, 1.0)
    pack = parse_pack(
        '[pack]\nname = "t"\nversion = "1"\ndescription = "t"\n[[rule]]\nid = "t.a"\n'
        f"family = \"boilerplate\"\nregex = true\npattern = '{rule.pattern}'\n"
        'description = "d"\nexamples = ["© 1999 Planet Media", "2031 planet media."]\n',
        "t",
    )
    assert pack.rules[0].id == "t.a"


def test_learning_does_not_depend_on_order_or_sample_merging(bp: Any) -> None:
    records = list(bp[0])
    first = corpus.learn_boilerplate(records, sample=40)
    random.Random(3).shuffle(records)
    assert corpus.learn_boilerplate(records, sample=40) == first
    # merging samples built in any split equals one sample of everything
    options = corpus.LearnOptions(sample=40)
    halves: list[dict[str, corpus.SiteSample]] = [{}, {}]
    for i, record in enumerate(records):
        got = corpus.learn_features(record, options)
        assert got is not None
        halves[i % 2].setdefault(got[0], corpus.SiteSample(40)).add(got[1])
    merged = {s: halves[0][s].merge(halves[1][s]) for s in halves[0]}
    assert corpus.finish_learning(merged, 0, options) == first


def test_records_without_a_site_or_text_are_counted_not_lost() -> None:
    got = corpus.learn_boilerplate([{"text": "x"}, {"outlet": "A"}, "not a record", {}])  # type: ignore[list-item]
    assert got.skipped == 4
    assert not got.rules


def test_by_domain_reads_the_url() -> None:
    assert corpus.site_of({"url": "https://www.bbc.co.uk/news/1"}, "domain") == "bbc.co.uk"
    assert corpus.site_of({"domain": "example.org"}, "domain") == "example.org"
    assert corpus.site_of({"outlet": "  "}, "outlet") is None


@pytest.mark.parametrize(
    ("option", "value"),
    [("min_share", 0), ("min_share", 1.5), ("min_docs", 1), ("by", "site"), ("sample", 0)],
)
def test_bad_learning_options_name_the_option(option: str, value: Any) -> None:
    with pytest.raises(ConfigError, match=option):
        corpus.learn_boilerplate([], **{option: value})


def test_real_corpus_learns_no_line_of_reporting() -> None:
    records = load_corpus()
    got = corpus.learn_boilerplate(records)  # defaults: too few articles per outlet
    assert got.rules == ()
    # with the bar lowered to two articles, the learned pack removes no labelled body line
    # of the dev set, and catches promo the built-in packs miss
    loose = corpus.learn_boilerplate(records, min_docs=2, min_share=0.1)
    base = evaluate(CORPUS)
    with_pack = evaluate(CORPUS, packs=[loose.to_toml()])
    assert with_pack["body"] == base["body"]
    assert with_pack["body"][0] == with_pack["body"][1]
    assert sum(with_pack["found"].values()) > sum(base["found"].values())


# ----------------------------------------------------------------- near-duplicate articles


@pytest.fixture(scope="module")
def dups() -> tuple[list[dict[str, Any]], dict[str, int]]:
    return duplicates_corpus(stories=200)


@pytest.fixture(scope="module")
def found(dups: Any) -> corpus.Duplicates:
    return corpus.find_duplicates(dups[0])


def test_planted_duplicates_are_found_at_high_precision(
    dups: Any, found: corpus.Duplicates
) -> None:
    precision, recall, _, true_pairs = pair_scores(found.clusters, dups[1])
    assert true_pairs > 100
    assert precision >= 0.99
    assert recall >= 0.95


def test_syndicated_copies_cluster_because_cleaning_comes_first(dups: Any) -> None:
    records, story_of = dups
    syndicated = [r for r in records if r["kind"] == "syndicated"][:10]
    originals = {story_of[r["id"]]: r for r in records if r["id"].endswith("-0")}
    sample = [r for s in syndicated for r in (s, originals[story_of[s["id"]]])]
    cleaned = corpus.find_duplicates(sample)
    raw = corpus.find_duplicates(
        sample, clean=False, threshold=0.95, containment=None, furniture=False
    )
    assert len(cleaned.clusters) == len({story_of[r["id"]] for r in syndicated})
    assert len(raw.clusters) < len(cleaned.clusters)


def test_same_event_articles_are_not_duplicates(dups: Any, found: corpus.Duplicates) -> None:
    _records, story_of = dups
    for members in found.clusters.values():
        assert len({story_of[m] for m in members}) == 1


def test_every_clustered_record_has_a_decision_and_one_is_kept(found: corpus.Duplicates) -> None:
    for kept, members in found.clusters.items():
        assert members[0] == kept
        assert found.decisions[kept].keep
        for other in members[1:]:
            d = found.decisions[other]
            assert not d.keep
            assert d.cluster == kept
            assert kept in d.reason
    assert found.decision("no-such-id").reason == "unique"


def _trio() -> list[dict[str, Any]]:
    body = " ".join(f"Sentence {i} of the council report on the river bridge." for i in range(30))
    return [
        {"id": "b", "outlet": "Valley Times", "date": "2026-01-03", "text": body + " Extra."},
        {"id": "a", "outlet": "Associated Press", "date": "2026-01-02", "text": body},
        {"id": "c", "outlet": "Morning Star", "date": "2026-01-01", "text": body + " More."},
    ]


@pytest.mark.parametrize(("policy", "kept"), [("earliest", "c"), ("prefer_source", "a")])
def test_policies_choose_the_kept_copy(policy: str, kept: str) -> None:
    got = corpus.find_duplicates(_trio(), policy=policy)  # type: ignore[arg-type]
    assert list(got.clusters) == [kept]


def test_longest_policy_and_prefer_list() -> None:
    got = corpus.find_duplicates(_trio())
    assert got.decisions[next(iter(got.clusters))].reason.startswith("kept: longest")
    assert next(iter(got.clusters)) in {"b", "c"}
    assert list(
        corpus.find_duplicates(_trio(), policy="prefer_source", prefer=["Morning Star"]).clusters
    ) == ["c"]


def test_exact_duplicates_are_found_by_hash_first() -> None:
    recs = [{"id": str(i), "text": "Same short text."} for i in range(3)]
    got = corpus.find_duplicates(recs)
    assert got.clusters == {"0": ("0", "1", "2")}
    assert all("exact duplicate" in got.decisions[i].reason for i in ("1", "2"))


def test_dedupe_does_not_depend_on_order(dups: Any, found: corpus.Duplicates) -> None:
    records = list(dups[0])
    random.Random(5).shuffle(records)
    assert corpus.find_duplicates(records) == found


def test_ids_default_to_position_and_must_be_unique() -> None:
    got = corpus.find_duplicates([{"text": "One text here."}, {"text": "One text here."}])
    assert got.clusters == {"0": ("0", "1")}
    with pytest.raises(ConfigError, match="not unique"):
        corpus.find_duplicates([{"id": 1, "text": "a"}, {"id": 1, "text": "b"}])
    with pytest.raises(ValueError, match="record 0 has no string field 'text'"):
        corpus.find_duplicates([{"id": 1, "body": "a"}])


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("threshold", 0),
        ("threshold", 1.2),
        ("containment", 0),
        ("containment", 1.5),
        ("min_shingles", 0),
        ("shingle", 0),
        ("policy", "random"),
    ],
)
def test_bad_dedupe_options_name_the_option(option: str, value: Any) -> None:
    with pytest.raises(ConfigError, match=option):
        corpus.find_duplicates([], **{option: value})


def test_lsh_proposes_pairs_at_the_threshold_almost_always() -> None:
    bands, rows = corpus.lsh_params(0.8, 128)
    assert bands * rows <= 128
    assert 1 - (1 - 0.8**rows) ** bands >= 0.99
    assert 1 - (1 - 0.3**rows) ** bands < 0.02  # unrelated articles are rarely proposed


def test_annotate_adds_the_three_fields() -> None:
    got = corpus.find_duplicates([{"id": "x", "text": "Alone."}])
    out = got.annotate({"id": "x", "text": "Alone."}, "x")
    assert json.loads(json.dumps(out))["dup_reason"] == "unique"
    assert out["dup_keep"] is True
    assert out["dup_cluster"] == "x"


def test_minhash_estimates_the_jaccard_similarity_of_the_shingles() -> None:
    rng = random.Random(9)
    options = MinHashOptions()
    vocabulary = [f"w{i}" for i in range(400)]
    errors = []
    for _ in range(200):
        words = [rng.choice(vocabulary) for _ in range(rng.randint(50, 3000))]  # > one block
        edited = list(words)
        for _ in range(rng.randint(0, len(words) // 5)):
            edited[rng.randrange(len(edited))] = rng.choice(vocabulary)
        a, b = " ".join(words), " ".join(edited)
        sa, sb = set(corpus.shingles(a, 3)), set(corpus.shingles(b, 3))
        exact = len(sa & sb) / len(sa | sb)
        errors.append(
            corpus.similarity(corpus.minhash(a, options), corpus.minhash(b, options)) - exact
        )
    mean = sum(errors) / len(errors)
    spread = (sum(e * e for e in errors) / len(errors)) ** 0.5
    assert abs(mean) < 0.01  # unbiased
    assert spread < 0.05  # sqrt(J(1-J)/128) is at most 0.044


def test_minhash_of_equal_texts_is_equal_and_of_different_ones_is_not() -> None:
    options = MinHashOptions()
    text = "The council voted on Tuesday to close the old bridge for repairs."
    assert corpus.minhash(text, options) == corpus.minhash(text.upper(), options)
    other = corpus.minhash("A harvest festival opens in the valley this weekend.", options)
    assert corpus.similarity(corpus.minhash(text, options), other) < 0.1
    assert len(corpus.minhash("", options)) == 4 * options.num_perm
