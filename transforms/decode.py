"""Bytes to text in WHATWG order (BOM, HTTP charset, meta), with a detector when the declaration lies."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes
from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, read_bom

# C0 controls other than tab/newline/CR, and lone surrogates, break Arrow and DuckDB writes.
_BAD_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


@dataclass(frozen=True)
class Decoded:
    """Decoded text and how it was decoded."""

    text: str
    encoding: str
    guessed: bool
    replaced: int


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def clean_text(text: str) -> tuple[str, int]:
    """Text without control characters and lone surrogates, and how many were removed."""
    cleaned, count = _BAD_CHARS.subn("", text)
    return cleaned, count


def _mostly(body: bytes, encoding: str) -> tuple[str, int] | None:
    """(text, bytes replaced) when `encoding` fits the bytes apart from a little damage, else None."""
    try:
        return body.decode(encoding), 0
    except UnicodeDecodeError:
        pass
    text = body.decode(encoding, errors="replace")
    bad = text.count("\ufffd")
    # A mislabelled cp1252 page fails at every accented letter and has no valid multi-byte
    # characters; a damaged UTF-8 page has a few bad bytes among many good ones.
    good = sum(1 for ch in text if ord(ch) > 0x7F) - bad if encoding == "utf-8" else 0
    return (text, bad) if good >= bad or bad * 1000 <= len(body) else None


# Detectors are unsure on short Latin text (cp1257, cp1250 and cp1252 tie); windows-1252 is what
# the web's legacy Latin pages use (the WHATWG default), so it wins near-ties.
_NEAR_TIE = 0.05


def _detect(sample: bytes) -> str:
    matches = list(from_bytes(sample))
    if not matches:
        return "cp1252"
    best = matches[0]
    for m in matches:
        if m.encoding == "cp1252" and m.chaos <= best.chaos + _NEAR_TIE:
            return "cp1252"
    return _codec(best.encoding) or "cp1252"


def decode_html(body: bytes, content_type: str | None = None) -> Decoded:
    """Decode a page: BOM, then HTTP charset, then <meta>, then a detector if those fail."""
    bom_enc, bom = read_bom(body)
    if bom_enc:
        text = body[len(bom or b"") :].decode(bom_enc, errors="replace")
        cleaned, n = clean_text(text)
        return Decoded(cleaned, _codec(bom_enc) or bom_enc, False, n)
    declared = _codec(http_content_type_encoding(content_type or "")) or _codec(
        html_body_declared_encoding(body[:4096])
    )
    if declared:
        damaged = _mostly(body, declared)
        if damaged is not None:
            cleaned, n = clean_text(damaged[0])
            return Decoded(cleaned, declared, False, n + damaged[1])
        # the declared charset is wrong for these bytes: fall through to detection
    else:
        damaged = _mostly(body, "utf-8")
        if damaged is not None:
            cleaned, n = clean_text(damaged[0])
            return Decoded(cleaned, "utf-8", True, n + damaged[1])
    encoding = _detect(body[:200_000])
    cleaned, n = clean_text(body.decode(encoding, errors="replace"))
    return Decoded(cleaned, encoding, True, n + cleaned.count("\ufffd"))
