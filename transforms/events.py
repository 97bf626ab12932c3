"""Rule-based extraction of official visit mentions (who visited which country, when) from news."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
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
    dateline_country,
    place_mentions,
)

EXTRACTOR_VERSION: str = "visits-0.3"

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
    # Agreements signed during the visit (CAMEO 057), as the article reports them.
    agreements: tuple[str, ...] = ()


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
class _Host:
    """A destination found in a trigger's slot."""

    code: str
    city: str | None
    start: int
    end: int


@dataclass(frozen=True)
class _Context:
    """The visitor an article is about so far, carried to "the delegation" in later sentences."""

    country: str | None = None
    org: str | None = None
    leader_name: str | None = None
    leader_title: str | None = None
    kind: str | None = None
    host: _Host | None = None
    status: str | None = None
    headline: bool = False  # the visitor is the one the headline names


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
    r"speaker|envoy|emissary|commander|chairman|chief|head|general|admiral|king|emir|sheikh|"
    r"representative"
)
_GROUP_NOUNS: Final = (
    r"delegations?|missions?|team|officials|ministers|leaders?|diplomats?|lawmakers|"
    r"parliamentarians|MPs|senators|deputies|negotiators|officers|businessmen|inspectors|"
    r"monitors|experts|envoys|representatives|government|ministry|junta|diplomat|official|"
    r"counterparts?|monarchs?|royals"
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
    r"International Atomic Energy Agency|OPEC|ECOWAS|ASEAN|OSCE|WTO|Arab League|EC\s+Commission|EC|"
    r"European\s+Commission|European\s+Community|ICRC|Red Cross|UNICEF|UNHCR|WFP|GATT|Comecon|OECD|"
    r"Asian\s+Development\s+Bank|ADB)(?:'s|’s)?(?![\w.])"
)
_ORG_CANONICAL: Final = {
    "International Monetary Fund": "IMF",
    "U.N.": "UN",
    "United Nations": "UN",
    "European Union": "EU",
    "EC": "EU",
    "EC Commission": "EU",
    "European Commission": "EU",
    "European Community": "EU",
    "Asian Development Bank": "ADB",
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


@dataclass(frozen=True)
class ActorTable:
    """People's nationalities by surname: (country, full name); built-in leaders plus a corpus's own."""

    people: Mapping[str, tuple[str, str]]

    def merged(self, other: ActorTable) -> ActorTable:
        """This table with other's entries added where this one has none."""
        return ActorTable({**other.people, **self.people})


KNOWN_ACTORS: Final = ActorTable({name.split()[-1]: (code, name) for name, code in _KNOWN_LEADERS.items()})
_CAP_WORD_RE: Final = re.compile(r"(?<![\w'’-])[A-Z][\w'’-]*")
_TITLE_PATTERN: Final = (
    r"(?P<title>(?:(?:First|Deputy|Vice|Prime|Foreign|Defen[cs]e|Finance|Economy|Economic|"
    r"Trade|Energy|Interior|Agriculture|Industry|Transport|Health|Justice|Security|State|"
    r"Chief|Executive|Acting|Senior)[ -])*"
    # "Finance minister Manuel Azpurua": wire copy often leaves the office in lower case.
    r"(?:Prime [Mm]inister|[Mm]inister(?: of(?: [A-Z][a-z]+| and| for){1,4})?|President|Premier|"
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
    r"officials|visitors|guests|general|official|diplomat|commissioners|delegates|ministers)\b|"
    r"(?:^(?:[\w-]+,?\s+)?|[,;]\s*|\band\s+)(?:he|she|they)\b|\b(?:his|her|their)\s+(?:[\w-]+\s+){0,3}?(?:visit|trip|tour|stay)\b|"
    r"\b(?:the\s+two|both\s+men)\b"
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


def canonical_org(name: str) -> str:
    """One name per organisation: "EC Commission", "European Community" -> "EU"."""
    name = re.sub(r"\s+", " ", name.strip())
    return _ORG_CANONICAL.get(name, name)


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


def _national(place: PlaceMention) -> bool:
    """A place used as a nationality: a demonym, a possessive, or an abbreviation ("U.S. envoy")."""
    return (
        place.kind == DEMONYM
        or place.possessive
        or (place.kind == COUNTRY and place.surface.replace(".", "").isupper())
    )


def _actors(
    sentence: str,
    places: list[PlaceMention],
    home: str | None = None,
    people: Mapping[str, tuple[str, str]] = KNOWN_ACTORS.people,
) -> list[_Actor]:
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
        usable = _national(place)
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
            canonical = canonical_org(org.group("org"))
            actors.append(_Actor(org.start(), end, None, canonical, title, name, sentence[org.start() : end]))
    for word in _CAP_WORD_RE.finditer(sentence):
        entry = people.get(re.sub(r"(?:'s|’s|'|’)$", "", word.group()))
        if entry is None or any(a.start <= word.start() < a.end for a in actors):
            continue
        code, full = entry
        start = word.start()
        # "Prime Minister Yasuhiro Nakasone": the given names belong to the actor phrase.
        given = full.rsplit(" ", 1)[0] + " " if " " in full else ""
        if given and sentence[max(0, start - len(given)) : start] == given:
            start -= len(given)
        title_match = _TITLE_BEFORE_RE.search(sentence, max(0, start - 60), start)
        title = None
        if title_match:
            title = _title_case(title_match.group("title"))
            start = title_match.start("title")
        actors.append(_Actor(start, word.end(), code, None, title, full, sentence[start : word.end()]))
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


def _actors_once(
    memo: dict[str | None, list[_Actor]],
    sentence: str,
    places: list[PlaceMention],
    home: str | None,
    people: Mapping[str, tuple[str, str]],
) -> list[_Actor]:
    """`_actors` of one sentence, computed once per home: several readings of a sentence ask for them."""
    if home not in memo:
        memo[home] = _actors(sentence, places, home, people)
    return memo[home]


def _reading(
    memo: dict[str | None, list[_Actor]],
    sentence: str,
    places: list[PlaceMention],
    home: str | None,
    people: Mapping[str, tuple[str, str]],
) -> _Sentence:
    """A sentence with its places and its would-be visitors as seen from `home`."""
    return _Sentence(
        sentence, {p.start: p for p in places}, places, _actors_once(memo, sentence, places, home, people)
    )


_PERSON: Final = r"[A-Z][\w'’-]+(?:\s+(?:von\s+|van\s+|de\s+|da\s+|al-|el-|bin\s+)?[A-Z][\w'’-]+){0,3}"
_OFFICE_WORDS: Final = (
    r"deputy|vice|foreign|defen[cs]e|finance|energy|oil|trade|agriculture|economy|economic|"
    r"interior|first|prime|acting|former|chief|senior|top|state|assistant|special|labou?r|"
    r"industry|transport|health|justice|security|army|military|air|navy|naval"
)
# "Japanese Prime Minister Yasuhiro Nakasone", "Saudi Arabia's Oil Minister Hisham Nazir":
# the name that closes a run of capitals after a nationality and an office.
_NATIONAL_NAME_RE: Final = re.compile(
    rf"\s+(?:(?:[A-Z][\w.-]*|{_OFFICE_WORDS})\s+){{0,3}}?(?i:{_TITLE_NOUNS})"
    r"(?:\s+of\s+(?:the\s+)?[A-Z][a-z]+)?,?\s+"
    rf"(?P<name>{_PERSON})(?:'s|’s)?(?![\w'’-]|\s+[A-Z])"
)


def _name_votes(sentence: str, places: list[PlaceMention]) -> list[tuple[str, str]]:
    """(full name, country) for each person a sentence writes a nationality beside."""
    votes: list[tuple[str, str]] = []
    for place in places:
        usable = _national(place)
        if place.code is None or not usable:
            continue
        m = _NATIONAL_NAME_RE.match(sentence, place.end)
        name = _clean_name(m.group("name")) if m else None
        # A lone word may be a given name cut off by a line break; full names only.
        if name and " " in name and not any(_HEADLINE_WORDS_RE.fullmatch(w) for w in name.split()):
            votes.append((name, place.code))
    return votes


_HEADLINE_SMALL_WORDS: Final = frozenset(
    [
        "of",
        "and",
        "for",
        "the",
        "in",
        "on",
        "at",
        "to",
        "by",
        "with",
        "as",
        "a",
        "an",
        "from",
        "over",
        "after",
        "into",
        "amid",
    ]
)


def _headline_like(text: str) -> bool:
    """A line in title case ("Russian Minister Holds Talks in Bamako"): its words are not names."""
    words = re.findall(r"[A-Za-z][\w'’-]*", text)
    small = sum(1 for w in words if w[0].islower() and w.lower() not in _HEADLINE_SMALL_WORDS)
    return len(words) >= 4 and small <= len(words) // 8


@dataclass
class ActorVotes:
    """What `learn_actors` counts over a slice of a corpus; slices add up in corpus order."""

    votes: dict[str, dict[str, int]] = field(default_factory=dict)
    local: dict[str, dict[str, int]] = field(default_factory=dict)
    # The first full name written for (surname, country), and the longest one beside a nationality
    # (the earliest of equals): the table keeps the longer of the two, the first one on a tie.
    first_name: dict[tuple[str, str], str] = field(default_factory=dict)
    longest_name: dict[tuple[str, str], str] = field(default_factory=dict)

    def add(self, other: ActorVotes) -> ActorVotes:
        """These votes followed by other's, as if one slice had held both."""
        for mine, theirs in ((self.votes, other.votes), (self.local, other.local)):
            for surname, tally in theirs.items():
                into = mine.setdefault(surname, {})
                for code, n in tally.items():
                    into[code] = into.get(code, 0) + n
        for key, name in other.first_name.items():
            self.first_name.setdefault(key, name)
        for key, name in other.longest_name.items():
            if len(name) > len(self.longest_name.get(key, "")):
                self.longest_name[key] = name
        return self

    def table(self) -> ActorTable:
        """The people the votes agree on (see `learn_actors`)."""
        names = dict(self.first_name)
        for key, name in self.longest_name.items():
            if len(name) > len(names[key]):
                names[key] = name
        people: dict[str, tuple[str, str]] = {}
        for surname, tally in self.votes.items():
            ranked = sorted(tally.items(), key=lambda kv: (-kv[1], kv[0]))
            best, count = ranked[0]
            if len(ranked) == 1 or count >= 2 * ranked[1][1]:
                people[surname] = (best, names[surname, best])
        for surname, tally in self.local.items():
            if surname in self.votes or len(tally) != 1 or country_code(surname) is not None:
                continue
            ((code, count),) = tally.items()
            if count >= 2 and (surname, code) in names:
                people[surname] = (code, names[surname, code])
        return ActorTable(people)


def actor_votes(docs: Iterable[str | tuple[str, str | None]]) -> ActorVotes:
    """The nationality votes of texts or (text, dateline) pairs: the part of `learn_actors` per document."""
    out = ActorVotes()
    for doc in docs:
        text, dateline = (doc, None) if isinstance(doc, str) else doc
        home = _dateline(dateline, None)[0] if dateline else None
        voted: set[str] = set()
        for start, end in _sentence_spans(text):
            raw = text[start:end]
            if len(raw) > _MAX_SENTENCE or not _TITLE_RE_GATE.search(raw) or _headline_like(raw):
                continue
            places = place_mentions(raw)
            if home is not None:
                for name in _home_names(raw, places):
                    # "President Reagan" under WASHINGTON and TOKYO datelines: votes either way;
                    # one vote per article, however often it repeats the name.
                    surname = name.split()[-1]
                    if surname not in voted:
                        voted.add(surname)
                        tally = out.local.setdefault(surname, {})
                        tally[home.code] = tally.get(home.code, 0) + 1
                    if " " in name:
                        out.first_name.setdefault((surname, home.code), name)
            for name, code in _name_votes(raw, places):
                surname = name.split()[-1]
                if country_code(surname) is not None or re.fullmatch(_TITLE_NOUNS, surname, re.I):
                    continue
                tally = out.votes.setdefault(surname, {})
                tally[code] = tally.get(code, 0) + 1
                out.first_name.setdefault((surname, code), name)
                if len(name) > len(out.longest_name.get((surname, code), "")):
                    out.longest_name[surname, code] = name
    return out


def learn_actors(docs: Iterable[str | tuple[str, str | None]]) -> ActorTable:
    """People's nationalities as a corpus states them, from texts or (text, dateline) pairs.

    "Japanese Prime Minister Yasuhiro Nakasone" in one article lets "Nakasone's visit" in
    another count for Japan. An office and name under a dateline ("Prime Minister Margaret
    Thatcher" from LONDON) counts only when several articles agree and nothing written says
    otherwise: wire copy names famous foreign leaders that way too. Surnames the corpus gives
    to several countries in comparable measure are left out.
    """
    return actor_votes(docs).table()


def _home_names(sentence: str, places: list[PlaceMention]) -> list[str]:
    """Full names after an office with no nationality: "Prime Minister Margaret Thatcher"."""
    found = []
    for titled in _TITLE_NAME_RE.finditer(sentence):
        name = _clean_name(titled.group("name"))
        before = sentence[max(0, titled.start() - 25) : titled.start()]
        # Someone else's office: "Saudi Arabia's Oil Minister", "head of the IMF", "U.S. Secretary".
        foreign = re.search(r"(?:\bof|\bfrom|'s|’s|[A-Z][\w.]*)\s+$", before)
        if name and not foreign and not _ORG_RE.search(before):
            found.append(name)
    return found


_TITLE_RE_GATE: Final = re.compile(rf"(?i)\b(?:{_TITLE_NOUNS})\b")


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
        "visit trip tour",
        r"\b(?:returned|returning|return|back)\s+from\s+(?:a|an|his|her|their|the|its)\s+"
        r"(?=(?:(?-i:[A-Z])[\w.'’-]*\s+){1,3}(?:visit|trip|tour)\b)",
    ),
    # "told Reuters on his return from London": he had been there.
    ("prep", OCCURRED, "return", r"\breturn(?:ed|ing)?\s+(?:home\s+)?from\s+(?=(?-i:[A-Z]))"),
    ("prep", OCCURRED, "arriving", r"\b(?:after|on|upon|since)\s+arriving\s+(?:in|at)\s+"),
    ("prep", OCCURRED, "been", r"\b(?:had|has|have)\s+(?:already\s+|also\s+)?been\s+to\s+"),
    (
        "prep",
        OCCURRED,
        "travel flew flown went gone came headed returned moved",
        r"\b(?:travell?ed|flew|flown|went|gone|came|headed|returned|moved\s+on)\s+"
        r"(?:[\w-]+\s+){0,2}?to\s+",
    ),
    (
        "prep",
        ONGOING,
        "travel flying heading",
        r"\b(?:travell?ing|flying|heading)\s+(?:on\s+|[\w-]+\s+){0,2}?to\s+",
    ),
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
        rf"\b(?:returned|returning|return|back)\s+from\s+{_DET}{_W}{{0,3}}?"
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
        ONGOING,
        "visit trip tour",
        r"\bon\s+the\s+(?:first|second|third|fourth|last|final|opening)\s+(?:day|leg|stage)\s+of\s+"
        rf"{_DET}{_W}{{0,3}}?(?:visit|trip|tour)\s+(?:to|of|in)\s+",
    ),
    (
        "prep",
        PLANNED,
        "will would shall should",
        r"\b(?:will|would|shall|should)\s+(?:also\s+|then\s+|first\s+|later\s+)?"
        r"(?:travel|go|fly|head|come|arrive|be|stop|land)\s+(?:[\w-]+\s+){0,2}?"
        r"(?:to|in|at|(?=here\b))\s*",
    ),
    (
        "prep",
        PLANNED,
        "due expected scheduled set slated",
        r"\b(?:is|are|was|were|been)\s+(?:now\s+|also\s+)?(?:due|expected|scheduled|set|slated)\s+"
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
        r"\b(?:upcoming|coming|planned|scheduled|forthcoming|proposed|impending|"
        rf"expected|anticipated|future|long-planned)\s+{_W}{{0,2}}?(?:visit|trip|tour)\s+"
        r"(?:to|of)\s+",
    ),
    ("prep", PLANNED, "visit trip tour", rf"\bplans?\s+(?:a|an)\s+{_W}{{0,2}}?(?:visit|trip|tour)\s+to\s+"),
    (
        "prep",
        PLANNED,
        "tour trip",
        r"\b(?:tour|trip)\s+(?:which|that)\s+(?:also\s+)?(?:includes|will\s+include|takes\s+in|"
        r"will\s+take\s+in)\s+",
    ),
    # "Thatcher left Bonn after talks": she had been there ("left for Moscow" is another trigger).
    (
        "prep",
        OCCURRED,
        "left",
        r"\bleft\s+(?=(?-i:[A-Z][\w.'’-]+(?:\s+[A-Z][\w'’-]*)?\s+(?!for\b|to\b|on\b)))",
    ),
    ("prep", OCCURRED, "was were stopped", r"\b(?:was|were|stopped\s+(?:over\s+)?)\s*(?:in|(?=here\b))\s*"),
    (
        "prep",
        ONGOING,
        "is are currently",
        r"\b(?:is|are|currently)\s+(?:currently\s+|now\s+|already\s+)?"
        r"(?:in|(?=here\b))\s*",
    ),
    ("direct", OCCURRED, "visited toured", r"\b(?:visited|toured)\s+"),
    ("direct", PLANNED, "visits", r"(?:(?<=when he )|(?<=when she ))visits\s+(?=there\b)"),
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
        r"\b(?:will|shall|would)\s+(?:also\s+|then\s+|first\s+|this\s+week\s+|next\s+week\s+|"
        r"later\s+this\s+(?:week|month)\s+|again\s+|soon\s+)?(?:visit|tour)\s+",
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
    (
        "direct",
        OCCURRED,
        "visit",
        r"\b(?:first|second|last|latest|only)\s+(?:[\w.'’-]+\s+){0,4}?to\s+visit\s+",
    ),
    (
        "direct",
        ONGOING,
        "visits tours",
        r"\b(?:visits|tours)\s+(?=(?:the\s+)?(?-i:[A-Z]))",
    ),
    # "Velayati, visiting the United Arab Emirates, told reporters": there, so it has happened.
    (
        "direct",
        OCCURRED,
        "visiting touring",
        r"(?<!\bis )(?<!\bare )\b(?:visiting|touring)\s+(?=(?:the\s+)?(?-i:[A-Z]))",
    ),
    (
        "loc",
        OCCURRED,
        "met conferred held",
        r"\b(?:met|conferred|held\s+(?:[\w-]+\s+){0,2}?(?:talks|meetings|"
        r"consultations|discussions|negotiations))\b",
    ),
    ("loc", OCCURRED, "spent", r"\bspent\b"),
    ("with", OCCURRED, "from after", r"\b(?:from|after)\s+(?:talks|meetings?|a\s+meeting)\s+with\s+"),
    (
        "prep",
        OCCURRED,
        "talks discussions negotiations consultations meetings",
        r"\b(?:talks|discussions|negotiations|consultations|meetings)\s+with\s+(?:[\w.'’-]+\s+){0,3}?"
        r"(?:officials|leaders|counterparts|governments?|ministers|authorities)\s+in\s+",
    ),
    ("prep", OCCURRED, "told", r"\btold\s+(?:reporters|journalists|a\s+news\s+conference)\s+in\s+"),
    (
        "loc",
        ONGOING,
        "spending meets meeting holds holding",
        r"\b(?:is\s+spending|meets|is\s+meeting|holds\s+(?:[\w-]+\s+){0,2}?talks|"
        r"is\s+holding\s+(?:[\w-]+\s+){0,2}?talks)\b",
    ),
    (
        "loc",
        PLANNED,
        "meet hold have",
        r"\b(?:will|would|to)\s+(?:meet|(?:hold|have)\s+(?:[\w-]+\s+){0,2}?talks)\b",
    ),
    (
        "noun",
        OCCURRED,
        "visit trip tour journey stop",
        r"\b(?:visit|trip|tour|journey|stopover|stop)s?"
        r"(?P<by>\s+by\s+(?:[^\s,;]+\s+){1,8}?)?(?:\s+(?:later|earlier|next|last)\s+(?:this\s+)?(?:week|month))?"
        r"(?:\s*(?:to|of|in)\s+|\s+(?=here\b))",
    ),
    ("noun", OCCURRED, "mission", r"\bmissions?(?P<by>\s+by\s+(?:[^\s,;]+\s+){1,8}?)?\s*to\s+"),
    # "head the U.S. delegation to the World Food Council's ministerial in Peking"
    (
        "noun",
        OCCURRED,
        "delegation",
        r"\bdelegations?(?P<by>)\s+to\s+(?:the\s+)?(?:[\w'’-]+\s+){1,6}?(?:in|at)\s+",
    ),
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
    r"planned|scheduled|next\s+(?:week|month)|tomorrow|later\s+this)\b"
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
_LIST_SEP_RE: Final = re.compile(
    r"\s*(?:,\s*and|,\s*then|,\s*as\s+well\s+as|,|and\s+then|and|as\s+well\s+as|then)\s+"
)
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
    """The dateline place when the slot says 'here'; for 'there', the last foreign place named before."""
    if dateline_place is not None and re.match(r"here\b", sentence.text[pos:]):
        return _Host(dateline_place.code, dateline_place.city, pos, pos + 4)
    if re.match(r"there\b(?!\s+(?:is|are|was|were|will|would|has|have|had)\b)", sentence.text[pos:]):
        # "ask the Japanese Government to ... when he visits there next month"
        local = dateline_place.code if dateline_place is not None else None
        named = [
            p for p in sentence.place_list if p.end <= pos and p.code and p.code != local and p.kind != REGION
        ]
        if named:
            return _Host(str(named[-1].code), None, pos, pos + 5)
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
            # "Aceh in Indonesia": a region and its country are one destination too.
            apposed = re.match(r",\s+|\s+in\s+", text[end:])
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


