"""Every table's columns, declared once; the writer, DuckDB views, GX suites and docs derive from here."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pandas as pd
import pyarrow as pa

UTC_TS = pa.timestamp("us", tz="UTC")

OUTCOMES = ("loaded", "quarantined", "duplicate_of", "skipped", "fetch_failed")
STATUSES = ("occurred", "ongoing", "planned", "cancelled")
CAMEO_CODES = ("036", "042")
DATE_PRECISIONS = ("day", "week", "month", "year")
DATE_SOURCES = ("json-ld", "meta", "time", "htmldate", "url", "feed", "given")
# Closed list of quarantine reasons; a new reason is added here, never made up at the call site.
QUARANTINE_REASONS = (
    "empty_body",
    "not_article",
    "parse_error",
    "parse_timeout",
    "parse_oom",
    "parse_crash",
    "parser_truncated",
    "decode_error",
    "truncated_body",
    "too_large",
    "missing_title",
    "short_body",
    "date_in_future",
    "date_too_old",
    "boilerplate_in_body",
    "invalid_value",
    "domestic_visit",
    "event_after_publication",
)


def col(
    name: str,
    type_: pa.DataType,
    description: str,
    *,
    nullable: bool = True,
    pk: bool = False,
    allowed: tuple[str, ...] | None = None,
) -> pa.Field:
    """A field carrying its documentation and constraints as metadata."""
    meta = {"description": description}
    if pk:
        meta["pk"] = "true"
    if allowed is not None:
        meta["allowed"] = json.dumps(list(allowed))
    return pa.field(name, type_, nullable=nullable and not pk, metadata=meta)


@dataclass(frozen=True)
class TableSpec:
    """One warehouse table: name, layer, description and its pyarrow schema."""

    name: str
    layer: str
    description: str
    schema: pa.Schema

    @property
    def columns(self) -> list[str]:
        """Column names in declared order."""
        return list(self.schema.names)

    @property
    def primary_key(self) -> list[str]:
        """Columns whose metadata marks them as the primary key."""
        return [f.name for f in self.schema if _meta(f).get("pk") == "true"]

    @property
    def required(self) -> list[str]:
        """Columns that may not hold nulls."""
        return [f.name for f in self.schema if not f.nullable]

    def allowed(self) -> dict[str, list[str]]:
        """Closed value sets per column."""
        out: dict[str, list[str]] = {}
        for f in self.schema:
            raw = _meta(f).get("allowed")
            if raw is not None:
                out[f.name] = json.loads(raw)
        return out

    def description_of(self, column: str) -> str:
        """The documented meaning of one column."""
        return _meta(self.schema.field(column)).get("description", "")

    def empty_frame(self) -> pd.DataFrame:
        """A zero-row frame with this table's columns and dtypes."""
        return self.schema.empty_table().to_pandas()

    def to_arrow(self, frame: pd.DataFrame) -> pa.Table:
        """Cast a frame to the declared schema; raises on missing columns or bad types."""
        missing = [c for c in self.columns if c not in frame.columns]
        if missing:
            raise ValueError(f"{self.name}: missing columns {missing}")
        return pa.Table.from_pandas(frame[self.columns], schema=self.schema, preserve_index=False)


def _meta(field: pa.Field) -> dict[str, str]:
    return {k.decode(): v.decode() for k, v in (field.metadata or {}).items()}


PAGES = TableSpec(
    "pages",
    "bronze",
    "One row per input (discovered URL, local file or WARC record) with its terminal outcome.",
    pa.schema(
        [
            col(
                "page_id",
                pa.string(),
                "Stable id of the input: hash of its URL or path+record.",
                pk=True,
            ),
            col(
                "url",
                pa.string(),
                "URL as discovered (or file:// path for local input).",
                nullable=False,
            ),
            col(
                "canonical_url",
                pa.string(),
                "URL after canonicalisation (tracking params dropped).",
            ),
            col(
                "source",
                pa.string(),
                "Source (outlet) name from the sources file, or 'ingest'.",
                nullable=False,
            ),
            col(
                "discovered_via",
                pa.string(),
                "How the input was found: rss, sitemap, start, link, file, warc.",
                nullable=False,
            ),
            col(
                "outcome",
                pa.string(),
                "Terminal state of the input.",
                nullable=False,
                allowed=OUTCOMES,
            ),
            col("reason", pa.string(), "Reason code for every outcome other than loaded."),
            col("duplicate_of", pa.string(), "page_id or article_id this input duplicates."),
            col("article_id", pa.string(), "Article row produced from this input, when loaded."),
            col("http_status", pa.int32(), "Final HTTP status, when fetched over HTTP."),
            col("content_type", pa.string(), "Response Content-Type."),
            col("attempts", pa.int32(), "Fetch attempts made (0 when not fetched).", nullable=False),
            col("content_sha256", pa.string(), "SHA-256 of the raw body."),
            col(
                "raw_ref",
                pa.string(),
                "Pointer to the raw bytes: WARC file#offset or a local path.",
            ),
            col("fetched_at", UTC_TS, "When the body was fetched or read (UTC)."),
            col("etag", pa.string(), "ETag of the response, sent back as If-None-Match next time."),
            col(
                "last_modified", pa.string(), "Last-Modified of the response, sent back as If-Modified-Since."
            ),
            col("listing_published_at", UTC_TS, "Publication time the feed, sitemap or dump gave."),
            col("listing_title", pa.string(), "Title the feed or dump gave."),
            col("run_id", pa.string(), "Run that first recorded this outcome.", nullable=False),
        ]
    ),
)

