"""The whole pipeline at scale: WARC ingest -> parse -> validate -> dedupe -> events -> publish.

For each corpus size a fresh warehouse ingests synthetic pages (`bench.synth_news`) from WARC
files through the real Prefect flow; stage times come from the Prefect API (each stage is a
subflow), memory from sampling the RSS of the run's process tree. Beside it, in the same bench
run: the same stage functions called without Prefect (the Prefect overhead), an incremental
re-run of the unchanged corpus, and bare trafilatura extracting the same pages with as many
worker processes as our parse stage. Each measurement runs in its own process, so one size's
memory cannot inflate the next.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
STAGES = ("ingest", "parse", "validate", "dedupe", "events", "publish")


def _tree_rss_mb(pid: int) -> float:
    """RSS of a process and all its descendants, from /proc (Linux)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        todo += children.get(p, [])
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


@contextmanager
def rss_sampler(interval: float = 0.25) -> Iterator[list[tuple[float, float]]]:
    """Samples of (unix time, MB) for this process tree while the block runs."""
    samples: list[tuple[float, float]] = []
    stop = threading.Event()

    def loop() -> None:
        while not stop.is_set():
            samples.append((time.time(), _tree_rss_mb(os.getpid())))
            stop.wait(interval)

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    try:
        yield samples
    finally:
        stop.set()
        thread.join()


def _peak(samples: list[tuple[float, float]], start: float, end: float) -> float:
    inside = [mb for t, mb in samples if start <= t <= end]
    return max(inside, default=0.0)


def corpus_files(work: Path, n: int) -> list[Path]:
    """The WARC files of an n-page corpus, generated once per size under work/."""
    from bench.synth_news import corpus

    return corpus(work / f"corpus-{n}", n)


