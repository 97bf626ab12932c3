"""Rule-based extraction of official visit mentions (who visited which country, when) from news."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, replace
from typing import Final

import dateparser

from transforms.countries import (
    CITY,
    COUNTRY,
    DEMONYM,
    REGION,
    PlaceMention,
    as_of,
    city_country,
    country_code,
    place_mentions,
)

EXTRACTOR_VERSION: str = "visits-0.2"

OCCURRED: Final = "occurred"
ONGOING: Final = "ongoing"
PLANNED: Final = "planned"
CANCELLED: Final = "cancelled"
_CAMEO: Final = {OCCURRED: "042", ONGOING: "042", PLANNED: "036", CANCELLED: "036"}


@dataclass(frozen=True)
class VisitMention:
    """One (visitor, host) visit named in one sentence, with its evidence span."""

    visitor_country: str | None
    visitor_org: str | None
    host_country: str
    city: str | None
    event_date: datetime.date | None
    date_precision: str | None
    date_source: str
    status: str
    cameo_code: str
    leader_name: str | None
    leader_title: str | None
    delegation_kind: str | None
    sentence: str
    char_start: int
    char_end: int
    confidence: float


@dataclass(frozen=True)
class _Actor:
    """A would-be visitor phrase in a sentence (sentence-relative offsets)."""

    start: int
    end: int
    country: str | None
    org: str | None
    title: str | None
    name: str | None
    text: str


@dataclass(frozen=True)
class _Context:
    """The visitor an article is about so far, carried to "the delegation" in later sentences."""

    country: str | None = None
    org: str | None = None
    leader_name: str | None = None
    leader_title: str | None = None
    kind: str | None = None


@dataclass(frozen=True)
class _Host:
    """A destination found in a trigger's slot."""

    code: str
    city: str | None
    start: int
    end: int


@dataclass(frozen=True)
class _Candidate:
    """A mention before dates and context are resolved."""

    actor: _Actor | None
    carried: bool
    host: _Host
    status: str
    trigger_start: int
    span_end: int
    weight: float
    ambiguous: bool
    text_dates: bool
    leader: tuple[str | None, str | None]


# --- sentences ------------------------------------------------------------------------------

_ABBREVIATIONS: Final = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "gen",
        "col",
        "lt",
        "maj",
        "sgt",
        "capt",
        "adm",
        "gov",
        "sen",
        "rep",
        "st",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "no",
        "vs",
        "u.s",
        "u.n",
        "u.k",
        "e.u",
        "jr",
        "sr",
        "inc",
        "co",
        "corp",
        "ltd",
        "prof",
        "rev",
        "hon",
        "ft",
        "mt",
        "messrs",
    ]
)
# Real sentences are far shorter; longer runs are lists or unpunctuated junk, and the
# per-sentence matching is quadratic in the number of triggers.
_MAX_SENTENCE: Final = 1500
_BOUNDARY_RE: Final = re.compile(r"[.!?][\"”’)\]]*\s+(?=[\"“‘(]?[A-Z0-9])")
_LAST_WORD_RE: Final = re.compile(r"([\w.]+)[.!?][\"”’)\]]*\s+$")


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, never spanning a line break, whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", text):
        start = line.start()
        for boundary in _BOUNDARY_RE.finditer(text, line.start(), line.end()):
            word = _LAST_WORD_RE.search(text, start, boundary.end())
            token = word.group(1).lower() if word else ""
            # "Gen. Tiani", "U.S. officials", "J. Smith": a full stop that ends no sentence.
            if token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
                continue
            spans.append((start, boundary.start() + 1))
            start = boundary.end()
        spans.append((start, line.end()))
    trimmed = []
    for start, end in spans:
        chunk = text[start:end]
        left = len(chunk) - len(chunk.lstrip())
        right = len(chunk.rstrip())
        if right > left:
            # Keep closing quotes with their sentence.
            while start + right < end and text[start + right] in '"”’)]':
                right += 1
            trimmed.append((start + left, start + right))
    return trimmed


# --- actors ---------------------------------------------------------------------------------

