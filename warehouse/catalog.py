"""The DuckDB catalog: views over each table's live Parquet files, plus analyst views from sql/."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

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


def view_sql(spec: TableSpec, files: list[str]) -> str:
    """CREATE VIEW over exactly the given files, with declared column types."""
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
        return f"CREATE OR REPLACE VIEW {spec.name} AS SELECT {cols} FROM {source}"
    nulls = ", ".join(f"CAST(NULL AS {duckdb_type(f.type)}) AS {f.name}" for f in spec.schema)
    return f"CREATE OR REPLACE VIEW {spec.name} AS SELECT {nulls} WHERE false"


def analyst_sql() -> list[tuple[str, str]]:
    """(name, SQL) of every analyst view, in file-name order."""
    folder = resources.files("warehouse") / "sql"
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".sql")), key=lambda f: f.name)
    return [(f.name.removesuffix(".sql"), f.read_text(encoding="utf-8")) for f in files]


def create_views(con: duckdb.DuckDBPyConnection, data_dir: Path) -> None:
    """Create table views and analyst views on a connection."""
    for spec in TABLES.values():
        con.execute(view_sql(spec, live_files(data_dir, spec)))
    for _, sql in analyst_sql():
        con.execute(sql)


def refresh_catalog(data_dir: Path) -> Path:
    """Rebuild the catalog in a temporary file and swap it in, so readers never see it half-built."""
    final = catalog_path(data_dir)
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = final.with_name(f".{CATALOG_NAME}.{os.getpid()}.tmp")
    # Temporary catalogs of killed publishers (any pid) are garbage; only one publisher runs at a time.
    for stale in final.parent.glob(f".{CATALOG_NAME}.*.tmp*"):
        stale.unlink(missing_ok=True)
    con = duckdb.connect(str(tmp))
    try:
        create_views(con, data_dir)
        con.execute("CHECKPOINT")
    finally:
        con.close()
    os.replace(tmp, final)
    return final


def sandboxed(data_dir: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory connection that can read the live table files and nothing else.

    Views are built as in the catalog; then file access is limited to those files and the
    configuration locked, so ad hoc SQL cannot read other files, write any, attach or install.
    """
    if not catalog_path(data_dir).exists():
        raise FileNotFoundError(
            f"no warehouse at {warehouse_dir(data_dir)}; run `newsetl demo` or `newsetl run` first"
        )
    con = duckdb.connect(
        ":memory:", config={"autoinstall_known_extensions": False, "autoload_known_extensions": False}
    )
    files = [f for spec in TABLES.values() for f in live_files(data_dir, spec)]
    if files:
        con.execute("SET allowed_paths = $files", {"files": files})
    con.execute("SET enable_external_access = false")
    create_views(con, data_dir)
    con.execute("SET lock_configuration = true")
    return con


def query(data_dir: Path, sql: str) -> tuple[list[str], list[tuple[object, ...]]]:
    """Run ad hoc SQL in the sandbox; returns column names and rows."""
    con = sandboxed(data_dir)
    try:
        rel = con.execute(sql)
        names = [d[0] for d in rel.description or []]
        return names, rel.fetchall()
    finally:
        con.close()
