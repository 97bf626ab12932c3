# ruff: noqa: E501
# (word pools and sentence templates read best one per line, whatever their length)
"""Synthetic but realistic news pages for the scale benchmark, written to gzipped WARC files.

Eight outlets with their own templates, time zones and boilerplate (navigation, cookie banners,
donation appeals, newsletter boxes, related links); articles of 4-24 paragraphs on diplomacy,
economy, sport and weather, a quarter of them reporting an official visit. Duplicates as the web
has them: URL variants with tracking parameters, exact copies on another outlet, and wire
reprints with a new headline, a credit line and a different footer. Page i is the same on every
call, so a corpus can be regenerated instead of stored.
"""

from __future__ import annotations

import functools
import html
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import numpy as np
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

# (host, name, UTC offset in hours, wire agency it credits on reprints)
OUTLETS = [
    ("www.sahel-observer.example", "Sahel Observer", 0, "AFP"),
    ("news.volga-daily.example", "Volga Daily", 3, "TASS"),
    ("www.capital-ledger.example", "Capital Ledger", -5, "Reuters"),
    ("www.mekong-times.example", "Mekong Times", 7, "Reuters"),
    ("www.andes-post.example", "Andes Post", -3, "AFP"),
    ("www.gulf-dispatch.example", "Gulf Dispatch", 4, "Reuters"),
    ("www.balkan-wire.example", "Balkan Wire", 1, "AFP"),
    ("www.nile-herald.example", "Nile Herald", 2, "TASS"),
]

# (country, adjective, capital, leader title, leader name)
COUNTRIES = [
    ("Russia", "Russian", "Moscow", "Defence Minister", "Andrei Belousov"),
    ("Mali", "Malian", "Bamako", "President", "Assimi Goita"),
    ("Niger", "Nigerien", "Niamey", "Prime Minister", "Ali Lamine Zeine"),
    ("Burkina Faso", "Burkinabe", "Ouagadougou", "President", "Ibrahim Traore"),
    ("China", "Chinese", "Beijing", "Foreign Minister", "Wang Yi"),
    ("Laos", "Lao", "Vientiane", "Prime Minister", "Sonexay Siphandone"),
    ("Vietnam", "Vietnamese", "Hanoi", "President", "Luong Cuong"),
    ("Turkey", "Turkish", "Ankara", "Foreign Minister", "Hakan Fidan"),
    ("Egypt", "Egyptian", "Cairo", "President", "Abdel Fattah al-Sisi"),
    ("India", "Indian", "New Delhi", "External Affairs Minister", "Subrahmanyam Jaishankar"),
    ("Brazil", "Brazilian", "Brasilia", "President", "Luiz Inacio Lula da Silva"),
    ("Serbia", "Serbian", "Belgrade", "President", "Aleksandar Vucic"),
    ("Algeria", "Algerian", "Algiers", "President", "Abdelmadjid Tebboune"),
    ("Iran", "Iranian", "Tehran", "Foreign Minister", "Abbas Araghchi"),
    ("Venezuela", "Venezuelan", "Caracas", "President", "Nicolas Maduro"),
    ("Indonesia", "Indonesian", "Jakarta", "President", "Prabowo Subianto"),
]