_TITLE_NOUNS: Final = (
    r"prime\s+minister|vice[- ]president|secretary[- ]general|director[- ]general|"
    r"managing\s+director|crown\s+prince|minister|president|premier|PM|secretary|chancellor|"
    r"speaker|envoy|emissary|commander|chairman|chief|head|general|admiral|king|emir|sheikh"
)
_GROUP_NOUNS: Final = (
    r"delegations?|missions?|team|officials|ministers|leaders?|diplomats?|lawmakers|"
    r"parliamentarians|MPs|senators|deputies|negotiators|officers|businessmen|inspectors|"
    r"monitors|experts|envoys|representatives|government|ministry|junta|diplomat|official|"
    r"counterparts?"
)
_MODIFIER: Final = (
    r"(?:[A-Z][\w'’-]*|military|government|governmental|parliamentary|trade|business|"
    r"high-level|high-ranking|senior|top|official|defen[cs]e|foreign|deputy|first|vice|"
    r"economic|ministerial|interior|energy|finance|security|agriculture|industry|"
    r"[a-z]+-strong|\d+-member|\d+-strong|new|former|acting|chief|special|presidential|"
    r"army|navy|naval|air|force|armed|forces|intelligence|state|affairs|of|the)"
)
_NAME: Final = (
    r"[A-Z][\w'’]+(?:-[A-Z][\w'’]+)?(?:\s+(?:al-|el-|bin\s+|de\s+|van\s+|von\s+)?"
    r"[A-Z][\w'’]+(?:-[A-Z][\w'’]+)?){0,3}"
)
_ACTOR_AFTER_RE: Final = re.compile(
    rf"(?:-(?:led|backed))?((?:\s+{_MODIFIER}){{0,4}}?)\s+"
    rf"(?i:(?P<noun>{_TITLE_NOUNS}|{_GROUP_NOUNS}))\b(?:\s+(?P<name>{_NAME}))?"
)
_ACTOR_BEFORE_RE: Final = re.compile(
    r"(?i:\b(?:a|an|the)?\s*(?:\w+\s+){0,2}?"
    r"(?P<noun>delegations?|missions?|team|officials|members?|envoys?|group|representatives|"
    r"ministers?|head|leaders?|president|chief|officers|lawmakers|parliamentarians|secretary|"
    r"speaker|chairman|commander))"
    r"\s+(?:of|from)\s+(?:the\s+)?(?:[A-Z][\w-]*\s+){0,2}?$"
)
_ORG_RE: Final = re.compile(
    r"\b(?P<org>IMF|International Monetary Fund|U\.N\.|UN|United Nations|EU|European Union|"
    r"NATO|AU|African Union|World Bank|WHO|World Health Organization|IAEA|"
    r"International Atomic Energy Agency|OPEC|ECOWAS|ASEAN|OSCE|WTO|Arab League|EC|"
    r"European Commission|ICRC|Red Cross|UNICEF|UNHCR|WFP)(?:'s|’s)?(?![\w.])"
)
_ORG_CANONICAL: Final = {
    "International Monetary Fund": "IMF",
    "U.N.": "UN",
    "United Nations": "UN",
    "European Union": "EU",
    "EC": "EU",
    "European Commission": "EU",
    "African Union": "AU",
    "World Health Organization": "WHO",
    "International Atomic Energy Agency": "IAEA",
    "Red Cross": "ICRC",
}
# Office-holders whose nationality the text often leaves implicit; surnames stand for them too.
_KNOWN_LEADERS: Final = {
    "Vladimir Putin": "RUS",
    "Sergei Lavrov": "RUS",
    "Sergei Shoigu": "RUS",
    "Mikhail Mishustin": "RUS",
    "Dmitry Medvedev": "RUS",
    "Yunus-Bek Yevkurov": "RUS",
    "Andrei Belousov": "RUS",
    "Valentina Matviyenko": "RUS",
    "Vyacheslav Volodin": "RUS",
    "Mikhail Bogdanov": "RUS",
    "Sergei Ryabkov": "RUS",
    "Nikolai Patrushev": "RUS",
    "Valery Gerasimov": "RUS",
    "Denis Manturov": "RUS",
    "Alexei Overchuk": "RUS",
    "Maria Zakharova": "RUS",
    "Wang Yi": "CHN",
    "Xi Jinping": "CHN",
    "Antony Blinken": "USA",
    "Recep Tayyip Erdogan": "TUR",
    "Narendra Modi": "IND",
    "Kim Jong Un": "PRK",
    "Alexander Lukashenko": "BLR",
    "Eduard Shevardnadze": "RUS",
}
_LEADER_SURNAMES: Final = {name.split()[-1]: name for name in _KNOWN_LEADERS}
_LEADER_RE: Final = re.compile(
    r"\b(?:"
    + "|".join(sorted(map(re.escape, {*_KNOWN_LEADERS, *_LEADER_SURNAMES}), key=len, reverse=True))
    + r")(?:'s|’s)?\b"
)
_TITLE_PATTERN: Final = (
    r"(?P<title>(?:(?:First|Deputy|Vice|Prime|Foreign|Defen[cs]e|Finance|Economy|Economic|"
    r"Trade|Energy|Interior|Agriculture|Industry|Transport|Health|Justice|Security|State|"
    r"Chief|Executive|Acting|Senior)[ -])*"
    r"(?:Prime Minister|Minister(?: of(?: [A-Z][a-z]+| and| for){1,4})?|President|Premier|"
    r"Secretary(?:[- ]General)?|Chancellor|Speaker|Envoy|Commander|Chairman|"
    r"Colonel[- ]General|Lieutenant[- ]General|Major[- ]General|General|Gen\.|Admiral|"
    r"Marshal|Colonel|Col\.|King|Emir|Crown Prince|Sheikh))"
)
_TITLE_BEFORE_RE: Final = re.compile(_TITLE_PATTERN + r"\s+$")
_TITLE_NAME_RE: Final = re.compile(rf"\b{_TITLE_PATTERN}\s+(?P<name>{_NAME})")
# Institutions that name their country: "Kremlin envoy", "State Duma Speaker".
_INSTITUTION_RE: Final = re.compile(
    r"\b(?:(?P<rus>Kremlin|State Duma|Duma|Federation Council|Rosatom)|"
    r"(?P<usa>White House|Pentagon|State Department)|(?P<fra>Elysee|Élysée))(?:'s|’s)?(?![\w])"
)
_INSTITUTION_CODES: Final = {"rus": "RUS", "usa": "USA", "fra": "FRA"}
_LED_BY_RE: Final = re.compile(
    r"\b(?:led|headed)\s+by\s+(?:the\s+|its\s+|their\s+|his\s+|her\s+)?"
    rf"(?P<title>(?i:(?:[a-z-]+\s+){{0,3}}(?:{_TITLE_NOUNS}|deputy))\b"
    r"(?:\s+of(?:\s+[A-Z][a-z]+|\s+and){1,4}(?!\w))?)?\s*"
    r"(?P<rank>(?:Colonel|Lieutenant|Major)[- ]General|General|Gen\.|Admiral|Marshal|"
    r"Colonel|Col\.)?\s*"
    rf"(?P<name>{_NAME})?"
)
_RANKS: Final = re.compile(
    r"(?i)^(?:(?:colonel|lieutenant|major)[- ]general|general|gen\.|"
    r"admiral|marshal|colonel|col\.)$"
)
_SMALL_WORDS: Final = frozenset({"of", "and", "for", "the"})
_PREPOSITION_BEFORE_RE: Final = re.compile(
    r"(?i)\b(?:with|to|by|from|for|of|at|on|against|between|counterparts?|and|in|into|"
    r"among|including|toward|towards|than)\s+(?:the\s+|a\s+|an\s+|his\s+|her\s+|their\s+|its\s+)?$"
)
_SPEECH_RE: Final = re.compile(
    r"(?i)\b(?:said|says|say|told|tells|announced|reported|stated|added|confirmed|according|"
    r"quoted|claimed|insisted)\b|;"
)
_ANAPHOR_RE: Final = re.compile(
    r"(?i)\b(?:the|this|that)\s+(?:[\w-]+\s+){0,2}?(?:delegation|mission|team|envoy|minister|"
    r"officials|visitors|guests|general|official|diplomat)\b|(?:^|[,;]\s*|\band\s+)"
    r"(?:he|she|they)\b|\b(?:his|her|their)\s+(?:[\w-]+\s+){0,3}?(?:visit|trip|tour|stay)\b"
)
_NON_PERSON_NAMES: Final = frozenset(
    {
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "The",
        "On",
        "In",
        "He",
        "She",
        "They",
        "It",
        "Last",
        "Next",
        "This",
    }
)


def _title_case(text: str) -> str:
    """'deputy defense minister' -> 'Deputy Defense Minister', keeping small words low."""
    words = []
    for index, word in enumerate(text.split()):
        if index and word.lower() in _SMALL_WORDS:
            words.append(word.lower())
        else:
            words.append("-".join(part[:1].upper() + part[1:] for part in word.split("-")))
    return " ".join(words)


def _clean_name(name: str | None) -> str | None:
    """A person's name without trailing non-name words, None when it is not a name."""
    if not name:
        return None
    words = re.sub(r"(?:'s|’s)$", "", name).split()
    while words and (words[-1] in _NON_PERSON_NAMES or country_code(words[-1]) is not None):
        words.pop()
    if not words or words[0] in _NON_PERSON_NAMES or country_code(words[0]) is not None:
        return None
    return " ".join(words)


def _title_name(text: str) -> tuple[str | None, str | None]:
    """(name, title) from 'Deputy Prime Minister Oleg Vereshchagin' in a short phrase."""
    m = _TITLE_NAME_RE.search(text)
    if m is None:
        return None, None
    return _clean_name(m.group("name")), _title_case(m.group("title"))


def _title_from(modifiers: str, noun: str) -> str | None:
    """Leader title from an actor phrase's modifiers and head noun, None for groups."""
    if not re.fullmatch(_TITLE_NOUNS, noun, flags=re.IGNORECASE):
        return None
    keep = [
        word
        for word in modifiers.split()
        if word.lower() not in {"the", "top", "senior", "high-level", "visiting", "new"}
    ]
    title = "Prime Minister" if noun == "PM" else " ".join([*keep, noun])
    return _title_case(title)


