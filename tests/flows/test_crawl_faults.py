"""Fault classes F1-F15 of RELIABILITY.md against a loopback fault server: outcome and ledger."""

from __future__ import annotations

import itertools
import socket
import time
from pathlib import Path
from typing import Any

import pytest

from flows.crawl import crawl_source
from flows.http import PolicyError, check_url
from flows.settings import Politeness, Source
from tests.faultserver import FaultServer
from warehouse.raw import read_ref

FAST = Politeness(
    delay_seconds=0.0,
    backoff_seconds=0.05,
    timeout_seconds=2.0,
    deadline_seconds=2.0,
    max_body_bytes=1 << 20,
    max_redirects=5,
    max_attempts=3,
)


def crawl(server: FaultServer, paths: list[str], tmp_path: Path, **source: Any) -> dict[str, dict[str, Any]]:
    """Crawl the listed paths; returns candidate rows by path and checks the ledger."""
    server.listed = paths
    src = Source(
        name="faults",
        sitemaps=[server.url("/sitemap.xml")],
        allow_private_hosts=True,
        politeness=source.pop("politeness", FAST),
        **source,
    )
    rows = crawl_source(src, tmp_path, "run1")
    by_path = {r["url"].removeprefix(server.base): r for r in rows}
    # Ledger: one row per listed URL, each with exactly one outcome (None = fetched, ready to parse).
    assert sorted(by_path) == sorted(set(paths))
    return by_path


@pytest.fixture
def server() -> Any:
    with FaultServer() as s:
        yield s


def test_f1_f2_5xx_retried_then_recovered_or_failed_after_three_tries(
    server: FaultServer, tmp_path: Path
) -> None:
    rows = crawl(server, ["/flaky/a?fail=2", "/status/503"], tmp_path)
    assert rows["/flaky/a?fail=2"]["outcome"] is None
    assert rows["/flaky/a?fail=2"]["attempts"] == 3
    assert (rows["/status/503"]["outcome"], rows["/status/503"]["reason"]) == ("fetch_failed", "http_503")
    assert server.hits["/status/503"] == 3


def test_f3_retry_after_keeps_the_host_quiet(server: FaultServer, tmp_path: Path) -> None:
    rows = crawl(server, ["/retry-after/a?secs=2"], tmp_path)
    assert rows["/retry-after/a?secs=2"]["outcome"] is None
    stamps = [t for p, t in server.times if p == "/retry-after/a"]
    assert len(stamps) == 2
    assert stamps[1] - stamps[0] >= 2.0


@pytest.mark.parametrize("code", [403, 404, 410])
def test_f4_client_errors_are_skipped_without_retry(server: FaultServer, tmp_path: Path, code: int) -> None:
    rows = crawl(server, [f"/status/{code}"], tmp_path)
    assert (rows[f"/status/{code}"]["outcome"], rows[f"/status/{code}"]["reason"]) == (
        "skipped",
        f"http_{code}",
    )
    assert server.hits[f"/status/{code}"] == 1


