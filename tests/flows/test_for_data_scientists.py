"""docs/for-data-scientists.md: each Python block runs against the demo warehouse and prints what it shows."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

from tests.paths import ROOT
from warehouse.catalog import query

DOC = ROOT / "docs" / "for-data-scientists.md"
FENCE = re.compile(r"^```(\w*)[^\n]*\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
LIBRARIES = {
    "pandas": re.compile(r"^import pandas as pd$|\bpd\.read_parquet\(", re.MULTILINE),
    "pyarrow": re.compile(r"^import pyarrow\.dataset as ds$|\bds\.dataset\(", re.MULTILINE),
    "polars": re.compile(r"^import polars as pl$|\bpl\.scan_parquet\(", re.MULTILINE),
    "duckdb": re.compile(r"^import duckdb$|\bduckdb\.connect\(", re.MULTILINE),
}
PER_COUNTRY = ["host_country", "host_name", "visits", "mentions", "first_date", "last_date"]


@dataclass(frozen=True)
class Snippet:
    """A ```python block of the doc, the line it starts on, and the output block right after it."""

    code: str
    line: int
    shown: str | None


def snippets(text: str) -> list[Snippet]:
    """The doc's Python blocks in order, each with the ```text block that directly follows it, if any."""
    fences = list(FENCE.finditer(text))
    out = []
    for i, fence in enumerate(fences):
        if fence.group(1) != "python":
            continue
        after = fences[i + 1] if i + 1 < len(fences) else None
        shown = None
        if after is not None and after.group(1) == "text" and not text[fence.end() : after.start()].strip():
            shown = after.group(2)
        out.append(Snippet(fence.group(2), text.count("\n", 0, fence.start()) + 2, shown))
    return out


def _lines(printed: str) -> list[str]:
    return [line.rstrip() for line in printed.rstrip().splitlines()]


def _files(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns) for p in folder.rglob("*")}


@dataclass(frozen=True)
class Executed:
    """The namespace the blocks ran in, what each printed, and the warehouse files before and after."""

    data_dir: Path
    namespace: dict[str, Any]
    printed: list[str]
    files_before: dict[str, tuple[int, int]]
    files_after: dict[str, tuple[int, int]]


@pytest.fixture(scope="module")
def executed(demo_run: tuple[Path, dict[str, Any]]) -> Executed:
    """Every Python block of the doc run in order in one namespace, with DATA the demo data dir."""
    data_dir, _ = demo_run
    before = _files(data_dir / "warehouse")
    namespace: dict[str, Any] = {"__name__": "for_data_scientists"}
    printed = []
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("NEWSETL_DATA_DIR", str(data_dir))
        mp.delenv("POLARS_TABLE_WIDTH", raising=False)
        for snippet in snippets(DOC.read_text(encoding="utf-8")):
            out = io.StringIO()
            # Line numbers in tracebacks point into the doc.
            code = compile("\n" * (snippet.line - 1) + snippet.code, str(DOC), "exec")
            with contextlib.redirect_stdout(out):
                exec(code, namespace)
            printed.append(out.getvalue())
    return Executed(data_dir, namespace, printed, before, _files(data_dir / "warehouse"))


def _day(value: Any) -> dt.date:
    if isinstance(value, pd.Timestamp | dt.datetime):
        return value.date()
    assert isinstance(value, dt.date), value
    return value


def _per_country_rows(records: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """(host, name, visits, mentions, first, last) in plain Python types, whatever library made them."""
    rows = []
    for r in records:
        mentions = r["mentions"]
        assert isinstance(mentions, int | float | Decimal), mentions
        assert mentions == int(mentions), mentions
        rows.append(
            (
                r["host_country"],
                r["host_name"],
                int(r["visits"]),
                int(mentions),
                _day(r["first_date"]),
                _day(r["last_date"]),
            )
        )
    return rows


def test_doc_has_snippets_for_every_library() -> None:
    """The doc loads the warehouse with pandas, pyarrow, polars and DuckDB, and shows outputs to check."""
    found = snippets(DOC.read_text(encoding="utf-8"))
    code = "\n".join(s.code for s in found)
    for library, pattern in LIBRARIES.items():
        assert any(pattern.search(s.code) for s in found), f"no ```python block uses {library}"
    assert re.search(r"^DATA = ", code, re.MULTILINE), "the doc must define DATA"
    assert sum(s.shown is not None for s in found) >= 10
    assert "make run" in DOC.read_text(encoding="utf-8")


def test_snippets_print_what_the_doc_shows(executed: Executed) -> None:
    """Every output block under a Python block is exactly what that block prints."""
    found = snippets(DOC.read_text(encoding="utf-8"))
    assert executed.namespace["DATA"] == executed.data_dir
    for snippet, printed in zip(found, executed.printed, strict=True):
        if snippet.shown is not None:
            assert _lines(printed) == _lines(snippet.shown), (
                f"{DOC.name}:{snippet.line}: the block prints something else than the output shown "
                f"below it; update the doc if the change is right:\n{printed}"
            )


def test_four_libraries_agree_on_russian_visits_per_country(executed: Executed) -> None:
    """pandas, pyarrow, polars and DuckDB snippets give the rows of the visits_per_country view."""
    ns = executed.namespace
    names, view = query(executed.data_dir, "SELECT * FROM visits_per_country")
    assert names == PER_COUNTRY
    expected = _per_country_rows([dict(zip(names, row, strict=True)) for row in view])
    assert len(expected) > 1
    pandas_frame = ns["pd_per_country"]
    arrow_table = ns["pa_per_country"]
    polars_frame = ns["pl_per_country"]
    duckdb_frame = ns["db_per_country"]
    assert isinstance(pandas_frame, pd.DataFrame)
    assert isinstance(arrow_table, pa.Table)
    assert isinstance(polars_frame, pl.DataFrame)
    assert isinstance(duckdb_frame, pd.DataFrame)
    answers = {
        "pandas": pandas_frame.to_dict("records"),
        "pyarrow": arrow_table.to_pylist(),
        "polars": polars_frame.to_dicts(),
        "duckdb": duckdb_frame.to_dict("records"),
    }
    for library, records in answers.items():
        assert all(set(PER_COUNTRY) <= set(r) for r in records), library
        assert _per_country_rows(records) == expected, library


def test_timeline_and_leaders_match_the_analyst_views(executed: Executed) -> None:
    """The polars timeline and the pandas leaders table agree with visits_timeline and delegation_leaders."""
    ns = executed.namespace
    _, months = query(
        executed.data_dir,
        "SELECT month, sum(visits)::BIGINT FROM visits_timeline WHERE visitor_country = 'RUS' "
        "GROUP BY month ORDER BY month",
    )
    timeline = ns["timeline"]
    assert isinstance(timeline, pl.DataFrame)
    assert timeline.select("month", "visits").rows() == months
    assert ns["timeline_view"].filter(pl.col("visitor_country") == "RUS")["visits"].sum() == sum(
        v for _, v in months
    )
    _, led = query(
        executed.data_dir,
        "SELECT leader_name, leader_title, visits, hosts FROM delegation_leaders "
        "WHERE visitor_country = 'RUS' ORDER BY visits DESC, leader_name",
    )
    leaders = ns["leaders"]
    assert list(leaders.columns) == ["leader_name", "leader_title", "visits", "hosts"]
    assert [(r[0], r[1], int(r[2]), list(r[3])) for r in leaders.itertuples(index=False)] == [
        (name, title, visits, hosts) for name, title, visits, hosts in led
    ]
    assert ns["leaders_view"].num_rows >= len(led) > 0


def test_evidence_joins_events_to_sentences_and_articles(executed: Executed) -> None:
    """The evidence frame has the sentences of the Russian visits to Mali, each inside its article's text."""
    ns = executed.namespace
    evidence = ns["evidence"]
    _, rows = query(
        executed.data_dir,
        "SELECT count(*) FROM visit_events e JOIN visits v USING (event_id) "
        "WHERE e.visitor_country = 'RUS' AND e.host_country = 'MLI'",
    )
    assert len(evidence) == rows[0][0] > 0
    assert {"event_id", "sentence", "source", "title", "url", "text"} <= set(evidence.columns)
    for text, sentence in zip(evidence["text"], evidence["sentence"], strict=True):
        assert sentence in text
    reports = ns["reports"]
    _, ids = query(
        executed.data_dir,
        "SELECT sum(len(article_ids))::BIGINT FROM visit_events WHERE visitor_country = 'RUS'",
    )
    assert len(reports) == ids[0][0] > 0


def test_snippets_leave_the_warehouse_untouched(executed: Executed) -> None:
    """Reading the warehouse the doc's way writes, moves and deletes nothing in it."""
    assert executed.files_after == executed.files_before