def _actors(sentence: str, places: list[PlaceMention], home: str | None = None) -> list[_Actor]:
    """Would-be visitor phrases: 'Russian delegation', "Moscow's envoy", 'IMF chief', 'Lavrov'.

    `home` is the dateline's country: wire copy names its own country's officials without a
    nationality ("Prime Minister Yasuhiro Nakasone" under a TOKYO dateline).
    """
    actors: list[_Actor] = []
    for place in places:
        if place.code is None or place.kind == REGION:
            continue
        after = _ACTOR_AFTER_RE.match(sentence, place.end)
        # "U.S. Treasury Secretary": abbreviations work as adjectives, like demonyms.
        usable = (
            place.kind == DEMONYM
            or place.possessive
            or (place.kind == COUNTRY and place.surface.replace(".", "").isupper())
        )
        if after and (usable or not after.group(1).strip()):
            noun = after.group("noun")
            title = _title_from(after.group(1), noun)
            name = _clean_name(after.group("name")) if title else None
            end = after.end() if name else after.end("noun")
            actors.append(
                _Actor(place.start, end, place.code, None, title, name, sentence[place.start : end])
            )
            continue
        before = _ACTOR_BEFORE_RE.search(sentence, max(0, place.start - 60), place.start)
        if before and (place.kind in (DEMONYM, COUNTRY) or place.possessive):
            start = before.start("noun")
            end = place.end
            tail = _ACTOR_AFTER_RE.match(sentence, place.end)
            if tail and not tail.group(1).strip():
                end = tail.end("noun")
            elif tail is None:
                government = re.match(
                    r"\s+(?:[\w-]+\s+){0,2}?(?i:government|ministry)\b", sentence[place.end :]
                )
                end = place.end + (government.end() if government else 0)
            actors.append(_Actor(start, end, place.code, None, None, None, sentence[start:end]))
    for institution in _INSTITUTION_RE.finditer(sentence):
        after = _ACTOR_AFTER_RE.match(sentence, institution.end())
        if after and not any(a.start <= institution.start() < a.end for a in actors):
            title = _title_from(institution.group() + after.group(1), after.group("noun"))
            name = _clean_name(after.group("name")) if title else None
            end = after.end() if name else after.end("noun")
            code = _INSTITUTION_CODES[str(institution.lastgroup)]
            actors.append(
                _Actor(institution.start(), end, code, None, title, name, sentence[institution.start() : end])
            )
    for org in _ORG_RE.finditer(sentence):
        after = _ACTOR_AFTER_RE.match(sentence, org.end())
        if after:
            title = _title_from(after.group(1), after.group("noun"))
            name = _clean_name(after.group("name")) if title else None
            end = after.end() if name else after.end("noun")
            canonical = _ORG_CANONICAL.get(org.group("org"), org.group("org"))
            actors.append(_Actor(org.start(), end, None, canonical, title, name, sentence[org.start() : end]))
    for leader in _LEADER_RE.finditer(sentence):
        surface = re.sub(r"(?:'s|’s)$", "", leader.group())
        full = surface if surface in _KNOWN_LEADERS else _LEADER_SURNAMES[surface]
        if any(a.start <= leader.start() < a.end for a in actors):
            continue
        title_match = _TITLE_BEFORE_RE.search(sentence, max(0, leader.start() - 60), leader.start())
        title = None
        start = leader.start()
        if title_match:
            title = _title_case(title_match.group("title"))
            start = title_match.start("title")
        actors.append(
            _Actor(
                start, leader.end(), _KNOWN_LEADERS[full], None, title, full, sentence[start : leader.end()]
            )
        )
    if home is not None:
        for titled in _TITLE_NAME_RE.finditer(sentence):
            if any(
                a.start <= titled.start() < a.end or titled.start() <= a.start < titled.end() for a in actors
            ):
                continue
            # A nationality or organisation just before the title belongs to someone else's phrase.
            if re.search(r"(?:\bof|\bfrom|'s|’s)\s+$", sentence[max(0, titled.start() - 8) : titled.start()]):
                continue
            name = _clean_name(titled.group("name"))
            actors.append(
                _Actor(
                    titled.start(),
                    titled.end(),
                    home,
                    None,
                    _title_case(titled.group("title")),
                    name,
                    sentence[titled.start() : titled.end()],
                )
            )
    actors.sort(key=lambda actor: actor.start)
    return actors


# --- triggers -------------------------------------------------------------------------------

_W: Final = r"(?:[\w'’-]+\s+)"
_DET: Final = r"(?:a|an|his|her|their|its|the)\s+"
_NOUN_V: Final = r"(?:visit|trip|tour|journey|stopover|mission)"

