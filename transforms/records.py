"""Rows for the warehouse tables, built from parser and extractor output."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import urlsplit

import pandas as pd

from transforms.normalize import article_id, canonical_url, origin, rebase_url, stable_id, text_fingerprint
from transforms.parse import ParsedArticle, to_utc


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows of a frame as dicts, with every missing value (NaN, NaT, None) as None."""
    return frame.astype(object).where(frame.notna(), None).to_dict("records")  # type: ignore[no-any-return]


def _same_site(a: str, b: str) -> bool:
    pa_, pb = urlsplit(a), urlsplit(b)
    return pa_.scheme in ("http", "https") and pa_.netloc == pb.netloc


def article_row(parsed: ParsedArticle, candidate: dict[str, Any], run_id: str) -> dict[str, Any]:
    """An `articles` row from a parsed page and the candidate it came from."""
    url = str(candidate["url"])
    canonical = str(candidate.get("canonical_url") or canonical_url(url))
    # rel=canonical is trusted only on the same site: syndication partners point elsewhere.
    if parsed.canonical_url and _same_site(parsed.canonical_url, url):
        # Fetched from a mirror: the page's own canonical link is rebased like the fetched URL.
        canonical = canonical_url(rebase_url(parsed.canonical_url, origin(url), origin(canonical)))
    published = parsed.published_at
    date_source = parsed.date_source
    precision = parsed.date_precision
    listed = candidate.get("listing_published_at")
    if published is None and listed is not None:
        published, date_source, precision = datetime.fromisoformat(str(listed)), "feed", "second"
    return {
        "article_id": article_id(canonical),
        "page_id": candidate["page_id"],
        "url": url,
        "canonical_url": canonical,
        "source": candidate["source"],
        "site_name": parsed.site_name,
        "title": parsed.title or candidate.get("listing_title"),
        "subtitle": parsed.subtitle,
        "authors": parsed.authors,
        "agencies": parsed.agencies,
        "published_at": to_utc(published),
        "published_utc_offset": parsed.published_utc_offset if published is parsed.published_at else None,
        "date_source": date_source,
        "date_precision": precision,
        "modified_at": to_utc(parsed.modified_at),
        "language": parsed.language,
        "section": parsed.section,
        "tags": parsed.tags,
        "top_image": parsed.top_image,
        "image_caption": parsed.image_caption,
        "image_credit": parsed.image_credit,
        "dateline": parsed.dateline,
        "text": parsed.text,
        "word_count": len(parsed.text.split()),
        "text_sha256": text_fingerprint(parsed.text),
        "encoding": parsed.encoding,
        "encoding_guessed": parsed.encoding_guessed,
        "chars_replaced": parsed.chars_replaced,
        "mojibake_fixed": parsed.mojibake_fixed,
        "fetched_at": candidate.get("fetched_at"),
        "raw_ref": candidate.get("raw_ref"),
        "parser": parsed.parser,
        "run_id": run_id,
        # Set by dedupe, which sees the rest of the batch and the warehouse.
        "story_id": None,
        "version": None,
        "previous_text_sha256": None,
    }


def local_time(published_at: datetime | None, offset: str | None) -> datetime | None:
    """The publication time in the page's own time zone when known, else UTC."""
    if published_at is None:
        return None
    if not offset:
        return published_at
    sign = -1 if offset.startswith("-") else 1
    hours, minutes = offset.lstrip("+-").split(":")
    tz = timezone(sign * timedelta(hours=int(hours), minutes=int(minutes)))
    return published_at.astimezone(tz)


def quarantine_rows(pages: list[dict[str, Any]], run_id: str) -> list[dict[str, Any]]:
    """`quarantine` rows for every quarantined page."""
    out = []
    for p in pages:
        # An unchanged input's quarantine row is already stored; its stage is not known here.
        if p.get("outcome") != "quarantined" or p.get("unchanged"):
            continue
        stage = p.get("stage") or "parse"
        out.append(
            {
                "quarantine_id": stable_id("quarantine", str(p["page_id"]), stage),
                "record_id": p["page_id"],
                "stage": stage,
                "reason_code": p["reason"],
                "detail": p.get("detail") or p["reason"],
                "url": p.get("url"),
                "raw_ref": p.get("raw_ref") or str(p.get("url")),
                "run_id": run_id,
            }
        )
    return out
