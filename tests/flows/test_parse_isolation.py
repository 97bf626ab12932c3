"""P1-P11 of RELIABILITY.md: hostile documents end as a loaded or quarantined row, and the run goes on."""

from __future__ import annotations

import random
import time
from pathlib import Path

import pandas as pd
import pytest

from flows.demo_server import SITE_DIR
from flows.isolation import IsolatedPool, JobFailure, Limits
from flows.parse_job import ParseJob, ParseOutcome, run_parse_job
from flows.pipeline import pipeline_flow
from tests import hostile_jobs
from transforms.parse import ParsedArticle, ParseFailure
from warehouse.raw import WarcArchive
from warehouse.schemas import ARTICLES, PAGES, QUARANTINE
from warehouse.tables import read_table

GOLDEN = "Déjà vu in Côte d’Ivoire: the minister’s café talks"
NEWS = (
    "The delegation met officials in the capital on Monday to discuss trade, energy and security "
    "cooperation, according to a statement released by the foreign ministry after the talks. "
)


def _page(body: str, *, head: str = "", charset: str = "utf-8") -> str:
    return (
        f"<html><head><meta charset='{charset}'>{head}<title>Hostile page</title>"
        "<meta property='article:published_time' content='2025-10-14T09:30:00+03:00'>"
        f"</head><body><article><h1>Hostile page</h1>{body}</article></body></html>"
    )


def _news(extra: str = "") -> str:
    return "".join(f"<p>Paragraph {i}. {NEWS}{extra}</p>" for i in range(1, 5))


def _nested(depth: int) -> str:
    return "<div>" * depth + _news() + "</div>" * depth


def _hostile_files() -> dict[str, tuple[bytes, str, str | None]]:
    """name -> (bytes, expected outcome, expected reason); each page's text is its own (no duplicates)."""
    return {
        name: (
            data.replace(b"Paragraph", name.split(".")[0].encode() + b" paragraph").replace(
                NEWS.encode(), _own_news(name).encode()
            ),
            outcome,
            reason,
        )
        for name, (data, outcome, reason) in _hostile_pages().items()
    }


def _own_news(name: str) -> str:
    # Pages sharing one paragraph are near copies and dedupe would rightly fold them into one story.
    words = NEWS.split()
    random.Random(name).shuffle(words)
    return " ".join(words) + " "