# (kind, status, gate, pattern); earlier entries win when two triggers find the same host.
# The gate lists words one of which must occur in the sentence; it spares most regex scans.
_TRIGGER_SPECS: Final[tuple[tuple[str, str, str, str], ...]] = (
    (
        "cancel",
        CANCELLED,
        "cancel postpon call scrap shelv put",
        rf"\b(?:cancel(?:l?ed|s|ling)?|postpon(?:ed|es|ing)|"
        rf"call(?:ed|s|ing)?\s+off|scrapped|shelved|put\s+off)\s+(?:{_DET})?{_W}{{0,3}}?"
        r"(?:visit|trip|tour)(?P<by>\s+by\s+(?:[^\s,;]+\s+){1,8}?)?\s*(?:to|of)\s+",
    ),
    (
        "passive",
        OCCURRED,
        "hosted received welcomed greeted",
        r"\b(?:was|were|been|being)\s+(?:\w+\s+)?(?:hosted|received|"
        r"welcomed|greeted)\b",
    ),
    (
        "passive",
        PLANNED,
        "hosted received welcomed",
        r"\b(?:will|would)\s+be\s+(?:\w+\s+)?(?:hosted|received|welcomed)\b",
    ),
    (
        "send",
        OCCURRED,
        "sent dispatch",
        rf"\b(?:sent|dispatched)\s+(?:{_DET})?{_W}{{0,3}}?"
        r"(?:delegation|mission|team|envoy|emissary|representatives?|officials)\s+to\s+",
    ),
    (
        "send",
        PLANNED,
        "send dispatch",
        rf"\b(?:will|to|would)\s+(?:send|dispatch)\s+(?:{_DET})?{_W}{{0,3}}?"
        r"(?:delegation|mission|team|envoy|emissary|representatives?|officials)\s+to\s+",
    ),
    (
        "host_active",
        OCCURRED,
        "hosted received welcomed greeted",
        r"(?<!was )(?<!were )(?<!been )(?<!being )(?<!be )"
        r"\b(?:hosted|received|welcomed|greeted)\s+(?=\S)",
    ),
    (
        "host_active",
        ONGOING,
        "hosts receives welcomes greets",
        r"\b(?:hosts|receives|welcomes|greets)\s+(?=\S)",
    ),
    ("host_active", PLANNED, "host receive welcome", r"\b(?:will|to)\s+(?:host|receive|welcome)\s+(?=\S)"),
    (
        "prep",
        OCCURRED,
        "arrived landed",
        r"\b(?:arrived|landed)\s+(?:[\w-]+\s+){0,3}?(?:in|at|(?=here\b))\s*",
    ),
    ("prep", ONGOING, "arrives lands", r"\b(?:arrives|lands)\s+(?:in|at|(?=here\b))\s*"),
    (
        "prep",
        OCCURRED,
        "travel flew went came headed returned moved",
        r"\b(?:travell?ed|flew|went|came|headed|returned|moved\s+on)\s+"
        r"(?:[\w-]+\s+){0,2}?to\s+",
    ),
    ("prep", ONGOING, "travel flying heading", r"\b(?:travell?ing|flying|heading)\s+(?:on\s+)?to\s+"),
    (
        "prep",
        OCCURRED,
        "visit trip tour journey stop mission",
        rf"\b(?:paid|made|undertook|concluded|wrapped\s+up|completed|ended|"
        rf"cut\s+short)\s+{_DET}{_W}{{0,3}}?{_NOUN_V}\s+(?:to|of|in)\s+",
    ),
    ("prep", ONGOING, "visit trip", rf"\b(?:pays|makes)\s+{_DET}{_W}{{0,3}}?(?:visit|trip)\s+to\s+"),
    (
        "prep",
        OCCURRED,
        "visit trip tour",
        rf"\b(?:returned|returning|back)\s+from\s+{_DET}{_W}{{0,3}}?"
        r"(?:visit|trip|tour)\s+(?:to|of|in)\s+",
    ),
    (
        "prep",
        OCCURRED,
        "visit trip tour stay",
        rf"\b(?:during|after|following)\s+{_DET}{_W}{{0,3}}?"
        r"(?:visit|trip|tour|stay)\s+(?:to|of|in)\s+",
    ),
    (
        "prep",
        ONGOING,
        "visit trip tour journey stop mission",
        rf"\b(?:is|are)\s+on\s+{_DET}{_W}{{0,3}}?{_NOUN_V}\s+(?:to|of|in)\s+",
    ),
    (
        "prep",
        ONGOING,
        "visit trip tour",
        rf"\b(?:began|begins|started|starts|kicked\s+off|kicks\s+off|opened|"
        rf"opens|launched|launches)\s+{_DET}{_W}{{0,3}}?(?:visit|trip|tour)\s+(?:to|of|in)\s+",
    ),
    (
        "prep",
        PLANNED,
        "will would shall",
        r"\b(?:will|would|shall)\s+(?:also\s+|then\s+|first\s+|later\s+)?"
        r"(?:travel|go|fly|head|come|arrive|be|stop|land)\s+(?:[\w-]+\s+){0,2}?"
        r"(?:to|in|at|(?=here\b))\s*",
    ),
    (
        "prep",
        PLANNED,
        "due expected scheduled set slated",
        r"\b(?:is|are|was|were|been)\s+(?:due|expected|scheduled|set|slated)\s+"
        r"(?:to\s+(?:arrive|travel|be|go|fly|land)\s+)?(?:in|at|to|(?=here\b))\s*",
    ),
    (
        "prep",
        PLANNED,
        "visit trip",
        rf"\b(?:will|would|to)\s+(?:make|pay)\s+{_DET}{_W}{{0,3}}?"
        r"(?:visit|trip)\s+to\s+",
    ),
    (
        "prep",
        PLANNED,
        "visit trip tour",
        r"\b(?:upcoming|planned|scheduled|forthcoming|proposed|impending|"
        rf"expected|anticipated|future|long-planned)\s+{_W}{{0,2}}?(?:visit|trip|tour)\s+"
        r"(?:to|of)\s+",
    ),
    ("prep", PLANNED, "visit trip tour", rf"\bplans?\s+(?:a|an)\s+{_W}{{0,2}}?(?:visit|trip|tour)\s+to\s+"),
    ("prep", OCCURRED, "was were stopped", r"\b(?:was|were|stopped\s+(?:over\s+)?)\s*(?:in|(?=here\b))\s*"),
    (
        "prep",
        ONGOING,
        "is are currently",
        r"\b(?:is|are|currently)\s+(?:currently\s+|now\s+|already\s+)?"
        r"(?:in|(?=here\b))\s*",
    ),
    ("direct", OCCURRED, "visited toured", r"\b(?:visited|toured)\s+"),
    (
        "direct",
        ONGOING,
        "visiting touring",
        r"\b(?:is|are)\s+(?:currently\s+|now\s+|also\s+)?(?:visiting|touring)\s+",
    ),
    (
        "direct",
        PLANNED,
        "visit tour",
        r"\b(?:will|shall|would)\s+(?:also\s+|then\s+|first\s+)?(?:visit|tour)\s+",
    ),
    (
        "direct",
        PLANNED,
        "visit tour",
        r"\b(?:is|are|was|were)\s+(?:due|expected|scheduled|set|slated|poised|"
        r"going|planning|preparing)\s+to\s+(?:visit|tour)\s+",
    ),
    (
        "direct",
        PLANNED,
        "visit tour",
        r"\b(?:plans?|planned|planning|intends?|intended|hopes?|hoped|wants?|"
        r"agreed|prepares?|preparing)\s+to\s+(?:visit|tour)\s+",
    ),
    ("direct", OCCURRED, "visiting", r"\b(?:after|before)\s+visiting\s+"),
    ("direct", OCCURRED, "visit", r"\b(?:first|second|last|latest|only)\s+(?:[\w-]+\s+){0,4}?to\s+visit\s+"),
    (
        "direct",
        ONGOING,
        "visits tours visiting touring",
        r"\b(?:visits|tours|visiting|touring)\s+(?=(?:the\s+)?(?-i:[A-Z]))",
    ),
    (
        "loc",
        OCCURRED,
        "met conferred held",
        r"\b(?:met|conferred|held\s+(?:[\w-]+\s+){0,2}?(?:talks|meetings|"
        r"consultations|discussions|negotiations))\b",
    ),
    ("loc", OCCURRED, "spent", r"\bspent\b"),
    (
        "loc",
        ONGOING,
        "spending meets meeting holds holding",
        r"\b(?:is\s+spending|meets|is\s+meeting|holds\s+(?:[\w-]+\s+){0,2}?talks|"
        r"is\s+holding\s+(?:[\w-]+\s+){0,2}?talks)\b",
    ),
    ("loc", PLANNED, "meet hold", r"\b(?:will|would|to)\s+(?:meet|hold\s+(?:[\w-]+\s+){0,2}?talks)\b"),
    (
        "noun",
        OCCURRED,
        "visit trip tour journey stop",
        r"\b(?:visit|trip|tour|journey|stopover|stop)s?"
        r"(?P<by>\s+by\s+(?:[^\s,;]+\s+){1,8}?)?(?:\s*(?:to|of|in)\s+|\s+(?=here\b))",
    ),
    ("noun", OCCURRED, "mission", r"\bmissions?(?P<by>\s+by\s+(?:[^\s,;]+\s+){1,8}?)?\s*to\s+"),
)
_TRIGGERS: Final = tuple(
    (kind, status, frozenset(gate.split()), re.compile(pattern, re.IGNORECASE))
    for kind, status, gate, pattern in _TRIGGER_SPECS
)
_GATE_WORDS: Final = sorted(
    {w for _, _, gate, _ in _TRIGGER_SPECS for w in gate.split()}, key=len, reverse=True
)
_GATE_RE: Final = re.compile("|".join(_GATE_WORDS))
# A found word opens every gate word inside it ("visiting" opens "visit" too).
_GATE_OPENS: Final = {w: frozenset(g for g in _GATE_WORDS if g in w) for w in _GATE_WORDS}
_DOUBT_RE: Final = re.compile(
    r"(?i)(?:\b(?:not|never|no|denied|denies|deny|ruled\s+out|refused|may|might|could|"
    r"whether|possible|possibly|invited|invites|inviting|invitation|if|unless|barred|banned)"
    r"\b|n't\b)[^,;]{0,25}$"
)
_CANCEL_RE: Final = re.compile(
    r"(?i)\b(?:cancel(?:l?ed|s|ling)?|postpon(?:ed|es|ing)|call(?:ed|s|ing)?\s+off|"
    r"scrapped|shelved|put\s+off)\b"
)
_FUTURE_RE: Final = re.compile(
    r"(?i)\b(?:will|shall|is\s+to|are\s+to|due\s+to|expected\s+to|plans?\s+to|upcoming|"
    r"planned|next\s+(?:week|month)|tomorrow|later\s+this)\b"
)
_ONGOING_CUE_RE: Final = re.compile(r"(?i)\b(?:is|are)\s+(?:on|currently|now)\b")
_STOP_WORDS: Final = frozenset(
    [
        "said",
        "says",
        "told",
        "according",
        "since",
        "after",
        "before",
        "following",
        "when",
        "while",
        "who",
        "which",
        "where",
        "that",
        "from",
        "amid",
        "despite",
        "because",
        "but",
        "than",
        "during",
        "until",
        "whose",
        "what",
        "to",
    ]
)
_SOURCE_AFTER_RE: Final = re.compile(
    r"\s+(?:Radio|radio|TV|Television|television|state\s+(?:TV|media|television|radio)|"
    r"news\s+agency|media|newspaper|daily|Times|Post|said|says|reported|told|officials\s+said)\b"
)
_LIST_SEP_RE: Final = re.compile(r"\s*(?:,\s*and|,\s*then|,|and\s+then|and|as\s+well\s+as|then)\s+")
_LEAD_RE: Final = re.compile(
    r"(?:(?:the|neighbou?ring|nearby|fellow|war-torn|oil-rich|landlocked|junta-led|"
    r"military-ruled|coup-hit|coup-hit|restive|northern|southern|eastern|western|central)\s+)*"
)
_CAPITAL_RE: Final = re.compile(r"(?i)capital(?:\s+city)?(?:\s+of\s+|,?\s+(?=[A-Z]))")
_APPOSITIVE_RE: Final = re.compile(
    r",\s+(?:the|its|a)\s+(?:[\w-]+\s+){0,2}?(?:capital|city|town|port)(?:\s+of\s+[\w' -]+?)?"
    r"(?=[,.;]|\s+(?:on|in|for|to|and|last|this|next|where|yesterday)\b)"
)


