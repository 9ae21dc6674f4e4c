"""The two user settings, read in one place by the Python side and handed to dbt.

Both are environment variables with working defaults. Paths are made absolute here and
written back to the environment so that the dbt subprocess (which runs with the dbt
project as its working directory) resolves the same files.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"
REFERENCE_SERIES_CSV = DBT_PROJECT_DIR / "seeds" / "gaza_moh_daily.csv"
LEXICON_DIR = Path(__file__).resolve().parent / "lexicon"

ARTICLES_DIR_VAR = "CEASEFIRE_ARTICLES_DIR"
WAREHOUSE_VAR = "CEASEFIRE_WAREHOUSE"
REPORTS_DIR_VAR = "CEASEFIRE_REPORTS_DIR"

DEFAULT_ARTICLES_DIR = PROJECT_ROOT / "seeds"
DEFAULT_WAREHOUSE = PROJECT_ROOT / "warehouse" / "ceasefire_ledger.duckdb"
DEFAULT_REPORTS_DIR = PROJECT_ROOT / "reports"


def _resolve(var: str, default: Path) -> Path:
    raw = os.environ.get(var)
    path = Path(raw).expanduser() if raw else default
    if not path.is_absolute():
        path = (Path.cwd() / path).resolve()
    return path


def articles_dir() -> Path:
    return _resolve(ARTICLES_DIR_VAR, DEFAULT_ARTICLES_DIR)


def warehouse_path() -> Path:
    return _resolve(WAREHOUSE_VAR, DEFAULT_WAREHOUSE)


def reports_dir() -> Path:
    return _resolve(REPORTS_DIR_VAR, DEFAULT_REPORTS_DIR)


REFERENCE_AGREEMENT_VAR = "CEASEFIRE_MIN_REFERENCE_AGREEMENT"
DEFAULT_MIN_REFERENCE_AGREEMENT = 0.8
"""The asset check `casualty_trend_agrees_with_reference` warns when fewer than this share of the
Gaza rows of marts.casualty_trend that can be compared with the MoH series agree with it."""


def min_reference_agreement() -> float:
    """The share (0-1) below which the reference-agreement check warns; a bad value is an error
    that names the variable, not a silent default."""
    raw = os.environ.get(REFERENCE_AGREEMENT_VAR, "").strip()
    if not raw:
        return DEFAULT_MIN_REFERENCE_AGREEMENT
    try:
        share = float(raw.rstrip("%")) / (100 if raw.endswith("%") else 1)
    except ValueError:
        share = -1.0
    if not 0 <= share <= 1:
        raise ValueError(f"{REFERENCE_AGREEMENT_VAR}={raw!r}: expected a share between 0 and 1 (e.g. 0.8) or a percentage (80%)")
    return share


def export_for_dbt() -> Path:
    """Pin the absolute warehouse path in the environment dbt inherits; returns it."""
    path = warehouse_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    os.environ[WAREHOUSE_VAR] = str(path)
    return path