ARTICLES = TableSpec(
    "articles",
    "silver",
    "One row per distinct news article (after validation and deduplication).",
    pa.schema(
        [
            col("article_id", pa.string(), "Stable id: hash of the canonical URL.", pk=True),
            col("page_id", pa.string(), "Input this article was parsed from.", nullable=False),
            col("url", pa.string(), "URL the article was fetched from.", nullable=False),
            col(
                "canonical_url",
                pa.string(),
                "Canonical URL (rel=canonical when on the same site).",
                nullable=False,
            ),
            col("source", pa.string(), "Source (outlet) name.", nullable=False),
            col("site_name", pa.string(), "Publisher name from the page."),
            col("title", pa.string(), "Headline without the site-name suffix.", nullable=False),
            col("subtitle", pa.string(), "Standfirst or description."),
            col(
                "authors",
                pa.list_(pa.string()),
                "People credited as authors (no agencies, no URLs).",
            ),
            col(
                "agencies",
                pa.list_(pa.string()),
                "Wire agencies credited (TASS, Reuters, AFP, ...).",
            ),
            col("published_at", UTC_TS, "Publication time in UTC."),
            col(
                "published_utc_offset",
                pa.string(),
                "UTC offset the page gave, e.g. +03:00; null if none.",
            ),
            col("date_source", pa.string(), "Where published_at came from.", allowed=DATE_SOURCES),
            col(
                "date_precision",
                pa.string(),
                "Precision of published_at.",
                allowed=("second", "minute", "day"),
            ),
            col("modified_at", UTC_TS, "Last modification time in UTC."),
            col("language", pa.string(), "ISO 639-1 language code."),
            col("section", pa.string(), "Section or category."),
            col("tags", pa.list_(pa.string()), "Tags or keywords."),
            col("top_image", pa.string(), "Main image URL."),
            col("image_caption", pa.string(), "Caption of the main image (kept out of text)."),
            col("image_credit", pa.string(), "Photo credit of the main image, e.g. 'Name / Agency'."),
            col(
                "dateline",
                pa.string(),
                "Dateline the story opened with, e.g. 'BAMAKO, Jan 20 (Reuters)'.",
            ),
            col(
                "text",
                pa.string(),
                "Body text, paragraphs separated by blank lines, boilerplate removed.",
                nullable=False,
            ),
            col("word_count", pa.int32(), "Whitespace-separated words in text.", nullable=False),
            col(
                "text_sha256",
                pa.string(),
                "SHA-256 of the normalised text (exact-duplicate key).",
                nullable=False,
            ),
            col("encoding", pa.string(), "Character encoding used to decode the page."),
            col(
                "encoding_guessed",
                pa.bool_(),
                "True when the declared encoding was wrong or missing.",
                nullable=False,
            ),
            col(
                "chars_replaced",
                pa.int32(),
                "Invalid bytes, control characters and lone surrogates replaced or dropped in decoding "
                "(NULL for rows parsed before parse-0.2).",
            ),
            col(
                "mojibake_fixed",
                pa.bool_(),
                "True when the text was mis-decoded upstream (e.g. UTF-8 read as cp1252) and repaired "
                "(NULL for rows parsed before parse-0.2).",
            ),
            col("fetched_at", UTC_TS, "When the page was fetched or read."),
            col("raw_ref", pa.string(), "Pointer to the raw bytes."),
            col(
                "parser",
                pa.string(),
                "Extractor used: a site profile's name, 'generic', or 'text[:profile]' for dumps.",
                nullable=False,
            ),
            col("run_id", pa.string(), "Run that loaded this version.", nullable=False),
            col(
                "story_id",
                pa.string(),
                "Story this article opens: its reprints, copies and URL variants share the id "
                "(see story_members; NULL for rows loaded before dedupe-0.2).",
            ),
            col(
                "version",
                pa.int32(),
                "1 when first loaded, one more each time a re-fetch brought changed text "
                "(NULL for rows loaded before dedupe-0.2).",
            ),
            col("previous_text_sha256", pa.string(), "text_sha256 of the version this one replaced."),
        ]
    ),
)

