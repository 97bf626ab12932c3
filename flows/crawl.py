"""Crawl one source: discover article URLs, fetch them politely, archive every response to WARC."""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flows.http import FetchResult, HttpFetcher
from flows.settings import Source, fetch_origin
from transforms.discovery import Discovered, feed_entries, page_links, sitemap_entries
from transforms.normalize import (
    TRACKING_PARAMS,
    UrlRules,
    canonical_url,
    page_id,
    rebase_url,
    sha256_bytes,
)
from warehouse.raw import WarcArchive, read_ref

log = logging.getLogger("newsetl.crawl")
MAX_SITEMAPS = 200
HTML_TYPES = ("text/html", "application/xhtml+xml")
POLICY_SKIPS = {"scheme_not_allowed", "private_address", "invalid_url"}
DECODE_ERRORS = {"unsupported_encoding", "bad_encoding"}


def candidate(
    url: str,
    source: str,
    via: str,
    run_id: str,
    *,
    public_url: str | None = None,
    rules: UrlRules | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """A candidate input row: `pages` columns plus stage hints; outcome None means pending."""
    ident = public_url or url
    row: dict[str, Any] = {
        "page_id": page_id(ident),
        "url": url,
        "canonical_url": canonical_url(ident, rules) if ident.startswith("http") else ident,
        "source": source,
        "discovered_via": via,
        "outcome": None,
        "reason": None,
        "duplicate_of": None,
        "article_id": None,
        "http_status": None,
        "content_type": None,
        "attempts": 0,
        "content_sha256": None,
        "raw_ref": None,
        "fetched_at": None,
        "run_id": run_id,
        "doc_kind": "html",
        "etag": None,
        "last_modified": None,
        "unchanged": False,
        "listing_published_at": None,
        "listing_title": None,
        "stage": None,
        "detail": None,
    }
    row.update(extra)
    return row


def _aware(ts: datetime | None) -> str | None:
    """A listing date as ISO 8601 with its offset (UTC when it has none)."""
    return None if ts is None else (ts.replace(tzinfo=UTC) if ts.tzinfo is None else ts).isoformat()


class ArchiveJournal:
    """The fetcher's journal on a WARC archive: records every fetch, replays this run's earlier ones."""

    def __init__(self, archive: WarcArchive) -> None:
        self.archive = archive
        self._lock = threading.Lock()  # fetch workers share one WARC file

    def replay(self, url: str) -> FetchResult | None:
        """The result archived for `url` by an earlier, killed attempt at this run."""
        old = self.archive.index.get(url)
        if old is None:
            return None
        if old.kind == "failure":
            f = old.failure
            return FetchResult(
                url=url,
                final_url=str(f.get("final_url") or url),
                status=f.get("status"),
                error=f.get("error"),
                attempts=int(f.get("attempts") or 1),
                raw_ref=old.ref,
                replayed=True,
            )
        body = read_ref(self.archive.data_dir, old.ref).body
        return FetchResult(
            url=url,
            final_url=url,
            status=old.status,
            reason=old.reason,
            headers=old.headers,
            body=body,
            attempts=1,
            too_large=old.truncated,
            raw_ref=old.ref,
            replayed=True,
        )

    def record(self, result: FetchResult) -> str:
        """Archive one fetch result: the response, or a metadata record saying why there is none."""
        with self._lock:
            return self._record(result)

    def _record(self, res: FetchResult) -> str:
        if res.status is not None and res.error is None:
            return self.archive.write_response(
                res.final_url,
                res.status,
                res.reason,
                res.headers,
                res.body,
                truncated=res.too_large,
                requested=res.url,
                request_headers=res.request_headers,
            )
        detail = {
            "error": res.error,
            "status": res.status,
            "attempts": res.attempts,
            "requests": res.requests,
            "final_url": res.final_url,
            "redirects": res.redirects,
            "bytes": len(res.body),
        }
        return self.archive.write_failure(res.url, detail)


def discover(source: Source, fetcher: HttpFetcher) -> list[Discovered]:
    """Candidate article URLs from the source's feeds, sitemaps and start pages, in that order."""
    found: list[Discovered] = []

    def get(url: str) -> bytes | None:
        blocked = fetcher.robots_block(url)
        if blocked:
            log.warning("%s: not fetching listing %s (%s)", source.name, url, blocked)
            return None
        res = fetcher.fetch(url)
        if res.error or res.status is None or not 200 <= res.status < 300 or res.too_large:
            log.warning("%s: listing %s failed (%s)", source.name, url, res.error or res.status)
            return None
        return res.body

    for feed in source.feeds:
        body = get(feed)
        if body is not None:
            found += feed_entries(body, base_url=feed)
    queue, visited = list(source.sitemaps), set[str]()
    while queue and len(visited) < MAX_SITEMAPS:
        sm = queue.pop(0)
        if sm in visited:
            continue
        visited.add(sm)
        body = get(sm)
        if body is not None:
            urls, children = sitemap_entries(body, base_url=sm)
            found += urls
            queue += children
    found += _follow_links(source, get)
    return found


def _follow_links(source: Source, get: Callable[[str], bytes | None]) -> list[Discovered]:
    """Breadth-first from the start pages: article links become candidates, other same-host links
    are listing pages to read while depth and the listing budget allow."""
    articles: list[Discovered] = []
    seen = set(source.start_urls)
    frontier = [(u, 0) for u in source.start_urls]
    read = 0
    while frontier and read < source.max_listing_pages:
        url, depth = frontier.pop(0)
        body = get(url)
        read += 1
        if body is None:
            continue
        for link in page_links(body, base_url=url, pattern=None):
            if link.url in seen:
                continue
            seen.add(link.url)
            path = urlsplit(link.url).path
            if source.article_url_pattern is None or re.search(source.article_url_pattern, path):
                articles.append(link)
            elif depth + 1 <= source.max_depth:
                frontier.append((link.url, depth + 1))
    return articles


def _has_tracking(url: str) -> bool:
    query = urlsplit(url).query
    return any(part.split("=", 1)[0] in TRACKING_PARAMS for part in query.split("&") if part)


def plan(found: list[Discovered], source: Source, run_id: str) -> list[dict[str, Any]]:
    """One candidate per discovered URL: a fetch target per canonical URL, variants as duplicates."""
    fetched_from = fetch_origin(source)

    def public(url: str) -> str:
        return rebase_url(url, fetched_from, source.public_origin)

    rules = UrlRules(tuple(source.drop_params), dict(source.host_aliases))
    groups: dict[str, list[Discovered]] = {}
    for d in found:
        groups.setdefault(canonical_url(d.url, rules), []).append(d)
    rows: list[dict[str, Any]] = []
    budget = source.max_pages
    for group in groups.values():
        # Fetch the clean form when one was listed; the others point at it.
        target = next((d for d in group if not _has_tracking(d.url)), group[0])
        published = next((d.published for d in group if d.published), None)
        title = next((d.title for d in group if d.title), None)
        row = candidate(
            target.url,
            source.name,
            target.via,
            run_id,
            public_url=public(target.url),
            rules=rules,
            listing_published_at=_aware(published),
            listing_title=title,
        )
        if budget <= 0:
            row.update(outcome="skipped", reason="page_budget")
        budget -= 1
        rows.append(row)
        seen = {target.url}
        for d in group:
            if d.url in seen:
                continue
            seen.add(d.url)
            rows.append(
                candidate(
                    d.url,
                    source.name,
                    d.via,
                    run_id,
                    public_url=public(d.url),
                    rules=rules,
                    outcome="duplicate_of",
                    reason="url_variant",
                    duplicate_of=row["page_id"],
                )
            )
    return rows


def _classify(row: dict[str, Any], res: FetchResult) -> None:
    """Set the candidate's outcome from a fetch result; pending (None) means ready to parse."""
    ctype = (res.content_type or "").split(";")[0].strip().lower()
    row.update(http_status=res.status, content_type=res.content_type, attempts=res.attempts)
    status = res.status
    if res.error in POLICY_SKIPS:
        row.update(outcome="skipped", reason=res.error, detail=res.final_url)
    elif res.error == "truncated":
        row.update(
            outcome="quarantined",
            reason="truncated_body",
            stage="crawl",
            detail=f"body shorter than Content-Length after {res.attempts} attempts",
        )
    elif res.error in DECODE_ERRORS:
        row.update(outcome="quarantined", reason="decode_error", stage="crawl", detail=res.error)
    elif res.error:
        row.update(outcome="fetch_failed", reason=res.error)
    elif status is None:
        row.update(outcome="fetch_failed", reason="no_response")
    elif status >= 500 or status in (408, 429):
        row.update(outcome="fetch_failed", reason=f"http_{status}")
    elif status >= 400:
        row.update(outcome="skipped", reason=f"http_{status}")
    elif status >= 300:
        row.update(outcome="fetch_failed", reason="bad_redirect")
    elif res.too_large:
        row.update(
            outcome="quarantined",
            reason="too_large",
            stage="crawl",
            detail=f"body over the cap; kept the first {len(res.body)} bytes",
        )
    elif ctype and ctype not in HTML_TYPES:
        row.update(outcome="skipped", reason="not_html", detail=ctype)


def crawl_source(
    source: Source,
    data_dir: Path,
    run_id: str,
    *,
    known: Mapping[str, dict[str, Any]] | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[dict[str, Any]]:
    """Candidates for one source: discovered, fetched and archived; outcome None = ready to parse.

    `known` holds the stored `pages` rows by page_id: their validators make the fetch conditional,
    and an unchanged page (304, or the same bytes) keeps its stored outcome without a re-parse.
    """
    hosts = set(source.allowed_hosts) or {
        urlsplit(u).netloc for u in source.feeds + source.sitemaps + source.start_urls
    }
    private = frozenset(hosts) if source.allow_private_hosts else frozenset()
    with WarcArchive(data_dir, f"raw/{run_id}/{source.name}.warc.gz") as archive:
        if archive.index:
            log.info("%s: resuming; %d URLs already archived are replayed", source.name, len(archive.index))
        with HttpFetcher(
            source.politeness, private_hosts=private, journal=ArchiveJournal(archive)
        ) as fetcher:
            rows = plan(discover(source, fetcher), source, run_id)

            def work(row: dict[str, Any]) -> None:
                if row["outcome"] is None:
                    _fetch_into(row, fetcher, hosts, (known or {}).get(row["page_id"]))
                if progress is not None:
                    progress(1)

            # Up to concurrency_per_host requests in flight; the fetcher spaces their starts per host.
            with ThreadPoolExecutor(max_workers=source.politeness.concurrency_per_host) as pool:
                list(pool.map(work, rows))
    return rows


# Stored outcomes that came from parsing the bytes: the same bytes give the same outcome again.
_REUSABLE = {"loaded", "quarantined", "duplicate_of"}


def unchanged_since(prior: dict[str, Any] | None, digest: str | None) -> bool:
    """Whether a stored input had these same bytes and an outcome that parsing them gave."""
    return bool(
        prior and digest and prior.get("outcome") in _REUSABLE and prior.get("content_sha256") == digest
    )


def keep_prior(row: dict[str, Any], prior: dict[str, Any]) -> None:
    """Let the stored row stand for an unchanged input; what this listing said stays from this run."""
    fresh = ("run_id", "url", "discovered_via", "listing_published_at", "listing_title")
    row.update({k: v for k, v in prior.items() if k in row and k not in fresh}, unchanged=True)


def _conditional(prior: dict[str, Any] | None) -> dict[str, str]:
    if not prior or prior.get("outcome") not in _REUSABLE:
        return {}
    headers = {"If-None-Match": prior["etag"]} if prior.get("etag") else {}
    if prior.get("last_modified"):
        headers["If-Modified-Since"] = prior["last_modified"]
    return headers


def _fetch_into(
    row: dict[str, Any], fetcher: HttpFetcher, hosts: set[str], prior: dict[str, Any] | None = None
) -> None:
    url = row["url"]
    if urlsplit(url).netloc not in hosts:
        row.update(outcome="skipped", reason="out_of_scope")
        return
    blocked = fetcher.robots_block(url)
    if blocked:
        row.update(outcome="skipped", reason=blocked)
        return
    res = fetcher.fetch(url, headers=_conditional(prior))
    digest = sha256_bytes(res.body) if res.body else None
    if (
        prior
        and prior.get("outcome") in _REUSABLE
        and (
            (res.status == 304 and res.error is None)
            or (res.status == 200 and res.error is None and digest == prior.get("content_sha256"))
        )
    ):
        keep_prior(row, prior)
        return
    row["raw_ref"] = res.raw_ref
    row["fetched_at"] = datetime.now(UTC)
    row["content_sha256"] = digest
    validators = {k.lower(): v for k, v in res.headers}
    row.update(etag=validators.get("etag"), last_modified=validators.get("last-modified"))
    _classify(row, res)
