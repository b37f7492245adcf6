"""Generated corpora with known answers, for the corpus-scale tests and benchmarks/corpus.py.

Nothing here is real text: words are made of syllables, so articles on different events
share only common words, articles on the same event share its names and its quote, and
every planted piece (site boilerplate, a widely quoted sentence, a syndicated or edited
copy) is known. The same seed always gives the same corpus.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

_SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"] + ["an", "el", "or", "is", "um"]
COMMON = [
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
    "this",
    "it",
    "was",
    "is",
    "are",
    "were",
    "has",
    "have",
    "had",
    "will",
    "would",
    "after",
    "before",
    "over",
    "under",
    "about",
    "into",
    "its",
    "their",
    "his",
    "her",
    "they",
    "he",
    "she",
    "officials",
    "people",
    "city",
    "government",
    "report",
    "said",
    "told",
    "week",
    "year",
    "day",
    "new",
    "first",
    "last",
    "two",
    "three",
    "several",
    "many",
    "more",
    "most",
    "other",
    "local",
    "national",
    "state",
    "public",
    "police",
    "court",
]


def _word(rng: random.Random, syllables: int = 3) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(syllables))


@dataclass(frozen=True)
class Event:
    names: tuple[str, ...]  # capitalised names: people, places
    words: tuple[str, ...]  # topic words
    quote: str  # a statement every article on the event quotes
    background: tuple[str, ...]  # sentences of background that many articles repeat
    day: date


def make_event(rng: random.Random, start: date, days: int) -> Event:
    names = tuple(_word(rng, 2).capitalize() + " " + _word(rng).capitalize() for _ in range(4))
    words = tuple(_word(rng) for _ in range(30))
    said = " ".join(rng.choice(words + tuple(COMMON)) for _ in range(14))
    quote = f'"{said.capitalize()}," {names[0]} said in a statement.'
    event = Event(names, words, quote, (), start + timedelta(days=rng.randrange(days)))
    background = tuple(sentence(rng, event) for _ in range(2))
    return Event(names, words, quote, background, event.day)


def sentence(rng: random.Random, event: Event) -> str:
    words = []
    for _ in range(rng.randint(14, 26)):
        roll = rng.random()
        if roll < 0.08:
            words.append(rng.choice(event.names))
        elif roll < 0.45:
            words.append(rng.choice(event.words))
        elif roll < 0.75:
            words.append(rng.choice(COMMON))
        else:
            words.append(_word(rng, rng.randint(2, 4)))  # a rare word
    return " ".join(words).capitalize() + "."


def article(rng: random.Random, event: Event, paragraphs: int | None = None) -> list[str]:
    """An article: paragraphs of two or three sentences, the event's quote among them."""
    count = paragraphs or rng.randint(8, 14)
    body = [" ".join(sentence(rng, event) for _ in range(rng.randint(2, 3))) for _ in range(count)]
    body.insert(rng.randint(1, len(body)), event.quote)
    for line in event.background:
        if rng.random() < 0.5:
            body.insert(rng.randint(1, len(body)), line)
    return body


@dataclass(frozen=True)
class Site:
    name: str
    domain: str
    boilerplate: tuple[tuple[str, ...], ...]  # each: variants of one boilerplate line
    rate: tuple[float, ...]  # how often each line is printed


def make_site(rng: random.Random, index: int) -> Site:
    brand = _word(rng).capitalize()
    product = _word(rng).capitalize()
    lines = (
        (f"Get the {brand} {product} briefing in your inbox every weekday morning.",),
        (
            f"© {2020 + index} {brand} Media Group. All rights reserved.",
            f"© {2021 + index} {brand} Media Group. All rights reserved.",
        ),
        (
            f"Have a story idea? Email the {brand} desk at tips@{brand.lower()}.example",
            f"Have a story idea? Email the {brand} newsroom at tips@{brand.lower()}.example",
        ),
        (f"{brand} {product} is supported by readers like you; join {brand} {product} Plus",),
        (f"More from {brand}: {product} weekly puzzles and the morning quiz",),
    )
    rate = tuple(rng.uniform(0.35, 0.95) for _ in lines)
    return Site(f"{brand} News", f"{brand.lower()}.example", lines, rate)


def boilerplate_corpus(
    seed: int = 7, sites: int = 6, articles_per_site: int = 120, events: int = 40
) -> tuple[list[dict[str, Any]], set[tuple[str, str]], set[str]]:
    """A multi-site corpus for learning. Returns (records, planted boilerplate as
    (site, line) pairs, planted quotes). Each site also runs a burst of articles on one
    event, all quoting it: a widely quoted sentence that must not be learned."""
    rng = random.Random(seed)
    start = date(2026, 1, 1)
    pool = [make_event(rng, start, 60) for _ in range(events)]
    planted: set[tuple[str, str]] = set()
    quotes: set[str] = set()
    records: list[dict[str, Any]] = []
    for s in range(sites):
        site = make_site(rng, s)
        burst = rng.choice(pool)
        quotes.add(burst.quote)
        for a in range(articles_per_site):
            event = burst if a < articles_per_site // 4 else rng.choice(pool)
            body = article(rng, event)
            for variants, rate in zip(site.boilerplate, site.rate, strict=True):
                if rng.random() < rate:
                    line = rng.choice(variants)
                    body.insert(rng.randint(0, len(body)), line)
                    planted.add((site.name, line))
            day = event.day + timedelta(days=rng.randint(0, 2))
            records.append(
                {
                    "id": f"s{s}-{a}",
                    "outlet": site.name,
                    "url": f"https://www.{site.domain}/news/{a}",
                    "date": day.isoformat(),
                    "text": "\n\n".join(body),
                }
            )
    rng.shuffle(records)
    return records, planted, quotes


