"""Delta Lake tables: atomic commits, upserts that skip unchanged rows, vacuum after each publish."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.parquet as pq
from deltalake import DeltaTable, write_deltalake
from deltalake.transaction import AddAction, RemoveAction

from warehouse.schemas import TableSpec


def warehouse_dir(data_dir: Path) -> Path:
    """Folder holding every table and the DuckDB catalog."""
    return data_dir / "warehouse"


def table_path(data_dir: Path, spec: TableSpec) -> Path:
    """Folder of one Delta table."""
    return warehouse_dir(data_dir) / spec.name


def _table(data_dir: Path, spec: TableSpec) -> DeltaTable | None:
    path = table_path(data_dir, spec)
    return DeltaTable(str(path)) if DeltaTable.is_deltatable(str(path)) else None


def read_table(data_dir: Path, spec: TableSpec) -> pd.DataFrame:
    """The table's current rows with declared columns (empty if never written)."""
    dt = _table(data_dir, spec)
    return spec.empty_frame() if dt is None else _rows(dt, spec).to_pandas()


def read_arrow(data_dir: Path, spec: TableSpec) -> pa.Table:
    """The table's current rows with declared columns and types, as Arrow."""
    dt = _table(data_dir, spec)
    return spec.schema.empty_table() if dt is None else _rows(dt, spec)


def _rows(dt: DeltaTable, spec: TableSpec) -> pa.Table:
    return _conform(dt.to_pyarrow_table(), spec)


def _conform(arrow: pa.Table, spec: TableSpec) -> pa.Table:
    for column in spec.schema:
        if column.name not in arrow.column_names:
            # Schema evolution: a column added in a later version reads as NULL in older rows.
            # Only nullable columns may be added; anything else is drift and must fail loudly.
            if not column.nullable:
                raise ValueError(f"{spec.name}: stored table lacks required column {column.name!r}")
            arrow = arrow.append_column(column.name, pa.nulls(len(arrow), column.type))
    return arrow.select(spec.columns).cast(spec.schema)


def live_files(data_dir: Path, spec: TableSpec) -> list[str]:
    """Absolute paths of the Parquet files in the table's current version."""
    dt = _table(data_dir, spec)
    if dt is None:
        return []
    return [uri.removeprefix("file://") for uri in dt.file_uris()]


def _vacuum(dt: DeltaTable) -> None:
    # Readers use the current version only, so files it no longer references can go at once;
    # that keeps `pandas.read_parquet(<table dir>)` equal to the table. `full` also removes files
    # a killed writer left behind without committing them.
    dt.vacuum(retention_hours=0, enforce_retention_duration=False, dry_run=False, full=True)


def recover(data_dir: Path, specs: Iterable[TableSpec]) -> None:
    """Clean up after a publish killed midway: files outside each table's current version go."""
    for spec in specs:
        dt = _table(data_dir, spec)
        if dt is not None:
            _vacuum(dt)


def ensure_table(data_dir: Path, spec: TableSpec) -> None:
    """Create the table with its schema if it does not exist yet."""
    if _table(data_dir, spec) is None:
        table_path(data_dir, spec).mkdir(parents=True, exist_ok=True)
        write_deltalake(str(table_path(data_dir, spec)), spec.schema.empty_table(), mode="append")


def _normalised(frame: pd.DataFrame, spec: TableSpec, ignore: Iterable[str]) -> pd.DataFrame:
    cols = [c for c in spec.columns if c not in set(ignore)]
    arrow = spec.to_arrow(frame).select(cols)
    return pd.DataFrame({c: _cell_strings(arrow.column(c)) for c in cols})


def _cell_strings(column: pa.ChunkedArray) -> list[str | None]:
    """Each cell as a string both sides render alike: Arrow's cast for scalars, repr for nested values."""
    if pa.types.is_nested(column.type):
        return [repr(v) for v in column.to_pylist()]
    # Arrow's own cast renders a column at once; per-cell repr cost about a second per 5,000 rows.
    strings: list[str | None] = pc.cast(column, pa.string()).to_pylist()
    return strings


