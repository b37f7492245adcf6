"""A generated news corpus for near-duplicate detection, with every answer known.

Stories are written by outlets and wires and printed as pages: a headline, a byline, a
dateline on the first paragraph, newsletter, related-story, tag and copyright lines, promo
lines. Copies of a story come in kinds:

- ``syndicated``: the same body on another outlet's page (its headline, furniture, promos);
- ``edited``: lightly edited on another outlet's page (words changed, a sentence rewritten
  or dropped);
- ``updated``: the same outlet's later version (a new lede, a paragraph added, numbers
  changed, a sentence rewritten);
- ``trimmed``: a part of the story (a run of its paragraphs) on another outlet's page;
- ``short``: the first two or three paragraphs on another outlet's page;
- ``exact``: the same page posted twice.

And traps, which are *not* duplicates: stories on the same event written by different
outlets (the same names, the same long quotes, sometimes the same whole press release),
and one outlet's templated briefs (weather, markets, police log, lottery: the same
template, other numbers and names on other days).

Nothing here is real text: words are made of syllables. The same seed gives the same corpus.
"""

from __future__ import annotations

import json
import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from .synth_corpus import COMMON, JUNK, _word

KINDS = ("syndicated", "edited", "updated", "trimmed", "short", "exact")
WIRES = (("Associated Press", "AP"), ("Reuters", "Reuters"), ("AFP", "AFP"))
MONTHS = ("Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.")


def _name(rng: random.Random) -> str:
    return f"{_word(rng, 2).capitalize()} {_word(rng).capitalize()}"


@dataclass(frozen=True)
class Outlet:
    name: str
    brand: str
    byline: str  # "by" | "staff" | "plain"
    newsletter: str
    more: str  # the related-story label
    tags: str


def make_outlet(rng: random.Random, i: int) -> Outlet:
    brand = _word(rng).capitalize()
    product = _word(rng).capitalize()
    newsletter = rng.choice(
        [
            f"Sign up for the {brand} {product} newsletter to get the day's top stories "
            "delivered to your inbox every morning.",
            f"Want more stories like this? Subscribe to {brand} {product} and get unlimited "
            "access to local reporting for one dollar a week.",
            f"Get the {brand} {product} app for breaking news alerts, live video and the "
            "stories that matter in your community.",
        ]
    )
    return Outlet(
        name=f"{brand} {rng.choice(['Times', 'Herald', 'Post', 'Gazette', 'Daily', 'News'])}",
        brand=brand,
        byline=rng.choice(["by", "staff", "plain"]),
        newsletter=newsletter,
        more=rng.choice(["Related:", "READ MORE:", "More from {b}:", "SEE ALSO:"]),
        tags=rng.choice(["Filed under:", "Topics:", "Tags:"]),
    )


@dataclass(frozen=True)
class Event:
    names: tuple[str, ...]
    words: tuple[str, ...]
    city: str
    quotes: tuple[str, ...]  # long statements every story on the event may quote
    release: tuple[str, ...]  # a press release's paragraphs, reprinted by some stories
    day: date


def _sentence(rng: random.Random, ev: Event, low: int = 14, high: int = 28) -> str:
    words = []
    for _ in range(rng.randint(low, high)):
        roll = rng.random()
        if roll < 0.07:
            words.append(rng.choice(ev.names))
        elif roll < 0.40:
            words.append(rng.choice(ev.words))
        elif roll < 0.72:
            words.append(rng.choice(COMMON))
        elif roll < 0.77:
            words.append(str(rng.randint(2, 900)))
        else:
            words.append(_word(rng, rng.randint(2, 4)))
    return " ".join(words).capitalize() + "."


def make_event(rng: random.Random, start: date) -> Event:
    names = tuple(_name(rng) for _ in range(5))
    words = tuple(_word(rng) for _ in range(30))
    city = _word(rng, 2).upper()
    base = Event(names, words, city, (), (), start + timedelta(days=rng.randrange(120)))
    quotes = tuple(
        f'"{_sentence(rng, base, 22, 40)[:-1]}," {rng.choice(names)} said.' for _ in range(3)
    )
    release = tuple(
        " ".join(_sentence(rng, base) for _ in range(rng.randint(2, 3)))
        for _ in range(rng.randint(3, 5))
    )
    return Event(names, words, city, quotes, release, base.day)


