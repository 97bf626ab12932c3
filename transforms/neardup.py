"""Near duplicates: MinHash (datasketch) over word shingles, LSH banding, exact Jaccard verification.

The index is a pair of arrays (ids, band keys) so it can be persisted with the warehouse and
extended run by run: a new batch is compared against every earlier article without recomputing
their signatures.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from datasketch import MinHash
from datasketch.minhash import _max_hash, _mersenne_prime

SHINGLE_WORDS = 5
# 32 bands of 2 rows (64 permutations, half the hashing of datasketch's default 128): a pair at
# Jaccard 0.3 becomes a candidate with p = 0.95, at 0.5 with p > 0.9999; unrelated articles
# (J < 0.02) collide with p < 0.013, and exact verification drops those few.
BANDS, ROWS = 32, 2
NUM_PERM = BANDS * ROWS
# Verified duplicate: most shingles shared, or a partial reprint mostly inside the other text.
# On the labelled benchmark (bench/dedupe_bench.py) reprints score J >= 0.65 and partial reprints
# containment >= 0.79, while the hardest negative (same wording, a tenth of the words are other
# names and numbers) reaches J 0.54 and containment 0.70: both cuts sit between.
MIN_JACCARD = 0.6
MIN_CONTAINMENT = 0.75
# Below this many shingles (about a paragraph) containment is no evidence: a short note sits inside
# many longer texts.
MIN_CONTAINED_SHINGLES = 40

_WORD = re.compile(r"\w+")
_TEMPLATE = MinHash(num_perm=NUM_PERM, seed=1)
_A, _B = (np.ascontiguousarray(p) for p in _TEMPLATE.permutations)
_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9][:ROWS], dtype=np.uint64)
_WORD_MIX = np.array(
    [0x9E3779B1, 0x85EBCA77, 0xC2B2AE3D, 0x27D4EB2F, 0x165667B1][:SHINGLE_WORDS], dtype=np.uint64
)


_P = np.uint64(0x100000001B3)  # odd, so it has an inverse modulo 2**64
_P_INV = np.uint64(pow(int(_P), -1, 2**64))
_powers: list[np.ndarray] = [np.ones(1, dtype=np.uint64), np.ones(1, dtype=np.uint64)]


def _power_tables(n: int) -> tuple[np.ndarray, np.ndarray]:
    """P**k and P**-k modulo 2**64 for k < n (grown on demand, kept for the process)."""
    if len(_powers[0]) < n:
        size = max(n, 2 * len(_powers[0]), 1 << 16)
        _powers[0], _powers[1] = _geometric(_P, size), _geometric(_P_INV, size)
    return _powers[0][:n], _powers[1][:n]


def _geometric(base: np.uint64, n: int) -> np.ndarray:
    out = np.empty(n, dtype=np.uint64)
    out[0] = 1
    out[1:] = base
    return np.cumprod(out, dtype=np.uint64)


def _word_hashes(text: str) -> np.ndarray:
    """A 64-bit polynomial hash per word (runs of letters, digits, _ and non-ASCII) of the casefolded text.

    Vectorised over the UTF-8 bytes with prefix sums: ten times faster than hashing word by word in
    Python, which dominated the stage at a million articles.
    """
    b = np.frombuffer(text.casefold().encode("utf-8"), dtype=np.uint8)
    if not len(b):
        return np.zeros(0, dtype=np.uint64)
    word = ((b >= 48) & (b <= 57)) | ((b >= 97) & (b <= 122)) | (b == 95) | (b >= 128)
    edges = np.diff(np.concatenate(([False], word, [False])).astype(np.int8))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    pw, inv = _power_tables(len(b) + 1)
    prefix = np.concatenate(([np.uint64(0)], np.cumsum((b.astype(np.uint64) + np.uint64(1)) * pw[: len(b)])))
    return (prefix[ends] - prefix[starts]) * inv[starts]  # type: ignore[no-any-return]


def shingles(text: str) -> np.ndarray:
    """Sorted unique 32-bit hashes of the text's overlapping 5-word shingles (case-folded)."""
    words = _word_hashes(text)
    if len(words) < SHINGLE_WORDS:
        # A text shorter than one shingle is its own single shingle.
        acc = np.array([np.bitwise_xor.reduce(words * _WORD_MIX[: len(words)])], dtype=np.uint64)
    else:
        n = len(words) - SHINGLE_WORDS + 1
        acc = np.zeros(n, dtype=np.uint64)
        for j in range(SHINGLE_WORDS):
            acc = acc * np.uint64(31) + words[j : j + n] * _WORD_MIX[j]
    return np.unique((acc >> np.uint64(16)) & np.uint64(0xFFFFFFFF))


