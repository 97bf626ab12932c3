"""Pages and text dumps to article records: body, title, authors, dates with time zone."""

from __future__ import annotations

import copy
import functools
import html as html_lib
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import htmldate
import lxml.etree
import lxml.html
import py3langid
import trafilatura
from ftfy import fix_encoding
from ftfy.badness import is_bad

from transforms.boilerplate import split_caption, strip_boilerplate
from transforms.decode import clean_text, decode_html
from transforms.profiles import PROFILES, Profile, profile_for_text

PARSER_VERSION = "parse-0.2"
# Same as the fetch cap: trafilatura's extraction grows faster than linearly past about 10 MB
# (10 MB parses in ~2 s, 20 MB in ~8 s), and no real article needs more.
MAX_PARSE_BYTES = 10 * 1024 * 1024

# Wire agencies are credited apart from people; matched case-insensitively on the whole name.
AGENCIES = {
    "tass": "TASS",
    "ria novosti": "RIA Novosti",
    "ria": "RIA Novosti",
    "interfax": "Interfax",
    "reuters": "Reuters",
    "thomson reuters": "Reuters",
    "afp": "AFP",
    "agence france-presse": "AFP",
    "agence france presse": "AFP",
    "ap": "AP",
    "associated press": "AP",
    "the associated press": "AP",
    "xinhua": "Xinhua",
    "anadolu": "Anadolu",
    "anadolu agency": "Anadolu",
    "dpa": "dpa",
    "bloomberg": "Bloomberg",
    "efe": "EFE",
    "ansa": "ANSA",
    "kyodo": "Kyodo",
    "yonhap": "Yonhap",
}
_NOT_PEOPLE = re.compile(
    r"(https?://|www\.|@|\.com\b|\.txt\b|\bstaff\b|\bnewsroom\b|\beditor(s|ial)?\b|\bdesk\b|\bteam\b"
    r"|\bnews\b|\bagency\b|\bcorrespondents?\b|\bwriters?\b|\breporters?\b|\bcontributors?\b"
    r"|\ban[oó]n[iy]mo(us)?\b|\bunknown\b|\d)",
    re.IGNORECASE,
)
_AGENCY_NAME = re.compile(r"\b(news agency|press agency|wire service)\b", re.IGNORECASE)
_INITIAL_END = re.compile(r"\b[A-Z]\.$")
_BY = re.compile(r"^\s*(by|written by|from)\s+", re.IGNORECASE)
_SPLIT_NAMES = re.compile(r"\s*(?:,|;|\band\b|&|\|)\s*")
_TITLE_SEPARATORS = (" | ", " - ", " \u2014 ", " \u2013 ", " :: ")
# "BAMAKO, Jan 20 (Reuters) -": wire stories open with place, date and agency.
_DATELINE = re.compile(
    r"^(?P<dl>[A-Z][A-Z .'\-]{1,40}(?:, [A-Z][A-Za-z .]{1,30})?,\s+[A-Z][a-z]{2,8}\.? \d{1,2}"
    r"(?: \([A-Za-z .\-]{2,40}\))?)\s*[-\u2013\u2014]+\s*"
)
_DATELINE_AGENCY = re.compile(r"\(([A-Za-z .\-]{2,40})\)\s*$")
_URL_DATE_COMPACT = re.compile(r"/(20\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])/")
_URL_DATE = re.compile(r"/(20\d\d|19\d\d)[/-](0[1-9]|1[0-2])[/-](0[1-9]|[12]\d|3[01])(?:/|-|$)")


