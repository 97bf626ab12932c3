"""Prefect flows: one subflow per stage, tasks over batches; stages hand over through run staging."""

from __future__ import annotations

import ctypes
import logging
import os
import secrets
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, nullcontext, suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings
from prefect.task_runners import ThreadPoolTaskRunner
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from expectations.validate import DocsSite
from flows import stages
from flows.crawl import crawl_source
from flows.isolation import IsolatedPool, Limits
from flows.local import ingest_paths, spool_inputs
from flows.settings import Source
from transforms.events import ActorTable
from transforms.records import records
from transforms.visit_events import extract_visits, run_actors
from warehouse.remote import publish_remote
from warehouse.schemas import ARTICLES, NEARDUP_INDEX, QUARANTINE, STORY_MEMBERS, VISITS, records_frame
from warehouse.staging import drop_stages, open_run, read_stage, write_stage

# A task run costs about 0.1 s of API round trips on this 2-core machine; 500 pages (about 1.5 s of
# parsing) per task keep that near 5% while the progress bar still moves every batch.
BATCH_SIZE = 500
PARSE_WORKERS = max(1, min(4, os.cpu_count() or 1))


def _threads(n: int) -> Any:
    """A thread-pool task runner (typed Any: Prefect's generic runner type defeats inference)."""
    return ThreadPoolTaskRunner(max_workers=n)


def new_run_id() -> str:
    """A sortable, unique run id."""
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(3)


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        transient=False,
    )


@contextmanager
def cpu_task_runner(
    kind: str, dask_address: str | None = None, workers: int = PARSE_WORKERS
) -> Iterator[Any]:
    """The task runner of the CPU stages (parse, events): None for the default, or a Dask one.

    Without an address a LocalCluster of `workers` processes is started for the run and closed after.
    """
    if kind == "threads":
        yield None
        return
    if kind != "dask":
        raise ValueError(f"unknown task runner {kind!r}: use threads or dask")
    from prefect_dask.task_runners import DaskTaskRunner

    if dask_address:
        yield DaskTaskRunner(address=dask_address)
        return
    import dask
    from distributed import LocalCluster

    # Parse isolates each page in a child process, which daemonic Dask workers may not start.
    with (
        dask.config.set({"distributed.worker.daemon": False}),
        LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.WARNING,  # worker start/stop chatter would bury the stage logs
        ) as cluster,
    ):
        yield DaskTaskRunner(address=cluster.scheduler_address)


@contextmanager
def subflows_in_process() -> Iterator[None]:
    """Subflows started inside this block send no heartbeats of their own.

    A subflow runs in its parent's process, so the parent's heartbeat already tells Prefect it is
    alive; and each heartbeat thread sleeps in 1 s steps that its flow waits out on exit (measured:
    every stage subflow of an unchanged re-run took 1.00 s).
    """
    with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        yield


def release_memory() -> None:
    """Hand memory freed by the last stage back to the OS: Arrow's pool, then glibc's heap.

    Both keep freed pages for reuse, and what one stage frees in a size the next does not ask
    for stayed: over four 5,000-page runs in one process, RSS at run ends grew by about 87 MB a
    run (754 -> 1014 MB); with this, about 45 MB a run (697 -> 833 MB).
    """
    pa.default_memory_pool().release_unused()
    # Not glibc (musl, macOS): that allocator returns memory on its own terms.
    with suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def _batches(rows: list[dict[str, Any]], size: int = BATCH_SIZE) -> list[list[dict[str, Any]]]:
    return [rows[i : i + size] for i in range(0, len(rows), size)]


@task(cache_policy=NO_CACHE, retries=0)
def crawl_source_task(
    source: Source,
    data_dir: Path,
    run_id: str,
    known: Mapping[str, dict[str, Any]],
    advance: Callable[[int], None],
) -> list[dict[str, Any]]:
    """Crawl one source (one host's URLs are one batch)."""
    return crawl_source(source, data_dir, run_id, known=known, progress=advance)


