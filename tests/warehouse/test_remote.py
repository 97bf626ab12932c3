"""Copies to object storage: order, idempotence, deletion of unreferenced files, interrupted copies."""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path
from typing import Any, ClassVar

import fsspec
import pandas as pd
import pytest
from deltalake import DeltaTable
from fsspec.implementations.local import LocalFileSystem

from transforms.reference import countries_frame
from warehouse import tables
from warehouse.catalog import CATALOG_NAME
from warehouse.raw import WarcArchive
from warehouse.remote import MANIFEST, RemoteError, publish_remote
from warehouse.schemas import COUNTRIES

COUNTRIES_DIR = "warehouse/countries"


class FlakyFileSystem(LocalFileSystem):
    """A local filesystem whose link goes down after `budget` writes (puts, pipes or deletes)."""

    protocol: ClassVar[tuple[str, ...]] = ("flaky",)  # type: ignore[misc]
    budget: ClassVar[int | None] = None

    def _tick(self) -> None:
        if FlakyFileSystem.budget is not None:
            if FlakyFileSystem.budget <= 0:
                raise ConnectionError("connection reset by peer")
            FlakyFileSystem.budget -= 1

    def put_file(self, lpath: Any, rpath: Any, **kwargs: Any) -> None:
        self._tick()
        super().put_file(lpath, rpath, **kwargs)

    def pipe_file(self, path: Any, value: Any, **kwargs: Any) -> None:
        self._tick()
        super().pipe_file(path, value, **kwargs)

    def rm(self, path: Any, recursive: bool = False, maxdepth: int | None = None) -> None:
        self._tick()
        super().rm(path, recursive=recursive, maxdepth=maxdepth)


fsspec.register_implementation("flaky", FlakyFileSystem, clobber=True)


def _countries(n: int) -> pd.DataFrame:
    return countries_frame().sort_values("iso3").head(n).reset_index(drop=True)


def _remote_rows(remote: Path) -> pd.DataFrame | None:
    """The countries table as a Delta reader of the copy sees it (None if it is no table yet)."""
    path = str(remote / COUNTRIES_DIR)
    if not DeltaTable.is_deltatable(path):
        return None
    return DeltaTable(path).to_pandas().sort_values("iso3").reset_index(drop=True)


def _warehouse(data: Path, n: int = 10) -> None:
    tables.replace(data, COUNTRIES, _countries(n))
    with WarcArchive(data, "raw/run-1/ingest.warc.gz") as warc:
        warc.write_resource("file:///tmp/page.html", "text/html", b"<p>hello</p>")
    # The catalog holds absolute local paths: never part of the copy.
    (data / "warehouse" / CATALOG_NAME).write_bytes(b"not for the remote")


def test_copy_equals_local_and_a_second_copy_uploads_nothing(tmp_path: Path) -> None:
    data, remote = tmp_path / "data", tmp_path / "remote"
    _warehouse(data)
    first = publish_remote(data, remote.as_uri())
    local = DeltaTable(str(data / COUNTRIES_DIR))
    pd.testing.assert_frame_equal(_remote_rows(remote), _countries(10), check_dtype=False)
    warc = "raw/run-1/ingest.warc.gz"
    assert (remote / warc).read_bytes() == (data / warc).read_bytes()
    assert not (remote / "warehouse" / CATALOG_NAME).exists()
    assert first.versions == {"countries": local.version()}
    assert first.uploaded[0] == "raw/run-1/ingest.warc.gz"  # raw_refs resolve before any table row
    assert first.uploaded[-1] == MANIFEST
    assert first.deleted == []

    again = publish_remote(data, remote.as_uri())
    assert (again.uploaded, again.deleted, again.bytes_uploaded) == ([], [], 0)
    assert again.skipped == len(first.uploaded)


def test_data_files_go_first_then_the_log_in_version_order_then_deletions(tmp_path: Path) -> None:
    data, remote = tmp_path / "data", tmp_path / "remote"
    _warehouse(data)
    publish_remote(data, remote.as_uri())
    old_files = {p.name for p in (remote / COUNTRIES_DIR).glob("*.parquet")}
    tables.replace(data, COUNTRIES, _countries(20))
    report = publish_remote(data, remote.as_uri())

    table = [p.removeprefix(COUNTRIES_DIR + "/") for p in report.uploaded if p.startswith(COUNTRIES_DIR)]
    data_files = [i for i, p in enumerate(table) if not p.startswith("_delta_log/")]
    log_files = [p.removeprefix("_delta_log/") for p in table if p.startswith("_delta_log/")]
    assert data_files
    assert data_files == list(range(len(data_files)))  # every data file before the log
    assert log_files
    assert log_files == sorted(log_files)  # 20-digit versions sort in version order
    assert not set(table) & old_files  # nothing uploaded twice
    assert report.deleted == [f"{COUNTRIES_DIR}/{name}" for name in sorted(old_files)]
    remote_files = {p.name for p in (remote / COUNTRIES_DIR).glob("*.parquet")}
    assert remote_files == {Path(p).name for p in tables.live_files(data, COUNTRIES)}
    pd.testing.assert_frame_equal(_remote_rows(remote), _countries(20), check_dtype=False)


