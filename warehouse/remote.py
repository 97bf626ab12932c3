"""A copy of the published warehouse and the raw archive on object storage (s3://, file://, memory://).

Runs commit locally; `publish_remote` then copies each Delta table so that a reader of the copy
always finds a committed version whose files are all there: data files first, then the log in
version order, and only then are the files the current version no longer uses deleted.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import fsspec
import pyarrow as pa
from deltalake import DeltaTable
from fsspec.implementations.local import LocalFileSystem

from warehouse.tables import warehouse_dir

MANIFEST = "manifest.json"
LAST_CHECKPOINT = "_last_checkpoint"
_COMMIT = re.compile(r"^(\d{20})\.json$")
_CHECKPOINT = re.compile(r"^(\d{20})\.checkpoint(?:\.\d+\.\d+)?\.parquet$")
# Where file:// copies are written before their rename; cleared at the start of each copy.
_TMP = ".newsetl-tmp"


class RemoteError(RuntimeError):
    """The remote could not be reached or written, or holds a table with another history."""


@dataclass
class RemoteReport:
    """What one copy did; `uploaded` is in upload order, paths relative to the URL."""

    url: str
    uploaded: list[str] = field(default_factory=list)
    skipped: int = 0
    deleted: list[str] = field(default_factory=list)
    bytes_uploaded: int = 0
    versions: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        """One line for logs and the CLI."""
        return (
            f"{len(self.uploaded)} files uploaded ({self.bytes_uploaded / 2**20:.1f} MiB), "
            f"{self.skipped} already there, {len(self.deleted)} no longer referenced deleted"
        )


def open_url(url: str, storage_options: Mapping[str, Any] | None = None) -> tuple[Any, str]:
    """(fsspec filesystem, root path without protocol) of a URL; a fresh client picks up the env."""
    try:
        fs, root = fsspec.core.url_to_fs(url, skip_instance_cache=True, **dict(storage_options or {}))
    except (ImportError, ValueError) as exc:
        raise RemoteError(f"{url}: {exc}") from exc
    return fs, str(root).rstrip("/")


def _log_key(name: str) -> tuple[int, int] | None:
    """(version, rank) ordering a log file after the commit of its version; None if not a log file."""
    if m := _COMMIT.match(name):
        return int(m.group(1)), 0
    if m := _CHECKPOINT.match(name):
        return int(m.group(1)), 1
    return None


@dataclass(frozen=True)
class _Local:
    """One local Delta table at the version being copied."""

    name: str
    path: Path
    version: int
    files: dict[str, int]  # relative path -> size of each data file the version references
    log: dict[str, int]  # log file name -> size, versions up to `version`


def _local_table(path: Path) -> _Local:
    dt = DeltaTable(str(path))
    version = dt.version()
    actions = pa.table(dt.get_add_actions(flatten=False))
    paths, sizes = actions.column("path").to_pylist(), actions.column("size_bytes").to_pylist()
    files = dict(zip(paths, sizes, strict=True))
    log: dict[str, int] = {}
    for entry in (path / "_delta_log").iterdir():
        key = _log_key(entry.name)
        # Later versions (a writer started meanwhile) wait for the next copy.
        if (key is not None and key[0] <= version) or entry.name == LAST_CHECKPOINT:
            log[entry.name] = entry.stat().st_size
    return _Local(path.name, path, version, files, log)


def _live_after(table: _Local, start: int, end: int) -> Iterable[set[str]]:
    """The data files of each version from `start` + 1 to `end`, read from the local log."""
    live: set[str] = set()
    if start >= 0:
        actions = pa.table(DeltaTable(str(table.path), version=start).get_add_actions(flatten=False))
        live = set(actions.column("path").to_pylist())
    for version in range(start + 1, end + 1):
        text = (table.path / "_delta_log" / f"{version:020d}.json").read_text(encoding="utf-8")
        for line in text.splitlines():
            action = json.loads(line) if line.strip() else {}
            if "add" in action:
                live.add(unquote(action["add"]["path"]))
            elif "remove" in action:
                live.discard(unquote(action["remove"]["path"]))
        yield live


class _Copy:
    """One copy to one remote root, and its report."""

    def __init__(self, fs: Any, root: str, url: str) -> None:
        self.fs = fs
        self.root = root
        self.report = RemoteReport(url)
        # A local directory gets each file under a temporary name and a rename, as S3 PUTs are
        # atomic: a reader never opens half a file.
        self.local = isinstance(fs, LocalFileSystem)
        self.tmp = f"{root}/{_TMP}"
        if self.local and fs.exists(self.tmp):
            fs.rm(self.tmp, recursive=True)  # left by a copy that was stopped

    def listing(self, rel: str) -> dict[str, int]:
        """Size of every remote file under `rel`, by path relative to it."""
        base = f"{self.root}/{rel}"
        found: dict[str, Any] = self.fs.find(base, detail=True)
        cut = len(base) + 1
        return {p[cut:]: int(info["size"]) for p, info in found.items() if p.startswith(base + "/")}

    def store(self, rel: str, write: Callable[[str], None], size: int) -> None:
        """Write one remote file through `write(path)`, atomically on a local directory too."""
        dest = f"{self.root}/{rel}"
        if self.local:
            self.fs.makedirs(self.tmp, exist_ok=True)
            self.fs.makedirs(self.fs._parent(dest), exist_ok=True)
            tmp = f"{self.tmp}/{uuid.uuid4().hex}"
            write(tmp)
            self.fs.mv(tmp, dest)
        else:
            write(dest)
        self.report.uploaded.append(rel)
        self.report.bytes_uploaded += size

    def put(self, local: Path, rel: str) -> None:
        self.store(rel, lambda dest: self.fs.put_file(str(local), dest), local.stat().st_size)

    def put_missing(self, local: Path, rel: str, remote_size: int | None) -> None:
        if remote_size == local.stat().st_size:
            self.report.skipped += 1
        else:
            self.put(local, rel)

    def raw(self, data_dir: Path) -> None:
        # First, so every raw_ref of the tables copied next already resolves on the remote.
        root = data_dir / "raw"
        if not root.exists():
            return
        remote = self.listing("raw")
        for path in sorted(p for p in root.rglob("*") if p.is_file() and not p.name.startswith(".")):
            rel = path.relative_to(root).as_posix()
            self.put_missing(path, f"raw/{rel}", remote.get(rel))

    def table(self, table: _Local) -> dict[str, int]:
        """Copy one table's data files, then its log; returns the remote data files found before."""
        rel = f"warehouse/{table.name}"
        remote = self.listing(rel)
        log = "_delta_log/"
        remote_log = {k.removeprefix(log): v for k, v in remote.items() if k.startswith(log)}
        remote_data = {k: v for k, v in remote.items() if not k.startswith(log)}
        remote_version = self._check_history(table, remote_log)
        for name in sorted(table.files):
            self.put_missing(table.path / name, f"{rel}/{name}", remote_data.get(name))
        todo = sorted(
            (n for n in table.log if n != LAST_CHECKPOINT and remote_log.get(n) != table.log[n]),
            key=lambda n: _log_key(n) or (0, 0),
        )
        first = self._checkpoint_first(table, remote_version, set(table.files) | set(remote_data))
        if first is not None:
            todo = [first, *(n for n in todo if n != first)]
        for name in todo:
            self.put(table.path / "_delta_log" / name, f"{rel}/_delta_log/{name}")
        self.report.skipped += len(table.log) - len(todo) - (LAST_CHECKPOINT in table.log)
        if LAST_CHECKPOINT in table.log:
            # Only a hint to readers, so it goes last; the one log file that changes in place.
            self.put_missing(
                table.path / "_delta_log" / LAST_CHECKPOINT,
                f"{rel}/_delta_log/{LAST_CHECKPOINT}",
                remote_log.get(LAST_CHECKPOINT),
            )
        self.report.versions[table.name] = table.version
        return remote_data

    def _check_history(self, table: _Local, remote_log: dict[str, int]) -> int:
        """The remote table's version (-1 if none); refuses a remote whose history is not the local one."""
        keys = {n: k for n in remote_log if (k := _log_key(n)) is not None}
        if not keys:
            return -1
        top = max(keys, key=lambda n: keys[n])
        version = keys[top][0]
        local = table.path / "_delta_log" / top
        if local.exists():
            remote = self.fs.cat_file(f"{self.root}/warehouse/{table.name}/_delta_log/{top}")
            same = version <= table.version and remote == local.read_bytes()
        else:
            # Delta drops commits older than its log retention (30 days) once a checkpoint covers
            # them: a version that old cannot be compared, only one that should still be here.
            oldest = min((k[0] for n in table.log if (k := _log_key(n)) is not None), default=0)
            same = version < oldest
        if not same:
            raise RemoteError(
                f"{self.report.url}: table {table.name} there (version {version}) is not a copy of "
                f"{table.path} (version {table.version}): another data dir or writer publishes to it; "
                "publish to a new URL or remove that table there"
            )
        return version

    def _checkpoint_first(self, table: _Local, remote_version: int, available: set[str]) -> str | None:
        """A checkpoint to upload before the commits when a version between would miss data files.

        Versions committed since the last copy may reference files vacuumed before this copy (runs
        published without a copy, or a first copy of a long history). A reader stops at the newest
        commit it sees, so such a version must never be the newest: a checkpoint of the current
        version, uploaded first, makes readers start there.
        """
        if remote_version >= table.version - 1:
            return None
        try:
            between = _live_after(table, remote_version, table.version - 1)
            servable = all(live <= available for live in between)
        except (OSError, ValueError, KeyError):
            servable = False  # the local log no longer holds those versions in JSON: checkpoint
        if servable:
            return None
        name = f"{table.version:020d}.checkpoint.parquet"
        if name not in table.log:
            DeltaTable(str(table.path), version=table.version).create_checkpoint()
            table.log[name] = (table.path / "_delta_log" / name).stat().st_size
            table.log[LAST_CHECKPOINT] = (table.path / "_delta_log" / LAST_CHECKPOINT).stat().st_size
        return name

    def manifest(self) -> None:
        # The cross-table view the local DuckDB catalog gives: each table's version as of this copy.
        versions = dict(sorted(self.report.versions.items()))
        body = json.dumps({"format": 1, "tables": versions}, indent=1).encode()
        dest = f"{self.root}/{MANIFEST}"
        if self.fs.exists(dest) and self.fs.cat_file(dest) == body:
            self.report.skipped += 1
            return
        self.store(MANIFEST, lambda path: self.fs.pipe_file(path, body), len(body))

    def delete(self, stale: list[str]) -> None:
        """Delete remote files (paths relative to the URL) in one request where the store allows."""
        if stale:
            self.fs.rm([f"{self.root}/{rel}" for rel in stale])
            self.report.deleted += stale
        if self.local and self.fs.exists(self.tmp):
            self.fs.rmdir(self.tmp)


