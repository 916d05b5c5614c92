#!/usr/bin/env python3
"""Turn the pressrel-dev tarball into JSON Lines dateline reads: one
{"url", "text", "date"} object per release, the date taken from the wire's path
(WIRE/YYYY/MMDD/SLUG.md), the URL a stable pseudo-URL naming the file.

usage: pressrel_jsonl.py PRWIRE_TAR_XZ OUT.jsonl [LIMIT]
"""
import json
import re
import sys
import tarfile

PATH = re.compile(r"(?:^|/)([^/]+)/(\d{4})/(\d{2})(\d{2})/([^/]+)\.md$")


def main() -> int:
    src, out = sys.argv[1], sys.argv[2]
    limit = int(sys.argv[3]) if len(sys.argv) > 3 else None
    records = []
    # Read in stream order: seeking inside an xz stream decompresses it again each time.
    with tarfile.open(src, "r|xz") as tar:
        for member in tar:
            m = PATH.search(member.name)
            if not member.isfile() or not m:
                continue
            f = tar.extractfile(member)
            if f is None:
                continue
            wire, year, month, day, slug = m.groups()
            text = f.read().decode("utf-8", errors="replace")
            records.append({
                "url": f"https://pressrel.invalid/{wire}/{year}/{month}{day}/{slug}",
                "text": text,
                "date": f"{year}-{month}-{day}",
            })
    records.sort(key=lambda r: r["url"])
    if limit:
        records = records[:limit]
    with open(out, "w", encoding="utf-8") as w:
        for record in records:
            w.write(json.dumps(record, ensure_ascii=False) + "\n")
    n = len(records)
    print(f"{n} releases written to {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
