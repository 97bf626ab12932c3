"""Acceptance tests for the rule-based visit-mention extractor."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import NamedTuple

import pytest

from transforms.countries import country_code, country_name, dateline_country, place_mentions
from transforms.events import KNOWN_ACTORS, VisitMention, actor_votes, learn_actors, visit_mentions

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
SEED = SHARED / "seeds" / "000_0d25a758f912d99f.txt"
CANDIDATES = SHARED / "realdata" / "visits" / "candidates.jsonl"
MSK = datetime.timezone(datetime.timedelta(hours=3))
PUBLISHED = datetime.datetime(2023, 12, 4, 12, 0, tzinfo=MSK)  # a Monday
D = datetime.date


class Expected(NamedTuple):
    """One expected mention: visitor (ISO3 or organisation), host, city, date, status."""

    visitor: str
    host: str
    city: str | None
    date: datetime.date | None
    status: str


class Case(NamedTuple):
    """A table row: text, publication time, dateline and the mentions it must yield."""

    text: str
    expected: list[Expected]
    published: datetime.datetime | None = PUBLISHED
    dateline: str | None = None


def _seed_body() -> str:
    """The seed article's news paragraphs only."""
    raw = SEED.read_text(encoding="utf-8")
    start = raw.index("A Russian delegation led by")
    end_marker = "one of the world's most troubled zones."
    return raw[start : raw.index(end_marker) + len(end_marker)]


def _reuters(day: str) -> datetime.datetime:
    """A Reuters-21578 document date at noon UTC."""
    return datetime.datetime.fromisoformat(f"{day}T12:00:00+00:00")


def _summary(mention: VisitMention) -> Expected:
    """The comparable part of a mention."""
    visitor = mention.visitor_country or mention.visitor_org or "?"
    return Expected(visitor, mention.host_country, mention.city, mention.event_date, mention.status)


