"""The DuckDB catalog: views over each table's live Parquet files, plus analyst views from sql/."""

from __future__ import annotations

import os
import re
import threading
import warnings
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from warehouse.schemas import TABLES, TableSpec
from warehouse.tables import live_files, warehouse_dir

CATALOG_NAME = "newsetl.duckdb"


def catalog_path(data_dir: Path) -> Path:
    """Where the DuckDB catalog file lives."""
    return warehouse_dir(data_dir) / CATALOG_NAME


def duckdb_type(t: pa.DataType) -> str:
    """DuckDB type name for an Arrow type used in our schemas."""
    if pa.types.is_string(t) or pa.types.is_large_string(t):
        return "VARCHAR"
    if pa.types.is_boolean(t):
        return "BOOLEAN"
    if pa.types.is_int32(t):
        return "INTEGER"
    if pa.types.is_int64(t):
        return "BIGINT"
    if pa.types.is_float64(t):
        return "DOUBLE"
    if pa.types.is_date32(t):
        return "DATE"
    if pa.types.is_timestamp(t):
        return "TIMESTAMP WITH TIME ZONE" if t.tz else "TIMESTAMP"
    if pa.types.is_list(t):
        return duckdb_type(t.value_type) + "[]"
    raise TypeError(f"no DuckDB type for {t}")