# "Yeutter and Agriculture Secretary Lyng will ...": a second subject, not an object of "and".
_COORDINATED_RE: Final = re.compile(r"(?:^|\bthat\s+|[,;:]\s+)(?:[A-Z][\w'’.-]*\s+){1,4}and\s+$")


# "... talks with Ecuador's deputy energy minister, who arrived here": the relative clause's subject.
_RELATIVE_WHO_RE: Final = re.compile(r"[^.;,]{0,40},\s+who\s+(?:[\w-]+\s+){0,2}")


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
        inside = actor.start < trigger_start < actor.end
        # "in time for Nakasone's visit to Washington": the possessor is the visitor.
        owner = actor.text.endswith(("'s", "’s")) and len(text[actor.end : trigger_start].split()) <= 3
        coordinated = _COORDINATED_RE.search(text, 0, actor.start) is not None
        relative = _RELATIVE_WHO_RE.fullmatch(text, actor.end, trigger_start) is not None
        if not (inside or owner or coordinated or relative) and _PREPOSITION_BEFORE_RE.search(
            text, max(0, actor.start - 30), actor.start
        ):
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
    rf"^\s*(?P<place>[^,\d]+?)\s*(?:,\s*(?P<region>[^,\d]+?))?,\s*(?P<m>{_MONTH})\.?\s+(?P<d>\d{{1,2}})"
    r"(?:,?\s+(?P<y>\d{4}))?"
)


