"""The static HTML report: one visitor's delegation visits and per-run data quality, from the warehouse."""

from __future__ import annotations

import html
import json
import math
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import altair as alt
import pandas as pd

from warehouse.catalog import connect

REPORT_DIRNAME = "report"
TOP_LEADERS = 15
CHART_WIDTH = 400  # plus labels and legend, two charts fit side by side in the page's 1180 px
RECENT_EVENTS = 20
RECENT_RUNS = 30
# Outcome order and colours are fixed so the same outcome looks the same in every run and report.
OUTCOME_COLOURS = {
    "loaded": "#2e7d32",
    "duplicates": "#90a4ae",
    "quarantined": "#d84315",
    "skipped": "#fbc02d",
    "fetch_failed": "#6a1b9a",
}


@dataclass
class Report:
    """What was written: the page, and the ids of the charts it draws (a chart with no data is left out)."""

    path: Path
    charts: list[str] = field(default_factory=list)
    empty: list[str] = field(default_factory=list)


def report_dir(data_dir: Path) -> Path:
    """Default folder of the report: <data>/report."""
    return data_dir / REPORT_DIRNAME


def _frames(data_dir: Path, visitor: str) -> dict[str, pd.DataFrame]:
    con = connect(data_dir)
    try:
        sql = {
            "countries": "SELECT host_country, host_name, visits, mentions, first_date, last_date "
            "FROM visits_by_country($1) WHERE visits > 0 ORDER BY visits DESC, host_country",
            "timeline": "SELECT month, host_country, coalesce(host_name, host_country) AS host_name, visits "
            "FROM visits_timeline WHERE visitor_country = $1 ORDER BY month",
            "leaders": "SELECT leader_name, leader_title, visits, countries, "
            "array_to_string(hosts, ', ') AS hosts, first_date, last_date "
            f" FROM delegation_leaders WHERE visitor_country = $1 LIMIT {TOP_LEADERS}",
            "events": "SELECT e.start_date, coalesce(c.name, e.host_country) AS host, e.city, e.leader_name, "
            "e.leader_title, e.status, e.mention_count, e.source_count FROM visit_events e "
            "LEFT JOIN countries c ON c.iso3 = e.host_country WHERE e.visitor_country = $1 "
            f"ORDER BY e.start_date DESC NULLS LAST, e.event_id LIMIT {RECENT_EVENTS}",
            "name": "SELECT name FROM countries WHERE iso3 = $1",
        }
        out = {key: con.execute(text, [visitor]).df() for key, text in sql.items()}
        out["runs"] = con.execute(
            "SELECT run_id, mode, started_at, finished_at, status, message, inputs, fetched, loaded, "
            "quarantined, duplicates, skipped, fetch_failed, unchanged, visits, events "
            f"FROM runs ORDER BY started_at DESC LIMIT {RECENT_RUNS}"
        ).df()
        out["reasons"] = con.execute(
            "SELECT reason_code, stage, count(*) AS inputs FROM quarantine GROUP BY ALL ORDER BY inputs DESC"
        ).df()
        out["totals"] = con.execute(
            "SELECT (SELECT count(*) FROM articles) AS articles, "
            "(SELECT count(*) FROM visit_events) AS events"
        ).df()
    finally:
        con.close()
    return out


def _iso(value: Any) -> Any:
    if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
        return None
    return value.isoformat() if hasattr(value, "isoformat") else value


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Dates and timestamps as ISO strings: Vega-Lite reads them and JSON carries them unchanged."""
    out = frame.copy()
    for name in out.columns:
        if out[name].dtype == object or str(out[name].dtype).startswith("datetime"):
            out[name] = [_iso(v) for v in out[name]]
    return out


def _counts_axis(largest: float) -> alt.Axis:
    """An axis of whole numbers up to `largest`: Vega's nice ticks would put 0.5 visits on small counts."""
    top = max(1, int(largest))
    step = max(1, math.ceil(top / 8))
    return alt.Axis(values=list(range(0, top + step, step)), format="d")