# Promo lines newsclean's built-in packs remove, as a syndicating site prints them.
JUNK = [
    "Advertisement",
    "CLICK HERE TO GET THE FOX NEWS APP",
    "Sign up for our newsletter",
    "Follow us on Twitter",
    "Read More",
    "Story continues below advertisement",
    "Share this article",
    "Copy link",
]


def _syndicate(rng: random.Random, body: list[str]) -> list[str]:
    """A syndicating site's copy: promo lines, a byline, and a photo caption printed twice
    (bare, then with a credit), as the seed article prints its captions."""
    out = list(body)
    for _ in range(rng.randint(2, 4)):
        out.insert(rng.randint(0, len(out)), rng.choice(JUNK))
    names = [w for w in " ".join(body).split() if w[:1].isupper()][:3]
    caption = f"{' '.join(names)} are seen at the scene on Tuesday, in this photo from the wire."
    at = rng.randint(1, len(out))
    out[at:at] = [caption, f"{caption} (Wire photo/{_word(rng, 2).capitalize()})"]
    out.insert(0, f"By {_word(rng, 2).capitalize()} {_word(rng).capitalize()}")
    return out


def _edit(rng: random.Random, body: list[str], event: Event) -> list[str]:
    """An updated version: a sentence rewritten, a paragraph added, a word or two changed."""
    out = list(body)
    i = rng.randrange(len(out))
    out[i] = sentence(rng, event)
    out.append(sentence(rng, event))
    for _ in range(2):
        j = rng.randrange(len(out))
        words = out[j].split()
        words[rng.randrange(len(words))] = rng.choice(event.words)
        out[j] = " ".join(words)
    return out


def duplicates_corpus(
    seed: int = 11, stories: int = 400, events: int = 60
) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """A corpus with planted near-duplicates. Returns (records, story of each record id):
    two records are true duplicates when they tell the same story. Kinds planted: exact
    copies, syndicated copies (other junk lines and a byline), edited copies (an updated
    version), and different articles on the same event (same names, same quote — not
    duplicates)."""
    rng = random.Random(seed)
    start = date(2026, 1, 1)
    pool = [make_event(rng, start, 90) for _ in range(events)]
    records: list[dict[str, Any]] = []
    story_of: dict[str, int] = {}
    wires = ["Associated Press", "Reuters"]
    outlets = ["Daily Planet", "Morning Star", "Evening Post", "Valley Times"]
    for story in range(stories):
        event = rng.choice(pool)  # about 7 stories per event: same names, same quote
        body = article(rng, event)
        versions = [("original", body)]
        kind = rng.random()
        if kind < 0.15:
            versions.append(("exact", body))
        elif kind < 0.45:
            versions += [("syndicated", _syndicate(rng, body)) for _ in range(rng.randint(1, 4))]
        elif kind < 0.65:
            versions.append(("edited", _edit(rng, body, event)))
        for n, (version_kind, lines) in enumerate(versions):
            rid = f"st{story}-{n}"
            day = event.day + timedelta(days=n)
            outlet = rng.choice(wires) if n == 0 else rng.choice(outlets)
            records.append(
                {
                    "id": rid,
                    "outlet": outlet,
                    "date": day.isoformat(),
                    "kind": version_kind,
                    "text": "\n\n".join(lines),
                }
            )
            story_of[rid] = story
    rng.shuffle(records)
    return records, story_of


def pair_scores(
    clusters: dict[str, tuple[str, ...]], story_of: dict[str, int]
) -> tuple[float, float, int, int]:
    """(precision, recall, predicted pairs, true pairs) of duplicate pairs."""
    predicted = {
        (a, b) if a < b else (b, a)
        for members in clusters.values()
        for i, a in enumerate(members)
        for b in members[i + 1 :]
    }
    by_story: dict[int, list[str]] = {}
    for rid, story in story_of.items():
        by_story.setdefault(story, []).append(rid)
    true = {
        (a, b) if a < b else (b, a)
        for ids in by_story.values()
        for i, a in enumerate(ids)
        for b in ids[i + 1 :]
    }
    hits = len(predicted & true)
    precision = hits / len(predicted) if predicted else 1.0
    recall = hits / len(true) if true else 1.0
    return precision, recall, len(predicted), len(true)
