"""Near-duplicate stage at corpus scale: 10k, 100k and 1M synthetic article texts.

Texts are drawn from a Zipf vocabulary (300-900 words); a fifth of them are reprints of an
earlier text (new first paragraph, a footer, a dropped paragraph). Batches of 100k go through
`transforms.neardup.group` against a growing index, as successive runs would; signatures are
computed in worker processes (one per core), and texts of indexed articles are regenerated from
their ids when a candidate needs verifying, as the warehouse reads them back. Prints time, rate,
peak RSS and pair precision/recall per size, and checks the targets of issue 7.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import numpy as np

from transforms.neardup import Item, LshIndex, band_keys, group, shingles

BATCH = 100_000
VOCAB = 30_000
COPY_SHARE = 0.2
_WORDS = np.array([f"w{i:x}" for i in range(VOCAB)])
_ZIPF = 1.0 / np.arange(1, VOCAB + 1) ** 1.05
_ZIPF /= _ZIPF.sum()
_CDF = np.cumsum(_ZIPF)


def _words(rng: np.random.Generator, n: int) -> list[str]:
    idx = np.minimum(np.searchsorted(_CDF, rng.random(n)), VOCAB - 1)
    return _WORDS[idx].tolist()  # type: ignore[no-any-return]


def original_of(i: int) -> int | None:
    """The earlier article that article i reprints, or None when it is an original."""
    rng = np.random.default_rng([i, 1])
    if i < 10 or rng.random() >= COPY_SHARE:
        return None
    return int(rng.integers(max(0, i - 50_000), i))


def _base_text(i: int) -> list[str]:
    rng = np.random.default_rng([i, 2])
    n = int(rng.integers(300, 900))
    words = _words(rng, n)
    return [" ".join(words[k : k + 60]) for k in range(0, n, 60)]


def text(i: int) -> str:
    """Article i's text, the same on every call (so workers and the verifier agree)."""
    src = original_of(i)
    if src is None:
        return "\n\n".join(_base_text(i))
    paras = _base_text(_root(src))
    rng = np.random.default_rng([i, 3])
    paras[0] = " ".join(_words(rng, 40))  # a new first paragraph
    if len(paras) > 4:
        del paras[int(rng.integers(1, len(paras) - 1))]
    return "\n\n".join([*paras, "Republished with permission. " + " ".join(_words(rng, 12))])


def _keys(ids: range) -> np.ndarray:
    return np.vstack([band_keys(shingles(text(i))) for i in ids])


@dataclass
class Outcome:
    """Figures of one corpus size."""

    n: int
    seconds: float
    precision: float
    recall: float
    peak_rss_mb: float
    worker_peak_rss_mb: float


def run(n: int, workers: int) -> Outcome:
    """Group n synthetic texts in batches against a growing index."""
    index = LshIndex()
    started = time.perf_counter()
    tp = fp = fn = 0
    got = np.full(n, -1, dtype=np.int64)  # the earlier text each one was matched to, or -1
    bounds = [(lo, min(n, lo + BATCH)) for lo in range(0, n, BATCH)]

    def sign(lo: int, hi: int) -> Iterator[np.ndarray]:
        # Executor.map submits every chunk at once: the workers sign while the caller groups.
        return pool.map(_keys, [range(a, min(hi, a + 2_000)) for a in range(lo, hi, 2_000)])

    with ProcessPoolExecutor(max_workers=workers) as pool:
        pending = sign(*bounds[0])
        for b, (lo, hi) in enumerate(bounds):
            keys = np.vstack(list(pending))
            if b + 1 < len(bounds):
                pending = sign(*bounds[b + 1])  # the next batch is signed while this one is grouped
            # Texts are regenerated only where a candidate needs verifying, as the warehouse reads them.
            items = [Item(str(i), "", (f"{i:09d}", str(i))) for i in range(lo, hi)]
            result = group(
                items,
                index,
                lambda ids: {x: text(int(x)) for x in ids},
                keys=keys,
                text_of=lambda x: text(int(x)),
            )
            index.add(result.keep, np.vstack([result.keys[k] for k in result.keep]))
            for m in result.matches:
                got[int(m.id)] = int(m.duplicate_of)
            print(f"    {hi:>9,} texts  {time.perf_counter() - started:7.1f} s", flush=True)
    seconds = time.perf_counter() - started
    # Scored against the truth after the clock stops: that is the bench's work, not the stage's.
    for i in range(n):
        truth, match = original_of(i), int(got[i])
        tp += truth is not None and match >= 0 and _root(match) == _root(truth)
        fp += match >= 0 and (truth is None or _root(match) != _root(truth))
        fn += truth is not None and match < 0
    return Outcome(
        n,
        seconds,
        tp / (tp + fp) if tp + fp else 1.0,
        tp / (tp + fn) if tp + fn else 1.0,
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    )


def _root(i: int) -> int:
    while (src := original_of(i)) is not None:
        i = src
    return i


def main() -> int:
    """Print time, rate, memory and pair quality per size; exit 1 when a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10000,100000,1000000")
    args = parser.parse_args()
    workers = os.cpu_count() or 1
    results = {}
    for n in [int(x) for x in args.sizes.split(",")]:
        print(f"near-dup stage on {n:,} synthetic texts ({workers} signing workers):", flush=True)
        results[n] = r = run(n, workers)
        print(
            f"  {n:>9,} texts: {r.seconds:7.1f} s  {n / r.seconds:7.0f} texts/s  "
            f"peak RSS {r.peak_rss_mb:6.0f} MB (+ worker {r.worker_peak_rss_mb:.0f} MB)  "
            f"precision {r.precision:.4f} recall {r.recall:.4f}",
            flush=True,
        )
    ok = True
    if 1_000_000 in results:
        big = results[1_000_000]
        total = big.peak_rss_mb + (os.cpu_count() or 1) * big.worker_peak_rss_mb
        print(
            f"1M: {big.seconds / 60:.1f} min (target < 10), "
            f"peak RSS of all processes <= {total:.0f} MB (target < 4096)"
        )
        ok &= big.seconds < 600 and total < 4096
    if 10_000 in results and 100_000 in results:
        ratio = results[100_000].seconds / results[10_000].seconds
        print(f"time(100k) / time(10k) = {ratio:.1f} (target <= 12)")
        ok &= ratio <= 12
    print("targets:", "met" if ok else "MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
