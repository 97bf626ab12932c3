"""The pipeline's stage logic as plain functions over batches; flows/pipeline.py only orchestrates."""

from __future__ import annotations

import functools
import importlib.metadata
import logging
import multiprocessing
import subprocess
from collections.abc import Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import repeat
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from expectations.validate import DocsSite, ValidationOutcome, build_docs, validate_frame
from flows.isolation import IsolatedPool, JobFailure, Limits
from flows.parse_job import DOC_KINDS, ParseJob, ParseOutcome, run_parse_job
from transforms.dedupe import Deduped, Stored, dedupe_articles, stories
from transforms.events import EXTRACTOR_VERSION
from transforms.neardup import BANDS, LshIndex, signature
from transforms.normalize import stable_id
from transforms.parse import PARSER_VERSION, ParsedArticle, ParseFailure
from transforms.records import article_row, quarantine_rows, records
from transforms.reference import countries_frame
from transforms.visit_events import (
    actors_from_votes,
    articles_votes,
    event_group,
    extract_visits,
    run_actors,
    visit_events,
)
from warehouse import tables
from warehouse.catalog import refresh_catalog
from warehouse.schemas import (
    ARTICLES,
    COUNTRIES,
    NEARDUP_INDEX,
    PAGES,
    QUARANTINE,
    RUNS,
    STORIES,
    STORY_MEMBERS,
    VISIT_EVENTS,
    VISITS,
    TableSpec,
    records_frame,
)
from warehouse.staging import drop_stages, read_stage, stage_dir, write_stage

log = logging.getLogger("newsetl.stages")

# Batch gates: a run breaking one publishes nothing and the previous tables keep serving.
MAX_QUARANTINE_RATE = 0.5
# A site serving one page for every URL (soft 404s, a consent wall) looks like all duplicates.
MAX_DUPLICATE_RATE = 0.9
# A crawl finding under a fifth of its usual inputs (median of its last 7 published runs) is a
# broken feed or a blocked crawler, not news; at least 3 earlier runs are needed to judge.
MIN_VOLUME_SHARE = 0.2
VOLUME_WINDOW = 7
VOLUME_MODES = ("run", "demo")


class GateError(RuntimeError):
    """A batch gate failed; the message says which."""


# Outcomes decided after the parser saw the bytes; reparse hands exactly these inputs back to it.
_PARSER_REASONS = {"same_text", "same_canonical_url", "near_duplicate"}


def _isin(column: str, values: Any) -> pc.Expression:
    """`column` in `values`, typed as strings so an empty list is a valid filter too."""
    return pc.field(column).isin(pa.array(list(values), pa.string()))


class StoredRows(Mapping[str, dict[str, Any]]):
    """A table's rows by key, turned into dicts a block at a time and only when asked for.

    Ingest looks up every input among the stored pages; a run of new inputs finds none, so
    building a dict per stored page (seconds at a few hundred thousand) would be wasted.
    """

    BLOCK = 1024

    def __init__(self, table: pa.Table, key: str) -> None:
        self._table = table
        self._position = {k: i for i, k in enumerate(table.column(key).to_pylist())}
        self._blocks: dict[int, list[dict[str, Any]]] = {}

    def __getitem__(self, key: str) -> dict[str, Any]:
        block, offset = divmod(self._position[key], self.BLOCK)
        if block not in self._blocks:
            self._blocks[block] = records(self._table.slice(block * self.BLOCK, self.BLOCK).to_pandas())
        return self._blocks[block][offset]

    def __iter__(self) -> Iterator[str]:
        return iter(self._position)

    def __len__(self) -> int:
        return len(self._position)


def stored_pages(data_dir: Path) -> StoredRows:
    """The stored `pages` rows by page_id."""
    return StoredRows(tables.read_arrow(data_dir, PAGES), "page_id")