@dataclass(frozen=True)
class _DateHit:
    """A resolved date expression in a sentence."""

    start: int
    end: int
    value: datetime.date
    precision: str


# "the visit of X, who arrives on Friday" / ", which starts on Friday": the clause dates the visit.
_RELATIVE_START_RE: Final = re.compile(
    r"[^,]*,\s+(?:who|which)\s+(?:[\w-]+\s+){0,2}?(?:arrives?|arrived|starts?|started|begins?|began|"
    r"opens?|opened)\b[^,]*$"
)


def _clause_dates(text: str, hits: list[_DateHit], start: int, end: int) -> list[_DateHit]:
    """Dates in the clause of a trigger and its hosts, or leading ('On Sunday, ...')."""
    kept = []
    for hit in hits:
        gap = text[hit.end : start] if hit.end <= start else text[end : hit.start]
        leading = hit.end <= start and not text[: hit.start].strip(' "“(')
        relative = _RELATIVE_START_RE.match(gap) is not None
        if "," not in gap or not gap.strip(" ,") or leading or relative:
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


def _dateline_host(place: str, region: str | None) -> _Host | None:
    """The place a dateline names, with its city unless it names a country ("LEBANON, Jan. 5")."""
    code = dateline_country(place, region)
    if code is None:
        return None
    city = place.title() if country_code(place) in (None, city_country(place)) else None
    return _Host(code, city, 0, 0)