QUARANTINE = TableSpec(
    "quarantine",
    "bronze",
    "Inputs or rows held back, with a reason code from a closed list and a pointer to the raw bytes.",
    pa.schema(
        [
            col("quarantine_id", pa.string(), "Hash of record_id and stage.", pk=True),
            col("record_id", pa.string(), "page_id of the input.", nullable=False),
            col(
                "stage",
                pa.string(),
                "Stage that held it back.",
                nullable=False,
                allowed=("crawl", "parse", "validate", "events"),
            ),
            col(
                "reason_code",
                pa.string(),
                "Why, from a closed list.",
                nullable=False,
                allowed=QUARANTINE_REASONS,
            ),
            col("detail", pa.string(), "Human-readable detail.", nullable=False),
            col("url", pa.string(), "URL or path of the input."),
            col(
                "raw_ref",
                pa.string(),
                "Pointer to the raw bytes: WARC file#offset or path.",
                nullable=False,
            ),
            col("run_id", pa.string(), "Run that quarantined it.", nullable=False),
        ]
    ),
)

VISITS = TableSpec(
    "visits",
    "gold",
    "One row per visit mention in an article, with its evidence sentence and offsets.",
    pa.schema(
        [
            col("visit_id", pa.string(), "Hash of article_id, offsets and host.", pk=True),
            col("article_id", pa.string(), "Article the mention is in.", nullable=False),
            col("source", pa.string(), "Outlet of the article.", nullable=False),
            col("published_at", UTC_TS, "Publication time of the article."),
            col(
                "visitor_country",
                pa.string(),
                "ISO 3166 alpha-3 of the visiting country; null for organisations.",
            ),
            col(
                "visitor_org",
                pa.string(),
                "Visiting organisation (UN, IMF, ...) when not a country.",
            ),
            col("host_country", pa.string(), "ISO 3166 alpha-3 of the host country.", nullable=False),
            col("city", pa.string(), "City visited, when stated."),
            col("event_date", pa.date32(), "Date of the visit (start)."),
            col("date_precision", pa.string(), "Precision of event_date.", allowed=DATE_PRECISIONS),
            col(
                "date_source",
                pa.string(),
                "Where event_date came from.",
                allowed=("text", "dateline", "published_fallback"),
            ),
            col(
                "status",
                pa.string(),
                "occurred, ongoing, planned or cancelled.",
                nullable=False,
                allowed=STATUSES,
            ),
            col(
                "cameo_code",
                pa.string(),
                "CAMEO code: 042 make a visit, 036 announced.",
                nullable=False,
                allowed=CAMEO_CODES,
            ),
            col("leader_name", pa.string(), "Head of the delegation."),
            col("leader_title", pa.string(), "Title of the head of the delegation."),
            col(
                "delegation_kind",
                pa.string(),
                "military, government, parliamentary, trade or null.",
            ),
            col(
                "agreements",
                pa.list_(pa.string()),
                "Sentences of this article reporting agreements signed during the visit (CAMEO 057).",
            ),
            col("sentence", pa.string(), "Evidence sentence.", nullable=False),
            col(
                "char_start",
                pa.int32(),
                "Start offset of the sentence in articles.text.",
                nullable=False,
            ),
            col(
                "char_end",
                pa.int32(),
                "End offset of the sentence in articles.text.",
                nullable=False,
            ),
            col("confidence", pa.float64(), "Extractor confidence in [0, 1].", nullable=False),
            col(
                "extractor_version",
                pa.string(),
                "Version of the rules that produced the row.",
                nullable=False,
            ),
            col("event_id", pa.string(), "visit_events row this mention was merged into."),
        ]
    ),
)