SYNTHETIC: list[Case] = [
    Case(
        "Russian Foreign Minister Sergei Lavrov will visit Laos next month.",
        [Expected("RUS", "LAO", None, D(2024, 1, 1), "planned")],
    ),
    Case(
        "Russian Prime Minister Mikhail Mishustin has cancelled a planned visit to Vietnam.",
        [Expected("RUS", "VNM", None, D(2023, 12, 4), "cancelled")],
    ),
    Case(
        "A Russian parliamentary delegation postponed its trip to Serbia.",
        [Expected("RUS", "SRB", None, D(2023, 12, 4), "cancelled")],
    ),
    Case(
        "Russia's foreign minister called off a trip to Japan.",
        [Expected("RUS", "JPN", None, D(2023, 12, 4), "cancelled")],
    ),
    Case(
        "Russian Defence Minister Sergei Shoigu is visiting North Korea.",
        [Expected("RUS", "PRK", None, D(2023, 12, 4), "ongoing")],
    ),
    Case(
        "A Russian delegation began a four-day visit to Myanmar on Sunday.",
        [Expected("RUS", "MMR", None, D(2023, 12, 3), "ongoing")],
    ),
    Case(
        "Russian Deputy Prime Minister Alexei Overchuk is currently in Baku for talks.",
        [Expected("RUS", "AZE", "Baku", D(2023, 12, 4), "ongoing")],
    ),
    Case(
        "Russian Foreign Minister Sergei Lavrov travelled to Thailand and Indonesia last week.",
        [
            Expected("RUS", "THA", None, D(2023, 11, 27), "occurred"),
            Expected("RUS", "IDN", None, D(2023, 11, 27), "occurred"),
        ],
    ),
    Case(
        "IMF chief Kristalina Georgieva arrived in Cairo on Sunday for talks with Egyptian officials.",
        [Expected("IMF", "EGY", "Cairo", D(2023, 12, 3), "occurred")],
    ),
    Case(
        "UN Secretary-General Antonio Guterres visited Haiti on Friday.",
        [Expected("UN", "HTI", None, D(2023, 12, 1), "occurred")],
    ),
    Case("Russian Prime Minister Mikhail Mishustin toured Siberia on Friday.", []),
    Case("Russian President Vladimir Putin visited Kazan yesterday.", []),
    Case(
        "The Russian envoy flew in from Tokyo and held talks in Seoul on Tuesday.",
        [Expected("RUS", "KOR", "Seoul", D(2023, 11, 28), "occurred")],
    ),
    Case("Lavrov flew in from Tokyo on Tuesday.", []),
    Case(
        "Russian officials visited Ankara, Tehran Radio said.",
        [Expected("RUS", "TUR", "Ankara", D(2023, 12, 4), "occurred")],
    ),
    Case(
        "Chinese Foreign Minister Wang Yi visited Belgrade on October 13.",
        [Expected("CHN", "SRB", "Belgrade", D(2023, 10, 13), "occurred")],
    ),
    Case(
        "A Nigerien military delegation arrived in Abuja on Monday.",
        [Expected("NER", "NGA", "Abuja", D(2023, 12, 4), "occurred")],
    ),
    Case(
        "A Nigerian delegation visited Niamey last week.",
        [Expected("NGA", "NER", "Niamey", D(2023, 11, 27), "occurred")],
    ),
    Case(
        "The Russian delegation met Chinese officials in Beijing.",
        [Expected("RUS", "CHN", "Beijing", D(2023, 12, 4), "occurred")],
    ),
    Case(
        "Chinese officials met the Russian delegation in Moscow.",
        [Expected("CHN", "RUS", "Moscow", D(2023, 12, 4), "occurred")],
    ),
    Case(
        "Russian Defence Minister Sergei Shoigu met his Chinese counterpart in Moscow.",
        [Expected("CHN", "RUS", "Moscow", D(2023, 12, 4), "occurred")],
    ),
    Case(
        "Niger's junta leader welcomed a Russian military delegation in Niamey on Monday.",
        [Expected("RUS", "NER", "Niamey", D(2023, 12, 4), "occurred")],
    ),
    Case(
        "Russian Deputy Defense Minister Yunus-Bek Yevkurov arrived in Bamako yesterday.",
        [Expected("RUS", "MLI", "Bamako", D(2023, 12, 3), "occurred")],
    ),
    Case(
        "A Russian trade delegation visited India from April 16 to 27.",
        [Expected("RUS", "IND", None, D(2023, 4, 16), "occurred")],
        published=datetime.datetime(2023, 5, 2, 9, 0, tzinfo=MSK),
    ),
    Case(
        "Lavrov is due in Pyongyang on Wednesday.",
        [Expected("RUS", "PRK", "Pyongyang", D(2023, 12, 6), "planned")],
    ),
    Case(
        "A Russian government delegation is expected in Caracas next week.",
        [Expected("RUS", "VEN", "Caracas", D(2023, 12, 11), "planned")],
    ),
    Case(
        "Putin plans to visit Turkey in February.", [Expected("RUS", "TUR", None, D(2024, 2, 1), "planned")]
    ),
    Case(
        "Moscow's envoy held talks in Tehran on Saturday.",
        [Expected("RUS", "IRN", "Tehran", D(2023, 12, 2), "occurred")],
    ),
    Case(
        "A Russian delegation visited the Nigerien capital, Niamey, on Sunday.",
        [Expected("RUS", "NER", "Niamey", D(2023, 12, 3), "occurred")],
    ),
    Case(
        "Russia's foreign minister visited Ouagadougou.",
        [Expected("RUS", "BFA", "Ouagadougou", D(2023, 12, 4), "occurred")],
    ),
    Case(
        "Russian Foreign Minister Sergei Lavrov, who arrived from Ankara, visited Malabo on Tuesday.",
        [Expected("RUS", "GNQ", "Malabo", D(2023, 11, 28), "occurred")],
    ),
    Case("Russian Foreign Minister Sergei Lavrov did not visit Vientiane.", []),
    Case("Xi Jinping could visit Moscow next year.", []),
    Case("In a video released by Mali's presidency, the finance minister spoke about a railway.", []),
    Case("Russian diplomacy is in a favorable position in Niger.", []),
    Case("Burkina Faso and Niger on Saturday joined Mali in quitting the G5 anti-jihadist force.", []),
    Case(
        "Visiting Russian Deputy Prime Minister Alexei Overchuk told reporters the talks went well.",
        [Expected("RUS", "VNM", "Hanoi", D(2023, 12, 4), "occurred")],
        dateline="HANOI, Dec 4 -",
    ),
    Case(
        "Russian lawmakers visited Caracas, Havana and Managua on Thursday.",
        [
            Expected("RUS", "VEN", "Caracas", D(2023, 11, 30), "occurred"),
            Expected("RUS", "CUB", "Havana", D(2023, 11, 30), "occurred"),
            Expected("RUS", "NIC", "Managua", D(2023, 11, 30), "occurred"),
        ],
    ),
    Case(
        "Russian Foreign Minister Sergei Lavrov will be in Vientiane tomorrow.",
        [Expected("RUS", "LAO", "Vientiane", D(2023, 12, 5), "planned")],
    ),
    Case(
        "A delegation from Russia visited Ivory Coast and Côte d'Ivoire's neighbour Guinea.",
        [Expected("RUS", "CIV", None, D(2023, 12, 4), "occurred")],
    ),
]

