"""What learning and deduplication share: a record's site, line normalisation, stable
hashes and a union-find."""

from __future__ import annotations

import hashlib
import inspect
import re
from collections.abc import Callable, Hashable, Mapping
from typing import Any, Literal
from urllib.parse import urlsplit

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
    return " ".join(_DIGITS.sub("0", w) for w in WORD.findall(line.casefold()))


def site_of(record: Mapping[str, Any], by: SiteBy) -> str | None:
    """The site a record belongs to: its ``outlet`` field, or the domain of its ``url``
    (``www.`` dropped) with ``by="domain"``; None when the record does not say.

    Examples:
        >>> site_of({"url": "https://www.foxnews.com/world/x"}, "domain")
        'foxnews.com'
    """
    if by == "outlet":
        value = record.get("outlet")
        return value.strip() if isinstance(value, str) and value.strip() else None
    value = record.get("url") or record.get("domain")
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    host = urlsplit(value if "//" in value else f"//{value}").hostname or ""
    return host.removeprefix("www.") or None


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
