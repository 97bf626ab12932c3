"""Each declared table round-trips through Delta, DuckDB views keep its types, docs are current."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa
import pytest
from deltalake import DeltaTable, write_deltalake

from tests.paths import ROOT
from warehouse import tables
from warehouse.catalog import catalog_path, duckdb_type, refresh_catalog
from warehouse.docs import tables_markdown
from warehouse.schemas import TABLES, TableSpec, records_frame

SAMPLE: dict[str, Any] = {
    pa.string(): "x",
    pa.int32(): 1,
    pa.int64(): 2,
    pa.float64(): 0.5,
    pa.bool_(): False,
    pa.date32(): date(2025, 10, 13),
    pa.timestamp("us", tz="UTC"): datetime(2025, 10, 13, 8, 0, tzinfo=UTC),
    pa.list_(pa.string()): ["a", "b"],
    pa.list_(pa.int64()): [-(2**63), 2**63 - 1],
}


def minimal_row(spec: TableSpec, key: str) -> dict[str, Any]:
    """A valid row: every column set, allowed values respected."""
    allowed = spec.allowed()
    row = {f.name: allowed[f.name][0] if f.name in allowed else SAMPLE[f.type] for f in spec.schema}
    for k in spec.primary_key:
        row[k] = key
    return row


@pytest.mark.parametrize("spec", TABLES.values(), ids=list(TABLES))
def test_minimal_frame_round_trips_and_upsert_is_idempotent(spec: TableSpec, tmp_path: Path) -> None:
    frame = records_frame(spec, [minimal_row(spec, "k1"), minimal_row(spec, "k2")])
    assert tables.upsert(tmp_path, spec, frame) == 2
    assert tables.upsert(tmp_path, spec, frame) == 0  # same input, no change
    back = tables.read_table(tmp_path, spec)
    assert list(back.columns) == spec.columns
    assert sorted(back[spec.primary_key[0]]) == ["k1", "k2"]
    # Plain pandas over the folder sees exactly the live rows: vacuum left no stale files.
    assert len(pd.read_parquet(tables.table_path(tmp_path, spec))) == 2


def test_append_adds_each_new_key_once(tmp_path: Path) -> None:
    spec = TABLES["neardup_index"]
    assert tables.append(tmp_path, spec, records_frame(spec, [minimal_row(spec, "a")] * 2)) == 1
    frame = records_frame(spec, [minimal_row(spec, "a"), minimal_row(spec, "b"), minimal_row(spec, "b")])
    assert tables.append(tmp_path, spec, frame) == 1
    assert sorted(tables.read_table(tmp_path, spec)["article_id"]) == ["a", "b"]


def test_upsert_of_new_keys_appends_and_an_update_rewrites(tmp_path: Path) -> None:
    spec = TABLES["articles"]
    tables.upsert(tmp_path, spec, records_frame(spec, [minimal_row(spec, "a"), minimal_row(spec, "b")]))
    first = set(tables.live_files(tmp_path, spec))
    assert (
        tables.upsert(tmp_path, spec, records_frame(spec, [minimal_row(spec, "b"), minimal_row(spec, "c")]))
        == 1
    )
    second = set(tables.live_files(tmp_path, spec))
    assert first < second  # the stored file was kept, the new key went into a file of its own
    assert len(second) == 2
    changed = {**minimal_row(spec, "a"), "title": "a new headline"}
    version = DeltaTable(str(tables.table_path(tmp_path, spec))).version()
    assert tables.upsert(tmp_path, spec, records_frame(spec, [changed, minimal_row(spec, "d")])) == 2
    third = set(tables.live_files(tmp_path, spec))
    # Only the file holding "a" was rewritten (b kept with it), in one commit; c's file is untouched.
    assert second - first <= third
    assert not first & third
    assert len(third) == 3
    history = DeltaTable(str(tables.table_path(tmp_path, spec))).history()
    assert [h["operation"] for h in history if h["version"] > version and "VACUUM" not in h["operation"]] == [
        "WRITE"
    ]
    back = tables.read_table(tmp_path, spec).set_index("article_id")
    assert sorted(back.index) == ["a", "b", "c", "d"]
    assert back.loc["a", "title"] == "a new headline"
    assert back.loc["b", "title"] == minimal_row(spec, "b")["title"]
    assert len(pd.read_parquet(tables.table_path(tmp_path, spec))) == 4  # vacuumed: live rows only


def test_replace_rows_swaps_only_the_named_rows_in_one_commit(tmp_path: Path) -> None:
    spec = TABLES["visit_events"]
    rows = [
        {**minimal_row(spec, k), "host_country": h} for k, h in (("e1", "MLI"), ("e2", "MLI"), ("e3", "NER"))
    ]
    tables.upsert(tmp_path, spec, records_frame(spec, rows))
    version = DeltaTable(str(tables.table_path(tmp_path, spec))).version()
    # e2 is gone (its visits now form e4), e1 changes, e3 is not named and stays.
    moved = [{**rows[0], "city": "Bamako"}, {**minimal_row(spec, "e4"), "host_country": "MLI"}]
    assert tables.replace_rows(tmp_path, spec, records_frame(spec, moved), "event_id", ["e1", "e2"])
    writes = [
        h for h in DeltaTable(str(tables.table_path(tmp_path, spec))).history() if h["version"] > version
    ]
    assert [h["operation"] for h in writes if h["operation"] == "WRITE"] == ["WRITE"]  # vacuum aside
    back = tables.read_table(tmp_path, spec).set_index("event_id")
    assert sorted(back.index) == ["e1", "e3", "e4"]
    assert back.loc["e1", "city"] == "Bamako"
    assert back.loc["e3", "host_country"] == "NER"
    # The same rows again: nothing to commit.
    assert not tables.replace_rows(tmp_path, spec, records_frame(spec, moved), "event_id", ["e1", "e2"])
    assert len(pd.read_parquet(tables.table_path(tmp_path, spec))) == 3  # list columns load in plain pandas


def test_replace_rows_naming_25_000_keys_rewrites_them_in_one_commit(tmp_path: Path) -> None:
    """deltalake crashed (SIGSEGV) on an IN list of ~21,000 keys, as a 100k corpus's visits reached."""
    spec = TABLES["visits"]
    n = 25_000
    rows = [minimal_row(spec, f"v{i:06d}") for i in range(n)]
    tables.upsert(tmp_path, spec, records_frame(spec, rows))
    version = DeltaTable(str(tables.table_path(tmp_path, spec))).version()
    # Every stored visit is named; the even ones come back changed, the odd ones are gone, one is new.
    new = [{**r, "city": "Bamako"} for r in rows[::2]] + [minimal_row(spec, "w1")]
    names = [r["visit_id"] for r in rows]
    assert tables.replace_rows(tmp_path, spec, records_frame(spec, new), "visit_id", names)
    writes = [
        h for h in DeltaTable(str(tables.table_path(tmp_path, spec))).history() if h["version"] > version
    ]
    assert [h["operation"] for h in writes if h["operation"] == "WRITE"] == ["WRITE"]
    back = tables.read_table(tmp_path, spec)
    assert len(back) == n // 2 + 1
    assert set(back.loc[back["visit_id"] != "w1", "city"]) == {"Bamako"}
    assert not tables.replace_rows(tmp_path, spec, records_frame(spec, new), "visit_id", names)


