"""Local inputs (HTML, WARC, text and JSON-lines dumps) archived to WARC as candidates."""

from __future__ import annotations

import gzip
import json
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flows.crawl import candidate, keep_prior, unchanged_since
from flows.parse_job import JSON_TYPE, TEXT_TYPE
from transforms.normalize import sha256_bytes
from warehouse.raw import WarcArchive, iter_responses


def _when(value: object) -> str | None:
    """A dump's date as ISO 8601 with an offset (UTC when it has none); unparseable gives None."""
    if not isinstance(value, str) or not value:
        return None
    try:
        ts = datetime.fromisoformat(value)
    except ValueError:
        return None
    # Kept as text with its own offset: relative dates in the text are read in that time zone.
    return (ts.replace(tzinfo=UTC) if ts.tzinfo is None else ts).isoformat()


def _kind(path: Path) -> str | None:
    name = path.name.lower()
    for suffix, kind in (
        (".html.gz", "html"),
        (".htm.gz", "html"),
        (".html", "html"),
        (".htm", "html"),
        (".warc.gz", "warc"),
        (".warc", "warc"),
        (".txt", "text"),
        (".jsonl", "jsonl"),
    ):
        if name.endswith(suffix):
            return kind
    return None


def _archive_one(
    archive: WarcArchive,
    row: dict[str, Any],
    url: str,
    ctype: str,
    body: bytes,
    known: Mapping[str, dict[str, Any]] | None = None,
) -> None:
    digest = sha256_bytes(body)
    prior = (known or {}).get(row["page_id"])
    if prior is not None and unchanged_since(prior, digest):
        # Same bytes as a stored input: its outcome stands, nothing is archived or parsed again.
        keep_prior(row, prior)
        return
    if url.startswith(("http://", "https://")):
        row["raw_ref"] = archive.write_response(url, 200, "OK", [("Content-Type", ctype)], body)
    else:
        # Local files had no HTTP exchange; warcio would also keep header lines in a file:// body.
        row["raw_ref"] = archive.write_resource(url, ctype, body)
    row.update(
        content_type=ctype,
        content_sha256=digest,
        attempts=1,
        fetched_at=datetime.now(UTC),
    )


def ingest_paths(
    paths: list[Path],
    data_dir: Path,
    run_id: str,
    *,
    url: str | None = None,
    published: str | None = None,
    known: Mapping[str, dict[str, Any]] | None = None,
) -> list[dict[str, Any]]:
    """Candidates for local files; unreadable or unknown files get a terminal row, never an exception.

    `known` holds the stored `pages` rows by page_id: an input with the same bytes keeps its outcome.
    """
    rows: list[dict[str, Any]] = []
    with WarcArchive(data_dir, f"raw/{run_id}/ingest.warc.gz") as archive:
        for path in paths:
            path = path.resolve()
            kind = _kind(path)
            file_url = path.as_uri()
            if kind is None:
                rows.append(
                    candidate(
                        file_url,
                        "ingest",
                        "file",
                        run_id,
                        outcome="skipped",
                        reason="unsupported_file_type",
                        raw_ref=str(path),
                    )
                )
                continue
            try:
                rows += _rows_for(path, kind, archive, run_id, url=url, published=published, known=known)
            except (OSError, EOFError, ValueError) as exc:
                rows.append(
                    candidate(
                        file_url,
                        "ingest",
                        "file",
                        run_id,
                        outcome="fetch_failed",
                        reason="read_error",
                        detail=str(exc),
                        raw_ref=str(path),
                    )
                )
    return rows


def _rows_for(
    path: Path,
    kind: str,
    archive: WarcArchive,
    run_id: str,
    *,
    url: str | None,
    published: str | None,
    known: Mapping[str, dict[str, Any]] | None = None,
) -> list[dict[str, Any]]:
    if kind == "warc":
        rows = []
        for rec in iter_responses(path):
            row = candidate(rec.url or f"{path.as_uri()}#{rec.ref}", "ingest", "warc", run_id)
            _archive_one(archive, row, row["url"], rec.content_type or "text/html", rec.body, known)
            if row["unchanged"]:
                rows.append(row)
                continue
            ctype = (rec.content_type or "text/html").split(";")[0].strip().lower()
            if not 200 <= rec.status < 300:
                row.update(outcome="skipped", reason=f"http_{rec.status}", http_status=rec.status)
            elif ctype not in ("text/html", "application/xhtml+xml"):
                row.update(outcome="skipped", reason="not_html", detail=ctype)
            rows.append(row)
        return rows
    data = path.read_bytes()
    if path.name.lower().endswith(".gz"):
        data = gzip.decompress(data)
    if kind == "html":
        row = candidate(url or path.as_uri(), "ingest", "file", run_id, listing_published_at=_when(published))
        _archive_one(archive, row, row["url"], "text/html", data, known)
        return [row]
    if kind == "text":
        row = candidate(
            url or path.as_uri(),
            "ingest",
            "file",
            run_id,
            doc_kind="text",
            listing_published_at=_when(published),
        )
        _archive_one(archive, row, row["url"], TEXT_TYPE, data, known)
        return [row]
    rows = []
    for lineno, line in enumerate(data.decode("utf-8", errors="replace").splitlines(), start=1):
        if not line.strip():
            continue
        ref_url = f"{path.as_uri()}#line={lineno}"
        try:
            obj = json.loads(line)
            if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
                raise ValueError("a JSON object with a 'text' string is required")
        except ValueError as exc:
            rows.append(
                candidate(
                    ref_url,
                    "ingest",
                    "file",
                    run_id,
                    outcome="quarantined",
                    reason="parse_error",
                    stage="parse",
                    detail=f"line {lineno}: {exc}",
                    raw_ref=f"{path}#line={lineno}",
                )
            )
            continue
        row = candidate(
            str(obj.get("url") or ref_url),
            "ingest",
            "file",
            run_id,
            doc_kind="json",
            listing_published_at=_when(obj.get("published_at")) or _when(published),
            listing_title=obj.get("title"),
        )
        _archive_one(archive, row, row["url"], JSON_TYPE, line.encode("utf-8"), known)
        rows.append(row)
    return rows
