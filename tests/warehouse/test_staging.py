"""Unfinished runs are resumed under their id; published ones are not."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from warehouse.staging import drop_stages, open_run, read_stage, write_stage


def test_unfinished_run_is_resumed_until_dropped(tmp_path: Path) -> None:
    first = open_run(tmp_path, "run", "r1")
    write_stage(tmp_path, first, "candidates", pd.DataFrame({"a": [1]}))
    assert open_run(tmp_path, "run", "r2") == "r1"  # killed before publishing: resume r1
    assert open_run(tmp_path, "ingest", "i1") == "i1"  # other modes keep their own runs
    assert read_stage(tmp_path, "r1", "candidates")["a"].tolist() == [1]
    drop_stages(tmp_path, "r1")
    assert open_run(tmp_path, "run", "r3") == "r3"
    assert not list((tmp_path / "staging" / "r3").glob(".*tmp"))
