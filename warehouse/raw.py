"""The raw archive: every HTTP response and failed attempt is written to WARC before parsing."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from types import TracebackType
from typing import IO, Any
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

# WARC extension field naming the URL that was asked for (WARC-Target-URI is where it ended up).
REQUESTED = "WARC-Newsetl-Requested-URI"
# The archive stores decoded bodies, so transfer headers that describe the wire form are renamed.
_WIRE_HEADERS = {"content-encoding", "transfer-encoding", "content-length"}


@dataclass(frozen=True)
class RawRecord:
    """One archived response read back from a WARC file."""

    record_id: str
    url: str
    status: int
    content_type: str | None
    body: bytes
    ref: str
    # The record's gzip member as stored, when read from a gzipped WARC (copied without recompressing).
    member: bytes | None = None


@dataclass(frozen=True)
class Archived:
    """What the archive already holds for one URL: a response, or a failed attempt's metadata."""

    url: str
    ref: str
    kind: str  # "response" or "failure"
    status: int | None
    reason: str
    headers: list[tuple[str, str]]
    truncated: bool
    failure: dict[str, Any]


def scan(path: Path, relpath: str) -> tuple[dict[str, Archived], int]:
    """(last archived fetch per URL, end offset of the last complete record) of a WARC file.

    A process killed mid-write leaves a torn last record; scanning stops before it.
    """
    found: dict[str, Archived] = {}
    good_end = 0
    if not path.exists():
        return found, 0
    with path.open("rb") as fh:
        it = ArchiveIterator(fh)
        try:
            for record in it:
                url = (
                    record.rec_headers.get_header(REQUESTED)
                    or record.rec_headers.get_header("WARC-Target-URI")
                    or ""
                )
                payload = record.content_stream().read()
                offset = it.get_record_offset()
                length = it.get_record_length()
                ref = f"{relpath}#{offset}"
                if record.rec_type == "response" and record.http_headers is not None:
                    http = record.http_headers
                    found[url] = Archived(
                        url,
                        ref,
                        "response",
                        int(http.get_statuscode() or 0),
                        http.statusline.partition(" ")[2],
                        list(http.headers),
                        record.rec_headers.get_header("WARC-Truncated") is not None,
                        {},
                    )
                elif record.rec_type == "metadata":
                    found[url] = Archived(
                        url, ref, "failure", None, "", [], False, json.loads(payload or b"{}")
                    )
                good_end = offset + length
        except Exception:
            pass  # any damage past the last complete record is a torn tail from a killed writer
    return found, good_end


