"""A generated multi-site news corpus for learning boilerplate (all text written here).

Each site prints its own boilerplate at known places, with variable parts (times, dates,
month and day names, prices, counts, photo numbers) and a few wordings; some formats are
shared by several sites ("4 min read"), so a rule of one site could claim another's line
unless rules are scoped to their site. Real lines recur too and must NOT be learned:

- a widely quoted statement: an event that many sites cover over a few days, each
  article quoting it in a paragraph of its own;
- a desk's stock sentences: the police desk's "Anyone with information…", the weather
  desk's "The National Weather Service advises…", in most of that desk's articles, on
  many days, at any place in the body.

Some sites have hostile names (line breaks, quotes, ``]]``, TOML syntax, Unicode) and are
reached under several host names of one registered domain (``www.``, ``edition.``…).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

HOSTILE_NAMES = (
    "Evil Gazette\n[[rule]]\nid = 'evil.all'\npattern = '.*'\nregex = true",
    'The "Quoted" \\ Times',
    "]] [pack] name = 'x' # Herald",
    "Ünïcödé Дейли 日报",
    "Tab\tand\r\nReturn News",
    "Planet Daily'''\"\"\"",
)
PLAIN_NAMES = (
    "Harbor Ledger",
    "Valley Courier",
    "Summit Post",
    "Riverside Sentinel",
    "Prairie Tribune",
    "Coastline Observer",
    "Lakeside Chronicle",
    "Granite Record",
)


def _words(text: str) -> list[str]:
    return text.split()


DESKS: dict[str, list[str]] = {
    "politics": _words(
        "senate governor legislature ballot election campaign candidate lawmakers "
        "committee budget amendment district voters caucus minority majority hearing "
        "statute veto mayor council ordinance"
    ),
    "sports": _words(
        "coach season playoff quarterback stadium tournament league championship striker "
        "goalkeeper inning pitcher roster rookie overtime victory defeat referee fans "
        "scoreboard"
    ),
    "business": _words(
        "shares earnings revenue investors quarter profit merger retailer startup "
        "inflation interest lender factory exports tariff consumers pricing analysts "
        "dividend payroll"
    ),
    "health": _words(
        "hospital patients vaccine clinic doctors nurses treatment disease outbreak "
        "symptoms therapy surgeon pharmacy insurance diagnosis trial research diet "
        "cancer wellness"
    ),
    "culture": _words(
        "museum gallery festival concert novel author theater orchestra painter exhibit "
        "audience premiere director musician sculpture poetry curator album actress "
        "choreographer"
    ),
    "crime": _words(
        "police officers suspect arrested robbery detectives burglary charged custody "
        "shooting victim witnesses sheriff warrant investigation patrol stolen assault "
        "deputies courthouse"
    ),
    "weather": _words(
        "storm rainfall forecast temperatures snowfall winds flooding meteorologist "
        "thunderstorms drought heatwave frost hurricane humidity gusts blizzard tornado "
        "showers forecasters"
    ),
}
DESK_WEIGHTS = {"politics": 3, "sports": 3, "business": 2, "health": 2, "culture": 2, "crime": 3}
DESK_WEIGHTS["weather"] = 2
COMMON = _words(
    "people local officials residents county state city week month plans report group "
    "program public community family school money change issue support leaders area "
    "project question result service answer office center market record policy"
)
FIRST = _words("Maria James Chen Aisha Pedro Olga Samuel Priya Tomas Grace Yusuf Elena Noah")
LAST = _words("Alvarez Brooks Nakamura Okafor Lindqvist Patel Moreau Kowalski Haddad Rivera")
VERBS = _words("said announced warned argued noted confirmed insisted explained told reported")


# Stock sentences a desk repeats (not boilerplate: they are reporting of one topic).
STOCK = {
    "crime": [
        "Anyone with information is asked to call the police tip line at 555-0142.",
        "Police said the investigation is ongoing and no further details were released.",
    ],
    "weather": [
        "The National Weather Service advises residents to stay off the roads during the storm.",
        "Forecasters said conditions could change quickly and urged drivers to check "
        "updates before travelling.",
    ],
}
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


@dataclass
class Event:
    """A story many sites cover over a few days, quoting one statement."""

    desk: str
    day: date
    words: list[str]
    quote: str


@dataclass
class Site:
    name: str
    domain: str
    hosts: list[str]
    boilerplate: list[tuple[str, float]]  # (kind, rate)


@dataclass
class SitesCorpus:
    """Records, and for each record id its planted boilerplate lines and its body lines
    (the real recurring ones among them)."""

    records: list[dict[str, Any]]
    boiler: dict[str, list[str]] = field(default_factory=dict)
    body: dict[str, list[str]] = field(default_factory=dict)
    recurring: set[str] = field(default_factory=set)  # real lines that recur: never learn
    sites: list[Site] = field(default_factory=list)


def _sentence(rng: random.Random, words: list[str], extra: list[str] | None = None) -> str:
    pool = words * 3 + COMMON + (extra or [])
    name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    body = " ".join(rng.choice(pool) for _ in range(rng.randint(9, 18)))
    forms = [
        f"{name} {rng.choice(VERBS)} that the {body}.",
        f"The {body}, {name} {rng.choice(VERBS)}.",
        f"In {rng.choice(MONTHS)}, the {body} and the {rng.choice(pool)} {rng.choice(pool)}.",
        f"According to {name}, {body} on {rng.choice(DAYS)}.",
    ]
    return rng.choice(forms)


def _paragraphs(rng: random.Random, words: list[str], extra: list[str] | None = None) -> list[str]:
    return [
        " ".join(_sentence(rng, words, extra) for _ in range(rng.randint(1, 3)))
        for _ in range(rng.randint(5, 11))
    ]


def _clock(rng: random.Random) -> str:
    return f"{rng.randint(1, 12)}:{rng.randint(0, 59):02d}"


def _boiler_line(kind: str, site: Site, rng: random.Random, day: date, desk: str) -> str:
    short = site.name.split("\n")[0].strip() or "Site"
    month = MONTHS[day.month - 1]
    weekday = DAYS[day.weekday()]
    n = rng.randint(2, 40)
    if kind == "updated":
        zone = rng.choice(["ET", "EST", "EDT"])
        ampm = rng.choice(["AM", "PM", "a.m.", "p.m."])
        return rng.choice(
            [
                f"Updated {_clock(rng)} {ampm} {zone}, {weekday}, {month} {day.day}, {day.year}",
                f"Published {weekday}, {month} {day.day}, {day.year} at {_clock(rng)} {ampm}",
            ]
        )
    if kind == "photo":
        total = rng.randint(3, 20)
        return f"Photo {rng.randint(1, total)} of {total}"
    if kind == "read":
        return f"{rng.randint(2, 14)} min read"
    if kind == "newsletter":
        return rng.choice(
            [
                f"Sign up for the {short} Morning Brief: {n} stories, every weekday.",
                f"Get the {short} Morning Brief in your inbox, {n} stories every weekday.",
            ]
        )
    if kind == "price":
        return (
            f"Subscribe to {short} for just ${rng.randint(1, 9)}.99 a month. "
            f"Offer ends {month} {rng.randint(1, 28)}."
        )
    if kind == "count":
        return rng.choice(
            [
                f"Join {rng.randint(1000, 250000):,} readers who get {short} Daily.",
                f"{rng.randint(2, 900)} comments",
            ]
        )
    if kind == "ago":
        unit = rng.choice(["minutes", "hours", "days"])
        return f"Posted {rng.randint(2, 50)} {unit} ago by the {short} newsroom"
    if kind == "podcast":
        return f"Listen to The {short} Weekly, episode {rng.randint(10, 400)}: new on {weekday}s."
    if kind == "dateline":
        return rng.choice(
            [f"{weekday}, {month} {day.day}, {day.year}", f"{month} {day.day}, {day.year}"]
        )
    if kind == "link":
        slug = "-".join(rng.choice(COMMON) for _ in range(rng.randint(3, 6)))
        return f"Read the full story at https://{rng.choice(site.hosts)}/{desk}/{slug}-{n}"
    if kind == "section":  # names the article's section: its wording follows the topic
        return f"More {desk} news from {short}"
    raise ValueError(kind)


KINDS = (
    "updated",
    "photo",
    "read",
    "newsletter",
    "price",
    "count",
    "ago",
    "podcast",
    "section",
    "dateline",
    "link",
)


def _make_site(rng: random.Random, index: int, name: str) -> Site:
    slug = "".join(c for c in name.casefold() if c.isascii() and c.isalnum())[:14] or "site"
    domain = f"{slug}{index}.{rng.choice(['com', 'co.uk', 'com.au', 'org'])}"
    hosts = [f"www.{domain}", f"edition.{domain}", domain]
    kinds = rng.sample(KINDS, rng.randint(4, 6))
    return Site(name, domain, hosts, [(k, rng.uniform(0.2, 0.9)) for k in kinds])


def _event(rng: random.Random, start: date, span: int) -> Event:
    desk = rng.choice(["politics", "health", "business", "crime", "weather"])
    words = [*rng.sample(DESKS[desk], 6), rng.choice(LAST) + "ville", rng.choice(LAST) + "Corp"]
    who = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    said = " ".join(rng.choice(words + COMMON) for _ in range(rng.randint(8, 14)))
    quote = f"\u201cWe will see the {said} through to the end,\u201d {who} said."
    return Event(desk, start + timedelta(days=rng.randrange(span)), words, quote)


def sites_corpus(
    seed: int = 1,
    sites: int = 12,
    articles_per_site: int = 300,
    hostile: int = 4,
    events: int = 6,
    span_days: int = 180,
) -> SitesCorpus:
    """A corpus of ``sites`` sites (the first ``hostile`` with hostile names) of
    ``articles_per_site`` articles each, dated over ``span_days`` days."""
    rng = random.Random(seed)
    start = date(2026, 1, 1)
    names = list(HOSTILE_NAMES[:hostile]) + list(PLAIN_NAMES)
    made = [_make_site(rng, i, names[i % len(names)]) for i in range(sites)]
    stories = [_event(rng, start, span_days - 5) for _ in range(events)]
    out = SitesCorpus([], sites=made)
    # a statement quoted for months, in articles on anything (a slogan, a famous line)
    motto = (
        f"\u201cNo one is above the {rng.choice(COMMON)} and no one is below it,\u201d "
        f"{rng.choice(FIRST)} {rng.choice(LAST)} once said."
    )
    out.recurring.add(motto)
    for story in stories:
        out.recurring.add(story.quote)
    for lines in STOCK.values():
        out.recurring.update(lines)
    for s, site in enumerate(made):
        # each site has a beat: a local site may be half police news, another half weather
        beat = rng.choice(list(DESK_WEIGHTS))
        weights = {d: w * (rng.uniform(3, 6) if d == beat else 1) for d, w in DESK_WEIGHTS.items()}
        desks, cum = list(weights), list(weights.values())
        covered = [e for e in stories if rng.random() < 0.7]
        news_share = rng.uniform(0.1, 0.3)
        motto_share = rng.uniform(0.1, 0.25) if rng.random() < 0.7 else 0.0
        for a in range(articles_per_site):
            event: Event | None = None
            if covered and rng.random() < news_share:
                event = rng.choice(covered)
            if event is not None:
                desk = event.desk
                day = event.day + timedelta(days=rng.randint(0, 3))
                body = _paragraphs(rng, DESKS[desk], event.words)
                body.insert(rng.randint(1, len(body)), event.quote)
            else:
                desk = rng.choices(desks, cum)[0]
                day = start + timedelta(days=rng.randrange(span_days))
                body = _paragraphs(rng, DESKS[desk])
            if rng.random() < motto_share:
                body.insert(rng.randint(1, len(body)), motto)
            for line in STOCK.get(desk, []):
                if rng.random() < 0.7:
                    body.insert(rng.randint(1, len(body)), line)
            text_lines = list(body)
            boiler = []
            for kind, rate in site.boilerplate:
                if rng.random() < rate:
                    line = _boiler_line(kind, site, rng, day, desk)
                    at = (
                        0 if kind in ("updated", "read", "ago") else rng.randint(1, len(text_lines))
                    )
                    if kind in ("podcast", "newsletter", "price") and rng.random() < 0.5:
                        at = len(text_lines)
                    text_lines.insert(at, line)
                    boiler.append(line)
            rid = f"s{s}-{a}"
            out.boiler[rid] = boiler
            out.body[rid] = body
            out.records.append(
                {
                    "id": rid,
                    "outlet": site.name,
                    "url": f"https://{rng.choice(site.hosts)}/{desk}/{a}",
                    "date": day.isoformat(),
                    "text": "\n\n".join(text_lines),
                }
            )
    rng.shuffle(out.records)
    return out


@dataclass
class Score:
    """Planted boilerplate caught (tp), missed (fn), and body lines removed (fp)."""

    tp: int = 0
    fn: int = 0
    fp: int = 0
    body: int = 0
    recurring_hit: set[str] = field(default_factory=set)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def body_removed(self) -> float:
        return self.fp / self.body if self.body else 0.0


def score_pack(
    corpus: SitesCorpus, pack_text: str, by: str = "outlet", *, generic: bool = True
) -> Score:
    """How the learned pack's rules judge every line, each article seen with its own
    site's rules only (as ``scoped`` picks them from the article's url or outlet), beside
    the generic pack that every clean runs (``generic=False``: the learned rules alone)."""
    from newsclean.rules import RuleMatcher, load_pack, parse_pack
    from newsclean.rules.loader import scoped

    pack = parse_pack(pack_text, "learned.toml")
    base = [load_pack("generic")] if generic else []
    matchers: dict[str, RuleMatcher] = {}
    score = Score()
    for record in corpus.records:
        source = record["url"] if by == "domain" else record["outlet"]
        key = f"{by}:{source}" if by == "outlet" else source.split("/")[2]
        if key not in matchers:
            matchers[key] = RuleMatcher.build([*base, scoped(pack, source)])
        matcher = matchers[key]
        for line in corpus.boiler[record["id"]]:
            if matcher.match(line) is not None:
                score.tp += 1
            else:
                score.fn += 1
        for line in corpus.body[record["id"]]:
            score.body += 1
            if matcher.match(line) is not None:
                score.fp += 1
                if line in corpus.recurring:
                    score.recurring_hit.add(line)
    return score


def score_clean(corpus: SitesCorpus, packs: list[str], by: str = "outlet") -> Score:
    """The same, through ``newsclean.clean`` with each article's source given (the whole
    pipeline: built-in rules and heuristics too)."""
    from collections import Counter

    import newsclean

    score = Score()
    for record in corpus.records:
        source = record["url"] if by == "domain" else record["outlet"]
        kept = Counter(newsclean.clean(record["text"], packs=packs, source=source).split("\n\n"))
        for line in corpus.boiler[record["id"]]:
            if kept[line] > 0:
                kept[line] -= 1
                score.fn += 1
            else:
                score.tp += 1
        for line in corpus.body[record["id"]]:
            score.body += 1
            if kept[line] > 0:
                kept[line] -= 1
            else:
                score.fp += 1
                if line in corpus.recurring:
                    score.recurring_hit.add(line)
    return score