VISIT_EVENTS = TableSpec(
    "visit_events",
    "gold",
    "Visits counted once: mentions merged across sentences, articles and outlets.",
    pa.schema(
        [
            col("event_id", pa.string(), "Hash of visitor, host and first date.", pk=True),
            col(
                "visitor_country",
                pa.string(),
                "ISO 3166 alpha-3 of the visitor; null for organisations.",
            ),
            col("visitor_org", pa.string(), "Visiting organisation when not a country."),
            col("host_country", pa.string(), "ISO 3166 alpha-3 of the host.", nullable=False),
            col("city", pa.string(), "Most reported city."),
            col("start_date", pa.date32(), "Earliest date reported."),
            col("end_date", pa.date32(), "Latest date reported."),
            col(
                "date_precision",
                pa.string(),
                "Best precision among mentions.",
                allowed=DATE_PRECISIONS,
            ),
            col(
                "status",
                pa.string(),
                "Status from the latest report.",
                nullable=False,
                allowed=STATUSES,
            ),
            col(
                "cameo_code",
                pa.string(),
                "042 for visits that happened, 036 for announced.",
                nullable=False,
                allowed=CAMEO_CODES,
            ),
            col("leader_name", pa.string(), "Most reported delegation head."),
            col("leader_title", pa.string(), "Title of that head."),
            col("delegation_kind", pa.string(), "Most reported delegation kind."),
            col(
                "agreements",
                pa.list_(pa.string()),
                "Distinct reports of agreements signed during the visit.",
            ),
            col(
                "outcome_codes",
                pa.list_(pa.string()),
                "CAMEO codes of the visit's outcomes: 057 when agreements were signed.",
            ),
            col(
                "confidence",
                pa.float64(),
                "Chance at least one reporting article is right: noisy-or of each article's best mention.",
                nullable=False,
            ),
            col("mention_count", pa.int32(), "Visit mentions merged.", nullable=False),
            col("article_count", pa.int32(), "Distinct articles reporting it.", nullable=False),
            col("source_count", pa.int32(), "Distinct outlets reporting it.", nullable=False),
            col("article_ids", pa.list_(pa.string()), "Articles reporting it.", nullable=False),
            col("first_reported_at", UTC_TS, "Earliest publication time among reports."),
            col("last_reported_at", UTC_TS, "Latest publication time among reports."),
        ]
    ),
)

MEMBER_ROLES = ("original", "url_variant", "exact_copy", "near_copy")

STORY_MEMBERS = TableSpec(
    "story_members",
    "silver",
    "One row per parsed page that joined a story: the loaded original and every copy of it.",
    pa.schema(
        [
            col("page_id", pa.string(), "Input the copy was parsed from.", pk=True),
            col("story_id", pa.string(), "Story the page belongs to.", nullable=False),
            col(
                "article_id",
                pa.string(),
                "The page's own article id (hash of its canonical URL).",
                nullable=False,
            ),
            col(
                "duplicate_of",
                pa.string(),
                "article_id of the loaded article it repeats; NULL for originals.",
            ),
            col(
                "role",
                pa.string(),
                "original (loaded), url_variant (same canonical URL), exact_copy (same text) or "
                "near_copy (a reprint: Jaccard >= 0.6, or >= 75% of its shingles inside the original).",
                nullable=False,
                allowed=MEMBER_ROLES,
            ),
            col(
                "jaccard", pa.float64(), "Jaccard similarity of 5-word shingles with the article it repeats."
            ),
            col("containment", pa.float64(), "Share of the smaller text's shingles found in the other."),
            col("url", pa.string(), "URL of the page.", nullable=False),
            col("source", pa.string(), "Source (outlet) the page came from.", nullable=False),
            col("site_name", pa.string(), "Publisher name from the page."),
            col("title", pa.string(), "Headline of this copy (reprints often change it)."),
            col("published_at", UTC_TS, "Publication time of this copy in UTC."),
            col("fetched_at", UTC_TS, "When this copy was fetched or read."),
            col(
                "wire_agency",
                pa.string(),
                "Wire agency the copy credits in a dateline or credit line, e.g. '(Reuters) -', '— TASS'.",
            ),
            col("run_id", pa.string(), "Run that recorded the page.", nullable=False),
        ]
    ),
)

STORIES = TableSpec(
    "stories",
    "gold",
    "One row per story: an article with all its reprints and copies, and who published it first.",
    pa.schema(
        [
            col("story_id", pa.string(), "Story id.", pk=True),
            col("article_id", pa.string(), "The loaded article that stands for the story.", nullable=False),
            col("title", pa.string(), "Headline of the loaded article."),
            col("original_source", pa.string(), "Source of the earliest-published copy.", nullable=False),
            col("original_url", pa.string(), "URL of the earliest-published copy.", nullable=False),
            col("first_published_at", UTC_TS, "Earliest publication time among the copies."),
            col("first_seen_at", UTC_TS, "When newsetl first fetched or read any copy."),
            col("copies", pa.int64(), "Pages in the story, the original included.", nullable=False),
            col("outlets", pa.int64(), "Distinct sites (URL hosts) that carried it.", nullable=False),
            col("wire_agency", pa.string(), "Wire agency credited by most copies, if any."),
        ]
    ),
)

