"""Links from the data: only http(s) addresses with a host are accepted by `ssbook validate` and
written as links (`ssbook.links`); every other scheme, however disguised, is refused and written as text."""

from __future__ import annotations

import csv
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from ssbook.links import anchor, web_url
from ssbook.validate import validate

NOT_WEB = [
    "javascript://example.com/%0aalert(1)",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "  javascript:alert(1)",
    "\x01javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "javascript\u200b:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "mailto:editor@example.com",
    "//evil.example/path",
    "/relative/path",
    "example.com/no-scheme",
    "http:evil.example",
    "https://",
    "https:///path-without-host",
    "https://[::1/unclosed",
    "https://example.com/a b",
    "https://example.com/\u00a0",
    " https://example.com/",
    "https://example.com/\u202e",
]
WEB = [
    "https://example.com",
    "http://www.bike-ev.com/news/cars/faw-hongqi-solid-state-battery-ev-prototype",
    "HTTPS://Example.com/Path?q=1#frag",
    "https://例子.cn/路径",
    "https://[2001:db8::1]:8443/x",
]
HOSTILE_WEB = "https://evil.example/\"><img/src=x/onerror=alert(4)>?q='/onmouseover=alert(5)//"


class _Links(HTMLParser):
    def __init__(self, markup):
        super().__init__()
        self.links, self.text = [], []
        self.feed(markup)

    def handle_starttag(self, tag, attrs):
        assert tag == "a", f"unexpected <{tag}>"
        self.links.append(dict(attrs))

    def handle_data(self, data):
        self.text.append(data)


@pytest.mark.parametrize("url", NOT_WEB)
def test_anything_but_http_is_not_a_web_url(url):
    assert web_url(url) is None


@pytest.mark.parametrize("url", WEB + [HOSTILE_WEB])
def test_http_and_https_urls_with_a_host_are(url):
    assert web_url(url) == url


def test_every_shipped_source_url_is_a_web_url(data_dir):
    with open(data_dir / "sources.csv", newline="", encoding="utf-8") as handle:
        urls = [row["url"] for row in csv.DictReader(handle)]
    assert urls and [u for u in urls if web_url(u) is None] == []


@pytest.mark.parametrize("url", NOT_WEB)
def test_anchor_writes_no_link_for_anything_else(url):
    markup = anchor(url)
    parsed = _Links(markup)
    assert parsed.links == []
    assert "".join(parsed.text) == url  # shown as the text it is


@pytest.mark.parametrize("url", WEB + [HOSTILE_WEB])
def test_anchor_links_web_urls_by_their_host_and_escapes_them(url):
    parsed = _Links(anchor(url))
    assert parsed.links == [{"href": url}]  # one attribute, the whole URL, nothing broken out of it
    assert "".join(parsed.text) == urlsplit(url).hostname


def test_anchor_escapes_its_label():
    label = '<img src=x onerror=alert(1)> " onmouseover=alert(3) x="'
    parsed = _Links(anchor("https://example.com/", label))
    assert parsed.links == [{"href": "https://example.com/"}]
    assert "".join(parsed.text) == label


def set_url(data_dir, value):
    path = data_dir / "sources.csv"
    with open(path, newline="", encoding="utf-8") as handle:
        table = list(csv.reader(handle))
    table[1][table[0].index("url")] = value
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(table)
    return 2  # the first row starts on line 2


@pytest.mark.parametrize("url", NOT_WEB)
def test_validation_refuses_a_url_that_is_not_http(data_dir, url):
    line = set_url(data_dir, url)
    found = [str(p) for p in validate(data_dir)]
    assert found == [f"data/sources.csv:{line}:url: not an http(s) URL"]


def test_validation_accepts_hostile_text_inside_an_http_url(data_dir):
    """Quotes and angle brackets in an http(s) URL are the link writer's business (escaping), not an error."""
    set_url(data_dir, HOSTILE_WEB)
    assert [str(p) for p in validate(data_dir)] == []
