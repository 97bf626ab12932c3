"""Canonical URLs and stable ids."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

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


# Query parameters that ask for the AMP rendering of the same article.
AMP_PARAMS = ("amp", "outputType", "output")
_AMP_PATH = re.compile(r"(?:/amp/?|\.amp)$|^/amp(?=/)")


@dataclass(frozen=True)
class UrlRules:
    """A source's own canonicalisation rules on top of the general ones."""

    # More parameters that never change the document ("share", "src", ...).
    drop_params: tuple[str, ...] = ()
    # Hosts serving the same pages as another, e.g. {"m.example.com": "www.example.com"}.
    host_aliases: Mapping[str, str] = field(default_factory=dict)


def canonical_url(url: str, rules: UrlRules | None = None) -> str:
    """One spelling per document: tracking and AMP parameters, fragments, AMP paths, trailing
    slashes and a source's host aliases dropped; the rest normalised by w3lib.

    Canonicalising a canonical URL changes nothing.
    """
    rules = rules or UrlRules()
    out = _canonical_once(url, rules)
    # Trimming can expose what w3lib normalises further ("/;/" -> "/;" -> "/"): repeat until stable.
    for _ in range(8):
        again = _canonical_once(out, rules)
        if again == out:
            break
        out = again
    return out


def _canonical_once(url: str, rules: UrlRules) -> str:
    cleaned = url_query_cleaner(
        url, (*TRACKING_PARAMS, *AMP_PARAMS, *rules.drop_params), remove=True, keep_fragments=False
    )
    parts = urlsplit(canonicalize_url(cleaned, keep_fragments=False))
    host = rules.host_aliases.get(parts.netloc, parts.netloc)
    path = parts.path
    # "/story/amp", "/story.amp", "/amp/story" and "/story/" are the page at "/story".
    while True:
        trimmed = _AMP_PATH.sub("", path)
        trimmed = trimmed.rstrip("/") if trimmed not in ("", "/") else trimmed
        if trimmed == path:
            break
        path = trimmed
    return urlunsplit((parts.scheme, host, path or "/", parts.query, ""))


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
