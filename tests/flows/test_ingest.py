"""Local inputs through the real flows: HTML, WARC, text and JSON lines; bad input never lost."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pandas as pd
import pytest

from flows.demo_server import SITE_DIR
from flows.pipeline import pipeline_flow
from flows.stages import GateError
from tests.paths import SEED
from warehouse.catalog import query
from warehouse.raw import WarcArchive

MT_PAGE = SITE_DIR / "moscowcourier/2025/10/14"


def _inputs(folder: Path) -> list[Path]:
    page = next(MT_PAGE.glob("*.html"))
    html_gz = folder / "page.html.gz"
    html_gz.write_bytes(gzip.compress(page.read_bytes()))
    seed = folder / "seed.txt"
    seed.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    other = next((SITE_DIR / "sahelpost/news").glob("*bangui*.html"))
    with WarcArchive(folder, "crawl.warc.gz") as warc:
        warc.write_response(
            "https://sahelpost.example/news/a.html",
            200,
            "OK",
            [("Content-Type", "text/html; charset=utf-8")],
            other.read_bytes(),
        )
        warc.write_response(
            "https://sahelpost.example/missing",
            404,
            "Not Found",
            [("Content-Type", "text/html")],
            b"<h1>gone</h1>",
        )
    body = SEED.read_text(encoding="utf-8")
    lines = folder / "dump.jsonl"
    lines.write_text(
        json.dumps(
            {
                "url": "https://copy.example/seed",
                "title": "Russian Officials Visit Niger to Bolster Military Ties",
                "text": body,
                "published_at": "2023-12-04T12:00:00+03:00",
            }
        )
        + "\nnot json at all\n",
        encoding="utf-8",
    )
    pdf = folder / "report.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    return [html_gz, seed, folder / "crawl.warc.gz", lines, pdf]


def test_ingest_gives_every_record_one_outcome(tmp_path: Path) -> None:
    row = pipeline_flow(data_dir=tmp_path / "data", mode="ingest", paths=_inputs(tmp_path))
    pages = pd.read_parquet(tmp_path / "data/warehouse/pages")
    outcome = {
        u.rsplit("/", 1)[-1]: (o, r)
        for u, o, r in zip(
            pages["url"],
            pages["outcome"],
            pages["reason"].astype(object).where(pages["reason"].notna(), None),
            strict=True,
        )
    }
    assert outcome["page.html.gz"] == ("loaded", None)
    assert outcome["a.html"] == ("loaded", None)
    assert outcome["missing"] == ("skipped", "http_404")
    assert outcome["report.pdf"] == ("skipped", "unsupported_file_type")
    assert outcome["dump.jsonl#line=2"] == ("quarantined", "parse_error")
    # The seed as text and as a JSON line is one article: the later copy is an exact duplicate.
    assert sorted([outcome["seed.txt"][0], outcome["seed"][0]]) == ["duplicate_of", "loaded"]
    assert row["inputs"] == len(pages) == 7
    _, hosts = query(
        tmp_path / "data", "SELECT DISTINCT host_country FROM visits WHERE visitor_country = 'RUS'"
    )
    assert {"NER", "MLI", "CAF"} <= {h for (h,) in hosts}


def test_blocked_run_publishes_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    pipeline_flow(data_dir=data, mode="ingest", paths=[SEED])
    before = query(data, "SELECT count(*) FROM articles")[1]
    empties = []
    for i in range(3):
        p = tmp_path / f"empty{i}.txt"
        p.write_text("Support The Moscow Times!\n\nRead more\n", encoding="utf-8")
        empties.append(p)
    with pytest.raises(GateError, match="quarantine rate"):
        pipeline_flow(data_dir=data, mode="ingest", paths=empties)
    assert query(data, "SELECT count(*) FROM articles")[1] == before
    assert query(data, "SELECT count(*) FROM pages")[1] == [(1,)]
    assert query(data, "SELECT status FROM runs ORDER BY started_at")[1] == [("published",), ("blocked",)]


def test_ingest_in_consecutive_runs_gives_the_same_outcomes(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from flows.cli import app
    from warehouse.ledger import check

    data = tmp_path / "data"
    args = ["ingest", *map(str, _inputs(tmp_path)), "--data-dir", str(data), "--files-per-run", "3"]
    done = CliRunner().invoke(app, args)
    assert done.exit_code == 0, done.output
    assert query(data, "SELECT count(*), count(*) FILTER (WHERE status = 'published') FROM runs")[1] == [
        (2, 2)
    ]
    pages = pd.read_parquet(data / "warehouse/pages")
    assert len(pages) == 7
    # The JSON-lines copy of the seed came in the second run: still a duplicate of the first's article.
    outcomes = dict(zip(pages["url"].str.rsplit("/", n=1).str[-1], pages["outcome"], strict=True))
    assert sorted([outcomes["seed.txt"], outcomes["seed"]]) == ["duplicate_of", "loaded"]
    assert outcomes["page.html.gz"] == outcomes["a.html"] == "loaded"
    assert check(data).ok
