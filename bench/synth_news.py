# ruff: noqa: E501
# (word pools, sentence templates, inline scripts and HTML read best one per line, whatever their length)
"""Synthetic but realistic news pages for the scale benchmark, written to gzipped WARC files.

Eight outlets with their own templates, time zones and site chrome; articles of 4-24 paragraphs on
diplomacy, economy, sport and weather, a quarter of them reporting an official visit. Duplicates as the web
has them: URL variants with tracking parameters, exact copies on another outlet, and wire reprints with a
new headline, a credit line and a different footer. Page i is the same on every call, so a corpus can be
regenerated instead of stored.

Pages weigh what real news pages weigh, since the bench compares our throughput with bare trafilatura's
on them. Around the article each outlet has the chrome of a news site: inline CSS and scripts (analytics,
consent vendor list, ad slots), JSON-LD, a mega-menu, teaser rails with pictures, share buttons, a
newsletter form, a cookie dialog, a footer of link columns and on some outlets the page data again as
JSON; how much varies per outlet (PROFILES) and per page. Calibrated on the 127 real article pages of the
AEB set (shared/realdata/aeb), p10/median/p90 there and over pages 0-1999 here: bytes 54/115/386 KB and
58/110/248 KB, `<a ` links 54/143/260 and 69/150/260, `<script` tags 13/34/78 and 16/34/76. The chrome
is markup extractors know as boilerplate (header, nav, aside, form, footer, scripts, link lists): the
parsed text, title, author and date are the article's alone.
"""

from __future__ import annotations

import functools
import html
import io
import json
import urllib.parse
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
# In the WARC file names: a corpus written before the pages last changed is not reused.
PAGES_VERSION = 2


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


# Site chrome: what a news page carries besides its article. Per outlet it is built once (_chrome);
# per page only the rails, ad slots and page-level scripts change, so a page costs about one article.

SECTIONS = {
    "World": ["Africa", "Asia", "Europe", "Middle East", "Americas", "Russia and Central Asia"],
    "Politics": ["Elections", "Parliament", "Diplomacy", "Security", "Justice"],
    "Business": ["Markets", "Economy", "Energy", "Agriculture", "Companies", "Trade", "Personal finance"],
    "Sport": ["Football", "Athletics", "Basketball", "Tennis", "Cycling", "Boxing", "Motor racing"],
    "Opinion": ["Editorials", "Columnists", "Letters", "Cartoons"],
    "Culture": ["Books", "Music", "Film", "Food and drink", "Art", "Fashion"],
    "Science": ["Climate", "Space", "Environment", "Health"],
    "Technology": ["Telecoms", "Start-ups", "Cyber security", "Gadgets"],
    "Weather": ["Forecast", "Warnings", "Drought", "Floods"],
    "Travel": ["Destinations", "Airlines", "Hotels"],
    "Lifestyle": ["Family", "Education", "Motoring", "Homes"],
    "Video": ["News videos", "Documentaries", "Live"],
    "Podcasts": ["The Daily Brief", "Market Talk", "On the Pitch"],
}
FOOTER_COLUMNS = {
    "About us": ["Who we are", "Contact us", "Careers", "Advertise with us", "Corrections", "Editorial standards",
                 "Press releases", "Our journalists"],
    "Services": ["Newsletters", "Podcasts", "Mobile apps", "E-paper", "Archive", "RSS feeds", "Subscriptions",
                 "Gift a subscription", "Syndication"],
    "Legal": ["Privacy policy", "Cookie settings", "Terms of use", "Imprint", "Accessibility", "Copyright"],
    "Follow us": ["Facebook", "X", "Instagram", "YouTube", "Telegram", "WhatsApp", "LinkedIn"],
}  # fmt: skip
FOOTER_ORDER = ["Legal", "Sections", "About us", "Services", "Follow us", "Regions"]
ICONS = ["facebook", "x", "whatsapp", "telegram", "email", "link", "search", "menu", "close", "user", "play",
         "comment", "arrow-right", "bookmark", "print", "chevron-down"]  # fmt: skip
SHARE = [("facebook", "Facebook", "https://www.facebook.com/sharer/sharer.php?u="),
         ("x", "X", "https://x.com/intent/post?url="), ("whatsapp", "WhatsApp", "https://wa.me/?text="),
         ("telegram", "Telegram", "https://t.me/share/url?url="), ("email", "email", "mailto:?body=")]  # fmt: skip
VENDOR_HEADS = ["Ad", "Data", "Media", "Pixel", "Target", "Audience", "Market", "Insight", "Click", "Signal",
                "Metric", "Reach", "Blue", "North", "Bright", "Smart", "Open", "Quant", "Geo", "Trade"]  # fmt: skip
VENDOR_TAILS = ["ly", "wise", "hub", "flow", "sense", "point", "scope", "stack", "works", "logic", "lab"]
VENDOR_FORMS = ["GmbH", "Ltd", "Inc.", "SAS", "B.V.", "AB", "S.p.A.", "LLC", "S.L."]
FONTS = ["Source Serif", "Inter", "Merriweather", "Lato", "Noto Sans", "Roboto Slab", "Playfair Display"]
FEATURES = ["stickyVideo", "liveBlogPolling", "darkMode", "audioArticles", "readingList", "pushPrompt",
            "commentsLazy", "recircWidget", "paywallMeter", "newsletterModal", "weatherWidget", "adRefresh"]  # fmt: skip