def local_tables(data_dir: Path) -> list[Path]:
    """Folders of the Delta tables under the local warehouse."""
    root = warehouse_dir(data_dir)
    if not root.exists():
        return []
    return sorted(p for p in root.iterdir() if p.is_dir() and DeltaTable.is_deltatable(str(p)))


def publish_remote(
    data_dir: Path, url: str, storage_options: Mapping[str, Any] | None = None
) -> RemoteReport:
    """Copy the published tables and the raw archive to `url`; files already there are skipped.

    Order: raw WARC files; per table its data files then its log in version order; the manifest;
    last, remote data files the current versions no longer reference. Stopped anywhere, the copy
    still reads as a committed version of each table, and running it again finishes it.
    """
    fs, root = open_url(url, storage_options)
    tables = [_local_table(p) for p in local_tables(data_dir)]
    try:
        copy = _Copy(fs, root, url)
        copy.raw(data_dir)
        found = [copy.table(t) for t in tables]
        copy.manifest()
        # Only now does every remote table, and the manifest, stand at a version that no longer
        # references these files.
        copy.delete(
            sorted(
                f"warehouse/{table.name}/{name}"
                for table, remote_data in zip(tables, found, strict=True)
                for name in set(remote_data) - set(table.files)
            )
        )
    except RemoteError:
        raise
    except Exception as exc:  # s3fs, botocore and aiohttp errors alike: the message is what matters
        raise RemoteError(f"copying {data_dir} to {url} failed: {type(exc).__name__}: {exc}") from exc
    return copy.report
