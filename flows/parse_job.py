"""One parse job as it runs inside an isolated worker: read the archived bytes, then parse them."""

from __future__ import annotations

import json
import resource
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from transforms.parse import ParseFailure, ParseResult, parse_html, parse_text
from warehouse.raw import read_ref

# Media types that local ingest gives text and JSON-lines dumps in the archive.
TEXT_TYPE = "text/plain; charset=utf-8"
JSON_TYPE = "application/x-newsetl-article+json"
DOC_KINDS = {"text/plain": "text", JSON_TYPE: "json"}


@dataclass(frozen=True)
class ParseJob:
    """What a worker needs to parse one input: where its bytes are and what kind of document it is."""

    data_dir: Path
    raw_ref: str
    url: str
    doc_kind: str = "html"
    listing_published_at: str | None = None


@dataclass(frozen=True)
class ParseOutcome:
    """The parser's answer plus what it cost the worker."""

    result: ParseResult
    seconds: float
    worker_peak_rss_mb: float


def parse_document(job: ParseJob, body: bytes, content_type: str | None) -> ParseResult:
    """Parse one document's bytes according to its kind."""
    published = datetime.fromisoformat(job.listing_published_at) if job.listing_published_at else None
    if job.doc_kind == "text":
        return parse_text(body.decode("utf-8", errors="replace"), published_at=published, url=job.url)
    if job.doc_kind == "json":
        try:
            obj = json.loads(body)
            text, title = obj["text"], obj.get("title")
        except (ValueError, KeyError, TypeError) as exc:
            return ParseFailure("parse_error", f"JSON line without a text field: {exc}"[:500])
        return parse_text(text, title=title, published_at=published, url=job.url)
    return parse_html(body, url=job.url, content_type=content_type)


def run_parse_job(job: ParseJob) -> ParseOutcome:
    """Read the record from the WARC archive and parse it (the function workers run)."""
    started = time.perf_counter()
    record = read_ref(job.data_dir, job.raw_ref)
    result = parse_document(job, record.body, record.content_type)
    # ru_maxrss is in KiB on Linux: the worker's high-water mark so far, reported per job.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return ParseOutcome(result, time.perf_counter() - started, peak)
