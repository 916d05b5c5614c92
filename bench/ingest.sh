#!/usr/bin/env bash
# End-to-end ingest benchmark (issue #4): read, extract, structure, dedup, store and
# index the 9,630 pressrel-dev releases plus the 2,308 extraction-dev pages with the
# release binary on all cores; report releases/s, peak memory and archive size.
#
# usage: bash bench/ingest.sh [SHARED_DATA_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-../shared/data}
out=bench/out
mkdir -p "$out"
command -v /usr/bin/time >/dev/null || { apt-get update -qq && apt-get install -y -qq time; }

cargo build --release -p dateline
bin=target/release/dateline
work=$(mktemp -d /tmp/dateline-ingest-bench-XXXXXX)
trap 'rm -rf "$work"' EXIT

python3 bench/pressrel_jsonl.py "$data/pressrel-dev/prwire-2018-2024.tar.xz" "$work/pressrel.jsonl"
inputs=("$work/pressrel.jsonl" "$data"/extraction-dev/*/html)

run() { # label archive
  /usr/bin/time -v -o "$work/time.txt" "$bin" ingest --quiet --no-progress --json --archive "$2" "${inputs[@]}" > "$work/summary.json" 2> "$work/stderr.txt" || true
  local wall rss
  wall=$(grep "Elapsed (wall clock)" "$work/time.txt" | awk '{print $NF}')
  rss=$(grep "Maximum resident set size" "$work/time.txt" | awk '{print $NF}')
  python3 - "$1" "$wall" "$rss" "$work/summary.json" "$2" <<'PY'
import json, os, sys
label, wall, rss_kb, summary, archive = sys.argv[1:6]
parts = [float(p) for p in wall.split(":")]
secs = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
s = json.load(open(summary))
a = s["archive"]
size = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(archive) for f in fs)
print(f"| {label} | {a['pages_read']} | {a['new']} | {a['duplicate']} | {a['unchanged']} | "
      f"{sum(a['errors'].values())} | {secs:.1f} | {a['pages_read'] / secs:.0f} | "
      f"{int(rss_kb) / 1024:.0f} MB | {size / 2**20:.0f} MB |")
PY
}

{
  echo "Ingest, end to end, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%M:%SZ), load before: $(cut -d' ' -f1 /proc/loadavg)"
  echo
  echo "| run | pages read | new | duplicate | unchanged | failed | seconds | pages/s | peak RSS | archive size |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  run "first ingest" "$work/archive"
  run "same inputs again" "$work/archive"
} | tee "$out/latest-ingest.md"
