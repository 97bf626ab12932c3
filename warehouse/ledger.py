"""The ledger invariants: every input in exactly one terminal state, each state backed by its rows."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from warehouse import tables
from warehouse.schemas import (
    ARTICLES,
    OUTCOMES,
    PAGES,
    QUARANTINE,
    RUNS,
    VISIT_EVENTS,
    VISITS,
    TableSpec,
)

# Terminal states that must say why.
_NEEDS_REASON = ("quarantined", "skipped", "duplicate_of", "fetch_failed")
# Stages an input passes through, in order.
STAGES = ("crawl", "parse", "validate", "dedupe")
_SHOWN = 5  # ids quoted per violation; the count says how many in all


@dataclass
class LedgerReport:
    """The outcome of a check: per-stage flow of inputs and every violated invariant."""

    inputs: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)
    stages: list[tuple[str, int, int, int]] = field(default_factory=list)  # stage, in, stopped, passed on
    violations: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every invariant holds."""
        return not self.violations


def _ids(values: pd.Series | set[str] | list[str]) -> str:
    items = sorted(str(v) for v in values)
    more = f" and {len(items) - _SHOWN} more" if len(items) > _SHOWN else ""
    return ", ".join(items[:_SHOWN]) + more


def ledger_violations(
    pages: pd.DataFrame,
    articles: pd.DataFrame,
    quarantine: pd.DataFrame,
    runs: pd.DataFrame,
    visits: pd.DataFrame,
    events: pd.DataFrame,
) -> LedgerReport:
    """Check the invariants of RELIABILITY.md section 2 on the current tables."""
    report = LedgerReport(inputs=len(pages))
    v = report.violations
    dup_pages = pages["page_id"][pages["page_id"].duplicated()]
    if len(dup_pages):
        v.append(f"pages: {len(dup_pages)} inputs appear twice: {_ids(dup_pages)}")
    bad_outcome = pages[~pages["outcome"].isin(OUTCOMES)]
    if len(bad_outcome):
        v.append(f"pages: {len(bad_outcome)} inputs have no terminal state: {_ids(bad_outcome['page_id'])}")
    no_reason = pages[pages["outcome"].isin(_NEEDS_REASON) & pages["reason"].isna()]
    if len(no_reason):
        v.append(
            f"pages: {len(no_reason)} {'/'.join(_NEEDS_REASON)} inputs give no reason: "
            f"{_ids(no_reason['page_id'])}"
        )
    report.outcomes = {o: int((pages["outcome"] == o).sum()) for o in OUTCOMES}

    loaded = pages[pages["outcome"] == "loaded"]
    article_pages = set(articles["page_id"])
    missing = set(loaded["page_id"]) - article_pages
    if missing:
        v.append(f"loaded inputs without an article row: {len(missing)}: {_ids(missing)}")
    orphans = article_pages - set(loaded["page_id"])
    if orphans:
        v.append(f"article rows whose input is not 'loaded': {len(orphans)}: {_ids(orphans)}")
    mismatched = loaded[
        loaded["article_id"].notna() & ~loaded["article_id"].isin(set(articles["article_id"]))
    ]
    if len(mismatched):
        v.append(f"loaded inputs pointing at no article: {len(mismatched)}: {_ids(mismatched['page_id'])}")

    dups = pages[pages["outcome"] == "duplicate_of"]
    # URL variants point at the canonical input's page_id, content duplicates at the kept article.
    known = set(articles["article_id"]) | set(pages["page_id"])
    dangling = dups[~dups["duplicate_of"].isin(known)]
    if len(dangling):
        v.append(
            f"duplicates pointing at no known input or article: {len(dangling)}: {_ids(dangling['page_id'])}"
        )

    held = pages[pages["outcome"] == "quarantined"]
    current_q = quarantine.merge(held[["page_id", "run_id"]], left_on="record_id", right_on="page_id")
    unexplained = set(held["page_id"]) - set(current_q["record_id"])
    if unexplained:
        v.append(f"quarantined inputs without a quarantine row: {len(unexplained)}: {_ids(unexplained)}")
    for column, what in (("reason_code", "a reason"), ("raw_ref", "a raw-bytes pointer")):
        empty = quarantine[quarantine[column].isna() | (quarantine[column].astype(str).str.strip() == "")]
        if len(empty):
            v.append(f"quarantine rows without {what}: {len(empty)}: {_ids(empty['quarantine_id'])}")
    both = set(held["page_id"]) & article_pages
    if both:
        v.append(f"inputs both quarantined and loaded: {len(both)}: {_ids(both)}")

    for _, run in runs.iterrows():
        total = sum(int(run[c]) for c in ("loaded", "quarantined", "duplicates", "skipped", "fetch_failed"))
        if total != int(run["inputs"]):
            v.append(
                f"run {run['run_id']}: {run['inputs']} inputs but {total} terminal states "
                "(loaded + quarantined + duplicates + skipped + fetch_failed)"
            )

    stray_visits = set(visits["article_id"]) - set(articles["article_id"])
    if stray_visits:
        v.append(f"visit mentions of articles not loaded: {len(stray_visits)}: {_ids(stray_visits)}")
    unbacked = set(events["event_id"]) - set(visits["event_id"].dropna())
    if unbacked:
        v.append(f"visit events without any mention: {len(unbacked)}: {_ids(unbacked)}")

    report.stages = _stage_flow(pages, current_q)
    return report


