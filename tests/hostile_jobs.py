"""Jobs that misbehave the way parsers do on hostile input; worker processes import them by name."""

from __future__ import annotations

import os
import time


def echo(value: int) -> int:
    """A well-behaved job."""
    return value


def spin(_: int) -> int:
    """Never returns, like a parser stuck in a super-linear loop."""
    while True:
        time.sleep(0.01)


def allocate(megabytes: int) -> int:
    """Allocates far beyond any sane limit, like a parser expanding a bomb."""
    # One request beyond the address-space limit fails at once, without touching the pages first.
    block = bytearray(megabytes * 1024 * 1024)
    return len(block)


def abort(_: int) -> int:
    """Dies the way a C library does when it gives up."""
    os.abort()


def fail(_: int) -> int:
    """Raises like a parser bug."""
    raise ValueError("parser bug")