def _dateline(dateline: str | None, base: datetime.date | None) -> tuple[_Host | None, datetime.date | None]:
    """Place and date of a dateline such as 'WASHINGTON, Feb 26 -'."""
    if not dateline:
        return None, None
    m = _DATELINE_RE.match(dateline)
    place_text = m.group("place") if m else dateline.split(",")[0]
    place_text = re.sub(r"[\s\-–—:]+$", "", place_text).strip()
    host = _dateline_host(place_text, m.group("region") if m else None)
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
        if (
            kind == "noun"
            and re.search(r"(?i)\bof\s+$", match.group())
            and any(a.start == end for a in sentence.actors)
        ):
            return [], -1  # "the visit of U.S. Secretary of State Shultz": a visitor, not a place
        return _slot_places(sentence, end, dateline_place), end
    if kind == "direct":
        hosts = _slot_places(sentence, end, dateline_place)
        if hosts:
            return hosts, end
        return _located_places(sentence, end, dateline_place, max_words=6)
    if kind in ("loc", "host_active", "passive"):
        return _located_places(sentence, end, dateline_place)
    if kind == "with":
        # "flown to West Germany from talks with French President Mitterrand in Normandy"; an
        # ambassador coming back from such a meeting is stationed there, not visiting.
        if _RESIDENT_RE.search(sentence.text, max(0, match.start() - 60), match.start()):
            return [], -1
        met = _object_actor(sentence, end, end + 2)
        if met is not None and met.country:
            return [_Host(met.country, None, met.start, met.end)], end
    return [], -1


def _open_gates(
    text: str, places: list[PlaceMention], dateline_place: _Host | None, headline_host: bool = False
) -> set[str]:
    """Trigger gate words present in a sentence; empty when it can name no destination."""
    hostless = not any(p.code and p.kind != DEMONYM for p in places)
    implied = headline_host or (dateline_place is not None and "isiting" in text)
    if hostless and "here" not in text and not implied:
        return set()
    present: set[str] = set()
    for word in _GATE_RE.findall(text.lower()):
        present |= _GATE_OPENS[word]
    return present


_EXCHANGE_RE: Final = re.compile(
    r"(?i)\bexchang(?:e|ed|es|ing)\s+(?:of\s+)?(?:official\s+|state\s+)?visits\b"
)


def _exchange_candidates(sentence: _Sentence) -> list[_Candidate]:
    """'Israel and the Soviet Union agreed to exchange visits': one visit each way."""
    m = _EXCHANGE_RE.search(sentence.text)
    if m is None:
        return []
    codes: list[str] = []
    for place in sentence.place_list:
        if place.end <= m.start() and place.kind == COUNTRY and place.code and place.code not in codes:
            codes.append(place.code)
    if len(codes) < 2:
        return []
    a, b = codes[-2:]
    future = _FUTURE_ANY_RE.search(sentence.text, max(0, m.start() - 40), m.start()) or re.search(
        r"(?i)\bagreed\s+to\s+$", sentence.text[max(0, m.start() - 20) : m.start()]
    )
    status = PLANNED if future else OCCURRED
    found = []
    for visitor, host in ((a, b), (b, a)):
        actor = _Actor(m.start(), m.end(), visitor, None, None, None, m.group())
        found.append(
            _Candidate(
                actor,
                False,
                _Host(host, None, m.start(), m.end()),
                status,
                m.start(),
                m.end(),
                0.5,
                False,
                True,
                (None, None),
            )
        )
    return found


def _candidates(
    sentence: _Sentence, context: _Context, dateline_place: _Host | None, present: set[str]
) -> list[_Candidate]:
    """Visitor/host/status candidates for one sentence, before dates."""
    text = sentence.text
    found: list[_Candidate] = _exchange_candidates(sentence) if "xchang" in text else []
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
                if _PASSIVE_BEFORE_RE.search(text, max(0, start - 30), start):
                    continue  # "was also received by Iran's president": passive, read by its own trigger
                actor = _object_actor(sentence, match.end(), match.end() + 40)
                host_subject = _subject(sentence, start, start)
                if not hosts and host_subject is not None and host_subject.country:
                    hosts = [_Host(host_subject.country, None, host_subject.start, host_subject.end)]
            if (
                not hosts
                and kind == "loc"
                and context.headline
                and (_LEAD_SURNAME_RE.match(text) or re.match(r"(?:He|She)\s", text))
                and _subject(sentence, start, match.end()) is None
                and not any(_host_of(p) for p in sentence.place_list)
            ):
                # "Aqazadeh ... will have talks with Algerian officials" under a headline about
                # his trip to Algeria: the talks are on that trip (or where the dateline is).
                there = context.host or (
                    dateline_place if dateline_place and dateline_place.code != context.country else None
                )
                if there is not None:
                    hosts = [_Host(there.code, there.city, start, match.end())]
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
            pronoun = _PRONOUN_BEFORE_RE.search(text, max(0, start - 40), start)
            # "... ask the Japanese Government to ... when he visits there": "he", not the
            # nearest noun phrase, is the visitor.
            close = pronoun is not None and (
                start - pronoun.start() <= 12 or pronoun.group(1) in ("his", "her")
            )
            if actor is None and kind != "host_active" and not close:
                actor = _subject(sentence, start, match.end(), bare_places=kind in ("send", "cancel"))
            if actor is None and kind == "prep" and not text[:start].strip(' "“('):
                # "During a visit to the U.S. earlier this month, Planning Minister Tetsuo Kondo was
                # asked ...": a fronted phrase, its subject after the comma.
                comma = text.find(",", max(h.end for h in hosts), max(h.end for h in hosts) + 40)
                if comma > 0:
                    actor = _object_actor(sentence, comma, comma + 40)
            if kind == "loc" and actor is not None and all(h.code == actor.country for h in hosts):
                # "X met his Chinese counterpart in Moscow": the foreign party is the visitor.
                other = _object_actor(sentence, match.end(), slot)
                if other is not None and other.country not in {h.code for h in hosts}:
                    actor = other
            carried = False
            if actor is None and pronoun:
                # "when he visits Washington": he is the last titled person named before.
                named = [a for a in sentence.actors if a.end <= start and (a.title or a.name)]
                # The subject, not someone met on the way: "Thatcher left Bonn after talks with
                # Kohl ahead of her visit to Moscow".
                subjects = [
                    a for a in named if not _PREPOSITION_BEFORE_RE.search(text, max(0, a.start - 30), a.start)
                ]
                possessive = pronoun.group(1) in ("his", "her")
                pool = subjects or ([] if possessive else named)
                actor = pool[0] if pool else None  # the sentence subject, not someone it met
            if actor is None:
                before = text[:start]
                mentions_leader = surname is not None and surname in before
                if has_context and (
                    _ANAPHOR_RE.search(before)
                    or mentions_leader
                    or (context.headline and _LEAD_SURNAME_RE.match(text) is not None)
                    or (kind in ("noun", "prep") and _ANAPHOR_RE.search(match.group()))
                ):
                    carried = True
                else:
                    continue
            resolved = _status(kind, status, text, start, slot)
            weight = {"passive": 0.45, "host_active": 0.55, "noun": 0.6, "loc": 0.65}.get(kind, 0.7)
            # Bare "visits"/"visit to" say nothing of tense; a dated one is past or future by date.
            # "There were two previous state tours of Britain": the past is written out.
            past = _PAST_CUE_RE.search(text, max(0, start - 40), start) is not None
            ambiguous = (
                resolved == status
                and not past
                and (
                    kind == "noun"
                    or re.match(
                        r"(?i)(?:pays|makes|travell?ing|flying|heading|first|second|last|latest|only|visiting|touring)\b",
                        match.group(),
                    )
                    is not None
                    or (
                        kind == "direct"
                        and status == ONGOING
                        and not re.match(r"(?i)(?:is|are)\b", match.group())
                    )
                )
            )
            if adjective is not None:
                # "the visiting French official said": present, but no sign of how far along.
                weight, resolved, ambiguous = 0.5, OCCURRED, False
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


