"""Run a table's GX suite on a frame: failing rows are split off with reasons; the rest gates the batch."""

from __future__ import annotations

import json
import os
import shutil
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import great_expectations as gx
import pandas as pd
from great_expectations.core.run_identifier import RunIdentifier
from great_expectations.data_context.types.base import ProgressBarsConfig

from expectations.suites import suite_for
from warehouse.schemas import TableSpec

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")


@dataclass
class Rejection:
    """One row held back by a row-level expectation."""

    key: str
    reason: str
    detail: str


@dataclass
class ValidationOutcome:
    """Rows that passed, rows rejected with reasons, and batch-level failures."""

    passed: pd.DataFrame
    rejected: list[Rejection] = field(default_factory=list)
    gate_failures: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class DocsSite:
    """Where validations are kept (a GX file project) and where their Data Docs site is built."""

    project_dir: Path
    site_dir: Path
    run_name: str

    @classmethod
    def for_data(cls, data_dir: Path, run_id: str) -> DocsSite:
        """The layout under a data folder: <data>/gx for GX's stores, <data>/docs for the site."""
        return cls(data_dir / "gx", data_dir / "docs", run_id)

    @property
    def index(self) -> Path:
        """The site's front page."""
        return self.site_dir / "index.html"


_SITE = "local_site"


INDEX_RESULTS = 300  # validation results listed on the Data Docs index (the latest ~30 runs)


def _site_config(stored: Any) -> dict[str, Any]:
    """The parts of a stored site config that we set, as plain dicts, to compare with ours."""
    plain = json.loads(json.dumps(stored, default=dict))
    return {k: plain[k] for k in ("class_name", "store_backend", "site_index_builder") if k in plain}


# File contexts already loaded in this process, by project folder (most recent last).
_LOADED: dict[Path, Any] = {}


def _file_context(project_dir: Path) -> Any:
    """The project's GX file context, loaded once per process: each load parses its YAML again.

    A run validates seven tables and builds the docs; that parsing was a tenth of publish.
    """
    config = project_dir / "great_expectations.yml"
    ctx = _LOADED.pop(project_dir, None)
    if ctx is None or not config.exists():
        project_dir.mkdir(parents=True, exist_ok=True)
        # GX creates <project_root_dir>/gx; our project_dir is that folder.
        ctx = gx.get_context(mode="file", project_root_dir=str(project_dir.parent))
    _LOADED[project_dir] = ctx
    while len(_LOADED) > 4:  # a long-lived process serving several warehouses keeps a few
        _LOADED.pop(next(iter(_LOADED)))
    return ctx


def _context(docs: DocsSite | None) -> Any:
    ctx: Any
    if docs is None:
        ctx = gx.get_context(mode="ephemeral")
    else:
        ctx = _file_context(docs.project_dir)
        site = {
            "class_name": "SiteBuilder",
            "store_backend": {
                "class_name": "TupleFilesystemStoreBackend",
                "base_directory": str(docs.site_dir),
            },
            # The index loads every result it lists: without a cap each run's build gets slower.
            "site_index_builder": {
                "class_name": "DefaultSiteIndexBuilder",
                "validation_results_limit": INDEX_RESULTS,
            },
        }
        current = ctx.variables.data_docs_sites or {}
        if _site_config(current.get(_SITE, {})) != site:
            if _SITE in current:
                ctx.delete_data_docs_site(_SITE)
            ctx.add_data_docs_site(_SITE, site)
    ctx.variables.progress_bars = ProgressBarsConfig(globally=False)
    return ctx


VENDOR = Path(__file__).resolve().parent / "vendor"
# The CDN assets GX's pages need to draw their tables, and our vendored copies of them.
_BT = "https://unpkg.com/bootstrap-table@{}/dist/extensions/filter-control/bootstrap-table-filter-control.min.{}"
_DATEPICKER = (
    "https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/{0}/bootstrap-datepicker.min.{0}"
)
_CDN = {
    _DATEPICKER.format("js"): "bootstrap-datepicker-1.9.0.min.js",
    _DATEPICKER.format("css"): "bootstrap-datepicker-1.9.0.min.css",
    "https://code.jquery.com/jquery-3.7.1.min.js": "jquery-3.7.1.min.js",
    "https://maxcdn.bootstrapcdn.com/bootstrap/4.3.1/css/bootstrap.min.css": "bootstrap-4.3.1.min.css",
    "https://stackpath.bootstrapcdn.com/bootstrap/4.3.1/js/bootstrap.min.js": "bootstrap-4.3.1.min.js",
    "https://cdnjs.cloudflare.com/ajax/libs/popper.js/1.12.9/umd/popper.min.js": "popper-1.12.9.min.js",
    "https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.css": "bootstrap-table-1.19.1.min.css",
    "https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.js": "bootstrap-table-1.19.1.min.js",
    _BT.format("1.19.1", "js"): "bootstrap-table-filter-control-1.19.1.min.js",
    _BT.format("1.19.0", "css"): "bootstrap-table-filter-control-1.19.1.min.css",
}


