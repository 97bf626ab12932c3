"""Canonical URLs and stable ids."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import urlsplit

from w3lib.url import canonicalize_url, url_query_cleaner

# Query parameters that identify a campaign or a click, never a different document.
TRACKING_PARAMS = (
    "utm_source",
    "utm_medium",
    "utm_campaign",
    "utm_term",
    "utm_content",
    "utm_id",
    "fbclid",
    "gclid",
    "dclid",
    "msclkid",
    "mc_cid",
    "mc_eid",
    "yclid",
    "_ga",
    "ref",
    "cmpid",
)


def canonical_url(url: str) -> str:
    """The URL with tracking parameters and fragment dropped and the rest normalised."""
    cleaned = url_query_cleaner(url, TRACKING_PARAMS, remove=True, keep_fragments=False)
    return canonicalize_url(cleaned, keep_fragments=False)


def origin(url: str) -> str:
    """scheme://host[:port] of a URL."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def rebase_url(url: str, from_origin: str | None, to_origin: str | None) -> str:
    """The URL with one origin swapped for another (a mirror or local copy for the public site)."""
    if from_origin and to_origin and origin(url) == from_origin:
        return to_origin.rstrip("/") + url[len(from_origin) :]
    return url


def stable_id(*parts: str) -> str:
    """A short deterministic id from the given parts."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()
    return digest[:20]


def page_id(url: str) -> str:
    """Id of an input identified by its URL or path."""
    return stable_id("page", url)


def article_id(canonical: str) -> str:
    """Id of an article identified by its canonical URL."""
    return stable_id("article", canonical)


_WS = re.compile(r"\s+")


def text_fingerprint(text: str) -> str:
    """SHA-256 of the text after Unicode and whitespace normalisation (exact-copy key)."""
    norm = _WS.sub(" ", unicodedata.normalize("NFKC", text)).strip()
    return hashlib.sha256(norm.encode("utf-8", "surrogatepass")).hexdigest()


def sha256_bytes(data: bytes) -> str:
    """SHA-256 hex digest of raw bytes."""
    return hashlib.sha256(data).hexdigest()
