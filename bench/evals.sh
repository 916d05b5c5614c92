#!/usr/bin/env bash
# The evaluations beside the extraction benchmark: quotes (PolNeAR), datelines
# (Reuters-21578), structure coverage (pressrel-dev), duplicate pairing, and the
# end-to-end ingest benchmark. Each output is kept in bench/out/latest-<name>.txt;
# `python3 bench/report.py --write BENCHMARKS.md` puts them in BENCHMARKS.md verbatim.
#
# usage: bash bench/evals.sh [SHARED_DATA_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-../shared/data}
out=bench/out
mkdir -p "$out"

cargo build --release -p dateline-structure -p dateline-dedup --examples

save() { # name command...
  local name=$1
  shift
  echo "bench/evals: $name: $*" >&2
  { echo "\$ $*"; "$@" 2>&1; } > "$out/latest-$name.txt"
}

save quotes cargo run -q --release -p dateline-structure --example eval_quotes -- "$data/quotes-dev/polnear"
save datelines cargo run -q --release -p dateline-structure --example eval_datelines -- "$data/datelines-dev/reuters21578"
save coverage cargo run -q --release -p dateline-structure --example coverage_pressrel -- "$data/pressrel-dev"
save dedup cargo run -q --release -p dateline-dedup --example eval_pairs -- "$data/pressrel-dev"
bash bench/ingest.sh "$data" > /dev/null
echo "bench/evals: outputs in $out/latest-*.txt and $out/latest-ingest.md" >&2