def test_compact_merges_appended_files_in_one_commit(tmp_path: Path) -> None:
    spec = TABLES["runs"]
    for i in range(6):
        tables.upsert(tmp_path, spec, records_frame(spec, [minimal_row(spec, f"r{i}")]))
    before = tables.read_table(tmp_path, spec).sort_values("run_id").reset_index(drop=True)
    assert len(tables.live_files(tmp_path, spec)) == 6
    assert not tables.compact(tmp_path, spec, max_files=6)  # at the limit: left alone
    assert tables.compact(tmp_path, spec, max_files=5)
    tables.recover(tmp_path, [spec])
    assert len(tables.live_files(tmp_path, spec)) == 1
    after = tables.read_table(tmp_path, spec).sort_values("run_id").reset_index(drop=True)
    pd.testing.assert_frame_equal(after, before)
    assert len(pd.read_parquet(tables.table_path(tmp_path, spec))) == 6


def test_a_column_missing_from_older_files_reads_as_null(tmp_path: Path) -> None:
    spec = TABLES["articles"]
    tables.upsert(tmp_path, spec, records_frame(spec, [minimal_row(spec, "a")]))
    path = tables.table_path(tmp_path, spec)
    old = DeltaTable(str(path)).to_pyarrow_table().drop_columns(["story_id"])
    write_deltalake(str(path), old, mode="overwrite", schema_mode="overwrite")
    assert tables.read_columns(tmp_path, spec, ["article_id", "story_id"]).to_pylist() == [
        {"article_id": "a", "story_id": None}
    ]
    refresh_catalog(tmp_path)
    con = duckdb.connect(str(catalog_path(tmp_path)), read_only=True)
    assert con.execute("SELECT article_id, story_id FROM articles").fetchall() == [("a", None)]
    con.close()


