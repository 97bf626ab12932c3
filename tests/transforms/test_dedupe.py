"""Dedupe on real article bodies: reprints join their story, hard negatives never do, runs chain."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pandas as pd
import pytest
from datasketch import MinHash

from bench.dedupe_bench import bodies, build_corpus, run, score
from transforms.dedupe import Stored, dedupe_articles, stories, wire_credit
from transforms.neardup import NUM_PERM, LshIndex, minhash, shingles, similarity
from transforms.normalize import text_fingerprint


@pytest.fixture(scope="module")
def real_bodies() -> list[tuple[str, str]]:
    return bodies()


def test_labelled_benchmark_on_real_bodies(real_bodies: list[tuple[str, str]]) -> None:
    docs, hard = build_corpus(real_bodies[:40], seed=5)
    s = score(docs, hard, run(docs))
    assert s["true_pairs"] > 200
    assert s["hard_negatives"] > 40
    assert s["precision"] >= 0.99
    assert s["recall"] >= 0.95, s["missed_by_kind"]
    assert s["hard_negatives_merged"] == []


def test_minhash_is_datasketchs_signature_to_the_bit(real_bodies: list[tuple[str, str]]) -> None:
    """Stored index keys were computed with datasketch's MinHash: ours must equal it exactly."""
    rng = np.random.default_rng(3)
    sets = [shingles(text) for _, text in real_bodies[:30]]
    sets += [np.unique(rng.integers(0, 2**32, size=n, dtype=np.uint64)) for n in (1, 2, 7, 3000)]
    sets += [np.array([0, 2**32 - 1], dtype=np.uint64)]
    for s in sets:
        theirs = MinHash(num_perm=NUM_PERM, seed=1, hashfunc=int)
        theirs.update_batch(s.tolist())
        assert np.array_equal(minhash(s), theirs.hashvalues)


def test_shingles_ignore_case_and_punctuation() -> None:
    a = "The delegation arrived in Bamako on Monday, officials said."
    assert np.array_equal(shingles(a), shingles(a.upper().replace(",", " ;")))
    assert similarity(shingles(a), shingles("Something else entirely happened in Paris today.")).jaccard == 0


def _row(url: str, text: str, published: str, aid: str | None = None) -> dict[str, object]:
    return {
        "article_id": aid or url,
        "page_id": "p-" + url,
        "url": url,
        "source": url.split("/")[2],
        "site_name": None,
        "title": "t",
        "published_at": pd.Timestamp(published, tz=UTC),
        "fetched_at": pd.Timestamp(datetime(2026, 1, 1, tzinfo=UTC)),
        "dateline": None,
        "text": text,
        "text_sha256": text_fingerprint(text),
    }


def _stored_after(result_kept: pd.DataFrame, index_rows: list[dict[str, object]]) -> Stored:
    index = LshIndex()
    index.add(
        [str(r["article_id"]) for r in index_rows],
        np.vstack([np.asarray(r["band_keys"]).view(np.uint64) for r in index_rows]),
    )
    texts = dict(zip(result_kept["article_id"], result_kept["text"], strict=True))
    asked: list[list[str]] = []

    def text_of(ids: list[str]) -> dict[str, str]:
        asked.append(ids)
        return {i: texts[i] for i in ids}

    stored = Stored(
        result_kept[["article_id", "text_sha256"]],
        versions={
            a: (int(v), h, None)
            for a, v, h in zip(
                result_kept["article_id"], result_kept["version"], result_kept["text_sha256"], strict=True
            )
        },
        story_of=dict(zip(result_kept["article_id"], result_kept["story_id"], strict=True)),
        index=index,
        text_of=text_of,
    )
    stored.asked = asked  # type: ignore[attr-defined]
    return stored


def test_a_later_run_finds_reprints_through_the_stored_index(real_bodies: list[tuple[str, str]]) -> None:
    (url_a, body_a), (url_b, body_b) = real_bodies[0], real_bodies[1]
    first = dedupe_articles(
        pd.DataFrame([_row(url_a, body_a, "2025-01-01"), _row(url_b, body_b, "2025-01-01")]),
        Stored(pd.DataFrame(columns=["article_id", "text_sha256"])),
        "run1",
    )
    assert len(first.kept) == 2
    assert first.duplicates == []
    stored = _stored_after(first.kept, first.index_rows)
    reprint = "Republished from a partner.\n\n" + body_a + "\n\n— TASS"
    second = dedupe_articles(
        pd.DataFrame([_row("https://other.example/x", reprint, "2024-12-31")]), stored, "run2"
    )
    # The stored article stays canonical although the reprint claims an earlier date.
    assert second.kept.empty
    (dup,) = second.duplicates
    assert dup.duplicate_of == url_a
    assert dup.reason == "near_duplicate"
    assert dup.jaccard > 0.8
    (member,) = second.members
    assert member["story_id"] == first.kept.set_index("article_id").loc[url_a, "story_id"]
    assert member["role"] == "near_copy"
    assert member["wire_agency"] == "TASS"
    # Only the candidate's text was read back, not the corpus.
    assert stored.asked == [[url_a]]  # type: ignore[attr-defined]


