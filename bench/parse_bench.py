"""Parse benchmark on real third-party pages: body F1 (AEB), publication day (htmldate set), speed.

Each figure is printed beside the peer run on the same pages in the same process: bare trafilatura
(`bare_extraction` with metadata) for bodies and speed, htmldate for dates. Run with `make bench-parse`.
"""

from __future__ import annotations

import gzip
import html as htmllib
import importlib.util
import json
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import htmldate
import trafilatura

from flows.isolation import IsolatedPool, Limits
from flows.parse_job import ParseJob, ParseOutcome, run_parse_job
from transforms.parse import ParsedArticle, parse_html
from warehouse.raw import WarcArchive

SHARED = Path(__file__).resolve().parents[2] / "shared" / "realdata"
DEMO = Path(__file__).resolve().parents[1] / "demo"


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    """Multiset of n-word shingles, whitespace-tokenised and case-sensitive, as in the AEB scorer."""
    words = text.split()
    return Counter(tuple(words[i : i + n]) for i in range(max(0, len(words) - n + 1)))


def precision_recall(predicted: str, truth: str) -> tuple[float, float]:
    """Shingle precision and recall of one page."""
    pred, gold = shingles(predicted), shingles(truth)
    hit = sum((pred & gold).values())
    precision = hit / sum(pred.values()) if pred else (1.0 if not gold else 0.0)
    recall = hit / sum(gold.values()) if gold else 1.0
    return precision, recall


def ours_text(html: bytes, url: str) -> str:
    """Body text from newsetl's parser ('' when it quarantines the page)."""
    res = parse_html(html, url=url)
    return res.text if isinstance(res, ParsedArticle) else ""


def trafilatura_text(html: bytes, url: str) -> str:
    """Body text from bare trafilatura with metadata."""
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True)
    return (getattr(doc, "text", None) or "") if doc is not None else ""


def score(
    extractors: dict[str, Callable[[bytes, str], str]], pages: list[tuple[bytes, str, str]], rounds: int = 2
) -> dict[str, tuple[float, float, float, float]]:
    """Per extractor: (mean precision, mean recall, F1 of the means, pages/s).

    Extractors take turns page by page, so machine noise hits them alike.
    """
    outputs: dict[str, list[str]] = {name: [] for name in extractors}
    seconds = dict.fromkeys(extractors, 0.0)
    for r in range(rounds):
        for html, url, _ in pages:
            for name, fn in extractors.items():
                started = time.perf_counter()
                out = fn(html, url)
                seconds[name] += time.perf_counter() - started
                if r == 0:
                    outputs[name].append(out)
    result = {}
    for name, outs in outputs.items():
        prs = [precision_recall(out, truth) for out, (_, _, truth) in zip(outs, pages, strict=True)]
        mp = sum(p for p, _ in prs) / len(prs)
        mr = sum(r for _, r in prs) / len(prs)
        result[name] = (mp, mr, 2 * mp * mr / (mp + mr), rounds * len(pages) / seconds[name])
    return result


def aeb_pages() -> list[tuple[bytes, str, str]]:
    """(html, url, ground-truth body) of every AEB page."""
    truth = json.loads((SHARED / "aeb" / "ground-truth.json").read_text(encoding="utf-8"))
    return [
        (
            gzip.decompress((SHARED / "aeb" / "html" / f"{key}.html.gz").read_bytes()),
            item["url"],
            item["articleBody"],
        )
        for key, item in sorted(truth.items())
    ]


def ours_day(html: bytes, url: str) -> str | None:
    """Publication day from newsetl's parser, in the page's own time zone."""
    res = parse_html(html, url=url)
    if isinstance(res, ParsedArticle) and res.published_at is not None:
        return res.published_at.date().isoformat()
    return None


def htmldate_day(html: bytes, url: str) -> str | None:
    """Publication day from htmldate (original date, extensive search)."""
    return htmldate.find_date(html, url=url, original_date=True, extensive_search=True)


def date_accuracy(find: Callable[[bytes, str], str | None]) -> tuple[int, int]:
    """(correct days, pages) on the htmldate gold set."""
    gold = json.loads((SHARED / "htmldate" / "gold-dates.json").read_text(encoding="utf-8"))
    correct = 0
    for url, item in gold.items():
        html = gzip.decompress((SHARED / "htmldate" / "pages" / item["file"]).read_bytes())
        correct += find(html, url) == item["date"]
    return correct, len(gold)


