#!/usr/bin/env bash
# The main job: set up, materialize every asset on the article folder, print a summary.
#   CEASEFIRE_ARTICLES_DIR  article folder (default: seeds/)
#   CEASEFIRE_WAREHOUSE     DuckDB file (default: warehouse/ceasefire_ledger.duckdb)
# Run storage goes to <warehouse>.dagster/ beside the file unless DAGSTER_HOME is set.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/ceasefire-ledger run