# --- places in slots ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Sentence:
    """A sentence with its gazetteer hits and would-be visitors, sentence-relative."""

    text: str
    places: dict[int, PlaceMention]
    place_list: list[PlaceMention]
    actors: list[_Actor]


def _host_of(place: PlaceMention) -> _Host | None:
    """A place hit as a destination; demonyms and contested areas never are."""
    if place.code is None or place.kind == DEMONYM:
        return None
    city = place.surface if place.kind == CITY else None
    return _Host(place.code, city, place.start, place.end)


def _here(sentence: _Sentence, pos: int, dateline_place: _Host | None) -> _Host | None:
    """The dateline place when the slot says 'here'."""
    if dateline_place is not None and re.match(r"here\b", sentence.text[pos:]):
        return _Host(dateline_place.code, dateline_place.city, pos, pos + 4)
    return None


def _slot_places(sentence: _Sentence, pos: int, dateline_place: _Host | None) -> list[_Host]:
    """Destinations listed at pos: 'Thailand and Indonesia', 'the Nigerien capital, Niamey'."""
    text = sentence.text
    hosts: list[_Host] = []
    while True:
        while pos < len(text) and text[pos] == " ":
            pos += 1
        pos = _LEAD_RE.match(text, pos).end()  # type: ignore[union-attr]
        here = _here(sentence, pos, dateline_place)
        if here is not None:
            hosts.append(here)
            return hosts
        capital = _CAPITAL_RE.match(text, pos)
        if capital:
            pos = capital.end()
        place = sentence.places.get(pos)
        if place is None:
            return hosts
        if _SOURCE_AFTER_RE.match(text, place.end):
            return hosts
        end = place.end
        host = _host_of(place)
        if place.code is None:
            return hosts
        if place.kind == DEMONYM:
            capital = re.match(r"\s+capital\b,?\s*", text[end:])
            if not capital:
                return hosts
            end += capital.end()
            city = sentence.places.get(end)
            if city is not None and city.kind == CITY and city.code == place.code:
                host = _Host(place.code, city.surface, place.start, city.end)
                end = city.end
            else:
                host = _Host(place.code, None, place.start, end)
        elif place.possessive:
            capital = re.match(r"\s+(?:capital|city|town|port)\b,?\s*", text[end:])
            if not capital or host is None:
                return hosts
            end += capital.end()
            city = sentence.places.get(end)
            if city is not None and city.kind == CITY and city.code == place.code:
                host = _Host(place.code, city.surface, place.start, city.end)
                end = city.end
        if host is not None:
            # "Niamey, Niger" and "Niamey, the capital of Niger" name one place.
            apposed = re.match(r",\s+", text[end:])
            if apposed:
                twin = sentence.places.get(end + apposed.end())
                if twin is not None and twin.code == host.code and not twin.possessive:
                    end = twin.end
                    if twin.kind == CITY and host.city is None:
                        host = _Host(host.code, twin.surface, host.start, end)
            appositive = _APPOSITIVE_RE.match(text, end)
            if appositive:
                end = appositive.end()
            hosts.append(host)
        separator = _LIST_SEP_RE.match(text, end)
        if separator is None:
            return hosts
        following = _LEAD_RE.match(text, separator.end()).end()  # type: ignore[union-attr]
        nxt = sentence.places.get(following)
        if nxt is None or nxt.possessive or nxt.kind == DEMONYM:
            return hosts
        pos = separator.end()


def _located_places(
    sentence: _Sentence, pos: int, dateline_place: _Host | None, max_words: int = 8
) -> tuple[list[_Host], int]:
    """Destinations after a short filler ending in 'in'/'at': 'met X's leaders in Niamey'."""
    text = sentence.text
    for count, word in enumerate(re.finditer(r"\S+", text[pos:])):
        token = word.group()
        if count > max_words or token.lower().strip(",") in _STOP_WORDS or token[-1] in ",;:":
            break
        if token in ("in", "at"):
            hosts = _slot_places(sentence, pos + word.end(), dateline_place)
            if hosts:
                return hosts, pos + word.start()
    return [], -1


# --- visitors -------------------------------------------------------------------------------


def _subject(
    sentence: _Sentence, trigger_start: int, trigger_end: int, *, bare_places: bool = False
) -> _Actor | None:
    """The nearest would-be visitor before a trigger that is not an object or a speaker."""
    text = sentence.text
    candidates = [a for a in sentence.actors if a.start < trigger_end and a.end <= trigger_end]
    if bare_places:
        candidates += [
            _Actor(p.start, p.end, p.code, None, None, None, p.surface)
            for p in sentence.place_list
            if p.end <= trigger_start
            and p.code
            and p.kind in (COUNTRY, CITY)
            and not any(a.start <= p.start < a.end for a in sentence.actors)
        ]
        candidates.sort(key=lambda actor: actor.start)
    for actor in reversed(candidates):
        if _SPEECH_RE.search(text, actor.end, trigger_start):
            return None
        # An actor that is the trigger itself ("a Korean trade mission to") is its own subject.
        inside = actor.end > trigger_start
        if not inside and _PREPOSITION_BEFORE_RE.search(text, max(0, actor.start - 30), actor.start):
            continue
        return actor
    return None


def _object_actor(sentence: _Sentence, start: int, end: int) -> _Actor | None:
    """The first would-be visitor between start and end (the object of 'met', 'welcomed')."""
    for actor in sentence.actors:
        if start <= actor.start < end:
            return actor
    return None


def _agent_host(sentence: _Sentence, pos: int) -> _Host | None:
    """The host country named in a 'hosted ... by the head of Niger's government' agent."""
    by = re.search(r"\bby\b", sentence.text[pos : pos + 40])
    if by is None:
        return None
    start = pos + by.end()
    clause_end = re.search(r"[,;]|$", sentence.text[start:])
    stop = start + (clause_end.start() if clause_end else 0)
    for place in sentence.place_list:
        named = place.kind in (DEMONYM, COUNTRY) or place.possessive
        if start <= place.start < min(stop, start + 80) and place.code and named:
            return _Host(place.code, None, place.start, place.end)
    return None


# --- dates ----------------------------------------------------------------------------------

_MONTHS: Final = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH: Final = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
)
_FULL_MONTH: Final = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
)
_WEEKDAYS: Final = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DATE_RE: Final = re.compile(
    rf"\b(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m1>{_MONTH})\.?"
    rf"|(?P<m2>{_MONTH})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\b)"
    rf"(?:\s*(?:-|–|to|and|until|through)\s*(?:{_MONTH}\.?\s+)?\d{{1,2}}(?:st|nd|rd|th)?\b)?"
    r"(?:,?\s+(?P<y>\d{4}))?"
    rf"|\b(?P<mp>in|during|by|for|until|early|mid|late|end\s+of|beginning\s+of|since)"
    rf"[\s-]+(?P<m3>{_FULL_MONTH})\b(?:\s+(?P<y3>\d{{4}}))?"
    r"|\b(?P<wq>last|this|next|on|late\s+on|early\s+on)?\s*(?P<wd>(?i:monday|tuesday|wednesday|"
    r"thursday|friday|saturday|sunday))\b"
    r"|\b(?P<rel>(?i:yesterday)|today|tonight|tomorrow|last\s+night)\b"
    r"|\b(?P<ago>(?:a|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+"
    r"(?:day|week|month)s?\s+ago)\b"
    r"|\b(?P<pq>last|this|next|earlier\s+this|later\s+this|the\s+previous|the\s+following|"
    r"the\s+past|the\s+coming)\s+(?P<unit>week|month)\b"
)
_DATELINE_RE: Final = re.compile(
    rf"^\s*(?P<place>[^,\d]+?)\s*(?:,\s*[^,\d]+?)?,\s*(?P<m>{_MONTH})\.?\s+(?P<d>\d{{1,2}})"
    r"(?:,?\s+(?P<y>\d{4}))?"
)


