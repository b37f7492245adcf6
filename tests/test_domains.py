"""Sites by registered domain (issue #17, item 12): ``edition.cnn.com`` and ``cnn.com``
are one site, read from the public-suffix list bundled with ``publicsuffixlist``."""

from __future__ import annotations

import socket
from typing import Any

import pytest

from newsclean import corpus
from newsclean.rules import sites
from newsclean.rules.sites import host_of, registered_domain, site_key


@pytest.mark.parametrize(
    ("host", "domain"),
    [
        ("edition.cnn.com", "cnn.com"),
        ("www.cnn.com", "cnn.com"),
        ("CNN.COM.", "cnn.com"),
        ("www.bbc.co.uk", "bbc.co.uk"),
        ("news.abc.net.au", "abc.net.au"),
        ("a.b.c.example.com.br", "example.com.br"),
        ("someone.github.io", "someone.github.io"),  # a private suffix: each user a site
        ("localhost", "localhost"),
        ("co.uk", "co.uk"),  # a bare suffix stays as it is
        ("192.0.2.7", "192.0.2.7"),
    ],
)
def test_registered_domain(host: str, domain: str) -> None:
    assert registered_domain(host) == domain


def test_both_spellings_of_an_international_domain_are_one_site() -> None:
    assert site_key("https://новости.пример.рф/x") == site_key("xn--e1afmkfd.xn--p1ai")


def test_urls_hosts_and_names() -> None:
    assert host_of("https://edition.cnn.com:443/2026/x?y=1") == "edition.cnn.com"
    assert host_of("cnn.com/politics") == "cnn.com"
    assert host_of("Fox News") is None
    assert host_of("U.S. News") is None
    assert site_key("Planet\n  Daily") == site_key("planet daily") == "planet daily"
    assert site_key("   ") is None


def test_records_of_one_registered_domain_are_one_site() -> None:
    urls = ["https://edition.cnn.com/a", "https://www.cnn.com/b", "http://cnn.com/c"]
    assert {corpus.site_of({"url": u}, "domain") for u in urls} == {"cnn.com"}
    assert corpus.site_of({"domain": "www.bbc.co.uk"}, "domain") == "bbc.co.uk"
    assert corpus.site_of({"url": "not a url"}, "domain") is None
    topics = ["rain", "budget", "election", "harvest", "football", "museum", "bridge", "tunnel"]
    docs = [
        {"url": urls[i % 3] + str(i), "text": f"On the {t}.\nThe CNN Morning Call, 6 stories."}
        for i, t in enumerate(topics)
    ]
    got = corpus.learn_boilerplate(docs, by="domain")
    assert list(got.sites) == ["cnn.com"]
    assert [r.site for r in got.rules] == ["cnn.com"]


def test_the_list_is_read_offline(monkeypatch: Any) -> None:
    def no_network(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the public-suffix list must not be fetched")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    sites._suffixes.cache_clear()
    try:
        assert registered_domain("edition.cnn.com") == "cnn.com"
    finally:
        sites._suffixes.cache_clear()
