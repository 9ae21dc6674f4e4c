#!/usr/bin/env bash
# The main job: set up, materialize every asset on the article folder, print a summary.
#   CEASEFIRE_ARTICLES_DIR  article folder (default: seeds/)
#   CEASEFIRE_WAREHOUSE     DuckDB file (default: warehouse/ceasefire_ledger.duckdb)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export DAGSTER_HOME="${DAGSTER_HOME:-$PWD/.dagster}"
mkdir -p "$DAGSTER_HOME"
[ -f "$DAGSTER_HOME/dagster.yaml" ] || : > "$DAGSTER_HOME/dagster.yaml"
exec .venv/bin/ceasefire-ledger run
