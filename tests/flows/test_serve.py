"""`newsetl serve`: a real Prefect server, the deployment it registers, a triggered run that completes."""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
from typer.testing import CliRunner

from flows.cli import app
from warehouse.catalog import query

BIN = Path(sys.executable).parent
DEPLOYMENT = "newsetl-scheduled/scheduled"


def _lines(stream: object, out: queue.Queue[str]) -> None:
    for line in stream:  # type: ignore[attr-defined]
        out.put(line)


def _wait_for(lines: queue.Queue[str], seen: list[str], pattern: str, timeout: float) -> re.Match[str]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            seen.append(lines.get(timeout=1))
        except queue.Empty:
            continue
        found = re.search(pattern, "".join(seen))
        if found:
            return found
    raise AssertionError(f"no {pattern!r} within {timeout} s in:\n{''.join(seen)}")


def test_serve_starts_a_server_and_a_triggered_run_completes(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
    env.update(
        PREFECT_HOME=str(tmp_path / "prefect-home"),
        PREFECT_RUNNER_POLL_FREQUENCY="2",  # the default 10 s poll only slows the test
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        COLUMNS="200",
    )
    # A cron that is not due during the test: the run we see is the one we trigger.
    serve = subprocess.Popen(
        [str(BIN / "newsetl"), "serve", "--cron", "0 0 1 1 *", "--demo", "--data-dir", str(data_dir)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        start_new_session=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=_lines, args=(serve.stdout, lines), daemon=True).start()
    seen: list[str] = []
    try:
        assert (
            "PREFECT_API_URL is not set: starting a local Prefect server"
            in _wait_for(lines, seen, r"starting a local Prefect server", 60).string
        )
        api_url = _wait_for(lines, seen, r"Prefect server started at (http://127\.0\.0\.1:\d+/api)", 150)[1]
        _wait_for(lines, seen, r"being served", 120)
        client_env = {**env, "PREFECT_API_URL": api_url}

        shown = subprocess.run(
            [str(BIN / "prefect"), "deployment", "inspect", DEPLOYMENT],
            capture_output=True,
            text=True,
            env=client_env,
            timeout=120,
        )
        assert shown.returncode == 0, shown.stdout + shown.stderr
        assert "'cron': '0 0 1 1 *'" in shown.stdout
        assert "'collision_strategy': 'CANCEL_NEW'" in shown.stdout
        assert re.search(r"'global_concurrency_limit': \{[^}]*'limit': 1,", shown.stdout, re.S)

        run = subprocess.run(
            [str(BIN / "prefect"), "deployment", "run", DEPLOYMENT, "--watch", "--watch-timeout", "400"],
            capture_output=True,
            text=True,
            env=client_env,
            timeout=480,
        )
        assert run.returncode == 0, run.stdout + run.stderr + "".join(seen)
        assert "Flow run finished successfully in 'Completed'" in run.stdout

        names, rows = query(data_dir, "SELECT mode, status, loaded FROM runs")
        assert [tuple(r) for r in rows] == [("demo", "published", 42)], (names, rows)
        assert (data_dir / "report" / "index.html").exists()
    finally:
        os.killpg(serve.pid, signal.SIGINT)
        try:
            serve.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(serve.pid, signal.SIGKILL)
            serve.wait()
    # The server this command started stops with it.
    try:
        httpx.get(f"{api_url}/health", timeout=2)
        stopped = False
    except httpx.TransportError:
        stopped = True
    assert stopped, "the local Prefect server outlived `newsetl serve`"


def test_serve_refuses_a_bad_cron_or_no_source() -> None:
    bad = CliRunner().invoke(app, ["serve", "--cron", "every half hour", "--demo"])
    assert bad.exit_code == 2
    assert "not a cron expression" in bad.output
    neither = CliRunner().invoke(app, ["serve"])
    assert neither.exit_code == 2
    assert "give either --sources FILE or --demo" in neither.output
