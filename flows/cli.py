"""The `newsetl` command line."""

from __future__ import annotations

import csv
import json
import logging
import os
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from flows.isolation import Limits
from flows.settings import default_data_dir, load_sources

if TYPE_CHECKING:
    import pyarrow as pa

# Set before Prefect is imported: the local server's telemetry heartbeat races its own SQLite
# database ("database is locked" tracebacks), and per-task "Finished" lines drown the stage logs.
# The ephemeral server's 20 s start limit failed a `make run` on a loaded 2-core machine.
for _key, _value in {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    "PREFECT_LOGGING_LOGGERS_PREFECT_TASK_RUNS_LEVEL": "WARNING",
    "GX_ANALYTICS_ENABLED": "false",
}.items():
    os.environ.setdefault(_key, _value)

app = typer.Typer(help="newsetl: news articles to an analytical warehouse.", no_args_is_help=True)
console = Console()
DataDir = Annotated[
    Path | None,
    typer.Option("--data-dir", help="Data folder (default $NEWSETL_DATA_DIR or ./data)."),
]
EXAMPLE_SQL = "SELECT host_name, visits, first_date, last_date FROM visits_per_country"


def _data_dir(value: Path | None) -> Path:
    return (value or default_data_dir()).resolve()


def _quiet_logs() -> None:
    for name in ("httpx", "httpcore", "great_expectations"):
        logging.getLogger(name).setLevel(logging.WARNING)


def _print_rows(names: list[str], rows: list[tuple[Any, ...]], fmt: str, title: str | None = None) -> None:
    if fmt == "json":
        for row in rows:
            print(json.dumps(dict(zip(names, row, strict=True)), default=str, ensure_ascii=False))
    elif fmt == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(names)
        writer.writerows(rows)
    else:
        table = Table(title=title)
        for n in names:
            table.add_column(n)
        for row in rows:
            table.add_row(*["" if v is None else str(v) for v in row])
        console.print(table)


def _summary(data_dir: Path, row: dict[str, Any]) -> None:
    from expectations.validate import DocsSite
    from warehouse.catalog import catalog_path, query
    from warehouse.report import write_report
    from warehouse.tables import warehouse_dir

    console.print(
        f"[bold]run {row['run_id']}[/]: {row['inputs']} inputs, {row['fetched']} pages fetched; "
        f"articles loaded {row['loaded']}, quarantined {row['quarantined']}, duplicates "
        f"{row['duplicates']}, skipped {row['skipped']}, fetch failed {row['fetch_failed']} "
        f"({row['unchanged']} unchanged since the last run, not re-parsed); "
        f"visit mentions {row['visits']}, visit events {row['events']}"
    )
    names, rows = query(data_dir, "SELECT * FROM visits_per_country")
    _print_rows(names, rows, "table", title="Russian delegation visits per country")
    console.print(f"Warehouse: {warehouse_dir(data_dir)}  (Parquet: {warehouse_dir(data_dir)}/<table>/)")
    console.print(f"DuckDB catalog: {catalog_path(data_dir)}")
    index = DocsSite.for_data(data_dir, str(row["run_id"])).index
    if index.exists():
        console.print(f"Data Docs (GX validation report): {index.as_uri()}")
    console.print(f'Try: newsetl sql "{EXAMPLE_SQL}" --data-dir {data_dir}')
    report = write_report(data_dir)
    console.print(f"Report: {report.path.as_uri()}", highlight=False)


_LIMITS = Limits()
ParseTimeout = Annotated[
    float, typer.Option("--parse-timeout", help="Seconds one document may take to parse (parse_timeout).")
]
ParseMemory = Annotated[
    int, typer.Option("--parse-memory-mb", help="Address-space limit of a parse worker, MB (parse_oom).")
]