SUBJECTS = [
    "The central bank",
    "The finance ministry",
    "A group of farmers",
    "The port authority",
    "Regional officials",
    "The national statistics office",
    "Union leaders",
    "The energy regulator",
    "Opposition lawmakers",
    "The city council",
    "Local traders",
    "The health ministry",
    "Independent economists",
    "The mining company",
    "Aid agencies",
    "The football federation",
]
VERBS = [
    "said on {day} that",
    "warned on {day} that",
    "announced on {day} that",
    "told reporters that",
    "confirmed in a statement that",
    "argued in a report published on {day} that",
    "estimated that",
    "predicted that",
]
CLAIMS = [
    "grain exports would rise by {n} percent this season",
    "fuel prices had climbed for a {ord} week",
    "the new bridge over the river would open in {month}",
    "inflation slowed to {n}.{m} percent in {month}",
    "{n} families had been moved away from the flooded districts",
    "the harvest was the largest in {n} years",
    "talks on the budget would resume after the holidays",
    "the tender for the railway line had been delayed",
    "the league would expand to {n} clubs next season",
    "{n} new clinics would open in rural provinces",
    "power cuts had eased after the repair of two turbines",
    "the currency lost {n} percent against the dollar",
    "a drought had cut cattle herds by a {frac}",
    "{n} thousand tons of fertiliser were stuck at the border",
    "the government planned to sell a stake in the telecom operator",
    "rainfall was {n} percent below normal",
    "shipping costs on the coastal route had doubled since {month}",
    "the strike at the smelter had ended",
    "the national team would play two friendlies in {month}",
    "exports of cotton fell for the {ord} month",
]
DETAILS = [
    "Officials gave no timetable for the next steps.",
    "Prices at the main market in {city} were {n} percent higher.",
    "The figures could not be independently verified.",
    "Critics said the plan came too late for small producers.",
    "Similar measures were tried in {year} with mixed results.",
    "The decision follows months of consultations.",
    "Residents in {city} said they had seen little change so far.",
    "The ministry did not respond to a request for comment.",
    "Analysts expect a revision of the numbers in {month}.",
    "The project is financed by a loan of ${n} million.",
    "Traders said demand from neighbouring countries remained strong.",
    "The report covers the period up to {month}.",
    "About {n} people attended the meeting in {city}.",
    "Turnout was lower than in the previous vote.",
]
VISIT_LEADS = [
    "{vadj} {vtitle} {vname} arrived in {city} on {day} for talks with {hadj} {htitle} {hname}, officials said.",
    "A {vadj} delegation led by {vtitle} {vname} visited {host} on {day}, meeting {htitle} {hname} in {city}.",
    "{vname}, the {vadj} {vtitle}, held talks in {city} on {day} during an official visit to {host}.",
]
VISIT_FOLLOW = [
    "The two sides discussed military cooperation, energy projects and grain deliveries.",
    "The visit is the {ord} by a {vadj} official to {host} this year.",
    "They signed an agreement on defence cooperation and a memorandum on nuclear energy.",
    "{hadj} state television showed the delegation being greeted at the airport in {city}.",
    "{vname} was due to travel on to a neighbouring country later in the week, according to the program.",
]
SPORT = [
    "{city} FC beat their rivals {n}-{m} on {day} to move {ord} in the table.",
    "The coach said his players had shown character after a difficult start to the season.",
    "Tickets for the final sold out within {n} minutes, the organisers said.",
]
WEATHER = [
    "Forecasters expect temperatures of up to {n} degrees Celsius in {city} this week.",
    "Heavy rain closed {n} roads in the north of the country on {day}.",
    "Authorities urged residents to conserve water as reservoirs fell to {n} percent of capacity.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]  # fmt: skip
ORDS = ["second", "third", "fourth", "fifth", "sixth"]
BOILERPLATE = [
    "Support independent journalism. Donate today and help us keep our reporting free for everyone.",
    "Sign up for our newsletter to get the day's top stories delivered to your inbox every morning.",
    "We use cookies to improve your experience. By continuing to browse you agree to our cookie policy.",
]

ADJS = [
    "local",
    "regional",
    "national",
    "foreign",
    "private",
    "public",
    "rural",
    "urban",
    "coastal",
    "northern",
    "southern",
    "eastern",
    "western",
    "small",
    "large",
    "new",
    "former",
    "senior",
    "junior",
    "independent",
    "official",
    "informal",
    "annual",
    "monthly",
    "weekly",
    "early",
    "late",
    "rising",
    "falling",
    "delayed",
    "planned",
    "disputed",
    "joint",
    "bilateral",
    "military",
    "civilian",
    "industrial",
    "agricultural",
    "medical",
    "financial",
    "digital",
    "electric",
    "nuclear",
    "maritime",
    "cross-border",
    "seasonal",
    "temporary",
    "permanent",
    "emergency",
    "interim",
    "provincial",
    "municipal",
    "federal",
    "state-owned",
]
NOUNS = [
    "farmers",
    "traders",
    "officials",
    "engineers",
    "teachers",
    "doctors",
    "nurses",
    "drivers",
    "miners",
    "workers",
    "students",
    "investors",
    "exporters",
    "importers",
    "lenders",
    "banks",
    "firms",
    "factories",
    "ports",
    "airports",
    "railways",
    "roads",
    "bridges",
    "schools",
    "clinics",
    "hospitals",
    "markets",
    "warehouses",
    "pipelines",
    "refineries",
    "mines",
    "dams",
    "reservoirs",
    "farms",
    "herds",
    "harvests",
    "contracts",
    "loans",
    "tenders",
    "permits",
    "licences",
    "subsidies",
    "tariffs",
    "taxes",
    "budgets",
    "reserves",
    "prices",
    "wages",
    "rents",
    "fares",
    "deliveries",
    "shipments",
    "containers",
    "trucks",
    "tankers",
    "vessels",
    "flights",
    "trains",
    "buses",
    "turbines",
    "generators",
    "grids",
    "cables",
    "satellites",
    "drones",
    "vaccines",
    "medicines",
    "textbooks",
    "courts",
    "councils",
    "committees",
    "unions",
    "parties",
    "ministries",
    "agencies",
    "regulators",
    "inspectors",
    "auditors",
    "contractors",
    "suppliers",
    "retailers",
    "wholesalers",
    "cooperatives",
]
ACTS = [
    "received",
    "ordered",
    "shipped",
    "approved",
    "rejected",
    "suspended",
    "delayed",
    "expanded",
    "inspected",
    "repaired",
    "financed",
    "cancelled",
    "completed",
    "requested",
    "reported",
    "recorded",
    "delivered",
    "lost",
    "built",
    "closed",
    "reopened",
    "audited",
    "leased",
    "bought",
    "sold",
    "imported",
    "exported",
    "stored",
    "registered",
    "returned",
    "replaced",
    "upgraded",
]
PREPS = [
    "for",
    "from",
    "near",
    "across",
    "beyond",
    "under",
    "against",
    "despite",
    "without",
    "before",
    "after",
    "during",
]
SOURCES = [
    "officials",
    "residents",
    "analysts",
    "organisers",
    "spokespeople",
    "witnesses",
    "economists",
    "diplomats",
    "observers",
    "executives",
    "inspectors",
    "lawmakers",
]
SAID = """said on Monday|said on Tuesday|said on Wednesday|said on Thursday|said on Friday|said at the weekend
|told local radio|wrote in a statement|told reporters|confirmed later|said in a briefing
|told a news conference""".replace("\n", "").split("|")

URL_VARIANT_SHARE = 0.05
EXACT_COPY_SHARE = 0.03
REPRINT_SHARE = 0.08
VISIT_SHARE = 0.25
EPOCH = datetime(2025, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Page:
    """One synthetic page: where it lives and what it is a copy of, if anything."""

    index: int
    url: str
    html: bytes
    original: int | None  # the page whose article this page repeats
    kind: str  # original, url_variant, exact_copy, reprint
    visit: bool


def _fill(rng: np.random.Generator, template: str, slots: dict[str, str]) -> str:
    city = COUNTRIES[int(rng.integers(len(COUNTRIES)))][2]
    values = {
        "day": DAYS[int(rng.integers(7))],
        "n": str(int(rng.integers(2, 95))),
        "m": str(int(rng.integers(0, 9))),
        "ord": ORDS[int(rng.integers(len(ORDS)))],
        "month": MONTHS[int(rng.integers(12))],
        "frac": ["third", "quarter", "fifth"][int(rng.integers(3))],
        "year": str(int(rng.integers(1995, 2024))),
        "city": city,
        **slots,
    }
    return template.format(**values)


def _pick(rng: np.random.Generator, words: list[str]) -> str:
    return words[int(rng.integers(len(words)))]


def _sentence(rng: np.random.Generator) -> str:
    subject = SUBJECTS[int(rng.integers(len(SUBJECTS)))]
    verb = VERBS[int(rng.integers(len(VERBS)))]
    claim = CLAIMS[int(rng.integers(len(CLAIMS)))]
    return _fill(rng, f"{subject} {verb} {claim}.", {})


def _free_sentence(rng: np.random.Generator) -> str:
    # Short phrases from large pools: unrelated articles share few five-word runs, as real ones do.
    city = COUNTRIES[int(rng.integers(len(COUNTRIES)))][2]
    return (
        f"{_pick(rng, ADJS).capitalize()} {_pick(rng, NOUNS)} in {city} {_pick(rng, ACTS)} "
        f"{int(rng.integers(2, 999))} {_pick(rng, NOUNS)} {_pick(rng, PREPS)} the {_pick(rng, ADJS)} "
        f"{_pick(rng, NOUNS)}, {_pick(rng, SOURCES)} {_pick(rng, SAID)}."
    )


def _paragraph(rng: np.random.Generator, extra: list[str]) -> str:
    parts = [_sentence(rng) if rng.random() < 0.3 else _free_sentence(rng)]
    for _ in range(int(rng.integers(1, 4))):
        if rng.random() < 0.8:
            parts.append(_free_sentence(rng))
        else:
            pool = extra if extra and rng.random() < 0.5 else DETAILS
            parts.append(_fill(rng, pool[int(rng.integers(len(pool)))], {}))
    return " ".join(parts)


@dataclass(frozen=True)
class Article:
    """The outlet-independent part of a story."""

    headline: str
    paragraphs: list[str]
    published: datetime
    author: str
    visit: bool


def article(i: int) -> Article:
    """The story of original page i."""
    rng = np.random.default_rng([i, 11])
    visit = bool(rng.random() < VISIT_SHARE)
    n = int(rng.integers(4, 25))
    paras: list[str] = []
    if visit:
        v, h = rng.choice(len(COUNTRIES), size=2, replace=False)
        if rng.random() < 0.5:
            v = 0  # Russian delegations are what the analysts track
            h = h if h != 0 else 1
        vc, hc = COUNTRIES[int(v)], COUNTRIES[int(h)]
        slots = {
            "vadj": vc[1], "vtitle": vc[3], "vname": vc[4], "host": hc[0], "hadj": hc[1],
            "htitle": hc[3], "hname": hc[4], "city": hc[2],
        }  # fmt: skip
        paras.append(_fill(rng, VISIT_LEADS[int(rng.integers(len(VISIT_LEADS)))], slots))
        follow = rng.choice(len(VISIT_FOLLOW), size=int(rng.integers(1, 3)), replace=False)
        paras += [_fill(rng, VISIT_FOLLOW[int(k)], slots) for k in sorted(follow)]
        n = max(n, 7)
        headline = f"{vc[1]} {vc[3]} {vc[4].split()[-1]} Visits {hc[0]}"
        extra: list[str] = []
    else:
        topic = int(rng.integers(3))
        extra = [[], SPORT, WEATHER][topic]
        headline = _sentence(rng).rstrip(".").split(" that ")[-1].capitalize()
    paras += [_paragraph(rng, extra) for _ in range(n - len(paras))]
    published = EPOCH + timedelta(minutes=int(rng.integers(0, 365 * 24 * 60)))
    first = ["Amina", "Pavel", "Laura", "Tran", "Diego", "Leyla", "Milos", "Omar"][int(rng.integers(8))]
    last = ["Diallo", "Orlov", "Hughes", "Nguyen", "Ramos", "Aliyeva", "Petrovic", "Haddad"][
        int(rng.integers(8))
    ]
    return Article(headline, paras, published, f"{first} {last}", visit)


@functools.lru_cache(maxsize=200_000)
def page_kind(i: int) -> tuple[str, int | None]:
    """(kind, index of the page it repeats) for page i; copies point at an earlier original."""
    rng = np.random.default_rng([i, 12])
    r = rng.random()
    if i < 20:
        return "original", None
    src = int(rng.integers(max(0, i - 2_000), i))
    for kind, share in (
        ("url_variant", URL_VARIANT_SHARE),
        ("exact_copy", EXACT_COPY_SHARE),
        ("reprint", REPRINT_SHARE),
    ):
        if r < share:
            # A copy of a copy repeats the original; page_kind(src) has resolved its chain already.
            root = page_kind(src)[1]
            return kind, src if root is None else root
        r -= share
    return "original", None


def _outlet(i: int) -> int:
    return i % len(OUTLETS)


def _slug(headline: str) -> str:
    return "-".join("".join(c for c in w.lower() if c.isalnum()) for w in headline.split()[:8])


def _render(i: int, outlet: int, art: Article, headline: str, paras: list[str]) -> bytes:
    host, name, offset, _ = OUTLETS[outlet]
    tz = timezone(timedelta(hours=offset))
    local = art.published.astimezone(tz)
    cls = ["article-body", "story-content", "entry-content", "post__text"][outlet % 4]
    rng = np.random.default_rng([i, 13])
    body = "\n".join(f"      <p>{html.escape(p)}</p>" for p in paras)
    boiler = BOILERPLATE[int(rng.integers(len(BOILERPLATE)))]
    related = "\n".join(
        f'        <li><a href="https://{host}/news/{k}">{html.escape(article(k).headline)}</a></li>'
        for k in rng.integers(0, max(1, i), size=4)
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{html.escape(headline)} | {name}</title>
  <meta property="og:title" content="{html.escape(headline)}">
  <meta property="article:published_time" content="{local.isoformat()}">
  <meta name="author" content="{art.author}">
  <link rel="stylesheet" href="/static/site.css">
</head>
<body>
  <header class="site-header"><a href="/">{name}</a>
    <nav><a href="/news">News</a> <a href="/business">Business</a> <a href="/sport">Sport</a>
    <a href="/opinion">Opinion</a> <a href="/about">About us</a></nav>
  </header>
  <div class="cookie-banner">We use cookies to improve your experience on our website.</div>
  <main>
    <article>
      <h1>{html.escape(headline)}</h1>
      <div class="byline">By <span class="author">{art.author}</span>
        <time datetime="{local.isoformat()}">{local.strftime("%B %d, %Y %H:%M")}</time></div>
      <div class="{cls}">
{body}
      </div>
      <aside class="appeal"><p>{boiler}</p></aside>
    </article>
    <section class="related"><h2>Read more</h2>
      <ul>
{related}
      </ul>
    </section>
  </main>
  <footer><p>&copy; {local.year} {name}. All rights reserved.</p>
    <a href="/privacy">Privacy</a> <a href="/terms">Terms</a></footer>
</body>
</html>
""".encode()


def page(i: int) -> Page:
    """Page i of the corpus."""
    kind, src = page_kind(i)
    story = i if src is None else src
    art = article(story)
    outlet, headline, paras = _outlet(story), art.headline, list(art.paragraphs)
    url = f"https://{OUTLETS[outlet][0]}/news/{story}-{_slug(headline)}"
    if kind == "url_variant":
        url += f"?utm_source=newsletter&utm_medium=email&utm_campaign=c{i}"
    elif kind == "exact_copy":
        outlet = (outlet + 1 + i % (len(OUTLETS) - 1)) % len(OUTLETS)
        url = f"https://{OUTLETS[outlet][0]}/world/{i}-{_slug(headline)}"
    elif kind == "reprint":
        outlet = (outlet + 1 + i % (len(OUTLETS) - 1)) % len(OUTLETS)
        agency = OUTLETS[outlet][3]
        headline = "Update: " + headline.lower().capitalize()
        paras[0] = f"({agency}) - " + paras[0]
        paras.append(f"Reporting by {art.author}; editing by the {agency} desk.")
        url = f"https://{OUTLETS[outlet][0]}/wire/{i}-{_slug(headline)}"
    return Page(i, url, _render(i, outlet, art, headline, paras), src, kind, art.visit)


def pages(n: int) -> Iterator[Page]:
    """The first n pages."""
    return (page(i) for i in range(n))


def write_warc(path: Path, indices: range) -> int:
    """Write pages as HTTP response records to a gzipped WARC file; returns the bytes written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for i in indices:
            p = page(i)
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            writer.write_record(
                writer.create_warc_record(p.url, "response", payload=io.BytesIO(p.html), http_headers=headers)
            )
        return fh.tell()


def corpus(root: Path, n: int, per_file: int = 5_000) -> list[Path]:
    """WARC files holding pages 0..n-1 under root (reused when already written)."""
    files = []
    for lo in range(0, n, per_file):
        path = root / f"synth-{lo:07d}-{min(n, lo + per_file):07d}.warc.gz"
        if not path.exists():
            tmp = path.with_suffix(".tmp")
            write_warc(tmp, range(lo, min(n, lo + per_file)))
            tmp.rename(path)
        files.append(path)
    return files
