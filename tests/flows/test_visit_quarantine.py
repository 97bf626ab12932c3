"""Visit mentions that break a row rule go to quarantine (stage events) and never reach an event."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pandas as pd

from flows.stages import extract_visits, validate_visits
from transforms.events import EXTRACTOR_VERSION
from warehouse.schemas import VISITS, records_frame


def _mention(visit_id: str, host: str) -> dict[str, object]:
    return {
        "visit_id": visit_id,
        "article_id": "a1",
        "source": "x",
        "published_at": datetime(2025, 10, 13, 9, tzinfo=UTC),
        "visitor_country": "RUS",
        "host_country": host,
        "event_date": date(2025, 10, 12),
        "date_precision": "day",
        "date_source": "text",
        "status": "occurred",
        "cameo_code": "042",
        "sentence": f"The delegation visited {host}.",
        "char_start": 0,
        "char_end": 30,
        "confidence": 0.9,
        "extractor_version": "v",
    }


def test_domestic_mention_is_quarantined_with_a_pointer_to_its_article() -> None:
    visits = records_frame(VISITS, [_mention("v1", "MLI"), _mention("v2", "RUS")])
    articles = pd.DataFrame({"article_id": ["a1"], "raw_ref": ["raw/r1/site.warc.gz#1234"]})
    passed, held = validate_visits(visits, articles, "r1")
    assert list(passed["visit_id"]) == ["v1"]
    assert len(held) == 1
    assert held[0]["record_id"] == "v2"
    assert held[0]["stage"] == "events"
    assert held[0]["reason_code"] == "domestic_visit"
    assert held[0]["raw_ref"] == "raw/r1/site.warc.gz#1234"
    assert "The delegation visited RUS." in held[0]["detail"]


def test_every_mention_row_carries_the_extractor_version(seed_text: str) -> None:
    articles = pd.DataFrame(
        [
            {
                "article_id": "a1",
                "source": "seed",
                "title": "Russian Officials Visit Niger to Bolster Military Ties",
                "text": seed_text,
                "published_at": datetime(2023, 12, 4, 9, tzinfo=UTC),
                "published_utc_offset": "+03:00",
                "dateline": None,
            }
        ]
    )
    rows = extract_visits(articles)
    # Mentions, not events: Niger is named as visited in more than one sentence.
    assert {(r["visitor_country"], r["host_country"]) for r in rows} == {("RUS", "MLI"), ("RUS", "NER")}
    assert {r["extractor_version"] for r in rows} == {EXTRACTOR_VERSION}
