"""Duplicates among articles: URL variants, exact copies and near copies grouped into stories."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import numpy as np
import pandas as pd

from transforms import neardup
from transforms.normalize import stable_id
from transforms.parse import AGENCIES
from transforms.records import records

DEDUPE_VERSION = "dedupe-0.2"

_AGENCY_NAMES = "|".join(re.escape(k) for k in sorted(AGENCIES, key=len, reverse=True))
# "(Reuters) -" or "MOSCOW (AP) —" opening a wire story.
_LEAD_CREDIT = re.compile(rf"^[^\n(]{{0,80}}\(({_AGENCY_NAMES})\)\s*[-\u2013\u2014]", re.IGNORECASE)
_PAREN_CREDIT = re.compile(rf"\(({_AGENCY_NAMES})\)", re.IGNORECASE)
# "— TASS", "(AFP)", "Source: Interfax" or "© Reuters" closing it.
_TAIL_CREDIT = re.compile(
    rf"(?:[-\u2013\u2014]\s*|\(|\bsource:\s*|\u00a9\s*(?:\d{{4}}\s+)?)({_AGENCY_NAMES})\)?\.?\s*$",
    re.IGNORECASE,
)
# Reuters' house footer: "Reporting by ...; Editing by ...".
_REUTERS_FOOTER = re.compile(r"\bReporting by [^\n]{2,200}?\bEditing by\b", re.IGNORECASE)


def wire_credit(text: str, dateline: str | None = None) -> str | None:
    """The wire agency a story credits in its dateline or a credit line, if any."""
    if dateline and (paren := _PAREN_CREDIT.search(dateline)):
        return AGENCIES[paren[1].lower()]
    if found := _LEAD_CREDIT.search(text[:300]):
        return AGENCIES[found[1].lower()]
    last = text.rstrip().rsplit("\n", 1)[-1]
    if len(last) <= 200 and (found := _TAIL_CREDIT.search(last)):
        return AGENCIES[found[1].lower()]
    if _REUTERS_FOOTER.search(text[-600:]):
        return "Reuters"
    return None


@dataclass(frozen=True)
class Duplicate:
    """A page whose article duplicates a loaded article."""

    page_id: str
    duplicate_of: str
    reason: str
    jaccard: float | None = None
    containment: float | None = None


def unique_articles(articles: pd.DataFrame, existing: pd.DataFrame) -> tuple[pd.DataFrame, list[Duplicate]]:
    """Articles to keep and the duplicates dropped; earlier-published copies win, then stored ones."""
    if articles.empty:
        return articles, []
    known = {h: a for h, a in zip(existing["text_sha256"], existing["article_id"], strict=True)}
    ordered = articles.assign(_t=articles["published_at"]).sort_values(
        ["_t", "url"], na_position="last", kind="stable"
    )
    seen_ids: set[str] = set()
    seen_text: dict[str, str] = {}
    keep: list[int] = []
    dups: list[Duplicate] = []
    for idx, row in ordered.iterrows():
        aid, digest = str(row["article_id"]), str(row["text_sha256"])
        stored = known.get(digest)
        if aid in seen_ids:
            dups.append(Duplicate(str(row["page_id"]), aid, "same_canonical_url"))
        elif stored is not None and stored != aid:
            dups.append(Duplicate(str(row["page_id"]), stored, "same_text", 1.0, 1.0))
        elif digest in seen_text:
            dups.append(Duplicate(str(row["page_id"]), seen_text[digest], "same_text", 1.0, 1.0))
        else:
            seen_ids.add(aid)
            seen_text[digest] = aid
            keep.append(int(str(idx)))
    kept = articles.loc[keep].reset_index(drop=True)
    return kept, dups


@dataclass
class Stored:
    """What dedupe needs to know of the warehouse: texts by hash, versions, stories and the index."""

    known_text: pd.DataFrame  # article_id, text_sha256 of loaded articles
    versions: dict[str, tuple[int, str, str | None]] = field(default_factory=dict)  # id -> (v, hash, prev)
    story_of: dict[str, str] = field(default_factory=dict)
    index: neardup.LshIndex = field(default_factory=neardup.LshIndex)
    text_of: Callable[[list[str]], dict[str, str]] = lambda ids: {}


@dataclass
class Deduped:
    """A batch after dedupe: articles to load, the pages they absorbed, story rows and index rows."""

    kept: pd.DataFrame
    duplicates: list[Duplicate]
    members: list[dict[str, Any]]
    index_rows: list[dict[str, Any]]


_ROLE = {"same_canonical_url": "url_variant", "same_text": "exact_copy", "near_duplicate": "near_copy"}


def _rank(published: Any, url: str) -> tuple[str, str]:
    return (published.isoformat() if isinstance(published, pd.Timestamp) else "~", url)


def dedupe_articles(articles: pd.DataFrame, stored: Stored, run_id: str) -> Deduped:
    """Exact then near duplicates of a batch against itself and the warehouse, grouped into stories.

    The earliest publication in the batch is kept (ties: the smaller URL); an article that repeats
    a stored one points at it, so loaded articles never change identity between runs.
    """
    kept, exact = unique_articles(articles, stored.known_text)
    if kept.empty:
        return Deduped(kept, exact, [], [])
    items = [
        neardup.Item(str(r.article_id), str(r.text), _rank(r.published_at, str(r.url)))
        for r in kept.itertuples(index=False)
    ]
    grouping = neardup.group(items, stored.index, stored.text_of)
    near = {m.id: m for m in grouping.matches}
    page_of = dict(zip(kept["article_id"], kept["page_id"], strict=True))
    dups = [
        Duplicate(
            page_of[m.id], m.duplicate_of, "near_duplicate", m.similarity.jaccard, m.similarity.containment
        )
        for m in grouping.matches
    ]
    # A URL variant or copy of a page that turned out to be a reprint points at the original.
    dups += [
        Duplicate(d.page_id, near[d.duplicate_of].duplicate_of, d.reason, d.jaccard, d.containment)
        if d.duplicate_of in near
        else d
        for d in exact
    ]
    loaded = kept[~kept["article_id"].isin(near)].reset_index(drop=True)
    story = {aid: stored.story_of.get(aid) or stable_id("story", aid) for aid in loaded["article_id"]}
    loaded["story_id"] = loaded["article_id"].map(story)
    version, previous = [], []
    for aid, digest in zip(loaded["article_id"], loaded["text_sha256"], strict=True):
        v, old_hash, old_prev = stored.versions.get(aid, (0, None, None))
        same = old_hash == digest
        version.append(v if same else v + 1)
        previous.append(old_prev if same else old_hash)
    loaded["version"] = pd.array(version, dtype="Int32")
    loaded["previous_text_sha256"] = previous
    members = _members(articles, loaded, dups, stored.story_of, story, run_id)
    index_rows = [
        {
            "article_id": aid,
            "text_sha256": digest,
            "story_id": story[aid],
            "band_keys": grouping.keys[aid].view(np.int64),  # Delta Lake has no unsigned types
            "run_id": run_id,
        }
        for aid, digest in zip(loaded["article_id"], loaded["text_sha256"], strict=True)
    ]
    return Deduped(loaded, dups, members, index_rows)


def _members(
    articles: pd.DataFrame,
    loaded: pd.DataFrame,
    dups: list[Duplicate],
    stored_story: dict[str, str],
    story: dict[str, str],
    run_id: str,
) -> list[dict[str, Any]]:
    by_page = {r["page_id"]: r for r in records(articles)}

    def row(page_id: str, role: str, target: str | None, dup: Duplicate | None) -> dict[str, Any]:
        art = by_page[page_id]
        sid = story.get(target or art["article_id"]) or stored_story.get(target or "")
        return {
            "page_id": page_id,
            "story_id": sid or stable_id("story", target or art["article_id"]),
            "article_id": art["article_id"],
            "duplicate_of": target,
            "role": role,
            "jaccard": dup.jaccard if dup else None,
            "containment": dup.containment if dup else None,
            "url": art["url"],
            "source": art["source"],
            "site_name": art.get("site_name"),
            "title": art.get("title"),
            "published_at": art.get("published_at"),
            "fetched_at": art.get("fetched_at"),
            "wire_agency": wire_credit(str(art["text"]), art.get("dateline")),
            "run_id": run_id,
        }

    out = [row(p, "original", None, None) for p in loaded["page_id"]]
    out += [row(d.page_id, _ROLE[d.reason], d.duplicate_of, d) for d in dups]
    return out


def stories(members: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """One row per story from every member page: who published first, when first seen, how widely."""
    if members.empty:
        return pd.DataFrame()
    loaded = articles[["article_id", "story_id", "title"]].dropna(subset=["story_id"])
    first = members.sort_values(["published_at", "url"], na_position="last", kind="stable").drop_duplicates(
        "story_id"
    )
    agency = (
        members.dropna(subset=["wire_agency"])
        .groupby("story_id")["wire_agency"]
        # Most credited agency; a tie goes to the first name, not to row order.
        .agg(lambda s: min(s.value_counts().items(), key=lambda kv: (-kv[1], kv[0]))[0])
    )
    hosts = members.assign(_host=members["url"].map(lambda u: urlsplit(str(u)).netloc.removeprefix("www.")))
    grouped = hosts.groupby("story_id").agg(
        first_seen_at=("fetched_at", "min"), copies=("page_id", "size"), outlets=("_host", "nunique")
    )
    out = (
        loaded.drop_duplicates("story_id")
        .merge(first[["story_id", "source", "url", "published_at"]], on="story_id", how="inner")
        .merge(grouped, on="story_id")
        .rename(
            columns={"source": "original_source", "url": "original_url", "published_at": "first_published_at"}
        )
    )
    out["wire_agency"] = out["story_id"].map(agency)
    return out


def index_matrix(keys: list[np.ndarray] | list[list[int]]) -> np.ndarray:
    """Stack stored band keys into the (n, BANDS) matrix LshIndex searches."""
    if not keys:
        return np.zeros((0, neardup.BANDS), dtype=np.uint64)
    return np.asarray(keys, dtype=np.uint64).reshape(len(keys), neardup.BANDS)