@dataclass(frozen=True)
class _DateHit:
    """A resolved date expression in a sentence."""

    start: int
    end: int
    value: datetime.date
    precision: str


def _clause_dates(text: str, hits: list[_DateHit], start: int, end: int) -> list[_DateHit]:
    """Dates in the clause of a trigger and its hosts, or leading ('On Sunday, ...')."""
    kept = []
    for hit in hits:
        gap = text[hit.end : start] if hit.end <= start else text[end : hit.start]
        leading = hit.end <= start and not text[: hit.start].strip(' "“(')
        if "," not in gap or not gap.strip(" ,") or leading:
            kept.append(hit)
    return kept


def _weekday_date(base: datetime.date, weekday: int, qualifier: str, future: bool) -> datetime.date:
    """'on Monday' in past text = latest Monday on or before base; in future text the next one."""
    if qualifier == "next" or (future and qualifier != "last"):
        return base + datetime.timedelta(days=(weekday - base.weekday()) % 7 or 7)
    back = (base.weekday() - weekday) % 7
    if qualifier == "last" and back == 0:
        back = 7
    return base - datetime.timedelta(days=back)


def _month_start(base: datetime.date, months: int) -> datetime.date:
    """First day of the month `months` away from base's month."""
    index = base.year * 12 + base.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def _explicit_date(
    day: int, month: int, year: str | None, base: datetime.date | None
) -> datetime.date | None:
    """'October 13' as the occurrence nearest the publication date (callers check tense)."""
    options = []
    years = [int(year)] if year else ([base.year - 1, base.year, base.year + 1] if base else [])
    for candidate in years:
        try:
            options.append(datetime.date(candidate, month, day))
        except ValueError:
            continue
    if base is None:
        return options[0] if options else None
    return min(options, key=lambda value: abs(value - base), default=None)


_Memo = dict[tuple[str, datetime.date, str], datetime.date | None]


def _relative_date(phrase: str, base: datetime.date, direction: str, memo: _Memo) -> datetime.date | None:
    """'yesterday', 'last week', 'next month' via dateparser, relative to publication."""
    key = (phrase, base, direction)
    if key in memo:
        return memo[key]
    settings = {
        "RELATIVE_BASE": datetime.datetime.combine(base, datetime.time(12)),
        "PREFER_DATES_FROM": "future" if direction == "future" else "past",
    }
    parsed = dateparser.parse(phrase, languages=["en"], settings=settings)
    memo[key] = parsed.date() if parsed is not None else None
    return memo[key]


def _date_hits(text: str, base: datetime.date | None, direction: str, memo: _Memo) -> list[_DateHit]:
    """Every date expression in a sentence that resolves against base."""
    future = direction == "future"
    hits: list[_DateHit] = []
    for m in _DATE_RE.finditer(text):
        value: datetime.date | None = None
        precision = "day"
        if m.group("m1") or m.group("m2"):
            month = _MONTHS[(m.group("m1") or m.group("m2")).lower()]
            day = int(m.group("d1") or m.group("d2"))
            value = _explicit_date(day, month, m.group("y"), base)
        elif m.group("m3"):
            if m.group("mp") == "since":
                continue
            month = _MONTHS[m.group("m3").lower()]
            precision = "month"
            if m.group("y3"):
                value = datetime.date(int(m.group("y3")), month, 1)
            elif base is not None:
                year = base.year
                if future and month < base.month:
                    year += 1
                elif not future and month > base.month:
                    year -= 1
                value = datetime.date(year, month, 1)
        elif base is None:
            continue
        elif m.group("wd"):
            qualifier = (m.group("wq") or "").lower()
            weekday = _WEEKDAYS.index(m.group("wd").lower())
            if direction == "nearest" and qualifier not in ("last", "next"):
                before = _weekday_date(base, weekday, qualifier, False)
                after = _weekday_date(base, weekday, qualifier, True)
                value = before if base - before <= after - base else after
            else:
                value = _weekday_date(base, weekday, qualifier, future)
        elif m.group("rel"):
            phrase = " ".join(m.group("rel").lower().split())
            shift = {"yesterday": -1, "last night": -1, "tomorrow": 1}.get(phrase, 0)
            value = _relative_date(
                "yesterday" if phrase == "last night" else phrase, base, direction, memo
            ) or base + datetime.timedelta(days=shift)
        elif m.group("unit"):
            qualifier = " ".join(m.group("pq").lower().split())
            step = (
                -1
                if qualifier in ("last", "the previous")
                else (1 if qualifier in ("next", "the following", "the coming") else 0)
            )
            unit = m.group("unit").lower()
            # A week is dated by its Monday, a month by its first day.
            if unit == "week":
                precision = "week"
                moment = base + datetime.timedelta(weeks=step)
                value = moment - datetime.timedelta(days=moment.weekday())
            else:
                precision = "month"
                value = _month_start(base, step)
        elif m.group("ago"):
            value = _relative_date(" ".join(m.group("ago").lower().split()), base, direction, memo)
            unit_word = m.group("ago").lower()
            precision = "month" if "month" in unit_word else ("week" if "week" in unit_word else "day")
        if value is not None:
            hits.append(_DateHit(m.start(), m.end(), value, precision))
    return hits


def _dateline(dateline: str | None, base: datetime.date | None) -> tuple[_Host | None, datetime.date | None]:
    """Place and date of a dateline such as 'WASHINGTON, Feb 26 -'."""
    if not dateline:
        return None, None
    m = _DATELINE_RE.match(dateline)
    place_text = m.group("place") if m else dateline.split(",")[0]
    place_text = re.sub(r"[\s\-–—:]+$", "", place_text).strip()
    code = country_code(place_text)
    host = None
    if code is not None:
        city = place_text.title() if city_country(place_text) == code else None
        host = _Host(code, city, 0, 0)
    value = None
    if m is not None:
        year = int(m.group("y")) if m.group("y") else (base.year if base else None)
        if year is not None:
            try:
                value = datetime.date(year, _MONTHS[m.group("m").lower()], int(m.group("d")))
            except ValueError:
                value = None
    return host, value


# --- assembly -------------------------------------------------------------------------------

_KIND_RULES: Final = (
    (
        "military",
        re.compile(
            r"(?i)defen[cs]e|military|army|armed\s+forces|general|admiral|"
            r"colonel|navy|naval|marshal|air\s+force"
        ),
    ),
    (
        "parliamentary",
        re.compile(
            r"(?i)parliament|duma|lawmaker|senator|\bMPs?\b|speaker|"
            r"federation\s+council|legislat"
        ),
    ),
    ("trade", re.compile(r"(?i)trade|business|commerce|industr|investment|chamber")),
    (
        "government",
        re.compile(
            r"(?i)minist|government|president|premier|prime|official|envoy|"
            r"diplomat|foreign|secretary|chancellor|state|king|emir|leader"
        ),
    ),
)


_NOT_MILITARY_RE: Final = re.compile(
    r"(?i)(?:secretary|director|attorney|inspector|consul|governor|procurator)[- ]general|"
    r"general\s+(?:assembly|staff\s+of\s+the\s+government)"
)


def _delegation_kind(text: str) -> str | None:
    """Military, parliamentary, trade or government, from the visitor's description."""
    text = _NOT_MILITARY_RE.sub(" ", text)
    for kind, pattern in _KIND_RULES:
        if pattern.search(text):
            return kind
    return None


