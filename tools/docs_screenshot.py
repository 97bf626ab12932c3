"""Render the GX Data Docs of a warehouse in headless Chromium, check what they show, screenshot them.

Usage: python -m tools.docs_screenshot [DATA_DIR] [--out docs/data-docs.png]
Needs Debian's chromium (`apt-get install chromium`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tools.chromium import NoBrowserError, browser, headless


def main() -> None:
    """Render the index and every suite and validation page; fail unless each shows its content."""
    parser = argparse.ArgumentParser()
    parser.add_argument("data_dir", nargs="?", default="data", type=Path)
    parser.add_argument("--out", default=Path("docs/data-docs.png"), type=Path)
    args = parser.parse_args()
    site = args.data_dir.resolve() / "docs"
    index = site / "index.html"
    if not index.exists():
        sys.exit(f"no Data Docs at {index}: run `make run` or `newsetl validate --docs` first")
    try:
        browser()
    except NoBrowserError as exc:
        sys.exit(str(exc))
    pages = [index, *sorted(site.glob("expectations/*.html")), *sorted(site.glob("validations/**/*.html"))]
    rendered = 0
    problems = []
    for page in pages:
        dom = headless("--dump-dom", page.as_uri()).stdout
        # GX renders with JavaScript; a drawn page has its tables filled in.
        if "<table" in dom and ("Expectation" in dom or "expect" in dom):
            rendered += 1
        else:
            problems.append(page.relative_to(site))
    index_dom = headless("--dump-dom", index.as_uri()).stdout
    # bootstrap-table draws one <tr data-index=...> per validation result once its scripts ran.
    drawn_rows = index_dom.count("data-index=")
    suites = sorted(p.stem for p in (args.data_dir.resolve() / "gx" / "expectations").glob("*.json"))
    missing = [name for name in suites if name not in index_dom]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    headless(f"--screenshot={args.out.resolve()}", "--window-size=1400,1000", index.as_uri())
    print(f"Data Docs pages rendered with content in headless Chromium: {rendered}/{len(pages)}")
    listed = len(suites) - len(missing)
    print(
        f"stored suites listed on the index: {listed}/{len(suites)}"
        + (f" (missing {missing})" if missing else "")
    )
    print(f"validation results drawn as table rows on the index: {drawn_rows}")
    print(
        f"screenshot of the index: {args.out} ({args.out.stat().st_size if args.out.exists() else 0} bytes)"
    )
    if problems or missing or not drawn_rows or not args.out.exists():
        sys.exit(f"pages without content: {problems}")


if __name__ == "__main__":
    main()