# Real sentences from shared/realdata/visits/candidates.jsonl, hand-labelled.
REAL: list[Case] = [
    Case(
        "U.S. Treasury Secretary James Baker has cancelled a trip to Australia because of "
        "pressing business at home, including the visit this week by Japanese Prime Minister "
        "Yasuhiro Nakasone, a Treasury spokesman said.",
        [
            Expected("USA", "AUS", None, D(1987, 4, 27), "cancelled"),
            Expected("JPN", "USA", "Washington", D(1987, 4, 27), "planned"),
        ],
        _reuters("1987-04-27"),
        "WASHINGTON, April 27 -",
    ),
    Case(
        "The Philippines has so far drawn three tranches totalling 58 mln SDRs from the "
        "arrangement expiring on April 23, 1988. Fernandez said an IMF mission would visit "
        "here in July or August to review performance in the January-June period.",
        [Expected("IMF", "PHL", "Manila", D(1987, 7, 1), "planned")],
        _reuters("1987-06-02"),
        "MANILA, June 2 -",
    ),
    Case(
        "A leading newspaper, Jornal do Brazil, carried a report from Washington over the "
        "weekend saying it was a myth the IMF brought recession and the best moment for an "
        "accord was now. As it happens, a routine IMF mission is visiting Brasilia.",
        [Expected("IMF", "BRA", "Brasilia", D(1987, 4, 27), "ongoing")],
        _reuters("1987-04-27"),
        "SAO PAULO, April 27 -",
    ),
    Case(
        "The dispute has soured U.S.-Jpanese relations as Japanese Prime Minister Yasuhiro "
        "Nakasone prepares to visit Washington at the end of the month for talks with Reagan.",
        [Expected("JPN", "USA", "Washington", D(1987, 4, 13), "planned")],
        _reuters("1987-04-13"),
        "SANTA BARBARA, April 13 -",
    ),
    Case(
        "He was the first senior UAE official to visit Yugoslavia since the two countries "
        "established diplomatic relations last November.",
        [Expected("ARE", "YUG", None, D(1987, 6, 29), "occurred")],
        _reuters("1987-06-29"),
        "ABU DHABI, June 29 -",
    ),
    Case(
        "A government statement said the 2.6 billion dlrs was in addition to about two "
        "billion dlrs of purchases made last month by a South Korean trade mission to the "
        "United States.",
        [Expected("KOR", "USA", None, D(1987, 3, 1), "occurred")],
        _reuters("1987-04-27"),
        "SEOUL, April 27 -",
    ),
    Case(
        "Shultz flew in from Helsinki and drove straight from the airport to a meeting with "
        "Soviet Foreign Minister Eduard Shevardnadze.",
        [],
        _reuters("1987-04-13"),
        "MOSCOW, April 13 -",
    ),
    Case(
        "Shultz, accompanied by a panoply of senior advisers and technical experts, went "
        "directly into a closed-door meeting with Shevardnadze and the Soviet delegation after "
        "arriving in Moscow from Helsinki aboard a U.S. Air Force jet.",
        [],
        _reuters("1987-04-13"),
        "MOSCOW, April 13 -",
    ),
    Case(
        "Two large container cranes donated by the Danish International Development Agency "
        "(DANIDA) have arrived in Dar es Salaam where they will help to increase the port's "
        "cargo handling capacity, port officials said.",
        [],
        _reuters("1987-10-20"),
        "DAR ES SALAAM, Oct 20 -",
    ),
    Case(
        "The unnamed commander, quoted by the Iranian news agency IRNA, said foreign "
        "reporters could now visit Iranian strongholds in the region. REUTER",
        [],
        _reuters("1987-04-13"),
        "BAHRAIN, April 13 -",
    ),
    Case(
        "Finance minister Manuel Azpurua said he will visit Japan in mid-May to seek new "
        "credits for planned expansion in Venezuela's state-owned aluminum, steel and "
        "petrochemical industries.",
        # The office in lower case still names a Venezuelan official under a CARACAS dateline.
        [Expected("VEN", "JPN", None, D(1987, 5, 1), "planned")],
        _reuters("1987-04-27"),
        "CARACAS, April 27 -",
    ),
]


