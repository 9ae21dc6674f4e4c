"""The character tables of normalization, read from lexicon/text.yaml (`characters`).

They are script data (which code points are removed, rewritten or re-spelled), so they live
with the lexicon: Python spells no Arabic-script character. Each table is built once into the
form its user needs: a regex class, a list of one-character replacements, a str.translate map.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from orchestration.extraction.lexicon import load_lexicon


def _table() -> dict:
    return load_lexicon()["characters"]


def code_points(entries: list) -> list[int]:
    """Every code point of a list of single code points and [first, last] ranges."""
    points: list[int] = []
    for entry in entries:
        first, last = (entry, entry) if isinstance(entry, int) else entry
        points.extend(range(first, last + 1))
    return points


def char_class(points: list[int]) -> str:
    """A Rust regex class of these code points, as \\x{...} escapes in ranges."""
    points = sorted(set(points))
    ranges, start = [], None
    for index, point in enumerate(points):
        start = point if start is None else start
        if index + 1 == len(points) or points[index + 1] != point + 1:
            ranges.append(f"\\x{{{start:X}}}" if start == point else f"\\x{{{start:X}}}-\\x{{{point:X}}}")
            start = None
    return "[" + "".join(ranges) + "]"


def points_of(*names: str) -> list[int]:
    """The code points of the named tables (e.g. 'invisible', 'unwritten')."""
    return [p for name in names for p in code_points(_table()[name])]


@lru_cache(maxsize=None)
def char_class_of(*names: str) -> str:
    """One regex class of the code points of the named tables."""
    return char_class(points_of(*names))


@lru_cache(maxsize=1)
def digit_map() -> dict[str, str]:
    """Persian and Arabic-Indic digits and the Arabic number signs, to their ASCII forms."""
    mapping = {chr(zero + value): str(value) for zero in _table()["digit_zeros"] for value in range(10)}
    mapping.update({chr(point): sign for point, sign in _table()["number_signs"].items()})
    return mapping


@lru_cache(maxsize=None)
def letter_variants(language: str) -> dict[str, str]:
    """Letter variants of Arabic script, re-spelled the way `language` (fa or ar) writes them;
    {} for other languages."""
    variants = _table()["letter_variants"].get(language) or {}
    return {chr(source): chr(target) for source, target in variants.items()}


# The highest combining class of an inert mark: below the classes of the marks that letters of
# nfkc_blocks decompose into (202 and up), so such a mark never blocks their recomposition.
MAX_INERT_CLASS = 35


@lru_cache(maxsize=1)
def nfkc_stable_class() -> str:
    """A class of characters NFKC leaves alone wherever they stand: unchanged themselves, not
    combining (no reordering), and not composing with the character before them; plus the inert
    marks that normalization drops after NFKC. A text made only of these comes out of NFKC and
    that dropping as it comes out of the dropping alone."""
    points = [
        p for p in code_points(_table()["nfkc_blocks"])
        if unicodedata.category(chr(p)) != "Cn"
        and unicodedata.combining(chr(p)) == 0
        and unicodedata.normalize("NFKC", chr(p)) == chr(p)
    ]
    marks = code_points(_table()["nfkc_inert_marks"])
    if not all(0 < unicodedata.combining(chr(p)) <= MAX_INERT_CLASS for p in marks):
        raise ValueError("nfkc_inert_marks holds a mark NFKC could compose or be blocked by")
    return char_class(points + marks)
