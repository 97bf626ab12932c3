"""Site profiles: selectors for sites whose markup we know, tried before generic extraction.

A profile is data, not code: adding a site means adding one `Profile(...)` below plus a golden
fixture under tests/fixtures/profiles/<name>/ (see bench/regen_golden.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


def has_class(name: str) -> str:
    """XPath predicate matching one class token."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def site_named(name: str) -> str:
    """XPath that selects the page's og:site_name when it equals `name`."""
    return f"//meta[@property='og:site_name'][@content='{name}']"


_I = re.IGNORECASE


@dataclass(frozen=True)
class Profile:
    """Selectors for one site's article pages; `match` must select something on its pages only."""

    name: str
    match: str
    title: str
    body: str
    paragraphs: str
    site_name: str | None = None  # for sites whose pages do not name themselves in metadata
    # Languages the outlet publishes in: a page declaring one of them is not run through the detector.
    languages: tuple[str, ...] = ("en",)
    prune: tuple[str, ...] = ()
    subtitle: str | None = None
    authors: str | None = None
    published: str | None = None
    modified: str | None = None
    caption: str | None = None
    credit: str | None = None
    dateline: str | None = None
    section: str | None = None
    tags: str | None = None
    # Plain-text dumps carry no markup: a profile is picked by URL host or by a signature line.
    hosts: tuple[str, ...] = ()
    text_signature: re.Pattern[str] | None = None
    # Extra boilerplate lines of this outlet, applied to text dumps on top of the generic rules.
    text_rules: tuple[tuple[str, re.Pattern[str]], ...] = ()


_ALWAYS_PRUNE = (".//script", ".//style", ".//noscript", ".//figure", ".//form", ".//button")

# The Moscow Times; the demo's Moscow Courier copies its page structure.
MOSCOW_TIMES = Profile(
    name="moscowtimes",
    match=f"//div[{has_class('article__content')}]",
    title=f"//header[{has_class('article__header')}]//h1",
    subtitle=f"//header[{has_class('article__header')}]//h2",
    body=f"//div[{has_class('article__content')}]",
    paragraphs=".//p|.//h2|.//h3|.//blockquote|.//li",
    prune=(
        f".//div[{has_class('contribute-banner')}]",
        f".//div[{has_class('article__newsletter')}]",
        f".//aside[{has_class('article__related-article')}]",
        f".//div[{has_class('article__tags')}]",
        f".//div[{has_class('article__disclaimer')}]",
        f".//div[{has_class('article__banner')}]",
        *_ALWAYS_PRUNE,
    ),
    authors=(
        f"//div[{has_class('article__byline')}]"
        f"//a[{has_class('byline__author')} or contains(@href, '/author')]"
    ),
    published=f"//time[{has_class('byline__datetime')}]/@datetime",
    caption=(
        f"//figure[{has_class('article__featured-image')}]"
        f"//*[{has_class('article__featured-image__caption')}]"
    ),
    credit=(
        f"//figure[{has_class('article__featured-image')}]"
        f"//*[{has_class('article__featured-image__credits')}]"
    ),
    section=f"//div[{has_class('article__label')}]/a",
    tags=f"//div[{has_class('article__tags')}]//a",
    hosts=("www.themoscowtimes.com", "themoscowtimes.com", "www.moscowcourier.example"),
    text_signature=re.compile(r"^(Support|A Message from) The Moscow (Times|Courier)", _I | re.M),
    text_rules=(
        ("donation_options", re.compile(r"^(once|monthly|annual|continue|paiment methods)$", _I)),
        ("remind_later", re.compile(r"^not ready to support today\??$", _I)),
        ("undesirable_notice", re.compile(r"^the moscow times has been designated .{0,80}undesirable", _I)),
    ),
)

