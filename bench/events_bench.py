"""Visit extraction on our gold set of real passages: pair P/R/F1, status and date accuracy, speed.

Gold: tests/gold/visits.jsonl (annotated by reading, see tests/gold/GUIDELINES.md) over the real
sentences in ../shared/realdata/visits/candidates.jsonl. A pair is (visitor country, or ORG:<name>
for organisations, host country) per passage; cancelled visits are left out of pairs.
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from transforms.events import (
    EXTRACTOR_VERSION,
    KNOWN_ACTORS,
    VisitMention,
    canonical_org,
    learn_actors,
    visit_mentions,
)

ROOT = Path(__file__).resolve().parents[1]
CANDIDATES = ROOT.parent / "shared" / "realdata" / "visits" / "candidates.jsonl"
GOLD = ROOT / "tests" / "gold" / "visits.jsonl"
DEMO = ROOT / "demo" / "site"

Pair = tuple[str, str]
# Reuters-21578 stories all carry datelines; the BBC ones carry none and are British.
OUTLET_COUNTRY = {"bbc": "GBR"}


@dataclass
class Score:
    """Pair counts and per-field agreement over the gold passages."""

    passages: int = 0
    true_pos: int = 0
    false_pos: int = 0
    false_neg: int = 0
    status_ok: int = 0
    status_n: int = 0
    day_ok: int = 0
    day_n: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        """Share of predicted pairs that are in the gold."""
        return self.true_pos / max(1, self.true_pos + self.false_pos)

    @property
    def recall(self) -> float:
        """Share of gold pairs that were predicted."""
        return self.true_pos / max(1, self.true_pos + self.false_neg)

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def doc_time(value: str | None) -> datetime | None:
    """Reuters-21578 dates such as '26-FEB-1987 18:04:52.91'."""
    if not value:
        return None
    return datetime.strptime(value.split(".")[0].title(), "%d-%b-%Y %H:%M:%S")


def _gold_pairs(visits: list[dict[str, Any]]) -> dict[Pair, dict[str, Any]]:
    # Organisations compare by one name each ("EC Commission" and "EC" are the EU's forerunners).
    return {
        (v["visitor"] or f"ORG:{canonical_org(v['visitor_org'] or '')}", v["host"]): v
        for v in visits
        if v["status"] != "cancelled" and (v["visitor"] or v["visitor_org"])
    }


def _predicted_pairs(found: list[VisitMention]) -> dict[Pair, VisitMention]:
    out: dict[Pair, VisitMention] = {}
    for m in found:
        if m.status == "cancelled":
            continue
        out.setdefault((m.visitor_country or f"ORG:{canonical_org(m.visitor_org or '')}", m.host_country), m)
    return out


def score(candidates: list[dict[str, Any]], gold: list[dict[str, Any]]) -> Score:
    """Score the extractor on every gold passage."""
    result = Score()
    # As a run does with its batch: people's nationalities are learned from the unlabelled text.
    actors = KNOWN_ACTORS.merged(learn_actors((c["text"], c.get("dateline")) for c in candidates))
    for item in gold:
        passage = candidates[item["line"]]
        found = visit_mentions(
            passage["text"],
            published_at=doc_time(passage.get("doc_date")),
            dateline=passage.get("dateline"),
            title=passage.get("title"),
            actors=actors,
            # The outlet's country, as a source's `country` setting gives it in a run.
            source_country=OUTLET_COUNTRY.get(passage.get("corpus", "")),
        )
        want, got = _gold_pairs(item["visits"]), _predicted_pairs(found)
        result.passages += 1
        for pair in got.keys() - want.keys():
            result.false_pos += 1
            result.errors.append(f"line {item['line']}: extra {pair}")
        for pair in want.keys() - got.keys():
            result.false_neg += 1
            result.errors.append(f"line {item['line']}: missed {pair}")
        for pair in want.keys() & got.keys():
            result.true_pos += 1
            gold_visit, mention = want[pair], got[pair]
            result.status_n += 1
            result.status_ok += gold_visit["status"] == mention.status
            if gold_visit["status"] != mention.status:
                result.errors.append(
                    f"line {item['line']}: {pair} status {mention.status}, gold {gold_visit['status']}"
                )
            if gold_visit.get("date") and gold_visit.get("date_precision") == "day":
                result.day_n += 1
                day = mention.event_date.isoformat() if mention.event_date is not None else None
                result.day_ok += day == gold_visit["date"]
                if day != gold_visit["date"]:
                    result.errors.append(f"line {item['line']}: {pair} day {day}, gold {gold_visit['date']}")
    return result


def speed(texts: list[str], rounds: int = 5) -> float:
    """Articles per second of the extractor alone, one core."""
    started = time.perf_counter()
    for _ in range(rounds):
        for text in texts:
            visit_mentions(text, published_at=datetime(2025, 10, 14))
    return rounds * len(texts) / (time.perf_counter() - started)


def demo_texts() -> list[str]:
    """Body texts of the demo site's articles (parsed once, outside the timing)."""
    from transforms.parse import ParsedArticle, parse_html

    texts = []
    for path in sorted(DEMO.rglob("*.html")):
        res = parse_html(path.read_bytes(), url="https://demo.example/" + path.name)
        if isinstance(res, ParsedArticle) and res.parser != "generic":
            texts.append(res.text)
    return texts


def main() -> None:
    """Print the gold-set figures and the extraction speed."""
    if not CANDIDATES.exists():
        sys.exit(f"needs the shared passages at {CANDIDATES}")
    candidates = [json.loads(line) for line in CANDIDATES.read_text(encoding="utf-8").splitlines()]
    gold = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    statuses = Counter(v["status"] for g in gold for v in g["visits"])
    negatives = sum(1 for g in gold if not g["visits"])
    result = score(candidates, gold)
    print(
        f"visit extraction ({EXTRACTOR_VERSION}) on our gold set: {result.passages} real passages, "
        f"{sum(statuses.values())} visits ({dict(statuses)}), {negatives} passages without a visit:"
    )
    print(
        f"  pairs: P {result.precision:.3f}  R {result.recall:.3f}  F1 {result.f1:.3f}  "
        f"(tp {result.true_pos}, fp {result.false_pos}, fn {result.false_neg}; targets P >= 0.90, R >= 0.85)"
    )
    print(
        f"  status accuracy on matched pairs: {result.status_ok}/{result.status_n} = "
        f"{result.status_ok / max(1, result.status_n):.3f} (target >= 0.85)"
    )
    print(
        f"  exact-day accuracy where the gold has a day: {result.day_ok}/{result.day_n} = "
        f"{result.day_ok / max(1, result.day_n):.3f} (target >= 0.80)"
    )
    texts = demo_texts()
    visit_mentions(texts[0])  # warm-up: gazetteer and date parser load on first use
    print(
        f"  speed: {speed(texts):.0f} articles/s on one core ({len(texts)} demo articles x 5; target >= 200)"
    )
    if "-v" in sys.argv:
        for error in result.errors:
            print("   ", error)


if __name__ == "__main__":
    main()