def write_story(rng: random.Random, ev: Event, release: bool) -> list[str]:
    """A story's paragraphs: its own reporting, one or two of the event's quotes, and
    (``release``) the event's whole press release."""
    paras = [
        " ".join(_sentence(rng, ev) for _ in range(rng.randint(2, 3)))
        for _ in range(rng.randint(5, 12))
    ]
    for quote in rng.sample(ev.quotes, rng.randint(1, 2)):
        paras.insert(rng.randint(1, len(paras)), quote)
    if release:
        at = rng.randint(1, len(paras))
        paras[at:at] = list(ev.release)
    return paras


def render(
    rng: random.Random,
    outlet: Outlet,
    body: list[str],
    ev: Event,
    wire: str | None,
    day: date,
    headline: str,
) -> str:
    """A page: the outlet's furniture around ``body`` (credited to ``wire`` when syndicated)."""
    author = _name(rng)
    if wire:
        byline = rng.choice([f"By {author}, {wire}", f"{wire} | {author}", f"By {author}"])
    elif outlet.byline == "by":
        byline = f"By {author}"
    elif outlet.byline == "staff":
        byline = f"{author}, {outlet.name} Staff Writer"
    else:
        byline = author
    stamp = f"{MONTHS[day.month % len(MONTHS)]} {day.day}, {day.year}"
    tag = wire if wire else outlet.brand.upper()
    first = f"{ev.city} ({tag}) — {body[0]}" if rng.random() < 0.8 else body[0]
    lines = [headline, byline, f"Published {rng.randint(1, 12)}:{rng.randint(10, 59)} p.m. {stamp}"]
    lines += [first, *body[1:]]
    caption = f"{rng.choice(ev.names)} {' '.join(rng.sample(ev.words, 6))} ({tag} Photo/{author})"
    extras = [
        caption,
        outlet.newsletter,
        f"{outlet.more.format(b=outlet.brand)} {rng.choice(ev.names)} {_word(rng)} {_word(rng)}",
        *rng.sample(JUNK, rng.randint(0, 2)),
    ]
    for extra in extras:
        lines.insert(rng.randint(4, len(lines)), extra)
    lines.append(f"{outlet.tags} {', '.join(rng.sample(ev.words, 3))}")
    lines.append(f"© {day.year} {outlet.name}. All rights reserved.")
    return "\n\n".join(lines)


def _headline(rng: random.Random, ev: Event) -> str:
    words = [rng.choice(ev.names), *(rng.choice(ev.words) for _ in range(rng.randint(4, 9)))]
    return " ".join(words).title()


def _edit(rng: random.Random, body: list[str], ev: Event) -> list[str]:
    out = list(body)
    for _ in range(rng.randint(3, 8)):  # words changed
        i = rng.randrange(len(out))
        words = out[i].split()
        words[rng.randrange(len(words))] = rng.choice(ev.words)
        out[i] = " ".join(words)
    i = rng.randrange(1, len(out))
    sentences = out[i].split(". ")
    sentences[rng.randrange(len(sentences))] = _sentence(rng, ev)[:-1]
    out[i] = ". ".join(sentences)
    if rng.random() < 0.5 and len(out) > 4:
        del out[rng.randrange(2, len(out))]
    return out


def _update(rng: random.Random, body: list[str], ev: Event) -> list[str]:
    out = [" ".join(_sentence(rng, ev) for _ in range(2)), *body]  # a new lede
    out.append(" ".join(_sentence(rng, ev) for _ in range(rng.randint(1, 3))))
    changed = 0
    for i, para in enumerate(out[1:], 1):  # figures revised
        words = para.split(" ")
        for j, w in enumerate(words):
            if w.isdigit() and changed < 3 and rng.random() < 0.3:
                words[j] = str(int(w) + rng.randint(1, 9))
                changed += 1
        out[i] = " ".join(words)
    i = rng.randrange(2, len(out))
    sentences = out[i].split(". ")
    sentences[rng.randrange(len(sentences))] = _sentence(rng, ev)[:-1]
    out[i] = ". ".join(sentences)
    return out


def _trim(rng: random.Random, body: list[str]) -> list[str]:
    """The lede and a run of the paragraphs after it (a story cut to fit)."""
    keep = max(2, round(len(body) * rng.uniform(0.3, 0.65)))
    start = 1 if rng.random() < 0.6 else rng.randint(1, len(body) - keep + 1)
    return [body[0], *body[start : start + keep - 1]]


# -- templated briefs: one outlet's recurring pages -------------------------------------