TaskRunner = Annotated[
    str,
    typer.Option(
        "--task-runner",
        envvar="NEWSETL_TASK_RUNNER",
        help="threads (this machine's worker processes) or dask (parse and events on a Dask cluster).",
    ),
]
DaskAddress = Annotated[
    str | None,
    typer.Option(
        "--dask-address",
        envvar="NEWSETL_DASK_ADDRESS",
        help="Scheduler of an existing Dask cluster (tcp://host:8786); default: a LocalCluster per run.",
    ),
]
PublishTo = Annotated[
    str | None,
    typer.Option(
        "--publish-to",
        envvar="NEWSETL_PUBLISH_TO",
        help="After publishing, copy the tables and raw archive to this URL (s3://bucket/prefix; "
        "endpoint and keys from the AWS_* variables).",
    ),
]


def _runner(task_runner: str, dask_address: str | None) -> dict[str, Any]:
    """pipeline_flow's task runner arguments, checked."""
    if task_runner not in ("threads", "dask"):
        raise typer.BadParameter("use threads or dask", param_hint="--task-runner")
    if dask_address and task_runner != "dask":
        raise typer.BadParameter("--dask-address needs --task-runner dask", param_hint="--dask-address")
    return {"task_runner": task_runner, "dask_address": dask_address}


def _run(
    data_dir: Path, mode: str, timeout: float, memory_mb: int, publish_to: str | None = None, **kwargs: Any
) -> dict[str, Any]:
    from flows.local import RemoteInputError
    from flows.pipeline import pipeline_flow, runs_flow
    from flows.stages import GateError
    from warehouse.remote import RemoteError

    _quiet_logs()
    limits = Limits(timeout_s=timeout, memory_bytes=memory_mb * 2**20)
    per_run = int(kwargs.pop("files_per_run", 0) or 0)
    try:
        if per_run:
            # Consecutive published runs: memory stays that of one run, whatever the input size.
            rows = runs_flow(
                data_dir, files_per_run=per_run, parse_limits=limits, publish_to=publish_to, **kwargs
            )
            for done in rows[:-1]:
                console.print(
                    f"run {done['run_id']}: {done['inputs']} inputs, loaded {done['loaded']}, quarantined "
                    f"{done['quarantined']}, duplicates {done['duplicates']}",
                    highlight=False,
                )
            result: dict[str, Any] = rows[-1]
        else:
            result = pipeline_flow(
                data_dir=data_dir, mode=mode, parse_limits=limits, publish_to=publish_to, **kwargs
            )
    except GateError as exc:
        console.print(f"[red]{exc}[/]; the previous tables keep serving.", highlight=False)
        raise typer.Exit(1) from exc
    except RemoteInputError as exc:
        console.print(f"[red]{exc}[/]; nothing was published.", highlight=False)
        raise typer.Exit(1) from exc
    except RemoteError as exc:
        console.print(
            f"[red]{exc}[/]\nThe run is published locally in {data_dir}; only the copy failed. Run again "
            f"with --publish-to {publish_to}: files already copied are skipped.",
            highlight=False,
        )
        raise typer.Exit(1) from exc
    if publish_to:
        copied = result["published_to"]
        console.print(
            f"Copied to {publish_to}: {len(copied['uploaded'])} files uploaded "
            f"({copied['bytes_uploaded'] / 2**20:.1f} MiB), {copied['skipped']} already there, "
            f"{len(copied['deleted'])} no longer referenced deleted",
            highlight=False,
        )
    return result


@app.command()
def demo(
    data_dir: DataDir = None,
    timeout: ParseTimeout = _LIMITS.timeout_s,
    memory_mb: ParseMemory = _LIMITS.memory_bytes // 2**20,
    publish_to: PublishTo = None,
    task_runner: TaskRunner = "threads",
    dask_address: DaskAddress = None,
) -> None:
    """Serve the bundled demo site on 127.0.0.1 and run the whole pipeline against it."""
    from flows.demo_server import DEMO_DIR, DemoSite

    target = _data_dir(data_dir)
    with DemoSite() as site:
        console.print(f"Demo site: {len(site.outlets)} outlets on " + ", ".join(site.base_urls.values()))
        sources = load_sources(DEMO_DIR / "sources.toml", replacements=site.replacements())
        row = _run(
            target,
            "demo",
            timeout,
            memory_mb,
            publish_to,
            sources=sources,
            **_runner(task_runner, dask_address),
        )
    _summary(target, row)


