"""Warehouse bench: GX validation speed on 100,000 article rows, and 50 SIGKILLs while publishing."""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pandas as pd

from bench.crash_harness import demo_inputs, prepare_template, run_kills
from expectations.validate import validate_frame
from warehouse.schemas import ARTICLES

ROWS = 100_000
KILLS = 50


def synthetic_articles(n: int) -> pd.DataFrame:
    """n valid article rows, plus 1% with a future date and 1% with a body too short."""
    now = datetime(2026, 1, 1, tzinfo=UTC)
    body = "The delegation met officials in the capital to discuss trade and security. " * 12
    rows = []
    for i in range(n):
        bad_date = i % 100 == 1
        short = i % 100 == 2
        rows.append(
            {
                "article_id": f"a{i}",
                "page_id": f"p{i}",
                "url": f"https://x.example/{i}",
                "canonical_url": f"https://x.example/{i}",
                "source": "x",
                "title": f"Story {i}",
                "authors": ["Jane Roe"],
                "agencies": [],
                "published_at": now + timedelta(days=400) if bad_date else now - timedelta(hours=i % 5000),
                "date_source": "json-ld",
                "date_precision": "minute",
                "text": "Too short." if short else body,
                "word_count": 2 if short else len(body.split()),
                "text_sha256": f"h{i}",
                "encoding_guessed": False,
                "chars_replaced": 0,
                "mojibake_fixed": False,
                "parser": "generic",
                "run_id": "bench",
            }
        )
    return pd.DataFrame(rows, columns=ARTICLES.columns)


def validation_figures() -> None:
    """Seconds to validate 100,000 rows with the articles suite (row rules and gates)."""
    frame = synthetic_articles(ROWS)
    validate_frame(frame.head(100), ARTICLES, key="page_id")  # warm up GX imports and caches
    started = time.perf_counter()
    outcome = validate_frame(frame, ARTICLES, key="page_id", now=datetime(2026, 1, 2, tzinfo=UTC))
    seconds = time.perf_counter() - started
    print(f"validation of {ROWS:,} article rows (GX articles suite, COMPLETE results):")
    print(
        f"  {seconds:.2f} s (target < 5 s); {len(outcome.passed):,} passed, "
        f"{len(outcome.rejected):,} rejected, gate failures {len(outcome.gate_failures)}"
    )


def crash_figures() -> None:
    """50 SIGKILLs of the publisher at random moments of its commit sequence, each followed by a restart."""
    from prefect.testing.utilities import prefect_test_harness

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        first, second = demo_inputs(work)
        with prefect_test_harness(server_startup_timeout=120):
            prepare_template(work / "template", first, second)
        started = time.perf_counter()
        report = run_kills(work / "template", work / "kills", KILLS, seed=2026)
    print(f"SIGKILL while publishing, then restart ({time.perf_counter() - started:.0f} s):")
    print(f"  kills survived {report.survived}/{report.kills}; rows lost {report.rows_lost}; ")
    print(
        f"  rows duplicated {report.rows_duplicated}; reader errors right after a kill {report.reader_errors}"
    )
    delays = sorted(report.killed_after_s)
    print(f"  kill moments after the commit sequence began: {delays[0]:.2f} s to {delays[-1]:.2f} s")
    for problem in report.problems:
        print(f"  PROBLEM {problem}")


def main() -> None:
    """Print the warehouse figures."""
    validation_figures()
    crash_figures()
    sys.stdout.flush()


if __name__ == "__main__":
    main()