@task(cache_policy=NO_CACHE)
def parse_batch_task(
    rows: list[dict[str, Any]], data_dir: Path, run_id: str, pool: IsolatedPool
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Parse one batch of candidates in the flow's worker pool."""
    return stages.parse_batch(rows, data_dir, run_id, pool)


@task(cache_policy=NO_CACHE)
def parse_batch_isolated_task(
    rows: list[dict[str, Any]], data_dir: Path, run_id: str, limits: Limits | None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Parse one batch on a Dask worker, each document in a killable child process of that worker."""
    return stages.parse_batch_isolated(rows, data_dir, run_id, limits)


@task(cache_policy=NO_CACHE)
def extract_chunk_task(
    articles: pd.DataFrame, actors: ActorTable, homes: dict[str, str]
) -> list[dict[str, Any]]:
    """Extract visit mentions from one chunk of articles (a Dask task)."""
    return extract_visits(articles, actors, homes)


@task(cache_policy=NO_CACHE)
def extract_visits_task(articles: pd.DataFrame, homes: dict[str, str], workers: int) -> list[dict[str, Any]]:
    """Learn the run's actors and extract its visit mentions, in chunks over worker processes."""
    return stages.extract_visits_parallel(articles, homes, workers)


@flow(name="crawl", task_runner=_threads(4))
def crawl_flow(sources: list[Source], data_dir: Path, run_id: str) -> int:
    """Discover and fetch every source concurrently (politeness is per source/host)."""
    log = get_run_logger()
    known = stages.stored_pages(data_dir)
    with _progress() as bar:
        job = bar.add_task("crawl: pages", total=None)
        futures = [
            crawl_source_task.submit(s, data_dir, run_id, known, lambda n: bar.advance(job, n))
            for s in sources
        ]
        rows = [r for f in futures for r in f.result()]
        bar.update(job, total=len(rows), completed=len(rows))
    write_stage(data_dir, run_id, "candidates", pd.DataFrame(rows))
    log.info("crawl: %d candidate URLs from %d sources", len(rows), len(sources))
    return len(rows)


@flow(name="ingest")
def ingest_flow(paths: list[Path], data_dir: Path, run_id: str, url: str | None = None) -> int:
    """Archive local files as candidates; inputs whose bytes are unchanged keep their stored outcome."""
    known = stages.stored_pages(data_dir)
    rows = ingest_paths(paths, data_dir, run_id, url=url, known=known)
    write_stage(data_dir, run_id, "candidates", pd.DataFrame(rows))
    same = sum(bool(r["unchanged"]) for r in rows)
    get_run_logger().info("ingest: %d records from %d paths, %d unchanged", len(rows), len(paths), same)
    return len(rows)


@flow(name="reparse")
def reparse_flow(data_dir: Path, run_id: str) -> int:
    """Candidates from the raw archive: every input the parser has seen, no network."""
    rows = stages.reparse_candidates(data_dir, run_id)
    write_stage(data_dir, run_id, "candidates", pd.DataFrame(rows))
    get_run_logger().info("reparse: %d archived inputs", len(rows))
    return len(rows)


@flow(name="parse", task_runner=_threads(2))
def parse_flow(
    data_dir: Path,
    run_id: str,
    parse_workers: int = PARSE_WORKERS,
    limits: Limits | None = None,
    distributed: bool = False,
) -> int:
    """Parse every pending candidate from the WARC archive, in batches, each document in a killable worker.

    `distributed`: the flow runs with a Dask task runner, and each batch brings its own worker.
    """
    rows = records(read_stage(data_dir, run_id, "candidates"))
    # When every input kept its stored outcome (an unchanged re-run) there is no worker pool to start.
    batches = _batches(rows) if any(r.get("outcome") is None for r in rows) else []
    out_rows: list[dict[str, Any]] = [] if batches else rows
    articles: list[dict[str, Any]] = []
    pool_here = (
        nullcontext(None)
        if distributed or not batches
        else IsolatedPool(workers=parse_workers, limits=limits)
    )
    with pool_here as pool, _progress() as bar:
        job = bar.add_task("parse: pages", total=len(rows))
        futures = [
            parse_batch_task.submit(b, data_dir, run_id, pool)
            if pool is not None
            else parse_batch_isolated_task.submit(b, data_dir, run_id, limits)
            for b in batches
        ]
        for fut in futures:
            done, arts = fut.result()
            out_rows += done
            articles += arts
            bar.advance(job, len(done))
    write_stage(data_dir, run_id, "parsed", pd.DataFrame(out_rows))
    write_stage(data_dir, run_id, "articles_parsed", pd.DataFrame(articles, columns=ARTICLES.columns))
    get_run_logger().info("parse: %d articles from %d candidates", len(articles), len(rows))
    return len(articles)


@flow(name="validate")
def validate_flow(data_dir: Path, run_id: str) -> int:
    """Run the articles suite; failing rows are quarantined, a failing gate stops the run."""
    articles = read_stage(data_dir, run_id, "articles_parsed")
    outcome = stages.validate_articles(articles, docs=DocsSite.for_data(data_dir, run_id))
    if outcome.gate_failures:
        raise stages.GateError("articles suite: " + "; ".join(outcome.gate_failures))
    candidates = stages.apply_validation(read_stage(data_dir, run_id, "parsed"), outcome)
    write_stage(data_dir, run_id, "validated", candidates)
    write_stage(data_dir, run_id, "articles_valid", outcome.passed)
    get_run_logger().info("validate: %d passed, %d quarantined", len(outcome.passed), len(outcome.rejected))
    return len(outcome.rejected)


@flow(name="dedupe")
def dedupe_flow(data_dir: Path, run_id: str) -> int:
    """Drop URL variants, exact and near copies (grouped into stories), against this run and the warehouse."""
    candidates, result = stages.dedupe(
        read_stage(data_dir, run_id, "validated"),
        read_stage(data_dir, run_id, "articles_valid"),
        data_dir,
        run_id,
    )
    write_stage(data_dir, run_id, "final", candidates)
    write_stage(data_dir, run_id, "articles", result.kept)
    write_stage(data_dir, run_id, "story_members", records_frame(STORY_MEMBERS, result.members))
    write_stage(data_dir, run_id, "index_rows", records_frame(NEARDUP_INDEX, result.index_rows))
    dups = int((candidates["outcome"] == "duplicate_of").sum())
    near = sum(d.reason == "near_duplicate" for d in result.duplicates)
    get_run_logger().info(
        "dedupe: %d articles kept, %d duplicates (%d near copies)", len(result.kept), dups, near
    )
    return dups


@flow(name="events")
def events_flow(
    data_dir: Path,
    run_id: str,
    homes: dict[str, str] | None = None,
    workers: int = PARSE_WORKERS,
    distributed: bool = False,
) -> int:
    """Extract visit mentions and merge them into visit events over the whole warehouse."""
    articles = read_stage(data_dir, run_id, "articles")
    if distributed:
        # Learned once per run, so every chunk sees every article's statement of a nationality.
        actors = run_actors(articles)
        chunks = stages.article_chunks(articles)
        futures = [extract_chunk_task.submit(c, actors, homes or {}) for c in chunks]
        new = [v for f in futures for v in f.result()]
    else:
        new = extract_visits_task(articles, homes or {}, workers)
    new_frame = pd.DataFrame(new, columns=VISITS.columns)
    docs = DocsSite.for_data(data_dir, run_id)
    new_frame, held = stages.validate_visits(new_frame, articles, run_id, docs)
    write_stage(data_dir, run_id, "visits_quarantined", records_frame(QUARANTINE, held))
    rewrite = stages.touched_visits(new_frame, articles, data_dir)
    stages.stage_rewrite(data_dir, run_id, rewrite)
    get_run_logger().info(
        "events: %d mentions this run; %d events re-merged in the groups they touch",
        len(new),
        len(rewrite.events),
    )
    return len(new)


@flow(name="publish")
def publish_flow(
    data_dir: Path, run_id: str, mode: str, started_at: datetime, new_visits: int
) -> dict[str, Any]:
    """Gate, then commit every table and swap in the catalog."""
    stages.stage_run_facts(data_dir, run_id, mode, started_at, new_visits)
    return stages.publish_staged(data_dir, run_id)


@task(cache_policy=NO_CACHE, retries=0)
def publish_remote_task(data_dir: Path, url: str) -> dict[str, Any]:
    """Copy the published tables and the raw archive to object storage (see warehouse/remote.py)."""
    report = publish_remote(data_dir, url)
    get_run_logger().info("publish to %s: %s", url, report.summary())
    return {
        "url": url,
        "uploaded": report.uploaded,
        "skipped": report.skipped,
        "deleted": report.deleted,
        "bytes_uploaded": report.bytes_uploaded,
    }


@flow(name="newsetl-run", log_prints=True)
def pipeline_flow(
    data_dir: Path,
    mode: str = "run",
    sources: list[Source] | None = None,
    paths: list[Path | str] | None = None,
    url: str | None = None,
    parse_limits: Limits | None = None,
    stage_only: bool = False,
    publish_to: str | None = None,
    task_runner: str = "threads",
    dask_address: str | None = None,
) -> dict[str, Any]:
    """One run: crawl or ingest, parse, validate, dedupe, extract visits, publish.

    With `task_runner="dask"` parse and events run on a Dask cluster: the one at `dask_address`,
    or a LocalCluster started for the run. Workers must see `data_dir` (same machine or shared).

    With `stage_only` the run stops before publishing; `newsetl publish` publishes it later.
    `paths` may hold URLs (`s3://bucket/dumps/*.warc.gz`). With `publish_to` (an fsspec URL) the
    published tables and raw archive are then copied there; a failed copy fails the run, but the
    local publish stands and the next run with `publish_to` copies whatever is missing.
    """
    started = datetime.now(UTC)
    data_dir = data_dir.resolve()
    # A run killed before publishing is resumed under its id: its WARC files replay what it fetched.
    run_id = open_run(data_dir, mode, new_run_id())
    with subflows_in_process():
        try:
            if mode == "reparse":
                reparse_flow(data_dir, run_id)
            elif sources:
                crawl_flow(sources, data_dir, run_id)
            else:
                ingest_flow(spool_inputs(paths or [], data_dir, run_id), data_dir, run_id, url)
            homes = {s.name: s.country for s in sources or [] if s.country}
            release_memory()
            with cpu_task_runner(task_runner, dask_address) as runner:
                on = runner is not None
                parse = parse_flow.with_options(task_runner=runner) if on else parse_flow
                events = events_flow.with_options(task_runner=runner) if on else events_flow
                parse(data_dir, run_id, limits=parse_limits, distributed=on)
                release_memory()
                validate_flow(data_dir, run_id)
                release_memory()
                dedupe_flow(data_dir, run_id)
                release_memory()
                new_visits = events(data_dir, run_id, homes, distributed=on)
                release_memory()
            if stage_only:
                stages.stage_run_facts(data_dir, run_id, mode, started, new_visits)
                return {"run_id": run_id, "status": "staged"}
            row = publish_flow(data_dir, run_id, mode, started, new_visits)
            release_memory()
            if publish_to:
                row = {**row, "published_to": publish_remote_task(data_dir, publish_to)}
            return row
        except stages.GateError:
            drop_stages(data_dir, run_id)  # a blocked run is finished, not to be resumed
            raise


@flow(name="newsetl-runs", log_prints=True)
def runs_flow(
    data_dir: Path,
    paths: list[Path | str],
    files_per_run: int,
    parse_limits: Limits | None = None,
    task_runner: str = "threads",
    dask_address: str | None = None,
    publish_to: str | None = None,
) -> list[dict[str, Any]]:
    """Ingest a large set of inputs as consecutive runs of `files_per_run` inputs, each published.

    Memory is then bounded by one run, whatever the corpus, and a kill loses at most one run's work.
    """
    chunks = [paths[i : i + files_per_run] for i in range(0, len(paths), max(1, files_per_run))]
    with subflows_in_process():
        return [
            pipeline_flow(
                data_dir=data_dir,
                mode="ingest",
                paths=chunk,
                parse_limits=parse_limits,
                task_runner=task_runner,
                dask_address=dask_address,
                publish_to=publish_to,
            )
            for chunk in chunks
        ]
