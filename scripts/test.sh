#!/usr/bin/env bash
# Set up, then run the whole test suite (unit, integration, end-to-end). Extra args go to pytest.
# Two workers (the machines have two cores); the tests of one file stay on one worker, so a
# file's shared warehouse fixture is built once. The dbt manifest is prepared before the workers
# start, so that they do not parse the project at the same time.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/python -c "import orchestration.definitions" >/dev/null
exec .venv/bin/python -m pytest -n "${CEASEFIRE_TEST_WORKERS:-2}" --dist loadfile "$@"
