#!/usr/bin/env bash
# The whole test suite, from a fresh machine with Python 3.11, Java 17+ and Maven:
#   ./scripts/test.sh [PYTEST ARGS...]
# Creates .venv if absent, installs the project with its test extras, installs Chromium for
# the browser tests if missing, then runs pytest against a real Neo4j: the one NEO4J_URI
# points at if set, else a throwaway local one (scripts/neo4j_local.py, see docs/neo4j.md)
# that is always stopped afterwards. Exits with pytest's status, or 125 if Neo4j did not start.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

say() { printf 'test.sh: %s\n' "$*" >&2; }

if [[ ! -x .venv/bin/python ]]; then
    python="$(command -v python3.11 || command -v python3)"
    say "creating .venv with $python"
    "$python" -m venv .venv
fi
.venv/bin/python - <<'EOF'
import sys
if sys.version_info < (3, 11):
    sys.exit(f"test.sh: .venv has Python {sys.version.split()[0]}; kg needs 3.11+")
EOF

say "installing the project and its test extras into .venv"
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]'

if [[ ! -x /usr/bin/chromium ]]; then
    say "installing Debian's chromium for the browser tests"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

pytest=(.venv/bin/python -m pytest -q "$@")
if [[ -n "${NEO4J_URI:-}" ]]; then
    say "using the Neo4j server at $NEO4J_URI"
    exec "${pytest[@]}"
fi
exec .venv/bin/python scripts/neo4j_local.py run -- "${pytest[@]}"
