"""Local inputs (HTML, WARC, text and JSON-lines dumps) archived to WARC as candidates.

Inputs named by URL (`s3://bucket/dumps/*.warc.gz`, any fsspec protocol) are listed up front and
downloaded to a spool in the run's staging, then read like local files under their URL.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import fsspec

from flows.crawl import candidate, keep_prior, unchanged_since
from flows.parse_job import JSON_TYPE, TEXT_TYPE
from transforms.normalize import sha256_bytes
from warehouse.raw import WarcArchive, iter_responses
from warehouse.staging import stage_dir

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_GLOB = re.compile(r"[*?\[]")
# Each spooled object has a folder holding this file (its URL) and the object under its own name.
SPOOL_SOURCE = "source.url"


class RemoteInputError(ValueError):
    """A remote input that cannot be listed: no such bucket or object, access denied, nothing matches."""


def is_url(value: str | Path) -> bool:
    """Whether an input names a URL rather than a local path."""
    return isinstance(value, str) and _URL.match(value) is not None


def _filesystem(url: str) -> tuple[Any, str]:
    # A fresh client each time: endpoint and credentials come from the environment, which an
    # instance cached by fsspec would not see change.
    fs, path = fsspec.core.url_to_fs(url, skip_instance_cache=True)
    return fs, str(path)


def expand_remote(url: str) -> list[str]:
    """Object URLs an input names: one object, every object under a prefix, or a glob's matches."""
    if url.lower().startswith(("http://", "https://")):
        raise RemoteInputError(f"{url}: web pages are crawled with `newsetl run` (robots.txt, politeness)")
    try:
        fs, path = _filesystem(url)
    except (ImportError, ValueError) as exc:
        raise RemoteInputError(f"{url}: {exc}") from exc
    try:
        if magic := _GLOB.search(path):
            found = [p for p, info in fs.glob(path, detail=True).items() if info["type"] == "file"]
            if not found:
                # An empty glob does not say why; listing its fixed part names a missing bucket.
                fs.ls(path[: magic.start()].rpartition("/")[0])
                raise RemoteInputError(f"{url}: no objects match")
        elif fs.info(path)["type"] == "directory":
            found = fs.find(path)
            if not found:
                raise RemoteInputError(f"{url}: no objects under this prefix")
        else:
            found = [path]
    except RemoteInputError:
        raise
    except FileNotFoundError as exc:
        raise RemoteInputError(f"{url}: not found ({exc})") from exc
    except PermissionError as exc:
        raise RemoteInputError(f"{url}: access denied ({exc})") from exc
    except Exception as exc:  # the storage client's own errors (credentials, connection)
        raise RemoteInputError(f"{url}: {type(exc).__name__}: {exc}") from exc
    return [fs.unstrip_protocol(p) for p in sorted(found)]


def spool_root(data_dir: Path, run_id: str) -> Path:
    """Where a run's remote inputs are downloaded; removed with the run's staging."""
    return stage_dir(data_dir, run_id) / "spool"


def spool_inputs(inputs: Iterable[Path | str], data_dir: Path, run_id: str) -> list[Path]:
    """Local paths for the inputs: each remote object (globs expanded) gets a path in the run's spool.

    The object is downloaded by `ingest_paths`, so a failed download ends as that input's row.
    """
    paths: list[Path] = []
    for item in inputs:
        if not is_url(item):
            paths.append(Path(item))
            continue
        for url in expand_remote(str(item)):
            folder = spool_root(data_dir, run_id) / hashlib.sha256(url.encode()).hexdigest()[:20]
            folder.mkdir(parents=True, exist_ok=True)
            if not (folder / SPOOL_SOURCE).exists():
                tmp = folder / f".{SPOOL_SOURCE}.tmp"
                tmp.write_text(url, encoding="utf-8")
                os.replace(tmp, folder / SPOOL_SOURCE)
            # The object's own name keeps its suffix, which tells its kind; long names keep the end.
            paths.append(folder / (url.rstrip("/").rpartition("/")[2][-200:] or "object"))
    return paths


