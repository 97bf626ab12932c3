"""The scale bench's synthetic pages: as heavy as real news pages, and still parsed to just the article."""

from __future__ import annotations

import statistics
from datetime import timedelta

import pytest
import trafilatura

from bench.synth_news import OUTLETS, Content, Page, content, page, page_kind
from transforms.parse import ParsedArticle, parse_html

N = 300
# Text of the site chrome; none of it may reach an article's body.
CHROME = (
    "Most read",
    "Latest news",
    "More from",
    "Read more",
    "We value your privacy",
    "partners store and access",
    "Sign up for our newsletter",
    "Email address",
    "Advertisement",
    "Comments",
    "Community guidelines",
    "Share on",
    "Cookie settings",
    "Privacy policy",
    "All rights reserved",
    "Independence Avenue",
    "Download on the App Store",
    "Subscribe",
    "Personal finance",
)


@pytest.fixture(scope="module")
def pages() -> list[tuple[Page, Content]]:
    return [(page(i), content(i)) for i in range(N)]


def test_sample_covers_every_outlet_and_kind(pages: list[tuple[Page, Content]]) -> None:
    assert {c.outlet for _, c in pages} == set(range(len(OUTLETS)))
    assert {page_kind(p.index)[0] for p, _ in pages} == {"original", "url_variant", "exact_copy", "reprint"}


def test_parser_returns_the_article_and_nothing_else(pages: list[tuple[Page, Content]]) -> None:
    for p, c in pages:
        res = parse_html(p.html, url=p.url)
        assert isinstance(res, ParsedArticle), (p.index, res)
        for phrase in CHROME:
            assert phrase not in res.text, (p.index, phrase)
        assert res.text == "\n\n".join(c.paragraphs), p.index
        assert res.title == c.headline, p.index
        assert res.authors == [c.article.author], p.index
        assert res.published_at == c.article.published, p.index
        assert res.published_at.utcoffset() == timedelta(hours=OUTLETS[c.outlet][2]), p.index


def test_bare_trafilatura_finds_the_paragraphs(pages: list[tuple[Page, Content]]) -> None:
    for p, c in pages[::10]:
        text = trafilatura.extract(p.html.decode(), url=p.url, include_comments=False) or ""
        for para in c.paragraphs:
            assert para in text, (p.index, para)
        rest = text.replace(c.headline, "")
        for para in c.paragraphs:
            rest = rest.replace(para, "")
        assert not rest.strip(), (p.index, rest[:200])


def test_pages_weigh_like_real_news_pages(pages: list[tuple[Page, Content]]) -> None:
    # The AEB real pages: median 115 KB, 143 links, 34 script tags (p10 54 KB, p90 386 KB).
    sizes = [len(p.html) for p, _ in pages]
    assert 80_000 < statistics.median(sizes) < 150_000
    assert min(sizes) > 30_000
    assert max(sizes) < 600_000
    assert 100 < statistics.median(p.html.count(b"<a ") for p, _ in pages) < 200
    assert 20 < statistics.median(p.html.count(b"<script") for p, _ in pages) < 50


def test_a_page_is_the_same_whatever_was_generated_before() -> None:
    first = page(N + 7).html
    for i in range(N + 100, N + 120):
        page(i)
    assert page(N + 7).html == first
