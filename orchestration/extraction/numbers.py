"""Find written numbers in sentences and read their values.

A number is digits ("1,200", "46 هزار 660" after digit normalization), a number word
("four", "دو", "ثلاثة") or either followed by a scale word ("1.9 million", "46 ألفا").
Mentions are located with the NUL-marker split (see sentences.py) so that every mention
gets an exact character offset. English word values come from text2num; Persian and
Arabic number words come from the lexicon (no maintained offline library parses them).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

import polars as pl
from text_to_num import text2num

from orchestration.extraction.lexicon import load_lexicon
from orchestration.extraction.patterns import respell
from orchestration.extraction.rules import rule, rule_regex
from orchestration.extraction.word_matches import TRAIL, word_matches

# More people than live on earth (8.1 billion in 2024): a larger number counts no people, whatever
# follows it, so it is no mention of a figure. The bound also keeps every value in a 64-bit integer.
LARGEST_COUNT = 10_000_000_000
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"


@lru_cache(maxsize=1)
def _words() -> dict[str, int]:
    """Every number word (lower case, normalized spelling) with its value."""
    lex = load_lexicon()["number_words"]
    return {respell(w, lang).lower(): int(v) for lang, table in lex.items() for w, v in table.items()}


@lru_cache(maxsize=1)
def _scales() -> dict[str, int]:
    lex = load_lexicon()["scale_words"]
    return {respell(w, lang).lower(): int(v) for lang, table in lex.items() for w, v in table.items()}


def _alt(words) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


@lru_cache(maxsize=1)
def mention_core() -> str:
    """Regex of one number mention without its word edges (no capture groups)."""
    words = _words()
    en_tens = [w for w, v in words.items() if w.isascii() and v >= 20]
    en_units = [w for w, v in words.items() if w.isascii() and v < 10]
    word = rf"(?:(?:{_alt(en_tens)})[- ](?:{_alt(en_units)})|(?:{_alt(words)}))"
    # Persian/Arabic compounds: "بیست و پنج".
    word = rf"(?:{word}(?:{rule_regex('numbers_compound_joiner')}{word})?)"
    base = rf"(?:{_DIGITS}|{word})"
    scale = rf"(?:{_alt(_scales())})"
    # "1.9 million", "46 هزار و 660", "یک میلیون و 200 هزار" (a smaller scale after the joiner).
    tail = rf"(?:\s+{scale}(?:\s*(?:{_alt(_joiners())})?\s*(?:{_DIGITS}|{word})(?:\s+{scale})?)?)?"
    # An Arabic dual noun is a mention of two (a conjunction or preposition may be attached).
    dual = rf"(?:{rule_regex('numbers_dual_proclitics')})(?:{_alt(_duals())})"
    return rf"(?i:(?:{base}{tail}|{dual}))"


@lru_cache(maxsize=1)
def mention_pattern() -> str:
    """One number mention between word edges, as lookarounds (for Python's regex library; polars
    scans go through find_numbers, which has no lookarounds to use)."""
    return rf"(?<!\w){mention_core()}(?!\w)"


def _joiners() -> list[str]:
    return list(dict.fromkeys(j for js in rule("numbers_scale_joiners").data.values() for j in js))


@lru_cache(maxsize=1)
def _duals() -> set[str]:
    return {respell(w, lang) for lang, words in rule("numbers_dual_nouns").data.items() for w in words}


@lru_cache(maxsize=1)
def _dual_endings() -> tuple[str, ...]:
    return tuple(_duals())


def is_dual(mention: str) -> bool:
    """Whether a mention is an Arabic dual noun ("طفلان"), which is both the number and its noun."""
    return mention.endswith(_dual_endings()) and not re.search(r"\d", mention)


def _parse_word(token: str) -> int | None:
    token = token.lower().strip()
    if token in _words():
        return _words()[token]
    if token.isascii():
        try:
            return int(text2num(token.replace("-", " "), "en"))
        except ValueError:
            return None
    parts = [p for p in re.split(rule_regex("numbers_compound_joiner"), token) if p]
    if parts and all(p in _words() for p in parts):
        return sum(_words()[p] for p in parts)
    return None


def _read_digits(digits: str) -> Decimal | None:
    """'46,660' or '1.9' exactly (no float rounding). None for a run of digits too long to be a
    count (a hostile text may hold millions of them: their value is never computed), and for
    digits glued to a word ("9 million1": the scale word is not split off)."""
    plain = digits.replace(",", "")
    if len(plain.split(".")[0].lstrip("0")) > len(str(LARGEST_COUNT)):
        return None
    try:
        return Decimal(plain)
    except InvalidOperation:
        return None


def parse_number(text: str) -> tuple[int | None, bool]:
    """Value of one mention and whether it was written in words. The value is None when the
    mention is no whole number ("1.5") or more than LARGEST_COUNT."""
    value, words = _parse_value(text)
    return (value if value is not None and value <= LARGEST_COUNT else None), words


@lru_cache(maxsize=1)
def _scale_split() -> re.Pattern:
    """A mention's head, scale word and rest ("1.9 million", "46 هزار و 660")."""
    return re.compile(rf"\s+({'|'.join(map(re.escape, _scales()))})(?!\w)\s*", flags=re.I)