def _led_by(text: str) -> tuple[str | None, str | None, str]:
    """(leader name, office or rank, matched text) from 'led by the deputy defense minister'."""
    m = _LED_BY_RE.search(text)
    if m is None:
        return None, None, ""
    office = m.group("title")
    if office and re.fullmatch(r"(?i)(?:the\s+)?(?:general|head|chief)", office.strip()):
        office = None
    name = _clean_name(m.group("name"))
    if office and " of " in office:
        # "Minister of Industry and Trade Irina Gromova": the "of" phrase swallows the name.
        words = f"{office} {name or ''}".split()
        tail = words[words.index("of") + 1 :]
        if len(tail) >= 3 and all(word[:1].isupper() for word in tail[-2:]):
            office, name = " ".join(words[:-2]), _clean_name(" ".join(words[-2:]))
    title = _title_case(office.strip()) if office else None
    rank = m.group("rank")
    if title is None and rank:
        title = _title_case(rank)
    return name, title, m.group()


def _merge_title(old: str | None, new: str | None) -> str | None:
    """Keep an office title over a bare military rank learned later."""
    if new is None:
        return old
    if old is not None and _RANKS.match(new) and not _RANKS.match(old):
        return old
    return new


def _slot_hosts(
    sentence: _Sentence, kind: str, match: re.Match[str], dateline_place: _Host | None
) -> tuple[list[_Host], int]:
    """Hosts a trigger points at, and where the slot starts."""
    end = match.end()
    if kind in ("prep", "send", "noun", "cancel"):
        if kind == "noun" and match.group("by"):
            words = set(match.group("by").lower().split())
            if words & _STOP_WORDS:
                return [], -1
        return _slot_places(sentence, end, dateline_place), end
    if kind == "direct":
        hosts = _slot_places(sentence, end, dateline_place)
        if hosts:
            return hosts, end
        return _located_places(sentence, end, dateline_place, max_words=6)
    if kind in ("loc", "host_active", "passive"):
        return _located_places(sentence, end, dateline_place)
    return [], -1


def _open_gates(text: str, places: list[PlaceMention], dateline_place: _Host | None) -> set[str]:
    """Trigger gate words present in a sentence; empty when it can name no destination."""
    hostless = not any(p.code and p.kind != DEMONYM for p in places)
    if hostless and "here" not in text and (dateline_place is None or "isiting" not in text):
        return set()
    present: set[str] = set()
    for word in _GATE_RE.findall(text.lower()):
        present |= _GATE_OPENS[word]
    return present


def _candidates(
    sentence: _Sentence, context: _Context, dateline_place: _Host | None, present: set[str]
) -> list[_Candidate]:
    """Visitor/host/status candidates for one sentence, before dates."""
    text = sentence.text
    found: list[_Candidate] = []
    has_context = context.country is not None or context.org is not None
    surname = context.leader_name.split()[-1] if context.leader_name else None
    for priority, (kind, status, gate, pattern) in enumerate(_TRIGGERS):
        if gate.isdisjoint(present):
            continue
        for match in pattern.finditer(text):
            start = match.start()
            if _DOUBT_RE.search(text, max(0, start - 40), start):
                continue
            actor: _Actor | None = None
            by_leader: tuple[str | None, str | None] = (None, None)
            adjective = None
            if kind == "direct" and re.match(r"(?i)visiting", match.group()):
                adjective = _object_actor(sentence, match.end(), match.end() + 1)
            if adjective is not None:
                # "visiting U.S. Agriculture Secretary Lyng": a visitor, host in the dateline.
                if dateline_place is None:
                    continue
                hosts, slot, actor = [dateline_place], match.end(), adjective
            else:
                hosts, slot = _slot_hosts(sentence, kind, match, dateline_place)
            if kind == "passive":
                agent = _agent_host(sentence, match.end())
                if not hosts and agent is not None:
                    hosts = [agent]
            if kind == "host_active":
                actor = _object_actor(sentence, match.end(), match.end() + 40)
                host_subject = _subject(sentence, start, start)
                if not hosts and host_subject is not None and host_subject.country:
                    hosts = [_Host(host_subject.country, None, host_subject.start, host_subject.end)]
            if not hosts:
                continue
            if kind in ("noun", "cancel") and match.group("by"):
                by_actor = _object_actor(sentence, match.start("by"), match.end("by"))
                actor = by_actor or actor
                by_leader = _title_name(match.group("by"))
            if actor is None and kind == "noun":
                # "a visit to Tokyo next week by a senior State Department official"
                after = max(host.end for host in hosts)
                late_by = _LATE_BY_RE.match(text, after)
                if late_by:
                    actor = _object_actor(sentence, late_by.end(), late_by.end() + 60)
                    by_leader = _title_name(text[late_by.end() : late_by.end() + 80])
            if actor is None and kind != "host_active":
                actor = _subject(sentence, start, match.end(), bare_places=kind in ("send", "cancel"))
            if kind == "loc" and actor is not None and all(h.code == actor.country for h in hosts):
                # "X met his Chinese counterpart in Moscow": the foreign party is the visitor.
                other = _object_actor(sentence, match.end(), slot)
                if other is not None and other.country not in {h.code for h in hosts}:
                    actor = other
            carried = False
            if actor is None and _PRONOUN_BEFORE_RE.search(text, max(0, start - 40), start):
                # "when he visits Washington": he is the last titled person named before.
                named = [a for a in sentence.actors if a.end <= start and (a.title or a.name)]
                actor = named[-1] if named else None
            if actor is None:
                before = text[:start]
                mentions_leader = surname is not None and surname in before
                if has_context and (
                    _ANAPHOR_RE.search(before)
                    or mentions_leader
                    or (kind in ("noun", "prep") and _ANAPHOR_RE.search(match.group()))
                ):
                    carried = True
                else:
                    continue
            resolved = _status(kind, status, text, start, slot)
            weight = {"passive": 0.45, "host_active": 0.55, "noun": 0.6, "loc": 0.65}.get(kind, 0.7)
            # Bare "visits"/"visit to" say nothing of tense; a dated one is past or future by date.
            ambiguous = resolved == status and (
                kind == "noun"
                or re.match(r"(?i)(?:pays|makes)\b", match.group()) is not None
                or (
                    kind == "direct"
                    and status == ONGOING
                    and not re.match(r"(?i)(?:is|are)\b", match.group())
                )
            )
            if adjective is not None:
                weight = 0.5
            span_end = max(host.end for host in hosts)
            for host in hosts:
                found.append(
                    _Candidate(
                        actor,
                        carried,
                        host,
                        resolved,
                        start,
                        span_end,
                        weight - priority / 1000,
                        ambiguous,
                        adjective is None,
                        by_leader,
                    )
                )
    return found


_LATE_BY_RE: Final = re.compile(r"[^.;:,]{0,30}?\bby\s+(?:an?\s+|the\s+)?")
_WHEN_BEFORE_RE: Final = re.compile(r"(?i)\bwhen\b[^.,;:]{0,60}$")
_PRONOUN_BEFORE_RE: Final = re.compile(r"\b(?:he|she)\s+(?:[a-z]+\s+){0,2}$")


def _status(kind: str, status: str, text: str, start: int, slot: int) -> str:
    """Trigger status adjusted by cancellation and tense cues around it."""
    window = text[max(0, start - 60) : slot + 60 if slot >= 0 else start + 60]
    if _CANCEL_RE.search(window):
        return CANCELLED
    if kind in ("noun", "direct") and status in (OCCURRED, ONGOING):
        before = text[max(0, start - 50) : start]
        if _FUTURE_RE.search(before) or re.search(r"(?i)\b(?:next\s+(?:week|month)|tomorrow)\b", window):
            return PLANNED
        # "when Miyazawa visits Washington": a present tense after "when" speaks of the future.
        if kind == "direct" and status == ONGOING and _WHEN_BEFORE_RE.search(before):
            return PLANNED
        if kind == "noun" and _ONGOING_CUE_RE.search(before):
            return ONGOING
    return status


