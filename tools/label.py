"""Labelling helper for the line-label set (see tests/data/README.md, "Line labels").

    python tools/label.py sample            # choose the articles: labels/sample.tsv
    python tools/label.py sample-second     # a second article from outlets drawn before
    python tools/label.py show BATCH        # print a batch's articles with numbered lines
    python tools/label.py check [FILE...]   # validate label files against the corpus
    python tools/label.py devset            # convert promo_devset.tsv to labels/devset.tsv

Articles are never copied into the repo: labels are (record id, line number, label, kind,
line hash) and the text is read from ../shared at run time.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import random
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpus"
LABELS = ROOT / "tests" / "data" / "labels"
LINE_BREAK = re.compile(r"\r\n|[\n\r\u2028\u2029]")

LABEL_KINDS = {
    "body": {""},
    "span": {
        "ad",
        "related",
        "newsletter",
        "share",
        "subscribe",
        "app",
        "media",
        "chrome",
        "legal",
        "bio",
        "comments",
        "cookie",
        "tips",
        "caption",
        "other",
    },
    "promo": {
        "related",
        "share",
        "newsletter",
        "subscribe",
        "app",
        "ad",
        "media",
        "chrome",
        "legal",
        "bio",
        "comments",
        "cookie",
        "tips",
        "other",
    },
    "optional": {"headline", "byline", "dateline", "contributed", "date", "editor_note", "other"},
    "caption": {"", "credit"},
    "dup_caption": {""},
    "unsure": None,  # free note
}


def line_hash(line: str) -> str:
    return hashlib.blake2b(line.strip().encode("utf-8", "surrogatepass"), digest_size=4).hexdigest()


def split_lines(text: str) -> list[str]:
    return LINE_BREAK.split(text)


def load_scraped() -> dict[str, dict]:
    with gzip.open(SHARED / "scraped_news.jsonl.gz", "rt", encoding="utf-8") as fh:
        return {r["id"]: r for r in map(json.loads, fh)}


def load_real() -> dict[str, dict]:
    with (SHARED / "real_news.jsonl").open(encoding="utf-8") as fh:
        return {r["id"]: r for r in map(json.loads, fh) if r}


def sample(n_batches: int = 6, per_batch: int = 55, seed: int = 14) -> None:
    recs = load_scraped()
    rng = random.Random(seed)
    by_outlet: dict[str, list[str]] = defaultdict(list)
    for rid, r in recs.items():
        n = sum(1 for x in split_lines(r["text"]) if x.strip())
        if 3 <= n <= 70:
            by_outlet[r["outlet"]].append(rid)
    outlets = sorted(by_outlet)
    rng.shuffle(outlets)
    chosen: list[str] = []
    want = n_batches * per_batch
    # Round robin over outlets: at most 3 articles from one outlet, as many outlets as possible.
    for rnd in range(3):
        for o in outlets:
            ids = sorted(by_outlet[o])
            rng.shuffle(ids)
            if rnd < len(ids) and len(chosen) < want and (rnd == 0 or len(by_outlet[o]) >= 20):
                chosen.append(ids[rnd])
    rng.shuffle(chosen)
    LABELS.mkdir(parents=True, exist_ok=True)
    with (LABELS / "sample.tsv").open("w", encoding="utf-8") as fh:
        fh.write("# record_id\toutlet\tbatch\n")
        for i, rid in enumerate(chosen):
            fh.write(f"{rid}\t{recs[rid]['outlet']}\t{i % n_batches + 1:02d}\n")
    print(len(chosen), "articles from", len({recs[r]["outlet"] for r in chosen}), "outlets")


def _draw(rows: list[str], recs: dict[str, dict], *, second: bool, n: int, seed: int) -> list[str]:
    """One 3-70-line article from each of ``n`` shuffled outlets: outlets not in ``rows``
    yet, or (``second``) outlets in them, taking an article not drawn before."""
    rows = [r for r in rows if not r.startswith("#")]
    taken_ids = {r.split("\t")[0] for r in rows}
    drawn = {r.split("\t")[1] for r in rows}
    rng = random.Random(seed)
    by_outlet: dict[str, list[str]] = defaultdict(list)
    for rid, r in recs.items():
        lines = sum(1 for x in split_lines(r["text"]) if x.strip())
        if 3 <= lines <= 70 and rid not in taken_ids and (r["outlet"] in drawn) == second:
            by_outlet[r["outlet"]].append(rid)
    outlets = sorted(by_outlet)
    rng.shuffle(outlets)
    return [rng.choice(sorted(by_outlet[o])) for o in outlets[:n]]


def _append_draw(
    *, second: bool, first_batch: int, n_batches: int, per_batch: int, seed: int
) -> None:
    recs = load_scraped()
    rows = (LABELS / "sample.tsv").read_text(encoding="utf-8").splitlines()
    chosen = _draw(rows, recs, second=second, n=n_batches * per_batch, seed=seed)
    with (LABELS / "sample.tsv").open("a", encoding="utf-8") as fh:
        for i, rid in enumerate(chosen):
            fh.write(f"{rid}\t{recs[rid]['outlet']}\t{first_batch + i % n_batches:02d}\n")
    print(len(chosen), "articles from", len({recs[r]["outlet"] for r in chosen}), "outlets")


def sample_more(
    first_batch: int = 7, n_batches: int = 6, per_batch: int = 55, seed: int = 1414
) -> None:
    """A second draw: one article from each of outlets not drawn before, appended to
    sample.tsv as batches first_batch.. (same rules as the first draw)."""
    _append_draw(
        second=False, first_batch=first_batch, n_batches=n_batches, per_batch=per_batch, seed=seed
    )


def sample_second(
    first_batch: int = 37, n_batches: int = 6, per_batch: int = 45, seed: int = 1818
) -> None:
    """A later draw, once every outlet with a 3-70-line article was drawn: another article
    from outlets drawn before (a random one of their other 3-70-line articles). Folds stay
    grouped by outlet, so a second article never lets an outlet be scored by a model that
    saw it."""
    _append_draw(
        second=True, first_batch=first_batch, n_batches=n_batches, per_batch=per_batch, seed=seed
    )


def batch_ids(batch: str) -> list[str]:
    rows = (LABELS / "sample.tsv").read_text(encoding="utf-8").splitlines()
    return [r.split("\t")[0] for r in rows if not r.startswith("#") and r.split("\t")[2] == batch]


def show(batch: str) -> None:
    recs = load_scraped()
    for rid in batch_ids(batch):
        r = recs[rid]
        print(
            f"=== {rid} | outlet: {r['outlet']} | domain: {r.get('domain')} | url: {r.get('url')}"
        )
        for no, line in enumerate(split_lines(r["text"]), start=1):
            if line.strip():
                print(f"{no:4d} {line_hash(line)} | {line}")
        print()


def read_labels(path: Path) -> list[tuple[str, int, str, str, str]]:
    out = []
    for row in path.read_text(encoding="utf-8").splitlines():
        if not row.strip() or row.startswith("#"):
            continue
        parts = row.split("\t")
        if len(parts) != 5:
            raise SystemExit(f"{path.name}: bad row {row!r}: want 5 tab-separated fields")
        rid, no, label, kind, h = parts
        out.append((rid, int(no), label, kind, h))
    return out


def check(paths: list[Path]) -> int:
    recs = load_scraped() | load_real()
    bad = 0
    for path in paths:
        rows = read_labels(path)
        seen: dict[str, dict[int, tuple[str, str, str]]] = defaultdict(dict)
        for rid, no, label, kind, h in rows:
            if no in seen[rid]:
                print(f"{path.name}: {rid}:{no} labelled twice")
                bad += 1
            seen[rid][no] = (label, kind, h)
            if label not in LABEL_KINDS:
                print(f"{path.name}: {rid}:{no} unknown label {label!r}")
                bad += 1
            elif LABEL_KINDS[label] is not None and kind not in LABEL_KINDS[label]:
                print(f"{path.name}: {rid}:{no} label {label} has unknown kind {kind!r}")
                bad += 1
        for rid, lab in seen.items():
            if rid not in recs:
                print(f"{path.name}: unknown record {rid}")
                bad += 1
                continue
            lines = split_lines(recs[rid]["text"])
            want = {no for no, x in enumerate(lines, start=1) if x.strip()}
            if set(lab) != want:
                print(
                    f"{path.name}: {rid}: missing {sorted(want - set(lab))[:8]} "
                    f"extra {sorted(set(lab) - want)[:8]}"
                )
                bad += 1
            for no, (_, _, h) in lab.items():
                if no <= len(lines) and line_hash(lines[no - 1]) != h:
                    print(f"{path.name}: {rid}:{no} hash {h} does not match the line")
                    bad += 1
        print(f"{path.name}: {len(seen)} articles, {len(rows)} lines, {bad} problems")
    return 1 if bad else 0


PROMO_KIND = {
    "social": "share",
    "navigation": "chrome",
    "counter": "share",
    "markup": "chrome",
    "tip": "tips",
    "syndication": "other",
    "copyright": "legal",
}
META_KIND = {
    "title": "headline",
    "date": "date",
    "byline": "byline",
    "kicker": "other",
    "dateline": "dateline",
    "credit": "contributed",
    "source": "other",
    "live-blog time": "date",
}


def devset() -> None:
    """Convert tests/data/promo_devset.tsv (the 78 real_news articles) to the line-label form."""
    recs = load_real()
    old = {}
    for row in (
        (ROOT / "tests" / "data" / "promo_devset.tsv").read_text(encoding="utf-8").splitlines()
    ):
        if row.startswith("#") or not row.strip():
            continue
        rid, no, label, note = row.split("\t")
        old[(rid, int(no))] = (label, note)
    with (LABELS / "devset.tsv").open("w", encoding="utf-8") as fh:
        fh.write(
            "# record_id\tline_no\tlabel\tkind\tline_hash  (converted from promo_devset.tsv)\n"
        )
        for rid, r in recs.items():
            for no, line in enumerate(split_lines(r["text"]), start=1):
                if not line.strip():
                    continue
                label, note = old.get((rid, no), ("body", ""))
                if label == "promo":
                    kind = PROMO_KIND.get(note, note)
                elif label == "meta":
                    label, kind = "optional", META_KIND.get(note, "other")
                elif label == "caption":
                    kind = "credit" if note == "credit" else ""
                elif label == "span":
                    kind = "other"
                elif label == "unsure":
                    kind = note
                else:
                    kind = ""
                fh.write(f"{rid}\t{no}\t{label}\t{kind}\t{line_hash(line)}\n")


if __name__ == "__main__":
    cmd, *args = sys.argv[1:] or ["help"]
    if cmd == "sample":
        sample()
    elif cmd == "show":
        show(args[0])
    elif cmd == "sample-more":
        sample_more()
    elif cmd == "sample-second":
        sample_second()
    elif cmd == "devset":
        devset()
    elif cmd == "check":
        sys.exit(check([Path(a) for a in args] or sorted(LABELS.glob("batch_*.tsv"))))
    else:
        print(__doc__)
