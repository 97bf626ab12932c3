"""One fetch in a fresh process, reporting bytes, time and peak memory: `mode url cap deadline`."""

from __future__ import annotations

import json
import sys
import time
from urllib.parse import urlsplit

import httpx


def peak_rss_kb() -> int:
    """Peak RSS of this process image (ru_maxrss would include the parent that forked us)."""
    with open("/proc/self/status") as fh:
        return next(int(line.split()[1]) for line in fh if line.startswith("VmHWM"))


def main() -> None:
    """Fetch once with newsetl's fetcher or bare httpx and print one JSON line."""
    mode, url, cap, deadline = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
    before = peak_rss_kb()
    started = time.monotonic()
    out: dict[str, object]
    if mode == "newsetl":
        from flows.http import HttpFetcher
        from flows.settings import Politeness

        p = Politeness(
            max_body_bytes=cap, deadline_seconds=deadline, timeout_seconds=deadline, max_attempts=1
        )
        with HttpFetcher(p, private_hosts=frozenset({urlsplit(url).netloc})) as f:
            res = f.fetch(url)
        out = {"bytes": len(res.body), "error": res.error, "too_large": res.too_large}
    else:
        try:
            out = {"bytes": len(httpx.get(url, timeout=deadline).content), "error": None}
        except httpx.HTTPError as exc:
            out = {"bytes": None, "error": type(exc).__name__}
    out["seconds"] = round(time.monotonic() - started, 2)
    after = peak_rss_kb()
    out["peak_rss_mb"] = round(after / 1024, 1)
    out["rss_growth_mb"] = round((after - before) / 1024, 1)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
