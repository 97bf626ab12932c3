"""Article URLs from feeds, sitemaps and link pages (bytes in, URLs out; nothing fetched here)."""

from __future__ import annotations

import calendar
import re
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import feedparser
import lxml.html
from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException


@dataclass(frozen=True)
class Discovered:
    """A candidate article URL and what the listing said about it."""

    url: str
    via: str
    published: datetime | None = None
    title: str | None = None


def feed_entries(body: bytes, *, base_url: str) -> list[Discovered]:
    """Entries of an RSS/Atom feed given as bytes (never a path or URL: feedparser would open it)."""
    parsed = feedparser.parse(body, sanitize_html=False, resolve_relative_uris=False)
    out: list[Discovered] = []
    for entry in parsed.entries:
        link = entry.get("link")
        if not link:
            continue
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        published = datetime.fromtimestamp(calendar.timegm(stamp), UTC) if stamp else None
        out.append(Discovered(urljoin(base_url, link), "rss", published, entry.get("title")))
    return out


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def sitemap_entries(body: bytes, *, base_url: str) -> tuple[list[Discovered], list[str]]:
    """(article URLs, child sitemaps) of a sitemap or sitemap index; XML bombs and DTDs refused."""
    try:
        root = ElementTree.fromstring(body, forbid_dtd=True)
    except (ElementTree.ParseError, DefusedXmlException, ValueError):
        return [], []
    urls: list[Discovered] = []
    children: list[str] = []
    for node in root:
        loc = next((c.text for c in node if _local(c.tag) == "loc" and c.text), None)
        if not loc:
            continue
        absolute = urljoin(base_url, loc.strip())
        if _local(node.tag) == "sitemap":
            children.append(absolute)
        elif _local(node.tag) == "url":
            # Google News sitemaps carry the publication date and title; plain ones only lastmod.
            news = {_local(c.tag): (c.text or "").strip() for n in node if _local(n.tag) == "news" for c in n}
            stamp = news.get("publication_date") or next(
                (c.text for c in node if _local(c.tag) == "lastmod" and c.text), None
            )
            published = None
            if stamp:
                try:
                    published = datetime.fromisoformat(stamp.strip())
                except ValueError:
                    published = None
            urls.append(Discovered(absolute, "sitemap", published, news.get("title") or None))
    return urls, children


def is_trap(url: str) -> bool:
    """URLs crawlers must not follow: over-long, or a path segment repeated (a/b/a/b/a...)."""
    if len(url) > 2083:
        return True
    segments = [s for s in urlsplit(url).path.split("/") if s]
    return any(n >= 3 for n in Counter(segments).values())


def page_links(body: bytes, *, base_url: str, pattern: str | None) -> list[Discovered]:
    """Same-host links of an HTML page (no traps); with a pattern, only the article links."""
    try:
        tree = lxml.html.document_fromstring(body)
    except (lxml.etree.ParserError, ValueError):
        return []
    host = urlsplit(base_url).netloc
    rx = re.compile(pattern) if pattern else None
    out: list[Discovered] = []
    seen: set[str] = set()
    for href in tree.xpath("//a/@href"):
        url = urljoin(base_url, str(href)).split("#", 1)[0]
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or parts.netloc != host or url in seen or is_trap(url):
            continue
        if rx is not None and not rx.search(parts.path):
            continue
        seen.add(url)
        out.append(Discovered(url, "link"))
    return out
