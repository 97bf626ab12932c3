"""Scheduled runs: a Prefect deployment of the pipeline, served by this process on a cron schedule."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from prefect import flow, get_run_logger, serve
from prefect.client.schemas.objects import ConcurrencyLimitConfig, ConcurrencyLimitStrategy

from flows import stages
from flows.demo_server import DEMO_DIR, DemoSite
from flows.pipeline import pipeline_flow
from flows.settings import load_sources
from warehouse.report import write_report

DEPLOYMENT = "scheduled"
FLOW_NAME = "newsetl-scheduled"
RETRIES = 2
RETRY_DELAY_S = 300  # a site or network hiccup usually clears within minutes
SERVER_START_TIMEOUT_S = 120


@flow(name=FLOW_NAME, retries=RETRIES, retry_delay_seconds=RETRY_DELAY_S, log_prints=True)
def scheduled_flow(data_dir: str, sources: str | None = None, demo: bool = False) -> dict[str, Any]:
    """One scheduled run over a sources file (or the bundled demo site), then the report."""
    log = get_run_logger()
    target = Path(data_dir)
    try:
        if demo:
            with DemoSite() as site:
                listed = load_sources(DEMO_DIR / "sources.toml", replacements=site.replacements())
                row = pipeline_flow(data_dir=target, mode="demo", sources=listed)
        else:
            if sources is None:
                raise ValueError("a scheduled run needs a sources file (or demo=True)")
            row = pipeline_flow(data_dir=target, mode="run", sources=load_sources(Path(sources)))
    except stages.GateError as exc:
        # A gate verdict is not transient: retrying would block again. The run is recorded as
        # blocked in meta.runs and the previous tables keep serving.
        log.error("run blocked by a quality gate: %s", exc)
        return {"status": "blocked", "message": str(exc)}
    report = write_report(target)
    log.info("report written to %s", report.path)
    return row


def deployment(data_dir: Path, cron: str, sources: Path | None, demo: bool) -> Any:
    """The pipeline as a deployment on `cron`, one run at a time (a run due while one runs is dropped)."""
    return scheduled_flow.to_deployment(
        name=DEPLOYMENT,
        cron=cron,
        parameters={
            "data_dir": str(data_dir),
            "sources": str(sources.resolve()) if sources else None,
            "demo": demo,
        },
        # CANCEL_NEW, not ENQUEUE: crawls are incremental, so the next run catches up; a queue
        # behind a slow run would only grow.
        concurrency_limit=ConcurrencyLimitConfig(
            limit=1, collision_strategy=ConcurrencyLimitStrategy.CANCEL_NEW
        ),
        description="newsetl: crawl, parse, validate, dedupe, extract visits, publish, report.",
        tags=["newsetl"],
    )


def serve_forever(data_dir: Path, cron: str, sources: Path | None, demo: bool) -> None:
    """Register the deployment and run its flow runs in this process until interrupted."""
    serve(deployment(data_dir, cron, sources, demo), limit=1)


@dataclass
class LocalServer:
    """A Prefect server this process started because PREFECT_API_URL was unset."""

    process: subprocess.Popen[bytes]
    api_url: str
    log_path: Path

    def stop(self) -> None:
        """Stop the server (its database under PREFECT_HOME keeps the run history)."""
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


def _free_port(preferred: int) -> int:
    """`preferred` if it is free, else (or for 0) a free port the system picks."""
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", preferred))
        except OSError:
            probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_local_server(log_dir: Path, port: int = 4200) -> LocalServer:
    """Start `prefect server start` on 127.0.0.1 in the background and wait until it answers."""
    port = _free_port(port)
    log_dir.mkdir(parents=True, exist_ok=True)
    log_path = log_dir / "prefect-server.log"
    api_url = f"http://127.0.0.1:{port}/api"
    with log_path.open("ab") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false"},
        )
    server = LocalServer(process, api_url, log_path)
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"the Prefect server exited at start (code {process.returncode}); see {log_path}"
            )
        try:
            if httpx.get(f"{api_url}/health", timeout=2).status_code == 200:
                return server
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    server.stop()
    raise RuntimeError(f"the Prefect server did not answer within {SERVER_START_TIMEOUT_S} s; see {log_path}")