def test_seed_article() -> None:
    """The seed: Russia visited Niger (Niamey, Monday) and Mali (Sunday), nothing else."""
    body = _seed_body()
    mentions = visit_mentions(body, published_at=PUBLISHED)
    assert mentions
    assert {m.visitor_country for m in mentions} == {"RUS"}
    assert {m.host_country for m in mentions} == {"NER", "MLI"}
    first = body.index("A Russian delegation led by")
    niger = [m for m in mentions if m.host_country == "NER" and m.char_start == first]
    assert len(niger) == 1
    assert niger[0].city == "Niamey"
    assert niger[0].event_date == D(2023, 12, 4)
    assert niger[0].date_source == "text"
    assert (niger[0].status, niger[0].cameo_code) == ("occurred", "042")
    mali = [m for m in mentions if m.host_country == "MLI"]
    assert len(mali) == 1
    assert mali[0].event_date == D(2023, 12, 3)
    assert mali[0].city is None
    assert (mali[0].status, mali[0].cameo_code) == ("occurred", "042")
    assert mali[0].leader_name == "Yunus-Bek Yevkurov"
    assert mali[0].leader_title is not None
    assert "Deputy Defense Minister" in mali[0].leader_title
    assert mali[0].delegation_kind == "military"
    for mention in mentions:
        assert body[mention.char_start : mention.char_end] == mention.sentence
        assert 0.0 <= mention.confidence <= 1.0
        assert mention.city not in {"Paris", "Bamako"}
    assert [m.char_start for m in mentions] == sorted(m.char_start for m in mentions)


@pytest.mark.parametrize("case", SYNTHETIC + REAL, ids=lambda case: case.text[:48])
def test_table(case: Case) -> None:
    """Each sentence yields exactly the labelled visits, with offsets matching the text."""
    mentions = visit_mentions(case.text, published_at=case.published, dateline=case.dateline)
    assert [_summary(m) for m in mentions] == case.expected
    for mention in mentions:
        assert case.text[mention.char_start : mention.char_end] == mention.sentence
        assert mention.cameo_code == ("036" if mention.status in {"planned", "cancelled"} else "042")


def test_real_cases_are_verbatim() -> None:
    """The hand-labelled real sentences are copied exactly from the candidates file."""
    texts = {json.loads(line)["text"] for line in CANDIDATES.read_text().splitlines()}
    assert all(case.text in texts for case in REAL)


def test_leader_and_title() -> None:
    """Leader name and title come from the visitor phrase."""
    (mention,) = visit_mentions(SYNTHETIC[0].text, published_at=PUBLISHED)
    assert (mention.leader_name, mention.leader_title) == ("Sergei Lavrov", "Foreign Minister")
    assert mention.delegation_kind == "government"
    assert mention.date_precision == "month"


def test_organisation_visitor() -> None:
    """An organisation visitor keeps the mention with no visitor country."""
    (mention,) = visit_mentions(SYNTHETIC[8].text, published_at=PUBLISHED)
    assert (mention.visitor_country, mention.visitor_org) == (None, "IMF")


def test_date_sources() -> None:
    """Undated sentences fall back to the dateline, then to the publication date."""
    text = "A Russian delegation visited Mali."
    (dated,) = visit_mentions(text, published_at=PUBLISHED, dateline="BAMAKO, Dec 2 -")
    assert (dated.event_date, dated.date_source) == (D(2023, 12, 2), "dateline")
    (fallback,) = visit_mentions(text, published_at=PUBLISHED)
    assert (fallback.event_date, fallback.date_source) == (D(2023, 12, 4), "published_fallback")
    (undated,) = visit_mentions(text)
    assert (undated.event_date, undated.date_precision) == (None, None)


def test_carry_over_and_no_reversal() -> None:
    """'The delegation' keeps the visitor; the host side never becomes a visitor."""
    text = (
        "Russian Deputy Foreign Minister Mikhail Bogdanov arrived in Bangui on Tuesday. "
        "The delegation was received by Central African President Faustin-Archange Touadera. "
        "The delegation then travelled to Chad."
    )
    mentions = visit_mentions(text, published_at=PUBLISHED)
    assert {(m.visitor_country, m.host_country) for m in mentions} == {("RUS", "CAF"), ("RUS", "TCD")}
    assert all(m.leader_name == "Mikhail Bogdanov" for m in mentions)


def test_offsets_on_multiline_text() -> None:
    """Offsets index the original text, across paragraphs and odd spacing."""
    text = "Intro line.\n\n  A Russian delegation visited   Niger on Monday.  \nMore text."
    (mention,) = visit_mentions(text, published_at=PUBLISHED)
    assert text[mention.char_start : mention.char_end] == mention.sentence
    assert mention.sentence.startswith("A Russian")
    assert mention.sentence.endswith("Monday.")


