"""Each hand-written expectation: a frame that passes it and one that fails it with its reason."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from expectations.validate import DocsSite, validate_frame
from warehouse.schemas import ARTICLES, VISIT_EVENTS, VISITS, TableSpec, records_frame

NOW = datetime(2026, 1, 1, tzinfo=UTC)
BODY = "Russian Foreign Minister visited Bamako on Tuesday for talks. " * 8


def article(**changes: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "article_id": "a1",
        "page_id": "p1",
        "url": "https://x.example/a",
        "canonical_url": "https://x.example/a",
        "source": "x",
        "title": "Lisitsyn visits Mali",
        "authors": ["Jane Roe"],
        "agencies": [],
        "published_at": datetime(2025, 10, 13, 8, tzinfo=UTC),
        "date_source": "json-ld",
        "date_precision": "minute",
        "text": BODY,
        "word_count": len(BODY.split()),
        "text_sha256": "h",
        "encoding_guessed": False,
        "chars_replaced": 0,
        "mojibake_fixed": False,
        "parser": "generic",
        "run_id": "r",
    }
    row.update(changes)
    return row


def visit(**changes: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "visit_id": "v1",
        "article_id": "a1",
        "source": "x",
        "visitor_country": "RUS",
        "host_country": "MLI",
        "event_date": date(2025, 10, 12),
        "date_precision": "day",
        "date_source": "text",
        "status": "occurred",
        "cameo_code": "042",
        "sentence": "s",
        "char_start": 0,
        "char_end": 10,
        "confidence": 0.9,
        "extractor_version": "v",
    }
    row.update(changes)
    return row


CASES = [
    (ARTICLES, article, {"text": "Too short."}, "short_body"),
    (ARTICLES, article, {"title": "A"}, "missing_title"),
    (ARTICLES, article, {"title": None}, "missing_title"),
    (ARTICLES, article, {"published_at": datetime(2027, 1, 1, tzinfo=UTC)}, "date_in_future"),
    (ARTICLES, article, {"published_at": datetime(1985, 1, 1, tzinfo=UTC)}, "date_too_old"),
    (ARTICLES, article, {"text": BODY + "Sign up for our free weekly newsletter"}, "boilerplate_in_body"),
    (
        ARTICLES,
        article,
        {"text": BODY + "Not ready to support today? Remind me later."},
        "boilerplate_in_body",
    ),
    (ARTICLES, article, {"date_source": "guess"}, "invalid_value"),
    (VISITS, visit, {"host_country": "Mali"}, "invalid_value"),
    (VISITS, visit, {"host_country": "XYZ"}, "invalid_value"),
    (VISITS, visit, {"host_country": "RUS"}, "domestic_visit"),
    (
        VISITS,
        visit,
        {"event_date": date(2025, 10, 20), "published_at": datetime(2025, 10, 13, 9, tzinfo=UTC)},
        "event_after_publication",
    ),
    (ARTICLES, article, {"text": BODY * 2000}, "invalid_value"),
    (VISITS, visit, {"visitor_country": "RU"}, "invalid_value"),
    (VISITS, visit, {"confidence": 1.5}, "invalid_value"),
    (VISITS, visit, {"char_end": 0}, "invalid_value"),
    (VISITS, visit, {"status": "rumoured"}, "invalid_value"),
]


@pytest.mark.parametrize(("spec", "make", "changes", "reason"), CASES)
def test_expectation_rejects_bad_row_and_keeps_good_one(
    spec: TableSpec, make: Any, changes: dict[str, Any], reason: str
) -> None:
    key = spec.primary_key[0]
    frame = records_frame(spec, [make(), make(**{key: "bad", **changes})])
    outcome = validate_frame(frame, spec, now=NOW)
    assert outcome.gate_failures == []
    assert [(r.key, r.reason) for r in outcome.rejected] == [("bad", reason)]
    assert list(outcome.passed[key]) == [make()[key]]


def test_planned_visit_may_lie_after_publication() -> None:
    row = visit(status="planned", cameo_code="036", event_date=date(2025, 11, 1))
    frame = records_frame(VISITS, [{**row, "published_at": datetime(2025, 10, 13, tzinfo=UTC)}])
    assert validate_frame(frame, VISITS, now=NOW).rejected == []


def event(**changes: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "event_id": "e1",
        "visitor_country": "RUS",
        "host_country": "MLI",
        "status": "occurred",
        "cameo_code": "042",
        "mention_count": 3,
        "article_count": 2,
        "source_count": 2,
        "article_ids": ["a1", "a2"],
    }
    row.update(changes)
    return row


@pytest.mark.parametrize(
    ("changes", "failing"),
    [
        ({}, None),
        ({"host_country": "XYZ"}, "expect_column_values_to_be_in_set"),
        ({"visitor_country": "XYZ"}, "expect_column_values_to_be_in_set"),
        ({"mention_count": 0, "source_count": 0}, "expect_column_values_to_be_between"),
        ({"source_count": 4}, "expect_column_pair_values_a_to_be_greater_than_b"),
    ],
)
def test_event_expectations_gate_the_batch(changes: dict[str, Any], failing: str | None) -> None:
    frame = records_frame(VISIT_EVENTS, [event(**changes)])
    outcome = validate_frame(frame, VISIT_EVENTS, now=NOW)
    if failing is None:
        assert outcome.gate_failures == []
    else:
        assert len(outcome.gate_failures) == 1
        assert outcome.gate_failures[0].startswith(failing)


def test_duplicate_keys_fail_the_batch_gate() -> None:
    frame = records_frame(ARTICLES, [article(), article()])
    outcome = validate_frame(frame, ARTICLES, now=NOW)
    assert any("unique" in g for g in outcome.gate_failures)


def test_run_ids_that_look_like_dates_with_impossible_offsets_are_stored(tmp_path: Path) -> None:
    # new_run_id() ends in six hex digits; some (4 digits then "ad") parse as a date with an offset over 24 h.
    docs = DocsSite.for_data(tmp_path, "20261205T160848Z-5991ad")
    outcome = validate_frame(records_frame(ARTICLES, [article()]), ARTICLES, now=NOW, docs=docs)
    assert outcome.gate_failures == []
    assert list(outcome.passed["article_id"]) == ["a1"]
    assert list((tmp_path / "gx").rglob("20261205T160848Z-5991ad"))