def changed_rows(
    current: pd.DataFrame, incoming: pd.DataFrame, spec: TableSpec, *, ignore: Iterable[str] = ()
) -> pd.DataFrame:
    """Incoming rows that are new or differ from the current row with the same key."""
    if incoming.empty:
        return incoming
    if current.empty:
        return incoming
    key = spec.primary_key
    # Only stored rows sharing a key with the incoming ones can match; the rest need no rendering.
    current = current[_key_strings(current, key).isin(set(_key_strings(incoming, key)))]
    if current.empty:
        return incoming
    cur = _normalised(current, spec, ignore)
    inc = _normalised(incoming, spec, ignore)
    cur_index = dict(zip(_key_strings(cur, key), cur.to_numpy().tolist(), strict=True))
    keys = _key_strings(inc, key)
    mask = [cur_index.get(k) != row for k, row in zip(keys, inc.to_numpy().tolist(), strict=True)]
    return incoming[pd.Series(mask, index=incoming.index)]


def _key_strings(frame: pd.DataFrame, key: list[str]) -> pd.Series:
    """One string per row for a (possibly composite) primary key."""
    if frame.empty:
        return pd.Series([], dtype=object, index=frame.index)
    # Column-wise concatenation: a row-wise join cost seconds per publish at 10,000 rows.
    joined = frame[key[0]].astype(str)
    for column in key[1:]:
        joined = joined + "|" + frame[column].astype(str)
    return joined


def compact(data_dir: Path, spec: TableSpec, *, max_files: int = 32) -> bool:
    """Merge the table's files into few in one commit once appends left more than `max_files`.

    Appends add a file per publish; every reader (DuckDB views, Parquet footers) pays per file.
    The replaced files stay until `recover`, like an upsert's with `vacuum=False`.
    """
    dt = _table(data_dir, spec)
    if dt is None or len(dt.file_uris()) <= max_files:
        return False
    dt.optimize.compact()
    return True


def upsert(
    data_dir: Path, spec: TableSpec, frame: pd.DataFrame, *, ignore: Iterable[str] = (), vacuum: bool = True
) -> int:
    """Insert new rows and update changed ones by primary key in one atomic commit; rows written.

    With `vacuum=False` the replaced files stay until `recover`: readers of the previous catalog
    keep working until the new one is swapped in.
    """
    spec.to_arrow(frame)  # refuse missing columns, nulls in keys and bad types before any I/O
    ensure_table(data_dir, spec)
    if frame.empty:
        return 0  # nothing to compare: the stored table need not be read
    key = spec.primary_key
    stored = _stored_keys(data_dir, spec)
    todo = _pending(data_dir, spec, frame, stored, ignore)
    if todo.empty:
        return 0
    if not _key_strings(todo, key).isin(stored).any():
        # Only new keys: an append is one atomic commit that rewrites nothing stored, so a
        # publish costs what the run brings, not what the warehouse holds.
        write_deltalake(str(table_path(data_dir, spec)), spec.to_arrow(todo[spec.columns]), mode="append")
        return len(todo)
    # Not Delta MERGE: deltalake's MERGE writes list<string_view> columns, which plain
    # `pandas.read_parquet` cannot load.
    rows = spec.to_arrow(todo[spec.columns])
    _rewrite(data_dir, spec, rows, key, _key_array(rows, key), vacuum=vacuum)
    return len(todo)


def _stored_keys(data_dir: Path, spec: TableSpec) -> set[str]:
    # Most runs bring mostly new keys: the stored keys alone tell which rows need comparing.
    return set(_key_strings(read_columns(data_dir, spec, spec.primary_key).to_pandas(), spec.primary_key))


