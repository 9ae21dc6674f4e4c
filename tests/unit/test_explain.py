"""`ceasefire-ledger explain`: every number of a text, and the rule behind each attribute."""

from __future__ import annotations

from orchestration.cli import main
from orchestration.extraction.explain import ATTRIBUTES, explain_candidates

TEXT = "The health ministry said at least 30 people were killed in 2024, including 12 children."


def _rows() -> dict[str, dict]:
    return {row["mention"]: row for row in explain_candidates(TEXT).iter_rows(named=True)}


def test_each_attribute_of_a_figure_names_its_rule() -> None:
    figure = _rows()["30"]
    assert (figure["kind"], figure["metric"], figure["qualifier"]) == ("casualty", "killed", "at_least")
    for attribute in ATTRIBUTES:
        if figure.get(attribute) is not None:
            assert figure[f"{attribute}__rule"], f"no rule named for {attribute}"
    assert figure["qualifier__rule"] != figure["metric__rule"]


def test_a_breakdown_says_it_inherits() -> None:
    part = _rows()["12"]
    assert (part["metric"], part["victim_group"]) == ("killed", "children")
    assert "breakdown" in part["metric__rule"]


def test_a_year_is_excluded_by_a_named_rule() -> None:
    year = _rows()["2024"]
    assert year["kind"] is None
    assert year["excluded_by"] not in (None, "undecided")


def test_the_command_prints_rules(capsys) -> None:
    assert main(["explain", TEXT]) == 0
    out = capsys.readouterr().out
    assert "'30' (value 30)" in out and "metric        killed" in out and " by " in out
    assert main(["explain", "  "]) == 2