class WarcArchive:
    """Appends records to one gzipped WARC file; refs are '<path relative to data dir>#<offset>'.

    Opening an existing file (a resumed run) first cuts off a torn last record, and `index`
    tells what the file already holds.
    """

    def __init__(self, data_dir: Path, relpath: str) -> None:
        self.data_dir = data_dir
        self.relpath = relpath
        self.index: dict[str, Archived] = {}
        self._fh: IO[bytes] | None = None
        self._writer: WARCWriter | None = None

    def __enter__(self) -> WarcArchive:
        path = self.data_dir / self.relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        self.index, good_end = scan(path, self.relpath)
        if path.exists() and path.stat().st_size > good_end:
            with path.open("r+b") as fh:
                fh.truncate(good_end)
        self._fh = path.open("ab")
        self._writer = WARCWriter(self._fh, gzip=True)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._fh is not None:
            self._fh.close()

    def _write(self, record: object) -> str:
        assert self._fh is not None
        assert self._writer is not None
        offset = self._fh.tell()
        self._writer.write_record(record)
        self._fh.flush()
        return f"{self.relpath}#{offset}"

    def append_member(self, member: bytes) -> str:
        """Append one whole record's gzip member, as read from another gzipped WARC; returns its ref."""
        assert self._fh is not None
        offset = self._fh.tell()
        self._fh.write(member)
        self._fh.flush()
        return f"{self.relpath}#{offset}"

    def write_response(
        self,
        url: str,
        status: int,
        reason: str,
        headers: list[tuple[str, str]],
        body: bytes,
        *,
        truncated: bool = False,
        requested: str | None = None,
        request_headers: list[tuple[str, str]] | None = None,
    ) -> str:
        """Archive one response (WARC-Truncated when the body was cut at the cap); returns its ref.

        `requested` is the URL asked for when redirects led to `url`; resumed runs look it up.
        """
        assert self._writer is not None
        kept = [(f"X-Wire-{k}" if k.lower() in _WIRE_HEADERS else k, v) for k, v in headers] + [
            ("Content-Length", str(len(body)))
        ]
        http = StatusAndHeaders(f"{status} {reason or 'OK'}", kept, protocol="HTTP/1.1")
        extra = {REQUESTED: requested or url}
        if truncated:
            extra["WARC-Truncated"] = "length"
        record = self._writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), http_headers=http, warc_headers_dict=extra
        )
        if request_headers is not None:
            # The request as sent, linked to its response, so the archive shows the whole exchange.
            parts = urlsplit(url)
            target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            req_http = StatusAndHeaders(f"GET {target} HTTP/1.1", request_headers, is_http_request=True)
            request = self._writer.create_warc_record(
                url,
                "request",
                http_headers=req_http,
                warc_headers_dict={"WARC-Concurrent-To": record.rec_headers.get_header("WARC-Record-ID")},
            )
            self._write(request)
        return self._write(record)

    def write_resource(self, url: str, content_type: str, body: bytes) -> str:
        """Archive a local file's bytes as a resource record (no HTTP exchange); returns its ref."""
        assert self._writer is not None
        record = self._writer.create_warc_record(
            url, "resource", payload=io.BytesIO(body), warc_content_type=content_type
        )
        return self._write(record)

    def write_failure(self, url: str, detail: Mapping[str, object]) -> str:
        """Archive a failed attempt as a metadata record; returns its ref."""
        assert self._writer is not None
        payload = json.dumps(detail, sort_keys=True, default=str).encode()
        record = self._writer.create_warc_record(
            url,
            "metadata",
            payload=io.BytesIO(payload),
            warc_content_type="application/json",
            warc_headers_dict={REQUESTED: url},
        )
        return self._write(record)


def _raw_record(record: ArcWarcRecord, body: bytes, ref: str) -> RawRecord:
    url = record.rec_headers.get_header("WARC-Target-URI") or ""
    if record.http_headers is not None:
        status = int(record.http_headers.get_statuscode() or 0)
        ctype = record.http_headers.get_header("Content-Type")
    else:
        status, ctype = 200, record.rec_headers.get_header("Content-Type")
    rid = record.rec_headers.get_header("WARC-Record-ID") or ref
    return RawRecord(rid, url, status, ctype, body, ref)


def iter_responses(path: Path, *, relpath: str | None = None, members: bool = False) -> Iterator[RawRecord]:
    """Response and resource records of a WARC file (gzipped or not), in file order.

    With `members`, records of a gzipped WARC carry their gzip member, to be archived as is.
    """
    with path.open("rb") as fh, path.open("rb") as again:
        # warcio refuses a gzipped WARC that is one stream, so here each record is its own member.
        gzipped = members and fh.read(2) == b"\x1f\x8b"
        fh.seek(0)
        it = ArchiveIterator(fh)
        for record in it:
            if record.rec_type in ("response", "resource"):
                # Read the body first: asking for the offset moves the stream past it.
                body = record.content_stream().read()
                offset = it.get_record_offset()
                found = _raw_record(record, body, f"{relpath or path}#{offset}")
                if gzipped:
                    again.seek(offset)
                    found = replace(found, member=again.read(it.get_record_length()))
                yield found


def read_ref(data_dir: Path, ref: str) -> RawRecord:
    """Read back the record a ref points to."""
    rel, _, offset = ref.rpartition("#")
    with (data_dir / rel).open("rb") as fh:
        fh.seek(int(offset))
        record = next(iter(ArchiveIterator(fh)))
        return _raw_record(record, record.content_stream().read(), ref)