def reparse_candidates(data_dir: Path, run_id: str) -> list[dict[str, Any]]:
    """Candidates for every archived input the parser has seen, read back from the WARC files."""
    pages = tables.read_table(data_dir, PAGES)
    stages_of = dict(
        zip(*(tables.read_table(data_dir, QUARANTINE)[c] for c in ("record_id", "stage")), strict=True)
    )
    rows = []
    for page in records(pages):
        seen = (
            page["outcome"] == "loaded"
            or (page["outcome"] == "duplicate_of" and page["reason"] in _PARSER_REASONS)
            or (page["outcome"] == "quarantined" and stages_of.get(page["page_id"]) in ("parse", "validate"))
        )
        if not seen or not page["raw_ref"]:
            continue
        listed = page["listing_published_at"]
        ctype = (page["content_type"] or "").split(";")[0].strip().lower()
        page.update(
            outcome=None,
            reason=None,
            duplicate_of=None,
            article_id=None,
            run_id=run_id,
            stage=None,
            detail=None,
            doc_kind=DOC_KINDS.get(ctype, "html"),
            listing_published_at=listed.isoformat() if listed is not None else None,
        )
        rows.append(page)
    return rows


def parse_batch(
    rows: list[dict[str, Any]], data_dir: Path, run_id: str, pool: IsolatedPool
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(candidates with parse outcomes, article rows) for one batch, parsed in the isolated pool."""
    out = [dict(row) for row in rows]
    pending = [row for row in out if row.get("outcome") is None]
    jobs = [
        ParseJob(
            data_dir=data_dir,
            raw_ref=row["raw_ref"],
            url=row["url"],
            doc_kind=row.get("doc_kind") or "html",
            listing_published_at=row.get("listing_published_at"),
        )
        for row in pending
    ]
    articles: list[dict[str, Any]] = []
    for row, answer in zip(pending, pool.map(run_parse_job, jobs), strict=True):
        result = answer.result if isinstance(answer, ParseOutcome) else answer
        if isinstance(answer, ParseOutcome) and answer.seconds > 5:
            log.info(
                "slow parse: %s took %.1f s (worker peak %.0f MB)",
                row["url"],
                answer.seconds,
                answer.worker_peak_rss_mb,
            )
        if isinstance(result, (ParseFailure, JobFailure)):
            if isinstance(result, JobFailure):
                log.warning("parse of %s ended as %s: %s", row["url"], result.reason, result.detail)
            row.update(outcome="quarantined", reason=result.reason, stage="parse", detail=result.detail)
            continue
        assert isinstance(result, ParsedArticle)
        art = article_row(result, row, run_id)
        row["article_id"] = art["article_id"]
        articles.append(art)
    return out, articles


def validate_articles(
    articles: pd.DataFrame, *, now: datetime | None = None, docs: DocsSite | None = None
) -> ValidationOutcome:
    """GX validation of the run's articles."""
    return validate_frame(articles, ARTICLES, now=now, key="page_id", docs=docs)


def apply_validation(candidates: pd.DataFrame, outcome: ValidationOutcome) -> pd.DataFrame:
    """Mark candidates whose article failed a row-level expectation as quarantined."""
    out = candidates.copy()
    by_page = {r.key: r for r in outcome.rejected}
    for idx, pid in out["page_id"].items():
        rej = by_page.get(pid)
        if rej is not None and pd.isna(out.at[idx, "outcome"]):
            out.loc[idx, ["outcome", "reason", "stage", "detail"]] = [
                "quarantined",
                rej.reason,
                "validate",
                rej.detail,
            ]
    return out


def stored_for_dedupe(data_dir: Path, run_id: str) -> tuple[Stored, list[dict[str, Any]]]:
    """The warehouse as dedupe sees it, plus index rows for stored articles the index lacks.

    Articles loaded before the index existed are signed once here and indexed with this run.
    """
    arts = tables.read_columns(
        data_dir, ARTICLES, ["article_id", "text_sha256", "version", "previous_text_sha256", "story_id"]
    ).to_pandas()
    idx = tables.read_columns(data_dir, NEARDUP_INDEX, ["article_id", "text_sha256", "story_id", "band_keys"])
    ids = idx.column("article_id").to_pylist()
    # Stored signed (as Delta requires); the index compares unsigned keys.
    keys = (
        idx.column("band_keys").combine_chunks().flatten().to_numpy().view(np.uint64).reshape(len(ids), BANDS)
    )
    story_of = dict(zip(ids, idx.column("story_id").to_pylist(), strict=True))
    story_of.update({a: s for a, s in zip(arts["article_id"], arts["story_id"], strict=True) if pd.notna(s)})

    def text_of(wanted: list[str]) -> dict[str, str]:
        found = tables.read_columns(data_dir, ARTICLES, ["article_id", "text"], _isin("article_id", wanted))
        return dict(
            zip(found.column("article_id").to_pylist(), found.column("text").to_pylist(), strict=True)
        )

    indexed = set(zip(ids, idx.column("text_sha256").to_pylist(), strict=True))
    missing = [
        a for a, h in zip(arts["article_id"], arts["text_sha256"], strict=True) if (a, h) not in indexed
    ]
    digest_of = dict(zip(arts["article_id"], arts["text_sha256"], strict=True))
    backfill = []
    # In chunks: a warehouse from before the index may hold the whole corpus unsigned.
    for start in range(0, len(missing), 1000):
        for aid, text in text_of(missing[start : start + 1000]).items():
            backfill.append(
                {
                    "article_id": aid,
                    "text_sha256": digest_of[aid],
                    "story_id": story_of.setdefault(aid, stable_id("story", aid)),
                    "band_keys": signature(text)[1].view(np.int64),  # stored signed, as Delta requires
                    "run_id": run_id,
                }
            )
    index = LshIndex()
    index.add(
        ids + [r["article_id"] for r in backfill],
        np.vstack([keys, *[r["band_keys"].view(np.uint64) for r in backfill]]).astype(np.uint64),
    )
    versions = {
        a: (int(v) if pd.notna(v) else 1, h, p if pd.notna(p) else None)
        for a, h, v, p in arts[["article_id", "text_sha256", "version", "previous_text_sha256"]].itertuples(
            index=False
        )
    }
    stored = Stored(arts[["article_id", "text_sha256"]], versions, story_of, index, text_of)
    return stored, backfill


def dedupe(
    candidates: pd.DataFrame, articles: pd.DataFrame, data_dir: Path, run_id: str
) -> tuple[pd.DataFrame, Deduped]:
    """(candidates with duplicate and loaded outcomes, the deduped batch with story and index rows)."""
    stored, backfill = stored_for_dedupe(data_dir, run_id)
    result = dedupe_articles(articles, stored, run_id)
    result.index_rows[:0] = backfill
    kept, dups = result.kept, result.duplicates
    out = candidates.copy()
    open_ = out["outcome"].isna()
    dup = out["page_id"].map({d.page_id: d for d in dups})
    is_dup = open_ & dup.notna()
    is_kept = open_ & ~is_dup & out["page_id"].isin(set(kept["page_id"]) if not kept.empty else set())
    lost = out.loc[open_ & ~is_dup & ~is_kept, "page_id"]
    if len(lost):
        raise RuntimeError(f"candidate {lost.iloc[0]} has no outcome after dedupe")
    # Whole-column assignment: per-row .loc writes cost milliseconds each at corpus scale.
    out["outcome"] = out["outcome"].astype(object)
    out["reason"] = out["reason"].astype(object)
    out["duplicate_of"] = out["duplicate_of"].astype(object)
    out.loc[is_dup, "outcome"] = "duplicate_of"
    out.loc[is_dup, "reason"] = [d.reason for d in dup[is_dup]]
    out.loc[is_dup, "duplicate_of"] = [d.duplicate_of for d in dup[is_dup]]
    out.loc[is_kept, "outcome"] = "loaded"
    out.loc[is_kept, "reason"] = None
    return out, result


def article_chunks(articles: pd.DataFrame, chunk: int = 200) -> list[pd.DataFrame]:
    """The articles in slices of `chunk` rows: the unit of work of visit extraction."""
    return [articles.iloc[i : i + chunk] for i in range(0, len(articles), chunk)]


def parse_batch_isolated(
    rows: list[dict[str, Any]], data_dir: Path, run_id: str, limits: Limits | None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """`parse_batch` with a one-process isolated pool of its own, for a batch run on a cluster worker."""
    if multiprocessing.current_process().daemon:
        raise RuntimeError(
            "this Dask worker is a daemonic process and cannot start the parse worker that isolates "
            "each page: start workers with DASK_DISTRIBUTED__WORKER__DAEMON=False"
        )
    with IsolatedPool(workers=1, limits=limits) as pool:
        return parse_batch(rows, data_dir, run_id, pool)


def extract_visits_parallel(
    articles: pd.DataFrame,
    homes: Mapping[str, str] | None = None,
    workers: int = 2,
    chunk: int = 200,
) -> list[dict[str, Any]]:
    """`run_actors` then `extract_visits`, both over chunks of articles in one pool of worker processes.

    Rows come back in article order, and the actor table is the one `run_actors` builds serially.
    """
    chunks = article_chunks(articles, chunk)
    if workers <= 1 or len(chunks) <= 1:
        actors = run_actors(articles)
        return [v for c in chunks for v in extract_visits(c, actors, homes)]
    # The extractor is pure Python: threads would share one core, processes use them all.
    # Workers import only transforms/ (the functions live there), not this module's GX and Delta.
    ctx = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        # Every chunk needs every article's statement of a nationality: votes first, summed in order.
        actors = actors_from_votes(pool.map(articles_votes, chunks))
        done = pool.map(extract_visits, chunks, repeat(actors), repeat(dict(homes or {})))
        return [v for rows in done for v in rows]


def validate_visits(
    visits: pd.DataFrame, articles: pd.DataFrame, run_id: str, docs: DocsSite | None = None
) -> tuple[pd.DataFrame, list[dict[str, Any]]]:
    """(visits that pass the visits suite, quarantine rows for the rest, pointing at their article)."""
    if visits.empty:
        return visits, []
    outcome = validate_frame(visits, VISITS, docs=docs)
    if outcome.gate_failures:
        raise GateError("visits suite: " + "; ".join(outcome.gate_failures))
    raw_of = dict(zip(articles["article_id"], articles["raw_ref"], strict=True))
    rows = visits.set_index("visit_id")
    quarantined = [
        {
            "quarantine_id": stable_id("quarantine", r.key, "events"),
            "record_id": r.key,
            "stage": "events",
            "reason_code": r.reason,
            "detail": f"{r.detail}: {rows.loc[r.key, 'sentence']}"[:500],
            "url": None,
            "raw_ref": str(raw_of.get(rows.loc[r.key, "article_id"]) or rows.loc[r.key, "article_id"]),
            "run_id": run_id,
        }
        for r in outcome.rejected
    ]
    return outcome.passed, quarantined


@dataclass
class VisitRewrite:
    """Visits and events of the (visitor, host) groups a run touches, and the stored ids they replace."""

    visits: pd.DataFrame
    events: pd.DataFrame
    replaced_visits: list[str]
    replaced_events: list[str]


def _in_groups(
    data_dir: Path, spec: TableSpec, columns: list[str], groups: set[tuple[str, str]]
) -> pd.DataFrame:
    hosts = sorted({h for _, h in groups})
    stored = tables.read_columns(data_dir, spec, columns, _isin("host_country", hosts)).to_pandas()
    if stored.empty:
        return stored
    return stored[[event_group(r) in groups for r in records(stored)]]


def touched_visits(new_visits: pd.DataFrame, articles: pd.DataFrame, data_dir: Path) -> VisitRewrite:
    """Events re-merged for the (visitor, host) groups this run's mentions fall in, from stored visits too.

    Events never span groups, so the others keep their stored rows: the stage costs what the run
    brings, not the whole history of visits.
    """
    redone = articles["article_id"].tolist() if not articles.empty else []
    old_own = tables.read_columns(
        data_dir,
        VISITS,
        ["visitor_country", "visitor_org", "host_country"],
        _isin("article_id", redone),
    ).to_pandas()
    groups = {event_group(r) for r in records(new_visits)} | {event_group(r) for r in records(old_own)}
    if not groups:
        return VisitRewrite(VISITS.empty_frame(), VISIT_EVENTS.empty_frame(), [], [])
    stored = _in_groups(data_dir, VISITS, VISITS.columns, groups)
    stale = _in_groups(
        data_dir, VISIT_EVENTS, ["event_id", "visitor_country", "visitor_org", "host_country"], groups
    )
    merged = pd.concat(
        [f for f in (stored[~stored["article_id"].isin(set(redone))], new_visits) if not f.empty],
        ignore_index=True,
    )
    if merged.empty:
        visits, events = VISITS.empty_frame(), VISIT_EVENTS.empty_frame()
    else:
        events, visits = visit_events(merged[VISITS.columns])
    return VisitRewrite(
        _frame(VISITS, visits),
        _frame(VISIT_EVENTS, events),
        stored["visit_id"].tolist(),
        stale["event_id"].tolist(),
    )


@dataclass
class RunCounts:
    """Per-outcome counts of one run."""

    inputs: int
    fetched: int
    loaded: int
    quarantined: int
    duplicates: int
    skipped: int
    fetch_failed: int
    unchanged: int


def run_counts(pages: pd.DataFrame) -> RunCounts:
    """Counts per terminal outcome; raises if any input has none (nothing may be lost)."""
    pending = pages["outcome"].isna().sum()
    if pending:
        raise RuntimeError(f"{pending} inputs have no terminal outcome")
    counts = pages["outcome"].value_counts().to_dict()
    return RunCounts(
        inputs=len(pages),
        fetched=int(pages["http_status"].notna().sum()),
        loaded=int(counts.get("loaded", 0)),
        quarantined=int(counts.get("quarantined", 0)),
        duplicates=int(counts.get("duplicate_of", 0)),
        skipped=int(counts.get("skipped", 0)),
        fetch_failed=int(counts.get("fetch_failed", 0)),
        unchanged=int(pages["unchanged"].fillna(False).astype(bool).sum()) if "unchanged" in pages else 0,
    )


def gate_failures(counts: RunCounts, recent_inputs: list[int] | None = None) -> list[str]:
    """Batch gates the run breaks; `recent_inputs` are the input counts of earlier published runs."""
    failures = []
    parsed = counts.loaded + counts.quarantined + counts.duplicates
    if counts.inputs == 0:
        return ["no inputs: 0 URLs or files were found"]
    if parsed and counts.quarantined / parsed > MAX_QUARANTINE_RATE:
        failures.append(f"quarantine rate {counts.quarantined}/{parsed} is above {MAX_QUARANTINE_RATE:.0%}")
    if parsed >= 10 and counts.duplicates / parsed > MAX_DUPLICATE_RATE:
        failures.append(f"duplicate rate {counts.duplicates}/{parsed} is above {MAX_DUPLICATE_RATE:.0%}")
    window = (recent_inputs or [])[-VOLUME_WINDOW:]
    if len(window) >= 3:
        usual = float(pd.Series(window).median())
        if counts.inputs < MIN_VOLUME_SHARE * usual:
            failures.append(
                f"volume {counts.inputs} inputs is under {MIN_VOLUME_SHARE:.0%} of the median "
                f"{usual:g} of the last {len(window)} published runs"
            )
    return failures


def recent_inputs(data_dir: Path, mode: str) -> list[int]:
    """Input counts of earlier published runs of a crawl mode, oldest first (none for other modes)."""
    if mode not in VOLUME_MODES:
        return []
    runs = tables.read_table(data_dir, RUNS)
    done = runs[(runs["mode"] == mode) & (runs["status"] == "published")].sort_values("started_at")
    return [int(n) for n in done["inputs"]]


def _frame(spec: TableSpec, frame: pd.DataFrame) -> pd.DataFrame:
    return frame[spec.columns] if not frame.empty else spec.empty_frame()


def table_gate_failures(frames: dict[TableSpec, pd.DataFrame], docs: DocsSite | None = None) -> list[str]:
    """Failures of each table's GX suite on the rows about to be published (any failure blocks)."""
    failures: list[str] = []
    for spec, frame in frames.items():
        outcome = validate_frame(frame, spec, docs=docs)
        failures += [f"{spec.name}: {g}" for g in outcome.gate_failures]
        if outcome.rejected:
            first = outcome.rejected[0]
            failures.append(
                f"{spec.name}: {len(outcome.rejected)} rows fail row rules, e.g. {first.key} ({first.reason})"
            )
    return failures


@functools.cache
def code_version() -> str:
    """The installed newsetl version, plus the git commit when run from a checkout."""
    version = importlib.metadata.version("newsetl")
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=Path(__file__).resolve().parent,
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return version
    return f"{version}+g{commit}" if commit else version


def raw_files(candidates: pd.DataFrame) -> list[str]:
    """The WARC files a run's inputs point into."""
    refs = candidates["raw_ref"].dropna() if "raw_ref" in candidates else pd.Series(dtype=str)
    return sorted({str(r).rpartition("#")[0] for r in refs if "#" in str(r)})


def publish(
    data_dir: Path,
    run_id: str,
    mode: str,
    started_at: datetime,
    candidates: pd.DataFrame,
    articles: pd.DataFrame,
    rewrite: VisitRewrite,
    new_visits: int,
    held_visits: pd.DataFrame | None = None,
    members: pd.DataFrame | None = None,
    index_rows: pd.DataFrame | None = None,
) -> dict[str, Any]:
    """Gate, then commit every table (Delta, one atomic commit each) and swap in the DuckDB catalog.

    Every frame holds only the rows this run adds or changes; those are what the GX suites check.
    """
    counts = run_counts(candidates)
    rows = records(candidates)
    pages = records_frame(PAGES, rows)
    pages["listing_published_at"] = pd.to_datetime(pages["listing_published_at"], utc=True, format="ISO8601")
    volatile = ("run_id", "fetched_at", "raw_ref")
    page_volatile = (*volatile, "attempts")
    frames = {
        # Only pages this run adds or changes are checked and written: an unchanged input's row stays.
        PAGES: tables.pending_rows(data_dir, PAGES, pages, ignore=page_volatile),
        ARTICLES: _frame(ARTICLES, articles),
        QUARANTINE: records_frame(
            QUARANTINE,
            quarantine_rows(rows, run_id) + (records(held_visits) if held_visits is not None else []),
        ),
        VISITS: _frame(VISITS, rewrite.visits),
        VISIT_EVENTS: _frame(VISIT_EVENTS, rewrite.events),
        STORY_MEMBERS: _frame(STORY_MEMBERS, members if members is not None else STORY_MEMBERS.empty_frame()),
    }
    frames[STORIES], touched = touched_stories(data_dir, frames[STORY_MEMBERS], frames[ARTICLES])
    # A previous publish may have been killed between a commit and its vacuum, or mid-write.
    tables.recover(data_dir, (*frames, COUNTRIES, RUNS, NEARDUP_INDEX))
    docs = DocsSite.for_data(data_dir, run_id)
    failures = gate_failures(counts, recent_inputs(data_dir, mode)) or table_gate_failures(frames, docs)
    run_row = {
        "run_id": run_id,
        "mode": mode,
        "started_at": started_at,
        "finished_at": datetime.now(UTC),
        "status": "blocked" if failures else "published",
        "message": "; ".join(failures) or None,
        "visits": new_visits,
        "events": events_after(data_dir, rewrite),
        **counts.__dict__,
        "code_version": code_version(),
        "parser_version": PARSER_VERSION,
        "extractor_version": EXTRACTOR_VERSION,
        "raw_files": raw_files(candidates),
    }
    if failures:
        # The blocked run is recorded so it can be explained; no data table changes.
        tables.upsert(data_dir, RUNS, records_frame(RUNS, [run_row]))
        refresh_catalog(data_dir)
        build_docs(docs)
        raise GateError("run blocked, nothing published: " + "; ".join(failures))
    tables.upsert(data_dir, PAGES, frames[PAGES], ignore=page_volatile, vacuum=False)
    tables.upsert(data_dir, ARTICLES, frames[ARTICLES], ignore=volatile, vacuum=False)
    tables.upsert(data_dir, QUARANTINE, frames[QUARANTINE], ignore=("run_id", "raw_ref"), vacuum=False)
    # First seen stays first seen; the similarity is the one measured when the copy was matched.
    tables.upsert(
        data_dir,
        STORY_MEMBERS,
        frames[STORY_MEMBERS],
        ignore=("run_id", "fetched_at", "jaccard", "containment"),
        vacuum=False,
    )
    tables.replace_rows(data_dir, STORIES, frames[STORIES], "story_id", touched, vacuum=False)
    # The index goes in after the articles it points at; a kill in between is mended by the next run.
    if index_rows is not None and not index_rows.empty:
        tables.append(data_dir, NEARDUP_INDEX, index_rows)
    tables.replace_rows(data_dir, VISITS, frames[VISITS], "visit_id", rewrite.replaced_visits, vacuum=False)
    tables.replace_rows(
        data_dir, VISIT_EVENTS, frames[VISIT_EVENTS], "event_id", rewrite.replaced_events, vacuum=False
    )
    tables.replace(data_dir, COUNTRIES, countries_frame(), vacuum=False)
    tables.upsert(data_dir, RUNS, records_frame(RUNS, [run_row]), vacuum=False)
    for spec in (PAGES, ARTICLES, QUARANTINE, STORY_MEMBERS, NEARDUP_INDEX, RUNS):
        tables.compact(data_dir, spec)  # tables that grow by appends
    refresh_catalog(data_dir)
    # Only now are the replaced files unreferenced: readers of the old catalog never lost theirs.
    tables.recover(data_dir, (*frames, COUNTRIES, RUNS, NEARDUP_INDEX))
    build_docs(docs)
    return run_row


def touched_stories(
    data_dir: Path, new_members: pd.DataFrame, new_articles: pd.DataFrame
) -> tuple[pd.DataFrame, set[str]]:
    """(rows of the stories this run touches, their ids): stored members and articles of those only.

    A story's row depends on its own members and articles alone, so the stories a run does not
    touch keep their stored rows and the cost of a publish follows the run, not the corpus.
    """
    page_ids = new_members["page_id"].tolist()
    article_ids = new_articles["article_id"].tolist()
    before = tables.read_columns(
        data_dir, STORY_MEMBERS, ["page_id", "story_id", "fetched_at"], _isin("page_id", page_ids)
    ).to_pandas()
    moved_from = tables.read_columns(
        data_dir, ARTICLES, ["story_id"], _isin("article_id", article_ids)
    ).column("story_id")
    # A page or article that changed story leaves its old story to be recomputed too.
    touched = {
        str(s)
        for s in (
            *new_members["story_id"],
            *new_articles.get("story_id", []),
            *before["story_id"],
            *moved_from.to_pylist(),
        )
        if s is not None and s == s
    }
    if not touched:
        return STORIES.empty_frame(), touched
    seen = dict(zip(before["page_id"], before["fetched_at"], strict=True))
    new_members = new_members.assign(
        fetched_at=[
            seen.get(p, f) for p, f in zip(new_members["page_id"], new_members["fetched_at"], strict=True)
        ]
    )
    stored = tables.read_columns(
        data_dir, STORY_MEMBERS, STORY_MEMBERS.columns, _isin("story_id", sorted(touched))
    ).to_pandas()
    stored = stored[~stored["page_id"].isin(set(page_ids))]
    members = pd.concat([f for f in (stored, new_members) if not f.empty], ignore_index=True)
    cols = ["article_id", "story_id", "title"]
    member_articles = members["article_id"].dropna().unique().tolist() if not members.empty else []
    kept = tables.read_columns(
        data_dir,
        ARTICLES,
        cols,
        _isin("story_id", sorted(touched)) | _isin("article_id", member_articles),
    ).to_pandas()
    # Articles loaded before stories existed are each their own story until a copy joins them.
    unset = kept["story_id"].isna()
    kept.loc[unset, "story_id"] = [stable_id("story", a) for a in kept.loc[unset, "article_id"]]
    articles = pd.concat(
        [f for f in (kept[~kept["article_id"].isin(set(article_ids))], new_articles[cols]) if not f.empty],
        ignore_index=True,
    )
    if members.empty or articles.empty:
        return STORIES.empty_frame(), touched
    rows = stories(members, articles)
    return _frame(STORIES, rows[rows["story_id"].isin(touched)] if not rows.empty else rows), touched


def events_after(data_dir: Path, rewrite: VisitRewrite) -> int:
    """Visit events in the warehouse once the rewrite is committed."""
    stored = tables.read_columns(data_dir, VISIT_EVENTS, ["event_id"]).column("event_id")
    gone = set(rewrite.replaced_events) | set(rewrite.events["event_id"])
    return (
        len(stored)
        - int(pc.sum(pc.is_in(stored, pa.array(sorted(gone), pa.string()))).as_py() or 0)
        + len(rewrite.events)
    )


def stage_rewrite(data_dir: Path, run_id: str, rewrite: VisitRewrite) -> None:
    """Stage the touched visits and events, and the stored ids they replace."""
    write_stage(data_dir, run_id, "visits", rewrite.visits)
    write_stage(data_dir, run_id, "events", rewrite.events)
    replaced = [("visits", k) for k in rewrite.replaced_visits] + [
        ("events", k) for k in rewrite.replaced_events
    ]
    write_stage(data_dir, run_id, "replaced", pd.DataFrame(replaced, columns=["table", "key"]))


def staged_rewrite(data_dir: Path, run_id: str) -> VisitRewrite:
    """The staged `VisitRewrite`; a run staged before rewrites existed carries whole tables."""
    replaced = _optional_stage(data_dir, run_id, "replaced")
    keys = replaced if replaced is not None else pd.DataFrame(columns=["table", "key"])
    return VisitRewrite(
        read_stage(data_dir, run_id, "visits"),
        read_stage(data_dir, run_id, "events"),
        keys.loc[keys["table"] == "visits", "key"].tolist(),
        keys.loc[keys["table"] == "events", "key"].tolist(),
    )


def _optional_stage(data_dir: Path, run_id: str, name: str) -> pd.DataFrame | None:
    # Runs staged by an older version have no such stage; they publish without it.
    path = stage_dir(data_dir, run_id) / f"{name}.parquet"
    return read_stage(data_dir, run_id, name) if path.exists() else None


def stage_run_facts(data_dir: Path, run_id: str, mode: str, started_at: datetime, new_visits: int) -> None:
    """Stage what the runs row needs besides the tables, so publishing can resume from staging alone."""
    facts = {"mode": mode, "started_at": started_at, "new_visits": new_visits}
    write_stage(data_dir, run_id, "run_facts", pd.DataFrame([facts]))


def publish_staged(data_dir: Path, run_id: str) -> dict[str, Any]:
    """Publish a run whose stages are all staged; safe to repeat after a kill at any point."""
    done = tables.read_table(data_dir, RUNS)
    done = done[(done["run_id"] == run_id) & (done["status"] == "published")]
    if not stage_dir(data_dir, run_id).joinpath("run_facts.parquet").exists() and len(done):
        return records(done)[0]  # published, and its staging already cleared
    facts = records(read_stage(data_dir, run_id, "run_facts"))[0]
    row = publish(
        data_dir,
        run_id,
        str(facts["mode"]),
        facts["started_at"],
        read_stage(data_dir, run_id, "final"),
        read_stage(data_dir, run_id, "articles"),
        staged_rewrite(data_dir, run_id),
        int(facts["new_visits"]),
        read_stage(data_dir, run_id, "visits_quarantined"),
        _optional_stage(data_dir, run_id, "story_members"),
        _optional_stage(data_dir, run_id, "index_rows"),
    )
    drop_stages(data_dir, run_id)
    return row


def staged_runs(data_dir: Path) -> list[str]:
    """Runs that finished every stage but publishing (killed while publishing, or staged on purpose)."""
    root = data_dir / "staging"
    return sorted(p.parent.name for p in root.glob("*/run_facts.parquet")) if root.exists() else []
