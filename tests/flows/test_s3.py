"""Inputs from and tables to S3, against moto's S3 server on 127.0.0.1: the real pipeline both ways."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import fsspec
import pandas as pd
import pytest
from deltalake import DeltaTable
from moto.server import ThreadedMotoServer
from typer.testing import CliRunner

from flows.cli import app
from flows.demo_server import SITE_DIR
from flows.local import RemoteInputError, expand_remote
from flows.pipeline import pipeline_flow
from warehouse.catalog import CATALOG_NAME
from warehouse.ledger import check
from warehouse.raw import WarcArchive, read_ref
from warehouse.remote import MANIFEST, RemoteError, local_tables, publish_remote
from warehouse.schemas import ARTICLES, PAGES, RUNS
from warehouse.tables import read_table

BUCKET = "newsetl-test"
TARGET = f"s3://{BUCKET}/newsetl"
INPUTS = [f"s3://{BUCKET}/dumps/*.warc.gz", f"s3://{BUCKET}/pages/"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def s3(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Moto's S3 on a free loopback port, the standard AWS variables pointing at it, one bucket."""
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    with pytest.MonkeyPatch.context() as env:
        for key, value in {
            "AWS_ENDPOINT_URL": f"http://127.0.0.1:{port}",  # s3fs (botocore) and deltalake alike
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_REGION": "us-east-1",
            "AWS_ALLOW_HTTP": "true",  # deltalake refuses plain http endpoints without it
        }.items():
            env.setenv(key, value)
        client = boto3.client("s3")
        client.create_bucket(Bucket=BUCKET)
        folder = tmp_path_factory.mktemp("s3-inputs")
        with WarcArchive(folder, "crawl.warc.gz") as warc:
            warc.write_response(
                "https://sahelpost.example/news/a.html",
                200,
                "OK",
                [("Content-Type", "text/html; charset=utf-8")],
                next((SITE_DIR / "sahelpost/news").glob("*bangui*.html")).read_bytes(),
            )
        client.upload_file(str(folder / "crawl.warc.gz"), BUCKET, "dumps/crawl.warc.gz")
        page = next((SITE_DIR / "moscowcourier/2025/10/14").glob("*.html"))
        client.put_object(Bucket=BUCKET, Key="pages/page.html", Body=page.read_bytes())
        client.put_object(Bucket=BUCKET, Key="pages/report.pdf", Body=b"%PDF-1.4")
        client.put_object(Bucket=BUCKET, Key="pages/dump.jsonl", Body=b"not json at all\n")
        yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture(scope="module")