def test_empty_and_placeless_text() -> None:
    """No text, no mentions."""
    assert visit_mentions("") == []
    assert visit_mentions("The delegation visited the region.") == []


@pytest.mark.parametrize(
    ("surface", "code"),
    [
        ("Russia", "RUS"),
        ("the Russian Federation", "RUS"),
        ("CAR", "CAF"),
        ("Ivory Coast", "CIV"),
        ("Côte d'Ivoire", "CIV"),
        ("North Korea", "PRK"),
        ("Laos", "LAO"),
        ("Iran", "IRN"),
        ("Venezuela", "VEN"),
        ("Burkina Faso", "BFA"),
        ("Nigerien", "NER"),
        ("Nigerian", "NGA"),
        ("Malian", "MLI"),
        ("Burkinabe", "BFA"),
        ("Chinese", "CHN"),
        ("Turkish", "TUR"),
        ("Indian", "IND"),
        ("French", "FRA"),
        ("Niamey", "NER"),
        ("Bamako", "MLI"),
        ("Ouagadougou", "BFA"),
        ("Bangui", "CAF"),
        ("Naypyidaw", "MMR"),
        ("Vientiane", "LAO"),
        ("Caracas", "VEN"),
        ("Tehran", "IRN"),
        ("Malabo", "GNQ"),
        ("Belgrade", "SRB"),
        ("Baku", "AZE"),
        ("Tokyo", "JPN"),
        ("Abidjan", "CIV"),
        ("Moscow", "RUS"),
        ("Pyongyang", "PRK"),
        ("Hanoi", "VNM"),
        ("Moscow's", "RUS"),
        ("Niger's", "NER"),
        ("DAR ES SALAAM", "TZA"),
        ("Atlantis", None),
    ],
)
def test_country_codes(surface: str, code: str | None) -> None:
    """The gazetteer maps names, demonyms, capitals and possessives to ISO3."""
    assert country_code(surface) == code


def test_place_mentions_prefer_longest() -> None:
    """'Papua New Guinea' is one place; 'New Jersey' is not Jersey."""
    found = place_mentions("Papua New Guinea, New Jersey and Guinea-Bissau")
    assert [(p.surface, p.code) for p in found] == [("Papua New Guinea", "PNG"), ("Guinea-Bissau", "GNB")]
    assert country_name("RUS") == "Russia"


@pytest.mark.parametrize(
    ("text", "published", "pairs"),
    [
        (
            "U.S. Secretary of State George Shultz will visit Moscow next month.",
            datetime.datetime(1987, 3, 2),
            [("USA", "SUN")],
        ),
        (
            "Secretary of State Antony Blinken will visit Moscow next month.",
            datetime.datetime(2021, 3, 2),
            [("USA", "RUS")],
        ),
        (
            "A Soviet trade delegation arrived in Bonn on Monday.",
            datetime.datetime(1987, 3, 2),
            [("SUN", "DEU")],
        ),
        (
            "East German leader Erich Honecker arrived in Bonn on Monday.",
            datetime.datetime(1987, 9, 8),
            [("DDR", "DEU")],
        ),
        ("Soviet Prime Minister Nikolai Ryzhkov visited Kiev on Monday.", datetime.datetime(1987, 3, 2), []),
    ],
)
def test_countries_are_the_states_of_the_time(
    text: str, published: datetime.datetime, pairs: list[tuple[str, str]]
) -> None:
    found = visit_mentions(text, published_at=published)
    assert [(m.visitor_country, m.host_country) for m in found] == pairs


@pytest.mark.parametrize(
    ("text", "dateline", "expected"),
    [
        # An official named without nationality belongs to the dateline's country; "he" is that official.
        (
            "The senior official doubted that Prime Minister Yasuhiro Nakasone could defuse U.S. anger "
            "when he visits Washington on April 29.",
            "TOKYO, April 2 -",
            [("JPN", "USA", "planned")],
        ),
        # A present tense after "when" speaks of the future.
        (
            "The guidelines will be explained when Finance Minister Kiichi Miyazawa visits Washington.",
            "TOKYO, April 7 -",
            [("JPN", "USA", "planned")],
        ),
        # The visitor can follow the host: "a visit here next week by Japanese trade officials".
        (
            "A visit here next week by Japanese trade officials will likely change nothing.",
            "WASHINGTON, April 1 -",
            [("JPN", "USA", "planned")],
        ),
        # Without a dateline nobody's country is assumed.
        ("Prime Minister Yasuhiro Nakasone will visit Washington on April 29.", None, []),
    ],
)
def test_wire_conventions(text: str, dateline: str | None, expected: list[tuple[str, str, str]]) -> None:
    found = visit_mentions(text, published_at=datetime.datetime(1987, 4, 2), dateline=dateline)
    assert [(m.visitor_country, m.host_country, m.status) for m in found] == expected