_TEMPLATES = {
    "weather": (
        "Today: {a} skies with a high near {n1}. {w} wind {n2} to {n3} mph. Chance of "
        "precipitation {n4} percent. Tonight: {b}, with a low around {n5}. Tomorrow: {a} "
        "and {c}, with a high near {n6}. The National Weather Service forecast office "
        "issues these updates several times a day; check back for the latest forecast "
        "and any advisories for the region."
    ),
    "markets": (
        "Stocks {up} on {dayname} as investors weighed {x} and {y}. The Dow Jones "
        "industrial average {up} {n1} points, or {n2} percent, to {n3}. The S&P 500 {up} "
        "{n4} percent and the Nasdaq composite {up} {n5} percent. Oil settled at {n6} "
        "dollars a barrel and gold at {n7} dollars an ounce. Market data is delayed at "
        "least 15 minutes and provided for information only, not for trading."
    ),
    "police": (
        "The following items were taken from the {place} police log. {n1}:{n2} a.m.: A "
        "{n3}-year-old {place2} man, {p1}, was arrested on {street} Street on suspicion of "
        "{crime}. {n4}:{n5} p.m.: Officers responded to a report of {crime2} near {p2}'s "
        "home on {street2} Avenue; no one was hurt. Arrests are accusations; everyone is "
        "presumed innocent until proven guilty in a court of law."
    ),
    "lottery": (
        "Here are the winning numbers from {dayname}'s drawings. Powerball: {n1}, {n2}, "
        "{n3}, {n4}, {n5}; Powerball {n6}; the jackpot is {n7} million dollars. Pick 3: "
        "{n8}-{n9}-{n10}. Lucky Day: {n11}, {n12}, {n13}. A ticket sold in {place} matched "
        "{n14} numbers and wins {n15} thousand dollars. Players should verify numbers with "
        "the official state lottery; in the event of a discrepancy, official records govern."
    ),
}
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def brief(rng: random.Random, kind: str) -> str:
    slots: dict[str, Any] = {f"n{i}": rng.randint(1, 99) for i in range(1, 16)}
    slots |= {
        "a": rng.choice(["Sunny", "Cloudy", "Partly sunny", "Mostly cloudy", "Clear"]),
        "b": rng.choice(["clear", "cloudy", "showers likely", "patchy fog"]),
        "c": rng.choice(["breezy", "humid", "cooler", "warmer"]),
        "w": rng.choice(["North", "Northwest", "South", "Southwest", "East"]),
        "up": rng.choice(["rose", "fell", "gained", "slipped"]),
        "dayname": rng.choice(_DAYS),
        "x": _word(rng) + " earnings",
        "y": "the " + _word(rng) + " report",
        "place": _word(rng, 2).capitalize(),
        "place2": _word(rng, 2).capitalize(),
        "p1": _name(rng),
        "p2": _name(rng),
        "street": _word(rng).capitalize(),
        "street2": _word(rng).capitalize(),
        "crime": rng.choice(["burglary", "assault", "drunken driving", "theft", "vandalism"]),
        "crime2": rng.choice(["a break-in", "a loud party", "a stolen bicycle", "a fire"]),
    }
    return _TEMPLATES[kind].format(**slots)


# -- the corpus --------------------------------------------------------------------------


@dataclass
class Truth:
    """What the generator planted: the story of each record, the kind of each copy, the
    event of each story (same-event traps) and the template of each brief."""

    story: dict[str, int]
    kind: dict[str, str]  # record id -> "original", a copy kind, or "brief"
    event: dict[int, int]  # story -> event (stories only, briefs not)
    template: dict[str, str]  # brief record id -> outlet and template


