"""Per-run staging between stages: each stage's output is a Parquet file, written atomically."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pandas as pd


def stage_dir(data_dir: Path, run_id: str) -> Path:
    """Folder of one run's staged outputs."""
    return data_dir / "staging" / run_id


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
    shutil.rmtree(stage_dir(data_dir, run_id), ignore_errors=True)