def _stage_windows(since: datetime) -> dict[str, list[tuple[float, float]]]:
    """(start, end) unix times of each stage subflow that started after `since` (one per run)."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterStartTime

    with get_client(sync_client=True) as client:
        runs = client.read_flow_runs(
            flow_run_filter=FlowRunFilter(start_time=FlowRunFilterStartTime(after_=since)), limit=200
        )
        names = {f: client.read_flow(f).name for f in {r.flow_id for r in runs}}
    windows: dict[str, list[tuple[float, float]]] = {}
    for r in runs:
        if r.start_time and r.end_time:
            span = (r.start_time.timestamp(), r.end_time.timestamp())
            windows.setdefault(names[r.flow_id], []).append(span)
    return windows


def measure_prefect(
    data: Path, files: list[Path], task_runner: str = "threads", files_per_run: int = 0
) -> dict[str, Any]:
    """The real flow, one run or one per `files_per_run` WARC files; per-stage seconds and peak RSS."""
    from flows.cli import _quiet_logs
    from flows.pipeline import pipeline_flow, runs_flow

    _quiet_logs()
    since = datetime.now(UTC)
    with rss_sampler() as samples:
        t0 = time.time()
        if files_per_run:
            rows = runs_flow(data, list(files), files_per_run, task_runner=task_runner)
        else:
            rows = [pipeline_flow(data_dir=data, mode="ingest", paths=files, task_runner=task_runner)]
        t1 = time.time()
    windows = _stage_windows(since)
    return {
        "seconds": t1 - t0,
        "peak_rss_mb": _peak(samples, t0, t1),
        "stages": {
            s: {
                "seconds": sum(end - start for start, end in windows[s]),
                "peak_rss_mb": max(_peak(samples, *w) for w in windows[s]),
            }
            for s in STAGES
            if s in windows
        },
        "runs": len(rows),
        "run": {
            k: sum(int(r[k]) for r in rows)
            for k in ("inputs", "loaded", "quarantined", "duplicates", "unchanged", "visits")
        },
    }


def measure_bare(data: Path, files: list[Path]) -> dict[str, Any]:
    """The same stage functions in the same order as `pipeline_flow`, with no Prefect in the way."""
    import pandas as pd

    from expectations.validate import DocsSite
    from flows import stages
    from flows.isolation import IsolatedPool
    from flows.local import ingest_paths
    from flows.pipeline import PARSE_WORKERS, new_run_id
    from warehouse.schemas import ARTICLES, VISITS
    from warehouse.staging import open_run, write_stage

    t0 = time.time()
    laps: dict[str, float] = {}

    def lap(stage: str) -> None:
        laps[stage] = time.time() - t0 - sum(laps.values())

    started = datetime.now(UTC)
    run_id = open_run(data, "ingest", new_run_id())
    known = stages.stored_pages(data)
    rows = ingest_paths(files, data, run_id, known=known)
    write_stage(data, run_id, "candidates", pd.DataFrame(rows))
    lap("ingest")
    with IsolatedPool(workers=PARSE_WORKERS) as pool:
        # One batch: the pool never idles between batches, so the comparison favours this path.
        parsed, articles = stages.parse_batch(rows, data, run_id, pool)
        lap("parse")
    frame = pd.DataFrame(articles, columns=ARTICLES.columns)
    # The same Data Docs as the flow writes: only the orchestration may differ.
    docs = DocsSite.for_data(data, run_id)
    outcome = stages.validate_articles(frame, docs=docs)
    candidates = stages.apply_validation(pd.DataFrame(parsed), outcome)
    lap("validate")
    candidates, result = stages.dedupe(candidates, outcome.passed, data, run_id)
    lap("dedupe")
    mentions = pd.DataFrame(
        stages.extract_visits_parallel(result.kept, {}, PARSE_WORKERS), columns=VISITS.columns
    )
    mentions, held = stages.validate_visits(mentions, result.kept, run_id, docs)
    rewrite = stages.touched_visits(mentions, result.kept, data)
    lap("events")
    from warehouse.schemas import NEARDUP_INDEX, QUARANTINE, STORY_MEMBERS, records_frame

    stages.publish(
        data,
        run_id,
        "ingest",
        started,
        candidates,
        result.kept,
        rewrite,
        len(mentions),
        records_frame(QUARANTINE, held),
        records_frame(STORY_MEMBERS, result.members),
        records_frame(NEARDUP_INDEX, result.index_rows),
    )
    lap("publish")
    return {"seconds": time.time() - t0, "stages": laps}


def _extract(path: str) -> int:
    import trafilatura

    from warehouse.raw import iter_responses

    return sum(trafilatura.extract(r.body, url=r.url) is not None for r in iter_responses(Path(path)))


def measure_trafilatura(files: list[Path], workers: int) -> dict[str, Any]:
    """Bare trafilatura over the same WARC records, one file per worker task."""
    t0 = time.time()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        extracted = sum(pool.map(_extract, [str(f) for f in files]))
    return {"seconds": time.time() - t0, "extracted": extracted, "workers": workers}


def _child(
    kind: str, n: int, work: Path, task_runner: str = "threads", files_per_run: int = 0
) -> dict[str, Any]:
    from flows.pipeline import PARSE_WORKERS

    files = corpus_files(work, n)
    data = work / f"data-{kind}-{n}"
    if kind == "prefect":
        return measure_prefect(data, files, task_runner, files_per_run)
    if kind == "rerun":
        return measure_prefect(work / f"data-prefect-{n}", files)
    if kind == "bare":
        return measure_bare(data, files)
    return measure_trafilatura(files, PARSE_WORKERS)


@contextmanager
def prefect_server(work: Path) -> Iterator[dict[str, str]]:
    """A local Prefect server for the bench's runs, as scheduled runs have one (env for children).

    Without one each run would start an ephemeral server, a fixed cost printed separately.
    """
    from flows.serve import start_local_server

    work.mkdir(parents=True, exist_ok=True)
    home = {"PREFECT_HOME": str(work / "prefect-home")}
    os.environ.update(home)  # the server's database lives with the bench, not in ~/.prefect
    server = start_local_server(work, port=0)
    try:
        yield {**os.environ, **home, "PREFECT_API_URL": server.api_url}
    finally:
        server.stop()


def _spawn(
    kind: str,
    n: int,
    work: Path,
    env: dict[str, str] | None = None,
    task_runner: str = "threads",
    files_per_run: int = 0,
) -> dict[str, Any]:
    argv = ["--child", kind, "--sizes", str(n), "--work", str(work), "--task-runner", task_runner]
    argv += ["--files-per-run", str(files_per_run)]
    out = subprocess.run(
        [sys.executable, "-m", "bench.e2e_scale", *argv],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    if out.returncode != 0:
        sys.stderr.write(out.stderr[-4000:])
        raise SystemExit(f"{kind} at {n} failed with code {out.returncode}")
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def _report(runs: dict[int, dict[str, Any]], m: int, work: Path, env: dict[str, str]) -> bool:
    """Overhead, incremental re-run and peer figures at size m, plus scaling; True when all targets hold."""
    ok = True
    if m in runs:
        bare = _spawn("bare", m, work, env)
        share = (runs[m]["seconds"] - bare["seconds"]) / runs[m]["seconds"]
        print(
            f"Prefect overhead at {m:,}: {runs[m]['seconds']:.1f} s with Prefect, {bare['seconds']:.1f} s "
            f"calling the same stage functions directly: {share:.1%} of wall time (target < 10%)"
        )
        print("  without Prefect: " + ", ".join(f"{k} {v:.1f} s" for k, v in bare["stages"].items()))
        ok &= share < 0.10
        again = _spawn("rerun", m, work, env)
        ratio = again["seconds"] / runs[m]["seconds"]
        print(
            f"incremental re-run of the unchanged {m:,}: {again['seconds']:.1f} s = {ratio:.1%} of the first "
            f"run (target < 10%); {again['run']['unchanged']} of {again['run']['inputs']} inputs unchanged, "
            f"parse stage {again['stages'].get('parse', {}).get('seconds', 0):.1f} s"
        )
        ok &= ratio < 0.10 and again["run"]["unchanged"] == again["run"]["inputs"]
        peer = _spawn("trafilatura", m, work, env)
        ours, theirs = m / runs[m]["seconds"], m / peer["seconds"]
        print(
            f"bare trafilatura ({peer['workers']} processes) on the same {m:,} pages: {theirs:.1f} pages/s; "
            f"newsetl end to end {ours:.1f} pages/s = {ours / theirs:.2f}x (target >= 0.7x)"
        )
        ok &= ours / theirs >= 0.7
    if m in runs and 10 * m in runs:
        big, small = runs[10 * m], runs[m]
        rate = (10 * m / big["seconds"]) / (m / small["seconds"])
        mem = big["peak_rss_mb"] / small["peak_rss_mb"]
        print(f"rate at {10 * m:,} / rate at {m:,} = {rate:.2f} (target >= 0.8)")
        print(f"peak RSS at {10 * m:,} / at {m:,} = {mem:.2f} (target <= 1.5)")
        ok &= rate >= 0.8 and mem <= 1.5
    return ok


def main() -> int:
    """Print per-stage figures per size and check the targets of issue 7."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--work", type=Path, default=ROOT / ".bench" / "e2e")
    parser.add_argument("--child", choices=("prefect", "bare", "rerun", "trafilatura"))
    parser.add_argument("--overhead-at", type=int, default=10_000, help="size of no-Prefect and peer runs")
    parser.add_argument("--task-runner", choices=("threads", "dask"), default="threads")
    parser.add_argument("--no-peers", action="store_true", help="pipeline runs only")
    parser.add_argument(
        "--files-per-run", type=int, default=2, help="WARC files (5,000 pages each) per run; 0: one run"
    )
    args = parser.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")]
    if args.child:
        print(json.dumps(_child(args.child, sizes[0], args.work, args.task_runner, args.files_per_run)))
        return 0
    import shutil

    for old in args.work.glob("data-*"):
        shutil.rmtree(old)
    runs: dict[int, dict[str, Any]] = {}
    with prefect_server(args.work) as env:
        for n in sizes:
            print(f"generating {n:,} pages ...", flush=True)
            corpus_files(args.work, n)
            print(f"pipeline on {n:,} pages:", flush=True)
            runs[n] = r = _spawn("prefect", n, args.work, env, args.task_runner, args.files_per_run)
            print(f"  {'stage':<9} {'seconds':>8} {'pages/s':>8} {'peak RSS MB':>12}")
            for stage, st in r["stages"].items():
                print(f"  {stage:<9} {st['seconds']:8.1f} {n / st['seconds']:8.1f} {st['peak_rss_mb']:12.0f}")
            print(
                f"  {'total':<9} {r['seconds']:8.1f} {n / r['seconds']:8.1f} {r['peak_rss_mb']:12.0f}   "
                + ", ".join(f"{k} {v}" for k, v in r["run"].items()),
                flush=True,
            )
        if args.no_peers:
            return 0
        ok = _report(runs, args.overhead_at, args.work, env)
    print("targets:", "met" if ok else "MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