def test_agreements_signed_during_the_visit() -> None:
    """The seed's signing (CAMEO 057) belongs to the Niger visit it names, not to Mali."""
    mentions = visit_mentions(_seed_body(), published_at=PUBLISHED)
    niger = [m for m in mentions if m.host_country == "NER" and m.agreements]
    assert niger
    assert "signed documents to strengthen military cooperation" in niger[0].agreements[0]
    assert all(not m.agreements for m in mentions if m.host_country == "MLI")


@pytest.mark.parametrize(
    "second",
    [
        "No agreements were signed.",
        "He had been due to sign agreements on nickel mining.",
        "The two sides will sign a defence pact next year.",
    ],
)
def test_plans_and_denials_sign_nothing(second: str) -> None:
    found = visit_mentions(f"A Russian delegation visited Bamako on Monday. {second}", published_at=PUBLISHED)
    assert [(m.host_country, m.agreements) for m in found] == [("MLI", ())]


def test_nationalities_learned_from_the_corpus() -> None:
    """'Japanese Prime Minister Yasuhiro Nakasone' in one article names 'Nakasone' in another."""
    corpus = [
        "Japanese Prime Minister Yasuhiro Nakasone met business leaders on Friday.",
        "Brazilian Finance Minister Dilson Funaro said talks went well.",
        # One surname given to two countries: neither is believed.
        "Peruvian Energy Minister Luis Garcia spoke. Mexican Trade Minister Ana Garcia agreed.",
    ]
    actors = KNOWN_ACTORS.merged(learn_actors(corpus))
    assert actors.people["Nakasone"] == ("JPN", "Yasuhiro Nakasone")
    assert actors.people["Funaro"] == ("BRA", "Dilson Funaro")
    assert "Garcia" not in actors.people
    # An office under a dateline counts when articles agree and nothing written says otherwise.
    local = learn_actors(
        [
            ("Prime Minister Margaret Thatcher met union leaders.", "LONDON, March 2 -"),
            ("Prime Minister Margaret Thatcher spoke in Parliament.", "LONDON, March 3 -"),
            ("President Ronald Reagan will meet Nakasone.", "TOKYO, April 27 -"),
            ("President Ronald Reagan said the talks went well.", "TOKYO, April 28 -"),
            ("President Reagan signed the bill.", "WASHINGTON, April 29 -"),
            ("Minister Ana Lopez spoke.", "MADRID, May 1 -"),
            # One article repeating a name is one vote, not two.
            ("Prime Minister Kenji Tanaka spoke. Prime Minister Kenji Tanaka left.", "TOKYO, May 2 -"),
        ]
    )
    assert local.people == {"Thatcher": ("GBR", "Margaret Thatcher")}
    text = "Officials prepared for Nakasone's visit to Washington next week."
    published = datetime.datetime(1987, 4, 20)
    assert visit_mentions(text, published_at=published) == []
    (found,) = visit_mentions(text, published_at=published, actors=actors)
    assert (found.visitor_country, found.host_country, found.status) == ("JPN", "USA", "planned")
    assert found.leader_name == "Yasuhiro Nakasone"


def test_votes_of_slices_add_up_to_the_whole_corpus() -> None:
    """Workers vote on slices of a run; summed in order they give the table of one pass."""
    corpus: list[str | tuple[str, str | None]] = [
        ("Prime Minister Margaret Thatcher met union leaders.", "LONDON, March 2 -"),
        "British Prime Minister Margaret Hilda Thatcher spoke to reporters about the budget.",
        ("Prime Minister Margaret Thatcher spoke again.", "LONDON, March 3 -"),
        "British Prime Minister Maggie Thatcher said she would leave for talks in Paris.",
        "Japanese Prime Minister Yasuhiro Nakasone met business leaders on Friday.",
        "Peruvian Energy Minister Luis Garcia spoke. Mexican Trade Minister Ana Garcia agreed.",
        "Japanese Prime Minister Yasu Nakasone arrived for talks with the bankers.",
    ]
    whole = learn_actors(corpus)
    # The longest name written beside a nationality wins; the first one written on a tie.
    assert whole.people["Thatcher"] == ("GBR", "Margaret Hilda Thatcher")
    assert whole.people["Nakasone"] == ("JPN", "Yasuhiro Nakasone")
    assert "Garcia" not in whole.people
    for cut in range(len(corpus) + 1):
        for other in range(cut, len(corpus) + 1):
            parts = [corpus[:cut], corpus[cut:other], corpus[other:]]
            total = actor_votes(parts[0]).add(actor_votes(parts[1])).add(actor_votes(parts[2]))
            assert total.table() == whole, (cut, other)