@dataclass
class ParsedArticle:
    """What the parser extracted from one document."""

    title: str
    text: str
    canonical_url: str | None = None
    site_name: str | None = None
    subtitle: str | None = None
    authors: list[str] = field(default_factory=list)
    agencies: list[str] = field(default_factory=list)
    published_at: datetime | None = None
    date_source: str | None = None
    date_precision: str | None = None
    modified_at: datetime | None = None
    language: str | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    top_image: str | None = None
    image_caption: str | None = None
    image_credit: str | None = None
    dateline: str | None = None
    encoding: str | None = None
    encoding_guessed: bool = False
    chars_replaced: int = 0
    mojibake_fixed: bool = False
    parser: str = "generic"

    @property
    def published_utc_offset(self) -> str | None:
        """The page's own UTC offset as +HH:MM, when it gave one."""
        if self.published_at is None or self.published_at.tzinfo is None:
            return None
        return _format_offset(self.published_at)


@dataclass(frozen=True)
class ParseFailure:
    """A document that yields no article, with a reason code from the closed list."""

    reason: str
    detail: str


ParseResult = ParsedArticle | ParseFailure


def _format_offset(ts: datetime) -> str:
    off = ts.utcoffset()
    assert off is not None
    minutes = int(off.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def parse_timestamp(value: str | None) -> tuple[datetime, str] | None:
    """An ISO 8601 timestamp and its precision ('second', 'minute' or 'day')."""
    if not value:
        return None
    value = value.strip()
    try:
        ts = datetime.fromisoformat(value)
    except ValueError:
        return None
    if len(value) <= 10:
        return ts, "day"
    return ts, ("second" if ts.second or ts.microsecond else "minute")


def _text_of(el: Any) -> str:
    return " ".join(" ".join(el.itertext()).split()) if el is not None else ""


@functools.cache
def compiled(xpath: str) -> lxml.etree.XPath:
    """A compiled XPath: profiles evaluate the same expressions on every page."""
    return lxml.etree.XPath(xpath)


def _first(tree: Any, xpath: str | None) -> str | None:
    if not xpath:
        return None
    found = compiled(xpath)(tree)
    if not found:
        return None
    item = found[0]
    text = item if isinstance(item, str) else _text_of(item)
    return text.strip() or None


def _meta(tree: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    for el in compiled("//meta[@content]")(tree):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        if key and key not in out:
            out[key] = el.get("content", "").strip()
    for el in compiled("//*[@itemprop='datePublished' or @itemprop='dateModified'][@content or @datetime]")(
        tree
    ):
        key = el.get("itemprop").lower()
        out.setdefault(key, (el.get("content") or el.get("datetime") or "").strip())
    return out


def _json_ld(tree: Any) -> dict[str, Any]:
    """The first Article-like JSON-LD object on the page."""
    for script in compiled("//script[@type='application/ld+json']")(tree):
        try:
            data = json.loads(script.text or "")
        except (json.JSONDecodeError, RecursionError):
            continue
        stack: list[Any] = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                kind = item.get("@type")
                kinds = kind if isinstance(kind, list) else [kind]
                if any(isinstance(k, str) and k.endswith("Article") for k in kinds):
                    return item
                stack.extend(v for k, v in item.items() if k == "@graph")
    return {}


def _names(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return _names(value.get("name"))
    if isinstance(value, list):
        return [n for v in value for n in _names(v)]
    return []


def split_credits(raw_names: list[str], *, site_name: str | None = None) -> tuple[list[str], list[str]]:
    """People and wire agencies from credited names; URLs, e-mails and desk names are dropped."""
    people: list[str] = []
    agencies: list[str] = []
    site = (site_name or "").strip().lower()
    for raw in raw_names:
        for name in _SPLIT_NAMES.split(_BY.sub("", raw or "")):
            name = " ".join(name.split()).strip(" ")
            if not _INITIAL_END.search(name):  # "Amadou K." keeps the stop of its initial
                name = name.rstrip(" .")
            if not name:
                continue
            # Known wires by name; any other "... News Agency" is credited as an agency too.
            agency = AGENCIES.get(name.lower()) or (name if _AGENCY_NAME.search(name) else None)
            if agency:
                if agency not in agencies:
                    agencies.append(agency)
            elif (
                not _NOT_PEOPLE.search(name)
                and 2 <= len(name.split()) <= 5
                and name.lower() != site
                and name not in people
            ):
                people.append(name)
    return people, agencies


# Where bylines usually live; each is tried in turn and the first that names someone wins.
_AUTHOR_XPATHS = (
    "//*[@itemprop='author']//*[@itemprop='name']",
    "//*[@itemprop='author' and not(descendant::*[@itemprop='name'])]",
    "//a[@rel='author']",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' author ')]",
)
_BYLINE_BLOCKS = "//*[contains(@class, 'byline') or contains(@class, 'meta')]"
_BY_PREFIX = re.compile(r"^\s*by\s+(?P<names>[^|\u00b7\u2022\n]+)", re.IGNORECASE)


def byline_names(tree: Any) -> list[str]:
    """Credited names from common byline markup: microdata, rel=author, author classes, 'By ...'."""
    for xpath in _AUTHOR_XPATHS:
        texts = [_text_of(el) for el in compiled(xpath)(tree)[:5]]
        names = [_BY.sub("", t) for t in texts if t and len(t.split()) <= 6]
        if names:
            return names
    for el in compiled(_BYLINE_BLOCKS)(tree)[:10]:
        m = _BY_PREFIX.match(_text_of(el))
        if m:
            return [m.group("names").strip()]
    return []


def clean_title(title: str, site_name: str | None) -> str:
    """The headline without a trailing ' | Site' or ' - Site' suffix."""
    title = " ".join(title.split())
    for sep in _TITLE_SEPARATORS:
        if sep in title:
            head, _, tail = title.rpartition(sep)
            if site_name and tail.strip().lower() == site_name.strip().lower():
                return head.strip()
            if site_name is None and len(tail.split()) <= 4 and len(head.split()) >= 3:
                return head.strip()
    return title


def _utc_small_hours_after(ts: datetime, day: date) -> bool:
    offset = ts.utcoffset()
    return (offset is None or not offset) and ts.date() == day + timedelta(days=1) and ts.hour < 8


def _published(
    tree: Any,
    meta: dict[str, str],
    ld: dict[str, Any],
    profile: Profile | None,
    url: str,
) -> tuple[datetime, str, str] | None:
    """Publication time, its source and precision: structured data first, then htmldate, then URL."""
    candidates: list[tuple[str | None, str]] = [
        (ld.get("datePublished") if isinstance(ld.get("datePublished"), str) else None, "json-ld"),
        (meta.get("article:published_time") or meta.get("datepublished"), "meta"),
        (meta.get("og:published_time") or meta.get("pubdate") or meta.get("date"), "meta"),
        (_first(tree, profile.published) if profile else None, "time"),
        (_first(tree, "//time[@datetime]/@datetime"), "time"),
    ]
    stamps = [(p[0], source, p[1]) for value, source in candidates if (p := parse_timestamp(value))]
    m = _URL_DATE.search(url) or _URL_DATE_COMPACT.search(url)
    url_day = date(int(m[1]), int(m[2]), int(m[3])) if m else None
    if stamps and url_day is not None and _utc_small_hours_after(stamps[0][0], url_day):
        # A UTC time in the small hours of the day after the URL's date is that date's evening in
        # the Americas: the publisher's own day is the URL's. Prefer a stamp that agrees with it.
        agreeing = [s for s in stamps if s[0].date() == url_day]
        return agreeing[0] if agreeing else (datetime(url_day.year, url_day.month, url_day.day), "url", "day")
    if stamps:
        return stamps[0]
    found = htmldate.find_date(tree, extensive_search=True, original_date=True)
    if found:
        parsed = parse_timestamp(found)
        if parsed:
            return parsed[0], "htmldate", "day"
    if url_day is not None:
        return datetime(url_day.year, url_day.month, url_day.day), "url", "day"
    return None


def _document(text: str) -> tuple[Any, str | None]:
    """The page's tree and, when libxml2 cut it short, why (it stops silently past its depth limit)."""
    # huge_tree lifts the nesting limit from 256 to 2048 levels: real pages do pass 256.
    parser = lxml.html.HTMLParser(huge_tree=True, no_network=True)
    tree = lxml.html.document_fromstring(text, parser=parser)
    limits = [e for e in parser.error_log if e.type_name == "ERR_RESOURCE_LIMIT"]
    return tree, (f"libxml2: {limits[0].message} (line {limits[0].line})" if limits else None)


# UTF-8 read as cp1252/latin-1 leaves a lead byte letter (Ã, â, Ð ...) before a continuation-byte
# character; UTF-8 Cyrillic read as cp1251 leaves Р/С before one. Only such text goes to ftfy's
# slower detector.
_MOJIBAKE_HINT = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
    "|[\u0420\u0421][\u0401-\u040f\u0452-\u045f\u0490\u0491\u00a0-\u00bf\u201a-\u201e\u2020-\u2026"
    "\u2030\u2039\u203a\u20ac\u2116\u2122]"
)