def news_corpus(
    seed: int = 1, stories: int = 900, briefs: int = 800, outlets: int = 14
) -> tuple[list[dict[str, Any]], Truth]:
    """Records (``id``, ``outlet``, ``date``, ``text``) and the planted truth. About
    half the stories are copied at least once; events carry several stories each."""
    rng = random.Random(seed)
    start = date(2026, 1, 1)
    sites = [make_outlet(rng, i) for i in range(outlets)]
    events = [make_event(rng, start) for _ in range(max(1, stories // 4))]
    truth = Truth({}, {}, {}, {})
    records: list[dict[str, Any]] = []

    def add(rid: str, story: int, kind: str, site: str, day: date, text: str) -> None:
        records.append({"id": rid, "outlet": site, "date": day.isoformat(), "text": text})
        truth.story[rid] = story
        truth.kind[rid] = kind

    for s in range(stories):
        e = rng.randrange(len(events))
        ev = events[e]
        truth.event[s] = e
        body = write_story(rng, ev, release=rng.random() < 0.3)
        wire_name, wire_tag = rng.choice(WIRES)
        by_wire = rng.random() < 0.5
        home = rng.choice(sites)
        site_name = wire_name if by_wire else home.name
        day = ev.day + timedelta(days=rng.randint(0, 2))
        head = _headline(rng, ev)
        page = render(rng, home, body, ev, wire_tag if by_wire else None, day, head)
        add(f"s{s}-0", s, "original", site_name, day, page)
        copies: list[str] = []
        if rng.random() < 0.55:
            weights = {"syndicated": 5, "edited": 2, "updated": 2, "trimmed": 2, "short": 2}
            weights["exact"] = 1
            for _ in range(rng.choice([1, 1, 1, 2, 2, 3, 4, 6])):
                copies.append(rng.choices(list(weights), list(weights.values()))[0])
        for n, kind in enumerate(copies, 1):
            other = rng.choice([x for x in sites if x is not home])
            credit = wire_tag if by_wire else home.brand.upper()
            when = day + timedelta(days=rng.randint(0, 1))
            if kind == "exact":
                add(f"s{s}-{n}", s, kind, site_name, day, page)
                continue
            if kind == "updated":
                text = render(rng, home, _update(rng, body, ev), ev, None, when, head)
                add(f"s{s}-{n}", s, kind, site_name, when, text)
                continue
            if kind == "edited":
                part = _edit(rng, body, ev)
            elif kind == "trimmed":
                part = _trim(rng, body)
            elif kind == "short":
                part = body[: rng.randint(2, 3)]
            else:  # syndicated
                part = body
            new_head = head if rng.random() < 0.5 else _headline(rng, ev)
            text = render(rng, other, part, ev, credit, when, new_head)
            add(f"s{s}-{n}", s, kind, other.name, when, text)
    names = list(_TEMPLATES)
    for b in range(briefs):
        site = sites[b % len(sites)]
        kind = names[(b // len(sites)) % len(names)]
        day = start + timedelta(days=rng.randrange(150))
        rid = f"b{b}"
        lines = [f"{kind.title()} for {day.isoformat()}", brief(rng, kind)]
        add(rid, stories + b, "brief", site.name, day, "\n\n".join(lines))
        truth.template[rid] = f"{site.name}/{kind}"
    rng.shuffle(records)
    return records, truth


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float
    predicted: int
    true: int
    same_event_joins: int
    template_joins: int
    by_kind: dict[str, tuple[int, int]]  # kind -> (copies linked to their original, copies)


def _pairs(groups: Any) -> set[tuple[str, str]]:
    return {
        (a, b) if a < b else (b, a)
        for members in groups
        for i, a in enumerate(members)
        for b in members[i + 1 :]
    }


def score(clusters: dict[str, tuple[str, ...]], truth: Truth) -> Scores:
    """Pair precision, recall and F1; trap joins; per copy kind, the copies in the same
    cluster as their story's original."""
    predicted = _pairs(clusters.values())
    by_story: dict[int, list[str]] = defaultdict(list)
    for rid, story in truth.story.items():
        by_story[story].append(rid)
    true = _pairs(by_story.values())
    hits = len(predicted & true)
    precision = hits / len(predicted) if predicted else 1.0
    recall = hits / len(true) if true else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    same_event = template = 0
    for a, b in predicted - true:
        sa, sb = truth.story[a], truth.story[b]
        if sa in truth.event and sb in truth.event and truth.event[sa] == truth.event[sb]:
            same_event += 1
        if a in truth.template and truth.template.get(b) == truth.template[a]:
            template += 1
    cluster_of = {m: k for k, ms in clusters.items() for m in ms}
    by_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for rid, kind in truth.kind.items():
        if kind in ("original", "brief"):
            continue
        base = f"s{truth.story[rid]}-0"
        linked = rid in cluster_of and cluster_of.get(base) == cluster_of[rid]
        by_kind[kind][0] += linked
        by_kind[kind][1] += 1
    return Scores(
        precision,
        recall,
        f1,
        len(predicted),
        len(true),
        same_event,
        template,
        {k: (v[0], v[1]) for k, v in sorted(by_kind.items())},
    )


def write_jsonl(path: Path, articles: int, first_seed: int = 1000) -> int:
    """``articles`` generated records as JSONL at ``path`` (corpora of seeds from
    ``first_seed``, ids made unique across them), for the scale benchmarks; returns the
    size in bytes."""
    size = count = 0
    seed = first_seed
    with path.open("w", encoding="utf-8") as fh:
        while count < articles:
            records, _ = news_corpus(seed=seed)
            for r in records[: articles - count]:
                r["id"] = f"{seed}-{r['id']}"
                line = json.dumps(r, ensure_ascii=False) + "\n"
                fh.write(line)
                size += len(line.encode())
                count += 1
            seed += 1
    return size
