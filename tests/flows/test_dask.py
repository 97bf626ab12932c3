"""`--task-runner dask`: parse and events run as Dask tasks on a cluster, and the warehouse is the same."""

from __future__ import annotations

import logging
from collections import Counter
from pathlib import Path
from typing import Any

import dask
import pandas as pd
from distributed import Client, LocalCluster, get_task_stream

from flows.demo_server import DEMO_DIR, DemoSite
from flows.pipeline import BATCH_SIZE, pipeline_flow
from flows.settings import load_sources

COUNTS = (
    "inputs",
    "fetched",
    "loaded",
    "quarantined",
    "duplicates",
    "skipped",
    "fetch_failed",
    "visits",
    "events",
)


def _content(data_dir: Path, name: str, columns: list[str]) -> pd.DataFrame:
    # URLs carry the demo site's port, new each run: compare what was extracted, not where from.
    frame = pd.read_parquet(data_dir / "warehouse" / name, columns=columns).astype(str)
    return frame.sort_values(columns).reset_index(drop=True)


def test_dask_cluster_runs_parse_and_events_with_the_same_result(
    demo_run: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    threads_dir, threads_row = demo_run
    data_dir = tmp_path / "data"
    # Workers start the parse worker process that isolates each page: not possible from a daemon.
    with (
        dask.config.set({"distributed.worker.daemon": False}),
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.WARNING,
        ) as cluster,
        Client(cluster) as client,
        get_task_stream(client) as stream,
        DemoSite() as site,
    ):
        sources = load_sources(DEMO_DIR / "sources.toml", replacements=site.replacements())
        row = pipeline_flow(
            data_dir=data_dir,
            mode="demo",
            sources=sources,
            task_runner="dask",
            dask_address=cluster.scheduler_address,
        )

    ran = Counter(str(record["key"]).split("-", 1)[0] for record in stream.data)
    assert {k: row[k] for k in COUNTS} == {k: threads_row[k] for k in COUNTS}
    # The CPU stages ran on the cluster: one parse task per batch, one extraction task per chunk.
    assert ran.get("parse_batch_isolated_task") == -(-row["inputs"] // BATCH_SIZE)
    assert ran.get("extract_chunk_task", 0) >= 1
    for name, columns in (
        ("articles", ["title", "text", "published_at", "authors", "language"]),
        ("visits", ["sentence", "visitor_country", "host_country", "city", "event_date", "status"]),
        ("visit_events", ["visitor_country", "host_country", "city", "start_date", "leader_name", "status"]),
    ):
        pd.testing.assert_frame_equal(_content(data_dir, name, columns), _content(threads_dir, name, columns))


def test_cli_refuses_an_unknown_task_runner(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from flows.cli import app

    done = CliRunner().invoke(app, ["reparse", "--data-dir", str(tmp_path), "--task-runner", "spark"])
    assert done.exit_code == 2
    assert "use threads or dask" in done.output
    lone = CliRunner().invoke(app, ["reparse", "--data-dir", str(tmp_path), "--dask-address", "tcp://h:8786"])
    assert lone.exit_code == 2
    assert "needs --task-runner dask" in lone.output
