"""Visits counted once: mentions of one visit merged across sentences, articles and outlets."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from typing import Any

import pandas as pd

from transforms.events import (
    AGREEMENT_CAMEO,
    EXTRACTOR_VERSION,
    KNOWN_ACTORS,
    ActorTable,
    ActorVotes,
    actor_votes,
    learn_actors,
    visit_mentions,
)
from transforms.normalize import stable_id
from transforms.records import local_time, records

# Two reports of the same visitor and host within this many days describe the same visit.
MERGE_WINDOW_DAYS = 10
_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}
# When two reports are equally recent, the more final status wins.
_STATUS_RANK = {"planned": 0, "ongoing": 1, "cancelled": 2, "occurred": 3}
OCCURRED = ("occurred", "ongoing")


def _stamp(ts: datetime | None) -> float:
    """Seconds since the epoch; unknown times sort first (pandas cannot compare with datetime.min)."""
    return ts.timestamp() if ts is not None else float("-inf")


def _effective_date(row: dict[str, Any]) -> date | None:
    d = row.get("event_date")
    if isinstance(d, datetime):
        return d.date()
    if isinstance(d, date):
        return d
    pub = row.get("published_at")
    return pub.date() if isinstance(pub, datetime) else None


def _mode(values: list[Any]) -> Any:
    present = [v for v in values if v is not None and v == v]
    return Counter(present).most_common(1)[0][0] if present else None


def _clusters(rows: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    rows = sorted(rows, key=lambda r: (_effective_date(r) or date.min, str(r.get("visit_id"))))
    clusters: list[list[dict[str, Any]]] = []
    last: date | None = None
    for r in rows:
        d = _effective_date(r)
        if clusters and (d is None or last is None or (d - last).days <= MERGE_WINDOW_DAYS):
            clusters[-1].append(r)
        else:
            clusters.append([r])
        last = d or last
    return clusters


def _confidence(cluster: list[dict[str, Any]]) -> float:
    """Chance that at least one reporting article got it right (noisy-or over articles).

    Each article counts with its best mention, so one article repeating itself adds nothing
    while independent outlets corroborate each other.
    """
    best: dict[str, float] = {}
    for r in cluster:
        article = str(r["article_id"])
        best[article] = max(best.get(article, 0.0), float(r.get("confidence") or 0.0))
    doubt = 1.0
    for value in best.values():
        doubt *= 1.0 - value
    return round(min(1.0 - doubt, 0.99), 3)


def _event(cluster: list[dict[str, Any]]) -> dict[str, Any]:
    latest = max(
        cluster,
        key=lambda r: (
            _stamp(r.get("published_at")),
            _STATUS_RANK.get(str(r["status"]), 0),
        ),
    )
    status = str(latest["status"])
    happened = [r for r in cluster if r["status"] in OCCURRED] or cluster
    dated = [r["event_date"] for r in happened if r.get("event_date") is not None]
    start = min(dated) if dated else _effective_date(happened[0])
    end = max(dated) if dated else start
    precisions = [r["date_precision"] for r in happened if r.get("date_precision")]
    published = [r["published_at"] for r in cluster if r.get("published_at") is not None]
    first = cluster[0]
    # One signing reported by several outlets or sentences is one outcome.
    # Read back from Parquet a list is an array, which has no truth value.
    agreements = sorted({str(a) for r in cluster if r.get("agreements") is not None for a in r["agreements"]})
    visitor = first.get("visitor_country") or None
    org = first.get("visitor_org") or None
    return {
        "event_id": stable_id("event", str(visitor or org), str(first["host_country"]), str(start)),
        "visitor_country": visitor,
        "visitor_org": org,
        "host_country": first["host_country"],
        "city": _mode([r.get("city") for r in cluster]),
        "start_date": start,
        "end_date": end,
        "date_precision": min(precisions, key=lambda p: _PRECISION_RANK.get(p, 9)) if precisions else None,
        "status": status,
        "cameo_code": "042" if status in OCCURRED else "036",
        "leader_name": _mode([r.get("leader_name") for r in cluster]),
        "leader_title": _mode([r.get("leader_title") for r in cluster]),
        "delegation_kind": _mode([r.get("delegation_kind") for r in cluster]),
        "agreements": agreements or None,
        "outcome_codes": [AGREEMENT_CAMEO] if agreements else None,
        "confidence": _confidence(cluster),
        "mention_count": len(cluster),
        "article_count": len({r["article_id"] for r in cluster}),
        "source_count": len({r["source"] for r in cluster}),
        "article_ids": sorted({str(r["article_id"]) for r in cluster}),
        "first_reported_at": min(published) if published else None,
        "last_reported_at": max(published) if published else None,
        "_visit_ids": [r["visit_id"] for r in cluster],
    }


def event_group(row: Mapping[str, Any]) -> tuple[str, str]:
    """(visitor, host) of a visit or event row (missing values as None): events never span two groups."""
    return str(row.get("visitor_country") or row.get("visitor_org") or "?"), str(row["host_country"])


def visit_events(visits: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(events, visits with event_id set): one event per visitor, host and date window."""
    if visits.empty:
        return pd.DataFrame(), visits
    rows = records(visits)
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for r in rows:
        groups.setdefault(event_group(r), []).append(r)
    events: list[dict[str, Any]] = []
    for key in sorted(groups):
        events += [_event(c) for c in _clusters(groups[key])]
    event_of = {vid: e["event_id"] for e in events for vid in e.pop("_visit_ids")}
    out = visits.copy()
    out["event_id"] = out["visit_id"].map(event_of)
    return pd.DataFrame(events), out