NEARDUP_INDEX = TableSpec(
    "neardup_index",
    "meta",
    "MinHash LSH band keys of every loaded article version: new runs search it instead of "
    "recomputing the corpus.",
    pa.schema(
        [
            col("article_id", pa.string(), "Indexed article.", pk=True),
            col("text_sha256", pa.string(), "Text version the keys were computed from.", pk=True),
            col("story_id", pa.string(), "Story of the article.", nullable=False),
            col(
                "band_keys",
                pa.list_(pa.int64()),
                "One key per LSH band of the 64-permutation MinHash signature (datasketch), "
                "as signed 64-bit values (Delta Lake has no unsigned type).",
                nullable=False,
            ),
            col("run_id", pa.string(), "Run that indexed it.", nullable=False),
        ]
    ),
)

RUNS = TableSpec(
    "runs",
    "meta",
    "One row per pipeline run with counts per outcome.",
    pa.schema(
        [
            col("run_id", pa.string(), "Run id (UTC time and a random suffix).", pk=True),
            col("mode", pa.string(), "demo, run, ingest or reparse.", nullable=False),
            col("started_at", UTC_TS, "Start time.", nullable=False),
            col("finished_at", UTC_TS, "End time.", nullable=False),
            col(
                "status",
                pa.string(),
                "published or blocked.",
                nullable=False,
                allowed=("published", "blocked"),
            ),
            col("message", pa.string(), "Why a run was blocked, or a summary."),
            col("inputs", pa.int64(), "Inputs seen (URLs, files, records).", nullable=False),
            col("fetched", pa.int64(), "HTTP fetches that returned a response.", nullable=False),
            col("loaded", pa.int64(), "Inputs loaded as articles.", nullable=False),
            col("quarantined", pa.int64(), "Inputs quarantined.", nullable=False),
            col("duplicates", pa.int64(), "Inputs that duplicate another.", nullable=False),
            col("skipped", pa.int64(), "Inputs skipped with a reason.", nullable=False),
            col("fetch_failed", pa.int64(), "Inputs whose fetch failed.", nullable=False),
            col(
                "unchanged",
                pa.int64(),
                "Inputs unchanged since the last fetch (304 or same bytes): outcome kept, not re-parsed.",
                nullable=False,
            ),
            col("visits", pa.int64(), "Visit mentions extracted this run.", nullable=False),
            col("events", pa.int64(), "Visit events in the warehouse after the run.", nullable=False),
            col(
                "code_version",
                pa.string(),
                "newsetl version and git commit that ran it, e.g. '0.1.0+g68d23f5'.",
            ),
            col("parser_version", pa.string(), "Version of the page parser (transforms/parse.py)."),
            col("extractor_version", pa.string(), "Version of the visit extractor (transforms/events.py)."),
            col(
                "raw_files",
                pa.list_(pa.string()),
                "WARC files the run read, relative to the data folder: `newsetl reparse` rebuilds from them.",
            ),
        ]
    ),
)

COUNTRIES = TableSpec(
    "countries",
    "reference",
    "ISO 3166 countries (from pycountry), for names in analyst views.",
    pa.schema(
        [
            col("iso3", pa.string(), "ISO 3166-1 alpha-3 code.", pk=True),
            col("iso2", pa.string(), "ISO 3166-1 alpha-2 code.", nullable=False),
            col("name", pa.string(), "Common name (or official short name).", nullable=False),
        ]
    ),
)

TABLES: dict[str, TableSpec] = {
    t.name: t
    for t in (
        PAGES,
        ARTICLES,
        STORY_MEMBERS,
        STORIES,
        QUARANTINE,
        VISITS,
        VISIT_EVENTS,
        RUNS,
        COUNTRIES,
        NEARDUP_INDEX,
    )
}


def spec(name: str) -> TableSpec:
    """Look a table up by name, with a clear error for unknown names."""
    try:
        return TABLES[name]
    except KeyError:
        raise KeyError(f"unknown table {name!r}; known: {sorted(TABLES)}") from None


def records_frame(spec_: TableSpec, rows: list[dict[str, Any]]) -> pd.DataFrame:
    """A frame with exactly the table's columns from a list of dicts (missing keys become null)."""
    if not rows:
        return spec_.empty_frame()
    return pd.DataFrame([{c: r.get(c) for c in spec_.columns} for r in rows], columns=spec_.columns)
