"""Run a table's GX suite on a frame: failing rows are split off with reasons; the rest gates the batch."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import great_expectations as gx
import pandas as pd
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


def _context(docs_dir: Path | None) -> Any:
    ctx: Any
    if docs_dir is None:
        ctx = gx.get_context(mode="ephemeral")
    else:
        ctx = gx.get_context(mode="file", project_root_dir=str(docs_dir))
    ctx.variables.progress_bars = ProgressBarsConfig(globally=False)
    return ctx


def validate_frame(
    frame: pd.DataFrame,
    spec: TableSpec,
    *,
    now: datetime | None = None,
    docs_dir: Path | None = None,
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
    ctx = _context(docs_dir)
    suite = suite_for(spec, now=now, unique_keys=key in spec.primary_key)
    suite = ctx.suites.add_or_update(suite)
    asset = ctx.data_sources.add_or_update_pandas("newsetl").add_dataframe_asset(spec.name)
    batch = asset.add_batch_definition_whole_dataframe("run")
    vd = ctx.validation_definitions.add_or_update(
        gx.ValidationDefinition(name=f"{spec.name}_run", data=batch, suite=suite)
    )
    result = vd.run(
        batch_parameters={"dataframe": frame},
        result_format={"result_format": "COMPLETE", "unexpected_index_column_names": [key]},
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
    if docs_dir is not None:
        ctx.build_data_docs()
    outcome.rejected = list(bad.values())
    outcome.passed = frame[~frame[key].astype(str).isin(bad)].reset_index(drop=True)
    return outcome
