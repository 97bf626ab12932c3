"""Feeds and sitemaps to candidate URLs, from bytes only; hostile XML refused."""

from __future__ import annotations

from datetime import UTC, datetime

from transforms.discovery import feed_entries, is_trap, sitemap_entries

NEWS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url><loc>https://x.example/2025/10/13/visit</loc>
    <news:news><news:publication><news:name>X</news:name><news:language>en</news:language></news:publication>
      <news:publication_date>2025-10-13T18:32:00+03:00</news:publication_date>
      <news:title>Delegation visits Niamey</news:title></news:news></url>
  <url><loc>/relative/page</loc><lastmod>2025-10-01</lastmod></url>
</urlset>"""


def test_news_sitemap_gives_dates_and_titles() -> None:
    urls, children = sitemap_entries(NEWS_SITEMAP, base_url="https://x.example/sitemap.xml")
    assert children == []
    assert [(u.url, u.title) for u in urls] == [
        ("https://x.example/2025/10/13/visit", "Delegation visits Niamey"),
        ("https://x.example/relative/page", None),
    ]
    assert urls[0].published is not None
    assert urls[0].published.astimezone(UTC) == datetime(2025, 10, 13, 15, 32, tzinfo=UTC)


def test_sitemap_index_lists_children() -> None:
    body = b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <sitemap><loc>https://x.example/sitemaps/2025-10.xml</loc></sitemap></sitemapindex>"""
    assert sitemap_entries(body, base_url="https://x.example/") == (
        [],
        ["https://x.example/sitemaps/2025-10.xml"],
    )


def test_xml_bombs_and_external_entities_are_refused() -> None:
    bomb = b"""<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>
    <urlset><url><loc>&lol2;</loc></url></urlset>"""
    xxe = b"""<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>
    <urlset><url><loc>&e;</loc></url></urlset>"""
    assert sitemap_entries(bomb, base_url="https://x.example/") == ([], [])
    assert sitemap_entries(xxe, base_url="https://x.example/") == ([], [])


def test_feed_entries_from_bytes() -> None:
    rss = b"""<rss version="2.0"><channel><title>T</title>
      <item><title>A visit</title><link>/2025/10/13/a</link>
        <pubDate>Mon, 13 Oct 2025 18:32:00 +0300</pubDate></item>
    </channel></rss>"""
    (entry,) = feed_entries(rss, base_url="https://x.example/rss")
    assert (entry.url, entry.title, entry.via) == ("https://x.example/2025/10/13/a", "A visit", "rss")
    assert entry.published == datetime(2025, 10, 13, 15, 32, tzinfo=UTC)


def test_traps() -> None:
    assert is_trap("https://x.example/a/b/a/b/a/b/a")
    assert is_trap("https://x.example/" + "x" * 2100)
    assert not is_trap("https://x.example/2025/10/13/story")
