"""Crawl benchmark against loopback fault servers: politeness, caps, deadline, throughput, retries.

Run with `make bench-crawl`. Prints each figure beside bare httpx (the library under our fetcher)
on the same URLs in the same run.
"""

from __future__ import annotations

import contextlib
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from flows.crawl import crawl_source
from flows.settings import Politeness, Source
from tests.faultserver import FaultServer

HOSTS = 10
URLS_PER_HOST = 200
CAP = 10 << 20
BOMB_MB = 1024
DEADLINE = 5.0


def _child(mode: str, url: str) -> dict[str, object]:
    """Run bench.fetch_probe in a fresh process (so peak memory is the fetch's own)."""
    cmd = [sys.executable, "-m", "bench.fetch_probe", mode, url, str(CAP), str(DEADLINE)]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    lines = out.stdout.strip().splitlines()
    return json.loads(lines[-1]) if lines else {"error": out.stderr[-300:]}


def _listing(rng: random.Random, host: int) -> tuple[list[str], list[str]]:
    """(listed paths, article paths): 5% fail once with 503, 1% reset once, a few robots-disallowed."""
    listed, articles = [], []
    for i in range(URLS_PER_HOST):
        roll = rng.random()
        if roll < 0.05:
            path = f"/flaky/h{host}-{i}?fail=1&code=503"
        elif roll < 0.06:
            path = f"/flakydrop/h{host}-{i}?fail=1"
        else:
            path = f"/ok/h{host}-{i}"
        listed.append(path)
        articles.append(path.split("?")[0])
    listed += [f"/private/h{host}-{i}" for i in range(5)]
    return listed, articles


def bench_throughput(tmp: Path) -> None:
    """>= 2,000 URLs over 10 hosts, one source per host crawled concurrently, as the crawl flow does."""
    rng = random.Random(7)
    politeness = Politeness(delay_seconds=0.0, backoff_seconds=0.05, concurrency_per_host=1)
    servers = [FaultServer().__enter__() for _ in range(HOSTS)]
    try:
        plans = []
        for n, srv in enumerate(servers):
            listed, articles = _listing(rng, n)
            srv.listed = listed
            plans.append((srv, articles))
        sources = [
            Source(
                name=f"host{n}",
                sitemaps=[s.url("/sitemap.xml")],
                allow_private_hosts=True,
                politeness=politeness,
            )
            for n, s in enumerate(servers)
        ]
        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=HOSTS) as pool:
            results = list(pool.map(lambda src: crawl_source(src, tmp, "bench"), sources))
        wall = time.monotonic() - started
        rows = [r for rs in results for r in rs]
        fetched = sum(1 for r in rows if r["outcome"] is None)
        listed = sum(len(a) for _, a in plans)
        requests = sum(s.hits[p] for s, arts in plans for p in arts)
        disallowed = sum(v for s in servers for k, v in s.hits.items() if k.startswith("/private/"))
        max_active = max(s.max_active for s in servers)
        lost = listed + 5 * HOSTS - len(rows)

        # Peer: bare httpx, one client per host, no robots, no politeness, no retries.
        for s in servers:
            s.hits.clear()
        started = time.monotonic()

        def bare(plan: tuple[FaultServer, list[str]]) -> int:
            srv, arts = plan
            ok = 0
            with httpx.Client() as client:
                for p in arts:
                    with contextlib.suppress(httpx.HTTPError):
                        ok += client.get(srv.url(p)).status_code == 200
            return ok

        with ThreadPoolExecutor(max_workers=HOSTS) as pool:
            bare_ok = sum(pool.map(bare, plans))
        bare_wall = time.monotonic() - started
    finally:
        for s in servers:
            s.__exit__(None, None, None)
    print(f"throughput: {listed} article URLs on {HOSTS} loopback hosts (5% 5xx once, 1% reset once)")
    print(
        f"  newsetl crawl : {fetched}/{listed} fetched in {wall:.1f}s = {fetched / wall:.0f} pages/s; "
        f"requests per URL {requests / listed:.3f}; lost {lost}"
    )
    print(
        f"  bare httpx    : {bare_ok}/{listed} OK in {bare_wall:.1f}s = {bare_ok / bare_wall:.0f} pages/s "
        "(no robots, no retries, no archive)"
    )
    print(
        f"  robots-disallowed requests: {disallowed}; max concurrent requests per host: {max_active} "
        f"(setting {politeness.concurrency_per_host})"
    )


def bench_limits() -> None:
    """Bomb, huge page and drip feed: newsetl's fetcher beside bare httpx, each in a fresh process."""
    with FaultServer() as srv:
        srv.listed = []
        bomb = srv.url(f"/bomb/x?mb={BOMB_MB}")
        drip = srv.url("/drip/x?secs=20")
        _child("newsetl", srv.url(f"/bomb/warm?mb={BOMB_MB}"))  # the server builds the bomb once
        ours, peer = _child("newsetl", bomb), _child("httpx", bomb)
        print(f"gzip bomb ({BOMB_MB} MiB of zeros, cap {CAP >> 20} MiB):")
        print(
            f"  newsetl: decoded {ours.get('bytes')} bytes, too_large={ours.get('too_large')}, "
            f"peak RSS {ours.get('peak_rss_mb')} MB (growth {ours.get('rss_growth_mb')} MB; "
            f"limit cap + 64 MB = {(CAP >> 20) + 64} MB)"
        )
        print(
            f"  httpx  : decoded {peer.get('bytes')} bytes, peak RSS {peer.get('peak_rss_mb')} MB "
            f"(growth {peer.get('rss_growth_mb')} MB)"
        )
        ours, peer = _child("newsetl", drip), _child("httpx", drip)
        print(f"drip feed (1 byte / 0.1 s for 20 s, deadline {DEADLINE:.0f} s):")
        print(f"  newsetl: ended after {ours.get('seconds')} s ({ours.get('error')})")
        print(
            f"  httpx  : ended after {peer.get('seconds')} s ({peer.get('error')}; its timeouts are per read)"
        )


def main() -> None:
    """Run every crawl benchmark and print the figures."""
    with tempfile.TemporaryDirectory() as tmp:
        bench_throughput(Path(tmp))
    bench_limits()
    print(f"bench process peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