def test_f5_resets_and_refused_connections_fail_after_retries(server: FaultServer, tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed_port = s.getsockname()[1]  # nothing listens here once the socket closes
    rows = crawl(server, ["/drop/a"], tmp_path)
    assert (rows["/drop/a"]["outcome"], rows["/drop/a"]["reason"]) == ("fetch_failed", "connection_reset")
    assert server.hits["/drop/a"] == 3
    from flows.http import HttpFetcher

    with HttpFetcher(FAST, private_hosts=frozenset({f"127.0.0.1:{closed_port}"})) as f:
        res = f.fetch(f"http://127.0.0.1:{closed_port}/x")
    assert (res.error, res.attempts) == ("connect_error", 3)


def test_f6_short_body_is_never_parsed(server: FaultServer, tmp_path: Path) -> None:
    rows = crawl(server, ["/partial/a"], tmp_path)
    assert (rows["/partial/a"]["outcome"], rows["/partial/a"]["reason"]) == ("quarantined", "truncated_body")
    assert server.hits["/partial/a"] == 3


def test_f7_drip_feed_ends_within_deadline(server: FaultServer, tmp_path: Path) -> None:
    started = time.monotonic()
    rows = crawl(server, ["/drip/a?secs=8"], tmp_path)
    assert (rows["/drip/a?secs=8"]["outcome"], rows["/drip/a?secs=8"]["reason"]) == (
        "fetch_failed",
        "deadline_exceeded",
    )
    assert time.monotonic() - started <= FAST.deadline_seconds + 1.0


def test_f8_f9_oversized_bodies_and_bombs_stop_at_the_cap(server: FaultServer, tmp_path: Path) -> None:
    paths = ["/big/a?mb=5", "/bomb/b?mb=200", "/bomb/c?mb=50&layers=2"]
    rows = crawl(server, paths, tmp_path)
    for p in paths:
        assert (rows[p]["outcome"], rows[p]["reason"]) == ("quarantined", "too_large")
        kept = read_ref(tmp_path, rows[p]["raw_ref"]).body
        assert len(kept) <= FAST.max_body_bytes


def test_f10_redirect_loop_stops_at_the_cap(server: FaultServer, tmp_path: Path) -> None:
    rows = crawl(server, ["/loop/a"], tmp_path)
    assert (rows["/loop/a"]["outcome"], rows["/loop/a"]["reason"]) == ("fetch_failed", "too_many_redirects")
    assert server.hits["/loop/a"] == FAST.max_redirects + 1


def test_f11_f12_redirects_to_other_schemes_or_private_hosts_are_refused(
    server: FaultServer, tmp_path: Path
) -> None:
    with FaultServer("127.0.0.2") as sinkhole:
        paths = [
            "/redirect/a?to=file:///etc/passwd",
            "/redirect/b?to=ftp://127.0.0.1/x",
            f"/redirect/c?to={sinkhole.url('/ok/secret')}",
        ]
        rows = crawl(server, paths, tmp_path)
        assert sinkhole.hits == {}
    assert [rows[p]["reason"] for p in paths] == [
        "scheme_not_allowed",
        "scheme_not_allowed",
        "private_address",
    ]
    assert {rows[p]["outcome"] for p in paths} == {"skipped"}


@pytest.mark.parametrize(
    "url",
    ["http://169.254.169.254/latest", "http://10.0.0.1/", "http://[::ffff:127.0.0.1]/", "http://[::1]/"],
)
def test_f12_private_literals_are_refused_without_connecting(url: str) -> None:
    with pytest.raises(PolicyError, match="private_address"):
        check_url(url)


def test_f13_robots_disallow_is_obeyed(server: FaultServer, tmp_path: Path) -> None:
    rows = crawl(server, ["/private/a", "/ok/b"], tmp_path)
    assert (rows["/private/a"]["outcome"], rows["/private/a"]["reason"]) == ("skipped", "robots_disallowed")
    assert server.hits["/private/a"] == 0
    assert rows["/ok/b"]["outcome"] is None


def test_f13_robots_404_allows_and_5xx_blocks_everything(tmp_path: Path) -> None:
    with FaultServer(robots=(404, "")) as open_site:
        rows = crawl(open_site, ["/private/a"], tmp_path)
        assert rows["/private/a"]["outcome"] is None
    with FaultServer(robots=(503, "")) as down:
        down.listed = ["/ok/a"]
        src = Source(
            name="down", sitemaps=[down.url("/sitemap.xml")], allow_private_hosts=True, politeness=FAST
        )
        assert crawl_source(src, tmp_path, "run2") == []
        assert set(down.hits) == {"/robots.txt"}


def test_f14_page_budget_bounds_a_host(server: FaultServer, tmp_path: Path) -> None:
    paths = [f"/ok/day-{i}" for i in range(30)]
    rows = crawl(server, paths, tmp_path, max_pages=10)
    outcomes = [rows[p]["outcome"] for p in paths]
    assert outcomes.count(None) == 10
    assert {rows[p]["reason"] for p in paths if rows[p]["outcome"]} == {"page_budget"}
    assert sum(v for k, v in server.hits.items() if k.startswith("/ok/")) == 10


def test_f15_url_variants_are_fetched_once(server: FaultServer, tmp_path: Path) -> None:
    rows = crawl(server, ["/ok/a", "/ok/a?utm_source=rss&utm_medium=feed", "/pdf/r"], tmp_path)
    assert rows["/ok/a?utm_source=rss&utm_medium=feed"]["outcome"] == "duplicate_of"
    assert rows["/ok/a?utm_source=rss&utm_medium=feed"]["duplicate_of"] == rows["/ok/a"]["page_id"]
    assert server.hits["/ok/a"] == 1
    assert (rows["/pdf/r"]["outcome"], rows["/pdf/r"]["reason"]) == ("skipped", "not_html")


def test_unchanged_pages_keep_their_outcome_without_reparse(server: FaultServer, tmp_path: Path) -> None:
    first = crawl(server, ["/etag/a", "/ok/b"], tmp_path)
    assert first["/etag/a"]["etag"] == '"v1"'
    stored = {r["page_id"]: {**r, "outcome": "loaded", "article_id": f"art-{p}"} for p, r in first.items()}
    src = Source(
        name="faults", sitemaps=[server.url("/sitemap.xml")], allow_private_hosts=True, politeness=FAST
    )
    again = {r["url"].removeprefix(server.base): r for r in crawl_source(src, tmp_path, "run2", known=stored)}
    assert server.hits["304"] == 1  # the ETag was sent back and the server answered Not Modified
    for p in ("/etag/a", "/ok/b"):  # 304, and same bytes without validators
        assert again[p]["unchanged"] is True
        assert (again[p]["outcome"], again[p]["article_id"]) == ("loaded", f"art-{p}")
        assert again[p]["raw_ref"] == first[p]["raw_ref"]


def test_f14_link_following_is_bounded_by_depth_and_skips_traps(server: FaultServer, tmp_path: Path) -> None:
    src = Source(
        name="cal",
        start_urls=[server.url("/cal/0")],
        article_url_pattern=r"^/ok/",
        max_depth=2,
        allow_private_hosts=True,
        politeness=FAST,
    )
    rows = crawl_source(src, tmp_path, "run-cal")
    assert sorted(r["url"].removeprefix(server.base) for r in rows) == ["/ok/art-0", "/ok/art-1", "/ok/art-2"]
    assert {p for p in server.hits if p.startswith("/cal/")} == {"/cal/0", "/cal/1", "/cal/2"}
    assert not any(p.startswith("/rep/") for p in server.hits)


def test_f16_hosts_in_parallel_keep_their_own_concurrency_and_gap(tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    polite = Politeness(delay_seconds=0.05, concurrency_per_host=2, backoff_seconds=0.05)
    servers = [FaultServer() for _ in range(3)]
    for s in servers:
        s.__enter__()
        s.listed = [f"/slow/p{i}?secs=0.2" for i in range(20)]
    try:
        sources = [
            Source(
                name=f"h{n}", sitemaps=[s.url("/sitemap.xml")], allow_private_hosts=True, politeness=polite
            )
            for n, s in enumerate(servers)
        ]
        with ThreadPoolExecutor(max_workers=3) as pool:
            results = list(pool.map(lambda src: crawl_source(src, tmp_path, "run-load"), sources))
    finally:
        for s in servers:
            s.__exit__(None, None, None)
    assert all(r["outcome"] is None for rows in results for r in rows)
    assert [s.max_active for s in servers] == [2, 2, 2]  # used, never above the setting
    for s in servers:
        starts = sorted(t for p, t in s.times if p.startswith("/slow/"))
        # The client spaces starts 50 ms apart; arrival at the server can come a few ms closer
        # when the 2-core machine schedules one request late (44.96 ms was seen under CI load).
        assert min(b - a for a, b in itertools.pairwise(starts)) >= 0.04


def test_faults_through_the_whole_pipeline_leave_one_outcome_per_url_in_pages(tmp_path: Path) -> None:
    from flows.pipeline import pipeline_flow
    from warehouse.catalog import query

    paths = [f"/ok/s{i}" for i in range(8)] + [
        "/flaky/a?fail=1",
        "/status/503",
        "/status/404",
        "/partial/a",
        "/private/a",
        "/pdf/a",
        "/redirect/a?to=file:///etc/passwd",
        "/ok/s1?utm_source=x",
        "/short/a",
    ]
    with FaultServer() as server:
        server.listed = paths
        src = Source(
            name="faults", sitemaps=[server.url("/sitemap.xml")], allow_private_hosts=True, politeness=FAST
        )
        row = pipeline_flow(data_dir=tmp_path, mode="run", sources=[src])
    _, rows = query(tmp_path, "SELECT url, outcome, reason FROM pages")
    state = {u.removeprefix(server.base): (o, r) for u, o, r in rows}
    assert sorted(state) == sorted(paths)
    assert row["inputs"] == len(paths)
    assert state["/flaky/a?fail=1"] == ("loaded", None)
    assert state["/status/503"] == ("fetch_failed", "http_503")
    assert state["/status/404"] == ("skipped", "http_404")
    assert state["/partial/a"] == ("quarantined", "truncated_body")
    assert state["/private/a"] == ("skipped", "robots_disallowed")
    assert state["/pdf/a"] == ("skipped", "not_html")
    assert state["/redirect/a?to=file:///etc/passwd"] == ("skipped", "scheme_not_allowed")
    assert state["/ok/s1?utm_source=x"] == ("duplicate_of", "url_variant")
    assert state["/short/a"] == ("quarantined", "short_body")
    _, q = query(tmp_path, "SELECT reason_code, stage, raw_ref IS NOT NULL FROM quarantine ORDER BY 1")
    assert q == [("short_body", "validate", True), ("truncated_body", "crawl", True)]