def _pending(
    data_dir: Path, spec: TableSpec, frame: pd.DataFrame, stored: set[str], ignore: Iterable[str]
) -> pd.DataFrame:
    frame = frame.drop_duplicates(subset=spec.primary_key, keep="last")
    key = spec.primary_key
    shared = _key_strings(frame, key).isin(stored)
    if not shared.any():
        return frame
    # Only the stored rows that share a key are read.
    where = pc.field(key[0]).isin(frame.loc[shared, key[0]].unique().tolist())
    current = read_columns(data_dir, spec, spec.columns, where).to_pandas()
    return changed_rows(current, frame, spec, ignore=ignore)


def pending_rows(
    data_dir: Path, spec: TableSpec, frame: pd.DataFrame, *, ignore: Iterable[str] = ()
) -> pd.DataFrame:
    """The rows of keys an `upsert` with the same `ignore` would write: new keys, and stored rows that differ.

    Every row of such a key stays, repeats too, so a suite's uniqueness check still sees them.
    """
    if frame.empty:
        return frame
    todo = _pending(data_dir, spec, frame, _stored_keys(data_dir, spec), ignore)
    key = spec.primary_key
    return frame[_key_strings(frame, key).isin(set(_key_strings(todo, key)))]


def _same_rows(old: pa.Table, new: pa.Table, key: list[str]) -> bool:
    """Whether two tables hold the same rows in any order, compared in Arrow (no per-cell Python objects)."""
    if old.num_rows != new.num_rows:
        return False
    order = [(k, "ascending") for k in key]
    return bool(old.take(pc.sort_indices(old, order)).equals(new.take(pc.sort_indices(new, order))))


def replace(data_dir: Path, spec: TableSpec, frame: pd.DataFrame, *, vacuum: bool = True) -> bool:
    """Overwrite a derived table in one commit, unless its content is unchanged (see `upsert`)."""
    ensure_table(data_dir, spec)
    key = spec.primary_key
    new = frame.drop_duplicates(subset=key)
    table: pa.Table = spec.to_arrow(new)
    if _same_rows(read_columns(data_dir, spec, spec.columns), table, key):
        return False
    write_deltalake(str(table_path(data_dir, spec)), table, mode="overwrite", schema_mode="overwrite")
    dt = _table(data_dir, spec)
    assert dt is not None
    if vacuum:
        _vacuum(dt)
    return True


def read_columns(
    data_dir: Path, spec: TableSpec, columns: list[str], where: pc.Expression | None = None
) -> pa.Table:
    """Some columns of the table's current version, optionally filtered, without pandas."""
    files = live_files(data_dir, spec)
    if not files:
        return spec.schema.empty_table().select(columns)
    # The declared schema: files written before a column was added read it as nulls.
    return ds.dataset(files, format="parquet", schema=spec.schema).to_table(columns=columns, filter=where)


def append(data_dir: Path, spec: TableSpec, frame: pd.DataFrame) -> int:
    """Append rows whose primary key is not stored yet, in one atomic commit; rows written.

    For append-only tables too large to rewrite each run (the near-duplicate index).
    """
    table = spec.to_arrow(frame)
    ensure_table(data_dir, spec)
    key = spec.primary_key
    stored = read_columns(data_dir, spec, key)
    seen = set(zip(*(stored.column(k).to_pylist() for k in key), strict=True))
    fresh = []
    for i, k in enumerate(zip(*(table.column(k).to_pylist() for k in key), strict=True)):
        if k not in seen:  # a key twice in the frame is written once
            seen.add(k)
            fresh.append(i)
    if not fresh:
        return 0
    write_deltalake(str(table_path(data_dir, spec)), table.take(fresh), mode="append")
    return len(fresh)


def replace_rows(
    data_dir: Path,
    spec: TableSpec,
    frame: pd.DataFrame,
    column: str,
    values: Iterable[str],
    *,
    vacuum: bool = True,
) -> bool:
    """Replace the stored rows whose `column` is in `values` (and the frame's own) by `frame`, atomically.

    For derived tables a run changes in part (the stories and events it touches): one Delta commit
    rewrites only the files holding those rows, so a publish costs what the run touched, not the
    table. False when those rows are already exactly `frame`.
    """
    ensure_table(data_dir, spec)
    new = frame.drop_duplicates(subset=spec.primary_key)
    table: pa.Table = spec.to_arrow(new)
    keys = sorted(set(map(str, values)) | set(map(str, table.column(column).to_pylist())))
    if not keys:
        return False
    if _same_rows(
        read_columns(data_dir, spec, spec.columns, pc.field(column).isin(keys)), table, spec.primary_key
    ):
        return False
    _rewrite(data_dir, spec, table.cast(spec.schema), [column], pa.array(keys), vacuum=vacuum)
    return True


