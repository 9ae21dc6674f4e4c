"""Reading numbers: values of every written form, and numbers no count of people can be."""

from __future__ import annotations

import polars as pl
import pytest

from orchestration.extraction.numbers import LARGEST_COUNT, find_numbers, parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("46,660", 46_660),
        ("1.9 million", 1_900_000),
        ("2.675 million", 2_675_000),
        ("46 هزار و 660", 46_660),
        ("twenty-one", 21),
        ("1.5", None),  # no whole number
        (str(LARGEST_COUNT), LARGEST_COUNT),
        (str(LARGEST_COUNT + 1), None),  # more than the people on earth
        ("9223372036854775808", None),  # 2^63: once an Int128 that stopped every extraction
        ("1,000,000,000,000,000,000", None),
        ("9" * 100_000, None),
        ("0000000000000000000012", 12),
        ("9999 million", 9_999_000_000),
        ("99999 million", None),
        ("9 million1", None),  # digits glued to the scale word: no number
    ],
)
def test_parse_number(text, value):
    assert parse_number(text)[0] == value


def test_a_huge_number_is_no_mention_and_moves_no_other():
    sentence = "Of 18446744073709551616 people, 12 were killed and 99999999999 wounded, 7 missing."
    frame = pl.DataFrame({"article_id": ["a"], "sentence_id": [0], "sentence": [sentence]})
    mentions = find_numbers(frame)
    assert mentions.select("mention", "pos", "value").rows() == [("12", 32, 12), ("7", 72, 7)]
    assert mentions["value"].dtype == pl.Int64
