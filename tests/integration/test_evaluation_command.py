"""The evaluation command: the seeds score perfectly; every corpus of corpora/thresholds.yaml stays
above its floors; a floor missed or misnamed is reported."""

from __future__ import annotations

import shutil

import pytest

from orchestration.cli import main
from orchestration.evaluation import load_thresholds
from tests.conftest import GOLD_FILE, ROOT, SEEDS_DIR

pytestmark = pytest.mark.integration


def test_seeds_score_perfectly(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("CEASEFIRE_REPORTS_DIR", str(tmp_path))
    code = main([
        "evaluate", "--articles", str(SEEDS_DIR), "--gold", str(GOLD_FILE),
        "--min-f1", "1", "--min-language-f1", "1", "--min-value-f1", "1", "--min-attributes", "1",
        "--min-negotiation-recall", "1", "--min-date-accuracy", "1",
    ])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "all figures / overall" in out


THRESHOLDS = ROOT / "corpora" / "thresholds.yaml"


def test_every_corpus_stays_above_its_floors_through_the_command(capsys, tmp_path, monkeypatch):
    """The floors of corpora/thresholds.yaml, enforced by the evaluate command itself (one
    pipeline run over every corpus)."""
    monkeypatch.setenv("CEASEFIRE_REPORTS_DIR", str(tmp_path))
    code = main(["evaluate", "--thresholds", str(THRESHOLDS)])
    captured = capsys.readouterr()
    assert code == 0, captured.err + captured.out[-4000:]
    assert captured.out.count("STRICT F1 (value and every attribute right)") == len(load_thresholds(THRESHOLDS))


def test_a_floor_above_the_score_fails_the_command_and_names_the_corpus(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("CEASEFIRE_REPORTS_DIR", str(tmp_path / "reports"))
    shutil.copytree(ROOT / "corpora" / "heldout", tmp_path / "heldout")
    (tmp_path / "thresholds.yaml").write_text("corpora:\n  heldout: {min_f1: 0.5, min_value_f1: 1.01}\n")
    code = main(["evaluate", "--thresholds", str(tmp_path / "thresholds.yaml")])
    err = capsys.readouterr().err
    assert code == 1
    assert "BELOW THRESHOLD: heldout: value F1 1.000 < 1.01" in err
    assert "strict figure F1" not in err


def test_an_unknown_floor_is_an_error_naming_the_file(tmp_path):
    shutil.copytree(ROOT / "corpora" / "heldout", tmp_path / "heldout")
    (tmp_path / "thresholds.yaml").write_text("corpora:\n  heldout: {min_f2: 0.5}\n")
    with pytest.raises(ValueError, match=r"thresholds.yaml: corpus heldout: unknown threshold\(s\) \['min_f2'\]"):
        load_thresholds(tmp_path / "thresholds.yaml")


def test_thresholds_fail_the_command(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("CEASEFIRE_REPORTS_DIR", str(tmp_path))
    code = main(["evaluate", "--articles", str(SEEDS_DIR), "--gold", str(GOLD_FILE), "--min-date-accuracy", "1.01"])
    assert code == 1
    assert "BELOW THRESHOLD: date accuracy" in capsys.readouterr().err

