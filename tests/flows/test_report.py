"""The HTML report of the demo warehouse, drawn by headless Chromium as a reader's browser draws it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from flows.cli import app
from tools.chromium import dom, drawn_charts, screenshot
from warehouse.catalog import query
from warehouse.report import write_report

CHARTS = ["visits-per-country", "visits-timeline", "top-leaders", "run-quality", "quarantine-reasons"]


def _count(data_dir: Path, sql: str) -> int:
    return int(query(data_dir, sql)[1][0][0])


def test_every_chart_is_drawn_with_a_bar_per_row(
    demo_run: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    data_dir, _ = demo_run
    report = write_report(data_dir, tmp_path / "report")
    assert report.charts == CHARTS
    assert report.empty == []

    drawn = drawn_charts(dom(report.path))

    assert drawn["visits-per-country"] == _count(data_dir, "SELECT count(*) FROM visits_per_country") == 9
    leaders = "SELECT count(*) FROM delegation_leaders WHERE visitor_country = 'RUS'"
    assert drawn["top-leaders"] == min(15, _count(data_dir, leaders)) > 0
    per_month_and_host = "SELECT count(*) FROM visits_timeline WHERE visitor_country = 'RUS'"
    assert drawn["visits-timeline"] == _count(data_dir, per_month_and_host) > 0
    runs = _count(data_dir, "SELECT count(*) FROM runs")
    assert drawn["run-quality"] == 5 * min(runs, 30)  # one bar per terminal state and run
    reasons = "SELECT count(*) FROM (SELECT DISTINCT reason_code, stage FROM quarantine)"
    assert drawn["quarantine-reasons"] == _count(data_dir, reasons) > 0


def test_report_links_the_data_docs_and_opens_offline(
    demo_run: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    data_dir, _ = demo_run
    report = write_report(data_dir, tmp_path / "out")
    page = report.path.read_text(encoding="utf-8")
    docs = re.search(r'<a href="([^"]+)">Great Expectations Data Docs', page)
    assert docs is not None
    assert (report.path.parent / docs.group(1)).resolve() == (data_dir / "docs" / "index.html").resolve()
    # Every script is a local file or inline: nothing is fetched from a CDN.
    sources = re.findall(r'<script src="([^"]+)"', page)
    assert sources
    assert all((report.path.parent / s).is_file() for s in sources)
    assert "http://" not in page.split("<script", 1)[0]
    assert "cdn." not in page
    shot = screenshot(report.path, tmp_path / "report.png", width=1280, height=1100)
    assert shot.stat().st_size > 50_000  # an empty or failed page compresses to a few kB


def test_report_command_and_unknown_visitor(demo_run: tuple[Path, dict[str, Any]], tmp_path: Path) -> None:
    data_dir, _ = demo_run
    out = tmp_path / "cli"
    done = CliRunner().invoke(
        app, ["report", "--data-dir", str(data_dir), "--out", str(out), "--visitor", "irn"]
    )
    assert done.exit_code == 0, done.output
    assert "5 charts" in done.output or "charts; no data yet" in done.output
    assert (out / "index.html").exists()
    assert "Iran" in (out / "index.html").read_text(encoding="utf-8")

    bad = CliRunner().invoke(
        app, ["report", "--data-dir", str(data_dir), "--out", str(out), "--visitor", "XXZ"]
    )
    assert bad.exit_code == 1
    assert "unknown country code 'XXZ'" in bad.output


@pytest.mark.parametrize(
    "hostile", ["</script><script>alert(1)</script>", "<!--", "<img src=x onerror=alert(1)>"]
)
def test_scraped_text_cannot_break_out_of_the_page(hostile: str) -> None:
    import pandas as pd

    from warehouse.report import _script_json, _table

    script = _script_json({"leader_name": hostile})
    assert "<" not in script
    assert ">" not in script
    cell = _table(pd.DataFrame({"leader_name": [hostile]}))
    assert hostile not in cell
    assert "&lt;" in cell