def test_changed_text_at_the_same_url_is_a_new_version(real_bodies: list[tuple[str, str]]) -> None:
    url, body = real_bodies[2]
    first = dedupe_articles(
        pd.DataFrame([_row(url, body, "2025-01-01")]),
        Stored(pd.DataFrame(columns=["article_id", "text_sha256"])),
        "run1",
    )
    stored = _stored_after(first.kept, first.index_rows)
    updated = body + "\n\nUpdate: the ministry later confirmed the figures."
    second = dedupe_articles(pd.DataFrame([_row(url, updated, "2025-01-01")]), stored, "run2")
    (row,) = second.kept.to_dict("records")
    assert row["version"] == 2
    assert row["previous_text_sha256"] == text_fingerprint(body)
    assert row["story_id"] == first.kept["story_id"].iloc[0]
    assert second.duplicates == []
    same = dedupe_articles(pd.DataFrame([_row(url, body, "2025-01-01")]), stored, "run2")
    assert same.kept["version"].tolist() == [1]


def test_stored_articles_that_resemble_each_other_both_stay_loaded(
    real_bodies: list[tuple[str, str]],
) -> None:
    (url_a, body_a), (url_b, body_b) = real_bodies[4], real_bodies[5]
    first = dedupe_articles(
        pd.DataFrame([_row(url_a, body_a, "2025-01-01"), _row(url_b, body_b, "2025-01-02")]),
        Stored(pd.DataFrame(columns=["article_id", "text_sha256"])),
        "run1",
    )
    stored = _stored_after(first.kept, first.index_rows)
    # Both pages change; B now carries A's text. A loaded article never turns into a copy.
    second = dedupe_articles(
        pd.DataFrame(
            [
                _row(url_a, body_a + "\n\nUpdate: figures confirmed.", "2025-01-01"),
                _row(url_b, body_a + "\n\nUpdate: photographs added.", "2025-01-02"),
            ]
        ),
        stored,
        "run2",
    )
    assert sorted(second.kept["article_id"]) == sorted([url_a, url_b])
    assert second.kept["version"].tolist() == [2, 2]
    assert second.duplicates == []


def test_earliest_copy_in_a_batch_is_loaded_and_stories_name_the_first_publisher(
    real_bodies: list[tuple[str, str]],
) -> None:
    url, body = next((u, b) for u, b in real_bodies[3:] if wire_credit(b) is None)
    rows = [
        _row("https://late.example/a", body + "\n\nSource: Interfax", "2025-01-03"),
        _row(url, body, "2025-01-02"),
    ]
    out = dedupe_articles(
        pd.DataFrame(rows), Stored(pd.DataFrame(columns=["article_id", "text_sha256"])), "r"
    )
    assert out.kept["article_id"].tolist() == [url]
    members = pd.DataFrame(out.members)
    story = stories(members, out.kept).iloc[0]
    assert story["original_url"] == url
    assert story["copies"] == 2
    assert story["outlets"] == 2
    assert story["wire_agency"] == "Interfax"


@pytest.mark.parametrize(
    ("text", "dateline", "agency"),
    [
        ("MOSCOW (Reuters) - Russia's defence minister arrived.", None, "Reuters"),
        ("Russia's defence minister arrived.\n\nReporting by Jane Roe; Editing by John Doe", None, "Reuters"),
        ("The minister arrived in Niamey.\n\n— TASS", None, "TASS"),
        ("The minister arrived in Niamey.", "BAMAKO, Jan 20 (AFP)", "AFP"),
        ("The minister arrived in Niamey. He met the AP reporters later.", None, None),
    ],
)
def test_wire_credit_lines(text: str, dateline: str | None, agency: str | None) -> None:
    assert wire_credit(text, dateline) == agency