def _charts(frames: dict[str, pd.DataFrame], visitor_name: str) -> dict[str, alt.Chart]:
    charts: dict[str, alt.Chart] = {}
    countries = _plain(frames["countries"])
    if not countries.empty:
        charts["visits-per-country"] = (
            alt.Chart(countries, title=f"{visitor_name}: visits per host country")
            .mark_bar(color="#1565c0")
            .encode(
                x=alt.X(
                    "visits:Q",
                    title="visits (each counted once)",
                    axis=_counts_axis(countries["visits"].max()),
                ),
                y=alt.Y("host_name:N", sort="-x", title=None),
                tooltip=["host_name", "visits", "mentions", "first_date", "last_date"],
            )
            .properties(width=CHART_WIDTH, height=alt.Step(22))
        )
    timeline = _plain(frames["timeline"])
    if not timeline.empty:
        charts["visits-timeline"] = (
            alt.Chart(timeline, title=f"{visitor_name}: visits per month")
            .mark_bar()
            .encode(
                x=alt.X("yearmonth(month):T", title="month"),
                y=alt.Y(
                    "sum(visits):Q",
                    title="visits",
                    axis=_counts_axis(timeline.groupby("month")["visits"].sum().max()),
                ),
                color=alt.Color("host_name:N", title="host", legend=alt.Legend(labelLimit=170)),
                tooltip=[alt.Tooltip("yearmonth(month):T", title="month"), "host_name", "sum(visits):Q"],
            )
            .properties(width=CHART_WIDTH, height=220)
        )
    leaders = _plain(frames["leaders"])
    if not leaders.empty:
        charts["top-leaders"] = (
            alt.Chart(leaders, title=f"Who led {visitor_name} delegations (top {TOP_LEADERS})")
            .mark_bar(color="#00838f")
            .encode(
                x=alt.X("visits:Q", title="visits led", axis=_counts_axis(leaders["visits"].max())),
                y=alt.Y("leader_name:N", sort="-x", title=None),
                tooltip=["leader_name", "leader_title", "visits", "hosts", "first_date", "last_date"],
            )
            .properties(width=CHART_WIDTH, height=alt.Step(22))
        )
    runs = frames["runs"]
    if not runs.empty:
        long = runs.assign(
            run=[f"{t:%Y-%m-%d %H:%M} {m}" for t, m in zip(runs["started_at"], runs["mode"], strict=True)]
        )
        long = long[["run", "run_id", *OUTCOME_COLOURS]].melt(
            id_vars=["run", "run_id"], var_name="outcome", value_name="inputs"
        )
        charts["run-quality"] = (
            alt.Chart(long, title="Inputs per run by terminal state")
            .mark_bar()
            .encode(
                x=alt.X("sum(inputs):Q", title="inputs", axis=alt.Axis(format="d")),
                y=alt.Y("run:N", sort="descending", title=None),
                color=alt.Color(
                    "outcome:N",
                    scale=alt.Scale(domain=list(OUTCOME_COLOURS), range=list(OUTCOME_COLOURS.values())),
                    title="state",
                ),
                order=alt.Order("outcome_rank:Q"),
                tooltip=["run_id", "outcome", "inputs"],
            )
            .transform_calculate(outcome_rank=f"indexof({json.dumps(list(OUTCOME_COLOURS))}, datum.outcome)")
            .properties(width=CHART_WIDTH, height=alt.Step(20))
        )
    reasons = frames["reasons"]
    if not reasons.empty:
        charts["quarantine-reasons"] = (
            alt.Chart(reasons, title="Quarantined inputs by reason code")
            .mark_bar(color=OUTCOME_COLOURS["quarantined"])
            .encode(
                x=alt.X(
                    "sum(inputs):Q",
                    title="inputs",
                    axis=_counts_axis(reasons.groupby("reason_code")["inputs"].sum().max()),
                ),
                y=alt.Y("reason_code:N", sort="-x", title=None),
                tooltip=["reason_code", "stage", "inputs"],
            )
            .properties(width=CHART_WIDTH, height=alt.Step(22))
        )
    return charts