def repair_mojibake(title: str, text: str) -> tuple[str, str, bool]:
    """(title, text, repaired): text that was mis-decoded before it reached us, fixed by ftfy."""
    if not (_MOJIBAKE_HINT.search(title) or _MOJIBAKE_HINT.search(text)):
        return title, text, False
    if not (is_bad(title) or is_bad(text)):
        return title, text, False
    # fix_encoding only undoes encoding mix-ups; it leaves quotes and other characters alone.
    fixed_title, fixed_text = fix_encoding(title), fix_encoding(text)
    return fixed_title, fixed_text, (fixed_title, fixed_text) != (title, text)


def detect_language(text: str, declared: str | None) -> str | None:
    """ISO 639-1 code: py3langid on the body when there is enough text, else the page's declaration."""
    if len(text.split()) >= 25:
        # 1,000 characters identify a language reliably; the classifier's cost grows with length.
        code, _ = py3langid.classify(text[:1000])
        return str(code)
    return declared


def _profile_for(tree: Any) -> Profile | None:
    return next((p for p in PROFILES if compiled(p.match)(tree)), None)


def _profile_body(tree: Any, profile: Profile) -> str:
    body = compiled(profile.body)(tree)
    if not body:
        return ""
    node = body[0]
    for xp in profile.prune:
        for el in compiled(xp)(node):
            el.getparent().remove(el)
    paragraphs = [_text_of(p) for p in compiled(profile.paragraphs)(node)]
    return "\n".join(p for p in paragraphs if p)


