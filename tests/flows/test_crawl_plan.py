"""A source's URL rules in the crawl plan: each article is fetched once."""

from __future__ import annotations

from flows.crawl import plan
from flows.settings import Source
from transforms.discovery import Discovered


def test_a_source_plan_fetches_each_article_once() -> None:
    """AMP, mobile and tracking variants listed by one source become duplicates of one fetch."""
    source = Source(
        name="example",
        feeds=["https://www.example.com/feed.xml"],
        drop_params=["share"],
        host_aliases={"m.example.com": "www.example.com"},
    )
    found = [
        Discovered("https://www.example.com/world/story-1", "feed"),
        Discovered("https://m.example.com/world/story-1/", "sitemap"),
        Discovered("https://www.example.com/world/story-1/amp?share=tw", "feed"),
        Discovered("https://www.example.com/world/story-2", "feed"),
    ]
    rows = plan(found, source, "r1")
    fetched = [r for r in rows if r["outcome"] is None]
    assert sorted(r["url"] for r in fetched) == [
        "https://www.example.com/world/story-1",
        "https://www.example.com/world/story-2",
    ]
    variants = [r for r in rows if r["outcome"] == "duplicate_of"]
    assert {r["reason"] for r in variants} == {"url_variant"}
    assert len(variants) == 2
    assert {r["canonical_url"] for r in rows} == {
        "https://www.example.com/world/story-1",
        "https://www.example.com/world/story-2",
    }
