"""`newsetl check`: each ledger invariant holds on a consistent warehouse and catches its own breach."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pytest

from flows.stages import RunCounts, gate_failures
from warehouse import tables
from warehouse.ledger import check, ledger_violations
from warehouse.schemas import (
    ARTICLES,
    PAGES,
    QUARANTINE,
    RUNS,
    VISIT_EVENTS,
    VISITS,
    TableSpec,
    records_frame,
)

Frames = dict[str, pd.DataFrame]


def _state() -> Frames:
    """A consistent warehouse: one input in each terminal state, one visit backing one event."""
    pages = [
        {"page_id": "p1", "outcome": "loaded", "article_id": "a1", "run_id": "r1"},
        {"page_id": "p2", "outcome": "quarantined", "reason": "empty_body", "run_id": "r1"},
        {
            "page_id": "p3",
            "outcome": "duplicate_of",
            "reason": "same_text",
            "duplicate_of": "a1",
            "run_id": "r1",
        },
        {
            "page_id": "p4",
            "outcome": "duplicate_of",
            "reason": "url_variant",
            "duplicate_of": "p1",
            "run_id": "r1",
        },
        {"page_id": "p5", "outcome": "skipped", "reason": "robots_disallowed", "run_id": "r1"},
        {"page_id": "p6", "outcome": "fetch_failed", "reason": "http_503", "run_id": "r1"},
    ]
    run = {"run_id": "r1", "inputs": 6, "loaded": 1, "quarantined": 1, "duplicates": 2, "skipped": 1}
    return {
        "pages": records_frame(PAGES, pages),
        "articles": records_frame(ARTICLES, [{"article_id": "a1", "page_id": "p1"}]),
        "quarantine": records_frame(
            QUARANTINE,
            [
                {
                    "quarantine_id": "q2",
                    "record_id": "p2",
                    "stage": "parse",
                    "reason_code": "empty_body",
                    "raw_ref": "raw/r1/x.warc.gz#10",
                    "run_id": "r1",
                }
            ],
        ),
        "runs": records_frame(RUNS, [{**run, "fetch_failed": 1}]),
        "visits": records_frame(VISITS, [{"visit_id": "v1", "article_id": "a1", "event_id": "e1"}]),
        "events": records_frame(VISIT_EVENTS, [{"event_id": "e1"}]),
    }


def _report(frames: Frames) -> list[str]:
    return ledger_violations(**frames).violations


def test_consistent_state_passes_and_stages_conserve_inputs() -> None:
    report = ledger_violations(**_state())
    assert report.violations == []
    assert report.stages == [
        ("crawl", 6, 2, 4),
        ("parse", 4, 1, 3),
        ("validate", 3, 0, 3),
        ("dedupe", 3, 2, 1),
    ]
    assert report.outcomes == {
        "loaded": 1,
        "quarantined": 1,
        "duplicate_of": 2,
        "skipped": 1,
        "fetch_failed": 1,
    }


def _set(table: str, row: int, **values: Any) -> Callable[[Frames], None]:
    def change(frames: Frames) -> None:
        for column, value in values.items():
            frames[table].loc[row, column] = value

    return change


def _drop(table: str, row: int) -> Callable[[Frames], None]:
    def change(frames: Frames) -> None:
        frames[table] = frames[table].drop(index=row).reset_index(drop=True)

    return change


def _append(table: str, **values: Any) -> Callable[[Frames], None]:
    def change(frames: Frames) -> None:
        frames[table] = pd.concat([frames[table], pd.DataFrame([values])], ignore_index=True)

    return change


@pytest.mark.parametrize(
    ("breach", "message"),
    [
        (_append("pages", page_id="p1", outcome="loaded", article_id="a1"), "inputs appear twice: p1"),
        (_set("pages", 4, outcome="pending"), "have no terminal state: p5"),
        (_set("pages", 4, reason=None), "give no reason: p5"),
        (_drop("articles", 0), "loaded inputs without an article row: 1: p1"),
        (
            _append("articles", article_id="a9", page_id="p9"),
            "article rows whose input is not 'loaded': 1: p9",
        ),
        (_set("pages", 2, duplicate_of="a404"), "duplicates pointing at no known input or article: 1: p3"),
        (_drop("quarantine", 0), "quarantined inputs without a quarantine row: 1: p2"),
        (_set("quarantine", 0, raw_ref=""), "quarantine rows without a raw-bytes pointer: 1: q2"),
        (_set("quarantine", 0, reason_code=None), "quarantine rows without a reason: 1: q2"),
        (_append("articles", article_id="a2", page_id="p2"), "inputs both quarantined and loaded: 1: p2"),
        (_set("runs", 0, inputs=7), "run r1: 7 inputs but 6 terminal states"),
        (_set("visits", 0, article_id="a404"), "visit mentions of articles not loaded: 1: a404"),
        (_set("visits", 0, event_id=None), "visit events without any mention: 1: e1"),
    ],
)
def test_each_breach_is_named(breach: Callable[[Frames], None], message: str) -> None:
    frames = _state()
    breach(frames)
    violations = _report(frames)
    assert any(message in v for v in violations), violations


def _complete(spec: TableSpec, frame: pd.DataFrame) -> pd.DataFrame:
    """Fill the required columns the ledger does not look at, so the rows can be written."""
    frame = frame.copy()
    for field in spec.schema:
        if field.nullable:
            continue
        if pa.types.is_timestamp(field.type):
            fill: Any = pd.Timestamp("2025-01-01", tz="UTC")
        elif pa.types.is_integer(field.type) or pa.types.is_floating(field.type):
            fill = 0
        elif pa.types.is_boolean(field.type):
            fill = False
        elif pa.types.is_list(field.type):
            fill = []
        else:
            fill = "x"
        frame[field.name] = [
            fill if v is None or (not isinstance(v, list) and pd.isna(v)) else v for v in frame[field.name]
        ]
    return frame


def test_stray_and_torn_files_in_a_table_folder_are_reported_then_recovered(tmp_path: Path) -> None:
    frames = _state()
    specs = {
        "pages": PAGES,
        "articles": ARTICLES,
        "quarantine": QUARANTINE,
        "runs": RUNS,
        "visits": VISITS,
        "events": VISIT_EVENTS,
    }
    tables.upsert(tmp_path, PAGES, _complete(PAGES, frames["pages"]))
    assert check(tmp_path).violations == [
        "loaded inputs without an article row: 1: p1",
        "loaded inputs pointing at no article: 1: p1",
        "duplicates pointing at no known input or article: 1: p3",
        "quarantined inputs without a quarantine row: 1: p2",
    ]
    for name, spec in specs.items():
        tables.upsert(tmp_path, spec, _complete(spec, frames[name]))
    assert check(tmp_path).ok
    torn = tables.table_path(tmp_path, PAGES) / "part-00000-torn.parquet"
    torn.write_bytes(b"PAR1 half a file")  # what a writer killed mid-write leaves
    assert check(tmp_path).violations == [
        "pages: 1 files outside the current version: part-00000-torn.parquet"
    ]
    tables.recover(tmp_path, [PAGES])
    assert check(tmp_path).ok
    assert len(pd.read_parquet(tables.table_path(tmp_path, PAGES))) == 6


def _counts(**values: int) -> RunCounts:
    base = {"inputs": 100, "fetched": 100, "loaded": 90, "quarantined": 5, "duplicates": 5}
    return RunCounts(**{"skipped": 0, "fetch_failed": 0, "unchanged": 0, **base, **values})


@pytest.mark.parametrize(
    ("counts", "recent", "failure"),
    [
        (_counts(), [100, 110, 90], None),
        (_counts(inputs=0, loaded=0, quarantined=0, duplicates=0), [], "no inputs"),
        (_counts(loaded=40, quarantined=55), [], "quarantine rate 55/100 is above 50%"),
        (_counts(loaded=5, duplicates=95, quarantined=0), [], "duplicate rate 95/100 is above 90%"),
        (
            _counts(inputs=15, loaded=10, quarantined=2, duplicates=3),
            [100, 120, 90, 110],
            "under 20% of the median 105",
        ),
        (_counts(inputs=15, loaded=10, quarantined=2, duplicates=3), [100, 120], None),  # too little history
    ],
)
def test_batch_gates(counts: RunCounts, recent: list[int], failure: str | None) -> None:
    failures = gate_failures(counts, recent)
    if failure is None:
        assert failures == []
    else:
        assert len(failures) == 1
        assert failure in failures[0]