def test_missing_column_or_null_key_is_refused(tmp_path: Path) -> None:
    spec = TABLES["articles"]
    row = minimal_row(spec, "a")
    with pytest.raises(ValueError, match="missing columns"):
        tables.upsert(tmp_path, spec, pd.DataFrame([row]).drop(columns=["title"]))
    row["article_id"] = None
    with pytest.raises((ValueError, pa.ArrowInvalid)):
        spec.to_arrow(records_frame(spec, [row]))


def test_duckdb_views_carry_declared_types(tmp_path: Path) -> None:
    for spec in TABLES.values():
        tables.upsert(tmp_path, spec, records_frame(spec, [minimal_row(spec, "k")]))
    refresh_catalog(tmp_path)
    con = duckdb.connect(str(catalog_path(tmp_path)), read_only=True)
    for spec in TABLES.values():
        described = {r[0]: r[1] for r in con.execute(f"DESCRIBE {spec.name}").fetchall()}
        assert described == {f.name: duckdb_type(f.type) for f in spec.schema}
        assert con.execute(f"SELECT count(*) FROM {spec.name}").fetchone() == (1,)
    con.close()


def test_empty_warehouse_views_exist_with_types(tmp_path: Path) -> None:
    refresh_catalog(tmp_path)
    con = duckdb.connect(str(catalog_path(tmp_path)), read_only=True)
    assert con.execute("SELECT count(*) FROM visits_per_country").fetchone() == (0,)
    con.close()


def test_docs_are_generated_from_current_schemas() -> None:
    assert (ROOT / "docs" / "tables.md").read_text(encoding="utf-8") == tables_markdown()


OTHER: dict[Any, Any] = {
    pa.string(): "y",
    pa.int32(): 3,
    pa.int64(): 4,
    pa.float64(): 0.25,
    pa.bool_(): True,
    pa.date32(): date(2025, 10, 14),
    pa.timestamp("us", tz="UTC"): datetime(2025, 10, 13, 8, 0, 0, 1, tzinfo=UTC),
    pa.list_(pa.string()): ["a", "c"],
    pa.list_(pa.int64()): [-(2**63), 2**63 - 2],
}


@pytest.mark.parametrize("spec", TABLES.values(), ids=list(TABLES))
def test_pending_rows_are_new_keys_and_rows_that_changed_in_any_column(
    spec: TableSpec, tmp_path: Path
) -> None:
    stored = minimal_row(spec, "k1")
    tables.upsert(tmp_path, spec, records_frame(spec, [stored]))
    fresh = records_frame(spec, [stored, minimal_row(spec, "k2"), minimal_row(spec, "k2")])
    # The stored row is not pending; a new key is, with its repeat (for the suite's uniqueness check).
    assert tables.pending_rows(tmp_path, spec, fresh)[spec.primary_key[0]].tolist() == ["k2", "k2"]
    allowed = spec.allowed()
    for f in spec.schema:
        if f.name in spec.primary_key:
            continue
        other = allowed[f.name][1] if f.name in allowed and len(allowed[f.name]) > 1 else OTHER[f.type]
        if f.name in allowed and other == stored[f.name]:
            continue  # a column with a single allowed value cannot change
        changed = records_frame(spec, [{**stored, f.name: other}])
        assert len(tables.pending_rows(tmp_path, spec, changed)) == 1, f.name
        assert tables.pending_rows(tmp_path, spec, changed, ignore=[f.name]).empty, f.name
