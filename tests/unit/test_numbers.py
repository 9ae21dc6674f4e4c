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


def _word_edge_reference(texts: list[str], core: str) -> list[tuple[int, int, str]]:
    """(row, offset, match) as a `\\b`-delimited regex finds them: the slow form word_matches replaces."""
    marked = pl.Series(texts).str.replace_all(rf"\b(?:{core})\b", "\x00${0}\x01").to_list()
    found = []
    for row, text in enumerate(marked):
        head, *pieces = text.split("\x00")
        offset = len(head)
        for piece in pieces:
            match, rest = piece.split("\x01", 1)
            found.append((row, offset, match))
            offset += len(match) + len(rest)
    return found


def test_mentions_are_found_as_between_word_edges():
    """find_numbers finds mentions without `\\b` (word_matches): the same mentions, offsets included,
    as the `\\b` pattern on adjacent numbers ("10-12"), numbers glued to words, scales and compounds."""
    import random

    from orchestration.extraction.numbers import mention_core
    from orchestration.extraction.word_matches import TRAIL, word_matches

    tokens = ["10", "12", "1,200", "2.5", "1.9", "million", "هزار", "و", "بیست", "پنج", "ثلاثة", "عشر", "twenty", "one",
              "-", "-", ",", ".", "/", " ", " ", " ", "km", "x", "طفلان", "وطفلان", "and", "(", ")", "th"]
    rng = random.Random(13)
    texts = ["".join(rng.choice(tokens) for _ in range(rng.randint(1, 12))) for _ in range(3000)]
    texts += ["10-12 people", "10-12 هزار نفر", "5-1,200 killed", "1-2-3-4-5", "2.5km away", "10-أحد عشر", "(3)(4) 5/6"]
    core = mention_core()
    found = word_matches(pl.Series(texts), "(?P<m>" + core + ")" + TRAIL, "${m}")
    assert [tuple(row) for row in found.rows()] == _word_edge_reference(texts, core)
