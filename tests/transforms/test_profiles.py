"""Site profiles: golden fixtures (saved page + expected JSON) and the demo's own source texts."""

from __future__ import annotations

import html
import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

from tests.fixtures.profiles.regen import HERE, expected, fixtures
from tests.paths import ROOT
from transforms.boilerplate import strip_boilerplate
from transforms.parse import parse_text
from transforms.profiles import PROFILES

FIXTURES = fixtures()


def _make_site() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_site", ROOT / "demo" / "make_site.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _sources() -> dict[str, dict[str, object]]:
    site = _make_site()
    articles = [*site.MOSCOWCOURIER, *site.MERIDIANWIRE, *site.EURASIAOBSERVER, *site.SAHELPOST]
    return {a["headline"]: a for a in articles}


def test_every_profile_has_golden_fixtures() -> None:
    assert {p.name for p in PROFILES} == {p.parent.name for p in FIXTURES}
    assert all(len(list((HERE / p.name).glob("*.html.gz"))) >= 2 for p in PROFILES)


@pytest.mark.parametrize("page", FIXTURES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_profile_page_parses_to_its_golden_json(page: Path) -> None:
    golden = json.loads(page.with_name(page.name.removesuffix(".html.gz") + ".json").read_text("utf-8"))
    assert expected(page) == golden
    assert golden["parser"] == page.parent.name


@pytest.mark.parametrize("page", FIXTURES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_golden_json_matches_what_the_outlet_published(page: Path) -> None:
    """The fixtures are not just our own output: body, title and byline equal the demo's source texts."""
    golden = expected(page)
    source = _sources()[golden["title"]]
    wire = {a["key"]: a for a in _make_site().MERIDIANWIRE}.get(str(source.get("syndicated_from")))
    body = wire["body"] if wire else source["body"]
    assert golden["text"] == "\n\n".join(html.unescape(p) for p in body)  # type: ignore[attr-defined]
    byline = source.get("byline") or source.get("author") or ", ".join(source.get("authors", []))  # type: ignore[arg-type]
    assert golden["authors"] == [n.strip() for n in str(byline).split(",")]


@pytest.mark.parametrize(
    ("url", "lines", "removed"),
    [
        (
            "https://www.meridianwire.example/world/a",
            [
                "Reporting by Ousmane Diallo; Editing by Mark Heinrich",
                "Our Standards: The Meridian Trust Principles.",
            ],
            2,
        ),
        ("https://www.eurasiaobserver.example/2025/a", ["Share this:", "Related posts", "Leave a Reply"], 3),
        (
            "https://www.sahelpost.example/news/a.html",
            ["This story was published by Meridian News Agency (Meridian) and is republished under licence."],
            1,
        ),
    ],
)
def test_text_dumps_get_their_outlets_boilerplate_rules(url: str, lines: list[str], removed: int) -> None:
    body = "A Russian delegation arrived in Niamey on Monday for talks with the junta, officials said."
    dump = "\n\n".join(["Delegation in Niamey", body, *lines])
    kept, _, _ = strip_boilerplate(lines)
    assert len(kept) == removed  # the generic rules alone keep these lines
    outlet = parse_text(dump, url=url)
    assert outlet.text == body  # type: ignore[union-attr]
    assert outlet.parser.startswith("text:")  # type: ignore[union-attr]