def _cell(value: Any) -> str:
    if _iso(value) is None:
        return ""
    if isinstance(value, pd.Timestamp):
        # DuckDB DATE columns arrive as midnight timestamps: show them as the dates they are.
        if value.tzinfo is None and value == value.normalize():
            return str(value.date().isoformat())
        return f"{value:%Y-%m-%d %H:%M %Z}".strip()
    return str(value)


def _table(frame: pd.DataFrame, columns: list[str] | None = None) -> str:
    """An HTML table with every value escaped: the cells hold text scraped from the web."""
    frame = frame[columns] if columns else frame
    if frame.empty:
        return '<p class="empty">None yet.</p>'
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    rows = []
    for record in frame.itertuples(index=False):
        cells = "".join(f"<td>{html.escape(_cell(v))}</td>" for v in record)
        rows.append(f"<tr>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _script_json(value: Any) -> str:
    # JSON inside <script>: "</" and "<!--" in scraped names must not end or comment out the script.
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")


def _vega_bundle(out_dir: Path) -> str:
    """File name of the Vega-Embed bundle next to the report, written once per Vega-Lite version."""
    import vl_convert as vlc
    from altair.utils._importers import vl_version_for_vl_convert

    version = vl_version_for_vl_convert()
    name = f"vega-embed-vl{version}.js"
    target = out_dir / name
    if not target.exists():
        # Inlined rather than loaded from a CDN: the report must open offline and from file://.
        tmp = target.with_name(f".{name}.tmp")
        # No snippet: the default one puts vegaEmbed on window for the page's own script.
        bundle = vlc.javascript_bundle(None, vl_version=version)  # type: ignore[arg-type]
        tmp.write_text(bundle, encoding="utf-8")
        tmp.replace(target)
    return name


CSS = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 1180px; color: #222;
       padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
.sub { color: #666; margin-top: 0; } .figures { display: flex; gap: 1rem; flex-wrap: wrap; margin: 1rem 0; }
.figure { border: 1px solid #ddd; border-radius: 6px; padding: .6rem 1rem; min-width: 9rem; }
.figure b { display: block; font-size: 1.5rem; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(560px, 1fr)); gap: 1.5rem; }
.chart { min-height: 120px; }
table { border-collapse: collapse; font-size: 13px; margin-top: .5rem; }
th, td { border-bottom: 1px solid #e3e3e3; padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: #f6f6f6; } .empty { color: #888; } footer { margin-top: 2rem; color: #777; font-size: 13px; }
"""


def _page(
    frames: dict[str, pd.DataFrame],
    specs: dict[str, dict[str, Any]],
    visitor: str,
    visitor_name: str,
    bundle: str,
    docs_link: str | None,
    now: datetime,
) -> str:
    totals = frames["totals"].iloc[0]
    runs = frames["runs"]
    last = runs.iloc[0] if not runs.empty else None
    countries = frames["countries"]
    esc = html.escape
    figures = [
        ("articles in the warehouse", int(totals["articles"])),
        ("visit events (all visitors)", int(totals["events"])),
        (f"{visitor} visits that happened", int(countries["visits"].sum()) if not countries.empty else 0),
        (f"host countries of {visitor}", len(countries)),
    ]
    if last is not None:
        figures.append(("inputs in the last run", int(last["inputs"])))
    boxes = "".join(f'<div class="figure"><b>{value}</b>{esc(label)}</div>' for label, value in figures)
    charts = "".join(f'<div class="chart" id="{cid}"></div>' for cid in specs)
    last_line = (
        f"Last run {esc(str(last['run_id']))} ({esc(str(last['mode']))}, {esc(str(last['status']))}) "
        f"finished {last['finished_at']:%Y-%m-%d %H:%M UTC}."
        if last is not None
        else "No run has been published yet."
    )
    docs = (
        f'<a href="{esc(docs_link)}">Great Expectations Data Docs</a> (every suite and every validation run)'
        if docs_link
        else "No Great Expectations Data Docs yet: they are written by each run to &lt;data&gt;/docs."
    )
    run_table = _table(
        frames["runs"],
        [
            "run_id",
            "mode",
            "status",
            "inputs",
            "loaded",
            "quarantined",
            "duplicates",
            "skipped",
            "fetch_failed",
            "unchanged",
            "visits",
            "events",
            "message",
        ],
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>newsetl report: {esc(visitor_name)} delegation visits</title>
<style>{CSS}</style>
<script src="{esc(bundle)}"></script>
</head><body>
<h1>{esc(visitor_name)} delegation visits</h1>
<p class="sub">newsetl warehouse report, written {now:%Y-%m-%d %H:%M UTC}. {last_line}</p>
<div class="figures">{boxes}</div>
<div class="grid">{charts}</div>
<h2>Latest {esc(visitor_name)} visits</h2>
{_table(frames["events"])}
<h2>Delegation leaders</h2>
{_table(frames["leaders"])}
<h2>Data quality per run</h2>
<p>{docs}. Quarantined inputs keep a pointer to their raw bytes in the <code>quarantine</code> table.</p>
{run_table}
<h2>Quarantined inputs by reason</h2>
{_table(frames["reasons"])}
<footer>Counts come from the warehouse views <code>visits_by_country</code>, <code>visits_timeline</code>,
<code>delegation_leaders</code> and the <code>runs</code> and <code>quarantine</code> tables; the same SQL
answers in <code>newsetl sql</code>.</footer>
<script>
const specs = {_script_json(specs)};
const drawn = [];
for (const [id, spec] of Object.entries(specs)) {{
  const actions = {{export: true, source: false, compiled: false, editor: false}};
  const options = {{renderer: "svg", actions: actions}};
  drawn.push(vegaEmbed("#" + id, spec, options)
    .then(() => document.getElementById(id).setAttribute("data-drawn", "yes"))
    .catch((err) => {{ document.getElementById(id).textContent = "chart failed: " + err; }}));
}}
Promise.all(drawn).then(() => document.body.setAttribute("data-charts-drawn", String(drawn.length)));
</script>
</body></html>
"""


def write_report(
    data_dir: Path, out_dir: Path | None = None, *, visitor: str = "RUS", now: datetime | None = None
) -> Report:
    """Write <out_dir>/index.html (default <data>/report) from the published warehouse, atomically."""
    out_dir = out_dir or report_dir(data_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    visitor = visitor.upper()
    frames = _frames(data_dir, visitor)
    names = frames["name"]["name"]
    if not len(names):
        raise ValueError(f"unknown country code {visitor!r}: use ISO 3166 alpha-3, such as RUS")
    visitor_name = str(names.iloc[0])
    charts = _charts(frames, visitor_name)
    specs = {cid: chart.to_dict() for cid, chart in charts.items()}
    docs_index = data_dir / "docs" / "index.html"
    docs_link = Path(os.path.relpath(docs_index, out_dir)).as_posix() if docs_index.exists() else None
    page = _page(
        frames, specs, visitor, visitor_name, _vega_bundle(out_dir), docs_link, now or datetime.now(UTC)
    )
    target = out_dir / "index.html"
    tmp = target.with_name(".index.html.tmp")
    tmp.write_text(page, encoding="utf-8")
    tmp.replace(target)
    every = ["visits-per-country", "visits-timeline", "top-leaders", "run-quality", "quarantine-reasons"]
    return Report(target, list(specs), [c for c in every if c not in specs])
