"""Reading many page stamps with few dateparser calls.

dateparser costs some milliseconds a call, and a batch of pages prints thousands of different
stamps in a few dozen shapes: "6 May 2024", "7 May 2024" and "30 May 2023" are one shape, a
day and a year around the same month word. A shape (the string with its digit runs as slots)
is read once by dateparser with probe values, which shows what each slot is (day, month, year)
and, for a month word, which month it names; every string of that shape is then read from its
own digits. The result is the one dateparser gives, because a shape keeps everything
dateparser reads but the digits, and each slot keeps its class:
- a year slot holds four digits between 1900 and 2100;
- a day or month slot holds one or two digits, and is `low` (1-12, a month or a day) or `high`
  (13-31, only a day): a numeric date's order can depend on that, so the two are other shapes;
- a slot glued to a letter ("22nd") is no slot: its digits stay in the shape as written;
- the one day slot beside a month word is any day, whatever its width: "6 May 2024", "06 May
  2024" and "15 May 2024" are one shape (a day next to a month word is never read as a month).
A string whose digits make no day (31 June), a shape that probes do not read, and any string
with other digit runs go to dateparser itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from functools import lru_cache
from typing import Optional

_DIGITS = re.compile(r"[0-9]+")
_LETTER = re.compile(r"[^\W\d_]")
YEARS = (1900, 2100)
_PROBES = {"low": (3, 7), "high": (15, 23), "day": (15, 15), "year": (2024, 2024)}
Parse = Callable[[str, str, str], Optional[date]]


def _slot_class(text: str, match: re.Match) -> str | None:
    """year | low | high for a digit run that may be a slot; None for literal digits."""
    glued = any(0 <= i < len(text) and _LETTER.match(text[i]) for i in (match.start() - 1, match.end()))
    digits, value = match.group(0), int(match.group(0))
    if glued:
        return None
    if len(digits) == 4 and YEARS[0] <= value <= YEARS[1]:
        return "year"
    if len(digits) <= 2 and 1 <= value <= 31:
        return "low" if value <= 12 else "high"
    return "none"


def shape_of(text: str) -> tuple[tuple, tuple[int, ...]] | None:
    """(shape, slot values): the text's pieces around its slots with each slot's width and
    class; None when a digit run is neither a slot nor glued to a letter."""
    pieces, slots, values, start = [], [], [], 0
    for match in _DIGITS.finditer(text):
        kind = _slot_class(text, match)
        if kind is None:
            continue
        if kind == "none":
            return None
        pieces.append(text[start : match.start()])
        slots.append((len(match.group(0)), kind))
        values.append(int(match.group(0)))
        start = match.end()
    pieces.append(text[start:])
    if sum(kind != "year" for _, kind in slots) == 1:  # a day beside a month word: any day is read alike
        slots = [(0, "day") if kind != "year" else (width, kind) for width, kind in slots]
    return (tuple(pieces), tuple(slots)), tuple(values)


def _probe_values(slots: tuple) -> list[int]:
    """Distinct values of each slot's class, the n-th slot of a class taking its n-th probe."""
    seen: dict[str, int] = {}
    values = []
    for _, kind in slots:
        values.append(_PROBES[kind][min(seen.get(kind, 0), 1)])
        seen[kind] = seen.get(kind, 0) + 1
    return values


def _roles(slots: tuple, probes: list[int], read: date) -> tuple[int, int | None, int] | None:
    """(day slot, month slot or None for a month word, year slot) that explain `read`."""
    year = [i for i, (_, kind) in enumerate(slots) if kind == "year"]
    others = [i for i, (_, kind) in enumerate(slots) if kind != "year"]
    if len(year) != 1 or read.year != probes[year[0]] or len(others) not in (1, 2):
        return None
    days = [i for i in others if probes[i] == read.day]
    if len(days) != 1:
        return None
    months = [i for i in others if i != days[0]]
    if months and probes[months[0]] != read.month:
        return None
    return days[0], (months[0] if months else None), year[0]


@lru_cache(maxsize=10_000)
def _reading(shape: tuple, language: str, order: str, parse: Parse) -> tuple | None:
    """(day slot, month slot, year slot, month) of a shape, from one dateparser call."""
    pieces, slots = shape
    probes = _probe_values(slots)
    text = pieces[0] + "".join(str(v).zfill(w) + p for (w, _), v, p in zip(slots, probes, pieces[1:]))
    read = parse(text, language, order)
    roles = _roles(slots, probes, read) if read is not None else None
    return None if roles is None else (*roles, read.month)


def read_by_shape(text: str, language: str, order: str, parse: Parse) -> date | None | bool:
    """The day `parse` (dateparser) gives for `text`, read from its shape; False when the
    shape cannot tell (then `parse` itself must be asked)."""
    shaped = shape_of(text)
    if shaped is None:
        return False
    shape, values = shaped
    reading = _reading(shape, language, order, parse)
    if reading is None:
        return False
    day_slot, month_slot, year_slot, month = reading
    try:
        return date(values[year_slot], month if month_slot is None else values[month_slot], values[day_slot])
    except ValueError:
        return False
