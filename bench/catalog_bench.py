"""Catalog bench: `visits_by_country('RUS', ...)` on a synthetic 1,000,000-article warehouse (issue 8).

The warehouse is written batch by batch through the real writers (`warehouse.tables`): pages,
articles, story members, stories, quarantine and near-duplicate index appended one file per batch
and table (more and smaller files than upsert's rewrites leave: the catalog reads every live
file's footer, so this layout is the harder one), runs upserted per batch, then visits merged into
events by the real `visit_events` and replaced, as a publish does. The catalog comes from the real
`refresh_catalog`. The query is timed on the analyst connection (`catalog.connect` + `run_query`,
what `newsetl sql` uses), on the catalog file opened read-only with plain DuckDB, and as the same
SQL over the raw Parquet files; the three answers must be equal. The warehouse is cached per size
and batch under /tmp/newsetl-bench and reused unless --rebuild.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import pyarrow.parquet as pq

from bench.synth_news import (
    COUNTRIES,
    EXACT_COPY_SHARE,
    OUTLETS,
    REPRINT_SHARE,
    URL_VARIANT_SHARE,
    VISIT_FOLLOW,
    VISIT_LEADS,
    _fill,
    _free_sentence,
    _sentence,
)
from transforms.countries import country_code
from transforms.dedupe import stories
from transforms.events import EXTRACTOR_VERSION
from transforms.normalize import page_id, stable_id, text_fingerprint
from transforms.parse import PARSER_VERSION
from transforms.records import quarantine_rows
from transforms.reference import HISTORIC_NAMES, countries_frame
from transforms.visit_events import OCCURRED, visit_events
from warehouse import tables
from warehouse.catalog import catalog_path, connect, refresh_catalog, run_query
from warehouse.schemas import (
    ARTICLES,
    NEARDUP_INDEX,
    PAGES,
    QUARANTINE,
    RUNS,
    STATUSES,
    STORIES,
    STORY_MEMBERS,
    TABLES,
    VISIT_EVENTS,
    VISITS,
    TableSpec,
    records_frame,
)
from warehouse.schemas import (
    COUNTRIES as COUNTRIES_TABLE,
)
from warehouse.tables import live_files, table_path

CACHE = Path(tempfile.gettempdir()) / "newsetl-bench"
MARKER = "catalog-bench.json"
# Bumped whenever the generator changes, so a cached warehouse of an older generator is rebuilt.
GENERATOR = 1
SEED = 2026
TARGET_S = 1.0
QUERY = (
    "SELECT * FROM visits_by_country('RUS', from_date := DATE '2020-01-01', "
    "to_date := DATE '2026-12-31', min_confidence := 0.5)"
)
# The macro's logic written directly over the tables' Parquet files: what the catalog saves writing.
RAW_QUERY = """
WITH events AS (
    SELECT * FROM read_parquet('{visit_events}/*.parquet')
    WHERE visitor_country = 'RUS' AND start_date >= DATE '2020-01-01'
        AND start_date <= DATE '2026-12-31' AND confidence >= 0.5
)
SELECT
    e.host_country,
    c.name AS host_name,
    count(*) FILTER (WHERE e.status IN ('occurred', 'ongoing')) AS visits,
    sum(e.mention_count) FILTER (WHERE e.status IN ('occurred', 'ongoing')) AS mentions,
    min(e.start_date) FILTER (WHERE e.status IN ('occurred', 'ongoing')) AS first_date,
    max(coalesce(e.end_date, e.start_date)) FILTER (WHERE e.status IN ('occurred', 'ongoing')) AS last_date,
    count(*) FILTER (WHERE e.status = 'planned') AS planned,
    count(*) FILTER (WHERE e.status = 'cancelled') AS cancelled
