"""W1-W8: a publisher SIGKILLed at random moments leaves readable tables; restarts lose and double nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bench.crash_harness import demo_inputs, prepare_template, run_kills
from warehouse.ledger import check
from warehouse.staging import stage_dir

KILLS = 10


@pytest.mark.timeout(900)
def test_ten_random_sigkills_while_publishing(tmp_path: Path) -> None:
    first, second = demo_inputs(tmp_path)
    template = tmp_path / "template"
    run_id = prepare_template(template, first, second)
    assert (stage_dir(template, run_id) / "run_facts.parquet").exists()
    assert check(template).ok  # the staged run is invisible until published

    report = run_kills(template, tmp_path / "work", KILLS, seed=11)

    assert report.kills == KILLS
    assert report.problems == []
    assert (report.survived, report.rows_lost, report.rows_duplicated, report.reader_errors) == (
        KILLS,
        0,
        0,
        0,
    )
    # The kills spread over the commit sequence rather than all before or after it.
    assert min(report.killed_after_s) < max(report.killed_after_s) / 2
    shutil.rmtree(tmp_path / "work")
