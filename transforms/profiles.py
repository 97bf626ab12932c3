"""Site profiles: XPath selectors for sites whose markup we know, tried before generic extraction."""

from __future__ import annotations

from dataclasses import dataclass


def has_class(name: str) -> str:
    """XPath predicate matching one class token."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


@dataclass(frozen=True)
class Profile:
    """Selectors for one site's article pages; `match` must select something on its pages."""

    name: str
    match: str
    title: str
    body: str
    paragraphs: str
    prune: tuple[str, ...] = ()
    subtitle: str | None = None
    authors: str | None = None
    published: str | None = None
    caption: str | None = None
    tags: str | None = None


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
        ".//figure",
        ".//script",
        ".//style",
    ),
    authors=(
        f"//div[{has_class('article__byline')}]"
        f"//a[{has_class('byline__author')} or contains(@href, '/author')]"
    ),
    published=f"//time[{has_class('byline__datetime')}]/@datetime",
    caption=f"//figure[{has_class('article__featured-image')}]//figcaption",
    tags=f"//div[{has_class('article__tags')}]//a",
)

PROFILES: tuple[Profile, ...] = (MOSCOW_TIMES,)