FROM events AS e
LEFT JOIN read_parquet('{countries}/*.parquet') AS c ON c.iso3 = e.host_country
GROUP BY e.host_country, c.name
ORDER BY visits DESC, host_country
"""

# Shares of a realistic crawl: a few articles report a visit; pages that are not loaded articles.
VISIT_SHARE = 0.07
MENTIONS_PER_ARTICLE = ((1, 2, 3), (0.7, 0.22, 0.08))
DUPLICATES = (
    ("url_variant", URL_VARIANT_SHARE),
    ("exact_copy", EXACT_COPY_SHARE),
    ("near_copy", REPRINT_SHARE),
)
NOT_LOADED = (("quarantined", 0.03), ("skipped", 0.01), ("fetch_failed", 0.01))
QUARANTINED_FOR = ("short_body", "not_article", "missing_title", "empty_body", "date_in_future")
STATUS_SHARES = (0.74, 0.04, 0.17, 0.05)  # occurred, ongoing, planned, cancelled (STATUSES order)
KINDS = (None, "government", "military", "parliamentary", "trade")
FIRST_DAY = date(2019, 1, 1)
LAST_DAY = date(2026, 6, 30)
EPOCH_S = int(datetime(FIRST_DAY.year, FIRST_DAY.month, FIRST_DAY.day, tzinfo=UTC).timestamp())
SENTENCE_POOL = 20_000
AUTHORS = ["Nadia Kone", "Ivan Sokolov", "Claire Martin", "Le Van Minh", "Ana Souza", "Kemal Aydin"]
ORGS = [
    ("UN", "Secretary-General", "Antonio Guterres"),
    ("IMF", "Managing Director", "Kristalina Georgieva"),
    ("African Union", "Commission Chairperson", "Moussa Faki"),
]


@dataclass(frozen=True)
class Visitor:
    """A visiting country or organisation with its delegation head."""

    iso3: str | None
    org: str | None
    adjective: str
    title: str
    leader: str


@dataclass(frozen=True)
class World:
    """What every batch draws from: visitors, hosts, the visits that happened and a sentence pool."""

    visitors: list[Visitor]
    host_iso3: list[str]
    host_name: list[str]
    # One entry per real visit; articles report them, the popular ones many times.
    visitor: np.ndarray
    host: np.ndarray
    start: np.ndarray  # days after FIRST_DAY
    length: np.ndarray
    status: np.ndarray  # index into STATUSES
    kind: np.ndarray  # index into KINDS
    popularity: np.ndarray
    sentences: list[str]


def make_world(n_articles: int) -> World:
    """Visitors (Russia most often), about 250 hosts with a skewed share, and the visits to report."""
    rng = np.random.default_rng([SEED, 0])
    visitors = [Visitor(country_code(c[0]), None, c[1], c[3], c[4]) for c in COUNTRIES]
    visitors += [Visitor(None, org, org, title, leader) for org, title, leader in ORGS]
    if visitors[0].iso3 != "RUS":
        raise ValueError("synth_news.COUNTRIES must start with Russia, the visitor the bench queries")
    others = len(COUNTRIES) - 1
    # Russia, the visitor the analysts track, reports most often.
    visitor_p = np.array([0.35] + [0.60 / others] * others + [0.05 / len(ORGS)] * len(ORGS))
    hosts = countries_frame()
    hosts = hosts[~hosts["iso3"].isin(HISTORIC_NAMES)].reset_index(drop=True)
    # The places synth_news writes about are the most visited; the rest in a fixed random order.
    usual = {country_code(c[0]) for c in COUNTRIES}
    rank = np.empty(len(hosts))
    first = hosts["iso3"].isin(usual).to_numpy()
    rank[first] = np.arange(first.sum())
    rank[~first] = first.sum() + rng.permutation((~first).sum())
    host_p = 1.0 / (rank + 1.0) ** 1.1
    size = max(50, int(n_articles * VISIT_SHARE / 3))
    visitor = rng.choice(len(visitors), size=size, p=visitor_p / visitor_p.sum())
    host = rng.choice(len(hosts), size=size, p=host_p / host_p.sum())
    iso3 = hosts["iso3"].tolist()
    # A visit at home is no visit (the extractor quarantines it): move it to the next country.
    home = np.array([iso3[h] == visitors[v].iso3 for v, h in zip(visitor, host, strict=True)])
    host[home] = (host[home] + 1) % len(hosts)
    popularity = 1.0 / (rng.permutation(size) + 5.0) ** 0.7
    pool_rng = np.random.default_rng([SEED, 1])
    sentences = [
        _sentence(pool_rng) if k % 3 == 0 else _free_sentence(pool_rng) for k in range(SENTENCE_POOL)
    ]
    return World(
        visitors=visitors,
        host_iso3=iso3,
        host_name=hosts["name"].tolist(),
        visitor=visitor,
        host=host,
        start=rng.integers(0, (LAST_DAY - FIRST_DAY).days, size=size),
        length=rng.choice([0, 1, 2, 3, 4], size=size, p=[0.3, 0.3, 0.2, 0.1, 0.1]),
        status=rng.choice(len(STATUSES), size=size, p=STATUS_SHARES),
        kind=rng.integers(0, len(KINDS), size=size),
        popularity=popularity / popularity.sum(),
        sentences=sentences,
    )


def _frame(spec: TableSpec, n: int, columns: dict[str, Any]) -> pd.DataFrame:
    """n rows of a table from the given columns; every other column is null."""
    unknown = set(columns) - set(spec.columns)
    if unknown:
        raise ValueError(f"{spec.name}: no columns {sorted(unknown)}")
    return pd.DataFrame({c: columns.get(c, [None] * n) for c in spec.columns}, columns=spec.columns)


def _utc(seconds: list[int] | np.ndarray) -> pd.Series:
    return pd.Series(pd.to_datetime(np.asarray(seconds, dtype="int64"), unit="s", utc=True))


@dataclass
class Batch:
    """One publish worth of rows per table."""

    frames: dict[TableSpec, pd.DataFrame]
    visits: pd.DataFrame
    run_row: dict[str, Any]


def make_batch(world: World, number: int, lo: int, hi: int) -> Batch:
    """Articles lo..hi-1 with their pages, copies, story rows, index keys and visit mentions."""
    rng = np.random.default_rng([SEED, 2, number])
    n = hi - lo
    run_id = f"bench-{number:05d}"
    mentions = np.where(
        rng.random(n) < VISIT_SHARE, rng.choice(MENTIONS_PER_ARTICLE[0], size=n, p=MENTIONS_PER_ARTICLE[1]), 0
    )
    reported = iter(rng.choice(len(world.visitor), size=int(mentions.sum()), p=world.popularity))
    filler = rng.integers(0, len(world.sentences), size=(n, 12))
    filler_count = rng.integers(4, 13, size=n)
    plain_seconds = EPOCH_S + rng.integers(0, (LAST_DAY - FIRST_DAY).days * 86_400, size=n)
    delay_days = rng.integers(0, 4, size=n)
    time_of_day = rng.integers(0, 86_400, size=n)
    art: dict[str, list[Any]] = defaultdict(list)
    visit_rows: list[dict[str, Any]] = []
    for j in range(n):
        i = lo + j
        outlet = OUTLETS[i % len(OUTLETS)]
        parts: list[str] = []
        offset = 0
        title = None
        published = int(plain_seconds[j])
        v = -1
        for m in range(int(mentions[j])):
            # Further sentences mostly report the same visit; some report another one.
            v = int(next(reported)) if m == 0 or rng.random() < 0.4 else v
            who = world.visitors[int(world.visitor[v])]
            host = int(world.host[v])
            status = STATUSES[int(world.status[v])]
            start = int(world.start[v])
            slots = {
                "vadj": who.adjective, "vtitle": who.title, "vname": who.leader,
                "host": world.host_name[host], "hadj": "the", "htitle": "host", "hname": "government",
                "city": world.host_name[host],
            }  # fmt: skip
            sentence = _fill(rng, VISIT_LEADS[int(rng.integers(len(VISIT_LEADS)))], slots)
            if m == 0:
                # Announcements come out before the visit, reports of it after.
                before = status == "planned"
                day = start - int(rng.integers(1, 11)) if before else start + int(delay_days[j])
                published = EPOCH_S + day * 86_400 + int(time_of_day[j])
                title = f"{who.adjective} {who.title} {who.leader.split()[-1]} visits {world.host_name[host]}"
            agreement = status in OCCURRED and rng.random() < 0.1
            visit_rows.append(
                {
                    "_article": j,
                    "visitor_country": who.iso3,
                    "visitor_org": who.org,
                    "host_country": world.host_iso3[host],
                    "event_date": FIRST_DAY
                    + timedelta(days=start + int(rng.integers(0, world.length[v] + 1))),
                    "date_precision": str(rng.choice(["day", "week", "month"], p=[0.8, 0.1, 0.1])),
                    "date_source": str(
                        rng.choice(["text", "dateline", "published_fallback"], p=[0.8, 0.1, 0.1])
                    ),
                    "status": status,
                    "cameo_code": "042" if status in OCCURRED else "036",
                    "leader_name": who.leader,
                    "leader_title": who.title,
                    "delegation_kind": KINDS[int(world.kind[v])],
                    "agreements": [_fill(rng, VISIT_FOLLOW[2], slots)] if agreement else None,
                    "sentence": sentence,
                    "char_start": offset,
                    "char_end": offset + len(sentence),
                    "confidence": round(float(rng.beta(5, 2)), 3),
                    "extractor_version": EXTRACTOR_VERSION,
                }
            )
            parts.append(sentence)
            offset += len(sentence) + 1
        parts += [world.sentences[int(k)] for k in filler[j, : filler_count[j]]]
        text = " ".join(parts)
        url = f"https://{outlet[0]}/news/{i}"
        if title is None:
            title = parts[0].rstrip(".").split(" that ")[-1].capitalize()
        for column, value in (
            ("page_id", page_id(url)),
            ("url", url),
            ("canonical_url", url),
            ("source", outlet[1]),
            ("site_name", outlet[1]),
            ("title", title),
            ("authors", [AUTHORS[i % len(AUTHORS)]]),
            ("agencies", [outlet[3]] if i % 5 == 0 else []),
            ("published_at", published),
            ("published_utc_offset", f"{outlet[2]:+03d}:00"),
            ("date_source", "json-ld"),
            ("date_precision", "minute"),
            ("language", "en"),
            ("section", "world" if mentions[j] else "news"),
            ("text", text),
            ("word_count", len(text.split())),
            ("text_sha256", text_fingerprint(text)),
            ("encoding", "utf-8"),
            ("encoding_guessed", False),
            ("chars_replaced", 0),
            ("mojibake_fixed", False),
            ("fetched_at", published + 3_600),
            ("raw_ref", f"raw/{run_id}.warc.gz#{j * 9_000}"),
            ("parser", "generic"),
            ("run_id", run_id),
            ("version", 1),
        ):
            art[column].append(value)
    art["article_id"] = [stable_id("article", u) for u in art["canonical_url"]]
    art["story_id"] = [stable_id("story", a) for a in art["article_id"]]
    for column in ("published_at", "fetched_at"):
        art[column] = _utc(art[column]).tolist()
    articles = _frame(ARTICLES, n, art)
    pages, members = _pages_and_members(rng, articles, run_id)
    visits = pd.DataFrame(visit_rows)
    if not visits.empty:
        owner = articles.iloc[visits.pop("_article").to_numpy()].reset_index(drop=True)
        visits["article_id"] = owner["article_id"]
        visits["source"] = owner["source"]
        visits["published_at"] = owner["published_at"]
        visits["visit_id"] = [
            stable_id("visit", a, str(s), h)
            for a, s, h in zip(
                visits["article_id"], visits["char_start"], visits["host_country"], strict=True
            )
        ]
        visits = _frame(VISITS, len(visits), {c: visits[c] for c in visits.columns})
    index = _frame(
        NEARDUP_INDEX,
        n,
        {
            "article_id": articles["article_id"],
            "text_sha256": articles["text_sha256"],
            "story_id": articles["story_id"],
            # 32 LSH band keys, as transforms.neardup stores them.
            "band_keys": list(rng.integers(-(2**63), 2**63 - 1, size=(n, 32), dtype=np.int64)),
            "run_id": [run_id] * n,
        },
    )
    quarantine = pd.DataFrame(
        quarantine_rows(pages.astype(object).where(pages.notna(), None).to_dict("records"), run_id),
        columns=QUARANTINE.columns,
    )
    counts = pages["outcome"].value_counts()
    started = datetime(2026, 7, 1, tzinfo=UTC) + timedelta(hours=number)
    run_row = {
        "run_id": run_id,
        "mode": "run",
        "started_at": started,
        "finished_at": started + timedelta(minutes=20),
        "status": "published",
        "inputs": len(pages),
        "fetched": len(pages) - int(counts.get("fetch_failed", 0)),
        "loaded": int(counts.get("loaded", 0)),
        "quarantined": int(counts.get("quarantined", 0)),
        "duplicates": int(counts.get("duplicate_of", 0)),
        "skipped": int(counts.get("skipped", 0)),
        "fetch_failed": int(counts.get("fetch_failed", 0)),
        "unchanged": 0,
        "visits": len(visits),
        "events": 0,
        "code_version": "bench",
        "parser_version": PARSER_VERSION,
        "extractor_version": EXTRACTOR_VERSION,
        "raw_files": [f"raw/{run_id}.warc.gz"],
    }
    frames = {
        PAGES: pages,
        ARTICLES: articles,
        STORY_MEMBERS: members,
        STORIES: stories(members, articles),
        QUARANTINE: quarantine,
        NEARDUP_INDEX: index,
    }
    return Batch(frames, visits, run_row)


def _pages_and_members(
    rng: np.random.Generator, articles: pd.DataFrame, run_id: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Pages (loaded articles, their copies, pages not loaded) and story members (originals, copies)."""
    n = len(articles)
    roles = [role for role, share in DUPLICATES for _ in range(int(n * share))]
    of = rng.integers(0, n, size=len(roles))
    original = articles.iloc[of].reset_index(drop=True)
    near = np.array(roles) == "near_copy"
    outlet = [OUTLETS[int(k)] for k in rng.integers(0, len(OUTLETS), size=len(roles))]
    url = [
        f"{u}?utm_source=rss&utm_id={k}" if r == "url_variant" else f"https://{o[0]}/wire/{run_id}-{k}"
        for k, (u, r, o) in enumerate(zip(original["url"], roles, outlet, strict=True))
    ]
    source = [
        s if r == "url_variant" else o[1] for s, r, o in zip(original["source"], roles, outlet, strict=True)
    ]
    copy_ids = [page_id(u) for u in url]
    members = pd.concat(
        [
            _frame(
                STORY_MEMBERS,
                n,
                {
                    **{
                        c: articles[c]
                        for c in ("page_id", "story_id", "article_id", "url", "source", "site_name")
                    },
                    **{c: articles[c] for c in ("title", "published_at", "fetched_at", "run_id")},
                    "role": ["original"] * n,
                },
            ),
            _frame(
                STORY_MEMBERS,
                len(roles),
                {
                    "page_id": copy_ids,
                    "story_id": original["story_id"],
                    "article_id": [stable_id("article", u.partition("?")[0]) for u in url],
                    "duplicate_of": original["article_id"],
                    "role": roles,
                    "jaccard": np.where(near, np.round(rng.uniform(0.6, 0.95, len(roles)), 3), 1.0),
                    "containment": np.where(near, np.round(rng.uniform(0.75, 1.0, len(roles)), 3), 1.0),
                    "url": url,
                    "source": source,
                    "site_name": source,
                    "title": original["title"],
                    "published_at": original["published_at"],
                    "fetched_at": original["fetched_at"],
                    "wire_agency": [o[3] if r else None for o, r in zip(outlet, near, strict=True)],
                    "run_id": [run_id] * len(roles),
                },
            ),
        ],
        ignore_index=True,
    )
    loaded = {
        "page_id": members["page_id"],
        "url": members["url"],
        "canonical_url": members["url"].str.partition("?")[0],
        "source": members["source"],
        "outcome": ["loaded"] * n + ["duplicate_of"] * len(roles),
        "reason": [None] * n + [_DUPLICATE_REASON[r] for r in roles],
        "duplicate_of": members["duplicate_of"],
        "article_id": articles["article_id"].tolist() + [None] * len(roles),
        "http_status": [200] * len(members),
        "content_type": ["text/html; charset=utf-8"] * len(members),
        "content_sha256": [stable_id("body", p) for p in members["page_id"]],
        "fetched_at": members["fetched_at"],
        "listing_published_at": members["published_at"],
        "listing_title": members["title"],
    }
    outcomes = [outcome for outcome, share in NOT_LOADED for _ in range(int(n * share))]
    failed_url = [f"https://{OUTLETS[k % len(OUTLETS)][0]}/news/{run_id}-x{k}" for k in range(len(outcomes))]
    not_loaded = {
        "page_id": [page_id(u) for u in failed_url],
        "url": failed_url,
        "canonical_url": failed_url,
        "source": [OUTLETS[k % len(OUTLETS)][1] for k in range(len(outcomes))],
        "outcome": outcomes,
        "reason": [
            str(rng.choice(QUARANTINED_FOR)) if o == "quarantined" else _NOT_LOADED_REASON[o]
            for o in outcomes
        ],
    }
    pages = pd.concat(
        [_frame(PAGES, len(members), loaded), _frame(PAGES, len(outcomes), not_loaded)], ignore_index=True
    )
    pages["discovered_via"] = rng.choice(["rss", "sitemap", "link", "warc"], size=len(pages))
    pages["attempts"] = np.where(pages["outcome"] == "fetch_failed", 3, 1)
    pages["raw_ref"] = [f"raw/{run_id}.warc.gz#{k * 9_000}" for k in range(len(pages))]
    pages["run_id"] = run_id
    return pages, members


