#!/usr/bin/env python3
"""Render BENCHMARKS.md from the latest benchmark results, so every figure in
it comes from one measured run and none is typed by hand.

    python3 bench/report.py                      # print to stdout
    python3 bench/report.py --write BENCHMARKS.md
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import extraction  # noqa: E402  (for its table renderer only)

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "bench" / "out"


def warc_section(rows: list[dict]) -> list[str]:
    lines = [
        "| WARC | file size | pages | JSONL records out | exit | peak RSS | wall | CPU | pages/s | MB/s | load 1m before/after |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        pps = f"{r['pages_per_s']:.0f}" if r.get("pages_per_s") else "n/a"
        mbs = f"{r['mb_per_s']:.1f}" if r.get("mb_per_s") else "n/a"
        lines.append(
            f"| `.{r['kind']}` | {r['file_mb']:.0f} MB | {r['pages']} | {r['records_out']} | {r['exit']} | "
            f"{r['peak_rss_mb']:.1f} MB | {r['wall_s']:.1f} s | {r['cpu_s']:.1f} s | {pps} | {mbs} | "
            f"{r['load_before']} / {r['load_after']} |"
        )
    lines.append("")
    for r in rows:
        judged = r["exit"] in (0, 1) and r["records_out"] >= 0.95 * r["pages"]
        if not judged:
            verdict = "not judged (dateline did not extract most pages)"
        else:
            verdict = "met" if r["peak_rss_mb"] < 300 else "NOT met"
        lines.append(f"- peak RSS under 300 MB on the {r['file_mb']:.0f} MB `.{r['kind']}`: {verdict} ({r['peak_rss_mb']:.1f} MB)")
    return lines


def render(res: dict, warc: list[dict] | None) -> str:
    meta, results = res["meta"], res["results"]
    m, v = meta["machine"], meta["versions"]
    peers = ", ".join(f"{k} {val}" for k, val in v.items() if k not in ("dateline", "dateline_git") and val)
    out = [
        "# Benchmarks",
        "",
        "dateline against trafilatura, resiliparse and readability-lxml (and the Rust ports",
        "`trafilatura` and `dom_smoothie` when built) on the 2,308 pages of",
        "`shared/data/extraction-dev`, and dateline's peak memory over a 1 GB WARC.",
        "What is measured and how: [`bench/README.md`](bench/README.md). This file is",
        "written by `bench/report.py` from the run's own results; no figure is typed by hand.",
        "",
        "Reproduce: `bash bench/run.sh` (add `BENCH_RUST_PEERS=1` for the Rust peers).",
        "",
        f"- Run: {meta['date_utc']}",
        f"- Machine: {m['nproc']} cores, {m['cpu']}, {m['mem_gib']} GiB memory, Linux {m['kernel']}, Python {m['python']}",
        f"- dateline: {v.get('dateline')} (git {v.get('dateline_git')}), `target/release/dateline`",
        f"- Peers: {peers}",
        f"- Command: `{meta['command']}`",
        "",
        *(["**Partial run** (a subset of the pages): not the figures to quote.", ""]
          if meta.get("limit") or len(meta.get("sources", [])) < len(extraction.SOURCES) else []),
        "## Extraction: speed",
        "",
    ]
    table = extraction.markdown(results, meta).split("\n")
    # The renderer prints speed, then quality, then metadata; keep its order and
    # put headings between them.
    for line in table:
        if line.startswith("Quality:"):
            out += ["## Extraction: quality", ""]
        if line.startswith("Metadata "):
            out += ["## Metadata", ""]
        out.append(line)
    out += ["", "## Bars from issue #2", ""]
    out += res.get("bars") or ["- (no dateline run)"]
    if warc:
        size = max(r["file_mb"] for r in warc)
        size_txt = f"{size / 1000:.1f} GB" if size >= 1000 else f"{size:.0f} MB"
        out += ["", f"## Memory: dateline over a {size_txt} WARC", ""]
        out += [
            "`/usr/bin/time -v target/release/dateline extract --format jsonl FILE | wc -l`, all cores"
            " (the default `--jobs`); the file is built by `bench/make_warc.py` from the extraction-dev"
            " pages repeated under varied URLs.",
            "",
        ]
        out += warc_section(warc)
    loads = [r["load_before"][0] for r in results] + [r["load_after"][0] for r in results]
    out += [
        "",
        "## Caveats for this run",
        "",
        f"- The 1-minute load average ranged from {min(loads):.2f} to {max(loads):.2f} on {m['nproc']} cores"
        " during the extraction runs; with other work on the machine, wall-clock speeds are noisy and"
        " `pages/CPU-s` is the steadier comparison. Rerun on a quiet machine before quoting speed.",
        "- Python peers are timed per extraction call in one process; dateline is timed as a whole process"
        " (startup, directory walk, file reads and JSON output included), the median of repeated runs"
        " (each run's wall time is in the notes under the speed table).",
        "- The `dateline` rows run `extract --no-analysis`: the main text and the record fields (title, date,"
        " author, site, language, dateline), which is what the peers do. `dateline-analysis` is the full record,"
        " which also finds quotes, contacts, people, organizations and countries; no peer does that work.",
        "- extraction-dev is a development set; a tool tuned on it (dateline included) can look better here"
        " than on unseen pages.",
    ]
    return "\n".join(out) + "\n"


# Outputs of the other benchmarks and evaluations (bench/evals.sh, bench/load.sh, the
# store's scale example), included verbatim when present: (file, heading).
EXTRA = [
    ("latest-ingest.md", "Ingest, end to end (`bash bench/ingest.sh`)"),
    ("latest-quotes.txt", "Quotes and speakers on PolNeAR (`bash bench/evals.sh`)"),
    ("latest-datelines.txt", "Datelines on Reuters-21578 (`bash bench/evals.sh`)"),
    ("latest-coverage.txt", "Structure coverage on pressrel-dev (`bash bench/evals.sh`)"),
    ("latest-dedup.txt", "Duplicate pairing on pressrel-dev variants (`bash bench/evals.sh`)"),
    ("latest-scale.md", "Archive at scale (`cargo run --release -p dateline-store --example scale`)"),
    ("latest-load.md", "HTTP load (`bash bench/load.sh`)"),
]


def extra_sections() -> str:
    parts = []
    for name, heading in EXTRA:
        path = OUT / name
        if not path.exists():
            continue
        body = path.read_text().rstrip()
        if name.endswith(".txt"):
            body = "```text\n" + body + "\n```"
        parts.append(f"\n## {heading}\n\n{body}\n")
    return "".join(parts)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--results", type=Path, default=OUT / "latest-extraction" / "results.json")
    ap.add_argument("--warc", type=Path, default=OUT / "latest-warc-memory.json")
    ap.add_argument("--write", type=Path, help="write here instead of stdout")
    args = ap.parse_args()
    if not args.results.exists():
        print(f"error: no results at `{args.results}`\nhint: run `bash bench/run.sh` first", file=sys.stderr)
        return 2
    res = json.loads(args.results.read_text())
    warc = json.loads(args.warc.read_text()) if args.warc.exists() else None
    text = render(res, warc) + extra_sections()
    if args.write:
        args.write.write_text(text)
        print(f"bench/report: wrote {args.write}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
