"""Imported by the parse workers' forkserver only: one parse loads the parser's lazy models.

Workers are recycled every few hundred jobs; forked from a warm server, none pays the ~0.6 s
first-call cost (language model, trafilatura's tables) again.
"""

from __future__ import annotations

from transforms.parse import detect_language, parse_html

_PAGE = (
    b"<html lang='en'><head><title>Warm-up</title>"
    b"<meta property='article:published_time' content='2025-01-01T00:00:00+00:00'></head>"
    b"<body><article><h1>Warm-up</h1>"
    + b"<p>The delegation met officials in the capital on Monday to discuss trade and energy.</p>" * 8
    + b"</article></body></html>"
)

parse_html(_PAGE, url="https://warm-up.invalid/a")
# The language model loads on the first body long enough to classify, which the page may not reach.
detect_language(" ".join(["The delegation met officials in the capital to discuss trade."] * 5), None)
