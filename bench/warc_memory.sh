#!/usr/bin/env bash
# Peak memory and throughput of `dateline extract` over one large WARC.
#
# Builds a WARC of WARC_MB megabytes (default 1024, the file's own size) from
# the extraction-dev pages repeated under varied URLs, in a temp dir, once as
# plain `.warc` and once as `.warc.gz` (one gzip member per record), then runs
#   /usr/bin/time -v target/release/dateline extract --format jsonl WARC | wc -l
# for each and reports dateline's peak RSS, wall time and pages/s.
#
# Env: WARC_MB (size), WARC_KINDS ("warc warc.gz"), DATELINE (binary),
#      DATELINE_BENCH_DATA (extraction-dev folder), KEEP_WARC=1 (keep the files),
#      CHECK_WARC=0 (skip the FastWARC check of each file before the run).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
warc_mb="${WARC_MB:-1024}"
kinds="${WARC_KINDS:-warc warc.gz}"
dateline="${DATELINE:-$repo/target/release/dateline}"
data="${DATELINE_BENCH_DATA:-$(dirname "$repo")/shared/data/extraction-dev}"
out_dir="$here/out"
mkdir -p "$out_dir"

if [[ ! -d "$data" ]]; then
    echo "note: extraction-dev not found at \`$data\`; skipping the WARC memory benchmark (set DATELINE_BENCH_DATA)" >&2
    exit 0
fi
if [[ ! -x "$dateline" ]]; then
    echo "error: no dateline binary at \`$dateline\`" >&2
    echo "hint: run \`cargo build --release -p dateline\` first" >&2
    exit 2
fi
if [[ ! -x /usr/bin/time ]]; then
    echo "bench/warc_memory: installing GNU time for peak-RSS measurement" >&2
    apt-get install -y -qq time >/dev/null || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
fi

tmp="$(mktemp -d -t dateline-bench-warc-XXXXXX)"
if [[ "${KEEP_WARC:-0}" != 1 ]]; then
    trap 'rm -rf "$tmp"' EXIT
else
    echo "bench/warc_memory: keeping WARCs in $tmp" >&2
fi

stamp="$(date -u +%Y%m%dT%H%M%SZ)"
result="$out_dir/warc-memory-$stamp.json"
echo "[" >"$result"
first=1
for kind in $kinds; do
    warc="$tmp/bench.$kind"
    gz_flag=()
    [[ "$kind" == *.gz ]] && gz_flag=(--gzip)
    echo "bench/warc_memory: writing ${warc_mb} MB $kind ..." >&2
    info="$(python3 "$here/make_warc.py" --data "$data" --size-mb "$warc_mb" "${gz_flag[@]}" "$warc")"
    responses="$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["responses"])' "$info")"
    bytes="$(stat -c %s "$warc")"
    if [[ -x "$here/.venv/bin/python" && "${CHECK_WARC:-1}" == 1 ]]; then
        # An independent reader must accept the file before dateline is timed on it.
        echo "bench/warc_memory: checking $kind with FastWARC ..." >&2
        "$here/.venv/bin/python" "$here/check_warc.py" "$warc" >&2 || {
            echo "error: \`$warc\` failed the FastWARC check; make_warc.py wrote a bad record" >&2
            exit 2
        }
    fi

    load_before="$(cut -d' ' -f1 /proc/loadavg)"
    echo "bench/warc_memory: dateline extract --format jsonl $kind ($responses pages) ..." >&2
    set +e
    /usr/bin/time -v -o "$tmp/time.txt" "$dateline" extract --format jsonl "$warc" 2>"$tmp/stderr.txt" | wc -l >"$tmp/lines.txt"
    status=("${PIPESTATUS[@]}")
    set -e
    load_after="$(cut -d' ' -f1 /proc/loadavg)"
    rc="${status[0]}"
    lines="$(tr -d ' ' <"$tmp/lines.txt")"
    rss_kb="$(awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$tmp/time.txt")"
    wall="$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$tmp/time.txt")"
    user="$(awk -F': ' '/User time/ {print $2}' "$tmp/time.txt")"
    sys_t="$(awk -F': ' '/System time/ {print $2}' "$tmp/time.txt")"
    # GNU time prints h:mm:ss or m:ss.ss; turn it into seconds.
    wall_s="$(python3 -c 'import sys; p=[float(x) for x in sys.argv[1].split(":")]; print(sum(v*60**i for i,v in enumerate(reversed(p))))' "$wall")"
    row="$(python3 - "$kind" "$bytes" "$responses" "$lines" "$rc" "${rss_kb:-0}" "$wall_s" "$user" "$sys_t" "$load_before" "$load_after" "$tmp/stderr.txt" <<'PY'
import json, sys
kind, size, pages, lines, rc, rss_kb, wall, user, sys_t, lb, la, err = sys.argv[1:]
wall = float(wall)
tail = open(err, encoding="utf-8", errors="replace").read().strip().splitlines()[-1:]
print(json.dumps({
    "kind": kind, "file_mb": int(size) / 1e6, "pages": int(pages), "records_out": int(lines),
    "exit": int(rc), "peak_rss_mb": int(rss_kb) / 1024, "wall_s": wall,
    "cpu_s": float(user) + float(sys_t),
    "pages_per_s": int(pages) / wall if wall > 0 else None,
    "mb_per_s": int(size) / 1e6 / wall if wall > 0 else None,
    "load_before": float(lb), "load_after": float(la), "stderr_tail": tail,
}))
PY
)"
    [[ $first == 1 ]] || echo "," >>"$result"
    first=0
    echo "$row" >>"$result"
    python3 - "$row" <<'PY'
import json, sys
r = json.loads(sys.argv[1])
verdict = "under 300 MB" if r["peak_rss_mb"] < 300 else "OVER 300 MB"
if r["exit"] not in (0, 1) or r["records_out"] < 0.95 * r["pages"]:
    verdict += "; not judged: dateline did not extract most pages"
print(f"{r['kind']}: {r['file_mb']:.0f} MB, {r['pages']} pages -> {r['records_out']} JSONL lines, exit {r['exit']}; "
      f"peak RSS {r['peak_rss_mb']:.1f} MB ({verdict}); {r['wall_s']:.1f} s wall, {r['cpu_s']:.1f} s CPU, "
      f"{r['pages_per_s'] or 0:.0f} pages/s, {r['mb_per_s'] or 0:.1f} MB/s; load {r['load_before']} -> {r['load_after']}")
if r["stderr_tail"]:
    print("  last stderr line: " + r["stderr_tail"][-1][:200])
PY
    rm -f "$warc"
done
echo "]" >>"$result"
ln -sfn "$(basename "$result")" "$out_dir/latest-warc-memory.json"
echo "bench/warc_memory: results in $result" >&2
