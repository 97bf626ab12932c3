"""The public CLI, run as a user would: parse and events on the seed, errors on bad input."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.paths import ROOT, SEED

CLI = [sys.executable, "-m", "flows.cli"]


def _cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], input=stdin, capture_output=True, text=True, cwd=ROOT, timeout=120)


def test_parse_seed_gives_title_and_clean_body() -> None:
    res = _cli("parse", str(SEED), "--published", "2023-12-04T12:00:00+03:00")
    assert res.returncode == 0, res.stderr
    doc = json.loads(res.stdout)
    assert doc["title"] == "Russian Officials Visit Niger to Bolster Military Ties"
    assert doc["published_at"] == "2023-12-04T12:00:00+03:00"
    assert doc["text"].startswith("A Russian delegation led by the deputy defense minister")
    assert "Remind me later" not in doc["text"]
    assert "newsletter" not in doc["text"]
    for key in ("path", "url", "authors", "language"):
        assert key in doc


def test_events_on_seed_body_yields_the_two_visits() -> None:
    body = json.loads(_cli("parse", str(SEED), "--published", "2023-12-04").stdout)["text"]
    line = json.dumps({"id": "seed", "text": body, "published_at": "2023-12-04T12:00:00+03:00"})
    res = _cli("events", "--input", "-", stdin=line + "\n")
    assert res.returncode == 0, res.stderr
    events = [json.loads(x) for x in res.stdout.splitlines()]
    got = {(e["visitor_country"], e["host_country"], e["event_date"], e["status"]) for e in events}
    assert got == {
        ("RUS", "NER", "2023-12-04", "occurred"),
        ("RUS", "MLI", "2023-12-03", "occurred"),
    }
    by_host = {e["host_country"]: e for e in events}
    assert by_host["NER"]["city"] == "Niamey"
    assert by_host["MLI"]["city"] is None
    for e in events:
        assert e["cameo_code"] == "042"
        assert e["leader_name"] == "Yunus-Bek Yevkurov"
        assert e["evidence"]
        assert all(body[v["char_start"] : v["char_end"]] == v["sentence"] for v in e["evidence"])


def test_events_rejects_lines_without_text() -> None:
    res = _cli("events", "--input", "-", stdin='{"id": 1}\n')
    assert res.returncode == 2
    assert "text" in res.stdout + res.stderr


def test_sql_without_warehouse_is_a_clear_error(tmp_path: object) -> None:
    res = _cli("sql", "select 1", "--data-dir", str(tmp_path))
    assert res.returncode == 1
    assert "no warehouse" in res.stdout + res.stderr