def minhash(shingle_set: np.ndarray) -> np.ndarray:
    """datasketch's MinHash signature (seed 1, NUM_PERM permutations) of 32-bit shingle hashes.

    The same arithmetic as `MinHash.update_batch`, with the modulo by the Mersenne prime 2**61 - 1
    done by shift and add instead of a 64-bit division, and no per-value Python `hashfunc` call:
    twice as fast, equal to the bit (tests compare the two), so stored index keys stay valid.
    """
    if not len(shingle_set):
        return np.full(NUM_PERM, _max_hash, dtype=np.uint64)
    y = np.multiply.outer(shingle_set.astype(np.uint64), _A)  # wraps modulo 2**64, as datasketch's
    y += _B
    folded = y & _mersenne_prime
    y >>= np.uint64(61)
    folded += y  # y mod (2**61 - 1) == low 61 bits + the bits above them, at most one prime over
    folded[folded >= _mersenne_prime] -= _mersenne_prime
    folded &= _max_hash
    out: np.ndarray = folded.min(axis=0)
    return out


def band_keys(shingle_set: np.ndarray) -> np.ndarray:
    """The LSH band keys (BANDS uint64 values) of a shingle set's MinHash signature."""
    rows = minhash(shingle_set).reshape(BANDS, ROWS)
    keys: np.ndarray = (rows * _MIX).sum(axis=1, dtype=np.uint64)
    # The band number is mixed in so equal values in different bands never meet.
    out: np.ndarray = keys ^ (np.arange(BANDS, dtype=np.uint64) * np.uint64(0xD6E8FEB86659FD93))
    return out


def signature(text: str) -> tuple[np.ndarray, np.ndarray]:
    """(shingle set, band keys) of one text."""
    sh = shingles(text)
    return sh, band_keys(sh)


@dataclass(frozen=True)
class Similarity:
    """Exact overlap of two shingle sets."""

    jaccard: float
    containment: float
    smaller: int

    @property
    def duplicate(self) -> bool:
        """Whether the overlap makes the two texts one story."""
        return self.jaccard >= MIN_JACCARD or (
            self.containment >= MIN_CONTAINMENT and self.smaller >= MIN_CONTAINED_SHINGLES
        )


def similarity(a: np.ndarray, b: np.ndarray) -> Similarity:
    """Jaccard and containment of two sorted unique shingle sets."""
    inter = len(np.intersect1d(a, b, assume_unique=True))
    union = len(a) + len(b) - inter
    smaller = min(len(a), len(b))
    return Similarity(inter / union if union else 1.0, inter / smaller if smaller else 1.0, smaller)


# A band key shared by more texts than this is boilerplate, not news: it is not compared in full.
BUCKET_CAP = 16


def _run_pairs(
    sorted_keys: np.ndarray, order: np.ndarray, cap: int = BUCKET_CAP
) -> Iterable[tuple[int, int]]:
    """Pairs of positions sharing a key, from keys sorted with `order`; long runs only chain."""
    if len(sorted_keys) < 2:
        return
    same = np.flatnonzero(sorted_keys[1:] == sorted_keys[:-1])
    if not len(same):
        return
    # Runs of equal keys: starts where a match follows a non-match.
    starts = same[np.r_[True, np.diff(same) > 1]]
    ends = same[np.r_[np.diff(same) > 1, True]] + 1
    for s, e in zip(starts.tolist(), ends.tolist(), strict=True):
        members = order[s : e + 1].tolist()
        if len(members) <= cap:
            for i, x in enumerate(members):
                for y in members[i + 1 :]:
                    yield x, y
        else:
            # A key shared by very many texts (boilerplate-only pages): link neighbours only.
            yield from itertools.pairwise(members)


@dataclass
class LshIndex:
    """Band keys of every indexed article, searchable per band with binary search."""

    ids: list[str] = field(default_factory=list)
    keys: np.ndarray = field(default_factory=lambda: np.zeros((0, BANDS), dtype=np.uint64))
    _sorted: list[tuple[np.ndarray, np.ndarray]] | None = None

    def __len__(self) -> int:
        return len(self.ids)

    def _bands(self) -> list[tuple[np.ndarray, np.ndarray]]:
        if self._sorted is None:
            self._sorted = []
            for b in range(BANDS):
                order = np.argsort(self.keys[:, b], kind="stable")
                self._sorted.append((self.keys[order, b], order))
        return self._sorted

    def matches(self, new_keys: np.ndarray) -> set[tuple[int, int]]:
        """(new row, indexed row) pairs sharing at least one band key."""
        pairs: set[tuple[int, int]] = set()
        if not len(self.ids) or not len(new_keys):
            return pairs
        for b, (col, order) in enumerate(self._bands()):
            q = new_keys[:, b]
            lo = np.searchsorted(col, q, side="left")
            hi = np.searchsorted(col, q, side="right")
            hit = np.flatnonzero(hi > lo)
            for i in hit.tolist():
                # The stable sort lists a bucket oldest first: the earliest articles are compared.
                for pos in range(int(lo[i]), min(int(hi[i]), int(lo[i]) + BUCKET_CAP)):
                    pairs.add((i, int(order[pos])))
        return pairs

    def add(self, ids: Sequence[str], keys: np.ndarray) -> None:
        """Index more articles; the per-band sort is rebuilt lazily on the next search."""
        if not len(ids):
            return
        self.ids.extend(ids)
        self.keys = np.concatenate([self.keys, keys.astype(np.uint64)])
        self._sorted = None