@pytest.mark.parametrize(
    ("text", "title", "dateline", "expected"),
    [
        # The headline's visit is the one "the visit" means.
        (
            "The Saudi leader will hold talks with Prime Minister Margaret Thatcher during the visit.",
            "SAUDI ARABIA'S KING FAHD VISITS BRITAIN THIS WEEK",
            "LONDON, March 22 -",
            [("SAU", "GBR", "planned")],
        ),
        # A foreign visitor's visit with no destination is to the dateline's country.
        (
            "Local officials attach great importance to the visit of West German President Richard "
            "von Weizsaecker.",
            None,
            "BUENOS AIRES, March 16 -",
            [("DEU", "ARG", "occurred")],
        ),
        # A delegation of the dateline's own country goes nowhere.
        ("The Argentine delegation said the talks went well.", None, "BUENOS AIRES, March 16 -", []),
        # A digest's paragraphs carry their own datelines.
        (
            "TOKYO - Visiting British Corporate Affairs Minister Michael Howard told Japan to open up.",
            None,
            "BAHRAIN, April 7 -",
            [("GBR", "JPN", "occurred")],
        ),
        # GeoNames resolves datelines the built-in list lacks.
        (
            "A 20-man Chinese delegation attended the Houston meeting.",
            None,
            "HOUSTON, April 29 -",
            [("CHN", "USA", "occurred")],
        ),
    ],
)
def test_implied_hosts(
    text: str, title: str | None, dateline: str, expected: list[tuple[str, str, str]]
) -> None:
    found = visit_mentions(text, published_at=datetime.datetime(1987, 3, 22), dateline=dateline, title=title)
    assert [(m.visitor_country, m.host_country, m.status) for m in found] == expected


def test_a_country_dateline_names_no_city() -> None:
    (found,) = visit_mentions(
        "Visiting Russian Deputy Prime Minister Alexei Overchuk said talks went well.",
        dateline="LEBANON, Jan. 5 -",
    )
    assert (found.host_country, found.city) == ("LBN", None)


def test_gazetteer_datelines_and_name_like_cities() -> None:
    assert dateline_country("WINNIPEG") == "CAN"
    assert dateline_country("STILLWATER", "Okla.") == "USA"
    assert dateline_country("ATHENS", "Ga.") == "USA"  # the region says which Athens
    assert dateline_country("NOWHERESVILLE") is None
    # Large cities named like people or words are not places in running text.
    assert place_mentions("Charlotte Salvador met Austin Phoenix.") == []
    assert [p.code for p in place_mentions("He flew to Barcelona and Chicago.")] == ["ESP", "USA"]