CSS_BLOCKS = ["site-header", "top-bar", "mega-menu", "ticker", "breadcrumb", "share-bar", "teaser", "rail",
              "most-read", "newsletter-signup", "consent", "site-footer", "ad-slot", "comments", "topics",
              "icon", "button", "search", "byline", "appeal"]  # fmt: skip
CSS_ELEMENTS = ["", "", "__title", "__link", "__image", "__meta", "__list", "__item", "__icon", "__label"]
CSS_MODIFIERS = ["", "", "", "--active", "--large", "--compact", "--dark", "--sticky"]
CSS_STATES = ["", "", "", "", ":hover", ":focus-visible", "::before", "::after", ":first-child"]
CSS_DECLS = ["display:flex", "display:block", "display:none", "display:grid", "align-items:center",
             "grid-template-columns:repeat(auto-fill,minmax({n}0px,1fr))", "justify-content:space-between",
             "gap:{n}px", "margin:0", "margin:0 auto", "margin-top:{n}px", "margin-bottom:{n}px",
             "padding:{n}px {m}px", "padding:0", "font-size:{r}rem", "color:var(--c-{c})",
             "background:var(--c-{c})", "border-bottom:1px solid var(--c-line)", "line-height:1.{m}",
             "font-weight:{w}", "max-width:{n}0px", "transition:opacity .{m}s ease", "position:relative",
             "position:absolute", "position:sticky", "top:0", "z-index:{n}", "text-transform:uppercase",
             "letter-spacing:.0{m}em", "white-space:nowrap", "overflow:hidden", "text-overflow:ellipsis",
             "border-radius:{m}px", "cursor:pointer", "opacity:.{m}", "width:100%", "height:auto",
             "aspect-ratio:16/9", "object-fit:cover", "list-style:none", "text-decoration:none",
             "font-family:var(--f-{f})"]  # fmt: skip

# Inline scripts as news sites ship them: analytics, a consent stub, ad setup and small page helpers.
JS_ANALYTICS = "window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}gtag('js',new Date());gtag('config','%(mid)s',{send_page_view:false,cookie_domain:'%(domain)s',anonymize_ip:true});"
JS_CONSENT = "(function(){var q=[];function api(cmd,ver,cb,arg){if(cmd==='ping'){cb({gdprApplies:true,cmpLoaded:false,cmpStatus:'stub',apiVersion:'2.2'},true);return;}q.push([cmd,ver,cb,arg]);}api.queue=q;window.__tcfapi=api;window.addEventListener('message',function(e){var d=e.data&&e.data.__tcfapiCall;if(!d)return;window.__tcfapi(d.command,d.version,function(r,ok){e.source.postMessage({__tcfapiReturn:{returnValue:r,success:ok,callId:d.callId}},'*');},d.parameter);},false);})();"
JS_ADS = "var googletag=window.googletag||{cmd:[]};googletag.cmd.push(function(){googletag.pubads().setTargeting('site','%(site)s');googletag.pubads().enableSingleRequest();googletag.pubads().enableLazyLoad({fetchMarginPercent:200,renderMarginPercent:100});googletag.pubads().collapseEmptyDivs();googletag.enableServices();});"
JS_HELPERS = [
    "document.addEventListener('DOMContentLoaded',function(){var imgs=[].slice.call(document.querySelectorAll('img[data-src]'));if(!('IntersectionObserver' in window)){imgs.forEach(function(i){i.src=i.dataset.src;});return;}var io=new IntersectionObserver(function(entries){entries.forEach(function(e){if(e.isIntersecting){e.target.src=e.target.dataset.src;io.unobserve(e.target);}});},{rootMargin:'200px 0px'});imgs.forEach(function(i){io.observe(i);});});",
    "(function(){var h=document.querySelector('.site-header'),last=0;window.addEventListener('scroll',function(){var y=window.pageYOffset;h.classList.toggle('site-header--hidden',y>last&&y>120);last=y;},{passive:true});})();",
    "document.querySelectorAll('.menu-toggle').forEach(function(b){b.addEventListener('click',function(){var open=b.getAttribute('aria-expanded')==='true';b.setAttribute('aria-expanded',String(!open));document.documentElement.classList.toggle('menu-open',!open);});});",
    "(function(){try{var k='%(key)s_meter',n=parseInt(localStorage.getItem(k)||'0',10)+1;localStorage.setItem(k,String(n));if(n>%(limit)d&&window.__SITE__.paywall.enabled){document.documentElement.classList.add('meter-exceeded');}}catch(e){}})();",
    "document.querySelectorAll('.share-bar a[data-network]').forEach(function(a){a.addEventListener('click',function(ev){ev.preventDefault();window.open(a.href,'share','width=600,height=480');window.dataLayer.push({event:'share',network:a.dataset.network});});});",
    "(function(){var f=document.querySelector('.newsletter-signup');if(!f)return;f.addEventListener('submit',function(e){e.preventDefault();fetch(f.action,{method:'POST',body:new FormData(f),credentials:'same-origin'}).then(function(r){f.classList.add(r.ok?'is-done':'is-error');});});})();",
    "window.addEventListener('error',function(e){navigator.sendBeacon&&navigator.sendBeacon('https://%(host)s/_/errors',JSON.stringify({m:e.message,s:e.filename,l:e.lineno,u:location.pathname}));});",
    "new PerformanceObserver(function(list){list.getEntries().forEach(function(e){window.dataLayer.push({event:'web_vital',name:e.entryType,value:Math.round(e.startTime)});});}).observe({type:'largest-contentful-paint',buffered:true});",
    "document.fonts&&document.fonts.ready.then(function(){document.documentElement.classList.add('fonts-loaded');});",
    "(function(){var c=document.cookie.match(/(?:^|; )edition=([^;]+)/);document.documentElement.dataset.edition=c?decodeURIComponent(c[1]):'%(edition)s';})();",
    "window.addEventListener('load',function(){var s=document.createElement('script');s.src='https://comments.%(domain)s/embed.js';s.async=true;s.dataset.site='%(key)s';document.body.appendChild(s);});",
]
BUNDLES = ["runtime", "vendor", "main", "article", "comments", "video-player", "paywall", "recirculation",
           "consent", "polyfills", "live", "search"]  # fmt: skip