def _stage_flow(pages: pd.DataFrame, current_q: pd.DataFrame) -> list[tuple[str, int, int, int]]:
    """Per stage: inputs that reached it, inputs it stopped, inputs it passed on (conservation)."""
    stage_of = dict(zip(current_q["record_id"], current_q["stage"], strict=True))
    stopped_at = {
        "crawl": int(pages["outcome"].isin(("skipped", "fetch_failed")).sum())
        + sum(
            1
            for pid in pages.loc[pages["outcome"] == "quarantined", "page_id"]
            if stage_of.get(pid) == "crawl"
        ),
        "parse": sum(1 for s in stage_of.values() if s == "parse"),
        "validate": sum(1 for s in stage_of.values() if s == "validate"),
        "dedupe": int((pages["outcome"] == "duplicate_of").sum()),
    }
    flow = []
    reaching = len(pages)
    for stage in STAGES:
        stopped = stopped_at[stage]
        flow.append((stage, reaching, stopped, reaching - stopped))
        reaching -= stopped
    return flow


def stray_files(data_dir: Path, specs: tuple[TableSpec, ...]) -> list[str]:
    """Files in a table's folder outside its current version (plain Parquet readers would read them)."""
    found = []
    for spec in specs:
        folder = tables.table_path(data_dir, spec)
        if not folder.exists():
            continue
        live = {os.path.realpath(p) for p in tables.live_files(data_dir, spec)}
        extra = [
            p.name
            for p in folder.iterdir()
            if p.is_file() and not p.name.startswith((".", "_")) and os.path.realpath(p) not in live
        ]
        if extra:
            found.append(f"{spec.name}: {len(extra)} files outside the current version: {_ids(extra)}")
    return found


def check(data_dir: Path) -> LedgerReport:
    """Every ledger invariant on the warehouse under `data_dir`."""
    frames = {
        spec: tables.read_table(data_dir, spec)
        for spec in (PAGES, ARTICLES, QUARANTINE, RUNS, VISITS, VISIT_EVENTS)
    }
    report = ledger_violations(
        frames[PAGES],
        frames[ARTICLES],
        frames[QUARANTINE],
        frames[RUNS],
        frames[VISITS],
        frames[VISIT_EVENTS],
    )
    report.violations += stray_files(data_dir, tuple(frames))
    missing_raw = [
        ref
        for ref in frames[PAGES]["raw_ref"].dropna().unique()
        if "#" in str(ref) and not (data_dir / str(ref).rpartition("#")[0]).exists()
    ]
    if missing_raw:
        report.violations.append(
            f"raw WARC files referenced but missing: {len(missing_raw)}: {_ids(missing_raw)}"
        )
    return report
