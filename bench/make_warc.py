#!/usr/bin/env python3
"""Write a large WARC from the extraction-dev pages, for the memory benchmark.

The pages are repeated, each copy under a different URL, until the output file
reaches `--size-mb`. Records: one `warcinfo`, then per page a `request` and a
`response` (HTTP/1.1 status line and headers, then the page bytes), tied by
`WARC-Concurrent-To`. With `--gzip` every record is its own gzip member, as
crawlers write them. Standard library only; the file is streamed, never held.

    python3 bench/make_warc.py --size-mb 1024 --gzip /tmp/bench.warc.gz
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import gzip
import hashlib
import json
import sys
import uuid
import zlib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "data" / "extraction-dev"


def load(data: Path) -> list[tuple[str, bytes]]:
    """(url, html) for every page, in a fixed order."""
    pages = []
    for truth in sorted(data.glob("*/truth.jsonl")):
        source = truth.parent.name
        for line in truth.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            html = gzip.decompress((truth.parent / "html" / f"{row['id']}.html.gz").read_bytes())
            url = row.get("url") or f"http://{source}.bench.invalid/{row['id']}"
            pages.append((url, html))
    return pages


def record(headers: list[tuple[str, str]], block: bytes) -> bytes:
    head = "WARC/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers)
    head += f"WARC-Block-Digest: {sha1_b32(block)}\r\nContent-Length: {len(block)}\r\n\r\n"
    return head.encode("utf-8") + block + b"\r\n\r\n"


def sha1_b32(data: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode("ascii")


def copy_url(url: str, round_: int) -> str:
    if round_ == 0:
        return url
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}bench-copy={round_}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--size-mb", type=float, default=1024, help="stop once the file is this large (MB = 10^6 bytes)")
    ap.add_argument("--gzip", action="store_true", help="one gzip member per record (.warc.gz)")
    ap.add_argument("--level", type=int, default=6, help="gzip level")
    args = ap.parse_args()

    pages = load(args.data)
    if not pages:
        print(f"error: no pages under `{args.data}`", file=sys.stderr)
        return 2
    limit = int(args.size_mb * 1e6)
    now = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    written = records = 0

    with open(args.out, "wb") as f:

        def put(rec: bytes) -> None:
            nonlocal written, records
            if args.gzip:
                # A fresh compressor per record: each record is one gzip member.
                c = zlib.compressobj(args.level, zlib.DEFLATED, 31)
                rec = c.compress(rec) + c.flush()
            f.write(rec)
            written += len(rec)
            records += 1

        info = b"software: dateline bench/make_warc.py\r\nformat: WARC File Format 1.1\r\n"
        put(record([
            ("WARC-Type", "warcinfo"),
            ("WARC-Date", now.strftime("%Y-%m-%dT%H:%M:%SZ")),
            ("WARC-Filename", args.out.name),
            ("WARC-Record-ID", f"<urn:uuid:{uuid.uuid4()}>"),
            ("Content-Type", "application/warc-fields"),
        ], info))  # fmt: skip

        round_ = responses = 0
        while written < limit:
            for i, (url, html) in enumerate(pages):
                if written >= limit:
                    break
                target = copy_url(url, round_)
                when = (now + dt.timedelta(seconds=round_ * len(pages) + i)).strftime("%Y-%m-%dT%H:%M:%SZ")
                host = target.split("/")[2] if target.count("/") >= 2 else "bench.invalid"
                path = "/" + target.split("/", 3)[3] if target.count("/") >= 3 else "/"
                req_id = f"<urn:uuid:{uuid.uuid4()}>"
                req = f"GET {path} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: dateline-bench\r\nAccept: text/html\r\n\r\n"
                put(record([
                    ("WARC-Type", "request"),
                    ("WARC-Target-URI", target),
                    ("WARC-Date", when),
                    ("WARC-Record-ID", req_id),
                    ("Content-Type", "application/http; msgtype=request"),
                ], req.encode("utf-8", "replace")))  # fmt: skip
                http_head = (
                    "HTTP/1.1 200 OK\r\n"
                    "Content-Type: text/html\r\n"
                    f"Content-Length: {len(html)}\r\n"
                    "Connection: close\r\n\r\n"
                ).encode("ascii")
                put(record([
                    ("WARC-Type", "response"),
                    ("WARC-Target-URI", target),
                    ("WARC-Date", when),
                    ("WARC-Record-ID", f"<urn:uuid:{uuid.uuid4()}>"),
                    ("WARC-Concurrent-To", req_id),
                    ("WARC-Payload-Digest", sha1_b32(html)),
                    ("Content-Type", "application/http; msgtype=response"),
                ], http_head + html))  # fmt: skip
                responses += 1
            round_ += 1

    print(json.dumps({"path": str(args.out), "bytes": written, "records": records, "responses": responses,
                      "copies_of_each_page": round_, "gzip": args.gzip}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