def _hex(rng: np.random.Generator, n: int = 8) -> str:
    return "".join("0123456789abcdef"[int(d)] for d in rng.integers(16, size=n))


def _href(*parts: str) -> str:
    return "/" + "/".join(_slug(p) for p in parts)


def _svg_path(rng: np.random.Generator) -> str:
    nums = np.round(rng.uniform(-9, 9, size=6 * int(rng.integers(4, 18))), 2)
    segs = " ".join("c" + ",".join(f"{v:g}" for v in nums[k : k + 6]) for k in range(0, len(nums), 6))
    return f"M{rng.integers(2, 22)} {rng.integers(2, 22)}{segs}z"


def _css(rng: np.random.Generator, size: int) -> str:
    brand = _hex(rng, 6)
    fonts = rng.choice(len(FONTS), size=2, replace=False)
    sans, serif = FONTS[int(fonts[0])], FONTS[int(fonts[1])]
    parts = [
        f":root{{--c-brand:#{brand};--c-text:#1a1a1a;--c-muted:#6b6b6b;--c-line:#e2e2e2;--c-bg:#fff;"
        f'--f-sans:"{sans}",Arial,sans-serif;--f-serif:"{serif}",Georgia,serif}}'
    ]
    for f in fonts:
        for w in (400, 700):
            name = FONTS[int(f)]
            parts.append(
                f'@font-face{{font-family:"{name}";src:url(/static/fonts/{_slug(name)}-{w}.woff2) '
                f'format("woff2");font-weight:{w};font-display:swap}}'
            )
    media: list[str] = []
    k, length = 0, 0
    while length < size:
        sel = (
            f".{_pick(rng, CSS_BLOCKS)}{_pick(rng, CSS_ELEMENTS)}{_pick(rng, CSS_MODIFIERS)}"
            f"{_pick(rng, CSS_STATES)}"
        )
        decls = ";".join(
            _pick(rng, CSS_DECLS).format(
                n=int(rng.integers(1, 48)),
                m=int(rng.integers(1, 9)),
                r=f"{0.75 + 0.125 * int(rng.integers(12)):g}",
                c=_pick(rng, ["brand", "text", "muted", "line", "bg"]),
                w=_pick(rng, ["400", "600", "700"]),
                f=_pick(rng, ["sans", "serif"]),
            )
            for _ in range(int(rng.integers(2, 7)))
        )
        (media if k % 40 >= 30 else parts).append(f"{sel}{{{decls}}}")
        k, length = k + 1, length + len(sel) + len(decls) + 2
        if len(media) == 10:
            parts.append(
                f"@media (min-width:{_pick(rng, ['640', '768', '1024', '1280'])}px){{{''.join(media)}}}"
            )
            media = []
    return "".join(parts)


@dataclass(frozen=True)
class _Profile:
    """How heavy an outlet's chrome is."""

    mega_menu: bool  # sub-section links under every section
    footer: int  # footer link columns, from FOOTER_ORDER
    css_kb: int  # inline CSS
    vendors: int  # consent partners listed inline
    scripts: int  # own inline helpers and script bundles
    tags: int  # third-party script tags
    teaser_links: int  # 1: headline; 2: and picture; 3: and section
    svg: str  # none, sprite or inline
    hydrated: bool  # the page data again as JSON, as script-rendered sites ship it
    recirculation: float  # teaser modules per page, relative to other outlets


