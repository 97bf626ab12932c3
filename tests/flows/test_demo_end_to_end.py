"""The real flows against the demo site on loopback: tables, ledger, answer file, idempotent re-run."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pytest

from flows.demo_server import DEMO_DIR
from flows.pipeline import pipeline_flow
from tests.demo_run import run_demo
from tests.paths import ROOT
from warehouse.catalog import QueryError, analyst_views, catalog_path, connect, query
from warehouse.schemas import OUTCOMES

EXPECTED = json.loads((DEMO_DIR / "expected_visits.json").read_text(encoding="utf-8"))
COUNTED = ("pages", "articles", "quarantine", "visits", "visit_events")


_run = run_demo


def _path_of(url: str) -> str:
    return "/" + url.split("/", 3)[3]


@pytest.fixture(scope="module")
def warehouse(demo_run: tuple[Path, dict[str, Any]]) -> tuple[Path, dict[str, Any], dict[str, int]]:
    data_dir, first = demo_run
    counts = {t: query(data_dir, f"SELECT count(*) FROM {t}")[1][0][0] for t in COUNTED}
    return data_dir, first, counts


def test_visits_per_country_matches_answer_file(
    warehouse: tuple[Path, dict[str, Any], dict[str, int]],
) -> None:
    data_dir, _, _ = warehouse
    _, rows = query(data_dir, "SELECT host_country, visits FROM visits_per_country")
    assert dict(rows) == EXPECTED["visits_per_country"]


def test_visits_by_country_filters_dates_and_confidence(
    warehouse: tuple[Path, dict[str, Any], dict[str, int]],
) -> None:
    """visits_by_country(visitor, from_date, to_date, min_confidence), positional or by name."""
    data_dir, _, _ = warehouse
    sql = "SELECT host_country, visits FROM visits_by_country({}) WHERE visits > 0"
    _, everything = query(data_dir, sql.format("'RUS'"))
    assert dict(everything) == EXPECTED["visits_per_country"]
    _, events = query(
        data_dir,
        "SELECT host_country, start_date, confidence FROM visit_events "
        "WHERE visitor_country = 'RUS' AND status IN ('occurred', 'ongoing')",
    )
    assert all(0 < conf < 1 for _, _, conf in events)
    dates = sorted(d for _, d, _ in events)
    middle = dates[len(dates) // 2]
    want = Counter(host for host, d, _ in events if d >= middle)
    _, late = query(data_dir, sql.format(f"'RUS', DATE '{middle}', NULL, 0"))
    assert dict(late) == dict(want)
    _, named = query(data_dir, sql.format(f"'RUS', from_date := DATE '{middle}'"))
    assert named == late
    floor = sorted(conf for _, _, conf in events)[len(events) // 2]
    _, confident = query(data_dir, sql.format(f"'RUS', NULL, NULL, {floor}"))
    assert dict(confident) == dict(Counter(host for host, _, conf in events if conf >= floor))
    _, none = query(data_dir, sql.format("'RUS', DATE '1900-01-01', DATE '1900-12-31', 0"))
    assert none == []


def _check(data_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "flows.cli", "check", "--data-dir", str(data_dir)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_newsetl_check_passes_after_the_run(warehouse: tuple[Path, dict[str, Any], dict[str, int]]) -> None:
    data_dir, _, counts = warehouse
    done = _check(data_dir)
    assert done.returncode == 0, done.stdout
    assert "OK: all ledger invariants hold" in done.stdout
    assert f"({counts['pages']} in all)" in done.stdout


def test_every_input_has_exactly_one_terminal_outcome(
    warehouse: tuple[Path, dict[str, Any], dict[str, int]],
) -> None:
    data_dir, first, _ = warehouse
    pages = pd.read_parquet(data_dir / "warehouse" / "pages")
    assert pages["page_id"].is_unique
    assert set(pages["outcome"]) <= set(OUTCOMES)
    assert pages["outcome"].notna().all()
    assert pages.loc[pages["outcome"] != "loaded", "reason"].notna().all()
    by_outcome = pages["outcome"].value_counts().to_dict()
    assert first["inputs"] == len(pages) == sum(by_outcome.values())
    assert first["loaded"] == by_outcome["loaded"]
    articles = pd.read_parquet(data_dir / "warehouse" / "articles")
    assert len(articles) == by_outcome["loaded"]
    quarantine = pd.read_parquet(data_dir / "warehouse" / "quarantine")
    assert sorted(quarantine["record_id"]) == sorted(pages.loc[pages["outcome"] == "quarantined", "page_id"])
    assert quarantine["raw_ref"].notna().all()


def test_bad_pages_end_in_the_right_state(
    warehouse: tuple[Path, dict[str, Any], dict[str, int]],
) -> None:
    data_dir, _, _ = warehouse
    pages = pd.read_parquet(data_dir / "warehouse" / "pages")
    reasons = pages["reason"].astype(object).where(pages["reason"].notna(), None)
    state = {_path_of(u): (o, r) for u, o, r in zip(pages["url"], pages["outcome"], reasons, strict=True)}
    bad = {k: v.split(":", 1)[1] for k, v in EXPECTED["bad_pages"].items()}
    assert state[bad["empty_body"]] == ("quarantined", "empty_body")
    assert state[bad["not_html"]] == ("skipped", "not_html")
    assert state[bad["not_found"]] == ("skipped", "http_404")
    assert state[bad["robots_disallowed"]] == ("skipped", "robots_disallowed")
    assert state[bad["wrong_charset"]] == ("loaded", None)
    variant = EXPECTED["duplicates"]["url_variant"].split(":", 1)[1]
    assert state[variant] == ("duplicate_of", "url_variant")
    syndicated = [s.split(":", 1)[1] for s in EXPECTED["duplicates"]["syndicated"]]
    assert sorted(state[p][0] for p in syndicated) == ["duplicate_of", "loaded"]
    articles = pd.read_parquet(data_dir / "warehouse" / "articles")
    charset = articles[articles["url"].str.endswith(bad["wrong_charset"])].iloc[0]
    assert "Côte d’Ivoire" in charset["text"]
    assert charset["encoding_guessed"]


def test_articles_are_clean_and_time_zone_aware(
    warehouse: tuple[Path, dict[str, Any], dict[str, int]],
) -> None:
    data_dir, _, _ = warehouse
    articles = pd.read_parquet(data_dir / "warehouse" / "articles")
    assert len(articles) >= 40
    assert str(articles["published_at"].dt.tz) == "UTC"
    assert articles["published_utc_offset"].notna().all()
    for phrase in ("Remind me later", "Sign up for our", "Read more"):
        assert not articles["text"].str.contains(phrase).any()
    assert articles["authors"].map(len).gt(0).mean() > 0.8


def test_catalog_answers_sql_from_python(
    warehouse: tuple[Path, dict[str, Any], dict[str, int]],
) -> None:
    data_dir, _, _ = warehouse
    con = duckdb.connect(str(catalog_path(data_dir)), read_only=True)
    try:
        n = con.execute(
            "SELECT count(*) FROM visit_events WHERE visitor_country = 'RUS' AND status = 'occurred'"
        ).fetchone()
        multi = con.execute("SELECT max(source_count) FROM visit_events").fetchone()
    finally:
        con.close()
    assert n is not None
    assert n[0] == sum(EXPECTED["visits_per_country"].values())
    assert multi is not None
    assert multi[0] >= 2


def test_rerun_changes_no_row_counts(
    warehouse: tuple[Path, dict[str, Any], dict[str, int]],
) -> None:
    data_dir, _, counts = warehouse
    second = _run(data_dir)
    again = {t: query(data_dir, f"SELECT count(*) FROM {t}")[1][0][0] for t in COUNTED}
    assert again == counts
    assert second["loaded"] == counts["articles"]
    pages = pd.read_parquet(data_dir / "warehouse" / "pages")
    fetched_before = pages["content_sha256"].notna() & pages["outcome"].isin(
        ["loaded", "quarantined", "duplicate_of"]
    )
    assert second["unchanged"] == int(fetched_before.sum()) > 40  # same bytes: nothing re-parsed
    _, runs = query(data_dir, "SELECT count(*) FROM runs")
    assert runs[0][0] == 2
    done = _check(data_dir)
    assert done.returncode == 0, done.stdout


def test_sql_cli_answers_and_refuses_file_access(
    warehouse: tuple[Path, dict[str, Any], dict[str, int]],
) -> None:
    data_dir, _, _ = warehouse
    cli = [sys.executable, "-m", "flows.cli", "sql", "--data-dir", str(data_dir), "--format", "json"]
    ok = subprocess.run(
        [*cli, "SELECT * FROM visits_per_country"], capture_output=True, text=True, timeout=120
    )
    assert ok.returncode == 0, ok.stderr
    rows = [json.loads(line) for line in ok.stdout.splitlines()]
    assert {r["host_country"]: r["visits"] for r in rows} == EXPECTED["visits_per_country"]
    for statement, says in [
        ("SELECT * FROM read_csv('/etc/passwd')", "Permission"),
        (f"COPY articles TO '{data_dir}/leak.csv'", "refused: COPY"),
    ]:
        bad = subprocess.run([*cli, statement], capture_output=True, text=True, timeout=120)
        assert bad.returncode == 1
        assert says in bad.stdout + bad.stderr
    assert not (data_dir / "leak.csv").exists()


def test_reparse_from_warc_reproduces_articles(
    warehouse: tuple[Path, dict[str, Any], dict[str, int]],
) -> None:
    data_dir, _, counts = warehouse
    sql = "SELECT article_id, text_sha256, title, published_at FROM articles ORDER BY article_id"
    before = query(data_dir, sql)[1]
    # The demo site is not being served now: reparse reads only the WARC archive.
    row = pipeline_flow(data_dir=data_dir, mode="reparse")
    assert row["loaded"] == counts["articles"]
    assert query(data_dir, sql)[1] == before
    again = {t: query(data_dir, f"SELECT count(*) FROM {t}")[1][0][0] for t in COUNTED}
    assert again == counts


def test_every_documented_example_answers(warehouse: tuple[Path, dict[str, Any], dict[str, int]]) -> None:
    data_dir, _, _ = warehouse
    views = analyst_views()
    assert {v.name for v in views} >= {
        "visits_per_country",
        "visits_by_country",
        "visits_timeline",
        "delegation_leaders",
        "reciprocal_visits",
        "articles_search",
    }
    docs = (ROOT / "docs" / "tables.md").read_text(encoding="utf-8")
    for view in views:
        assert view.examples, f"{view.name} has no example"
        for example in view.examples:
            assert example in docs
            _, rows = query(data_dir, example)
            assert rows, f"{view.name}: {example} returned nothing on the demo warehouse"
    hits = query(data_dir, "SELECT title, snippet FROM articles_search('URANIUM')")[1]
    assert any("Bortsov" in title and "uranium" in snippet.lower() for title, snippet in hits)
    # A term is taken literally: LIKE wildcards match nothing.
    assert query(data_dir, "SELECT count(*) FROM articles_search('N_ger')")[1] == [(0,)]


@pytest.mark.parametrize(
    ("statement", "says"),
    [
        ("SELECT * FROM read_text('/etc/passwd')", "only the warehouse folder"),
        ("SELECT * FROM read_parquet('{data}/../outside.parquet')", "only the warehouse folder"),
        ("SELECT * FROM read_csv('{data}/warehouse/../../../etc/passwd')", "only the warehouse folder"),
        ("COPY articles TO '{data}/warehouse/leak.csv'", "refused: COPY"),
        ("COPY (SELECT 1) TO '{data}/warehouse/articles/part-0.parquet'", "refused: COPY"),
        ("ATTACH '{data}/other.duckdb' AS other", "refused: ATTACH"),
        ("INSTALL httpfs", "refused: LOAD"),
        ("LOAD httpfs", "refused: LOAD"),
        ("SET enable_external_access = true", "refused: SET"),
        ("DROP VIEW articles", "refused: DROP"),
        ("SELECT 1; CREATE TABLE owned AS SELECT * FROM articles", "refused: CREATE"),
        (
            "SELECT * FROM visits_per_country WHERE host_country = '' OR 1=1; DROP VIEW runs; --'",
            "refused: DROP",
        ),
        ("SELECT * FROM read_csv('/etc/passwd'", "Parser Error"),
    ],
)
def test_sql_refuses_writes_and_file_access(
    warehouse: tuple[Path, dict[str, Any], dict[str, int]], statement: str, says: str
) -> None:
    data_dir, _, _ = warehouse
    with pytest.raises(QueryError, match=says):
        query(data_dir, statement.format(data=data_dir))
    assert not (data_dir / "warehouse" / "leak.csv").exists()
    assert query(data_dir, "SELECT count(*) FROM runs")[1][0][0] >= 1  # nothing was dropped


def test_analyst_connection_limits_hold_even_without_the_statement_check(
    warehouse: tuple[Path, dict[str, Any], dict[str, int]],
) -> None:
    data_dir, _, _ = warehouse
    con = connect(data_dir)
    try:
        for statement, says in [
            (f"COPY articles TO '{data_dir}/leak.csv'", "Permission"),
            ("SET memory_limit = '100GB'", "locked"),
            ("LOAD httpfs", "disabled"),
            ("SET enable_external_access = true", "locked"),
        ]:
            with pytest.raises(duckdb.Error, match=says):
                con.execute(statement)
    finally:
        con.close()
    assert not (data_dir / "leak.csv").exists()


def test_sql_stops_a_runaway_query(warehouse: tuple[Path, dict[str, Any], dict[str, int]]) -> None:
    data_dir, _, _ = warehouse
    with pytest.raises(QueryError, match="time limit"):
        query(data_dir, "SELECT count(*) FROM range(1000000000000)", timeout_s=1)


def test_sql_cli_writes_files(warehouse: tuple[Path, dict[str, Any], dict[str, int]], tmp_path: Path) -> None:
    data_dir, _, _ = warehouse
    cli = [sys.executable, "-m", "flows.cli", "sql", "--data-dir", str(data_dir)]
    out = tmp_path / "leaders.parquet"
    done = subprocess.run(
        [*cli, "SELECT * FROM delegation_leaders", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    expected = query(data_dir, "SELECT leader_name FROM delegation_leaders")[1]
    assert pd.read_parquet(out)["leader_name"].tolist() == [r[0] for r in expected]
    # The interactive prompt: statements end with ';', an error does not end the session.
    session = (
        "SELECT count(*)\nFROM articles;\nSELECT * FROM read_text('/etc/hosts');\nSELECT 41 + 1;\n.quit\n"
    )
    done = subprocess.run(cli, input=session, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0
    assert "only the warehouse folder" in done.stdout
    assert "42" in done.stdout


def test_catalog_opens_in_duckdb_cli_read_only(
    warehouse: tuple[Path, dict[str, Any], dict[str, int]],
) -> None:
    data_dir, _, _ = warehouse
    cli = shutil.which("duckdb", path=str(Path(sys.executable).parent))
    assert cli, "duckdb-cli is a dev dependency"
    sql = "SELECT count(*) FROM gold.visit_events; SELECT sum(visits) FROM visits_per_country;"
    done = subprocess.run(
        [cli, "-readonly", "-csv", "-noheader", str(catalog_path(data_dir)), "-c", sql],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    events, visits = done.stdout.split()
    assert int(events) == query(data_dir, "SELECT count(*) FROM visit_events")[1][0][0]
    assert int(visits) == sum(EXPECTED["visits_per_country"].values())
    version = subprocess.run([cli, "-version"], capture_output=True, text=True, timeout=60).stdout
    assert version.startswith("v1."), version  # a 1.x client, older than the DuckDB that wrote it


READER = """
import json, sys, time, duckdb
path, stop = sys.argv[1], sys.argv[2]
ok, errors = 0, []
import os
while not os.path.exists(stop) or ok == 0:
    try:
        con = duckdb.connect(path, read_only=True)
        con.execute("SELECT sum(visits) FROM visits_per_country").fetchone()
        con.execute("SELECT count(*) FROM runs").fetchone()
        con.close()
        ok += 1
    except Exception as exc:
        errors.append(str(exc))
    time.sleep(0.02)
print(json.dumps({"ok": ok, "errors": errors[:5], "failed": len(errors)}))
"""


def test_catalog_stays_readable_from_another_process_while_a_run_publishes(
    warehouse: tuple[Path, dict[str, Any], dict[str, int]], tmp_path: Path
) -> None:
    data_dir, _, _ = warehouse
    stop = tmp_path / "stop"
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(catalog_path(data_dir)), str(stop)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        _run(data_dir)
    finally:
        stop.touch()
        out, _ = reader.communicate(timeout=120)
    seen = json.loads(out)
    assert seen["failed"] == 0, seen["errors"]
    assert seen["ok"] > 10