def _use_vendored_assets(site_dir: Path, since: float | None = None) -> None:
    """Point pages at local copies of their scripts and styles, so the site works offline.

    With `since`, only pages written since then (the others were rewritten when they were built).
    """
    target = site_dir / "vendor"
    shutil.copytree(VENDOR, target, dirs_exist_ok=True)
    for page in site_dir.rglob("*.html"):
        if since is not None and page.stat().st_mtime < since - 1:
            continue
        html = page.read_text(encoding="utf-8")
        for url, name in _CDN.items():
            html = html.replace(url, os.path.relpath(target / name, page.parent))
        page.write_text(html, encoding="utf-8")


def build_docs(docs: DocsSite, *, full: bool = False) -> Path:
    """Build the Data Docs site and return its index page.

    By default only this run's validation pages and the suites are rendered (and the index):
    pages of earlier runs do not change, and re-rendering them made each run slower than the last.
    """
    ctx = _context(docs)
    started = time.time()
    wanted: list[Any] | None = None
    if not full and docs.index.exists():
        runs = [k for k in ctx.validation_results_store.list_keys() if k.run_id.run_name == docs.run_name]
        if not runs:
            return docs.index  # this run validated nothing (all inputs unchanged): no page or suite changed
        wanted = [*ctx.expectations_store.list_keys(), *runs]
    ctx.build_data_docs(site_names=[_SITE], resource_identifiers=wanted or None)
    _use_vendored_assets(docs.site_dir, since=None if wanted is None else started)
    return docs.index


def validate_frame(
    frame: pd.DataFrame,
    spec: TableSpec,
    *,
    now: datetime | None = None,
    docs: DocsSite | None = None,
    key: str | None = None,
) -> ValidationOutcome:
    """Validate a frame against the table's suite; row failures are rejected, others gate.

    With `key` other than the primary key (rows not yet deduplicated), key uniqueness is not checked.
    """
    if frame.empty:
        return ValidationOutcome(passed=frame)
    key = key or spec.primary_key[0]
    if key not in spec.columns:
        raise ValueError(f"{spec.name}: key {key!r} is not a column")
    frame = frame[spec.columns].reset_index(drop=True)
    ctx = _context(docs)
    suite = suite_for(spec, now=now, unique_keys=key in spec.primary_key)
    suite = ctx.suites.add_or_update(suite)
    source = ctx.data_sources.add_or_update_pandas("newsetl")
    asset = source.add_dataframe_asset(suite.name)
    batch = asset.add_batch_definition_whole_dataframe("run")
    vd = ctx.validation_definitions.add_or_update(
        gx.ValidationDefinition(name=suite.name, data=batch, suite=suite)
    )
    result = vd.run(
        batch_parameters={"dataframe": frame},
        result_format={"result_format": "COMPLETE", "unexpected_index_column_names": [key]},
        # An explicit run_time: without it GX parses the run name as a date, and some hex suffixes
        # ("...Z-5991ad") read as a UTC offset over 24 h, which crashes the results store.
        run_id=RunIdentifier(run_name=docs.run_name, run_time=datetime.now(UTC))
        if docs is not None
        else None,
    )
    outcome = ValidationOutcome(passed=frame)
    bad: dict[str, Rejection] = {}
    for r in result.results:
        if r.success:
            continue
        cfg = r.expectation_config
        reason = (cfg.meta or {}).get("reason") if cfg is not None else None
        name = cfg.type if cfg is not None else "unknown"
        if r.exception_info and r.exception_info.get("raised_exception"):
            outcome.gate_failures.append(f"{name} raised: {r.exception_info.get('exception_message')}")
            continue
        if reason is None:
            outcome.gate_failures.append(f"{name} {cfg.kwargs if cfg else ''} failed")
            continue
        column = cfg.kwargs.get("column", "") if cfg is not None else ""
        for item in r.result.get("unexpected_index_list") or []:
            row_key = str(item[key])
            bad.setdefault(row_key, Rejection(row_key, reason, f"{name} on {column}"))
    outcome.rejected = list(bad.values())
    outcome.passed = frame[~frame[key].astype(str).isin(bad)].reset_index(drop=True)
    return outcome