def event_records(
    doc_id: Any, text: str, published_at: str | None, title: str | None
) -> list[dict[str, Any]]:
    """Visit events of one document with their evidence, for `newsetl events`."""
    published = datetime.fromisoformat(published_at) if published_at else None
    actors = KNOWN_ACTORS.merged(learn_actors([text]))
    mentions = visit_mentions(text, published_at=published, title=title, actors=actors)
    rows = [
        {
            **m.__dict__,
            "visit_id": stable_id("visit", str(doc_id), str(m.char_start), m.host_country),
            "article_id": str(doc_id),
            "source": "input",
            "published_at": published.astimezone(UTC) if published else None,
        }
        for m in mentions
    ]
    if not rows:
        return []
    events, visits = visit_events(pd.DataFrame(rows))
    out = []
    for ev in records(events):
        evidence = visits[visits["event_id"] == ev["event_id"]]
        out.append(
            {
                "id": doc_id,
                "visitor_country": ev["visitor_country"],
                "visitor_org": ev["visitor_org"],
                "host_country": ev["host_country"],
                "city": ev["city"],
                "event_date": ev["start_date"],
                "date_precision": ev["date_precision"],
                "status": ev["status"],
                "cameo_code": ev["cameo_code"],
                "leader_name": ev["leader_name"],
                "leader_title": ev["leader_title"],
                "delegation_kind": ev["delegation_kind"],
                "agreements": ev["agreements"] or [],
                "evidence": [
                    {
                        "sentence": v["sentence"],
                        "char_start": v["char_start"],
                        "char_end": v["char_end"],
                        "confidence": v["confidence"],
                    }
                    for v in records(evidence)
                ],
            }
        )
    return out


def articles_votes(articles: pd.DataFrame) -> ActorVotes:
    """The nationality votes of a slice of a run's articles (see `run_actors`)."""
    rows = records(articles[["text", "dateline"]]) if len(articles) else []
    return actor_votes((r["text"], r["dateline"]) for r in rows)


def actors_from_votes(parts: Iterable[ActorVotes]) -> ActorTable:
    """Built-in leaders plus what the slices' votes, in article order, agree on."""
    total = ActorVotes()
    for part in parts:
        total.add(part)
    return KNOWN_ACTORS.merged(total.table())


def run_actors(articles: pd.DataFrame) -> ActorTable:
    """People's nationalities for a run: built-in leaders plus what its articles state."""
    # "Japanese Prime Minister Yasuhiro Nakasone" in one article names "Nakasone" in the others.
    return actors_from_votes([articles_votes(articles)])


def extract_visits(
    articles: pd.DataFrame, actors: ActorTable | None = None, homes: Mapping[str, str] | None = None
) -> list[dict[str, Any]]:
    """`visits` rows for a batch of articles; `homes` maps sources to their countries."""
    rows: list[dict[str, Any]] = []
    batch = records(articles)
    if actors is None:
        actors = run_actors(articles)
    for art in batch:
        published = local_time(art["published_at"], art.get("published_utc_offset"))
        for m in visit_mentions(
            art["text"],
            published_at=published,
            dateline=art.get("dateline"),
            title=art["title"],
            actors=actors,
            source_country=(homes or {}).get(art["source"]),
        ):
            who = m.visitor_country or m.visitor_org or "?"
            rows.append(
                {
                    "visit_id": stable_id("visit", art["article_id"], str(m.char_start), who, m.host_country),
                    "article_id": art["article_id"],
                    "source": art["source"],
                    "published_at": art["published_at"],
                    "visitor_country": m.visitor_country,
                    "visitor_org": m.visitor_org,
                    "host_country": m.host_country,
                    "city": m.city,
                    "event_date": m.event_date,
                    "date_precision": m.date_precision,
                    "date_source": m.date_source,
                    "status": m.status,
                    "cameo_code": m.cameo_code,
                    "leader_name": m.leader_name,
                    "leader_title": m.leader_title,
                    "delegation_kind": m.delegation_kind,
                    "agreements": list(m.agreements) or None,
                    "sentence": m.sentence,
                    "char_start": m.char_start,
                    "char_end": m.char_end,
                    "confidence": m.confidence,
                    "extractor_version": EXTRACTOR_VERSION,
                    "event_id": None,
                }
            )
    return rows