_IMPLICIT_GATE_RE: Final = re.compile(
    r"(?i)visit|trip|tour|stay|stopover|arriv|flew|landed|delegation|mission"
)
_IMPLICIT_RE: Final = re.compile(
    r"(?i)(?P<noun>(?:\b(?:the|a|an|his|her|their|its|this|that|whose)|'s|’s)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:visit|trip|tour|stay|stopover)s?\b)|\b(?P<arrive>arrived|arrives|flew\s+in|landed)\b"
    r"|\b(?P<group>delegations?|missions?)\b"
)
_OWN_NATION_RE: Final = re.compile(r"(?i)\b(?:his|her|their)\s+(?:nation|country)['’]s\s+$")
_HEADED_BY_RE: Final = re.compile(r"(?i)[^.;]{0,30}?\b(?:headed|led)\s+by\b")
_OF_COUNTRY_RE: Final = re.compile(r"\bof\s+(?:the\s+)?$")


_MET_RE: Final = re.compile(r"(?i)\b(?:met|meeting|meets|talks\s+with|conferred\s+with|called\s+on)\b")


def _met_country(sentence: _Sentence, pos: int, visitor: str | None, local: str | None) -> _Host | None:
    """Country of the foreign officials met before pos, when they share one."""
    met = None
    for m in _MET_RE.finditer(sentence.text, 0, pos):
        met = m
    if met is None:
        return None
    codes = {a.country for a in sentence.actors if met.end() <= a.start < pos and a.country}
    codes -= {visitor, local}
    if len(codes) != 1:
        return None
    code = codes.pop()
    return _Host(str(code), None, pos, pos) if code else None


_IN_BEFORE_RE: Final = re.compile(r"\bin\s+$")


def _located_before(sentence: _Sentence, pos: int) -> list[_Host]:
    """The place of an 'in <place>' earlier in the same clause, nearest first."""
    text = sentence.text
    for place in reversed(sentence.place_list):
        if place.end > pos or pos - place.end > 80:
            continue
        host = _host_of(place)
        if host is None or place.possessive:
            continue
        if _IN_BEFORE_RE.search(text, max(0, place.start - 4), place.start) and not re.search(
            r"[,;:]", text[place.end : pos]
        ):
            return [host]
    return []


def _delegation_heads(sentence: _Sentence, end: int, dateline_place: _Host | None) -> list[_Actor]:
    """Countries of "delegations ... headed by Hernandez of Venezuela, Minister Espinosa of Ecuador"."""
    by = _HEADED_BY_RE.match(sentence.text, end)
    if by is None or dateline_place is None:
        return []
    heads: list[_Actor] = []
    for place in sentence.place_list:
        if place.start < by.end() or place.kind != COUNTRY or not place.code:
            continue
        of_country = _OF_COUNTRY_RE.search(sentence.text, max(0, place.start - 10), place.start)
        fresh = all(a.country != place.code for a in heads)
        if of_country and fresh and place.code != dateline_place.code:
            heads.append(_Actor(place.start, place.end, place.code, None, None, None, place.surface))
    return heads


_STATIONED_RE: Final = re.compile(r"\s+here\b")
_RESIDENT_RE: Final = re.compile(r"(?i)\b(?:permanent|resident|embassy|ambassador|envoy\s+to)\b")
_LEADS_BEFORE_RE: Final = re.compile(r"(?i)\b(?:will|to|would)\s+(?:lead|head)\s+(?:the\s+|a\s+)?$")
_NOUN_BY_RE: Final = re.compile(r"\s+(?:[\w-]+\s+){0,3}?(?:by|of)\s+(?:the\s+|a\s+|an\s+)?")
_FUTURE_ANY_RE: Final = re.compile(
    r"(?i)\b(?:will|shall|is\s+to|are\s+to|due|expected|plans?|planned|upcoming|forthcoming|"
    r"ahead\s+of|in\s+time\s+for|prepar\w+|run-up|until|next\s+(?:week|month)|later\s+this|"
    r"tomorrow|scheduled|would\s+be|starts|begins)\b"
)