# Chosen so the corpus matches the real pages of the AEB set in size, links and scripts: from a lean
# CMS page of ~50 KB to a script-rendered site with a long consent vendor list of ~200 KB.
PROFILES = [
    # mega-menu, footer columns, CSS KB, consent vendors, own scripts, third-party tags, teaser links, icons,
    # hydrated, recirculation
    _Profile(False, 1, 10, 80, 2, 1, 1, "none", False, 0.5),  # Sahel Observer
    _Profile(True, 3, 25, 220, 10, 4, 2, "none", False, 0.8),  # Volga Daily
    _Profile(True, 5, 25, 150, 16, 12, 2, "sprite", True, 0.8),  # Capital Ledger
    _Profile(False, 3, 20, 250, 5, 6, 1, "none", False, 0.5),  # Mekong Times
    _Profile(True, 5, 25, 150, 14, 8, 3, "inline", False, 1.2),  # Andes Post
    _Profile(True, 6, 80, 450, 20, 25, 2, "sprite", True, 1.4),  # Gulf Dispatch
    _Profile(False, 3, 15, 60, 4, 3, 2, "none", False, 0.9),  # Balkan Wire
    _Profile(True, 5, 60, 420, 22, 40, 2, "inline", True, 1.6),  # Nile Herald
]


@dataclass(frozen=True)
class _Chrome:
    """One outlet's fixed page parts and the knobs for the parts that vary per page."""

    head: str  # preloads, CSS and scripts that every page of the outlet carries
    header: str  # icon sprite, top bar, logo, search and mega-menu; the ticker is per page
    footer: str  # link columns, apps and address; the copyright line is per page
    consent: str  # consent dialog and third-party tags, at the end of the body
    newsletter: str
    sections: list[tuple[str, list[str]]]
    nav_json: str  # the menu once more, as the hydration state of script-rendered sites carries it
    icons: dict[str, str]
    profile: _Profile
    deks: bool  # teasers with a one-line summary
    network: int  # ad network id


