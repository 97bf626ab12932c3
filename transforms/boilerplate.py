"""Boilerplate rules for text without markup: donation appeals, newsletter blocks, captions, 'Read more'."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class BlockRule:
    """A run of lines from a start line to an end line (inclusive) that is boilerplate."""

    name: str
    start: re.Pattern[str]
    end: re.Pattern[str] | None  # None: the block runs to the end of the document
    max_lines: int


_I = re.IGNORECASE

LINE_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("support_appeal", re.compile(r"^(please )?support (the )?[\w .'-]{2,40}!?$", _I)),
    ("read_more", re.compile(r"^(read more|related|see also|more on this)( »|:)?\.?$", _I)),
    ("advert", re.compile(r"^(advertisement|sponsored content)$", _I)),
    ("share", re.compile(r"^(share( this( article)?)?|share on \w+|follow us on .*)$", _I)),
    ("newsletter", re.compile(r"^sign up for (our|the) .{0,60}newsletter.*$", _I)),
    ("privacy", re.compile(r"^subscribers agree to the privacy policy\.?$", _I)),
    ("donate", re.compile(r"^(donate|contribute|support us)( now| today)?[.!]?$", _I)),
)

BLOCK_RULES: tuple[BlockRule, ...] = (
    BlockRule(
        "newsletter_block",
        re.compile(r"^sign up for (our|the) .{0,60}newsletter", _I),
        re.compile(r"^(subscribers agree to the privacy policy\.?|preview)$", _I),
        8,
    ),
    BlockRule(
        "donation_appeal",
        re.compile(r"^a message from [\w .'-]{2,60}:?$", _I),
        re.compile(r"^remind me later\.?$", _I),
        60,
    ),
)

# Photo credits read "Caption. Photographer / Agency" with two or more slashes and no final stop.
_CREDIT = re.compile(r"\S\s/\s\S.*\s/\s\S")
_SENTENCE_END = (".", "!", "?", '"', "\u201d", "'", ")")


# "Caption sentence. Photographer / Agency": the credit is what follows the caption's last stop.
_CAPTION_CREDIT = re.compile(r"^(?P<caption>.*[.!?])\s+(?P<credit>[^.!?]*\S\s/\s\S[^.!?]*)$")


def split_caption(line: str) -> tuple[str | None, str | None]:
    """(caption, credit) of a photo caption line; a bare credit has no caption."""
    line = " ".join(line.split())
    m = _CAPTION_CREDIT.match(line)
    if m:
        return m.group("caption"), m.group("credit")
    return (None, line) if " / " in line else (line or None, None)


def is_caption(line: str) -> bool:
    """True for a photo caption or credit line."""
    return bool(_CREDIT.search(line)) and not line.rstrip().endswith(_SENTENCE_END) and len(line) < 400


def strip_boilerplate(
    lines: list[str], extra_rules: tuple[tuple[str, re.Pattern[str]], ...] = ()
) -> tuple[list[str], list[str], list[str]]:
    """Split lines into (kept, captions, removed rule names); extra_rules are an outlet's own lines."""
    rules = LINE_RULES + extra_rules
    kept: list[str] = []
    captions: list[str] = []
    removed: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i].strip()
        block = _matching_block(lines, i)
        if block is not None:
            name, end = block
            removed.append(name)
            i = end + 1
            continue
        if not line:
            i += 1
            continue
        rule = next((name for name, rx in rules if rx.match(line)), None)
        if rule is not None:
            removed.append(rule)
        elif is_caption(line):
            captions.append(line)
        else:
            kept.append(line)
        i += 1
    return kept, captions, removed


def _matching_block(lines: list[str], i: int) -> tuple[str, int] | None:
    line = lines[i].strip()
    for rule in BLOCK_RULES:
        if not rule.start.match(line):
            continue
        last = min(len(lines), i + rule.max_lines) - 1
        if rule.end is None:
            return rule.name, len(lines) - 1
        for j in range(i + 1, last + 1):
            if rule.end.match(lines[j].strip()):
                return rule.name, j
        if rule.name == "donation_appeal":
            return rule.name, last  # appeals sit at the end; an unterminated one runs out
    return None