# The demo's Meridian News Agency: a wire service page in the Reuters mould.
MERIDIAN = Profile(
    name="meridian",
    match=f"{site_named('Meridian')}/following::article[{has_class('story')}][1]",
    title=f"//h1[{has_class('story-headline')}]",
    body=f"//article[{has_class('story')}]//div[{has_class('story-body')}]",
    paragraphs=".//p",
    prune=_ALWAYS_PRUNE,
    authors=f"//span[{has_class('story-byline')}]",
    published=f"//div[{has_class('story-meta')}]/time/@datetime",
    modified=f"//span[{has_class('story-updated')}]/time/@datetime",
    dateline=f"//p[{has_class('story-dateline')}]",
    section=f"//nav[{has_class('story-breadcrumb')}]/a[last()]",
    hosts=("www.meridianwire.example",),
    text_signature=re.compile(r"^Our Standards: The Meridian Trust Principles", re.M),
    text_rules=(
        ("wire_credits", re.compile(r"^(reporting|writing|editing|additional reporting) by .{0,200}$", _I)),
        ("standards", re.compile(r"^our standards: the .{0,40}trust principles\.?$", _I)),
        ("quotes_delay", re.compile(r"^all quotes delayed a minimum of \d+ minutes\..*$", _I)),
    ),
)

# The demo's Eurasia Observer: a WordPress blog theme (entry-* classes, Jetpack sharing blocks).
EURASIA_OBSERVER = Profile(
    name="eurasiaobserver",
    match=f"{site_named('Eurasia Observer')}/following::article[contains(@class, 'type-post')][1]",
    title=f"//article//h1[{has_class('entry-title')}]",
    body=f"//article//div[{has_class('entry-content')}]",
    paragraphs=".//p|.//h2|.//h3|.//blockquote|.//li",
    prune=(
        f".//div[{has_class('sharedaddy')}]",
        f".//div[{has_class('jp-relatedposts')}]",
        *_ALWAYS_PRUNE,
    ),
    authors=f"//article//span[{has_class('author')}]//a",
    published=f"//article//time[{has_class('published')}]/@datetime",
    section=f"//article//span[{has_class('cat-links')}]/a",
    hosts=("www.eurasiaobserver.example",),
    text_signature=re.compile(r"Proudly powered by WordPress \| Eurasia Observer"),
    text_rules=(
        ("share", re.compile(r"^share this:?$", _I)),
        ("related_posts", re.compile(r"^(related posts|like this:?)$", _I)),
        ("comments", re.compile(r"^(leave a reply|\d+ thoughts? on .{0,200})$", _I)),
        ("newsletter", re.compile(r"^the observer weekly$", _I)),
    ),
)

# The demo's Sahel Post: schema.org microdata, and wire stories republished under licence.
SAHEL_POST = Profile(
    name="sahelpost",
    site_name="Sahel Post",
    match="//title[contains(., '| Sahel Post')]/following::*[@itemprop='articleBody'][1]",
    title="//h1[@itemprop='headline']",
    body="//*[@itemprop='articleBody']",
    paragraphs=".//p",
    prune=_ALWAYS_PRUNE,
    authors="//*[@itemprop='author']",
    published="//meta[@itemprop='datePublished']/@content",
    modified="//meta[@itemprop='dateModified']/@content",
    dateline=f"//p[{has_class('dateline')}]",
    section=f"//div[{has_class('kicker')}]",
    hosts=("www.sahelpost.example",),
    text_signature=re.compile(r"Sahel Post, Niamey"),
    text_rules=(
        (
            "licence_credit",
            re.compile(r"^this story was published by .{0,80} and is republished under licen[cs]e\.$", _I),
        ),
        ("cookie_banner", re.compile(r"^we use cookies to improve your experience on sahel post.*$", _I)),
    ),
)

PROFILES: tuple[Profile, ...] = (MOSCOW_TIMES, MERIDIAN, EURASIA_OBSERVER, SAHEL_POST)


def profile_for_text(text: str, host: str | None) -> Profile | None:
    """The profile of a plain-text dump: by its URL's host first, then by a signature line."""
    if host:
        for profile in PROFILES:
            if host.lower() in profile.hosts:
                return profile
    head_and_tail = text[:3000] + "\n" + text[-6000:]
    return next(
        (p for p in PROFILES if p.text_signature is not None and p.text_signature.search(head_and_tail)),
        None,
    )
