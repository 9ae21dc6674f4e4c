#!/usr/bin/env bash
# Set up, then run the benchmark (not part of the tests). Extra args go to benchmarks.run,
# e.g. --sizes 10000,100000 --work /tmp/bench. Results: benchmarks/results/results.json.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python -m benchmarks.run "$@"
