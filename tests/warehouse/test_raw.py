"""The WARC archive gives back exactly the bytes it was given, for HTTP responses and local files."""

from __future__ import annotations

import io
from pathlib import Path

from warehouse.raw import WarcArchive, iter_responses, read_ref


def test_responses_and_resources_round_trip(tmp_path: Path) -> None:
    with WarcArchive(tmp_path, "raw/a.warc.gz") as warc:
        http = warc.write_response(
            "https://x.example/a",
            200,
            "OK",
            [("Content-Type", "text/html"), ("Content-Encoding", "gzip")],
            b"<p>page</p>",
        )
        local = warc.write_resource("file:///tmp/seed.txt", "text/plain; charset=utf-8", b"Title\n\nBody")
        failed = warc.write_failure("https://x.example/b", {"error": "timeout"})
    a, b = read_ref(tmp_path, http), read_ref(tmp_path, local)
    assert (a.url, a.status, a.content_type, a.body) == (
        "https://x.example/a",
        200,
        "text/html",
        b"<p>page</p>",
    )
    assert (b.url, b.content_type, b.body) == (
        "file:///tmp/seed.txt",
        "text/plain; charset=utf-8",
        b"Title\n\nBody",
    )
    listed = list(iter_responses(tmp_path / "raw/a.warc.gz"))
    assert [(r.status, r.body) for r in listed] == [(200, b"<p>page</p>"), (200, b"Title\n\nBody")]
    assert [read_ref(tmp_path, r.ref).body for r in listed] == [
        b"<p>page</p>",
        b"Title\n\nBody",
    ]
    assert failed.startswith("raw/a.warc.gz#")


def test_exchange_keeps_the_request_linked_to_its_response(tmp_path: Path) -> None:
    from warcio.archiveiterator import ArchiveIterator

    with WarcArchive(tmp_path, "x.warc.gz") as warc:
        ref = warc.write_response(
            "https://x.example/a?b=1",
            200,
            "OK",
            [("Content-Type", "text/html")],
            b"<p>a</p>",
            request_headers=[("User-Agent", "newsetl-test"), ("If-None-Match", '"v1"')],
            truncated=True,
        )
    with (tmp_path / "x.warc.gz").open("rb") as fh:
        records = [(r.rec_type, r.rec_headers, r.http_headers) for r in ArchiveIterator(fh)]
    (req_type, req_headers, req_http), (resp_type, resp_headers, _) = records
    assert (req_type, resp_type) == ("request", "response")
    assert req_http.protocol == "GET"
    assert req_http.statusline.startswith("/a?b=1")
    assert req_http.get_header("If-None-Match") == '"v1"'
    assert req_headers.get_header("WARC-Concurrent-To") == resp_headers.get_header("WARC-Record-ID")
    assert resp_headers.get_header("WARC-Truncated") == "length"
    assert read_ref(tmp_path, ref).body == b"<p>a</p>"


def test_gzip_members_are_copied_byte_for_byte(tmp_path: Path) -> None:
    with WarcArchive(tmp_path, "in.warc.gz") as warc:
        warc.write_response("https://x.example/a", 200, "OK", [("Content-Type", "text/html")], b"<p>a</p>")
        warc.write_resource("file:///tmp/b.txt", "text/plain", b"B")
    source = (tmp_path / "in.warc.gz").read_bytes()
    listed = list(iter_responses(tmp_path / "in.warc.gz", members=True))
    assert b"".join(r.member or b"" for r in listed) == source
    with WarcArchive(tmp_path, "out.warc.gz") as out:
        refs = [out.append_member(r.member or b"") for r in listed]
    assert (tmp_path / "out.warc.gz").read_bytes() == source
    back = [read_ref(tmp_path, ref) for ref in refs]
    assert [(r.url, r.status, r.content_type, r.body) for r in back] == [
        (r.url, r.status, r.content_type, r.body) for r in listed
    ]


def test_plain_warc_records_carry_no_member(tmp_path: Path) -> None:
    from warcio.warcwriter import WARCWriter

    with (tmp_path / "in.warc").open("wb") as fh:
        writer = WARCWriter(fh, gzip=False)
        writer.write_record(writer.create_warc_record("file:///b.txt", "resource", payload=io.BytesIO(b"B")))
    (only,) = iter_responses(tmp_path / "in.warc", members=True)
    assert (only.body, only.member) == (b"B", None)
