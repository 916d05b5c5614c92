#!/usr/bin/env bash
# Create bench/.venv with the pinned peer extractors. Safe to run again: an
# existing venv is reused and pip only installs what is missing or differs.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="$here/.venv"
python="${PYTHON:-python3}"

if [[ ! -x "$venv/bin/python" ]]; then
    echo "bench/setup: creating $venv" >&2
    "$python" -m venv "$venv"
    # The pip bundled with older Pythons trips over readability-lxml's
    # `lxml[html_clean]` extra (an internal resolver assertion); a current pip does not.
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
fi

"$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    -r "$here/requirements.txt"

# Fail here, not halfway through a benchmark, when a peer does not import.
"$venv/bin/python" - <<'PY'
import importlib.metadata as md
import trafilatura, resiliparse.extract.html2text, readability, lxml.html  # noqa: F401
for name in ("trafilatura", "resiliparse", "readability-lxml", "lxml", "lxml-html-clean"):
    print(f"bench/setup: {name} {md.version(name)}")
PY
