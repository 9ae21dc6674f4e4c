"""The evaluation command on the seeds (perfect), on the hand-made corpus (issue 3's targets) and
on the held-out articles (their first score)."""

from __future__ import annotations

import shutil

import pytest

from orchestration.cli import main
from tests.conftest import GOLD_FILE, ROOT, SEEDS_DIR

pytestmark = pytest.mark.integration


def test_seeds_score_perfectly(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("CEASEFIRE_REPORTS_DIR", str(tmp_path))
    code = main([
        "evaluate", "--articles", str(SEEDS_DIR), "--gold", str(GOLD_FILE),
        "--min-f1", "1", "--min-language-f1", "1", "--min-attributes", "1",
        "--min-negotiation-recall", "1", "--min-date-accuracy", "1",
    ])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "all figures / overall" in out


# (folder, F1, per-language F1, attributes, negotiation recall, date accuracy)
FLOORS = {
    # Issue 3's targets, on the corpus the rules were written from.
    "corpus": ("0.95", "0.9", "0.9", "0.9", "0.9"),
    # Written after the rules without reading them (corpora/heldout/README.md); floors just under
    # today's scores.
    "heldout": ("0.9", "0.9", "0.9", "0.8", "1"),
    "heldout2": ("0.8", "0.8", "0.8", "0.85", "1"),
    # First scores: heldout3 0.670, heldout4 0.747, heldout5 0.684; all three tuned on since.
    "heldout3": ("0.88", "0.85", "0.9", "0.7", "1"),
    "heldout4": ("0.9", "0.85", "0.9", "0.75", "1"),
    "heldout5": ("0.75", "0.6", "0.8", "0.8", "1"),
    # First scores: heldout6 0.650, heldout7 0.605, heldout8 0.707; all three tuned on since.
    "heldout6": ("0.8", "0.75", "0.85", "0.55", "1"),
    "heldout7": ("0.7", "0.6", "0.75", "0.45", "1"),
    "heldout8": ("0.8", "0.75", "0.85", "0.7", "1"),
    # First scores: heldout9 0.685, heldout10 0.683, heldout11 0.754; all three tuned on since.
    "heldout9": ("0.85", "0.85", "0.88", "0.45", "1"),
    "heldout10": ("0.8", "0.78", "0.88", "0.65", "1"),
    "heldout11": ("0.82", "0.78", "0.85", "0.7", "1"),
    # Not tuned on: first score F1 0.774 (en 0.835, fa 0.682, ar 0.776), attributes casualty 0.812,
    # hostage 0.905, negotiation recall 0.75 / 0.917, dates 14/14.
    "heldout12": ("0.74", "0.62", "0.78", "0.7", "1"),
    # Issue 12's dated pages (feeds, pages, sidecars with URLs; corpora/dated_pages/README.md):
    # first dates 17/39 before the dating work, 39/39 after it; figures F1 0.843, attributes
    # 0.946 / 0.809, negotiation recall 0.933 / 0.860.
    "dated_pages": ("0.82", "0.72", "0.8", "0.85", "1"),
    # Issue 14's real-style corpus (corpora/realstyle/README.md), 2026-12-07: every date right
    # (dev 102/102, test 49/49); figure F1 dev en 0.593, fa 0.536, ar 0.581; test en 0.402,
    # fa 0.638, ar 0.561. The figure floors sit just under today's scores: they catch a
    # regression, they are not targets.
    "realstyle/dev/en": ("0.56", "0.56", "0.6", "0.75", "1"),
    "realstyle/dev/fa": ("0.5", "0.5", "0.55", "0.6", "1"),
    "realstyle/dev/ar": ("0.55", "0.55", "0.5", "0.85", "1"),
    "realstyle/test/en": ("0.38", "0.38", "0.38", "0.6", "1"),
    "realstyle/test/fa": ("0.6", "0.6", "0.5", "0.6", "1"),
    "realstyle/test/ar": ("0.53", "0.53", "0.58", "0.45", "1"),
}


@pytest.fixture(scope="module")
def corpora_warehouse(tmp_path_factory):
    """One pipeline run over every corpus of FLOORS at once (each in a subfolder; gold entries name
    articles by file name, and no name repeats across corpora): one run instead of fourteen."""
    from orchestration.evaluation import materialize_into

    tmp = tmp_path_factory.mktemp("corpora")
    mp = pytest.MonkeyPatch()
    mp.setenv("CEASEFIRE_REPORTS_DIR", str(tmp / "reports"))
    folder = tmp / "articles"
    for name in FLOORS:
        shutil.copytree(ROOT / "corpora" / name / "articles", folder / name)
    warehouse = tmp / "corpora.duckdb"
    assert materialize_into(folder, warehouse).success
    yield warehouse
    mp.undo()


@pytest.mark.parametrize("folder", sorted(FLOORS))
def test_hand_written_articles_stay_above_their_floors(folder, corpora_warehouse):
    from orchestration.evaluation import evaluate_warehouse, failed_thresholds, format_evaluation, load_gold

    evaluation = evaluate_warehouse(corpora_warehouse, load_gold(ROOT / "corpora" / folder / "gold.jsonl"))
    failures = failed_thresholds(evaluation, *(float(floor) for floor in FLOORS[folder]))
    assert failures == [], format_evaluation(evaluation)


def test_thresholds_fail_the_command(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("CEASEFIRE_REPORTS_DIR", str(tmp_path))
    code = main(["evaluate", "--articles", str(SEEDS_DIR), "--gold", str(GOLD_FILE), "--min-date-accuracy", "1.01"])
    assert code == 1
    assert "BELOW THRESHOLD: date accuracy" in capsys.readouterr().err

