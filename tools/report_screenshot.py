"""Write the report of a warehouse, check in headless Chromium that every chart is drawn, screenshot it.

Usage: python -m tools.report_screenshot [DATA_DIR] [--out docs/report.png]
Needs Debian's chromium (`make browser`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tools.chromium import NoBrowserError, dom, drawn_charts, screenshot
from warehouse.report import write_report


def main() -> None:
    """Render the report; fail unless every chart it declares was drawn with bars."""
    parser = argparse.ArgumentParser()
    parser.add_argument("data_dir", nargs="?", default="data", type=Path)
    parser.add_argument("--out", default=Path("docs/report.png"), type=Path)
    args = parser.parse_args()
    report = write_report(args.data_dir.resolve())
    try:
        drawn = drawn_charts(dom(report.path))
        shot = screenshot(report.path, args.out, width=1280, height=1180)
    except NoBrowserError as exc:
        sys.exit(str(exc))
    for chart in report.charts:
        print(f"{chart:20s} bars drawn: {drawn.get(chart, 0)}")
    print(f"charts without data (left out): {report.empty or 'none'}")
    print(f"screenshot: {shot} ({shot.stat().st_size} bytes)")
    missing = [c for c in report.charts if not drawn.get(c)]
    if missing:
        sys.exit(f"charts not drawn: {missing}")


if __name__ == "__main__":
    main()