@pytest.mark.parametrize(
    ("text", "kwargs", "expected"),
    [
        # An undatelined story names its outlet's own officials without a nationality.
        (
            "International Development Secretary Hilary Benn will also visit Aceh in Indonesia, "
            "as well as Sri Lanka.",
            {"source_country": "GBR"},
            [("GBR", "IDN", "planned"), ("GBR", "LKA", "planned")],
        ),
        ("Development Secretary Hilary Benn will also visit Sri Lanka.", {}, []),
        # Reciprocal visits: one each way.
        (
            "Israel and the Soviet Union have agreed to exchange visits by delegations.",
            {"published_at": datetime.datetime(1987, 4, 1)},
            [("ISR", "SUN", "planned"), ("SUN", "ISR", "planned")],
        ),
        # Text typed in lower case still names its places.
        (
            "they said the envoy's trip, to be followed from tuesday by a visit to nicaragua by the "
            "iranian foreign minister, was linked to the war.",
            {"published_at": datetime.datetime(1987, 10, 19)},
            [("IRN", "NIC", "planned")],
        ),
        # "there" is the last foreign place named; "he" is the official, not the government asked.
        (
            "U.S. Agriculture Secretary Richard Lyng will ask the Japanese Government to remove "
            "beef restrictions when he visits there next month.",
            {"dateline": "STILLWATER, Okla., March 23 -", "published_at": datetime.datetime(1987, 3, 23)},
            [("USA", "JPN", "planned")],
        ),
        # Talks with officials in a list of countries, after leaving for them: still ahead.
        (
            "Brazilian Finance Minister Dilson Funaro left Washington for a tour of Europe and debt "
            "discussions with officials in Britain, France and Italy.",
            {"dateline": "WASHINGTON, March 2 -", "published_at": datetime.datetime(1987, 3, 2)},
            [("BRA", "GBR", "planned"), ("BRA", "FRA", "planned"), ("BRA", "ITA", "planned")],
        ),
        # An organisation's delegation in a capital is its standing mission; an ambassador too.
        (
            "Sir Roy Denman, head of the EC delegation in Washington, wrote to the committee.",
            {"dateline": "LOS ANGELES, March 19 -", "published_at": datetime.datetime(1987, 3, 19)},
            [],
        ),
        (
            "He spoke after talks with Turkey's ambassador to Athens who arrived last night from a "
            "meeting with Greek Prime Minister Andreas Papandreou.",
            {"dateline": "ANKARA, March 30 -", "published_at": datetime.datetime(1987, 3, 30)},
            [],
        ),
        # A passive "was also received by" is read as passive: the host is the agent's country.
        (
            "Russian Security Council Secretary Ivan Bortsov was also received by Iran's president.",
            {"published_at": datetime.datetime(2025, 11, 26)},
            [("RUS", "IRN", "occurred")],
        ),
        # Delegations "headed by" officials of listed countries, at a meeting in the dateline's city.
        (
            "The delegations to the conference are headed by Hernandez of Venezuela, Energy Minister "
            "Javier Espinosa of Ecuador and Energy Minister Kelvin Ramnath of Trinidad-Tobago.",
            {"dateline": "CARACAS, March 26 -", "published_at": datetime.datetime(1987, 3, 26)},
            [("ECU", "VEN", "occurred"), ("TTO", "VEN", "occurred")],
        ),
    ],
)
def test_context_rules(text: str, kwargs: dict[str, object], expected: list[tuple[str, str, str]]) -> None:
    found = visit_mentions(text, **kwargs)  # type: ignore[arg-type]
    assert [(m.visitor_country, m.host_country, m.status) for m in found] == expected


def test_headline_person_is_the_surname_that_opens_a_sentence() -> None:
    """'Aqazadeh arrived last night' under 'IRANIAN OIL MINISTER IN UAE TALKS' is the minister."""
    found = visit_mentions(
        "Aqazadeh arrived last night after a brief stopover in Riyadh, where he met Saudi "
        "Arabia's Oil Minister Hisham Nazir.",
        published_at=datetime.datetime(1987, 3, 11),
        dateline="ABU DHABI, March 11 -",
        title="IRANIAN OIL MINISTER IN UAE TALKS",
    )
    assert {(m.visitor_country, m.host_country) for m in found} == {("IRN", "ARE"), ("IRN", "SAU")}
    uae = next(m for m in found if m.host_country == "ARE")
    assert (uae.event_date, uae.date_source) == (datetime.date(1987, 3, 10), "text")
    # Without the headline nobody is known to have arrived.
    assert visit_mentions("Aqazadeh arrived last night.", dateline="ABU DHABI, March 11 -") == []


def test_lead_official_is_where_the_dateline_is() -> None:
    """An AP dateline opens the body; the foreign official who is the lead's subject is there."""
    body = (
        "HANOI, Vietnam (AP) — U.S. Defense Secretary Mark Esper on Wednesday accused China of "
        "coercion in the South China Sea. Esper met with several top government officials."
    )
    found = visit_mentions(body, published_at=datetime.datetime(2019, 11, 20))
    assert {(m.visitor_country, m.host_country, m.city) for m in found} == {("USA", "VNM", "Hanoi")}
    # A sentence taken out of an article is not its lead, and the dateline's own officials go nowhere.
    lead = "U.S. Defense Secretary Mark Esper on Wednesday accused China of coercion."
    assert visit_mentions(lead, dateline="HANOI, Nov 20 -", excerpt=True) == []
    assert visit_mentions(lead, dateline="WASHINGTON, Nov 20 -") == []
    # Words that place the official elsewhere win over the dateline.
    elsewhere = (
        "MOSCOW (Reuters) — U.S. Secretary of State John Kerry said in Washington that talks went well."
    )
    assert visit_mentions(elsewhere) == []