def published(s3: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """(data dir, run row) of one ingest from S3 published to S3."""
    data_dir = tmp_path_factory.mktemp("s3-data")
    return data_dir, pipeline_flow(data_dir=data_dir, mode="ingest", paths=INPUTS, publish_to=TARGET)


def _remote(rel: str) -> str:
    return f"{TARGET}/{rel}"


def _delta(path: str) -> pd.DataFrame:
    return DeltaTable(path).to_pyarrow_table().to_pandas()


def test_objects_are_ingested_under_their_urls(published: tuple[Path, dict[str, Any]]) -> None:
    data_dir, row = published
    pages = read_table(data_dir, PAGES).set_index("url")
    assert pages.loc[f"s3://{BUCKET}/pages/page.html", "outcome"] == "loaded"
    assert pages.loc["https://sahelpost.example/news/a.html", "outcome"] == "loaded"
    pdf = pages.loc[f"s3://{BUCKET}/pages/report.pdf"]
    assert (pdf["outcome"], pdf["reason"]) == ("skipped", "unsupported_file_type")
    assert pdf["raw_ref"] == f"s3://{BUCKET}/pages/report.pdf"  # provenance, not the local spool
    bad = pages.loc[f"s3://{BUCKET}/pages/dump.jsonl#line=1"]
    assert (bad["outcome"], bad["reason"]) == ("quarantined", "parse_error")
    assert read_ref(data_dir, bad["raw_ref"]).body == b"not json at all"  # archived: the spool goes
    assert row["inputs"] == 4
    assert not (data_dir / "staging" / row["run_id"]).exists()  # the spool went with the staging
    report = check(data_dir)
    assert report.ok, report.violations


def test_remote_tables_equal_the_local_ones(published: tuple[Path, dict[str, Any]]) -> None:
    data_dir, row = published
    assert row["published_to"]["uploaded"]
    for path in local_tables(data_dir):
        local = DeltaTable(str(path))
        remote = DeltaTable(_remote(f"warehouse/{path.name}"))
        assert remote.version() == local.version()
        pd.testing.assert_frame_equal(_delta(remote.table_uri), _delta(str(path)), obj=path.name)
    # Plain Parquet readers through s3fs see the same rows: only live files are left there.
    for spec in (PAGES, ARTICLES):
        local_rows = pd.read_parquet(data_dir / "warehouse" / spec.name).sort_values(spec.primary_key)
        remote_rows = pd.read_parquet(_remote(f"warehouse/{spec.name}")).sort_values(spec.primary_key)
        pd.testing.assert_frame_equal(remote_rows.reset_index(drop=True), local_rows.reset_index(drop=True))
    fs, root = fsspec.core.url_to_fs(TARGET, skip_instance_cache=True)
    manifest = json.loads(fs.cat_file(f"{root}/{MANIFEST}"))
    assert manifest["tables"] == {p.name: DeltaTable(str(p)).version() for p in local_tables(data_dir)}
    assert not fs.exists(f"{root}/warehouse/{CATALOG_NAME}")
    # Every raw_ref resolves in the copy of the raw archive.
    ref = read_table(data_dir, ARTICLES)["raw_ref"].iloc[0]
    warc = ref.rpartition("#")[0]
    assert fs.cat_file(f"{root}/{warc}") == (data_dir / warc).read_bytes()
    assert read_ref(data_dir, ref).body


def test_a_failed_copy_keeps_the_local_publish_and_the_next_copy_sends_only_what_is_new(
    published: tuple[Path, dict[str, Any]],
) -> None:
    data_dir, row = published
    again = publish_remote(data_dir, TARGET)
    assert (again.uploaded, again.deleted) == ([], [])
    before = {p.name: _delta(_remote(f"warehouse/{p.name}")) for p in local_tables(data_dir)}
    with pytest.raises(RemoteError, match="bucket does not exist"):
        pipeline_flow(data_dir=data_dir, mode="ingest", paths=INPUTS, publish_to="s3://no-such-bucket/x")
    assert list(read_table(data_dir, RUNS)["status"]) == ["published", "published"]  # the local run stands
    assert len(_delta(_remote(f"warehouse/{RUNS.name}"))) == 1

    uploaded = publish_remote(data_dir, TARGET).uploaded
    # The manifest names the new `runs` version; no other file goes up a second time.
    assert set(uploaded) & set(row["published_to"]["uploaded"]) == {MANIFEST}
    # Unchanged inputs change no table but `runs`: no new data files elsewhere.
    assert {p.split("/")[1] for p in uploaded if p.endswith(".parquet") and "_delta_log" not in p} == {
        RUNS.name
    }
    for name, frame in before.items():
        if name != RUNS.name:
            pd.testing.assert_frame_equal(_delta(_remote(f"warehouse/{name}")), frame, obj=name)
    assert len(_delta(_remote(f"warehouse/{RUNS.name}"))) == 2


def test_missing_bucket_or_object_is_a_clear_error(s3: str) -> None:
    with pytest.raises(RemoteInputError, match="bucket does not exist"):
        expand_remote("s3://no-such-bucket/dumps/*.warc.gz")
    with pytest.raises(RemoteInputError, match="not found"):
        expand_remote(f"s3://{BUCKET}/pages/missing.html")
    with pytest.raises(RemoteInputError, match="no objects match"):
        expand_remote(f"s3://{BUCKET}/dumps/*.jsonl")
    res = CliRunner().invoke(app, ["ingest", "s3://no-such-bucket/page.html"])
    assert res.exit_code == 2
    assert "bucket does not exist" in res.output
    assert "Traceback" not in res.output
