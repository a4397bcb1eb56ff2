#!/usr/bin/env bash
# The main job on the embedded default engine, from a fresh clone:
# install, ingest the sample articles, run a canned query, write the HTML view and the Turtle.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x .venv/bin/kg ]; then
  python3 -m venv .venv
  .venv/bin/pip install --quiet --upgrade pip
  .venv/bin/pip install --quiet -e .
fi
export PATH="$PWD/.venv/bin:$PATH"
export KG_DB="${KG_DB:-kg-data/graph.lbdb}"
mkdir -p out

kg ingest data/articles
kg stats
kg query run partners-of -p org="Route des Lasers"
kg viz -o out/graph.html
kg export --format turtle -o out/graph.ttl
echo "wrote out/graph.html and out/graph.ttl"
