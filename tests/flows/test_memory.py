"""Memory freed by a stage goes back to the OS before the next one."""

from __future__ import annotations

import gc
from pathlib import Path

import pyarrow as pa

from flows.pipeline import release_memory


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS in /proc/self/status")


def test_release_memory_returns_what_arrow_freed() -> None:
    # Many mid-sized string columns, as a stage's frames turn into Arrow and back.
    columns = [pa.array([f"paragraph {i} of an article " * 20 for i in range(2_000)]) for _ in range(150)]
    held = sum(c.nbytes for c in columns) / 2**20
    assert held > 100
    del columns
    gc.collect()
    before = _rss_mb()
    release_memory()
    # Arrow's pool keeps freed pages for reuse until told otherwise.
    assert before - _rss_mb() > held / 2
