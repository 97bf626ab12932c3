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
        try:
            cleaned, n = clean_text(body.decode(declared))
            return Decoded(cleaned, declared, False, n)
        except UnicodeDecodeError:
            pass  # declared charset is wrong for these bytes: fall through to detection
    if not declared:
        try:
            cleaned, n = clean_text(body.decode("utf-8"))
            return Decoded(cleaned, "utf-8", True, n)
        except UnicodeDecodeError:
            pass
    best = from_bytes(body[:200_000]).best()
    encoding = _codec(best.encoding if best else None) or "cp1252"
    cleaned, n = clean_text(body.decode(encoding, errors="replace"))
    return Decoded(cleaned, encoding, True, n + cleaned.count("\ufffd"))