def _implicit_candidates(
    sentence: _Sentence, context: _Context, dateline_place: _Host | None, taken: list[tuple[int, int]]
) -> list[_Candidate]:
    """Visits whose destination goes without saying: "Chirac's visit" under a WASHINGTON dateline,
    "the Saudi leader ... during the visit" under a headline about his trip to Britain.

    The host is the visit the article is about (headline or earlier sentence) when the visitor
    is that visit's, else the dateline's place when the visitor is foreign to it.
    """
    text = sentence.text
    found: list[_Candidate] = []
    for match in _IMPLICIT_RE.finditer(text):
        start, end = match.span()
        if any(a <= start < b or start <= a < end for a, b in taken):
            continue
        if (
            _DOUBT_RE.search(text, max(0, start - 40), start)
            or _CANCEL_RE.search(text, max(0, start - 40), end + 40)
            or _UNREALISED_RE.search(text, max(0, start - 40), end + 40)
        ):
            continue
        if re.search(r"(?i)\bno\s+sign\b", text[max(0, start - 60) : start]):
            continue  # "no sign of the Italian delegation"
        if re.search(r"(?i)\bsuch\s+an?\s+", text[max(0, start - 8) : end]):
            continue  # "such a visit would be ...": a hypothetical one
        if re.search(r"(?i)tour", match.group()) and context.host is None:
            continue  # a tour spans countries; the dateline is one stop at most
        after = re.match(r"\s*(to|of|in)\s+(?-i:[A-Z])", text[end:])
        # "a visit to Moscow", "a tour of European capitals" name their own destination; only
        # "the visit of West German President ..." names a visitor after "of".
        if (
            after
            and not match.group("group")
            and not (
                after.group(1) == "of" and any(a.start == end + after.end() - 1 for a in sentence.actors)
            )
        ):
            continue
        actor: _Actor | None = None
        if match.group("group"):
            if any(trigger > end for trigger, _ in taken):
                continue  # the delegation is the subject of a visit the sentence spells out
            heads = _delegation_heads(sentence, end, dateline_place)
            if heads and dateline_place is not None:
                here = _Host(dateline_place.code, dateline_place.city, start, end)
                found += [
                    _Candidate(a, False, here, OCCURRED, start, end, 0.45, False, True, (a.name, a.title))
                    for a in heads
                ]
                break
            actor = next((a for a in sentence.actors if a.start <= start and end <= a.end), None)
            if actor is None and _OWN_NATION_RE.search(text, max(0, start - 30), start) and dateline_place:
                # "head of his nation's delegation in London" under a BOGOTA dateline
                actor = _Actor(start, end, dateline_place.code, None, None, None, text[start:end])
            if actor is not None and actor.country is None and actor.org is None:
                continue
            if _STATIONED_RE.match(text, end) or _RESIDENT_RE.search(text, max(0, start - 40), end + 40):
                continue  # "the EC delegation here": a mission stationed in the city, not a visit
            definite = re.search(r"(?i)\b(?:the|this)\s+(?:[\w-]+\s+)?$", text[max(0, start - 30) : start])
            if actor is None and (context.host is None or not definite):
                continue  # "the delegation" means the headline's visitors only when it names a visit
            # "will lead the French delegation": its trip is ahead; "will meet the Japanese
            # delegation": it is there already.
            located, _ = _located_places(sentence, end, dateline_place, max_words=6)
            if not located and actor is not None:
                # "the agreement was reached in Paris today in talks between Yugoslav delegation"
                located = _located_before(sentence, actor.start)
            visitor_code = actor.country if actor is not None else context.country
            located = [h for h in located if h.code != visitor_code]
            if located and actor is not None and actor.country is None:
                # "head of the EC delegation in Washington": an organisation's delegation in a
                # capital is its standing mission there.
                continue
            if located and actor is not None:
                # "an official Indian trade delegation ... in Tokyo last week"
                found.append(
                    _Candidate(
                        actor,
                        False,
                        located[0],
                        OCCURRED,
                        start,
                        located[0].end,
                        0.5,
                        True,
                        True,
                        (None, None),
                    )
                )
                break
            opening = actor.start if actor is not None else start
            leads = _LEADS_BEFORE_RE.search(text, max(0, opening - 40), opening)
            will = actor is None and _FUTURE_RE.search(text, max(0, start - 40), start)
            status = PLANNED if leads or will else OCCURRED
        else:
            by = _NOUN_BY_RE.match(text, end) if match.group("noun") else None
            if by:
                actor = _object_actor(sentence, by.end(), by.end() + 40)
            if actor is None:
                owner = [a for a in sentence.actors if a.end <= start + 3 and a.text.endswith(("'s", "’s"))]
                if owner and not text[owner[-1].end : start + 3].strip(" 's’"):
                    actor = owner[-1]
            if actor is None:
                actor = _subject(sentence, start, end)
            if (
                actor is None
                and match.group("arrive")
                and context.host is None
                and not _PRONOUN_BEFORE_RE.search(text, max(0, start - 40), start)
            ):
                continue
            before = text[max(0, start - 120) : start]
            future = (
                _FUTURE_ANY_RE.search(before)
                or _FUTURE_ANY_RE.search(match.group())
                or _FUTURE_ANY_RE.search(text[end : end + 80])
            )
            status = PLANNED if future else OCCURRED
        local = dateline_place.code if dateline_place is not None else None
        if actor is not None and actor.country == local and context.country not in (None, local):
            # "Herrington ... to meet King Hassan during his visit": the local is who was met.
            actor = None
        same = actor is None or (actor.country, actor.org) == (context.country, context.org)
        if actor is None and context.country is None and context.org is None:
            continue
        host: _Host | None = None
        if same and context.host is not None:
            host = context.host
            if status == OCCURRED and context.status is not None and not match.group("group"):
                status = context.status
        elif (
            dateline_place is not None
            and (actor.country if actor else context.country) != dateline_place.code
        ):
            host = dateline_place
        if host is None and not match.group("group"):
            # "Abe met President Reagan and U.S. Congressional leaders during his visit": the
            # visit was to the country of the people met.
            host = _met_country(sentence, start, actor.country if actor else context.country, local)
        if host is None:
            continue
        found.append(
            _Candidate(
                actor,
                actor is None,
                _Host(host.code, host.city, start, end),
                status,
                start,
                end,
                0.45,
                status == OCCURRED and not match.group("group"),
                True,
                (None, None),
            )
        )
        break
    return found


# "Aqazadeh arrived ...", "Conable, who flew ...": wire copy names the headline's person by surname.
_LEAD_SURNAME_RE: Final = re.compile(
    r"(?!(?:Officials|Sources|Analysts|Diplomats|Traders|Dealers|Reuters|Police|Officers|Experts|"
    r"Economists|Bankers|Delegates|Ministers|Members|Leaders|Residents|Witnesses|Observers|Others|"
    r"Some|Many|Most|Both|All|They|He|She|It|We|The|This|That|There|These|Those|But|And|However|"
    r"Meanwhile|Earlier|Later|Asked|Also|Yesterday|Today)\b)"
    r"[A-Z][a-z][\w'’-]*(?=,\s|\s+(?:said|says|was|is|has|had|will|would|arrived|arrives|visited|"
    r"met|flew|recently|told|who|also|then|left|held|plans|hopes))"
)
_PASSIVE_BEFORE_RE: Final = re.compile(
    r"(?i)\b(?:was|were|been|being|be|is|are)\s+(?:[a-z]+ly\s+|also\s+|then\s+)?$"
)
_LATE_BY_RE: Final = re.compile(r"[^.;:,]{0,30}?\bby\s+(?:an?\s+|the\s+)?")
_WHEN_BEFORE_RE: Final = re.compile(r"(?i)\bwhen\b[^.,;:]{0,60}$")
_PRONOUN_BEFORE_RE: Final = re.compile(r"\b(he|she|his|her)\s+(?:[a-z]+\s+){0,4}$")


# "had been due to arrive": a plan that did not happen.
_UNREALISED_RE: Final = re.compile(
    r"(?i)\bhad\s+been\s+(?:due|expected|scheduled|set|slated|planning)\b|\bwas\s+to\s+have\b"
)
_DEPARTED_FOR_RE: Final = re.compile(
    r"(?i)\b(?:left|leaves|leaving|departed|set\s+off|heads?|headed)\s+(?:[\w.'’-]+\s+){0,2}?for\b[^.;:]*$"
)
_PAST_CUE_RE: Final = re.compile(r"(?i)\b(?:were|previous|past|earlier|former)\b[^,;]*$")
_TENSELESS_RE: Final = re.compile(r"(?i)during|in\s+the\s+run-up|ahead\s+of")
_SOON_RE: Final = re.compile(
    r"(?i)\b(?:next\s+(?:week|month|\w+day)|tomorrow|later\s+this\s+(?:week|month)|"
    r"this\s+coming|starting\s+(?:next|on|\w+day|(?-i:[A-Z])))\b"
)


def _status(kind: str, status: str, text: str, start: int, slot: int) -> str:
    """Trigger status adjusted by cancellation and tense cues around it."""
    window = text[max(0, start - 60) : slot + 60 if slot >= 0 else start + 60]
    if _CANCEL_RE.search(window) or _UNREALISED_RE.search(text, max(0, start - 30), start + 30):
        return CANCELLED
    if _DEPARTED_FOR_RE.search(text, max(0, start - 100), start):
        return PLANNED  # "left Washington for a tour of Europe and talks in Britain": still ahead
    tenseless = kind == "noun" or (kind == "prep" and _TENSELESS_RE.match(text, start) is not None)
    if (tenseless or kind == "direct") and status in (OCCURRED, ONGOING):
        before = text[max(0, start - 50) : start]
        if _FUTURE_RE.search(before) or _SOON_RE.search(window):
            return PLANNED
        # "when Miyazawa visits Washington": a present tense after "when" speaks of the future.
        if kind == "direct" and status == ONGOING and _WHEN_BEFORE_RE.search(before):
            return PLANNED
        if kind == "noun" and _ONGOING_CUE_RE.search(before):
            return ONGOING
    return status


_ACRONYM_RE: Final = re.compile(r"(?:[A-Z]\.){2,}|IMF|EC|EU|UN|NATO|OPEC|GATT|ASEAN|WHO|IAEA|ECOWAS|AU")
_HEADLINE_HOST_RE: Final = re.compile(
    r"(?i)\b(?:visits?|visiting|tours?|touring|arrives?\s+in|arriving\s+in|due\s+in|trip\s+to|"
    r"visit\s+to|talks\s+in|in|to)\s+$"
)
# "TOKYO - ...", "HANOI, Vietnam (AP) — ...": a dateline opening a paragraph of the body.
_INLINE_DATELINE_RE: Final = re.compile(
    r"(?m)^[ \t]*(?P<place>[A-Z][A-Z.' ]{2,30}?)(?:,\s*(?P<region>[\w. ]{2,20}?))?"
    r"(?:\s+\([A-Za-z .\-]{2,30}\))?\s+[-\u2013\u2014]{1,2}\s+"
)