@app.command()
def run(
    sources: Annotated[Path, typer.Option("--sources", help="TOML sources file.")] = Path(
        "sources/world.toml"
    ),
    data_dir: DataDir = None,
    timeout: ParseTimeout = _LIMITS.timeout_s,
    memory_mb: ParseMemory = _LIMITS.memory_bytes // 2**20,
    publish_to: PublishTo = None,
    task_runner: TaskRunner = "threads",
    dask_address: DaskAddress = None,
) -> None:
    """One run over the sources in a TOML file."""
    if not sources.exists():
        raise typer.BadParameter(f"no sources file at {sources}", param_hint="--sources")
    target = _data_dir(data_dir)
    row = _run(
        target,
        "run",
        timeout,
        memory_mb,
        publish_to,
        sources=load_sources(sources),
        **_runner(task_runner, dask_address),
    )
    _summary(target, row)


@app.command()
def ingest(
    paths: Annotated[
        list[str],
        typer.Argument(
            help=".html, .html.gz, .warc, .warc.gz, .txt, .jsonl files or folders, or URLs such as "
            "s3://bucket/dumps/*.warc.gz (a glob or a prefix names every object it matches)."
        ),
    ],
    data_dir: DataDir = None,
    timeout: ParseTimeout = _LIMITS.timeout_s,
    memory_mb: ParseMemory = _LIMITS.memory_bytes // 2**20,
    publish_to: PublishTo = None,
    task_runner: TaskRunner = "threads",
    dask_address: DaskAddress = None,
    files_per_run: Annotated[
        int,
        typer.Option(
            "--files-per-run",
            min=0,
            help="Split the inputs into consecutive runs of this many files, each published (0: one run).",
        ),
    ] = 0,
) -> None:
    """Run local files, or objects in a bucket, through the same pipeline."""
    from flows.local import RemoteInputError, expand_remote, is_url

    missing = [p for p in paths if not is_url(p) and not Path(p).exists()]
    if missing:
        raise typer.BadParameter(f"not found: {', '.join(missing)}")
    files: list[Path | str] = []
    for item in paths:
        if is_url(item):
            try:
                expand_remote(item)  # the run lists it again; here a bad URL stops before anything runs
            except RemoteInputError as exc:
                raise typer.BadParameter(str(exc)) from exc
            files.append(item)
            continue
        path = Path(item)
        files += sorted(x for x in path.rglob("*") if x.is_file()) if path.is_dir() else [path]
    target = _data_dir(data_dir)
    row = _run(
        target,
        "ingest",
        timeout,
        memory_mb,
        publish_to,
        paths=files,
        files_per_run=files_per_run,
        **_runner(task_runner, dask_address),
    )
    _summary(target, row)


@app.command()
def reparse(
    data_dir: DataDir = None,
    timeout: ParseTimeout = _LIMITS.timeout_s,
    memory_mb: ParseMemory = _LIMITS.memory_bytes // 2**20,
    task_runner: TaskRunner = "threads",
    dask_address: DaskAddress = None,
) -> None:
    """Rebuild articles, visits and events from the raw WARC archive, without network."""
    target = _data_dir(data_dir)
    row = _run(target, "reparse", timeout, memory_mb, **_runner(task_runner, dask_address))
    _summary(target, row)


