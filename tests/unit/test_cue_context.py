"""One labelled pass per cue family (cue_context.first_label, label_at_end) gives the answer of one
distance per label and the nearest label (cue_context.pick over dist_right or dist_left)."""

from __future__ import annotations

import polars as pl
import pytest

from orchestration.extraction.cue_context import dist_left, dist_right, first_label, label_at_end, pick

FAMILY = {  # two labels that can match at the same place ("freed" is in both), in this order
    "released": r"(?:freed|released|handed over)",
    "dead": r"(?:killed|dead|freed alive)",
}
TEXTS = [
    " were freed on Sunday",  # both labels start at "freed": the first label wins the tie
    " were killed, and later released",  # the nearer one wins
    " are held",  # none
    "",
    None,
    " people, who were handed over after they were killed",
    " killed",  # at the very start
    " of them, according to the army, and the rest were dead",  # far: past a limit
]


def _both(patterns: dict[str, str], limit: int | None) -> pl.DataFrame:
    text = pl.col("text")
    return pl.DataFrame({"text": TEXTS}, schema={"text": pl.String}).select(
        first_label(text, patterns, limit).alias("one_pass"),
        pick({label: dist_right(text, pattern) for label, pattern in patterns.items()}, limit).alias("per_label"),
    )


@pytest.mark.parametrize("limit", [None, 20])
def test_one_pass_equals_the_nearest_label(limit):
    both = _both(FAMILY, limit)
    assert both["one_pass"].to_list() == both["per_label"].to_list()


def test_the_answers_themselves():
    assert _both(FAMILY, None)["one_pass"].to_list() == ["released", "dead", None, None, None, "released", "dead", "dead"]
    assert _both(FAMILY, 20)["one_pass"].to_list()[-1] is None


def test_anchored_patterns_tie_in_dict_order():
    anchored = {"first": r"^[ ]+(?:women|children)", "second": r"^[ ]+children"}
    both = _both(anchored, None)
    assert both["one_pass"].to_list() == both["per_label"].to_list()


AT_END = {  # toll phrases before a figure, anchored at the end; "rose to" is in both
    "killed": r"(?:death toll|dead) (?:rose|climbed) to[ ]*$",
    "injured": r"(?:injured|toll) (?:rose|climbed) to[ ]*$",
}
LEFT_TEXTS = ["The death toll rose to ", "the toll climbed to", "the injured rose to  ", "rose to ", "", None, "the death toll rose to 5 and then"]


def test_label_at_end_equals_the_nearest_label_on_the_left():
    text = pl.col("text")
    both = pl.DataFrame({"text": LEFT_TEXTS}, schema={"text": pl.String}).select(
        label_at_end(text, AT_END).alias("one_pass"),
        pick({label: dist_left(text, pattern) for label, pattern in AT_END.items()}).alias("per_label"),
    )
    assert both["one_pass"].to_list() == both["per_label"].to_list() == ["killed", "injured", "injured", None, None, None, None]


def test_label_at_end_refuses_patterns_not_anchored_at_the_end():
    with pytest.raises(ValueError, match="anchored at the end"):
        label_at_end(pl.col("text"), {"killed": "death toll"})
