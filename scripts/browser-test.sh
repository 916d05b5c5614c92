#!/usr/bin/env bash
# Drives the dateline web UI in headless Chromium: search, click a facet, open a
# release, follow a speaker to the person page, with screenshots of each page.
#
#   scripts/browser-test.sh [OUT_DIR]        (default: target/browser-test)
#
# Builds an archive from the five seed pages and a few hundred pressrel-dev
# releases through the real `dateline ingest`, serves it on loopback and runs
# `cargo run -p dateline-server --example browser_test`. Installs Debian's
# chromium and chromium-driver when missing (no browser download).
# Set UPDATE_SCREENSHOTS=1 to copy the search, release and person screenshots to
# docs/screenshots/.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
out="${1:-target/browser-test}"
data="$root/../shared/data"
releases="${BROWSER_TEST_RELEASES:-300}"

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    echo "installing chromium and chromium-driver from Debian" >&2
    apt-get update -qq
    apt-get install -y -qq chromium chromium-driver >/dev/null
fi

if [ ! -d "$data/seeds" ]; then
    echo "error: the shared data is not at \`$data\`; the browser test needs its seed pages" >&2
    exit 2
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cargo build -q -p dateline
dateline="$root/target/debug/dateline"

inputs=("$data/seeds")
tarball="$data/pressrel-dev/prwire-2018-2024.tar.xz"
if [ -f "$tarball" ]; then
    mkdir -p "$work/pressrel"
    tar -xJf "$tarball" -C "$work/pressrel"
    # An even spread over wires and years: every 30th release, up to $releases.
    find "$work/pressrel" -name '*.md' | sort | awk -v max="$releases" 'NR % 30 == 0 && ++n <= max' > "$work/list"
    mapfile -t picked < "$work/list"
    inputs+=("${picked[@]}")
else
    echo "note: \`$tarball\` is missing; testing with the seed pages only" >&2
fi

"$dateline" ingest --archive "$work/archive" --no-progress --quiet "${inputs[@]}"

cargo build -q -p dateline-server --example browser_test
"$root/target/debug/examples/browser_test" "$work/archive" "$out"

if [ "${UPDATE_SCREENSHOTS:-0}" = 1 ]; then
    mkdir -p docs/screenshots
    cp "$out/01-search.png" docs/screenshots/search.png
    cp "$out/03-release.png" docs/screenshots/release.png
    cp "$out/04-person.png" docs/screenshots/person.png
    echo "updated docs/screenshots/"
fi