def _iso3(frame: pd.DataFrame | None) -> list[str] | None:
    return None if frame is None else sorted(frame["iso3"])


@pytest.mark.parametrize(
    "history",
    [
        pytest.param([], id="first-copy"),
        pytest.param([10], id="one-run-since-the-last-copy"),
        # The run in between was never copied and its files are vacuumed: a checkpoint goes first.
        pytest.param([10, 20], id="two-runs-since-the-last-copy"),
    ],
)
def test_a_copy_stopped_anywhere_reads_as_a_committed_version(tmp_path: Path, history: list[int]) -> None:
    data, before = tmp_path / "data", tmp_path / "before"
    if history:
        _warehouse(data, history[0])
        publish_remote(data, before.as_uri())
        for n in [*history[1:], 30]:
            tables.replace(data, COUNTRIES, _countries(n))
    else:
        before.mkdir()
        _warehouse(data, 30)
    old, new = _iso3(_remote_rows(before)), _iso3(_countries(30))
    # The whole copy once, to count its writes: a failure is injected before each of them in turn.
    shutil.copytree(before, tmp_path / "probe")
    full = publish_remote(data, (tmp_path / "probe").as_uri())
    writes = len(full.uploaded) + bool(full.deleted)
    assert writes >= 4
    for budget in range(writes):
        remote = tmp_path / f"remote-{budget}"
        shutil.copytree(before, remote)
        FlakyFileSystem.budget = budget
        try:
            with pytest.raises(RemoteError, match="connection reset"):
                publish_remote(data, f"flaky://{remote}")
        finally:
            FlakyFileSystem.budget = None
        seen = _iso3(_remote_rows(remote))
        # A reader sees the table as it was, as it is now, or (first copy) no table or version 0.
        allowed = [old, new] if old is not None else [None, [], new]
        assert seen in allowed, f"stopped after {budget} writes, a reader sees {seen}"
        finished = publish_remote(data, remote.as_uri())  # running it again finishes the copy
        assert finished.uploaded == full.uploaded[budget:]  # and uploads nothing twice
        assert _iso3(_remote_rows(remote)) == new
        assert not list(remote.glob(".newsetl-tmp*"))


def test_a_remote_with_another_history_is_refused(tmp_path: Path) -> None:
    remote = tmp_path / "remote"
    _warehouse(tmp_path / "a", 10)
    publish_remote(tmp_path / "a", remote.as_uri())
    _warehouse(tmp_path / "b", 20)
    tables.replace(tmp_path / "b", COUNTRIES, _countries(25))
    with pytest.raises(RemoteError, match=r"countries there .* is not a copy of"):
        publish_remote(tmp_path / "b", remote.as_uri())
    pd.testing.assert_frame_equal(_remote_rows(remote), _countries(10), check_dtype=False)


def test_object_store_copy_skips_what_is_there_and_drops_what_is_unreferenced(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _warehouse(data)
    url = f"memory://newsetl-{uuid.uuid4().hex}"
    fs, root = fsspec.core.url_to_fs(url)
    publish_remote(data, url)
    assert publish_remote(data, url).uploaded == []
    tables.replace(data, COUNTRIES, _countries(20))
    report = publish_remote(data, url)
    assert len(report.deleted) == 1
    remote = {p.rsplit("/", 1)[1] for p in fs.find(f"{root}/{COUNTRIES_DIR}") if "_delta_log" not in p}
    assert remote == {Path(p).name for p in tables.live_files(data, COUNTRIES)}
    logs = {p.name for p in (data / COUNTRIES_DIR / "_delta_log").iterdir()}
    assert {p.rsplit("/", 1)[1] for p in fs.find(f"{root}/{COUNTRIES_DIR}/_delta_log")} == logs
    fs.rm(root, recursive=True)


def test_an_unusable_url_is_a_remote_error(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _warehouse(data)
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(RemoteError, match=r"copying .* failed"):
        publish_remote(data, (blocker / "newsetl").as_uri())
    with pytest.raises(RemoteError, match="nosuchproto"):
        publish_remote(data, "nosuchproto://bucket/newsetl")