@functools.cache
def _chrome(outlet: int) -> _Chrome:
    """The chrome of an outlet; built once, so pages only pay for what varies."""
    host, name, _, _ = OUTLETS[outlet]
    domain = host.split(".", 1)[1]
    key = _slug(name)
    rng = np.random.default_rng([outlet, 21])
    names = list(SECTIONS)
    chosen = sorted(rng.choice(len(names), size=int(rng.integers(7, 13)), replace=False))
    sections = [(names[int(k)], SECTIONS[names[int(k)]]) for k in chosen]
    if sections[0][0] == "World":
        sections[0] = ("World", sections[0][1] + [c[0] for c in COUNTRIES[: int(rng.integers(4, 16))]])
    prof = PROFILES[outlet]
    svg = prof.svg
    icons = {ic: _svg_path(rng) for ic in ICONS}
    network = int(rng.integers(1000, 99999))
    edition = _pick(rng, ["international", "africa", "asia", "americas", "europe"])

    menu = []
    for sec, subs in sections:
        shown = subs if prof.mega_menu else []
        cols = "".join(
            '<div class="mega-menu__col"><ul class="mega-menu__list">'
            + "".join(
                f'<li class="mega-menu__item"><a href="{_href(sec, s)}">{html.escape(s)}</a></li>'
                for s in shown[k : k + 5]
            )
            + "</ul></div>"
            for k in range(0, len(shown), 5)
        )
        panel = (
            f'<div class="mega-menu__panel"><div class="mega-menu__cols">{cols}</div></div>' if cols else ""
        )
        menu.append(
            f'<li class="mega-menu__section"><div class="mega-menu__head"><a class="mega-menu__link" '
            f'href="{_href(sec)}">{sec}</a><button class="mega-menu__toggle" aria-expanded="false" '
            f'aria-label="Open {sec} menu">{_icon_html(svg, icons, "chevron-down")}</button></div>\n{panel}</li>'
        )
    top_bar = (
        f'<div class="top-bar"><div class="top-bar__inner"><a class="top-bar__link" href="/subscribe">Subscribe</a> '
        f'<a class="top-bar__link" href="/account/login">Sign in</a> <a class="top-bar__link" href="/edition">'
        f"Edition: {edition.capitalize()}</a></div></div>\n"
        if prof.mega_menu
        else ""
    )
    header = (
        f'<header class="site-header" role="banner">\n{top_bar}'
        '<div class="site-header__bar"><div class="site-header__inner">'
        '<button class="menu-toggle" aria-expanded="false" aria-label="Menu">'
        f'{_icon_html(svg, icons, "menu")}</button>\n<a class="site-header__logo" href="/" aria-label="{name} home">'
        f'<img src="/static/img/{key}-logo.svg" alt="{name}" width="220" height="40"></a>\n'
        f'<form class="search" role="search" action="/search"><label class="visually-hidden" for="q">Search</label>'
        f'<input id="q" name="q" type="search" placeholder="Search {name}"><button type="submit">'
        f"{_icon_html(svg, icons, 'search')}</button></form></div></div>\n"
        f'<nav class="mega-menu" aria-label="Main navigation"><ul class="mega-menu__sections">\n'
        + "\n".join(menu)
        + "\n</ul></nav>\n"
    )
    nav_json = json.dumps(
        [
            {"title": s, "url": _href(s), "children": [{"title": c, "url": _href(s, c)} for c in subs]}
            for s, subs in sections
        ]
    )

    vendors = [
        {
            "id": int(rng.integers(1, 1200)),
            "name": (brand := f"{_pick(rng, VENDOR_HEADS)}{_pick(rng, VENDOR_TAILS)}")
            + f" {_pick(rng, VENDOR_FORMS)}",
            "policyUrl": f"https://www.{brand.lower()}.example/privacy",
            "purposes": sorted({int(p) for p in rng.integers(1, 11, size=int(rng.integers(1, 6)))}),
            "legIntPurposes": sorted({int(p) for p in rng.integers(2, 11, size=int(rng.integers(0, 3)))}),
            "features": sorted({int(p) for p in rng.integers(1, 4, size=int(rng.integers(0, 3)))}),
            "cookieMaxAgeSeconds": int(rng.choice([86400, 2592000, 31536000, 34164000])),
        }
        for _ in range(prof.vendors)
    ]
    meter = int(rng.integers(3, 11))
    site = {
        "name": name,
        "host": host,
        "edition": edition,
        "adUnit": f"/{network}/{key}",
        "sections": [s for s, _ in sections],
        "features": {f: bool(rng.random() < 0.6) for f in FEATURES},
        "paywall": {"enabled": bool(rng.random() < 0.5), "meter": meter},
        "endpoints": {
            "api": f"https://api.{domain}/v2",
            "search": f"https://{host}/search",
            "img": f"https://img.{domain}",
        },
    }
    slots = {"mid": f"G-{_hex(rng, 10).upper()}", "domain": domain, "site": key, "key": key, "host": host,
             "limit": meter, "edition": edition}  # fmt: skip
    helpers = rng.choice(len(JS_HELPERS), size=min(len(JS_HELPERS), (prof.scripts + 1) // 2), replace=False)
    bundles = rng.choice(len(BUNDLES), size=min(len(BUNDLES), prof.scripts // 2), replace=False)
    cdn = f"https://cdn.{domain}/assets"
    preloads = "\n".join(
        f'  <link rel="preload" href="{cdn}/{BUNDLES[int(b)]}.{_hex(rng)}.js" as="script">'
        for b in bundles[:4]
    )
    css = _css(rng, prof.css_kb * 1000)
    cmp = _js_json({"siteId": network, "privacyUrl": f"https://{host}/privacy", "vendors": vendors})
    head = (
        f'  <meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'  <meta property="og:site_name" content="{name}">\n'
        f'  <meta property="og:type" content="article">\n'
        f'  <meta name="twitter:card" content="summary_large_image">\n'
        f'  <meta name="twitter:site" content="@{key.replace("-", "")}">\n'
        f'  <meta name="theme-color" content="#{_hex(rng, 6)}">\n'
        f'  <meta name="robots" content="index, follow, max-image-preview:large">\n'
        f'  <link rel="preconnect" href="https://cdn.{domain}">\n'
        f'  <link rel="preconnect" href="https://img.{domain}">\n'
        f'  <link rel="dns-prefetch" href="https://ads.{domain}">\n{preloads}\n'
        f'  <link rel="icon" href="/favicon.ico" sizes="32x32">\n'
        f'  <link rel="apple-touch-icon" href="/static/img/{key}-180.png">\n'
        f'  <link rel="manifest" href="/manifest.webmanifest">\n'
        f'  <link rel="alternate" type="application/rss+xml" title="{name}" href="/rss">\n'
        f"  <style>{css}</style>\n"
        f"  <script>{JS_ANALYTICS % slots}</script>\n"
        f"  <script>{JS_CONSENT}</script>\n"
        f"  <script>window.__cmpConfig={cmp};</script>\n"
        f"  <script>window.__SITE__={_js_json(site)};</script>\n"
        f"  <script>{JS_ADS % slots}</script>\n"
        f'  <script async src="https://ads.{domain}/tag/js/gpt.js"></script>\n'
        + "".join(f"  <script>{JS_HELPERS[int(h)] % slots}</script>\n" for h in helpers)
        + "".join(
            f'  <script defer src="{cdn}/{BUNDLES[int(b)]}.{_hex(rng)}.js"></script>\n' for b in bundles
        )
    )
    if svg == "sprite":
        sprite = "".join(
            f'<symbol id="icon-{k}" viewBox="0 0 24 24"><path d="{v}"/></symbol>' for k, v in icons.items()
        )
        header = f'<svg xmlns="http://www.w3.org/2000/svg" style="display:none">{sprite}</svg>\n' + header

    columns = []
    footer_columns = {
        "Sections": [s for s, _ in sections],
        "Regions": [c[0] for c in COUNTRIES],
        **FOOTER_COLUMNS,
    }
    for title in FOOTER_ORDER[: prof.footer]:
        links = footer_columns[title]
        lis = "".join(f'<li><a href="{_href(title, link)}">{html.escape(link)}</a></li>' for link in links)
        columns.append(f'<div class="site-footer__col"><h4>{title}</h4><ul>{lis}</ul></div>')
    city = COUNTRIES[outlet % len(COUNTRIES)][2]
    footer = (
        '<footer class="site-footer" role="contentinfo">\n<div class="site-footer__cols">\n'
        + "\n".join(columns)
        + f'\n</div>\n<div class="site-footer__apps"><a href="https://apps.{domain}/ios">Download on the App Store</a> '
        f'<a href="https://apps.{domain}/android">Get it on Google Play</a></div>\n'
        f'<p class="site-footer__address">{name}, {int(rng.integers(2, 200))} Independence Avenue, {city}</p>\n'
    )
    consent = (
        f'<div id="cmp-dialog" class="consent" role="dialog" aria-modal="true" aria-labelledby="cmp-title" hidden>\n'
        f'<h2 id="cmp-title">We value your privacy</h2>\n<p>We and our {len(vendors)} partners store and access '
        f"information on a device, such as cookies, and process personal data such as unique identifiers for "
        f"personalised advertising and content, audience measurement and product development.</p>\n"
        f'<p>You can accept, refuse or manage your choices at any time in <a href="/cookie-settings">Cookie '
        f'settings</a>.</p>\n<div class="consent__buttons"><button class="button" data-cmp="accept">Accept all'
        f'</button><button class="button" data-cmp="reject">Reject all</button><button class="button" '
        f'data-cmp="manage">Manage options</button></div></div>\n'
    ) + "".join(
        f'<script async src="https://{_pick(rng, VENDOR_HEADS).lower()}{_pick(rng, VENDOR_TAILS)}.example/tag.js'
        f'?site={key}"></script>\n'
        for _ in range(prof.tags)
    )
    newsletter = (
        f'<form class="newsletter-signup" action="https://{host}/newsletters/subscribe" method="post">\n'
        f"<h3>The {name} Morning Briefing</h3>\n<p>Sign up for our newsletter to get the day's top stories "
        f'delivered to your inbox every morning.</p>\n<label for="nl-email">Email address</label>'
        f'<input id="nl-email" name="email" type="email" required autocomplete="email">'
        f'<input type="hidden" name="list" value="{key}-daily"><button class="button" type="submit">Sign up</button>\n'
        f'<p class="newsletter-signup__fine-print">By signing up you agree to our <a href="/privacy">privacy '
        f"policy</a>. You can unsubscribe at any time.</p></form>\n"
    )
    return _Chrome(
        head=head,
        header=header,
        footer=footer,
        consent=consent,
        newsletter=newsletter,
        sections=sections,
        nav_json=nav_json,
        icons=icons,
        profile=prof,
        deks=outlet % 2 == 0,
        network=network,
    )


def _js_json(value: object) -> str:
    # "</" would end the script element early.
    return json.dumps(value, separators=(",", ":")).replace("</", "<\\/")


def _icon_html(svg: str, icons: dict[str, str], icon: str) -> str:
    if svg == "sprite":
        return f'<svg class="icon" aria-hidden="true"><use href="#icon-{icon}"></use></svg>'
    if svg == "inline":
        return f'<svg class="icon" viewBox="0 0 24 24" aria-hidden="true"><path d="{icons[icon]}"/></svg>'
    return f'<span class="icon icon-{icon}" aria-hidden="true"></span>'


@functools.lru_cache(maxsize=8192)
def _teaser(k: int) -> tuple[str, str, datetime]:
    """(headline, one-line summary, time) of story k, as other pages' rails show it."""
    art = article(k)
    return art.headline, art.paragraphs[0].split(". ")[0].rstrip(".") + ".", art.published


RAIL_WINDOW = 400  # rails link stories from the last few hundred pages: one article() per page, cached


def _rail(i: int, rng: np.random.Generator, n: int) -> list[int]:
    return [int(k) for k in rng.integers(max(0, i - RAIL_WINDOW), max(1, i), size=n)]


def _href_of(host: str, k: int) -> str:
    return f"https://{host}/news/{k}-{_slug(_teaser(k)[0])}"


def _link(host: str, k: int) -> str:
    return f'<a href="{_href_of(host, k)}">{html.escape(_teaser(k)[0])}</a>'


def _teaser_html(host: str, k: int, section: str, *, links: int, picture: bool, dek: bool) -> str:
    """A teaser of story k; links: 1 wraps picture and headline, 2 links them apart, 3 adds the section."""
    headline, summary, when = _teaser(k)
    href = _href_of(host, k)
    title = html.escape(headline)
    src = f"https://img.{host.split('.', 1)[1]}/{when:%Y/%m}/{(k * 2654435761) % 2**32:08x}"
    img = (
        f'<img src="{src}-640x360.jpg" srcset="{src}-320x180.jpg 320w, {src}-640x360.jpg 640w, '
        f'{src}-960x540.jpg 960w" sizes="(min-width: 1024px) 300px, 50vw" alt="{title}" width="640" '
        f'height="360" loading="lazy" decoding="async">'
    )
    if picture:
        webp = f"{src}-320x180.webp 320w, {src}-640x360.webp 640w"
        img = f'<picture><source type="image/webp" srcset="{webp}">{img}</picture>'
    extra = f'<p class="teaser__dek">{html.escape(summary)}</p>' if dek else ""
    meta = f'<a href="{_href(section)}">{section}</a>' if links >= 3 else section
    if links == 1:
        return (
            f'<li class="teaser"><div class="teaser__inner"><a class="teaser__link" href="{href}">'
            f'<div class="teaser__media">{img}</div><h3 class="teaser__title">{title}</h3></a>'
            f'<div class="teaser__copy">{extra}<div class="teaser__meta">{meta}</div></div></div></li>'
        )
    return (
        f'<li class="teaser"><div class="teaser__inner"><div class="teaser__media"><a class="teaser__image" '
        f'href="{href}" tabindex="-1">{img}</a></div><div class="teaser__copy"><h3 class="teaser__title">'
        f'<a href="{href}">{title}</a></h3>{extra}<div class="teaser__meta">{meta}</div></div></div></li>'
    )


def _ad(chrome: _Chrome, key: str, pos: str) -> str:
    return (
        f'<div class="ad-slot ad-slot--{pos.split("-")[0]}"><div class="ad-slot__inner">'
        f'<span class="ad-slot__label">Advertisement</span><div id="ad-{pos}" data-ad-unit="/{chrome.network}/{key}">'
        f"<script>googletag.cmd.push(function(){{googletag.display('ad-{pos}');}});</script></div></div></div>"
    )


def _render(i: int, c: Content) -> bytes:
    host, name, offset, _ = OUTLETS[c.outlet]
    art, headline, paras = c.article, c.headline, c.paragraphs
    tz = timezone(timedelta(hours=offset))
    local = art.published.astimezone(tz)
    cls = ["article-body", "story-content", "entry-content", "post__text"][c.outlet % 4]
    chrome = _chrome(c.outlet)
    prof = chrome.profile
    key = _slug(name)
    rng = np.random.default_rng([i, 13])
    body = "\n".join(f"      <p>{html.escape(p)}</p>" for p in paras)
    boiler = BOILERPLATE[int(rng.integers(len(BOILERPLATE)))]
    related = "\n".join(
        f'        <li><a href="https://{host}/news/{k}">{html.escape(_teaser(k)[0])}</a></li>'
        for k in _rail(i, rng, 4)
    )
    # How heavy this page's recirculation is: lognormal, so a few pages carry much more than most.
    load = float(rng.lognormal(0.0, 0.6)) * prof.recirculation
    sec, subs = chrome.sections[int(rng.integers(len(chrome.sections)))]
    sub = subs[int(rng.integers(len(subs)))]
    title = html.escape(headline)

    latest = [k for k in range(i - 1, i - 1 - int(np.clip(round(6 * load), 4, 20)), -1) if k >= 0]
    most_read = _rail(i, rng, 10 if load > 1 else 5)
    n_modules = int(np.clip(round(3 * load), 1, 9))
    modules = []
    all_teasers = latest + most_read
    for m in range(n_modules):
        msec = chrome.sections[int(rng.integers(len(chrome.sections)))][0]
        ks = _rail(i, rng, int(rng.integers(4, 9)))
        all_teasers += ks
        items = "\n".join(
            _teaser_html(
                host, k, msec, links=prof.teaser_links, picture=prof.hydrated, dek=chrome.deks and m % 2 == 0
            )
            for k in ks
        )
        modules.append(
            f'<section class="rail rail--module" aria-label="More from {msec}"><div class="rail__head">'
            f'<h2 class="rail__title"><a href="{_href(msec)}">More from {msec}</a></h2></div>\n'
            f'<div class="rail__grid"><ul class="rail__list">\n{items}\n</ul></div></section>\n'
            f"{_ad(chrome, key, f'inline-{m}') if m % 2 else ''}"
        )
    ticker = (
        '<div class="ticker" aria-label="Latest headlines"><span class="ticker__label">Latest</span><ul>'
        + "".join(f"<li>{_link(host, k)}</li>" for k in latest[:5])
        + "</ul></div>\n"
        if prof.mega_menu
        else ""
    )
    latest_html = "\n".join(
        f'<li class="teaser teaser--compact"><time datetime="{when.isoformat()}">{when:%H:%M}</time> '
        f"{_link(host, k)}</li>"
        for k in latest
        if (when := _teaser(k)[2].astimezone(tz))
    )
    most_read_html = "\n".join(
        f'<li class="most-read__item"><span class="most-read__rank">{n + 1}</span>{_link(host, k)}</li>'
        for n, k in enumerate(most_read)
    )
    quoted = urllib.parse.quote(c.url, safe="")
    share = "".join(
        f'<a class="share-bar__link" data-network="{net}" href="{base}{quoted}" rel="noopener" target="_blank">'
        f'{_icon_html(prof.svg, chrome.icons, net)}<span class="visually-hidden">Share on {label}</span></a>'
        for net, label, base in SHARE
    )
    topics = "".join(
        f'<li><a href="/topic/{_slug(COUNTRIES[int(t)][0])}">{COUNTRIES[int(t)][0]}</a></li>'
        for t in sorted(set(rng.integers(len(COUNTRIES), size=int(rng.integers(2, 6)))))
    )
    n_comments = int(rng.integers(0, 400))
    comments = (
        f'<section id="comments" class="comments" data-thread="{key}-{i}"><h2>Comments</h2>'
        f'<button class="button comments__load" type="button">Show {n_comments} comments</button>'
        f'<a class="comments__guidelines" href="/community-guidelines">Community guidelines</a></section>\n'
        if rng.random() < 0.6
        else ""
    )
    slots = [f"top-{i}", f"sidebar-{i}", *[f"inline-{m}" for m in range(1, n_modules, 2)], f"footer-{i}"]
    define = "".join(
        f"googletag.defineSlot('/{chrome.network}/{key}/{_slug(sec)}',[[300,250],[300,600],[728,90]],'ad-{s}')"
        f".setTargeting('pos','{s.split('-')[0]}').addService(googletag.pubads());"
        for s in slots
    )
    ld = _js_json(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": headline,
            "datePublished": local.isoformat(),
            "author": {"@type": "Person", "name": art.author},
            "publisher": {
                "@type": "Organization",
                "name": name,
                "logo": {"@type": "ImageObject", "url": f"https://{host}/static/img/{key}-logo.png"},
            },
            "isAccessibleForFree": True,
        }
    )
    page_js = _js_json(
        {
            "event": "page_meta",
            "pageType": "article",
            "articleId": i,
            "section": sec,
            "subsection": sub,
            "author": art.author,
            "published": local.isoformat(),
            "words": sum(len(p.split()) for p in paras),
            "paragraphs": len(paras),
        }
    )
    state = ""
    if prof.hydrated:
        teasers = _js_json(
            [
                {
                    "id": k,
                    "title": _teaser(k)[0],
                    "url": _href_of(host, k),
                    "published": _teaser(k)[2].isoformat(),
                }
                for k in all_teasers
            ]
        )
        state = (
            f'<script id="__STATE__" type="application/json">{{"page":{{"id":{i},"type":"article",'
            f'"section":"{sec}"}},"navigation":{chrome.nav_json},"teasers":{teasers}}}</script>\n'
        )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{title} | {name}</title>
  <meta property="og:title" content="{title}">
  <meta property="article:published_time" content="{local.isoformat()}">
  <meta name="author" content="{art.author}">
  <link rel="stylesheet" href="/static/site.css">
{chrome.head}  <script type="application/ld+json">{ld}</script>
  <script>window.dataLayer.push({page_js});</script>
  <script>googletag.cmd.push(function(){{{define}}});</script>
</head>
<body class="page-article section-{_slug(sec)}">
{chrome.header}{ticker}</header>
{_ad(chrome, key, f"top-{i}")}
<div class="page-wrap"><div class="layout layout--two-col"><div class="layout__grid">
  <nav class="breadcrumb" aria-label="Breadcrumb"><a href="/">Home</a> <a href="{_href(sec)}">{sec}</a> <a href="{_href(sec, sub)}">{html.escape(sub)}</a></nav>
  <main>
    <article>
      <h1>{title}</h1>
      <div class="byline">By <span class="author">{art.author}</span>
        <time datetime="{local.isoformat()}">{local.strftime("%B %d, %Y %H:%M")}</time></div>
      <div class="{cls}">
{body}
      </div>
      <aside class="appeal"><p>{boiler}</p></aside>
    </article>
    <div class="share-bar" aria-label="Share this article">{share}</div>
    <ul class="topics" aria-label="Topics">{topics}</ul>
    {comments}<section class="related"><h2>Read more</h2>
      <ul>
{related}
      </ul>
    </section>
  </main>
  <aside class="sidebar">
<div class="sidebar__sticky"><section class="rail rail--latest"><div class="rail__head"><h2 class="rail__title">Latest news</h2></div><ol class="rail__list">
{latest_html}
</ol></section>
{_ad(chrome, key, f"sidebar-{i}")}
<section class="most-read"><div class="rail__head"><h2 class="rail__title">Most read</h2></div><ol class="most-read__list">
{most_read_html}
</ol></section></div>
{chrome.newsletter}  </aside>
</div></div>
  <div class="recirculation"><div class="recirculation__inner">
{"".join(modules)}  </div></div>
</div>
{_ad(chrome, key, f"footer-{i}")}
{chrome.footer}<p>&copy; {local.year} {name}. All rights reserved.</p>
</footer>
{chrome.consent}{state}</body>
</html>
""".encode()


@dataclass(frozen=True)
class Content:
    """What page i shows: its URL and outlet, the headline and paragraphs, and the story behind them."""

    url: str
    outlet: int
    headline: str
    paragraphs: list[str]
    article: Article


def content(i: int) -> Content:
    """The URL, outlet, headline and paragraphs of page i."""
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
    return Content(url, outlet, headline, paras, art)


def page(i: int) -> Page:
    """Page i of the corpus."""
    kind, src = page_kind(i)
    c = content(i)
    return Page(i, c.url, _render(i, c), src, kind, c.article.visit)


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
        path = root / f"synth-v{PAGES_VERSION}-{lo:07d}-{min(n, lo + per_file):07d}.warc.gz"
        if not path.exists():
            tmp = path.with_suffix(".tmp")
            write_warc(tmp, range(lo, min(n, lo + per_file)))
            tmp.rename(path)
        files.append(path)
    return files
