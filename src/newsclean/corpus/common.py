"""What learning and deduplication share: a record's site, line normalisation, stable
hashes and a union-find."""

from __future__ import annotations

import hashlib
import inspect
import re
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from ..errors import ConfigError
from ..rules.sites import host_of, registered_domain

SiteBy = Literal["outlet", "domain"]

WORD = re.compile(r"\w+")
_DIGITS = re.compile(r"\d+")


def hash64(text: str) -> int:
    """A stable 64-bit hash (Python's own ``hash`` changes between processes)."""
    return hash64_bytes(text.encode("utf-8", "surrogatepass"))


def hash64_bytes(data: bytes) -> int:
    """``hash64`` of bytes."""
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest())


def line_key(line: str) -> str:
    """A line normalised as CCNet does for its line hashes: case folded, digits as 0,
    punctuation and spacing reduced to single spaces between words.

    Examples:
        >>> line_key("Sign up for the Morning Briefing — 5 stories, every day!")
        'sign up for the morning briefing 0 stories every day'
    """
    # digits are word characters, so a run of them never crosses a word's edge: replacing
    # them before splitting gives the same words, in one pass over the line
    return " ".join(WORD.findall(_DIGITS.sub("0", line.casefold())))


def site_of(record: Mapping[str, Any], by: SiteBy) -> str | None:
    """The site a record belongs to: its ``outlet`` field, or with ``by="domain"`` the
    registered domain of its ``url`` (or ``domain`` field), so ``edition.cnn.com`` and
    ``www.cnn.com`` are both ``cnn.com`` (the public-suffix list bundled with
    ``publicsuffixlist``, read offline); None when the record does not say.

    Examples:
        >>> site_of({"url": "https://edition.cnn.com/world/x"}, "domain")
        'cnn.com'
        >>> site_of({"url": "https://www.bbc.co.uk/news/1"}, "domain")
        'bbc.co.uk'
    """
    if by == "outlet":
        value = record.get("outlet")
        return value.strip() if isinstance(value, str) and value.strip() else None
    for name in SITE_FIELDS["domain"]:
        value = record.get(name)
        if isinstance(value, str) and value.strip():
            host = host_of(value)
            if host is None and not any(c.isspace() or c == "/" for c in value.strip()):
                host = value.strip()  # a single label ("localhost"), an address
            return registered_domain(host) if host else None
    return None


#: The fields a record's site is read from, by ``by``.
SITE_FIELDS: dict[SiteBy, tuple[str, ...]] = {"outlet": ("outlet",), "domain": ("url", "domain")}


def keywords_of(function: Callable[..., Any], keywords: Mapping[str, Any]) -> dict[str, Any]:
    """``keywords`` read by ``function``'s own signature (its first parameter, the records,
    aside), defaults filled in: a name it does not take raises the TypeError calling it
    would. So a function that forwards ``**options`` takes exactly the same options.

    Examples:
        >>> def f(records, *, a=1, **rest): ...
        >>> keywords_of(f, {"b": 2})
        {'a': 1, 'rest': {'b': 2}}
    """
    try:
        bound = inspect.signature(function).bind(None, **keywords)
    except TypeError as exc:
        raise TypeError(f"{function.__name__}() {exc}") from None
    bound.apply_defaults()
    arguments = dict(bound.arguments)
    del arguments[next(iter(arguments))]
    return arguments


class UnionFind:
    """Disjoint sets of comparable items. The smaller root wins each join, so the sets'
    representatives do not depend on the order of the joins."""

    def __init__(self) -> None:
        self.parent: dict[Any, Any] = {}

    def find(self, x: Hashable) -> Any:
        root = x
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        while x != root:  # path compression
            self.parent[x], x = root, self.parent.get(x, x)
        return root

    def join(self, a: Hashable, b: Hashable) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            lo, hi = (ra, rb) if ra < rb else (rb, ra)
            self.parent[hi] = lo


_CENSUS_FIELDS = 24  # field names a census keeps (the first in sorted order)
_CENSUS_EARLY = 1000  # records read before a census can tell that no site field exists


@dataclass(frozen=True, slots=True)
class FieldCensus:
    """How many records were objects, how many had a site field (a non-empty string in
    one of ``SITE_FIELDS[by]``), and which field names were seen (a bounded, sorted few):
    enough to say, fast and clearly, that a corpus has no site to learn by. Merging is
    associative and commutative, so Dask partitions count alike."""

    records: int = 0
    with_site: int = 0
    fields: tuple[str, ...] = ()

    @classmethod
    def of(cls, record: Any, by: SiteBy) -> FieldCensus:
        if not isinstance(record, Mapping):
            return cls()
        names = [k for k in record if isinstance(k, str)]
        has = any(isinstance(record.get(f), str) and record[f].strip() for f in SITE_FIELDS[by])
        return cls(1, int(has), tuple(sorted(names)[:_CENSUS_FIELDS]))

    def merge(self, other: FieldCensus) -> FieldCensus:
        fields = tuple(sorted(set(self.fields) | set(other.fields))[:_CENSUS_FIELDS])
        return FieldCensus(self.records + other.records, self.with_site + other.with_site, fields)

    def check(self, by: SiteBy, *, early: bool = False) -> None:
        """Raise ConfigError when records were read and none had a site field: learning
        by ``by`` would silently learn nothing. With ``early``, only once enough records
        were read to tell.

        Examples:
            >>> FieldCensus.of({"id": 1, "text": "x"}, "domain").check("domain")
            Traceback (most recent call last):
            ...
            newsclean.errors.ConfigError: learn_boilerplate: by='domain' reads each record's \
'url' (or 'domain') field, and none of 1 record(s) has one (fields present: id, text); \
learn by='outlet' or add the field
        """
        if self.with_site or not self.records or (early and self.records < _CENSUS_EARLY):
            return
        wanted = " (or ".join(repr(f) for f in SITE_FIELDS[by]) + (
            ")" if len(SITE_FIELDS[by]) > 1 else ""
        )
        other = "outlet" if by == "domain" else "domain"
        present = ", ".join(self.fields) or "none"
        raise ConfigError(
            f"learn_boilerplate: by={by!r} reads each record's {wanted} field, and none of "
            f"{self.records} record(s) has one (fields present: {present}); "
            f"learn by={other!r} or add the field"
        )
