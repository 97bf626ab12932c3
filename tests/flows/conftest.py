"""One Prefect test harness and one demo run for every flow test (each costs seconds)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from prefect.testing.utilities import prefect_test_harness

from tests.demo_run import run_demo


@pytest.fixture(autouse=True, scope="session")
def prefect_harness() -> Iterator[None]:
    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """(data dir, run summary) of the demo run; tests that change the warehouse must copy it first."""
    data_dir = tmp_path_factory.mktemp("demo-data")
    return data_dir, run_demo(data_dir)
