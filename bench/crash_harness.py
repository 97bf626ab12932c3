"""SIGKILL a publishing process at random moments, restart it, and check nothing was lost or doubled.

The template warehouse holds one published run and one staged run; each cycle copies it, starts
`newsetl publish` (the process that commits every table and swaps the catalog), kills it with
SIGKILL at a random moment of its commit sequence, checks that readers still get answers, then
publishes again to completion and compares every table with an uninterrupted publish.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from warehouse import tables
from warehouse.catalog import query
from warehouse.ledger import check
from warehouse.schemas import ARTICLES, PAGES, QUARANTINE, RUNS, VISIT_EVENTS, VISITS, TableSpec

CHECKED = (PAGES, ARTICLES, QUARANTINE, VISITS, VISIT_EVENTS)
MARKER = "publishing run "


@dataclass
class CrashReport:
    """What the kills did: how many the warehouse survived, and every discrepancy found."""

    kills: int = 0
    survived: int = 0
    rows_lost: int = 0
    rows_duplicated: int = 0
    reader_errors: int = 0
    killed_after_s: list[float] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _publisher(data_dir: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "flows.cli", "publish", "--data-dir", str(data_dir)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )


def _wait_for_marker(proc: subprocess.Popen[str]) -> float:
    """Read the publisher's output until it starts committing; returns that moment."""
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith(MARKER):
            return time.monotonic()
    raise RuntimeError(f"publisher exited (code {proc.wait()}) before it started publishing")


def publish_to_completion(data_dir: Path) -> float:
    """Run the publisher without interruption; seconds from its marker to its exit."""
    proc = _publisher(data_dir)
    started = _wait_for_marker(proc)
    assert proc.stdout is not None
    rest = proc.stdout.read()
    if proc.wait() != 0:
        raise RuntimeError(f"publisher failed:\n{rest}")
    return time.monotonic() - started


def table_rows(data_dir: Path, spec: TableSpec) -> pd.Series:
    """Each row of a table as a hash of its stable columns, indexed by primary key."""
    frame = tables.read_table(data_dir, spec)
    volatile = {"run_id", "fetched_at", "raw_ref", "finished_at", "started_at"}
    cols = [c for c in spec.columns if c not in volatile]
    keys = frame[spec.primary_key].astype(str).agg("|".join, axis=1)
    digests = [
        hashlib.sha256(repr(row).encode()).hexdigest() for row in frame[cols].astype(str).to_numpy().tolist()
    ]
    return pd.Series(digests, index=keys.to_numpy())


def snapshot(data_dir: Path) -> dict[str, pd.Series]:
    """Row hashes of every checked table."""
    return {spec.name: table_rows(data_dir, spec) for spec in CHECKED}


def _readers_ok(data_dir: Path) -> list[str]:
    """Right after a kill: the catalog and the Delta tables still answer (old or new, never broken)."""
    errors = []
    try:
        query(data_dir, "SELECT count(*) FROM articles")
        query(data_dir, "SELECT * FROM visits_per_country")
    except Exception as exc:  # any failure to answer is what this harness counts
        errors.append(f"catalog query failed: {exc}")
    for spec in (*CHECKED, RUNS):
        try:
            tables.read_table(data_dir, spec)
        except Exception as exc:
            errors.append(f"{spec.name}: Delta read failed: {exc}")
    return errors


def compare(expected: dict[str, pd.Series], actual: dict[str, pd.Series]) -> tuple[int, int, list[str]]:
    """(rows lost, rows duplicated, descriptions) of actual tables against the expected ones."""
    lost = dup = 0
    problems = []
    for name, want in expected.items():
        got = actual[name]
        doubled = int(got.index.duplicated().sum())
        missing = int((~want.index.isin(got.index)).sum())
        changed = int(sum(1 for k, v in want.items() if k in got.index and got.loc[[k]].iloc[0] != v))
        extra = int((~got.index.isin(want.index)).sum())
        lost += missing + changed
        dup += doubled + extra
        if missing or changed or doubled or extra:
            problems.append(f"{name}: {missing} missing, {changed} changed, {doubled} doubled, {extra} extra")
    return lost, dup, problems


def prepare_template(template: Path, first: list[Path], second: list[Path]) -> str:
    """A warehouse with `first` published and `second` staged; returns the staged run's id.

    Needs a Prefect API (an ephemeral server, or the test harness).
    """
    from flows.pipeline import pipeline_flow

    pipeline_flow(data_dir=template, mode="ingest", paths=first)
    staged = pipeline_flow(data_dir=template, mode="ingest", paths=second, stage_only=True)
    return str(staged["run_id"])


def demo_inputs(folder: Path) -> tuple[list[Path], list[Path]]:
    """Two batches from the demo site; the second also holds a page that ends in quarantine."""
    from flows.demo_server import SITE_DIR

    first = sorted((SITE_DIR / "meridianwire/world").rglob("*-20*/index.html"))[:6]
    second = sorted((SITE_DIR / "sahelpost/news").glob("*.html"))
    second += sorted((SITE_DIR / "eurasiaobserver/2025").rglob("index.html"))[:4]
    empty = folder / "empty.txt"
    empty.write_text("Support The Moscow Times!\n\nRead more\n", encoding="utf-8")
    return first, [*second, empty]


def run_kills(template: Path, workdir: Path, kills: int, *, seed: int = 7) -> CrashReport:
    """`kills` cycles of copy, publish, SIGKILL at a random moment, read, restart, compare."""
    rng = random.Random(seed)
    reference = workdir / "reference"
    shutil.copytree(template, reference)
    window = publish_to_completion(reference)
    expected = snapshot(reference)
    report = CrashReport()
    for i in range(kills):
        data = workdir / f"kill-{i:03d}"
        shutil.copytree(template, data)
        proc = _publisher(data)
        started = _wait_for_marker(proc)
        delay = rng.uniform(0, window)
        time.sleep(max(0.0, started + delay - time.monotonic()))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        report.kills += 1
        report.killed_after_s.append(round(delay, 3))
        reader_errors = _readers_ok(data)
        restart = subprocess.run(
            [sys.executable, "-m", "flows.cli", "publish", "--data-dir", str(data)],
            capture_output=True,
            text=True,
        )
        if restart.returncode != 0:
            report.problems.append(f"kill {i}: restart failed: {restart.stdout[-2000:]}")
        lost, dup, problems = compare(expected, snapshot(data))
        ledger = check(data)
        report.rows_lost += lost
        report.rows_duplicated += dup
        report.reader_errors += len(reader_errors)
        clean = not (lost or dup or reader_errors or not ledger.ok)
        report.survived += clean
        if not clean:
            report.problems.append(
                f"kill {i} after {delay:.2f} s: {problems + reader_errors + ledger.violations}"
            )
        shutil.rmtree(data)
    return report
