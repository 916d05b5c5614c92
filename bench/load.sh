#!/usr/bin/env bash
# Load benchmark of `dateline serve` on loopback: wrk, 64 connections, a mix of
# searches, release pages, UI pages and views (bench/load/mix.lua).
#
#   bench/load.sh [ARCHIVE_DIR]
#
# Without ARCHIVE_DIR it builds one from the seed pages and 2,000 pressrel-dev
# releases with `dateline ingest`. The server is the release build of the
# server crate's `serve` example (the same `dateline_server::serve` the binary runs).
# Prints requests/s and the latency distribution (p50, p99) and appends a summary
# line to bench/load/results.tsv (time, records, connections, requests/s, p50, p99,
# non-2xx, load average before the run: the machine may be shared; then the mix,
# the response cache size and wrk's socket errors, timeouts included).
#
# Knobs: MIX=bench/load/mix-varied.lua (many distinct requests), CACHE_BYTES=0 (no
# response cache in the server), WARMUP=5s (run the mix that long, unmeasured, first:
# the server's caches then hold the repeated requests), MAX_IN_FLIGHT=N (read requests
# the server runs at once; 0: no admission line), DURATION, CONNECTIONS,
# THREADS, PORT.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
data="$root/../shared/data"
duration="${DURATION:-20s}"
connections="${CONNECTIONS:-64}"
threads="${THREADS:-2}"
port="${PORT:-18181}"

command -v wrk >/dev/null || { echo "installing wrk from Debian" >&2; apt-get install -y -qq wrk >/dev/null; }

work="$(mktemp -d)"
server=""
cleanup() {
    if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

archive="${1:-}"
if [ -z "$archive" ]; then
    cargo build -q --release -p dateline
    mkdir -p "$work/pressrel"
    tar -xJf "$data/pressrel-dev/prwire-2018-2024.tar.xz" -C "$work/pressrel"
    find "$work/pressrel" -name '*.md' | sort | awk 'NR % 4 == 0 && ++n <= 2000' > "$work/list"
    mapfile -t picked < "$work/list"
    archive="$work/archive"
    "$root/target/release/dateline" ingest --archive "$archive" --no-progress --quiet "$data/seeds" "${picked[@]}"
fi

cargo build -q --release -p dateline-server --example serve
# MAX_IN_FLIGHT=N: read requests the server runs at once (0: no admission line).
export DATELINE_MAX_IN_FLIGHT="${MAX_IN_FLIGHT:-}"
cache_bytes="${CACHE_BYTES:-default}"
if [ "$cache_bytes" = default ]; then
    "$root/target/release/examples/serve" "$archive" "127.0.0.1:$port" 2>"$work/server.log" &
else
    DATELINE_CACHE_BYTES="$cache_bytes" "$root/target/release/examples/serve" "$archive" "127.0.0.1:$port" 2>"$work/server.log" &
fi
server=$!
for _ in $(seq 600); do
    curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
    sleep 0.1
done

# Release ids for the mix (mix.lua uses the first 10).
curl -fs "http://127.0.0.1:$port/api/search?q=&sort=newest&limit=50&facets=0" \
    | grep -o '"id":"[0-9a-f]*"' | cut -d'"' -f4 > "$work/ids.txt"

load="$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo '?')"
records="$(curl -fs "http://127.0.0.1:$port/healthz" | grep -o '"records":[0-9]*' | cut -d: -f2)"
echo "archive: $archive ($records records); $connections connections, $threads threads, $duration" >&2
mix="$(basename "${MIX:-bench/load/mix.lua}")"
if [ -n "${MAX_IN_FLIGHT:-}" ]; then mix="$mix+inflight$MAX_IN_FLIGHT"; fi
if [ -n "${WARMUP:-}" ]; then
    LOAD_IDS="$work/ids.txt" wrk -t"$threads" -c"$connections" -d"$WARMUP" -s "${MIX:-bench/load/mix.lua}" "http://127.0.0.1:$port" >/dev/null
    mix="$mix+warmup$WARMUP"
fi
LOAD_IDS="$work/ids.txt" wrk -t"$threads" -c"$connections" -d"$duration" --latency -s "${MIX:-bench/load/mix.lua}" "http://127.0.0.1:$port" | tee "$work/wrk.txt"

# Mean time per route, from the server's own histogram.
echo "route                                  requests   mean"
curl -fs "http://127.0.0.1:$port/metrics" | awk '
    /^dateline_http_request_duration_seconds_sum/ { match($0, /route="[^"]*"/); r = substr($0, RSTART + 7, RLENGTH - 8); sum[r] = $NF }
    /^dateline_http_request_duration_seconds_count/ { match($0, /route="[^"]*"/); r = substr($0, RSTART + 7, RLENGTH - 8); n[r] = $NF }
    END { for (r in n) if (n[r] > 0) printf "%-38s %8d %8.1f ms\n", r, n[r], 1000 * sum[r] / n[r] }' | sort

rps="$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")"
p50="$(awk '$1 == "50%" {print $2}' "$work/wrk.txt")"
p99="$(awk '$1 == "99%" {print $2}' "$work/wrk.txt")"
non2xx="$(awk '/Non-2xx/ {print $NF}' "$work/wrk.txt")"
socket="$(awk -F'[ ,]+' '/Socket errors/ {print $5 + $7 + $9 + $11}' "$work/wrk.txt")"
printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$records" "$connections" "$rps" "$p50" "$p99" "${non2xx:-0}" "$load" "$mix" "$cache_bytes" "${socket:-0}" >> bench/load/results.tsv
echo "requests/s $rps  p50 $p50  p99 $p99  non-2xx ${non2xx:-0}  socket errors ${socket:-0}"
curl -fs "http://127.0.0.1:$port/metrics" | grep '^dateline_response_cache' || true
