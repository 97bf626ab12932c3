"""Stories and versions across real flow runs: a reprint in a later run joins the stored story."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from deltalake import DeltaTable, write_deltalake

from flows.pipeline import pipeline_flow
from tests.paths import SEED
from warehouse.catalog import query
from warehouse.schemas import ARTICLES, NEARDUP_INDEX
from warehouse.tables import table_path

URL = "https://www.themoscowtimes.example/2023/12/04/russian-officials-visit-niger"
REPRINT = "https://wire-partner.example/world/russia-niger"


def _dump(folder: Path, name: str, items: list[tuple[str, str, str]]) -> Path:
    path = folder / name
    path.write_text(
        "".join(
            json.dumps(
                {
                    "url": url,
                    "title": "Russian Officials Visit Niger to Bolster Military Ties",
                    "text": text,
                    "published_at": f"2023-12-04T{hour}:00:00+03:00",
                }
            )
            + "\n"
            for url, text, hour in items
        ),
        encoding="utf-8",
    )
    return path


def test_reprint_joins_story_and_update_is_a_version(tmp_path: Path) -> None:
    data = tmp_path / "data"
    body = SEED.read_text(encoding="utf-8")
    pipeline_flow(data_dir=data, mode="ingest", paths=[_dump(tmp_path, "one.jsonl", [(URL, body, "12")])])
    ((story_id, first_hash),) = query(data, "SELECT story_id, text_sha256 FROM articles")[1]

    reprint = "Our partners report from Moscow.\n\n" + body + "\n\n— TASS"
    updated = body + "\n\nUpdate: the Defence Ministry later published photographs of the talks."
    second = [(REPRINT, reprint, "15"), (URL, updated, "12")]
    pipeline_flow(data_dir=data, mode="ingest", paths=[_dump(tmp_path, "two.jsonl", second)])

    _, pages = query(data, "SELECT url, outcome, reason FROM pages ORDER BY url")
    assert pages == [(REPRINT, "duplicate_of", "near_duplicate"), (URL, "loaded", None)]
    _, arts = query(data, "SELECT version, previous_text_sha256, story_id FROM articles")
    assert arts == [(2, first_hash, story_id)]
    _, story = query(data, "SELECT original_url, copies, outlets, wire_agency FROM stories")
    assert story == [(URL, 2, 2, "TASS")]
    _, member = query(
        data, f"SELECT role, story_id, jaccard > 0.8 FROM story_members WHERE url = '{REPRINT}'"
    )
    assert member == [("near_copy", story_id, True)]
    assert query(data, "SELECT count(*) FROM neardup_index")[1] == [(2,)]  # both versions

    # The same input again changes no table.
    before = {
        t: query(data, f"SELECT * FROM {t} ORDER BY 1")[1] for t in ("articles", "stories", "story_members")
    }
    pipeline_flow(data_dir=data, mode="ingest", paths=[_dump(tmp_path, "two.jsonl", second)])
    after = {t: query(data, f"SELECT * FROM {t} ORDER BY 1")[1] for t in before}
    assert after == before


def test_a_warehouse_from_before_the_index_is_indexed_and_matched(tmp_path: Path) -> None:
    data = tmp_path / "data"
    body = SEED.read_text(encoding="utf-8")
    pipeline_flow(data_dir=data, mode="ingest", paths=[_dump(tmp_path, "one.jsonl", [(URL, body, "12")])])
    # Make it look like a warehouse written before versions, stories and the index existed.
    articles = table_path(data, ARTICLES)
    old = (
        DeltaTable(str(articles))
        .to_pyarrow_table()
        .drop_columns(["story_id", "version", "previous_text_sha256"])
    )
    write_deltalake(str(articles), old, mode="overwrite", schema_mode="overwrite")
    shutil.rmtree(table_path(data, NEARDUP_INDEX))

    reprint = "Our partners report from Moscow.\n\n" + body + "\n\n— TASS"
    pipeline_flow(
        data_dir=data, mode="ingest", paths=[_dump(tmp_path, "two.jsonl", [(REPRINT, reprint, "15")])]
    )

    _, pages = query(data, "SELECT url, outcome, reason FROM pages ORDER BY url")
    assert pages == [(REPRINT, "duplicate_of", "near_duplicate"), (URL, "loaded", None)]
    assert query(data, "SELECT count(*) FROM neardup_index")[1] == [(1,)]  # the stored article, signed once
    assert query(data, "SELECT original_url, copies FROM stories")[1] == [(URL, 2)]