def _generic_body(tree: Any, url: str) -> str:
    doc = trafilatura.bare_extraction(
        tree,
        url=url,
        favor_precision=False,  # measured on AEB: recall rises more than precision falls
        include_comments=False,
        include_tables=False,
        include_images=False,
        deduplicate=False,
        # Our own metadata chain (JSON-LD, meta, time tags, htmldate) runs already; trafilatura's
        # would cost a third of the parse time for fields we do not use.
        with_metadata=False,
        # No readability/jusText fallback: on the 127 AEB pages it lowered our body F1 (0.947 without,
        # 0.944 with; our boilerplate pass already drops what it would) and cost a third of the parse.
        fast=True,
    )
    return (getattr(doc, "text", None) or "") if doc is not None else ""


def _finish_body(raw: str, title: str | None) -> tuple[str, list[str], str | None]:
    """(body, captions, dateline): boilerplate dropped, a repeated headline and the dateline split off."""
    kept, captions, _ = strip_boilerplate(raw.split("\n"))
    norm_title = " ".join((title or "").split()).lower()
    while kept and norm_title and " ".join(kept[0].split()).lower() == norm_title:
        kept.pop(0)
    dateline = None
    if kept:
        m = _DATELINE.match(kept[0])
        if m:
            dateline = m.group("dl")
            rest = kept[0][m.end() :].strip()
            if rest:
                kept[0] = rest
            else:
                kept.pop(0)
    return "\n\n".join(kept), captions, dateline