@app.command()
def parse(
    paths: Annotated[list[Path], typer.Argument(help="HTML (.html, .html.gz) or text (.txt) files.")],
    url: Annotated[str | None, typer.Option(help="URL the page came from.")] = None,
    published: Annotated[str | None, typer.Option(help="Publication date (ISO 8601) for text input.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="jsonl")] = "jsonl",
) -> None:
    """Parse only: one JSON object per document on stdout."""
    import gzip

    from flows.parse_job import ParseJob, parse_document
    from transforms.parse import ParseFailure

    when = datetime.fromisoformat(published) if published else None
    for path in paths:
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        # The same dispatch as the parse stage, run in-process: this command is for one-off files.
        job = ParseJob(
            data_dir=path.parent,
            raw_ref=str(path),
            url=url or path.resolve().as_uri(),
            doc_kind="text" if path.name.endswith(".txt") else "html",
            listing_published_at=published,
        )
        res = parse_document(job, data, None)
        out: dict[str, Any] = {"path": str(path), "url": job.url}
        if isinstance(res, ParseFailure):
            out.update(error=res.reason, detail=res.detail)
        else:
            if res.published_at is None and when is not None:
                res.published_at, res.date_source, res.date_precision = when, "given", "day"
            pub = res.published_at
            out.update(
                title=res.title,
                subtitle=res.subtitle,
                authors=res.authors,
                agencies=res.agencies,
                published_at=pub.isoformat() if pub else None,
                date_source=res.date_source,
                language=res.language,
                image_caption=res.image_caption,
                image_credit=res.image_credit,
                text=res.text,
                parser=res.parser,
            )
        print(json.dumps(out, ensure_ascii=False))


@app.command()
def events(
    input_: Annotated[str, typer.Option("--input", help="JSON lines file, or - for stdin.")] = "-",
    fmt: Annotated[str, typer.Option("--format", help="jsonl")] = "jsonl",
) -> None:
    """Extract visit events from JSON lines {id, text, published_at?, title?, url?}."""
    from transforms.visit_events import event_records

    stream = sys.stdin if input_ == "-" else open(input_, encoding="utf-8")  # noqa: SIM115
    with stream:
        for lineno, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            try:
                doc = json.loads(line)
                text = doc["text"]
            except (ValueError, KeyError, TypeError) as exc:
                console.print(
                    f"[red]line {lineno}: needs a JSON object with 'text': {exc}[/]",
                    highlight=False,
                )
                raise typer.Exit(2) from exc
            for ev in event_records(doc.get("id", lineno), text, doc.get("published_at"), doc.get("title")):
                print(json.dumps(ev, ensure_ascii=False, default=str))


@app.command()
def sql(
    statement: Annotated[
        str | None, typer.Argument(help="SQL to run; without it, an interactive prompt.")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="table, csv or json (stdout)")] = "table",
    out: Annotated[
        Path | None, typer.Option("--out", help="Write the result to a .csv, .json or .parquet file.")
    ] = None,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds before a query is stopped.")] = 60.0,
    memory_limit: Annotated[str, typer.Option("--memory-limit", help="DuckDB memory cap.")] = "2GB",
    data_dir: DataDir = None,
) -> None:
    """Run SQL over the warehouse on a read-only connection that can read the warehouse and nothing else."""
    from warehouse.catalog import QueryError, connect, run_query

    if fmt not in ("table", "csv", "json"):
        raise typer.BadParameter("use table, csv or json", param_hint="--format")
    suffix = out.suffix.lower() if out else None
    if out is not None and suffix not in (".csv", ".json", ".parquet"):
        raise typer.BadParameter("the file must end in .csv, .json or .parquet", param_hint="--out")
    try:
        con = connect(_data_dir(data_dir), memory_limit=memory_limit)
    except FileNotFoundError as exc:
        console.print(f"[red]{exc}[/]", highlight=False)
        raise typer.Exit(1) from exc

    def one(text: str) -> bool:
        try:
            result = run_query(con, text, timeout_s=timeout, arrow=out is not None)
        except QueryError as exc:
            console.print(f"[red]{exc}[/]", highlight=False)
            return False
        if out is not None and result.arrow is not None:
            _write_result(result.arrow, out)
            console.print(f"wrote {result.arrow.num_rows} rows to {out}", highlight=False)
        else:
            _print_rows(result.names, result.rows, fmt)
        return True

    try:
        if statement is not None:
            if not one(statement):
                raise typer.Exit(1)
            return
        console.print("newsetl sql: read-only warehouse; end a query with ';', quit with .quit or Ctrl-D")
        buffer: list[str] = []
        while True:
            try:
                line = input("sql> " if not buffer else "...> ")
            except EOFError:
                break
            if not buffer and line.strip() in (".quit", ".exit", "quit", "exit"):
                break
            buffer.append(line)
            if line.rstrip().endswith(";"):
                one("\n".join(buffer))
                buffer = []
    finally:
        con.close()


def _write_result(table: pa.Table, out: Path) -> None:
    """Write an Arrow result to CSV, JSON lines or Parquet, atomically."""
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    if out.suffix.lower() == ".parquet":
        pq.write_table(table, tmp)
    elif out.suffix.lower() == ".csv":
        pacsv.write_csv(table, tmp)
    else:
        with tmp.open("w", encoding="utf-8") as fh:
            for row in table.to_pylist():
                fh.write(json.dumps(row, default=str, ensure_ascii=False) + "\n")
    tmp.replace(out)


@app.command()
def publish(
    data_dir: DataDir = None,
    run_id: Annotated[str | None, typer.Option("--run-id", help="One staged run (default: all).")] = None,
) -> None:
    """Publish runs that were staged but not published (killed while publishing), without Prefect."""
    from flows.stages import GateError, publish_staged, staged_runs

    target = _data_dir(data_dir)
    todo = [run_id] if run_id else staged_runs(target)
    if not todo:
        console.print("nothing to publish: no staged runs", highlight=False)
    for rid in todo:
        # The crash harness waits for this line before it picks its moment to kill.
        print(f"publishing run {rid}", flush=True)
        try:
            row = publish_staged(target, rid)
        except GateError as exc:
            console.print(f"[red]{exc}[/]; the previous tables keep serving.", highlight=False)
            raise typer.Exit(1) from exc
        _summary(target, row)


@app.command()
def validate(
    data_dir: DataDir = None,
    docs: Annotated[bool, typer.Option("--docs/--no-docs", help="Build the GX Data Docs site.")] = True,
) -> None:
    """Validate every current table with its GX suite; with --docs, rebuild the Data Docs site."""
    from expectations.validate import DocsSite, build_docs, validate_frame
    from warehouse.schemas import TABLES
    from warehouse.tables import read_table

    target = _data_dir(data_dir)
    site = DocsSite.for_data(target, "validate-" + datetime.now().strftime("%Y%m%dT%H%M%S"))
    failed = False
    for spec in TABLES.values():
        frame = read_table(target, spec)
        outcome = validate_frame(frame, spec, docs=site if docs else None)
        problems = outcome.gate_failures + [f"{r.key}: {r.reason} ({r.detail})" for r in outcome.rejected[:5]]
        failed |= bool(problems)
        state = "[green]ok[/]" if not problems else f"[red]{len(outcome.rejected)} rows fail[/]"
        console.print(f"{spec.name:14s} {len(frame):7d} rows  {state}")
        for problem in problems:
            console.print(f"    {problem}", highlight=False)
    if docs:
        console.print(f"Data Docs: {build_docs(site).as_uri()}")
    if failed:
        raise typer.Exit(1)


@app.command()
def check(data_dir: DataDir = None) -> None:
    """Verify the ledger on the current warehouse: every input in one state, each state backed by rows."""
    from warehouse.ledger import check as check_ledger

    target = _data_dir(data_dir)
    report = check_ledger(target)
    table = Table(title=f"Inputs through the stages ({report.inputs} in all)")
    for name in ("stage", "reached it", "stopped there", "passed on"):
        table.add_column(name, justify="left" if name == "stage" else "right")
    for stage, reached, stopped, passed in report.stages:
        table.add_row(stage, str(reached), str(stopped), str(passed))
    console.print(table)
    states = ", ".join(f"{k} {v}" for k, v in report.outcomes.items())
    console.print(f"terminal states: {states}", highlight=False)
    if not report.ok:
        for violation in report.violations:
            console.print(f"[red]FAIL[/] {violation}", highlight=False)
        raise typer.Exit(1)
    console.print(f"OK: all ledger invariants hold on {target / 'warehouse'}", highlight=False)


@app.command()
def report(
    data_dir: DataDir = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="Folder for index.html (default <data>/report).")
    ] = None,
    visitor: Annotated[str, typer.Option("--visitor", help="ISO 3166 alpha-3 code of the visitor.")] = "RUS",
) -> None:
    """Write the static HTML report: visits per country, per month, leaders, and data quality per run."""
    from warehouse.report import write_report

    target = _data_dir(data_dir)
    try:
        written = write_report(target, out, visitor=visitor)
    except (FileNotFoundError, ValueError) as exc:
        console.print(f"[red]{exc}[/]", highlight=False)
        raise typer.Exit(1) from exc
    left_out = f"; no data yet for {', '.join(written.empty)}" if written.empty else ""
    console.print(f"{len(written.charts)} charts{left_out}", highlight=False)
    console.print(f"Report: {written.path.as_uri()}", highlight=False)