def _quote(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


# Catalog files stay readable by every DuckDB 1.x client and PyPI's duckdb-cli, not only by the
# DuckDB that wrote them.
STORAGE_VERSION = "v1.0.0"
# Defaults of the analyst connection (`newsetl sql`, `query`): a runaway query stops, not the host.
MEMORY_LIMIT = "2GB"
QUERY_TIMEOUT_S = 60.0
QUERY_STATEMENTS = frozenset({duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN})


def view_sql(spec: TableSpec, files: list[str], schema: str = "main") -> str:
    """CREATE VIEW over exactly the given files, with declared column types."""
    name = f"{schema}.{spec.name}"
    if files:
        schemas = [pq.read_schema(f) for f in files]
        present = set().union(*(s.names for s in schemas))
        # Files written before a column was declared lack it: the view shows it as null.
        cols = ", ".join(
            f"CAST({f.name if f.name in present else 'NULL'} AS {duckdb_type(f.type)}) AS {f.name}"
            for f in spec.schema
        )
        listing = ", ".join(_quote(f) for f in sorted(files))
        mixed = any(not s.equals(schemas[0]) for s in schemas[1:])
        source = f"read_parquet([{listing}]{', union_by_name = true' if mixed else ''})"
        return f"CREATE OR REPLACE VIEW {name} AS SELECT {cols} FROM {source}"
    nulls = ", ".join(f"CAST(NULL AS {duckdb_type(f.type)}) AS {f.name}" for f in spec.schema)
    return f"CREATE OR REPLACE VIEW {name} AS SELECT {nulls} WHERE false"


@dataclass(frozen=True)
class AnalystView:
    """One analyst view or table macro from warehouse/sql/."""

    name: str
    kind: str  # VIEW or MACRO
    about: str
    examples: list[str]
    sql: str


_CREATE = re.compile(r"CREATE OR REPLACE (VIEW|MACRO) (\w+)", re.IGNORECASE)


def analyst_views() -> list[AnalystView]:
    """Every analyst view and macro, in file-name order, with its documentation and examples."""
    folder = resources.files("warehouse") / "sql"
    out = []
    for f in sorted((f for f in folder.iterdir() if f.name.endswith(".sql")), key=lambda f: f.name):
        sql = f.read_text(encoding="utf-8")
        found = _CREATE.search(sql)
        if found is None:
            raise ValueError(f"warehouse/sql/{f.name} creates no view or macro")
        comments = [ln.removeprefix("--").strip() for ln in sql.splitlines() if ln.startswith("--")]
        examples = [c.removeprefix("Example:").strip() for c in comments if c.startswith("Example:")]
        about = " ".join(c for c in comments if not c.startswith("Example:"))
        out.append(AnalystView(found.group(2), found.group(1).upper(), about, examples, sql))
    return out


def create_views(con: duckdb.DuckDBPyConnection, data_dir: Path) -> None:
    """Table views in one schema per layer (bronze, silver, gold, meta, reference), the same names
    in main, and the analyst views and macros in main."""
    for spec in TABLES.values():
        con.execute(f"CREATE SCHEMA IF NOT EXISTS {spec.layer}")
        con.execute(view_sql(spec, live_files(data_dir, spec), spec.layer))
        # Unqualified names are what analysts type; the layer schema says where a table sits.
        con.execute(f"CREATE OR REPLACE VIEW main.{spec.name} AS SELECT * FROM {spec.layer}.{spec.name}")
    for view in analyst_views():
        con.execute(view.sql)


def refresh_catalog(data_dir: Path) -> Path:
    """Rebuild the catalog in a temporary file and swap it in, so readers never see it half-built."""
    final = catalog_path(data_dir)
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = final.with_name(f".{CATALOG_NAME}.{os.getpid()}.tmp")
    # Temporary catalogs of killed publishers (any pid) are garbage; only one publisher runs at a time.
    for stale in final.parent.glob(f".{CATALOG_NAME}.*.tmp*"):
        stale.unlink(missing_ok=True)
    con = duckdb.connect(":memory:")
    try:
        con.execute(f"ATTACH {_quote(str(tmp))} AS catalog (STORAGE_VERSION '{STORAGE_VERSION}')")
        con.execute("USE catalog")
        create_views(con, data_dir)
        con.execute("USE memory")
        con.execute("DETACH catalog")
    finally:
        con.close()
    os.replace(tmp, final)
    return final


class QueryError(Exception):
    """A query the analyst connection refused or could not finish, with a message for people."""


def connect(data_dir: Path, *, memory_limit: str = MEMORY_LIMIT) -> duckdb.DuckDBPyConnection:
    """A connection for ad hoc SQL that can read the warehouse folder and nothing else.

    Views are built in memory from the tables' live files, as in the catalog: right even for a
    warehouse copied elsewhere (the catalog holds absolute paths) or killed mid-publish. File
    access is limited to the warehouse directory, extensions cannot be installed or loaded, memory
    is capped and the configuration locked; `run_query` admits queries only.
    """
    path = catalog_path(data_dir)
    if not path.exists():
        raise FileNotFoundError(
            f"no warehouse at {warehouse_dir(data_dir)}; run `newsetl demo` or `newsetl run` first"
        )
    config: dict[str, str | bool | int | float | list[str]] = {
        "autoinstall_known_extensions": False,
        "autoload_known_extensions": False,
        "allow_community_extensions": False,
        "memory_limit": memory_limit,
    }
    con = duckdb.connect(":memory:", config=config)
    # Timestamps are stored in UTC; without this `published_at::DATE` would cut days in the
    # machine's local zone, and the locked configuration would keep users from changing it.
    con.execute("SET TimeZone = 'UTC'")
    create_views(con, data_dir)
    con.execute("SET allowed_directories = $dirs", {"dirs": [str(warehouse_dir(data_dir).resolve())]})
    con.execute("SET enable_external_access = false")
    con.execute("SET lock_configuration = true")
    return con


@dataclass(frozen=True)
class Result:
    """Column names, rows as Python values, and the same result as an Arrow table for files."""

    names: list[str]
    rows: list[tuple[Any, ...]]
    arrow: pa.Table | None


def run_query(
    con: duckdb.DuckDBPyConnection, sql: str, *, timeout_s: float = QUERY_TIMEOUT_S, arrow: bool = False
) -> Result:
    """Execute SQL and fetch its result; interrupt it after `timeout_s` seconds."""
    done = threading.Event()
    timed_out = threading.Event()

    def watchdog() -> None:
        if not done.wait(timeout_s):
            timed_out.set()
            con.interrupt()

    try:
        kinds = [s.type for s in con.extract_statements(sql)]
    except duckdb.Error as exc:
        raise QueryError(str(exc)) from exc
    # Allowed paths let DuckDB write as well as read them: COPY and friends never get that far.
    refused = [k.name for k in kinds if k not in QUERY_STATEMENTS]
    if refused:
        raise QueryError(
            "only queries run here (SELECT, WITH, FROM, DESCRIBE, SHOW, SUMMARIZE, EXPLAIN); "
            f"refused: {', '.join(refused)}"
        )
    guard = threading.Thread(target=watchdog, daemon=True)
    guard.start()
    try:
        cur = con.execute(sql)
        if cur.description is None:
            return Result([], [], None)
        names = [d[0] for d in cur.description]
        if arrow:
            with warnings.catch_warnings():
                # The copy it warns about is the one wanted: the rows go to a file.
                warnings.simplefilter("ignore", UserWarning)
                table = cur.to_arrow_table()
            return Result(names, [], table)
        return Result(names, cur.fetchall(), None)
    except duckdb.Error as exc:
        if timed_out.is_set():
            raise QueryError(f"query stopped after the {timeout_s:g} s time limit") from exc
        raise QueryError(_explain(exc)) from exc
    finally:
        done.set()


def _explain(exc: duckdb.Error) -> str:
    text = str(exc)
    if text.startswith("Permission Error"):
        return f"only the warehouse folder can be read: {text}"
    return text


def query(
    data_dir: Path, sql: str, *, timeout_s: float = QUERY_TIMEOUT_S
) -> tuple[list[str], list[tuple[object, ...]]]:
    """Run ad hoc SQL on the analyst connection; returns column names and rows."""
    con = connect(data_dir)
    try:
        result = run_query(con, sql, timeout_s=timeout_s)
        return result.names, result.rows
    finally:
        con.close()
