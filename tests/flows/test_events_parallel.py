"""Visit extraction over worker processes gives the rows of one serial pass, actors learned across chunks."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd

from flows.stages import extract_visits_parallel
from transforms.visit_events import extract_visits, run_actors


def _article(i: int, text: str) -> dict[str, object]:
    return {
        "article_id": f"a{i}",
        "source": "wire",
        "published_at": datetime(1987, 4, 20, 12, tzinfo=UTC),
        "published_utc_offset": "+00:00",
        "title": f"Story {i}",
        "text": text,
        "dateline": None,
    }


def test_chunks_in_workers_match_one_serial_pass() -> None:
    texts = [
        # Only the first chunk says who Nakasone is; the last chunk's visit needs it.
        "Japanese Prime Minister Yasuhiro Nakasone met business leaders on Friday.",
        "Brazilian Finance Minister Dilson Funaro said talks went well.",
        "A Russian delegation visited Bamako on Monday to discuss mining.",
        "The weather in Paris was mild on Sunday.",
        "Officials prepared for Nakasone's visit to Washington next week.",
        "Funaro will travel to Tokyo next month for talks on debt.",
    ]
    articles = pd.DataFrame([_article(i, t) for i, t in enumerate(texts)])
    serial = extract_visits(articles, run_actors(articles))
    parallel = extract_visits_parallel(articles, {}, workers=2, chunk=2)
    assert parallel == serial
    hosts = {(v["article_id"], v["visitor_country"], v["host_country"]) for v in parallel}
    assert ("a4", "JPN", "USA") in hosts
    assert ("a5", "BRA", "JPN") in hosts