def parse_html(body: bytes, *, url: str, content_type: str | None = None) -> ParseResult:
    """Parse one HTML page into an article, or say why it is not one."""
    if len(body) > MAX_PARSE_BYTES:
        return ParseFailure("too_large", f"{len(body)} bytes, over the {MAX_PARSE_BYTES} byte parse limit")
    decoded = decode_html(body, content_type)
    if not decoded.text.strip():
        return ParseFailure("empty_body", "document has no bytes of text")
    try:
        tree, cut_short = _document(decoded.text)
    except (lxml.etree.ParserError, ValueError) as exc:
        return ParseFailure("parse_error", f"lxml: {exc}")
    if cut_short:
        # Everything below the limit, and later siblings too, is gone: never load such a page.
        return ParseFailure("parser_truncated", cut_short)
    meta = _meta(tree)
    ld = _json_ld(tree)
    profile = _profile_for(tree)
    site_name = (
        meta.get("og:site_name")
        or _first_name(ld.get("publisher"))
        or (profile.site_name if profile else None)
    )
    if profile is not None:
        raw_text = _profile_body(tree, profile)
    else:
        # trafilatura prunes the tree it is given, so it gets its own copy.
        raw_text = _generic_body(copy.deepcopy(tree), url)

    raw_title = (
        (_first(tree, profile.title) if profile else None)
        or (ld.get("headline") if isinstance(ld.get("headline"), str) else None)
        or meta.get("og:title")
        or _first(tree, "//h1")
        or _first(tree, "//title")
        or ""
    )
    title = clean_title(html_lib.unescape(raw_title), site_name)
    text, captions, dateline = _finish_body(raw_text, title)
    title, text, mojibake = repair_mojibake(title, text)
    if profile is not None and profile.dateline:
        found = _first(tree, profile.dateline)
        dateline = found.rstrip(" -\u2013\u2014") if found else dateline
    published = _published(tree, meta, ld, profile, url)
    if not text.strip():
        return ParseFailure("empty_body", "no body text after boilerplate removal")
    if published is None and len(text.split()) < 80:
        return ParseFailure("not_article", "no publication date and under 80 words of text")
    og_type = meta.get("og:type", "").lower()
    # Many news sites label articles og:type=website, so the label alone only counts with no date.
    if published is None and og_type and og_type not in ("article", "newsarticle", "news"):
        return ParseFailure("not_article", f"og:type is {og_type!r} and the page has no date")

    names = _names(ld.get("author"))
    if not names and profile and profile.authors:
        names = [_text_of(a) for a in compiled(profile.authors)(tree)]
    if not names and meta.get("author"):
        names = [meta["author"]]
    if not names:
        names = byline_names(tree)
    people, agencies = split_credits(names, site_name=site_name)
    wire = _DATELINE_AGENCY.search(dateline or "")
    if wire:
        agency = AGENCIES.get(wire[1].lower(), wire[1])
        agencies = agencies if agency in agencies else [*agencies, agency]

    caption, credit = _caption_and_credit(tree, profile, captions)
    modified = parse_timestamp(
        (_first(tree, profile.modified) if profile else None)
        or (ld.get("dateModified") if isinstance(ld.get("dateModified"), str) else None)
        or meta.get("article:modified_time")
    )
    tags = [_text_of(a) for a in compiled(profile.tags)(tree)] if profile and profile.tags else []
    if not tags and meta.get("article:tag"):
        tags = [t.strip() for t in meta["article:tag"].split(",") if t.strip()]
    declared = (tree.get("lang") or meta.get("og:locale") or "").split("-")[0].split("_")[0].lower() or None
    canonical = _first(tree, "//link[@rel='canonical']/@href") or meta.get("og:url")
    return ParsedArticle(
        title=title,
        text=text,
        canonical_url=canonical,
        site_name=site_name,
        subtitle=_subtitle(tree, profile, meta, text),
        authors=people,
        agencies=agencies,
        published_at=published[0] if published else None,
        date_source=published[1] if published else None,
        date_precision=published[2] if published else None,
        modified_at=modified[0] if modified else None,
        # A known outlet declaring one of its own languages is believed; unknown pages are detected.
        language=declared if profile and declared in profile.languages else detect_language(text, declared),
        section=(_first(tree, profile.section) if profile else None)
        or meta.get("article:section")
        or (ld.get("articleSection") if isinstance(ld.get("articleSection"), str) else None),
        tags=tags,
        top_image=meta.get("og:image"),
        image_caption=caption,
        image_credit=credit,
        dateline=dateline,
        encoding=decoded.encoding,
        encoding_guessed=decoded.guessed,
        chars_replaced=decoded.replaced,
        mojibake_fixed=mojibake,
        parser=profile.name if profile else "generic",
    )


