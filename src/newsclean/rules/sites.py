"""Sites: a source hint (a URL, a host name or an outlet's name) reduced to the one key
that scopes a site's rules, so ``edition.cnn.com`` and ``cnn.com`` are one site.

Web addresses become their registered domain, read from the public-suffix list that the
``publicsuffixlist`` package bundles (no fetch at run time); any other name is folded
(case and spacing), so ``"Planet  Daily"`` and ``"planet daily"`` are one site too.
"""

from __future__ import annotations

import ipaddress
import re
from functools import lru_cache
from urllib.parse import urlsplit

from publicsuffixlist import PublicSuffixList

# A host name as written in a record's domain field: labels of letters, digits and
# hyphens (any script) joined by dots, with at least one dot. A name with a space
# ("U.S. News") is an outlet's name, not a host.
_HOST = re.compile(r"(?:[^\W_](?:[\w-]*[^\W_])?\.)+[^\W\d_][\w-]*\.?(?::\d+)?")
_SURROGATE = re.compile("[\ud800-\udfff]")


@lru_cache(maxsize=1)
def _suffixes() -> PublicSuffixList:
    # the list bundled with the package: read once per process, never fetched
    return PublicSuffixList()


def _ascii_host(host: str) -> str:
    """The host in its ASCII (IDNA) form, so both spellings of a domain are one key."""
    if host.isascii():
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host


def registered_domain(host: str) -> str | None:
    """The registered domain of a host (the part bought from a registry): one label
    more than its public suffix. An IP address, a single label (``localhost``) or a bare
    public suffix is returned as it is; an empty host gives None.

    Examples:
        >>> registered_domain("edition.cnn.com")
        'cnn.com'
        >>> registered_domain("www.bbc.co.uk")
        'bbc.co.uk'
        >>> registered_domain("news.example.blogspot.com")
        'example.blogspot.com'
    """
    name = _ascii_host(host.strip().rstrip(".").casefold())
    if not name:
        return None
    try:
        ipaddress.ip_address(name.strip("[]"))
    except ValueError:
        pass
    else:
        return name.strip("[]")
    return _suffixes().privatesuffix(name) or name


def host_of(value: str) -> str | None:
    """The host name a URL or bare host names, or None when ``value`` is neither (an
    outlet's name such as ``"Fox News"``).

    Examples:
        >>> host_of("https://www.foxnews.com/world/x")
        'www.foxnews.com'
        >>> host_of("foxnews.com")
        'foxnews.com'
        >>> host_of("Fox News") is None
        True
    """
    text = value.strip()
    if "//" in text:
        try:
            return urlsplit(text).hostname or None
        except ValueError:
            return None
    head = text.split("/", 1)[0]
    if not _HOST.fullmatch(head):
        return None
    try:
        return urlsplit(f"//{head}").hostname or None
    except ValueError:
        return None


def site_key(value: str) -> str | None:
    """The key of the site ``value`` names: the registered domain of a URL or host, the
    folded name otherwise; None for an empty value. Rules scoped to sites compare keys.

    Examples:
        >>> site_key("https://edition.cnn.com/2026/politics") == site_key("CNN.com")
        True
        >>> site_key("  Planet   DAILY ")
        'planet daily'
    """
    value = _SURROGATE.sub("\ufffd", value)  # as a pack file can only write it
    host = host_of(value)
    if host is not None:
        return registered_domain(host)
    folded = " ".join(value.split()).casefold()
    return folded or None