def _key_array(table: pa.Table, columns: list[str]) -> pa.ChunkedArray:
    """One string per row for a (possibly composite) key, rendered by Arrow's cast."""
    parts = [pc.cast(table.column(c), pa.string()) for c in columns]
    return parts[0] if len(parts) == 1 else pc.binary_join_element_wise(*parts, "|")


def _rewrite(
    data_dir: Path, spec: TableSpec, rows: pa.Table, columns: list[str], drop: pa.Array, *, vacuum: bool
) -> None:
    """One commit that adds `rows` and removes the stored rows whose `columns` render into `drop`.

    Only the files holding such rows are rewritten, batch by batch: memory follows a batch, not
    the table. deltalake's own overwrite held the whole table (1 GB more at 100,000 articles) and
    its predicate overwrite crashed (SIGSEGV) on an IN list of ~21,000 keys.
    """
    dt = _table(data_dir, spec)
    assert dt is not None
    if {f.name for f in dt.schema().fields} != set(spec.columns):
        # The stored schema predates a column: one full rewrite brings every file to the declared one.
        stored = read_arrow(data_dir, spec)
        kept = stored.filter(pc.invert(pc.is_in(_key_array(stored, columns), value_set=drop)))
        merged = pa.concat_tables([kept, rows])
        write_deltalake(str(table_path(data_dir, spec)), merged, mode="overwrite", schema_mode="overwrite")
    else:
        folder = table_path(data_dir, spec)
        now = int(time.time() * 1000)
        actions: list[AddAction | RemoveAction] = []
        files = pa.table(dt.get_add_actions(flatten=True)).select(["path", "size_bytes"]).to_pylist()
        for file in files:
            hit = pc.is_in(_key_array(pq.read_table(folder / file["path"], columns=columns), columns), drop)
            if not pc.any(hit).as_py():
                continue  # untouched files stay as they are
            actions.append(RemoveAction(file["path"], True, now, file["size_bytes"], {}))
            if not pc.all(hit).as_py():
                actions.append(_write_file(folder, spec, _kept(folder / file["path"], spec, columns, drop)))
        if rows.num_rows:
            actions.append(_write_file(folder, spec, iter([rows])))
        if actions:
            dt.create_write_transaction(actions, mode="append", schema=spec.schema)
    if vacuum:
        dt = _table(data_dir, spec)
        assert dt is not None
        _vacuum(dt)


def _kept(path: Path, spec: TableSpec, columns: list[str], drop: pa.Array) -> Iterator[pa.Table]:
    """The file's rows whose key is not in `drop`, a batch at a time, with the declared columns."""
    for batch in pq.ParquetFile(path).iter_batches(batch_size=8_192):
        part = _conform(pa.Table.from_batches([batch]), spec)
        yield part.filter(pc.invert(pc.is_in(_key_array(part, columns), value_set=drop)))


def _write_file(folder: Path, spec: TableSpec, parts: Iterator[pa.Table]) -> AddAction:
    """A new Parquet file in the table's folder, not yet committed (vacuum removes it if never)."""
    name = f"part-00000-{uuid.uuid4()}-c000.snappy.parquet"
    rows = 0
    with pq.ParquetWriter(folder / name, spec.schema, compression="snappy") as writer:
        for part in parts:
            writer.write_table(part)
            rows += part.num_rows
    stat = (folder / name).stat()
    stats = json.dumps({"numRecords": rows})
    return AddAction(name, stat.st_size, {}, int(stat.st_mtime * 1000), True, stats)