def visit_mentions(
    text: str,
    *,
    published_at: datetime.datetime | None = None,
    dateline: str | None = None,
    title: str | None = None,
) -> list[VisitMention]:
    """Visit mentions in an article body, in text order."""
    base = published_at.date() if published_at is not None else None
    dateline_place, dateline_date = _dateline(dateline, base)
    if base is None:
        base = dateline_date
    context = _Context()
    # Per-call memo of dateparser answers: an article repeats "last week" often.
    memo: _Memo = {}
    # Wire headlines in capitals ("U.K. LOOKS TO EASE TENSION") defeat the name patterns.
    if title and not title.isupper():
        title_places = place_mentions(title)
        title_actors = _actors(title, title_places)
        if title_actors and re.search(r"(?i)\bvisit|\btrip|\btour|\barriv", title):
            first = title_actors[0]
            # Headline case ("President Visits Baku") makes names unreliable; keep the title.
            context = _Context(first.country, first.org, None, first.title, _delegation_kind(first.text))
    mentions: list[VisitMention] = []
    for start, end in _sentence_spans(text):
        raw = text[start:end]
        if len(raw) > _MAX_SENTENCE:
            continue
        places = place_mentions(raw)
        present = _open_gates(raw, places, dateline_place)
        found: list[_Candidate] = []
        if present:
            home = dateline_place.code if dateline_place is not None else None
            sentence = _Sentence(raw, {p.start: p for p in places}, places, _actors(raw, places, home))
            found = _candidates(sentence, context, dateline_place, present)
        led_name, led_title, led_text = _led_by(raw) if "by" in raw else (None, None, "")
        if not found:
            if led_name and context.country and _ANAPHOR_RE.search(raw):
                context = replace(
                    context,
                    leader_name=led_name,
                    leader_title=_merge_title(context.leader_title, led_title),
                    kind=_delegation_kind(led_text) or context.kind,
                )
            continue
        seen: dict[tuple[str | None, str | None, str], VisitMention] = {}
        sentence_dates: dict[str, list[_DateHit]] = {}
        for candidate in sorted(found, key=lambda c: (-c.weight, c.trigger_start)):
            context, mention = _mention(
                candidate,
                context,
                sentence,
                start,
                base,
                dateline_date,
                (led_name, led_title, led_text),
                found,
                memo,
                sentence_dates,
            )
            if mention is None:
                continue
            key = (mention.visitor_country, mention.visitor_org, mention.host_country)
            kept = seen.get(key)
            if kept is None:
                seen[key] = mention
            elif kept.city is None and mention.city is not None:
                seen[key] = replace(kept, city=mention.city)
        mentions.extend(sorted(seen.values(), key=lambda m: (m.char_start, _order(found, m))))
    return _states_of_the_time(mentions, base)


def _states_of_the_time(mentions: list[VisitMention], base: datetime.date | None) -> list[VisitMention]:
    """Codes of the states that existed when the visit happened; a trip within one of them is domestic."""
    out = []
    for m in mentions:
        when = m.event_date or base
        host = as_of(m.host_country, when)
        visitor = as_of(m.visitor_country, when) if m.visitor_country else None
        if visitor is not None and visitor == host:
            continue  # e.g. a Soviet minister in Kiev in 1987
        out.append(replace(m, host_country=host, visitor_country=visitor))
    return out


def _nearest_trigger(hit: _DateHit, found: list[_Candidate]) -> int | None:
    """Trigger whose host lies nearest a date expression, None when no host is."""
    best: tuple[int, int] | None = None
    for candidate in found:
        host = candidate.host
        if host.end <= host.start:
            continue
        distance = max(host.start - hit.end, hit.start - host.end, 0)
        if best is None or distance < best[0]:
            best = (distance, candidate.trigger_start)
    return best[1] if best else None


def _order(found: list[_Candidate], mention: VisitMention) -> int:
    """Position of a mention's host in its sentence, to keep 'Thailand and Indonesia' in order."""
    positions = [c.host.start for c in found if c.host.code == mention.host_country]
    return min(positions, default=0)


def _mention(
    candidate: _Candidate,
    context: _Context,
    sentence: _Sentence,
    offset: int,
    base: datetime.date | None,
    dateline_date: datetime.date | None,
    led: tuple[str | None, str | None, str],
    rivals: list[_Candidate],
    memo: _Memo,
    sentence_dates: dict[str, list[_DateHit]],
) -> tuple[_Context, VisitMention | None]:
    """The mention for a candidate, and the article context updated with its visitor."""
    actor = candidate.actor
    led_name, led_title, led_text = led
    led_name = led_name or candidate.leader[0]
    led_title = led_title or candidate.leader[1]
    if actor is None:
        country, org = context.country, context.org
        name = led_name or context.leader_name
        title = _merge_title(context.leader_title, led_title)
        kind = _delegation_kind(led_text) or context.kind
    else:
        country, org = actor.country, actor.org
        same = (country, org) == (context.country, context.org)
        name = actor.name or led_name or (context.leader_name if same else None)
        title = _merge_title(actor.title or (context.leader_title if same else None), led_title)
        if actor.title and led_title and _RANKS.match(led_title):
            title = actor.title
        kind = _delegation_kind(f"{actor.text} {led_text}") or (context.kind if same else None)
    if country is None and org is None:
        return context, None
    context = _Context(country, org, name, title, kind)
    host = candidate.host
    if host.code == country:
        return context, None
    status = candidate.status
    direction = "nearest" if candidate.ambiguous else ("future" if status in (PLANNED, CANCELLED) else "past")
    if direction not in sentence_dates:
        sentence_dates[direction] = _date_hits(sentence.text, base, direction, memo)
    hits = _clause_dates(
        sentence.text, sentence_dates[direction], candidate.trigger_start, candidate.span_end
    )
    if base is not None and direction != "nearest":
        # A date on the wrong side of publication belongs to something else in the sentence.
        slack = datetime.timedelta(days=1)
        hits = [
            h
            for h in hits
            if (
                h.value <= base + slack
                if direction == "past"
                else h.value + slack >= base or h.precision != "day"
            )
        ]
    if not candidate.text_dates:
        hits = []
    # "came to Niamey after a stop in Mali on October 12": the date goes to the nearer place.
    hits = [h for h in hits if _nearest_trigger(h, rivals) in (None, candidate.trigger_start)]
    event_date: datetime.date | None
    precision: str | None
    if hits:
        best = min(hits, key=lambda h: (abs(h.start - host.end), h.start))
        event_date, precision, source = best.value, best.precision, "text"
        if base is not None and candidate.ambiguous:
            status = PLANNED if best.value > base else (OCCURRED if best.value < base else status)
    elif dateline_date is not None:
        event_date, precision, source = dateline_date, "day", "dateline"
    else:
        event_date, precision, source = base, ("day" if base else None), "published_fallback"
    confidence = candidate.weight + (0.0 if candidate.carried else 0.15)
    confidence += 0.05 if source == "text" else 0.0
    end = offset + len(sentence.text)
    mention = VisitMention(
        visitor_country=country,
        visitor_org=org if country is None else None,
        host_country=host.code,
        city=host.city,
        event_date=event_date,
        date_precision=precision,
        date_source=source,
        status=status,
        cameo_code=_CAMEO[status],
        leader_name=name,
        leader_title=title,
        delegation_kind=kind,
        sentence=sentence.text,
        char_start=offset,
        char_end=end,
        confidence=round(min(max(confidence, 0.05), 0.95), 2),
    )
    return context, mention