def _spooled_from(path: Path, data_dir: Path, run_id: str) -> str | None:
    """The URL a spool path stands for, None for a local file."""
    marker = path.parent / SPOOL_SOURCE
    if path.parent.parent != spool_root(data_dir, run_id).resolve() or not marker.exists():
        return None
    return marker.read_text(encoding="utf-8")


def _download(url: str, dest: Path, opened: dict[str, Any]) -> None:
    """Stream one object to `dest`; a partial download never takes its name."""
    protocol = url.partition("://")[0]
    if protocol not in opened:
        opened[protocol] = _filesystem(url)[0]
    fs = opened[protocol]
    tmp = dest.with_name(f".{dest.name}.part")
    try:
        fs.get_file(fs._strip_protocol(url), str(tmp))
    except OSError:
        raise
    except Exception as exc:  # the storage client's own errors become read errors of this input
        raise OSError(f"{type(exc).__name__}: {exc}") from exc
    os.replace(tmp, dest)


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
    member: bytes | None = None,
) -> None:
    digest = sha256_bytes(body)
    prior = (known or {}).get(row["page_id"])
    if prior is not None and unchanged_since(prior, digest):
        # Same bytes as a stored input: its outcome stands, nothing is archived or parsed again.
        keep_prior(row, prior)
        return
    if member is not None:
        # A record from a gzipped WARC is copied as stored: the same bytes, no second compression.
        row["raw_ref"] = archive.append_member(member)
    elif url.startswith(("http://", "https://")):
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
    Spool paths (`spool_inputs`) are downloaded first and recorded under their URL.
    """
    rows: list[dict[str, Any]] = []
    opened: dict[str, Any] = {}
    with WarcArchive(data_dir, f"raw/{run_id}/ingest.warc.gz") as archive:
        for path in paths:
            path = path.resolve()
            kind = _kind(path)
            remote = _spooled_from(path, data_dir, run_id)
            file_url = remote or path.as_uri()
            where = remote or str(path)  # provenance of rows that point at the input itself
            if kind is None:
                rows.append(
                    candidate(
                        file_url,
                        "ingest",
                        "file",
                        run_id,
                        outcome="skipped",
                        reason="unsupported_file_type",
                        raw_ref=where,
                    )
                )
                continue
            try:
                if remote is not None and not path.exists():
                    _download(remote, path, opened)
                rows += _rows_for(
                    path, kind, archive, run_id, url=url, published=published, known=known, where=where
                )
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
                        raw_ref=where,
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
    known: Mapping[str, dict[str, Any]] | None,
    where: str,
) -> list[dict[str, Any]]:
    # A local file's URI, or the URL a spooled object came from.
    source = where if is_url(where) else path.as_uri()
    if kind == "warc":
        rows = []
        for rec in iter_responses(path, relpath=where, members=True):
            row = candidate(rec.url or f"{source}#{rec.ref}", "ingest", "warc", run_id)
            ctype = rec.content_type or "text/html"
            _archive_one(archive, row, row["url"], ctype, rec.body, known, rec.member)
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
        row = candidate(url or source, "ingest", "file", run_id, listing_published_at=_when(published))
        _archive_one(archive, row, row["url"], "text/html", data, known)
        return [row]
    if kind == "text":
        row = candidate(
            url or source,
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
        ref_url = f"{source}#line={lineno}"
        try:
            obj = json.loads(line)
            if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
                raise ValueError("a JSON object with a 'text' string is required")
        except ValueError as exc:
            # A local line stays readable where it is; a remote object's spool goes with the run,
            # so its bad line is archived to keep the quarantine row's pointer to the raw bytes.
            raw_ref = (
                archive.write_resource(ref_url, JSON_TYPE, line.encode("utf-8"))
                if is_url(where)
                else f"{where}#line={lineno}"
            )
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
                    raw_ref=raw_ref,
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
