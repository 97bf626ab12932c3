"""HTTP fetching: robots.txt, per-host delay, bounded bodies, checked redirects, retries with backoff."""

from __future__ import annotations

import ipaddress
import random
import socket
import threading
import time
import zlib
from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import urljoin, urlsplit

import httpx
from protego import Protego

from flows.settings import Politeness

RETRY_STATUSES = {408, 429, 500, 502, 503, 504}
ROBOTS_MAX_BYTES = 500_000
# We advertise only what we can decode with a bound; stacked encodings beyond two are refused.
ACCEPT_ENCODING = "gzip, deflate"
MAX_STACKED_ENCODINGS = 2
RETRYABLE_ERRORS = {"timeout", "connection_reset", "connect_error", "truncated"}


@dataclass
class FetchResult:
    """The outcome of fetching one URL (after redirects and retries)."""

    url: str
    final_url: str
    status: int | None = None
    reason: str = ""
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    attempts: int = 0
    requests: int = 0
    # Reason code when there is no usable response: timeout, connection_reset, truncated, ...
    error: str | None = None
    too_large: bool = False
    redirects: list[str] = field(default_factory=list)
    raw_ref: str | None = None
    replayed: bool = False
    request_headers: list[tuple[str, str]] = field(default_factory=list)

    @property
    def content_type(self) -> str | None:
        """The Content-Type header, if any."""
        return next((v for k, v in self.headers if k.lower() == "content-type"), None)


class Journal(Protocol):
    """Where fetches are archived, and replayed from when a killed run resumes."""

    def replay(self, url: str) -> FetchResult | None:
        """The archived result for a URL this run already fetched, if any."""

    def record(self, result: FetchResult) -> str:
        """Archive a fetch result; returns its raw ref."""


class PolicyError(Exception):
    """A URL the crawler must not fetch; the message is a skip reason code."""


