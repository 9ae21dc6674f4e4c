#!/usr/bin/env bash
# Set up, then run the whole test suite (unit, integration, end-to-end). Extra args go to pytest.
# Two workers (the machines have two cores); the tests of one file stay on one worker, so a
# file's shared warehouse fixture is built once. The longest files start first
# (tests/long_files_first.py), so that no long file starts last and runs alone at the end.
# Before the workers start: the dbt manifest is prepared (so that they do not parse the project
# at the same time) and the project's modules are compiled once (the main command runs about a
# hundred times, each a new process that would otherwise compile them again when bytecode is
# not written).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# The commands the tests start import this checkout, also from a clone sharing another's .venv.
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
.venv/bin/python -c "import orchestration.definitions" >/dev/null
.venv/bin/python -m compileall -q orchestration tests benchmarks >/dev/null
exec .venv/bin/python -m pytest -n "${CEASEFIRE_TEST_WORKERS:-2}" --dist loadfile --no-loadscope-reorder -p tests.long_files_first "$@"