def _hostile_pages() -> dict[str, tuple[bytes, str, str | None]]:
    # Billion laughs: each entity is ten of the one before it.
    bomb_head = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10 if i else "lol"}">' for i in range(10))
    return {
        "p1_empty.html": (_page("<p> </p><div></div>").encode(), "quarantined", "empty_body"),
        "p2_report.pdf": (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "skipped", None),
        "p3_gb18030.html": (
            _page(_news(GOLDEN + " 北京会谈"), charset="gb18030").encode("gb18030"),
            "loaded",
            None,
        ),
        "p3_shift_jis.html": (
            _page(_news(GOLDEN.replace("’", "'") + " 東京会談"), charset="shift_jis").encode(
                "shift_jis", "replace"
            ),
            "loaded",
            None,
        ),
        "p3_cp1252_mislabelled.html": (_page(_news(GOLDEN)).encode("cp1252"), "loaded", None),
        # Real UTF-8 text with damage: stray bytes, a NUL, an encoded lone surrogate.
        "p4_invalid_utf8.html": (
            _page(_news(GOLDEN)).encode().replace(b"Monday", b"Mon\xff\xfe\x00day\xed\xa0\x80"),
            "loaded",
            None,
        ),
        "p5_mojibake.html": (_page(_news(GOLDEN.encode("utf-8").decode("cp1252"))).encode(), "loaded", None),
        "p6_depth_255.html": (_page(_nested(250)).encode(), "loaded", None),
        "p6_depth_256.html": (_page(_nested(256)).encode(), "loaded", None),
        "p6_depth_2048.html": (_page(_nested(2048)).encode(), "quarantined", "parser_truncated"),
        "p6_depth_100k.html": (_page(_nested(100_000)).encode(), "quarantined", "parser_truncated"),
        "p7_slow.html": (_page(_news() + "<p>word " * 400_000).encode(), "quarantined", "parse_timeout"),
        "p8_50mb.html": (
            _page(_news() * (50 * 2**20 // (len(_news()) + 1))).encode(),
            "quarantined",
            "too_large",
        ),
        "p9_colspan.html": (
            _page(
                _news() + "<table><tr><td colspan='999999999' rowspan='65535'>x</td></tr></table>"
            ).encode(),
            "loaded",
            None,
        ),
        "p9_giant_attribute.html": (
            _page(f"<div data-x='{'x' * 8_000_000}'>" + _news() + "</div>").encode(),
            "loaded",
            None,
        ),
        "p10_bomb.html": (
            ("<!DOCTYPE html [" + bomb_head + "]>" + _page(_news("&l9;"))).encode(),
            "loaded",
            None,
        ),
        "p10_xxe.html": (
            ('<!DOCTYPE html [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + _page(_news("&x;"))).encode(),
            "loaded",
            None,
        ),
    }


def test_pool_survives_timeouts_oom_crashes_and_exceptions() -> None:
    limits = Limits(timeout_s=2, memory_bytes=1024 * 2**20)
    with IsolatedPool(workers=2, limits=limits) as pool:
        started = time.monotonic()
        spun = list(pool.map(hostile_jobs.spin, [1]))
        assert spun == [JobFailure("parse_timeout", "worker killed after 2 s")]
        assert time.monotonic() - started < limits.timeout_s + 3
        [oom] = pool.map(hostile_jobs.allocate, [4096])
        assert isinstance(oom, JobFailure)
        assert oom.reason == "parse_oom"
        [crashed] = pool.map(hostile_jobs.abort, [1])
        assert isinstance(crashed, JobFailure)
        assert crashed.reason == "parse_crash"
        assert "SIGABRT" in crashed.detail
        [raised] = pool.map(hostile_jobs.fail, [1])
        assert raised == JobFailure("parse_error", "ValueError: parser bug")
        # After every kind of death the pool still answers, in order.
        assert list(pool.map(hostile_jobs.echo, range(20))) == list(range(20))


def test_quadratic_inputs_grow_linearly(tmp_path: Path) -> None:
    """P7: inputs that are quadratic in naive parsers (CVE-2025-6069) stay linear: t(2n)/t(n) <= 2.5.

    Measured over two doublings (t(4n)/t(n) <= 2.5**2) so one noisy timing cannot decide it; a
    quadratic parser would show 16.
    """
    from transforms.parse import parse_html

    def best_of(body: bytes) -> float:
        runs = []
        for _ in range(3):
            t0 = time.perf_counter()
            parse_html(body, url="https://x.example/a")
            runs.append(time.perf_counter() - t0)
        return min(runs)

    patterns = {
        "unclosed comment": lambda n: b"<html><body><p>x</p><!--" + b"a-" * n,
        "unclosed tags": lambda n: b"<html><body>" + b"<a " * n,
        "cdata": lambda n: b"<html><body><![CDATA[" + b"x]" * n,
        "entities": lambda n: b"<html><body><p>" + b"&amp" * n,
    }
    for name, make in patterns.items():
        small, large = best_of(make(100_000)), best_of(make(400_000))
        assert large / max(small, 1e-3) <= 2.5**2, f"{name}: {small:.3f}s -> {large:.3f}s"


def test_a_50mb_page_is_refused_and_a_large_one_stays_under_the_worker_limit(tmp_path: Path) -> None:
    """P8: the worker's peak memory on the largest page we parse stays under its address-space limit."""
    files = _hostile_files()
    limits = Limits(timeout_s=60, memory_bytes=1536 * 2**20)
    big = _page(_news() * (9 * 2**20 // len(_news()))).encode()
    with WarcArchive(tmp_path, "raw/t/in.warc.gz") as warc:
        refs = [
            warc.write_resource("file:///big.html", "text/html", big),
            warc.write_resource("file:///p8.html", "text/html", files["p8_50mb.html"][0]),
        ]
    jobs = [ParseJob(tmp_path, ref, "https://x.example/big") for ref in refs]
    with IsolatedPool(workers=1, limits=limits) as pool:
        nine_mb, fifty_mb = pool.map(run_parse_job, jobs)
    assert isinstance(nine_mb, ParseOutcome)
    assert isinstance(fifty_mb, ParseOutcome)
    assert isinstance(nine_mb.result, ParsedArticle)
    assert fifty_mb.result == ParseFailure(
        "too_large", f"{len(files['p8_50mb.html'][0])} bytes, over the 10485760 byte parse limit"
    )
    assert nine_mb.worker_peak_rss_mb < limits.memory_bytes / 2**20


@pytest.mark.timeout(600)
def test_hostile_documents_end_loaded_or_quarantined_and_the_run_goes_on(tmp_path: Path) -> None:
    files = _hostile_files()
    inputs = tmp_path / "in"
    inputs.mkdir()
    paths = []
    for name, (data, _, _) in files.items():
        (inputs / name).write_bytes(data)
        paths.append(inputs / name)
    # Ordinary pages keep the quarantine rate under the batch gate, as in a real crawl.
    wire = sorted((SITE_DIR / "meridianwire/world").rglob("*-20*/index.html"))
    paths += wire
    data_dir = tmp_path / "data"
    row = pipeline_flow(data_dir=data_dir, mode="ingest", paths=paths, parse_limits=Limits(timeout_s=3))
    assert row["inputs"] == len(paths)

    pages = read_table(data_dir, PAGES)
    by_name = {Path(u).name: r for u, r in zip(pages["url"], pages.to_dict("records"), strict=True)}
    outcomes = {
        n: (by_name[n]["outcome"], by_name[n]["reason"] if pd.notna(by_name[n]["reason"]) else None)
        for n in files
    }
    expected = {n: (outcome, reason) for n, (_, outcome, reason) in files.items()}
    expected["p2_report.pdf"] = ("skipped", "unsupported_file_type")
    assert outcomes == expected
    assert (pages["outcome"] == "loaded").sum() == len(wire) + sum(
        o == "loaded" for _, o, _ in files.values()
    )

    quarantine = read_table(data_dir, QUARANTINE)
    assert quarantine["raw_ref"].notna().all()
    assert (quarantine["stage"] == "parse").all()

    articles = read_table(data_dir, ARTICLES).set_index("page_id")
    text_of = {
        n: articles.loc[by_name[n]["page_id"], "text"] for n, (_, o, _) in files.items() if o == "loaded"
    }
    assert "北京会谈" in text_of["p3_gb18030.html"]
    assert GOLDEN in text_of["p3_gb18030.html"]
    assert "東京会談" in text_of["p3_shift_jis.html"]
    assert GOLDEN in text_of["p3_cp1252_mislabelled.html"]
    assert GOLDEN in text_of["p5_mojibake.html"]
    flags = articles.loc[[by_name[n]["page_id"] for n in ("p4_invalid_utf8.html", "p5_mojibake.html")]]
    assert flags["chars_replaced"].iloc[0] > 0
    assert bool(flags["mojibake_fixed"].iloc[1])
    assert bool(articles.loc[by_name["p3_cp1252_mislabelled.html"]["page_id"], "encoding_guessed"])
    for name in ("p10_bomb.html", "p10_xxe.html"):
        assert "root:" not in text_of[name]
        assert "lollol" not in text_of[name]
    assert pd.Series([len(t) for t in text_of.values()]).max() < 100_000
