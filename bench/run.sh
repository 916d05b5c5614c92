#!/usr/bin/env bash
# One command for the whole benchmark: peers, dateline release build, the
# extraction side-by-side over extraction-dev, then the WARC memory run.
# Extra arguments go to extraction.py (e.g. `bash bench/run.sh --limit 50`).
# Set SKIP_WARC=1 to leave out the memory run, WARC_MB to change its size,
# BENCH_RUST_PEERS=1 to also build (once, a few minutes) and run the Rust peers.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
cd "$repo"

bash "$here/setup.sh"
echo "bench/run: cargo build --release -p dateline" >&2
if ! cargo build --release -p dateline; then
    echo "error: \`cargo build --release -p dateline\` failed, so there is no current binary to measure" >&2
    echo "hint: fix the build, or run \`bench/.venv/bin/python bench/extraction.py\` against the binary you have" >&2
    exit 2
fi
if [[ "${BENCH_RUST_PEERS:-0}" == 1 ]]; then
    echo "bench/run: building the Rust peers (bench/peers-rs)" >&2
    cargo build --release --manifest-path "$here/peers-rs/Cargo.toml"
fi

mkdir -p "$here/out"
echo "bench/run: uptime before: $(uptime)" >&2
"$here/.venv/bin/python" "$here/extraction.py" "$@" | tee "$here/out/latest-extraction.md"
if [[ "${SKIP_WARC:-0}" != 1 ]]; then
    echo
    echo "## WARC memory"
    bash "$here/warc_memory.sh" | tee "$here/out/latest-warc-memory.md"
fi
echo "bench/run: uptime after: $(uptime)" >&2
if [[ $# -eq 0 && "${SKIP_WARC:-0}" != 1 && "${WARC_MB:-1024}" == 1024 ]]; then
    # A full run: its figures become the committed BENCHMARKS.md.
    "$here/.venv/bin/python" "$here/report.py" --write "$repo/BENCHMARKS.md"
else
    "$here/.venv/bin/python" "$here/report.py" --write "$here/out/BENCHMARKS.partial.md"
fi
