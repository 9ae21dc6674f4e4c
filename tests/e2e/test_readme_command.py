"""The README's main command, end to end, on the seeds, into a temporary warehouse."""

from __future__ import annotations

import os
import subprocess

import pytest

from orchestration.warehouse import connect
from tests.conftest import ROOT

pytestmark = pytest.mark.e2e


def test_run_script_materializes_everything_and_prints_a_summary(tmp_path):
    env = {
        **os.environ,
        "CEASEFIRE_WAREHOUSE": str(tmp_path / "ledger.duckdb"),
        "CEASEFIRE_REPORTS_DIR": str(tmp_path / "reports"),
        "DAGSTER_HOME": str(tmp_path / "dagster_home"),
    }
    env.pop("CEASEFIRE_ARTICLES_DIR", None)  # the default: seeds/
    done = subprocess.run(
        ["bash", "scripts/run.sh"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    out = done.stdout
    assert "articles: 5" in out
    assert "marts.casualty_trend" in out and "marts.negotiation_rounds" in out
    assert "46,660" in out and "64,231" in out
    with connect(tmp_path / "ledger.duckdb", read_only=True) as conn:
        assert conn.execute("select count(*) from marts.negotiation_rounds").fetchone()[0] == 5
    assert (tmp_path / "reports" / "casualty_trend.png").exists()