def _subtitle(tree: Any, profile: Profile | None, meta: dict[str, str], text: str) -> str | None:
    """The standfirst; a description that merely repeats the body's opening is not one."""
    found = (
        (_first(tree, profile.subtitle) if profile else None)
        or meta.get("og:description")
        or meta.get("description")
    )
    if not found:
        return None
    found = " ".join(found.split())
    opening = found.rstrip(".\u2026 ")[:100]
    return None if opening and " ".join(text[:2000].split()).startswith(opening) else found


def _caption_and_credit(
    tree: Any, profile: Profile | None, lines: list[str]
) -> tuple[str | None, str | None]:
    """The main image's caption and photo credit: the profile's selectors, else caption lines in the body."""
    caption = _first(tree, profile.caption) if profile else None
    credit = _first(tree, profile.credit) if profile else None
    if caption is None and credit is None and lines:
        caption, credit = split_caption(lines[0])
    return caption, credit


def _first_name(value: Any) -> str | None:
    names = _names(value)
    return names[0] if names else None


def parse_text(
    text: str,
    *,
    title: str | None = None,
    published_at: datetime | None = None,
    url: str | None = None,
) -> ParseResult:
    """Parse a plain-text dump: the first short line is the title; generic and outlet boilerplate goes."""
    if len(text) > MAX_PARSE_BYTES:
        return ParseFailure("too_large", f"{len(text)} characters, over the {MAX_PARSE_BYTES} parse limit")
    cleaned, replaced = clean_text(text)
    profile = profile_for_text(cleaned, urlsplit(url).hostname if url else None)
    kept, captions, _ = strip_boilerplate(cleaned.splitlines(), profile.text_rules if profile else ())
    if title is not None and kept and " ".join(kept[0].split()) == " ".join(title.split()):
        kept.pop(0)  # dumps often repeat the headline as the first line of the text
    if title is None and kept and len(kept[0].split()) <= 25 and not kept[0].endswith("."):
        title = kept.pop(0)
    if not kept:
        return ParseFailure("empty_body", "no body text after boilerplate removal")
    if not title:
        return ParseFailure("missing_title", "no title given and no title line found")
    caption, credit = split_caption(captions[0]) if captions else (None, None)
    title, body, mojibake = repair_mojibake(" ".join(title.split()), "\n\n".join(kept))
    return ParsedArticle(
        title=title,
        text=body,
        published_at=published_at,
        date_source="given" if published_at else None,
        date_precision="day" if published_at else None,
        language=detect_language(body, None),
        image_caption=caption,
        image_credit=credit,
        chars_replaced=replaced,
        mojibake_fixed=mojibake,
        parser=f"text:{profile.name}" if profile else "text",
    )


def to_utc(ts: datetime | None) -> datetime | None:
    """A timestamp in UTC; naive ones are taken as UTC already."""
    if ts is None:
        return None
    return ts.replace(tzinfo=UTC) if ts.tzinfo is None else ts.astimezone(UTC)