_HEADLINE_FUTURE_RE: Final = re.compile(
    r"(?i)\b(?:to\s+(?:visit|tour|travel|go|fly|attend|head)|due|will|plans?|expected|set\s+to|next|"
    r"this\s+week)\b"
)
_HEADLINE_TITLE_RE: Final = re.compile(
    # "BRITISH FARM MINISTER", "U.S. TREASURY'S BAKER": up to three words before the office.
    rf"(?:\s+(?:[A-Z][\w.'’-]*'s|[A-Z][a-z][\w-]*|(?i:{_OFFICE_WORDS}))){{0,3}}?"
    rf"\s+(?i:{_TITLE_NOUNS})\b"
)
_HEADLINE_SPEECH_RE: Final = re.compile(
    r"\s+(?i:says|warns|urges|tells|calls|asks|accuses|denies|rejects|hopes|wants|seeks|vows|pledges)\b"
)
_HEADLINE_WORDS_RE: Final = re.compile(
    r"(?i)visits?|says?|to|due|in|arrives?|meets?|holds?|wins?|cancels?|urges?|hopes?|sees?|begins?|"
    r"opens?|ends?|calls?|attacks?|warns?|seeks?|tells?|plans?|leaves?|heads?|expected|set|on|at|for|"
    r"and|of|the|hints?|backs?|rejects?|signs?|agrees?|asks?|denies?|named|advised|is|was|will|"
    r"firm|prospects|meeting|talks|trip|tour|visit|official|officials"
)
_HEADLINE_DOUBT_RE: Final = re.compile(
    r"(?i)\b(?:possible|possibly|may|might|could|considers?|mulls?|weighs?|not|no|denies|rules\s+out)\b"
)
_HEADLINE_VISIT_RE: Final = re.compile(r"(?i)\b(?:visit|trip|tour|arriv|due\s+in|talks|mission|delegation)")


def _headline_case(title: str) -> str:
    """'SAUDI ARABIA'S KING FAHD VISITS BRITAIN' -> "Saudi Arabia's King Fahd Visits Britain"."""
    if not title.isupper():
        return title
    words = []
    for word in title.split(" "):
        bare = word.rstrip(",:;")
        # Acronyms stay as they are: "UAE", "U.S.", "IMF".
        keep = _ACRONYM_RE.fullmatch(bare) or (len(bare) <= 4 and bare.isalpha() and place_mentions(bare))
        words.append(word if keep else word[:1] + word[1:].lower())
    return " ".join(words)


def _headline_visit(title: str, people: Mapping[str, tuple[str, str]]) -> _Context | None:
    """The visitor a headline is about and the visit it announces, as article context.

    "IRANIAN OIL MINISTER DUE IN ALGERIA" gives visitor and host; "CHIRAC URGES ..." gives
    only the visitor, whom "the prime minister" in the body then means. A name the headline
    puts after a nationality ("SAUDI ARABIA'S KING FAHD") is kept as the leader's.
    """
    text = _headline_case(title)
    places = [p for p in place_mentions(text) if p.code is not None]
    words = [w.rstrip(",:;") for w in text.split(" ", 2)]
    first_word = words[0]
    person = people.get(re.sub(r"(?:'s|’s)$", "", first_word))
    if len(words) > 1 and re.sub(r"(?:'s|’s)$", "", words[1]) in people:
        # "HOWARD BAKER AIDE ...": the surname is the second word.
        first_word = f"{words[0]} {words[1]}"
        person = people[re.sub(r"(?:'s|’s)$", "", words[1])]
    org = _ORG_RE.match(text)
    country: str | None = None
    name: str | None = None
    titled = False
    if person is not None:
        country, name, visitor_end = person[0], person[1], len(first_word)
    elif org is not None:
        visitor_end = org.end()
        titled = _HEADLINE_TITLE_RE.match(text, visitor_end) is not None
    else:
        visitor = next(iter(places), None)
        if visitor is None:
            return None
        office = _HEADLINE_TITLE_RE.match(text, visitor.end)
        # "IRAN SAYS IT WILL ...": the country speaks through the official the body names.
        speaks = (
            visitor.start == 0
            and visitor.kind == COUNTRY
            and _HEADLINE_SPEECH_RE.match(text, visitor.end) is not None
        )
        abbreviation = visitor.kind == COUNTRY and "." in visitor.surface
        nxt = re.match(r"\s+(?!(?i:visit|trip|tour)\b)[A-Z]\w+", text[visitor.end :])
        if not (visitor.kind == DEMONYM or visitor.possessive or office or speaks or (abbreviation and nxt)):
            return None
        country, visitor_end, titled = visitor.code, visitor.end, office is not None or speaks
        after = office.end() if office else visitor.end
        named = re.match(r"\s+([A-Z][a-z][\w'’-]*)\b", text[after:])
        if named and (office or visitor.possessive) and not _HEADLINE_WORDS_RE.fullmatch(named.group(1)):
            name = named.group(1)
    host: _Host | None = None
    for place in places:
        if place.start < visitor_end or place.possessive or place.kind not in (COUNTRY, CITY):
            continue
        if place.code != country and (
            _HEADLINE_HOST_RE.search(text[visitor_end : place.start])
            or re.match(r"\s+(?i:visit|trip|tour)", text[place.end :])
        ):
            host = _Host(str(place.code), place.surface if place.kind == CITY else None, 0, 0)
        break
    if _HEADLINE_DOUBT_RE.search(text):
        host = None  # "SHULTZ VISIT TO MOSCOW POSSIBLE": nothing to carry into the body
    if host is None and person is None and org is None and not titled and not _HEADLINE_VISIT_RE.search(text):
        return None
    org_name = canonical_org(org.group("org")) if org and country is None else None
    status = PLANNED if _HEADLINE_FUTURE_RE.search(text) else None
    return _Context(country, org_name, name, None, _delegation_kind(text), host, status, headline=True)


def _inline_datelines(text: str) -> list[tuple[int, _Host]]:
    """(offset, place) of datelines that open paragraphs inside a text."""
    found = []
    for m in _INLINE_DATELINE_RE.finditer(text):
        host = _dateline_host(m.group("place").strip(), m.group("region"))
        if host is not None:
            # Offsets of the place: sentence spans start there, after any indentation.
            found.append((m.start("place"), host))
    return found


def _places(sentence: str) -> list[PlaceMention]:
    """Gazetteer hits; in text typed in lower case ("a visit to nicaragua"), on a capitalised copy."""
    words = sentence.split()
    capitals = sum(1 for w in words if w[:1].isupper())
    if len(words) >= 8 and capitals * 10 <= len(words):
        # Same length, so offsets still point into the original sentence.
        restored = re.sub(r"(?<![\w'’])[a-z]", lambda m: m.group().upper(), sentence)
        return place_mentions(restored)
    return place_mentions(sentence)


_LEAD_VERB_RE: Final = re.compile(
    r"(?i)\s*(?:,[^,]*,\s*)?(?:on\s+\w+\s+|\w+ly\s+|also\s+)?(?:said|says|accused|urged|told|met|signed|"
    r"announced|warned|pledged|called|praised|promised|offered|held|opened|laid|toured|inspected)\b"
)