def _parse_value(text: str) -> tuple[int | None, bool]:
    if is_dual(text.strip()):
        return 2, True
    scales = _scales()
    pieces = _scale_split().split(text.strip(), maxsplit=1)
    head = pieces[0]
    words = not re.match(r"\d", head)
    if words:
        value = _parse_word(head)
        if value is None:
            return None, True
        head_value: Decimal | int = value
    else:
        digits = _read_digits(head)
        if digits is None:
            return None, False
        head_value = digits
    if len(pieces) == 1:
        return (int(head_value) if head_value == int(head_value) else None), words
    scale = scales[pieces[1].lower()]
    rest = re.sub(rf"^(?:{'|'.join(_joiners())})\s*", "", pieces[2].strip(), flags=re.I) if len(pieces) > 2 else ""
    rest_value = parse_number(rest)[0] or 0 if rest else 0
    return int(round(head_value * scale)) + rest_value, words


def find_numbers(sentences: pl.DataFrame) -> pl.DataFrame:
    """One row per number mention: the sentence columns plus mention, pos, mention_len, value, words.

    pos is the character offset of the mention inside `sentence`.
    """
    found = word_matches(sentences["sentence"], "(?P<m>" + mention_core() + ")" + TRAIL, "${m}")
    pieces = (
        sentences.with_row_index("_row")
        .join(found, on="_row", how="inner")
        .sort("_row", "_pos")
        .rename({"_match": "mention", "_pos": "pos"})
        .with_columns(pl.col("pos").cast(pl.UInt32))
        .with_columns(pl.col("mention").str.len_chars().alias("mention_len"))
        .drop("_row")
    )
    distinct = pieces.select(pl.col("mention").unique())
    parsed = [parse_number(m) for m in distinct["mention"].to_list()]
    values = distinct.with_columns(
        pl.Series("value", [p[0] for p in parsed], dtype=pl.Int64),
        pl.Series("words", [p[1] for p in parsed], dtype=pl.Boolean),
        pl.Series("dual", [is_dual(m) for m in distinct["mention"].to_list()], dtype=pl.Boolean),
    )
    return pieces.join(values, on="mention", how="left").filter(pl.col("value").is_not_null() & ~_vague())


def _vague() -> pl.Expr:
    """A number word with a plural ending ("ده ها"), or a bare scale word after one ("صدها هزار")."""
    rule_data = rule("numbers_vague_plural_endings").data
    endings = "|".join(respell(e, lang) for lang, es in rule_data.items() for e in es)
    after = pl.col("sentence").str.slice(pl.col("pos") + pl.col("mention_len"), 6)
    vague = pl.col("words") & after.str.contains(rf"^[ ]?(?:{endings})(?:[^\w]|$)")
    # "ده ها هزار", "صدها هزار" (tens, hundreds of thousands): a plural before a bare scale word.
    before = pl.col("sentence").str.slice((pl.col("pos") - 6).clip(lower_bound=0), pl.min_horizontal(pl.col("pos"), 6))
    bare_scale = pl.col("mention").str.to_lowercase().is_in(list(_scales()))
    return vague | (bare_scale & before.str.contains(rf"(?:{endings})[ ]*$"))
