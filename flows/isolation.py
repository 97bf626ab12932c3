"""Untrusted work in killable worker processes: a time limit per job, an address-space limit per worker."""

from __future__ import annotations

import multiprocessing
import resource
import signal
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from types import TracebackType
from typing import Any, TypeVar

from pebble import ProcessExpired, ProcessPool

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class Limits:
    """Per-job wall time and per-worker memory; the defaults follow RELIABILITY.md section 5."""

    timeout_s: float = 30.0
    memory_bytes: int = 2 * 1024**3
    # Workers are replaced after this many jobs, so a slow leak in a C library cannot grow forever.
    jobs_per_worker: int = 200


@dataclass(frozen=True)
class JobFailure:
    """A job that did not return: reason (parse_timeout, parse_oom, parse_crash, parse_error) and detail."""

    reason: str
    detail: str


def _limit_worker(memory_bytes: int) -> None:
    # RLIMIT_AS turns a runaway allocation into MemoryError (or a dead worker), never a machine-wide OOM.
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    # A worker must not die of the Ctrl-C meant for the parent; the parent stops the pool itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _context() -> Any:
    # forkserver: workers fork from a clean single-threaded server, not from the parent with its
    # Prefect and HTTP threads; preloading the parser makes each new worker cheap.
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["transforms.parse", "warehouse.raw", "flows.warm"])
    return ctx


class IsolatedPool:
    """A process pool whose jobs end as a result or a JobFailure, never as an exception in the caller."""

    def __init__(self, workers: int = 2, limits: Limits | None = None) -> None:
        self.limits = limits or Limits()
        self._pool = ProcessPool(
            max_workers=max(1, workers),
            max_tasks=self.limits.jobs_per_worker,
            initializer=_limit_worker,
            initargs=(self.limits.memory_bytes,),
            context=_context(),
        )

    def __enter__(self) -> IsolatedPool:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close(wait=kind is None)

    def close(self, *, wait: bool = True) -> None:
        """Stop the workers: wait for scheduled jobs, or kill them at once."""
        if wait:
            self._pool.close()  # type: ignore[no-untyped-call]  # pebble ships no annotations here
        else:
            self._pool.stop()  # type: ignore[no-untyped-call]
        self._pool.join()

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R | JobFailure]:
        """fn over items in order; each item gets the time limit from when a worker starts it."""
        futures = [self._pool.schedule(fn, args=(item,), timeout=self.limits.timeout_s) for item in items]
        for future in futures:
            try:
                yield future.result()
            except FutureTimeout:
                yield JobFailure("parse_timeout", f"worker killed after {self.limits.timeout_s:g} s")
            except MemoryError:
                yield JobFailure("parse_oom", f"allocation beyond the {self._limit_mb()} MB worker limit")
            except ProcessExpired as exc:
                yield _expired(exc, self._limit_mb())
            except Exception as exc:  # the job raised: a parser bug is one document's problem
                yield JobFailure("parse_error", f"{type(exc).__name__}: {exc}"[:500])

    def _limit_mb(self) -> int:
        return self.limits.memory_bytes // 2**20


def _expired(exc: ProcessExpired, limit_mb: int) -> JobFailure:
    code = exc.exitcode
    # A C library that cannot allocate under RLIMIT_AS usually aborts or segfaults; Python's own
    # failures to allocate surface as MemoryError above. Both point at the memory limit first.
    if code in (-signal.SIGABRT, -signal.SIGSEGV, -signal.SIGBUS, -signal.SIGKILL):
        name = signal.Signals(-code).name
        return JobFailure(
            "parse_oom" if code == -signal.SIGKILL else "parse_crash",
            f"worker died of {name} (limit {limit_mb} MB)",
        )
    return JobFailure("parse_crash", f"worker exited with code {code}")
