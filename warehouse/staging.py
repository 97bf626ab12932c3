"""Per-run staging between stages: each stage's output is a Parquet file, written atomically."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pandas as pd


def stage_dir(data_dir: Path, run_id: str) -> Path:
    """Folder of one run's staged outputs."""
    return data_dir / "staging" / run_id


def open_run(data_dir: Path, mode: str, fresh_id: str) -> str:
    """The id of this mode's unfinished run (killed before publishing) to resume, else `fresh_id`.

    A marker file in the run's staging folder holds the mode; publishing removes the folder.
    """
    root = data_dir / "staging"
    unfinished = (
        sorted(
            p.parent.name
            for p in root.glob("*/run.json")
            if json.loads(p.read_text(encoding="utf-8")).get("mode") == mode
        )
        if root.exists()
        else []
    )
    run_id = unfinished[-1] if unfinished else fresh_id
    folder = stage_dir(data_dir, run_id)
    folder.mkdir(parents=True, exist_ok=True)
    marker = folder / "run.json"
    if not marker.exists():
        tmp = folder / ".run.json.tmp"
        tmp.write_text(json.dumps({"mode": mode, "run_id": run_id}), encoding="utf-8")
        os.replace(tmp, marker)
    return run_id


def write_stage(data_dir: Path, run_id: str, name: str, frame: pd.DataFrame) -> Path:
    """Write one stage output; a temp file and rename keep readers from seeing a partial file."""
    folder = stage_dir(data_dir, run_id)
    folder.mkdir(parents=True, exist_ok=True)
    final = folder / f"{name}.parquet"
    tmp = folder / f".{name}.parquet.tmp"
    frame.reset_index(drop=True).to_parquet(tmp, index=False)
    os.replace(tmp, final)
    return final


def read_stage(data_dir: Path, run_id: str, name: str) -> pd.DataFrame:
    """Read one stage output written by write_stage."""
    return pd.read_parquet(stage_dir(data_dir, run_id) / f"{name}.parquet")


def drop_stages(data_dir: Path, run_id: str) -> None:
    """Remove a run's staging once it is published."""
    folder = stage_dir(data_dir, run_id)
    if not folder.exists():
        return
    # One rename takes the whole run out of staging, so a kill midway through the deletion
    # cannot leave a run.json whose stage files are half gone.
    trash = data_dir / "trash" / f"{run_id}.{os.getpid()}"
    trash.parent.mkdir(parents=True, exist_ok=True)
    os.replace(folder, trash)
    for leftover in trash.parent.iterdir():
        shutil.rmtree(leftover, ignore_errors=True)
