"""Canonical URLs: one spelling per document, and canonicalising twice changes nothing."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from transforms.normalize import UrlRules, canonical_url

RULES = UrlRules(drop_params=("share",), host_aliases={"m.example.com": "www.example.com"})

_segment = st.text(alphabet=st.characters(codec="utf-8", exclude_characters="/?#\x00"), max_size=12)
_urls = st.builds(
    lambda scheme, host, segments, slash, query, fragment: (
        f"{scheme}://{host}/{'/'.join(segments)}{'/' if slash else ''}"
        + (f"?{query}" if query else "")
        + (f"#{fragment}" if fragment else "")
    ),
    st.sampled_from(["http", "https", "HTTPS"]),
    st.sampled_from(["example.com", "WWW.Example.com", "m.example.com", "news.example.org:8080"]),
    st.lists(st.one_of(_segment, st.sampled_from(["amp", "a.amp", "", "..", "%41", "%2F"])), max_size=5),
    st.booleans(),
    st.one_of(
        st.just(""),
        st.lists(
            st.tuples(
                st.sampled_from(["a", "b", "utm_source", "amp", "share", "outputType", "id", "é"]),
                st.text(max_size=6),
            ),
            max_size=4,
        ).map(lambda pairs: "&".join(f"{k}={v}" for k, v in pairs)),
    ),
    st.text(max_size=8),
)


@settings(max_examples=400, deadline=None)
@given(_urls)
@example("http://example.com/;/")  # trimming "/" exposed an empty ";" params that w3lib drops
def test_canonicalising_twice_changes_nothing(url: str) -> None:
    once = canonical_url(url, RULES)
    assert canonical_url(once, RULES) == once
    assert canonical_url(canonical_url(url)) == canonical_url(url)


@pytest.mark.parametrize(
    "variant",
    [
        "https://www.example.com/world/story-1",
        "https://www.example.com/world/story-1/",
        "https://www.example.com/world/story-1/amp",
        "https://www.example.com/world/story-1.amp",
        "https://www.example.com/amp/world/story-1",
        "https://www.example.com/world/story-1?amp=1",
        "https://www.example.com/world/story-1?outputType=amp&utm_source=x&share=tw",
        "https://www.example.com/world/story-1#comments",
        "https://m.example.com/world/story-1/",
        "HTTPS://WWW.EXAMPLE.COM/world/story-1",
    ],
)
def test_variants_of_one_article_share_a_canonical_url(variant: str) -> None:
    assert canonical_url(variant, RULES) == "https://www.example.com/world/story-1"


def test_different_documents_stay_different() -> None:
    assert canonical_url("https://example.com/story?id=1") != canonical_url("https://example.com/story?id=2")
    assert canonical_url("https://example.com/amplifier") == "https://example.com/amplifier"
    assert canonical_url("https://example.com/") == "https://example.com/"
    # Without the source's alias, the mobile host is another host.
    assert canonical_url("https://m.example.com/a") == "https://m.example.com/a"
