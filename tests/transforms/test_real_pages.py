"""The parser on the shared real pages: never an exception, never a URL, e-mail or agency as author."""

from __future__ import annotations

import gzip
import re

import pytest

from tests.paths import SHARED
from transforms.parse import AGENCIES, ParsedArticle, ParseFailure, parse_html

PAGES = sorted((SHARED / "realdata" / "aeb" / "html").glob("*.html.gz")) + sorted(
    (SHARED / "realdata" / "htmldate" / "pages").glob("*.html.gz")
)
NOT_A_PERSON = re.compile(r"(https?://|www\.|@|\.com\b|\.txt\b)", re.IGNORECASE)


@pytest.mark.skipif(not PAGES, reason="needs ../shared/realdata")
def test_authors_on_real_pages_are_people_only() -> None:
    parsed = 0
    for page in PAGES:
        res = parse_html(gzip.decompress(page.read_bytes()), url="https://example.org/article")
        assert isinstance(res, ParsedArticle | ParseFailure)
        if isinstance(res, ParseFailure):
            continue
        parsed += 1
        for name in res.authors:
            assert not NOT_A_PERSON.search(name), (page.name, name)
            assert name.lower() not in AGENCIES, (page.name, name)
        for agency in res.agencies:
            assert not NOT_A_PERSON.search(agency), (page.name, agency)
    assert parsed >= 250
