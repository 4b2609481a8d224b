"""Links from the data. Only an http or https address with a host is data a page may link to:
`ssbook validate` refuses anything else in a URL column, and every link the book writes from the
data is made by `anchor`, which writes anything else as plain text (never `javascript:`, `data:`,
`vbscript:`, protocol-relative `//host` or a scheme hidden behind spaces or control characters)."""

from __future__ import annotations

import html
import unicodedata
from urllib.parse import urlsplit

SCHEMES = ("http", "https")
NOT_WEB = "not an http(s) URL"


def web_url(value: object) -> str | None:
    """`value` if it is an http(s) URL with a host, else None. Spaces, control and invisible
    characters anywhere refuse it too: browsers skip or strip them, so they can hide a scheme."""
    if not isinstance(value, str) or any(unicodedata.category(ch)[0] in "CZ" for ch in value):
        return None
    try:
        parts = urlsplit(value)
        host = parts.hostname
    except ValueError:  # e.g. an unclosed [IPv6] host
        return None
    return value if parts.scheme.lower() in SCHEMES and host else None


def anchor(url: object, label: str | None = None) -> str:
    """HTML for a link to `url` showing `label` (default: the URL's host), both escaped. A URL that
    is not http(s) gets no link: it is written as plain text."""
    if web_url(url) is None:
        return html.escape(str(url))
    shown = urlsplit(url).hostname if label is None else label
    return f'<a href="{html.escape(url)}">{html.escape(shown)}</a>'
