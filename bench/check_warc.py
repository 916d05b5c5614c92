#!/usr/bin/env python3
"""Check a WARC written by make_warc.py with an independent reader (FastWARC,
installed with resiliparse): every record parses, every response is HTTP 200,
and every block and payload digest matches. Prints one JSON line; exit 1 on a
bad record.

    bench/.venv/bin/python bench/check_warc.py FILE.warc[.gz]
"""

import base64
import hashlib
import json
import sys
from collections import Counter

from fastwarc.warc import ArchiveIterator, WarcRecordType


def sha1_b32(data: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode("ascii")


def main() -> int:
    path = sys.argv[1]
    kinds: Counter = Counter()
    bad = 0
    with open(path, "rb") as f:
        # FastWARC frames the records; the digests are recomputed here from the
        # raw blocks, so a framing slip in make_warc.py cannot hide.
        for rec in ArchiveIterator(f, parse_http=False, record_types=WarcRecordType.any_type):
            kinds[str(rec.record_type).rsplit(".", 1)[-1]] += 1
            block = rec.reader.read()
            ok = rec.headers.get("WARC-Block-Digest") == sha1_b32(block)
            if rec.record_type == WarcRecordType.response:
                head, sep, payload = block.partition(b"\r\n\r\n")
                ok = ok and sep and head.startswith(b"HTTP/1.1 200 ")
                ok = ok and rec.headers.get("WARC-Payload-Digest") == sha1_b32(payload)
            bad += not ok
    print(json.dumps({"path": path, "records": dict(kinds), "bad": bad}))
    return 1 if bad or not kinds else 0


if __name__ == "__main__":
    sys.exit(main())
