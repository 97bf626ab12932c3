"""Headless Debian Chromium for checking rendered pages (the report, the GX Data Docs) and screenshots."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

NAMES = ("chromium", "chromium-browser", "google-chrome")
FLAGS = (
    "--headless",
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox refuses to start
    "--disable-gpu",
    "--hide-scrollbars",
    "--disable-background-networking",
    "--no-first-run",
    "--virtual-time-budget=10000",  # lets the page's scripts finish drawing before the DOM is read
)


class NoBrowserError(RuntimeError):
    """No Chromium on this machine."""


def browser() -> str:
    """Path of the first Chromium found on PATH."""
    for name in NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise NoBrowserError("no Chromium found: `make browser` installs Debian's chromium")


def headless(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium with our flags plus `args`."""
    return subprocess.run([browser(), *FLAGS, *args], capture_output=True, text=True, timeout=timeout)


def dom(page: Path) -> str:
    """The page's DOM after its scripts ran."""
    return headless("--dump-dom", page.resolve().as_uri()).stdout


def screenshot(page: Path, out: Path, width: int = 1400, height: int = 1000) -> Path:
    """A PNG of the page as drawn in a window of the given size."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    headless(f"--screenshot={out}", f"--window-size={width},{height}", page.resolve().as_uri())
    if not out.exists():
        raise RuntimeError(f"Chromium wrote no screenshot of {page}")
    return out


def drawn_charts(page_dom: str) -> dict[str, int]:
    """Chart id -> bars Vega drew as SVG in it, for every chart the page marked as drawn."""
    starts = list(re.finditer(r'<div class="chart\b[^"]*" id="([^"]+)"([^>]*)>', page_dom))
    charts: dict[str, int] = {}
    for i, match in enumerate(starts):
        if 'data-drawn="yes"' not in match.group(2):
            continue
        end = starts[i + 1].start() if i + 1 < len(starts) else len(page_dom)
        charts[match.group(1)] = page_dom[match.end() : end].count('aria-roledescription="bar"')
    return charts