def profile_pages() -> list[tuple[bytes, str, str]]:
    """(html, url, body as the outlet wrote it) of every demo article page that a site profile claims."""
    spec = importlib.util.spec_from_file_location("make_site", DEMO / "make_site.py")
    assert spec is not None
    assert spec.loader is not None
    site = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(site)
    wire = {a["key"]: a for a in site.MERIDIANWIRE}
    by_title = {
        a["headline"]: wire[a["syndicated_from"]] if a.get("syndicated_from") else a
        for a in (*site.MOSCOWCOURIER, *site.MERIDIANWIRE, *site.EURASIAOBSERVER, *site.SAHELPOST)
    }
    pages = []
    for path in sorted((DEMO / "site").rglob("*.html")):
        html = path.read_bytes()
        res = parse_html(html, url="https://demo.example/" + path.name)
        if isinstance(res, ParsedArticle) and res.parser != "generic" and res.title in by_title:
            truth = "\n".join(htmllib.unescape(p) for p in by_title[res.title]["body"])
            pages.append((html, "https://demo.example/" + path.name, truth))
    return pages


def hostile_figures() -> None:
    """P6/P8 through the real worker pool: time, outcome and the worker's peak RSS per page."""
    para = (
        "<p>{} " + "The delegation met officials in the capital to discuss trade and security. " * 8 + "</p>"
    )
    body = "".join(para.format(i) for i in range(15_000))  # about 9 MB, just under the parse cap
    pages = {
        "9 MB page": f"<html><body><article>{body}</article></body></html>".encode(),
        "400,000 open <p> tags": b"<html><body>" + b"<p>word " * 400_000,
        "50 MB page": b"<html><body>"
        + b"<p>word word word word</p>" * (50 * 2**20 // 26)
        + b"</body></html>",
        "100,000-deep nesting": b"<html><body>" + b"<div>" * 100_000 + b"<p>deep</p></body></html>",
    }
    with tempfile.TemporaryDirectory() as tmp:
        with WarcArchive(Path(tmp), "raw/b/in.warc.gz") as warc:
            refs = {
                name: warc.write_resource(f"file:///{i}.html", "text/html", page)
                for i, (name, page) in enumerate(pages.items())
            }
        limits = Limits()
        mb = limits.memory_bytes // 2**20
        print(f"hostile pages through the worker pool (limits: {limits.timeout_s:g} s, {mb} MB):")
        for name, ref in refs.items():
            with IsolatedPool(workers=1, limits=limits) as pool:  # a fresh worker: its peak is this page's
                started = time.perf_counter()
                [out] = pool.map(run_parse_job, [ParseJob(Path(tmp), ref, "https://bench.example/a")])
                wall = time.perf_counter() - started
            if isinstance(out, ParseOutcome):
                res = out.result
                verdict = "loaded" if isinstance(res, ParsedArticle) else f"quarantined {res.reason}"
                peak = out.worker_peak_rss_mb
                print(f"  {name:24s} {verdict:30s} {wall:5.1f} s  worker peak RSS {peak:.0f} MB")
            else:
                print(f"  {name:24s} quarantined {out.reason:18s} {wall:5.1f} s")


def main() -> None:
    """Print every parse figure beside its peer."""
    if not SHARED.exists():
        sys.exit(f"needs the shared real pages at {SHARED}")
    pages = aeb_pages()
    trafilatura_text(*pages[0][:2])  # warm both up so import-time work is not timed
    ours_text(*pages[0][:2])
    print(f"body on {len(pages)} AEB pages (4-word shingles, per-page P and R averaged):")
    results = score({"newsetl": ours_text, "trafilatura": trafilatura_text}, pages)
    for name, (p, r, f1, rate) in results.items():
        print(f"  {name:12s} F1 {f1:.3f}  P {p:.3f}  R {r:.3f}  {rate:.1f} pages/s (single process)")
    ratio = results["newsetl"][3] / results["trafilatura"][3]
    print(f"  speed ratio newsetl / trafilatura: {ratio:.2f}x (all fields, interleaved page by page)")
    demo = profile_pages()
    print(f"site-profile pages: {len(demo)} demo article pages (truth: the texts the outlets published):")
    results = score({"newsetl": ours_text, "trafilatura": trafilatura_text}, demo, rounds=5)
    for name, (p, r, f1, rate) in results.items():
        print(f"  {name:12s} F1 {f1:.3f}  P {p:.3f}  R {r:.3f}  {rate:.1f} pages/s (single process)")
    ratio = results["newsetl"][3] / results["trafilatura"][3]
    print(f"  speed ratio newsetl profiles / trafilatura: {ratio:.2f}x (target >= 5x)")
    hostile_figures()
    print("publication day on the htmldate gold set:")
    for name, find in (("newsetl", ours_day), ("htmldate", htmldate_day)):
        ok, total = date_accuracy(find)
        print(f"  {name:12s} {ok}/{total} = {ok / total:.3f}")


if __name__ == "__main__":
    main()