def _lead_presence(sentence: _Sentence, dateline_place: _Host) -> _Candidate | None:
    """A foreign official who is the lead's subject is where the dateline is.

    "HANOI, Vietnam (AP) — U.S. Defense Secretary Mark Esper on Wednesday accused China ...":
    wire copy puts the reporter, and so the newsmaker, in the dateline's city.
    """
    text = sentence.text
    for actor in sentence.actors:
        if actor.country is None or not (actor.title or actor.name):
            continue
        if _PREPOSITION_BEFORE_RE.search(text, max(0, actor.start - 30), actor.start):
            return None  # the first official is an object ("talks with ..."): not the lead's subject
        if actor.country == dateline_place.code or not _LEAD_VERB_RE.match(text, actor.end):
            return None
        # "... said in Washington": the words place the official elsewhere.
        if any(
            _host_of(p)
            and p.code != dateline_place.code
            and _IN_BEFORE_RE.search(text, max(0, p.start - 4), p.start)
            for p in sentence.place_list
        ):
            return None
        host = _Host(dateline_place.code, dateline_place.city, actor.start, actor.end)
        return _Candidate(
            actor, False, host, OCCURRED, actor.start, actor.end, 0.4, False, False, (actor.name, actor.title)
        )
    return None


def visit_mentions(
    text: str,
    *,
    published_at: datetime.datetime | None = None,
    dateline: str | None = None,
    title: str | None = None,
    actors: ActorTable = KNOWN_ACTORS,
    source_country: str | None = None,
    excerpt: bool = False,
) -> list[VisitMention]:
    """Visit mentions in an article body, in text order.

    `actors` names people the text may not; `source_country` is the outlet's country, whose
    officials a story without a dateline names without a nationality. An `excerpt` does not
    start with the article's lead sentence (unless an inline dateline shows it does).
    """
    base = published_at.date() if published_at is not None else None
    dateline_place, dateline_date = _dateline(dateline, base)
    if base is None:
        base = dateline_date
    context = _Context()
    # Per-call memo of dateparser answers: an article repeats "last week" often.
    memo: _Memo = {}
    if title:
        context = _headline_visit(title, actors.people) or context
        surname = context.leader_name.split()[-1] if context.leader_name else None
        if context.country and surname and surname not in actors.people and surname in text:
            actors = ActorTable({surname: (context.country, context.leader_name or surname)}).merged(actors)
    datelines = _inline_datelines(text)
    mentions: list[VisitMention] = []
    spans = _sentence_spans(text)
    lead_at = datelines[0][0] if datelines else (spans[0][0] if spans and not excerpt else -1)
    for start, end in spans:
        raw = text[start:end]
        if len(raw) > _MAX_SENTENCE:
            continue
        if datelines:
            # A digest's paragraphs carry their own datelines ("TOKYO - Japan's ruling ...").
            dateline_place = next((d for at, d in reversed(datelines) if at <= start), dateline_place)
        places = _places(raw)
        actors_by_home: dict[str | None, list[_Actor]] = {}
        abroad = dateline_place is not None and dateline_place.code != context.country
        present = _open_gates(
            raw, places, dateline_place, context.headline and (context.host is not None or abroad)
        )
        found: list[_Candidate] = []
        if present:
            home = dateline_place.code if dateline_place is not None else source_country
            sentence = _reading(actors_by_home, raw, places, home, actors.people)
            found = _candidates(sentence, context, dateline_place, present)
        led_name, led_title, led_text = _led_by(raw) if "by" in raw else (None, None, "")
        implied = dateline_place is not None or context.host is not None
        if implied and _IMPLICIT_GATE_RE.search(raw):
            if not present:
                home = dateline_place.code if dateline_place is not None else source_country
                sentence = _reading(actors_by_home, raw, places, home, actors.people)
            taken = [(c.trigger_start, c.span_end) for c in found]
            found += _implicit_candidates(sentence, context, dateline_place, taken)
        if not found and start == lead_at and dateline_place is not None:
            home = dateline_place.code
            lead = _reading(actors_by_home, raw, places, home, actors.people)
            present_here = _lead_presence(lead, dateline_place)
            if present_here is not None:
                found, sentence = [present_here], lead
                # Later sentences about the same official ("Esper met with officials") are on it.
                who = present_here.actor
                if who is not None:
                    context = _Context(
                        who.country, None, who.name, who.title, None, dateline_place, None, True
                    )
        if not found:
            if context.country is None and context.org is None:
                # Who the article is about so far, for "the two" or "he" in the next sentence.
                home = dateline_place.code if dateline_place is not None else source_country
                people = [
                    a
                    for a in _actors_once(actors_by_home, raw, places, home, actors.people)
                    if a.country and a.country != home and (a.title or a.name)
                ]
                if people:
                    first = people[0]
                    context = _Context(
                        first.country, None, first.name, first.title, _delegation_kind(first.text)
                    )
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
    return _with_agreements(_states_of_the_time(mentions, base), text)


AGREEMENT_CAMEO: Final = "057"
_PACT: Final = (
    r"(?:agreements?|accords?|deals?|memorand(?:um|a)(?:\s+of\s+understanding)?|protocols?|"
    r"treat(?:y|ies)|contracts?|documents?|pacts?|declarations?|road\s?maps?|MoUs?)"
)
_AGREEMENT_RE: Final = re.compile(
    rf"(?i)\b(?:signed|inked|initial(?:l)?ed)\b[^.;]{{0,80}}?\b{_PACT}\b"
    rf"|\b{_PACT}\b[^.;]{{0,80}}?\b(?:was|were|has\s+been|have\s+been|had\s+been)\s+"
    r"(?:also\s+)?(?:signed|inked|initial(?:l)?ed)\b"
)
_NOT_SIGNED_RE: Final = re.compile(
    r"(?i)\b(?:not|no|never|without|failed\s+to|had\s+been\s+due)\b[^,;]{0,40}$"
)


def agreement_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of sentences reporting an agreement signed (CAMEO 057), not one merely planned."""
    found = []
    for start, end in _sentence_spans(text):
        if end - start > _MAX_SENTENCE:
            continue
        m = _AGREEMENT_RE.search(text, start, end)
        if m is not None and not _NOT_SIGNED_RE.search(text, start, m.start() + 8):
            found.append((start, end))
    return found


def _with_agreements(mentions: list[VisitMention], text: str) -> list[VisitMention]:
    """Each reported signing attached to the visit it belongs to.

    That is the visit whose host the sentence names, else the last visit reported before it
    (the first one when the signing comes first). Announced or cancelled visits sign nothing.
    """
    happened = [i for i, m in enumerate(mentions) if m.status in (OCCURRED, ONGOING)]
    if not happened:
        return mentions
    signed: dict[int, list[str]] = {}
    for start, end in agreement_sentences(text):
        sentence = text[start:end]
        codes = [p.code for p in place_mentions(sentence) if p.code]
        # Compared as the states of each visit's time: a 1987 signing "in Moscow" is Soviet.
        owners = [
            i
            for i in happened
            if mentions[i].host_country in {as_of(c, mentions[i].event_date) for c in codes}
        ]
        if not owners:
            before = [i for i in happened if mentions[i].char_start <= start]
            owners = before[-1:] or happened[:1]
        for i in owners[-1:]:
            signed.setdefault(i, []).append(sentence)
    return [replace(m, agreements=tuple(signed[i])) if i in signed else m for i, m in enumerate(mentions)]


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
    host = candidate.host
    # The host stays the headline's, and only while its visitor is the one written about: a later
    # "the delegation" may be at any stop of a tour.
    same_visitor = (country, org) == (context.country, context.org)
    if same_visitor:
        context = _Context(country, org, name, title, kind, context.host, context.status, context.headline)
    else:
        context = _Context(country, org, name, title, kind)
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
            # "the visit this week" in Monday's or Tuesday's paper is mostly still ahead.
            if best.precision == "week" and best.value == base:
                status = PLANNED
    elif dateline_date is not None:
        event_date, precision, source = dateline_date, "day", "dateline"
    else:
        event_date, precision, source = base, ("day" if base else None), "published_fallback"
    headline_visit = (
        context.headline
        and context.host is not None
        and (country, host.code) == (context.country, context.host.code)
    )
    if (
        source != "text"
        and headline_visit
        and context.status == PLANNED
        and (candidate.ambiguous or candidate.carried)
    ):
        status = PLANNED  # undated and tenseless: the headline says it is still to come
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