def within_pairs(keys: np.ndarray) -> set[tuple[int, int]]:
    """Pairs of rows of one batch sharing at least one band key (smaller row first)."""
    pairs: set[tuple[int, int]] = set()
    for b in range(keys.shape[1] if keys.ndim == 2 else 0):
        order = np.argsort(keys[:, b], kind="stable")
        for x, y in _run_pairs(keys[order, b], order):
            pairs.add((min(x, y), max(x, y)))
    return pairs


@dataclass(frozen=True)
class Item:
    """One article offered to near-duplicate grouping."""

    id: str
    text: str
    rank: tuple[str, str]  # earliest wins: (publication time as ISO text, or "~" when unknown; id)


@dataclass(frozen=True)
class Match:
    """A new article that repeats an earlier one: the earlier article and how much they share."""

    id: str
    duplicate_of: str
    similarity: Similarity


@dataclass
class Grouping:
    """Outcome of one batch: which new articles stand alone and which repeat another."""

    keep: list[str]
    matches: list[Match]
    keys: dict[str, np.ndarray]


def group(
    items: Sequence[Item],
    index: LshIndex,
    stored_text: Callable[[list[str]], dict[str, str]],
    *,
    keys: np.ndarray | None = None,
    text_of: Callable[[str], str] | None = None,
) -> Grouping:
    """Verified near-duplicate links for a batch against the index and within itself.

    An article repeating an indexed one points at it (stored articles stay canonical); within
    the batch the earliest (by `rank`) of each group is kept and the rest point at it.
    `keys` may carry the batch's band keys computed elsewhere (in worker processes); shingle
    sets are then built only for the articles that meet a candidate, from `text_of(id)` when
    the items were given without their text.
    """
    if not items:
        return Grouping([], [], {})
    shingle_cache: dict[int, np.ndarray] = {}
    if keys is None:
        for i, it in enumerate(items):
            shingle_cache[i] = shingles(it.text)
        keys = np.vstack([band_keys(shingle_cache[i]) for i in range(len(items))])
    key_matrix = keys

    class _Sets:
        def __getitem__(self, i: int) -> np.ndarray:
            if i not in shingle_cache:
                shingle_cache[i] = shingles(text_of(items[i].id) if text_of else items[i].text)
            return shingle_cache[i]

    sets = _Sets()
    best: dict[int, tuple[str, Similarity]] = {}
    cross = index.matches(key_matrix)
    old_sets: dict[str, np.ndarray] = {}
    if cross:
        old_ids = sorted({index.ids[j] for _, j in cross})
        old_sets = {k: shingles(v) for k, v in stored_text(old_ids).items()}
        for i, j in sorted(cross):
            old = index.ids[j]
            # An article's own earlier version is a version, not a duplicate.
            if old == items[i].id or old not in old_sets:
                continue
            sim = similarity(sets[i], old_sets[old])
            if sim.duplicate and (i not in best or sim.jaccard > best[i][1].jaccard):
                best[i] = (old, sim)
    # Within the batch: union-find over verified links, the earliest member is the root.
    parent = list(range(len(items)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    link_sim: dict[tuple[int, int], Similarity] = {}
    for i, j in sorted(within_pairs(key_matrix)):
        sim = similarity(sets[i], sets[j])
        if not sim.duplicate:
            continue
        link_sim[(i, j)] = sim
        ri, rj = find(i), find(j)
        if ri != rj:
            first, second = (ri, rj) if items[ri].rank <= items[rj].rank else (rj, ri)
            parent[second] = first
    roots = [find(i) for i in range(len(items))]
    # A group touching the index follows the stored article its members resemble most.
    stored_of: dict[int, str] = {}
    # A new version of a stored article anchors its group: copies of it point at it.
    indexed = set(index.ids)
    for i, it in enumerate(items):
        if it.id in indexed:
            stored_of.setdefault(roots[i], it.id)
    for i, (old, _sim) in sorted(best.items(), key=lambda kv: -kv[1][1].jaccard):
        stored_of.setdefault(roots[i], old)
    matches: list[Match] = []
    keep: list[str] = []
    position = {it.id: i for i, it in enumerate(items)}
    for i, it in enumerate(items):
        root = roots[i]
        anchor = stored_of.get(root)
        # A stored article stays loaded even when it resembles another stored one.
        if anchor == it.id or it.id in indexed or (anchor is None and root == i):
            keep.append(it.id)
        elif anchor is not None:
            if i in best and best[i][0] == anchor:
                own = best[i][1]
            else:
                ref = old_sets.get(anchor)
                own = similarity(sets[i], ref if ref is not None else sets[position[anchor]])
            matches.append(Match(it.id, anchor, own))
        else:
            sim = link_sim.get((min(i, root), max(i, root))) or similarity(sets[i], sets[root])
            matches.append(Match(it.id, items[root].id, sim))
    return Grouping(keep, matches, {it.id: key_matrix[i] for i, it in enumerate(items)})
