"""The pipeline against the demo site, as `make run` runs it (shared by the flow tests)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flows.demo_server import DEMO_DIR, DemoSite
from flows.pipeline import pipeline_flow
from flows.settings import load_sources


def run_demo(data_dir: Path) -> dict[str, Any]:
    """One pipeline run against the demo site served on loopback."""
    with DemoSite() as site:
        sources = load_sources(DEMO_DIR / "sources.toml", replacements=site.replacements())
        return pipeline_flow(data_dir=data_dir, mode="demo", sources=sources)
