"""Duplicates among articles: same canonical URL, or the exact same text under another URL."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Duplicate:
    """A page whose article duplicates another article."""

    page_id: str
    duplicate_of: str
    reason: str


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
            dups.append(Duplicate(str(row["page_id"]), stored, "same_text"))
        elif digest in seen_text:
            dups.append(Duplicate(str(row["page_id"]), seen_text[digest], "same_text"))
        else:
            seen_ids.add(aid)
            seen_text[digest] = aid
            keep.append(int(str(idx)))
    kept = articles.loc[keep].reset_index(drop=True)
    return kept, dups
