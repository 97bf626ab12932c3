"""HTTP fetching: robots.txt, per-host delay, bounded bodies, checked redirects, retries with backoff."""

from __future__ import annotations

import ipaddress
import random
import socket
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx
from protego import Protego

from flows.settings import Politeness

RETRY_STATUSES = {408, 429, 500, 502, 503, 504}
ROBOTS_MAX_BYTES = 500_000


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
    error: str | None = None  # reason code when no usable response: timeout, connect_error, ...
    truncated: bool = False

    @property
    def content_type(self) -> str | None:
        """The Content-Type header, if any."""
        return next((v for k, v in self.headers if k.lower() == "content-type"), None)


class PolicyError(Exception):
    """A URL the crawler must not fetch; the message is a skip reason code."""


def check_url(url: str, *, allow_private: bool) -> None:
    """Raise PolicyError for a non-http(s) URL or one resolving to a private address."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise PolicyError("scheme_not_allowed")
    if not parts.hostname:
        raise PolicyError("invalid_url")
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 80, proto=socket.IPPROTO_TCP)
    except socket.gaierror as exc:
        raise PolicyError("dns_error") from exc
    for info in infos:
        addr = ipaddress.ip_address(info[4][0])
        mapped = getattr(addr, "ipv4_mapped", None)
        addr = mapped or addr
        if addr.is_private or addr.is_loopback or addr.is_link_local or addr.is_reserved:
            raise PolicyError("private_address")


class HttpFetcher:
    """Fetches URLs for one source, honouring its politeness settings and robots.txt."""

    def __init__(self, politeness: Politeness, *, allow_private: bool = False) -> None:
        self.p = politeness
        self.allow_private = allow_private
        self.client = httpx.Client(
            headers={"User-Agent": politeness.user_agent},
            timeout=httpx.Timeout(politeness.timeout_seconds, connect=min(10.0, politeness.timeout_seconds)),
            follow_redirects=False,
        )
        self._robots: dict[str, Protego | bool] = {}
        self._next_allowed: dict[str, float] = {}

    def close(self) -> None:
        """Close the connection pool."""
        self.client.close()

    def __enter__(self) -> HttpFetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _wait_turn(self, host: str) -> None:
        delay = self.p.delay_seconds
        robots = self._robots.get(host)
        if isinstance(robots, Protego):
            crawl_delay = robots.crawl_delay(self.p.user_agent)
            if crawl_delay:
                delay = max(delay, float(crawl_delay))
        now = time.monotonic()
        wait = self._next_allowed.get(host, 0.0) - now
        if wait > 0:
            time.sleep(wait)
        self._next_allowed[host] = time.monotonic() + delay

    def allowed(self, url: str) -> bool:
        """robots.txt verdict per RFC 9309: 4xx allows all; 5xx or no answer disallows all."""
        parts = urlsplit(url)
        host = parts.netloc
        if host not in self._robots:
            robots_url = f"{parts.scheme}://{host}/robots.txt"
            res = self._fetch_once(robots_url, max_bytes=ROBOTS_MAX_BYTES)
            if res.status is not None and 200 <= res.status < 300:
                self._robots[host] = Protego.parse(res.body.decode("utf-8", errors="replace"))
            elif res.status is not None and 400 <= res.status < 500:
                self._robots[host] = True
            else:
                self._robots[host] = False
        verdict = self._robots[host]
        if isinstance(verdict, bool):
            return verdict
        return bool(verdict.can_fetch(url, self.p.user_agent))

    def _fetch_once(self, url: str, *, max_bytes: int | None = None) -> FetchResult:
        """One request chain (redirects followed and checked), no retries."""
        cap = max_bytes or self.p.max_body_bytes
        current = url
        result = FetchResult(url=url, final_url=url, attempts=1)
        deadline = time.monotonic() + self.p.deadline_seconds
        for _ in range(self.p.max_redirects + 1):
            try:
                check_url(current, allow_private=self.allow_private)
            except PolicyError as exc:
                result.error = str(exc)
                return result
            self._wait_turn(urlsplit(current).netloc)
            try:
                with self.client.stream("GET", current) as resp:
                    result.status = resp.status_code
                    result.reason = resp.reason_phrase
                    result.headers = list(resp.headers.multi_items())
                    result.final_url = current
                    if resp.is_redirect and "location" in resp.headers:
                        current = urljoin(current, resp.headers["location"])
                        continue
                    chunks: list[bytes] = []
                    size = 0
                    for chunk in resp.iter_bytes():
                        size += len(chunk)
                        if size > cap:
                            result.truncated = True
                            chunks.append(chunk[: max(0, cap - (size - len(chunk)))])
                            break
                        chunks.append(chunk)
                        if time.monotonic() > deadline:
                            result.error = "deadline_exceeded"
                            return result
                    result.body = b"".join(chunks)
                    return result
            except httpx.TimeoutException:
                result.error = "timeout"
            except (httpx.RemoteProtocolError, httpx.ReadError):
                result.error = "connection_reset"
            except httpx.ConnectError:
                result.error = "connect_error"
            except httpx.HTTPError as exc:
                result.error = f"http_error:{type(exc).__name__}"
            return result
        result.error = "too_many_redirects"
        return result

    def fetch(self, url: str) -> FetchResult:
        """Fetch with retries on 408/429/5xx and connection errors, jittered backoff, Retry-After."""
        attempts = 0
        while True:
            attempts += 1
            res = self._fetch_once(url)
            res.attempts = attempts
            retryable = res.error in ("timeout", "connection_reset", "connect_error") or (
                res.error is None and res.status in RETRY_STATUSES
            )
            if not retryable or attempts >= self.p.max_attempts:
                return res
            pause = self.p.backoff_seconds * (2 ** (attempts - 1)) * (0.5 + random.random())
            retry_after = dict((k.lower(), v) for k, v in res.headers).get("retry-after")
            if retry_after and retry_after.isdigit():
                pause = max(pause, min(float(retry_after), self.p.max_retry_after_seconds))
            time.sleep(pause)
