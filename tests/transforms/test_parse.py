"""Parser tests on the seed, the demo outlets and real pages."""

from __future__ import annotations

import gzip
from datetime import datetime, timedelta

import pytest

from tests.paths import ROOT, SHARED
from transforms.decode import decode_html
from transforms.parse import (
    ParsedArticle,
    ParseFailure,
    clean_title,
    parse_html,
    parse_text,
    split_credits,
)

SEED_FIRST = "A Russian delegation led by the deputy defense minister met with Niger's military leaders"
SEED_LAST = "the latest blow to the fight against insurgents in one of the world's most troubled zones."


def test_seed_text_parses_to_title_and_news_paragraphs_only(seed_text: str) -> None:
    res = parse_text(seed_text, published_at=datetime(2023, 12, 4))
    assert isinstance(res, ParsedArticle)
    assert res.title == "Russian Officials Visit Niger to Bolster Military Ties"
    paragraphs = res.text.split("\n\n")
    assert len(paragraphs) == 10
    assert paragraphs[0].startswith(SEED_FIRST)
    assert paragraphs[-1].endswith(SEED_LAST)
    for phrase in (
        "Support The Moscow Times",
        "newsletter",
        "Privacy Policy",
        "Dear readers",
        "Remind me later",
        "Read more",
        "Vadim Savitsky",
    ):
        assert phrase not in res.text
    assert res.image_caption == "Russian Deputy Defense Minister Yunus-Bek Yevkurov."
    assert res.image_credit == "Vadim Savitsky / Russian Defense Ministry / TASS"
    assert res.language == "en"
    assert res.parser == "text:moscowtimes"


def test_text_without_body_is_quarantined_as_empty() -> None:
    res = parse_text("Support The Moscow Times!\n\nRead more")
    assert res == ParseFailure("empty_body", "no body text after boilerplate removal")


def test_wrongly_declared_charset_is_detected_and_flagged() -> None:
    html = "<html><head><meta charset='utf-8'></head><body><p>Côte d’Ivoire café talks</p></body></html>"
    decoded = decode_html(html.encode("cp1252"), "text/html; charset=utf-8")
    assert "Côte d’Ivoire café" in decoded.text
    assert decoded.guessed


@pytest.mark.parametrize(
    ("names", "people", "agencies"),
    [
        (["By Jane Roe and John Doe"], ["Jane Roe", "John Doe"], []),
        (["Reuters", "Associated Press"], [], ["Reuters", "AP"]),
        (["https://www.facebook.com/someone", "humans.txt", "staff@example.com"], [], []),
        (["Newsroom", "The Moscow Times", "Anna Petrova"], ["Anna Petrova"], []),
        (["AFP; TASS"], [], ["AFP", "TASS"]),
        (["Meridian News Agency", "Jane Roe"], ["Jane Roe"], ["Meridian News Agency"]),
    ],
)
def test_credits_split_people_from_agencies(names: list[str], people: list[str], agencies: list[str]) -> None:
    assert split_credits(names, site_name="The Moscow Times") == (people, agencies)


def test_title_loses_site_suffix() -> None:
    assert clean_title("Russian Officials Visit Niger | The Moscow Times", "The Moscow Times") == (
        "Russian Officials Visit Niger"
    )


def test_moscow_times_profile_on_demo_page_prunes_boilerplate() -> None:
    page = next((ROOT / "demo/site/moscowcourier/2025").rglob("*.html"))
    res = parse_html(page.read_bytes(), url="http://127.0.0.1/x")
    assert isinstance(res, ParsedArticle)
    assert res.parser == "moscowtimes"
    assert res.authors
    assert res.published_at is not None
    assert res.published_at.utcoffset() == timedelta(hours=3)
    for phrase in ("Remind me later", "newsletter", "Read more"):
        assert phrase not in res.text


def test_real_page_has_people_and_tz_aware_date() -> None:
    html = gzip.decompress(
        (SHARED / "realdata/news_pages/htmldate_globalnews_syria_turkey.html.gz").read_bytes()
    )
    res = parse_html(html, url="https://globalnews.ca/news/6619000/")
    assert isinstance(res, ParsedArticle)
    assert res.authors == ["Orhan Coskun", "Suleiman Al-Khalidi"]
    assert res.published_at is not None
    assert res.published_at.utcoffset() == timedelta(hours=-5)
    assert res.date_source == "json-ld"
    assert "Turkey" in res.title
    assert "&#" not in res.title


def _page(og_type: str, date: str | None) -> bytes:
    stamp = f"<meta property='article:published_time' content='{date}'>" if date else ""
    body = "".join(
        f"<p>Paragraph {i} about ministers meeting in the capital for talks.</p>" for i in range(3)
    )
    head = f"<meta property='og:type' content='{og_type}'>{stamp}"
    return (
        f"<html><head>{head}</head><body><article><h1>Title here</h1>{body}</article></body></html>".encode()
    )


def test_og_type_website_with_a_date_is_still_an_article() -> None:
    res = parse_html(_page("website", "2025-10-13T10:00:00+02:00"), url="https://x.example/a")
    assert isinstance(res, ParsedArticle)
    assert res.published_at is not None


def test_undated_short_page_is_not_an_article() -> None:
    res = parse_html(_page("website", None), url="https://x.example/")
    assert isinstance(res, ParseFailure)
    assert res.reason == "not_article"


@pytest.mark.parametrize(
    ("stamp", "url", "day", "source"),
    [
        ("2020-04-14T00:38:07Z", "https://x.example/news/20200413/story", "2020-04-13", "url"),
        ("2020-02-18T02:18:11Z", "https://x.example/2020/02/17/story/", "2020-02-17", "url"),
        (
            "2020-07-09T10:04:04Z",
            "https://x.example/politics/story/2020/07/08/abc.html",
            "2020-07-09",
            "meta",
        ),
        ("2020-02-18T02:18:11-05:00", "https://x.example/2020/02/17/story/", "2020-02-18", "meta"),
    ],
)
def test_url_date_wins_only_over_small_hours_utc_stamps(stamp: str, url: str, day: str, source: str) -> None:
    res = parse_html(_page("article", stamp), url=url)
    assert isinstance(res, ParsedArticle)
    assert res.published_at is not None
    assert (res.published_at.date().isoformat(), res.date_source) == (day, source)
