"""A crawl killed with SIGKILL and restarted refetches nothing it had archived and loses nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from flows.crawl import crawl_source
from flows.settings import Politeness, Source
from tests.faultserver import FaultServer
from tests.paths import ROOT
from warehouse.raw import read_ref, scan

CHILD = """
import sys
from pathlib import Path
from flows.crawl import crawl_source
from flows.settings import Source
crawl_source(Source.model_validate_json(sys.argv[1]), Path(sys.argv[2]), "run-k")
"""


def test_killed_crawl_resumes_without_refetching(tmp_path: Path) -> None:
    with FaultServer() as server:
        pages = [f"/ok/story-{i}" for i in range(60)]
        server.listed = pages
        source = Source(
            name="killme",
            sitemaps=[server.url("/sitemap.xml")],
            allow_private_hosts=True,
            politeness=Politeness(delay_seconds=0.03, backoff_seconds=0.05),
        )
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, source.model_dump_json(), str(tmp_path)],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        deadline = time.monotonic() + 60
        while sum(server.hits[p] for p in pages) < 20 and time.monotonic() < deadline:
            time.sleep(0.01)
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        fetched_before = sum(server.hits[p] for p in pages)
        assert 20 <= fetched_before < len(pages)
        relpath = "raw/run-k/killme.warc.gz"
        archived, _ = scan(tmp_path / relpath, relpath)
        archived_pages = {u.removeprefix(server.base) for u in archived} & set(pages)
        assert len(archived_pages) >= fetched_before - 1  # at most the request in flight is lost

        rows = crawl_source(source, tmp_path, "run-k")

    assert server.hits["/robots.txt"] == 1
    assert server.hits["/sitemap.xml"] == 1
    # Nothing archived before the kill is fetched again; the one request in flight may be.
    assert {p: server.hits[p] for p in archived_pages} == dict.fromkeys(archived_pages, 1)
    assert all(server.hits[p] >= 1 for p in pages)
    assert sum(server.hits[p] for p in pages) <= len(pages) + 1
    assert sorted(r["url"].removeprefix(server.base) for r in rows) == sorted(pages)
    for r in rows:
        assert r["outcome"] is None
        assert b"Report story-" in read_ref(tmp_path, r["raw_ref"]).body
