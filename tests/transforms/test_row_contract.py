"""Rows built by code carry exactly the declared columns (the schema is the only list of them)."""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from flows.crawl import candidate
from flows.stages import extract_visits
from tests.paths import SEED
from transforms.parse import ParsedArticle, parse_text
from transforms.records import article_row, quarantine_rows
from transforms.visit_events import visit_events
from warehouse.schemas import ARTICLES, PAGES, QUARANTINE, VISIT_EVENTS, VISITS


def test_built_rows_match_declared_columns() -> None:
    page = candidate("https://x.example/a", "x", "rss", "r1")
    assert set(PAGES.columns) <= set(page)
    parsed = parse_text(
        SEED.read_text(encoding="utf-8"), published_at=datetime.fromisoformat("2023-12-04T12:00+03:00")
    )
    assert isinstance(parsed, ParsedArticle)
    article = article_row(parsed, page, "r1")
    assert list(article) == ARTICLES.columns
    visits = extract_visits(pd.DataFrame([article]))
    assert visits
    assert all(list(v) == VISITS.columns for v in visits)
    events, _ = visit_events(pd.DataFrame(visits))
    assert list(events.columns) == VISIT_EVENTS.columns
    (q,) = quarantine_rows([{**page, "outcome": "quarantined", "reason": "empty_body"}], "r1")
    assert list(q) == QUARANTINE.columns
    # An unchanged input keeps its stored quarantine row: none is built again.
    assert (
        quarantine_rows([{**page, "outcome": "quarantined", "reason": "empty_body", "unchanged": True}], "r1")
        == []
    )