def _is_private(addr: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    mapped = getattr(addr, "ipv4_mapped", None)
    addr = mapped or addr
    return bool(
        addr.is_private
        or addr.is_loopback
        or addr.is_link_local
        or addr.is_reserved
        or addr.is_multicast
        or addr.is_unspecified
    )


def check_url(url: str, *, private_ok: frozenset[str] = frozenset()) -> None:
    """Raise PolicyError unless the URL is http(s) and resolves to public addresses.

    Hosts in `private_ok` (a source's own hosts when it sets allow_private_hosts) may be private;
    every other host must be public, so a redirect cannot reach loopback or metadata services.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise PolicyError("scheme_not_allowed")
    if not parts.hostname or len(url) > 2083:
        raise PolicyError("invalid_url")
    if parts.netloc in private_ok or parts.hostname in private_ok:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 80, proto=socket.IPPROTO_TCP)
    except socket.gaierror as exc:
        raise PolicyError("dns_error") from exc
    if any(_is_private(ipaddress.ip_address(info[4][0])) for info in infos):
        raise PolicyError("private_address")


class _Decoder:
    """Content-Encoding decoding with a hard cap on output, applied as bytes arrive."""

    def __init__(self, encodings: list[str], cap: int) -> None:
        # Encodings are listed in the order applied, so they are undone in reverse.
        self.stages = [zlib.decompressobj(wbits=47) for _ in encodings]
        self.produced = [0] * len(encodings)
        self.cap = cap
        self.size = 0
        self.over = False

    def feed(self, data: bytes) -> bytes:
        """Decoded bytes for a raw chunk; sets `over` once the cap is passed."""
        for i, stage in enumerate(reversed(self.stages)):
            room = self.cap + 1 - self.produced[i]
            if room <= 0:
                self.over = True
                return b""
            data = stage.decompress(data, room)
            self.produced[i] += len(data)
            if stage.unconsumed_tail:
                self.over = True
        self.size += len(data)
        if self.size > self.cap:
            self.over = True
            data = data[: len(data) - (self.size - self.cap)]
        return data


class HttpFetcher:
    """Fetches URLs for one source, honouring its politeness settings and robots.txt."""

    def __init__(
        self,
        politeness: Politeness,
        *,
        private_hosts: frozenset[str] = frozenset(),
        journal: Journal | None = None,
    ) -> None:
        self.p = politeness
        self.journal = journal
        self.private_hosts = private_hosts
        self.client = httpx.Client(
            headers={"User-Agent": politeness.user_agent, "Accept-Encoding": ACCEPT_ENCODING},
            timeout=httpx.Timeout(politeness.timeout_seconds, connect=min(10.0, politeness.timeout_seconds)),
            follow_redirects=False,
        )
        self._robots: dict[str, Protego | bool] = {}
        self._next_allowed: dict[str, float] = {}
        # Worker threads share one fetcher: host timing, robots and in-flight slots are guarded.
        self._lock = threading.Lock()
        self._robots_lock = threading.Lock()
        self._slots: dict[str, threading.BoundedSemaphore] = {}

    def close(self) -> None:
        """Close the connection pool."""
        self.client.close()

    def __enter__(self) -> HttpFetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _wait_turn(self, host: str) -> None:
        """Block until the host may get its next request: starts are `delay` apart, in-flight capped."""
        delay = self.p.delay_seconds
        robots = self._robots.get(host)
        if isinstance(robots, Protego):
            crawl_delay = robots.crawl_delay(self.p.user_agent)
            if crawl_delay:
                delay = max(delay, float(crawl_delay))
        while True:
            with self._lock:
                wait = self._next_allowed.get(host, 0.0) - time.monotonic()
                if wait <= 0:
                    self._next_allowed[host] = time.monotonic() + delay
                    return
            time.sleep(wait)

    def _push_back(self, host: str, seconds: float) -> None:
        """Keep the whole host quiet for a while (429/503 with Retry-After)."""
        with self._lock:
            self._next_allowed[host] = max(self._next_allowed.get(host, 0.0), time.monotonic() + seconds)

    def _slot(self, host: str) -> threading.BoundedSemaphore:
        with self._lock:
            if host not in self._slots:
                self._slots[host] = threading.BoundedSemaphore(self.p.concurrency_per_host)
            return self._slots[host]

    def robots_block(self, url: str) -> str | None:
        """Why robots.txt forbids the URL, or None (RFC 9309: 4xx allows all; 5xx/no answer blocks)."""
        parts = urlsplit(url)
        host = parts.netloc
        with self._robots_lock:
            if host not in self._robots:
                self._load_robots(parts.scheme, host)
        verdict = self._robots[host]
        if verdict is False:
            return "robots_unavailable"
        if verdict is True or verdict.can_fetch(url, self.p.user_agent):
            return None
        return "robots_disallowed"

    def _load_robots(self, scheme: str, host: str) -> None:
        res = self.fetch(f"{scheme}://{host}/robots.txt", cap=ROBOTS_MAX_BYTES)
        if res.status is not None and 200 <= res.status < 300 and res.error is None:
            # An oversized robots.txt is read up to the cap, as RFC 9309 allows (500 KiB).
            self._robots[host] = Protego.parse(res.body.decode("utf-8", errors="replace"))
        elif res.status is not None and 400 <= res.status < 500 and res.error is None:
            self._robots[host] = True
        else:
            self._robots[host] = False

    def _fetch_once(
        self, url: str, *, cap: int | None = None, headers: dict[str, str] | None = None
    ) -> FetchResult:
        """One request chain (redirects followed, each hop checked), no retries."""
        cap = cap or self.p.max_body_bytes
        current = url
        result = FetchResult(url=url, final_url=url, attempts=1)
        deadline = time.monotonic() + self.p.deadline_seconds
        for _ in range(self.p.max_redirects + 1):
            try:
                check_url(current, private_ok=self.private_hosts)
            except PolicyError as exc:
                result.error = str(exc)
                return result
            host = urlsplit(current).netloc
            with self._slot(host):
                self._wait_turn(host)
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    result.error = "deadline_exceeded"
                    return result
                result.requests += 1
                result.final_url = current
                outcome = self._guarded_request(current, result, cap, deadline, remaining, headers)
            if outcome == "done":
                return result
            current = outcome
        result.error = "too_many_redirects"
        return result

    def _guarded_request(
        self,
        current: str,
        result: FetchResult,
        cap: int,
        deadline: float,
        remaining: float,
        headers: dict[str, str] | None,
    ) -> str:
        """One request with its errors mapped to reason codes; 'done' or the next URL to follow."""
        try:
            location = self._one_request(current, result, cap, deadline, remaining, headers)
        except httpx.TimeoutException:
            result.error = "deadline_exceeded" if time.monotonic() >= deadline - 0.05 else "timeout"
        except httpx.RemoteProtocolError as exc:
            # A peer that closes mid-body has sent a short (truncated) page, never a complete one.
            result.error = "truncated" if result.status is not None else "connection_reset"
            result.reason = result.reason or str(exc)[:200]
        except (httpx.ReadError, httpx.WriteError):
            result.error = "connection_reset"
        except httpx.ConnectError:
            result.error = "connect_error"
        except zlib.error:
            result.error = "bad_encoding"
        except httpx.HTTPError as exc:
            result.error = f"http_error:{type(exc).__name__}"
        else:
            if location is not None:
                result.redirects.append(location)
                return location
        return "done"

    def _one_request(
        self,
        url: str,
        result: FetchResult,
        cap: int,
        deadline: float,
        remaining: float,
        headers: dict[str, str] | None = None,
    ) -> str | None:
        """Send one GET into `result`; returns the redirect target, if any."""
        timeout = httpx.Timeout(min(self.p.timeout_seconds, remaining), connect=min(10.0, remaining))
        with self.client.stream("GET", url, timeout=timeout, headers=headers) as resp:
            result.status = resp.status_code
            result.reason = resp.reason_phrase
            result.headers = list(resp.headers.multi_items())
            result.request_headers = list(resp.request.headers.multi_items())
            result.body = b""
            result.error = None
            if resp.is_redirect and "location" in resp.headers:
                return urljoin(url, resp.headers["location"])
            encodings = [
                e.strip().lower()
                for e in resp.headers.get("content-encoding", "").split(",")
                if e.strip() and e.strip().lower() != "identity"
            ]
            if len(encodings) > MAX_STACKED_ENCODINGS or any(
                e not in ("gzip", "x-gzip", "deflate") for e in encodings
            ):
                result.error = "unsupported_encoding"
                return None
            decoder = _Decoder(encodings, cap)
            chunks: list[bytes] = []
            raw = 0
            for chunk in resp.iter_raw():
                raw += len(chunk)
                chunks.append(decoder.feed(chunk))
                if decoder.over or raw > cap:
                    result.too_large = True
                    break
                if time.monotonic() > deadline:
                    result.error = "deadline_exceeded"
                    return None
            result.body = b"".join(chunks)
            declared = resp.headers.get("content-length")
            if not result.too_large and declared and declared.isdigit() and raw < int(declared):
                result.error = "truncated"
        return None

    def fetch(
        self, url: str, *, cap: int | None = None, headers: dict[str, str] | None = None
    ) -> FetchResult:
        """Fetch (or replay from the journal), retrying 408/429/5xx, resets and truncation."""
        if self.journal is not None:
            old = self.journal.replay(url)
            if old is not None:
                return old
        res = self._fetch_with_retries(url, cap, headers)
        if self.journal is not None:
            res.raw_ref = self.journal.record(res)
        return res

    def _fetch_with_retries(self, url: str, cap: int | None, headers: dict[str, str] | None) -> FetchResult:
        """Jittered exponential backoff; Retry-After holds the whole host."""
        attempts = 0
        requests = 0
        while True:
            attempts += 1
            res = self._fetch_once(url, cap=cap, headers=headers)
            requests += res.requests
            res.attempts, res.requests = attempts, requests
            retryable = res.error in RETRYABLE_ERRORS or (res.error is None and res.status in RETRY_STATUSES)
            if not retryable or attempts >= self.p.max_attempts:
                return res
            pause = self.p.backoff_seconds * (2 ** (attempts - 1)) * (0.5 + random.random())
            retry_after = next((v for k, v in res.headers if k.lower() == "retry-after"), None)
            if retry_after and retry_after.strip().isdigit():
                wait = min(float(retry_after), self.p.max_retry_after_seconds)
                # The wait is kept per host, so other URLs of the host honour it too.
                self._push_back(urlsplit(res.final_url).netloc, wait)
            time.sleep(pause)
