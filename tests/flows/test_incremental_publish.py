"""Publishing touches only the stories and events a run reaches, and ends where a full rebuild would."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from bench.synth_news import write_warc
from flows.pipeline import runs_flow
from transforms.dedupe import stories
from transforms.visit_events import visit_events
from warehouse.catalog import query
from warehouse.schemas import ARTICLES, STORIES, STORY_MEMBERS, VISIT_EVENTS, VISITS
from warehouse.tables import read_table


def _sorted(frame: pd.DataFrame, key: str, columns: list[str]) -> pd.DataFrame:
    return frame[columns].sort_values(key).reset_index(drop=True)


def test_runs_build_the_same_stories_and_events_as_a_rebuild(tmp_path: Path) -> None:
    # Later pages reprint, copy and re-report earlier ones, so runs 2 and 3 reach stored stories and events.
    files = [tmp_path / f"part{k}.warc.gz" for k in range(3)]
    for k, path in enumerate(files):
        write_warc(path, range(100 * k, 100 * (k + 1)))
    data = tmp_path / "data"
    rows = runs_flow(data, list(files), files_per_run=1)
    assert [r["status"] for r in rows] == ["published"] * 3
    assert sum(r["duplicates"] for r in rows[1:]) > 0

    members, articles = read_table(data, STORY_MEMBERS), read_table(data, ARTICLES)
    rebuilt = stories(members, articles)
    cols = [c for c in STORIES.columns if c in rebuilt.columns]
    pd.testing.assert_frame_equal(
        _sorted(read_table(data, STORIES), "story_id", cols),
        _sorted(rebuilt, "story_id", cols),
        check_dtype=False,
    )

    visits = read_table(data, VISITS)
    events, linked = visit_events(visits.drop(columns=["event_id"]).assign(event_id=None))
    stored_events = read_table(data, VISIT_EVENTS)
    assert sorted(stored_events["event_id"]) == sorted(events["event_id"])
    assert dict(zip(visits["visit_id"], visits["event_id"], strict=True)) == dict(
        zip(linked["visit_id"], linked["event_id"], strict=True)
    )
    assert rows[-1]["events"] == len(stored_events) > 0

    # The last file again: every input unchanged, no table changes.
    before = {
        t: query(data, f"SELECT * FROM {t} ORDER BY 1")[1] for t in ("stories", "visits", "visit_events")
    }
    again = runs_flow(data, [files[-1]], files_per_run=1)
    assert again[0]["unchanged"] == again[0]["inputs"] == 100
    assert {t: query(data, f"SELECT * FROM {t} ORDER BY 1")[1] for t in before} == before
