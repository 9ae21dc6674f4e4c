"""ceasefire-ledger: the Dagster code location (see definitions.py)."""