_DUPLICATE_REASON = {
    "url_variant": "same_canonical_url",
    "exact_copy": "same_text",
    "near_copy": "near_duplicate",
}
_NOT_LOADED_REASON = {"skipped": "not_html", "fetch_failed": "http_503"}


def generate(data_dir: Path, n: int, batch: int) -> None:
    """Write the warehouse publish by publish through the real writers, then build the catalog."""
    world = make_world(n)
    visits = []
    started = time.perf_counter()
    batches = range(0, n, batch)
    for number, lo in enumerate(batches):
        made = make_batch(world, number, lo, min(n, lo + batch))
        for spec, frame in made.frames.items():
            tables.append(data_dir, spec, frame)
        tables.upsert(data_dir, RUNS, records_frame(RUNS, [made.run_row]))
        visits.append(made.visits)
        if (number + 1) % max(1, len(batches) // 10) == 0 or number + 1 == len(batches):
            print(
                f"  published {min(n, lo + batch):>9,} articles ({number + 1}/{len(batches)} batches, "
                f"{time.perf_counter() - started:5.0f} s)",
                flush=True,
            )
    events, merged = visit_events(pd.concat([v for v in visits if not v.empty], ignore_index=True))
    tables.replace(data_dir, VISITS, merged)
    tables.replace(data_dir, VISIT_EVENTS, events[VISIT_EVENTS.columns])
    tables.replace(data_dir, COUNTRIES_TABLE, countries_frame())
    refresh_catalog(data_dir)
    print(f"  visits merged into events and catalog built ({time.perf_counter() - started:.0f} s)")


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    out = fn()
    return time.perf_counter() - started, out


@dataclass(frozen=True)
class Timing:
    """Seconds to open a connection, run the query first and run it again (median), and its rows."""

    label: str
    open_s: float
    cold_s: float
    warm_s: float
    rows: list[tuple[Any, ...]]


def timing(
    label: str,
    open_: Callable[[], duckdb.DuckDBPyConnection],
    run: Callable[[duckdb.DuckDBPyConnection], list[tuple[Any, ...]]],
    repeats: int,
) -> Timing:
    """Open a fresh connection, run the query once (cold) and `repeats` more times (warm)."""
    open_s, con = _timed(open_)
    try:
        cold_s, rows = _timed(lambda: run(con))
        warm = [_timed(lambda: run(con))[0] for _ in range(repeats)]
    finally:
        con.close()
    return Timing(label, open_s, cold_s, statistics.median(warm), rows)


def footer_seconds(data_dir: Path) -> tuple[int, float]:
    """(live Parquet files of all tables, seconds to read each one's schema as the catalog does)."""
    files = [f for spec in TABLES.values() for f in live_files(data_dir, spec)]
    seconds, _ = _timed(lambda: [pq.read_schema(f) for f in files])
    return len(files), seconds


def summary(data_dir: Path) -> None:
    """Rows, live files and size per table."""
    print("warehouse:")
    for spec in TABLES.values():
        files = live_files(data_dir, spec)
        rows = sum(pq.ParquetFile(f).metadata.num_rows for f in files)
        mb = sum(Path(f).stat().st_size for f in files) / 1e6
        print(f"  {spec.layer + '.' + spec.name:<22} {rows:>11,} rows {len(files):>5} files {mb:9.1f} MB")


def measure(data_dir: Path, repeats: int) -> bool:
    """Print the figures; True when the warm query answers under the target on both catalog paths."""
    build_s, _ = _timed(lambda: refresh_catalog(data_dir))
    files, footers_s = footer_seconds(data_dir)
    raw = RAW_QUERY.format(
        visit_events=table_path(data_dir, VISIT_EVENTS), countries=table_path(data_dir, COUNTRIES_TABLE)
    )
    runs = [
        timing(
            "(a) catalog.connect + run_query",
            lambda: connect(data_dir),
            lambda con: run_query(con, QUERY).rows,
            repeats,
        ),
        timing(
            "(b) newsetl.duckdb read-only",
            lambda: duckdb.connect(str(catalog_path(data_dir)), read_only=True),
            lambda con: con.execute(QUERY).fetchall(),
            repeats,
        ),
        timing(
            "(c) raw Parquet (read_parquet)", duckdb.connect, lambda con: con.execute(raw).fetchall(), repeats
        ),
    ]
    print(f"query: {QUERY}")
    print(f"catalog build (refresh_catalog): {build_s:.3f} s; {files} live Parquet files, footers read in "
          f"{footers_s:.3f} s")  # fmt: skip
    print(f"  {'path':<36} {'open/views':>10} {'first':>9} {'warm':>9} {'open+first':>11}")
    for t in runs:
        print(
            f"  {t.label:<36} {t.open_s:>8.3f} s {t.cold_s:>7.3f} s {t.warm_s:>7.3f} s "
            f"{t.open_s + t.cold_s:>9.3f} s"
        )
    print(
        f"  (first: first query on a fresh connection, OS file cache not dropped; "
        f"warm: median of {repeats} repeats)"
    )
    answers = {t.label: t.rows for t in runs}
    if any(rows != runs[0].rows for rows in answers.values()):
        raise AssertionError(f"the paths disagree: { {k: len(v) for k, v in answers.items()} } rows")
    rows = runs[0].rows
    print(
        f"answers equal on all three paths: {len(rows)} host countries, "
        f"{sum(r[2] for r in rows):,} RUS visits, {sum(r[6] for r in rows):,} planned"
    )
    analyst, catalog_file = runs[0], runs[1]
    ok = analyst.warm_s < TARGET_S and catalog_file.warm_s < TARGET_S
    verdict = "PASS" if ok else "MISS"
    print(
        f"{verdict}: warm {analyst.warm_s:.3f} s (analyst connection) and {catalog_file.warm_s:.3f} s "
        f"(catalog file) against the {TARGET_S:g} s target"
    )
    one_shot = analyst.open_s + analyst.cold_s
    print(
        f"{'PASS' if one_shot < TARGET_S else 'MISS'}: one-shot `newsetl sql` "
        f"(connect + first query) {one_shot:.3f} s against the same target"
    )
    return ok


def prepare(data_dir: Path, n: int, batch: int, rebuild: bool) -> None:
    """Reuse the warehouse generated for these settings, or (re)generate it."""
    marker = data_dir / MARKER
    wanted = {"articles": n, "batch": batch, "generator": GENERATOR, "seed": SEED, "complete": True}
    ours = marker.exists()
    if ours and not rebuild and json.loads(marker.read_text()) == wanted:
        print(f"reusing the warehouse in {data_dir} (--rebuild to regenerate)")
        return
    if data_dir.exists() and any(data_dir.iterdir()):
        if not ours:
            # Never delete a folder this bench did not write, e.g. a real warehouse given as --data-dir.
            raise SystemExit(f"{data_dir} is not empty and holds no {MARKER}: refusing to overwrite it")
        shutil.rmtree(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    # Written first, so an interrupted generation is recognised as ours and regenerated next time.
    marker.write_text(json.dumps({**wanted, "complete": False}))
    print(f"generating {n:,} articles in batches of {batch:,} into {data_dir}:", flush=True)
    seconds, _ = _timed(lambda: generate(data_dir, n, batch))
    marker.write_text(json.dumps(wanted))
    print(f"generated in {seconds:.0f} s")


def main() -> int:
    """Generate (or reuse) the warehouse, print the figures; exit 1 when the warm target is missed."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--batch", type=int, default=50_000, help="articles per publish (one file each)")
    parser.add_argument("--data-dir", type=Path, help="default: /tmp/newsetl-bench/catalog-<articles>")
    parser.add_argument("--rebuild", action="store_true", help="regenerate even if a cached warehouse exists")
    parser.add_argument("--repeats", type=int, default=7, help="warm runs (median reported)")
    args = parser.parse_args()
    data_dir = args.data_dir or CACHE / f"catalog-{args.articles}"
    prepare(data_dir, args.articles, args.batch, args.rebuild)
    ok = measure(data_dir, max(5, args.repeats))
    summary(data_dir)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
