"""The real flows against the demo site on loopback: tables, ledger, answer file, idempotent re-run."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pytest

from flows.demo_server import DEMO_DIR, DemoSite
from flows.pipeline import pipeline_flow
from flows.settings import load_sources
from warehouse.catalog import catalog_path, query
from warehouse.schemas import OUTCOMES

EXPECTED = json.loads((DEMO_DIR / "expected_visits.json").read_text(encoding="utf-8"))
COUNTED = ("pages", "articles", "quarantine", "visits", "visit_events")


def _run(data_dir: Path) -> dict[str, Any]:
    with DemoSite() as site:
        sources = load_sources(DEMO_DIR / "sources.toml", replacements=site.replacements())
        return pipeline_flow(data_dir=data_dir, mode="demo", sources=sources)


def _path_of(url: str) -> str:
    return "/" + url.split("/", 3)[3]


@pytest.fixture(scope="module")
def warehouse(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, dict[str, Any], dict[str, int]]:
    data_dir = tmp_path_factory.mktemp("demo-data")
    first = _run(data_dir)
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
    for statement in ("SELECT * FROM read_csv('/etc/passwd')", f"COPY articles TO '{data_dir}/leak.csv'"):
        bad = subprocess.run([*cli, statement], capture_output=True, text=True, timeout=120)
        assert bad.returncode == 1
        assert "Permission" in bad.stdout + bad.stderr
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