@app.command()
def serve(
    cron: Annotated[
        str, typer.Option("--cron", help='When to run, a cron expression in UTC (e.g. "*/30 * * * *").')
    ] = "*/30 * * * *",
    sources: Annotated[Path | None, typer.Option("--sources", help="TOML sources file to crawl.")] = None,
    demo: Annotated[
        bool, typer.Option("--demo", help="Crawl the bundled demo site (served on 127.0.0.1 per run).")
    ] = False,
    data_dir: DataDir = None,
) -> None:
    """Serve the pipeline as a Prefect deployment on a schedule, one run at a time, until Ctrl-C."""
    from prefect.client.schemas.schedules import CronSchedule
    from prefect.settings import PREFECT_API_URL, PREFECT_UI_URL, temporary_settings

    from flows.serve import DEPLOYMENT, FLOW_NAME, serve_forever, start_local_server

    try:
        CronSchedule(cron=cron)
    except ValueError as exc:
        raise typer.BadParameter(f"not a cron expression: {cron!r}", param_hint="--cron") from exc
    if demo == (sources is not None):
        raise typer.BadParameter("give either --sources FILE or --demo", param_hint="--sources")
    if sources is not None and not sources.exists():
        raise typer.BadParameter(f"no sources file at {sources}", param_hint="--sources")
    target = _data_dir(data_dir)
    _quiet_logs()
    server = None
    api_url = PREFECT_API_URL.value()
    if not api_url:
        # Without an API every run would start its own throwaway server and the history would be lost.
        console.print("PREFECT_API_URL is not set: starting a local Prefect server in the background ...")
        server = start_local_server(target / "prefect")
        api_url = server.api_url
        os.environ["PREFECT_API_URL"] = api_url  # inherited by the runs this process starts
        console.print(
            f"Prefect server started at {api_url} (log: {server.log_path})", highlight=False, soft_wrap=True
        )
    ui = api_url.removesuffix("/api")
    console.print(
        f"Serving deployment {FLOW_NAME}/{DEPLOYMENT} on '{cron}' (UTC), one run at a time; "
        f"run history in the Prefect UI at {ui}; trigger now with: "
        f"prefect deployment run '{FLOW_NAME}/{DEPLOYMENT}'",
        highlight=False,
        soft_wrap=True,  # keep URLs on one line for terminals and log scrapers
    )
    try:
        with temporary_settings(updates={PREFECT_API_URL: api_url, PREFECT_UI_URL: ui}):
            serve_forever(target, cron, sources, demo)
    finally:
        if server is not None:
            server.stop()


if __name__ == "__main__":
    app()
