"""Run settings and the sources file: one typed, strict object per run; the sole reader of env."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from transforms.normalize import origin

DEFAULT_USER_AGENT = "newsetl/0.1 (+https://github.com/newsetl/newsetl; news research crawler)"


class Politeness(BaseModel):
    """How gently to crawl one host."""

    model_config = ConfigDict(extra="forbid")

    user_agent: str = DEFAULT_USER_AGENT
    delay_seconds: float = Field(1.0, ge=0)
    concurrency_per_host: int = Field(1, ge=1, le=4)
    timeout_seconds: float = Field(30.0, gt=0)
    deadline_seconds: float = Field(60.0, gt=0)
    max_body_bytes: int = Field(10_000_000, gt=0)
    max_redirects: int = Field(10, ge=0)
    max_attempts: int = Field(3, ge=1)
    backoff_seconds: float = Field(1.0, ge=0)
    max_retry_after_seconds: float = Field(300.0, ge=0)


class Source(BaseModel):
    """One outlet: where to discover its articles and how to fetch them."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    # ISO 3166 alpha-3 of the outlet: the country of officials its undatelined stories name
    # without a nationality ("Foreign Secretary Jack Straw" in a British paper).
    country: str | None = Field(None, pattern=r"^[A-Z]{3}$")
    # Canonical URLs: more parameters to drop, and hosts that serve the same pages as another.
    drop_params: list[str] = []
    host_aliases: dict[str, str] = {}
    feeds: list[str] = []
    sitemaps: list[str] = []
    start_urls: list[str] = []
    # Regex on the URL path marking article pages among links found on start pages.
    article_url_pattern: str | None = None
    # Link-following from start_urls: listing pages up to this depth, at most this many of them.
    max_depth: int = Field(1, ge=0, le=5)
    max_listing_pages: int = Field(50, ge=1)
    allowed_hosts: list[str] = []
    allow_private_hosts: bool = False
    # Ids and canonical URLs use this origin when the pages are fetched from a mirror or local copy.
    public_origin: str | None = Field(None, pattern=r"^https?://[^/]+$")
    max_pages: int = Field(500, ge=1)
    politeness: Politeness = Politeness()


class SourcesFile(BaseModel):
    """The TOML sources file."""

    model_config = ConfigDict(extra="forbid")

    politeness: Politeness = Politeness()
    sources: list[Source]


def fetch_origin(source: Source) -> str | None:
    """Origin the source is fetched from (that of its first listing URL)."""
    first = next(iter(source.feeds + source.sitemaps + source.start_urls), None)
    return origin(first) if first is not None else None


def load_sources(path: Path, *, replacements: dict[str, str] | None = None) -> list[Source]:
    """Sources from a TOML file; `{{KEY}}` placeholders are filled from `replacements`."""
    text = path.read_text(encoding="utf-8")
    for key, value in (replacements or {}).items():
        text = text.replace("{{" + key + "}}", value)
    raw = tomllib.loads(text)
    defaults = raw.get("politeness", {})
    for src in raw.get("sources", []):
        src["politeness"] = {**defaults, **src.get("politeness", {})}
    return SourcesFile.model_validate(raw).sources


def default_data_dir() -> Path:
    """The data dir: $NEWSETL_DATA_DIR or ./data."""
    return Path(os.environ.get("NEWSETL_DATA_DIR", "data")).resolve()
