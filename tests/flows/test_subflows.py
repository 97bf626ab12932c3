"""Stage subflows lean on their parent's heartbeat instead of running (and waiting out) their own."""

from __future__ import annotations

import time

from prefect import flow
from prefect.settings import get_current_settings

from flows.pipeline import subflows_in_process


@flow
def _stage() -> int | None:
    return get_current_settings().flows.heartbeat_frequency


@flow
def _run() -> tuple[int | None, int | None, float]:
    own = get_current_settings().flows.heartbeat_frequency
    with subflows_in_process():
        started = time.perf_counter()
        stage = _stage()
        return own, stage, time.perf_counter() - started


def test_stage_subflows_send_no_heartbeat_and_end_at_once() -> None:
    own, stage, seconds = _run()
    assert own is not None  # the run itself still tells Prefect it is alive
    assert stage is None
    # With a heartbeat thread the subflow waited out its 1 s sleep on exit.
    assert seconds < 0.9
