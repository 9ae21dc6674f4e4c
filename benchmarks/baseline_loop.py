"""The figure rules of the polars extractor, written as a plain Python loop with `re`.

This is the yardstick for the polars extractor's speed: the same rules, the same lexicon word
lists (`load_lexicon`, `patterns.alternation` / `bare_alternation` / `cue`,
`numbers.mention_pattern` / `parse_number`), applied article by article, sentence by sentence,
mention by mention:

    sentences    sentences.split_sentences (abbreviations masked, boundary regex, paragraphs)
    mentions     numbers.find_numbers (one regex over each sentence, values by parse_number,
                 vague plurals dropped)
    figures      figures.classify_figures (what follows and precedes each number, neighbouring
                 figures bounding the context, nearest cue word, kind, measure, status,
                 breakdown and list inheritance) and figure_attributes.describe_figures (group, region, scope,
                 qualifier, reporter)
    facts        facts.figure_facts (plausible values, sentence reporters, offsets)

Each function below names the polars step it mirrors; `as_of` (the dating rules) is left out.
The lexicon fragments are Rust regex syntax; `to_python` translates what Python's `re` reads
differently: \\p{...} classes become explicit character classes (computed once by asking polars
itself which characters are in them) and an unescaped `$` becomes `\\Z` (Python's `$` also
matches before a final newline).
"""

from __future__ import annotations

import re
from functools import lru_cache

import polars as pl

from orchestration.extraction.facts import MAX_PLAUSIBLE
from orchestration.extraction.cue_context import NEAR, WINDOW, month_names, qualifier_alternation
from orchestration.extraction.figure_attributes import (
    DATELINE, ISRAELI, NATIONALS, QUALIFIERS, REGIONS, REPORTERS, REPORTING_DAY, REPORTING_DAY_FA, REPORTING_NEAR_DAY,
    REPORTING_NEAR_DAY_AR, region_cues,
)
from orchestration.extraction.figures import AUXILIARY_NEXT, DAY, METRICS, PALESTINIAN, STATUSES, YEAR, YEAR_OR_SOLAR_YEAR
from orchestration.extraction.lexicon import load_lexicon
from orchestration.extraction.numbers import mention_pattern, parse_number
from orchestration.extraction.patterns import alternation, bare_alternation, cue, respell
from orchestration.extraction.sentences import _BOUNDARY, _DOT_MASK, clause_pieces

# --- Rust regex -> Python re ---------------------------------------------------------------

_PROPERTY = re.compile(r"\\[pP]\{(\w+)\}")


@lru_cache(maxsize=None)
def _class_ranges(name: str) -> str:
    """The characters of the Rust class \\p{name}, as the inside of a Python [...] class."""
    codes = [c for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    chars = pl.Series([chr(c) for c in codes])
    inside = chars.str.contains(rf"^\p{{{name}}}$").to_list()
    ranges, start, prev = [], None, None
    for code, ok in zip(codes, inside):
        if ok:
            if start is None:
                start = code
            elif code != prev + 1:
                ranges.append((start, prev))
                start = code
            prev = code
    if start is not None:
        ranges.append((start, prev))
    esc = lambda c: re.escape(chr(c))  # noqa: E731
    return "".join(esc(a) if a == b else f"{esc(a)}-{esc(b)}" for a, b in ranges)


def to_python(pattern: str) -> str:
    """Rewrite a Rust-regex pattern for Python's `re` (see the module docstring)."""
    out, i, in_class = [], 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            prop = _PROPERTY.match(pattern, i)
            if prop:
                negated = pattern[i + 1] == "P"
                ranges = _class_ranges(prop.group(1))
                if in_class and not negated:
                    out.append(ranges)
                else:
                    out.append(("[^" if negated else "[") + ranges + "]")
                i = prop.end()
                continue
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if in_class:
            if ch == "]":
                in_class = False
        elif ch == "[":
            in_class = True
            out.append(ch)
            i += 1
            if i < len(pattern) and pattern[i] == "^":
                out.append("^")
                i += 1
            if i < len(pattern) and pattern[i] == "]":
                out.append("\\]")
                i += 1
            continue
        elif ch == "$":
            out.append(r"\Z")
            i += 1
            continue
        out.append(ch)
        i += 1
    return "".join(out)


@lru_cache(maxsize=None)
def rx(pattern: str) -> re.Pattern:
    return re.compile(to_python(pattern))


class Cue:
    """One lexicon pattern with the searches figures.py makes with it, compiled on first use."""

    __slots__ = ("source", "_any", "_last", "_first")

    def __init__(self, source: str):
        self.source = source
        self._any = self._last = self._first = None

    def search(self, text: str) -> re.Match | None:
        if self._any is None:
            self._any = rx(self.source)
        return self._any.search(text)

    def contains(self, text: str) -> bool:
        return self.search(text) is not None

    def dist_left(self, text: str) -> int | None:
        """cue_context.dist_left: characters between the end of the last cue and the end of `text`."""
        if self._last is None:
            self._last = rx(f"(?s)^(.*{self.source})")
        m = self._last.search(text)
        return None if m is None else len(text) - m.end(1)

    def dist_right(self, text: str) -> int | None:
        """cue_context.dist_right: characters before the first cue in `text`."""
        if self._first is None:
            self._first = rx(f"(?s)^(.*?){self.source}")
        m = self._first.search(text)
        return None if m is None else m.end(1)

    def nearest(self, left: str, right: str) -> int | None:
        """cue_context.nearest: the closer of the last cue on the left and the first on the right."""
        return smallest(self.dist_left(left), self.dist_right(right))


def smallest(*values: int | None) -> int | None:
    present = [v for v in values if v is not None]
    return min(present) if present else None


def pick(distances: dict[str, int | None], limit: int | None = None) -> str | None:
    """cue_context.pick: the label with the smallest distance (ties: dict order)."""
    best = smallest(*distances.values())
    if best is None or (limit is not None and best > limit):
        return None
    return next(label for label, d in distances.items() if d == best)


def coalesce(*values):
    return next((v for v in values if v is not None), None)


def head(text: str, n: int | None) -> str:
    """str.head(n) (None: the whole text)."""
    return text if n is None else text[:max(n, 0)]


def tail(text: str, n: int | None) -> str:
    """str.tail(n) (None: the whole text); text[-0:] would be all of it."""
    return text if n is None else text[max(len(text) - n, 0):]


def captured(m: re.Match | None, index: int = 1) -> str | None:
    return None if m is None else m.group(index)


# --- the rules, prepared once -----------------------------------------------------------------


@lru_cache(maxsize=1)
def _rules() -> dict:
    lex = load_lexicon()
    qualifier_words = qualifier_alternation()
    then_qualifier = rf"[ ]*(?:{qualifier_words}[ ]*)?$"  # "death toll rose to more than"
    person_all = "|".join(alternation(v) for v in lex["person_nouns"].values())
    noun_after = r"^(?:[ ]+[\p{L}'’]+){0,2}?(%s)"  # cue_context.noun_after
    months = month_names()
    status_cues = lex["hostage_status_cues"]
    endings = "|".join(respell(e, lang) for lang, es in lex["vague_plural_endings"].items() for e in es)
    list_joint = r"(?:,[ ]*(?:and|و|as well as|plus|along with)?|and|و|as well as|plus|along with)"
    return {
        "abbrev": re.compile("|".join(re.escape(a) for a in sorted(lex["abbreviations"], key=len, reverse=True))),
        "boundary": rx(_BOUNDARY),
        "mention": rx(mention_pattern()),
        "vague": rx(rf"^[ ]?(?:{endings})(?:[^\w]|$)"),
        # features of each mention
        "np": rx(r"^((?:[ ]+[\p{L}'’]+){1,4})"),
        "np2": rx(r"^((?:[ ]+[\p{L}'’]+){1,2})"),
        "person_noun": rx(noun_after % person_all),
        "hostage_noun": rx(noun_after % cue("hostage_nouns")),
        "prisoner_noun": rx(noun_after % cue("prisoner_nouns")),
        "partitive": rx(r"^(?:[ ]+(?:نفر|تن))?[ ]+(?:(?:of|از)[ ]+(?:them|those|whom|the[ ]+\d[\d,]*|آنان|آنها|ایشان|این تعداد)|آنان|آنها|منهم|بينهم)(?:[^\p{L}]|$)"),
        "among_them": rx(r"(?i)^(?:[ ]+[\p{L}'’]+){1,2}[ ]+(?:among them|among whom)\b"),
        "partitive_hostage": rx(rf"^(?:[ ]+\S+)?[ ]+(?:of|از|من)(?:[ ]+the)?(?:[ ]+remaining)?{cue('hostage_nouns')}"),
        "hyphenated": rx(r"^[-‐–]"),
        "auxiliary_next": rx(AUXILIARY_NEXT),
        "noun_metric": {m: Cue(rf"^(?:[ ]+\S+)?{alternation(v, conjunction=False)}") for m, v in lex["metric_nouns"].items()},
        "noun_metric_next": {m: Cue("^" + alternation(v, conjunction=False)) for m, v in lex["metric_nouns"].items()},
        "bare_metric": {m: Cue(r"^(?:[ ]+[\p{L}'’]+){0,1}?" + alternation(v)) for m, v in lex["bare_participles"].items()},
        "hostage_toll": Cue(cue("hostage_toll_phrases") + then_qualifier),
        "unit": rx(r"^[ ]*" + cue("non_person_units")),
        "toll_metric": {m: Cue(alternation(v) + then_qualifier) for m, v in lex["toll_phrases"].items()},
        "marked": rx(alternation(lex["breakdown_markers"]) + r"[ ]*(?:\S+[ ]+){0,5}$"),
        "of_the_n": rx(r"(?i)^(?:of the|of|among the|among|از|من)[ ]+\d[\d,]*[ ]"),
        "listed": rx(r"\d[\d,]*(?:[ ]+[\p{L}'’]+){1,3}[ ]*(?:,|و|and)[ ]*(?:(?:and|و)[ ]*)?$"),
        "of_the_before": rx(r"(?i)(?:^|[ ])(?:of|among|from)[ ]+the[ ]*$|(?:^|[ ])(?:از|من)[ ]*$"),
        "age_before": rx(r"(?i)(?:^|[ ])(?:aged|ages?|men|women|people|those|anyone|adults|males?|females?) (?:over|under|above|below|of)?[ ]*$"),
        "list_before_next": rx(rf"^(?:[ ]+[\p{{L}}'’]+){{1,3}}[ ]*{list_joint}[ ]*$"),
        "month_before": rx(months + r"\.?[ ]*$"),
        "month_day_before": rx(months + r"\.?[ ]*\d{1,2}(?:st|nd|rd|th)?,?[ ]*$"),
        "month_after": rx(r"^[ ]*" + months),
        "day": rx(DAY),
        "year": rx(YEAR),
        "year_or_solar": rx(YEAR_OR_SOLAR_YEAR),
        # cue words around a candidate
        "trailing_qualifier_words": rx(rf"(?:{qualifier_words})[ ]*$"),
        "and_before": rx(r"(?:^|[ ,])(?:and|و)[ ]*$"),
        "metric_cues": {m: Cue(alternation(v)) for m, v in lex["metric_cues"].items()},
        "status_cues": {s: Cue(alternation(v)) for s, v in status_cues.items()},
        "starvation": Cue(cue("starvation_context")),
        "hostage_remains": Cue(cue("hostage_remains_cues")),
        "hostage_nouns": Cue(cue("hostage_nouns")),
        "captivity": Cue(cue("captivity_cues")),
        "deal": Cue(cue("deal_context")),
        "release_of": Cue(alternation({"en": ["release of"], "fa": ["آزادی"], "ar": ["الإفراج عن", "إطلاق سراح"]})),
        "palestinian": rx(PALESTINIAN),
        # description
        "groups": {g: Cue(alternation(v)) for g, v in lex["person_nouns"].items()},
        "person_words": rx(person_all),
        "nationals": rx(NATIONALS),
        "israeli": rx(ISRAELI),
        "israelis": rx(r"(?i)israelis"),
        "soldiers": rx(cue("soldier_nouns")),
        "dateline": rx(DATELINE),
        "region_cues": {r: Cue(alternation(v)) for r, v in region_cues().items()},
        "qualifiers": {q: Cue(alternation(lex["qualifiers"][q]) + r"[ ]*$") for q in QUALIFIERS},
        "trailing_qualifiers": {q: Cue(r"^(?:[ ]+[\p{L}'’]+)?[ ]*" + alternation(v)) for q, v in lex["trailing_qualifiers"].items()},
        "reporting_days": [rx(REPORTING_DAY), rx(REPORTING_NEAR_DAY), rx(REPORTING_NEAR_DAY_AR), rx(REPORTING_DAY_FA)],
        "running_total_verb": rx(r"(?i)\b(?:has|have|had)(?: now| so far| already)? (?:killed|wounded|injured)\b"),
        "period": Cue(cue("period_cues")),
        "period_left": Cue(r"(?:^|[^\w])" + bare_alternation(lex["period_left_cues"]) + rf"[ ]+(?:{qualifier_words}[ ]*)?$"),
        "since_event": Cue(cue("since_event_cues")),
        "day_cues": Cue(cue("day_cues")),
        "cumulative": Cue(cue("cumulative_cues")),
        "strong_cumulative": Cue(cue("strong_cumulative_cues")),
        "attack_day": rx(cue("attack_day_cues")),
        "reporters": {r: Cue(alternation(v)) for r, v in lex["reporter_cues"].items()},
    }


# --- sentences.split_sentences --------------------------------------------------------------


def split_sentences(body: str) -> list[dict]:
    """[{sentence_id, paragraph_id, sentence, sent_start, sent_end}] of one body."""
    rules = _rules()
    mask = lambda m: m.group(0).replace(".", _DOT_MASK)  # noqa: E731
    body = body.replace("\x00", " ").replace(_DOT_MASK, " ")  # markers read as spaces, as in split_sentences
    # Abbreviations only after a space or a line start (the text start counts as a space).
    masked = re.sub(r"(?<=[ \n])(?:" + rules["abbrev"].pattern + ")", mask, " " + body)[1:]
    masked = rules["boundary"].sub(lambda m: m.group(1) + "\x00" + m.group(2), masked).replace("\n", "\n\x00")
    out, start, paragraph = [], 0, 0
    for piece in masked.split("\x00"):
        piece = piece.replace(_DOT_MASK, ".")
        # (A sentence over MAX_SENTENCE_CHARS is cut at clause breaks, as split_sentences does.)
        for offset, sentence in clause_pieces(piece.rstrip()) if piece.strip() else []:
            out.append({"sentence_id": len(out), "paragraph_id": paragraph, "sentence": sentence,
                        "sent_start": start + offset, "sent_end": start + offset + len(sentence)})
        start += len(piece)
        paragraph += piece.endswith("\n")
    return out


# --- numbers.find_numbers ----------------------------------------------------------------------


@lru_cache(maxsize=65536)
def _value(mention: str) -> tuple[int | None, bool]:
    return parse_number(mention)


def find_numbers(sentence: str) -> list[dict]:
    """The number mentions of a sentence with their values; a number word with a plural ending
    ("ده ها نفر", "صدها") is vague, not a figure."""
    rules = _rules()
    out = []
    for m in rules["mention"].finditer(sentence):
        value, words = _value(m.group(0))
        if value is None:
            continue
        if words and rules["vague"].search(sentence[m.end():m.end() + 6]):
            continue
        out.append({"mention": m.group(0), "pos": m.start(), "mention_len": len(m.group(0)), "value": value})
    return out


# --- figures.classify_figures ------------------------------------------------------------------


def _features(sentence: str, mention: dict) -> dict:
    """classify_figures' first block: what is right after and right before one number."""
    r = _rules()
    pos, length, text = mention["pos"], mention["mention_len"], mention["mention"]
    L = sentence[:pos][-WINDOW:]
    R = sentence[pos + length:][:WINDOW]
    f = dict(mention, sentence=sentence, _left=L, _right=R)
    f["_np"] = captured(r["np"].search(R)) or ""  # "Israeli soldiers", "women and children"
    f["_person_noun"] = captured(r["person_noun"].search(R))
    # "27 of them", "40 نفر از آنان", "منهم", "one child among them": part of a figure given before.
    f["_partitive"] = r["partitive"].search(R) is not None or r["among_them"].search(R) is not None
    f["_hostage_noun"] = captured(r["hostage_noun"].search(R))
    f["_prisoner"] = r["prisoner_noun"].search(R) is not None
    f["_partitive_hostage"] = r["partitive_hostage"].search(R) is not None
    f["_hyphenated"] = r["hyphenated"].search(R) is not None  # "75-year", "eleven-week"
    # "64,231 Palestinian deaths" allows one word between; "35 are dead" is a predicate, not a noun.
    nouns = r["noun_metric_next"] if r["auxiliary_next"].search(R) else r["noun_metric"]
    f["_noun_metric"] = pick({m: c.dist_right(R) for m, c in nouns.items()})
    f["_bare_metric"] = pick({m: c.dist_right(R) for m, c in r["bare_metric"].items()})  # "30 killed"
    f["_hostage_toll"] = r["hostage_toll"].dist_left(L) is not None
    f["_unit"] = r["unit"].search(R) is not None
    f["_toll_metric"] = pick({m: c.dist_left(L) for m, c in r["toll_metric"].items()})  # "the death toll rose to"
    # "including 16,500 children", "Of the 128 hostages still in Gaza, ... 30 have died".
    f["_marked"] = r["marked"].search(L) is not None or r["of_the_n"].search(L) is not None
    f["_listed"] = r["listed"].search(L) is not None  # "..., 21 تن آنان اطفال و 25 تن زنان"
    # "October 7", "7 October", "October 7, 2023", "15 مهر 1403"; not "in November 147 hostages".
    day = r["day"].search(text) is not None
    year_like = r["year_or_solar"].search(text) is not None
    f["_date_part"] = (
        (r["month_before"].search(L) is not None and (day or year_like))
        or (r["month_day_before"].search(L) is not None and year_like)
        or (r["month_after"].search(R) is not None and day)
        or (r["year"].search(text) is not None and f["_person_noun"] is None)
    )
    f["_excluded"] = f["_prisoner"] or f["_hyphenated"] or f["_date_part"] or f["_unit"]
    return f


def _bound_by_neighbours(rows: list[dict]) -> None:
    """The mentions of one sentence: where the neighbouring figures are (dates, numbers of things
    and of prisoners are not neighbours), breakdowns, the counted noun up to the next figure."""
    r = _rules()
    prev_end = None
    for f in rows:
        f["_prev_end"] = prev_end
        if not f["_excluded"]:
            prev_end = f["pos"] + f["mention_len"]
    next_start = None
    for f in reversed(rows):
        f["_next_start"] = next_start
        if not f["_excluded"]:
            next_start = f["pos"]
    for i, f in enumerate(rows):
        f["_gap_before"] = None if f["_prev_end"] is None else f["pos"] - f["_prev_end"]
        f["_gap_after"] = None if f["_next_start"] is None else f["_next_start"] - f["pos"] - f["mention_len"]
        # A list item right after a breakdown is one too.
        previous_marked = i > 0 and (rows[i - 1]["_marked"] or rows[i - 1]["_partitive"])
        f["breakdown"] = f["_marked"] or f["_partitive"] or (f["_listed"] and previous_marked)
        # "eight of the 33": the 33 names a group counted elsewhere, it is not a new figure.
        f["_referenced"] = (r["of_the_before"].search(f["_left"]) is not None
                            and f["_gap_before"] is not None and f["_gap_before"] <= 10)
        # "men over 50", "aged 60": an age, not a count.
        f["_age"] = r["age_before"].search(f["_left"]) is not None
        # "14 children and nine women" counts children.
        f["_np_own"] = head(f["_np"], f["_gap_after"])
        # "26 soldiers and 23 civilians have been killed": the measure comes after the list.
        f["_list_before_next"] = r["list_before_next"].search(head(f["_right"], f["_gap_after"])) is not None
        f["_counts"] = (
            f["_person_noun"] is not None or f["_hostage_noun"] is not None or f["_partitive_hostage"]
            or f["_noun_metric"] is not None or f["_bare_metric"] is not None or f["_toll_metric"] is not None
            or f["_hostage_toll"]
        ) and not f["_excluded"]


def _cues(f: dict) -> None:
    """The cue words between a candidate and its neighbours (classify_figures' cue search)."""
    r = _rules()
    Lc = tail(f["_left"], f["_gap_before"])  # _since_previous
    Rc = head(f["_right"], f["_gap_after"])  # _until_next
    # A qualifier before the figure belongs to it, not to the distance from a cue; a cue before
    # "and" belongs to the previous figure.
    Lq = r["trailing_qualifier_words"].sub("", Lc, count=1)
    if r["and_before"].search(Lq):
        Lq = ""
    metric_cues, status_cues = r["metric_cues"], r["status_cues"]
    f["_cue_metric"] = pick({m: metric_cues[m].nearest(Lq, Rc) for m in METRICS})
    status = {s: status_cues[s].nearest(Lc, Rc) for s in status_cues}
    # "held" describes where hostages are; what happens to them wins.
    f["_cue_status"] = pick({s: status[s] for s in STATUSES if s != "held"}) or ("held" if status["held"] is not None else None)
    f["_metric_dist"] = smallest(*(c.nearest(Lc, Rc) for c in metric_cues.values()))
    f["_status_dist"] = smallest(*(status[s] for s in ("taken", "held", "released", "to_be_released")),
                                 r["hostage_remains"].nearest(Lc, Rc))
    f["_tbr_dist"] = status["to_be_released"]
    f["_rel_dist"] = status["released"]
    f["_starvation_dist"] = r["starvation"].nearest(Lc, Rc)


def _kind_and_measure(rows: list[dict], sentence: str) -> None:
    """The candidates of one sentence: hostage or casualty, the measure, the hostage status."""
    r = _rules()
    sentence_hostage = r["hostage_nouns"].contains(sentence) or r["captivity"].contains(sentence)
    deal = r["deal"].contains(sentence)
    previous_is_hostage = False
    for f in rows:
        hostage = f["_hostage_noun"] is not None or f["_hostage_toll"] or f["_partitive_hostage"] or (
            f["_noun_metric"] is None and f["_toll_metric"] is None and f["_status_dist"] is not None
            # "remain", "still" say hostage only where captivity is the subject at all.
            and (f["_cue_status"] != "held" or sentence_hostage)
            and (f["_metric_dist"] is None or f["_status_dist"] < f["_metric_dist"])
        )
        # A figure with no noun of its own goes on counting what the previous figure counted.
        own_noun = (f["_person_noun"] is not None or f["_noun_metric"] is not None
                    or f["_hostage_noun"] is not None or f["_toll_metric"] is not None)
        if not own_noun and previous_is_hostage and f["_cue_status"] is not None:
            hostage = True
        if own_noun:
            previous_is_hostage = f["_hostage_noun"] is not None
        f["kind"] = "hostage" if hostage else "casualty"
        # Casualty measure: the noun, then a bare participle or toll phrase, then the nearest cue.
        metric = coalesce(f["_noun_metric"], f["_bare_metric"], f["_toll_metric"], f["_cue_metric"])
        if metric == "killed" and f["_starvation_dist"] is not None and f["_starvation_dist"] <= NEAR:
            metric = "starvation_deaths"
        # A promise to release beats a plain "release of" nearby, and so does a plan.
        planned = deal and f["_rel_dist"] is not None and r["release_of"].nearest(f["_left"], f["_right"]) == f["_rel_dist"]
        tbr, rel = f["_tbr_dist"], f["_rel_dist"]
        if tbr is not None and (rel is None or tbr <= rel + 15) and f["_cue_status"] in ("released", "to_be_released"):
            status = "to_be_released"
        elif f["_cue_status"] == "released" and planned:
            status = "to_be_released"
        else:
            status = f["_cue_status"]
        f["metric"] = None if hostage else metric
        f["status"] = status if hostage else None
    # "322 نفر از جمله 123 کودک ... جان باخته اند": the verb after the breakdowns describes their parent.
    metrics = [f["metric"] for f in rows]
    statuses = [f["status"] for f in rows]
    for i, f in enumerate(rows):
        if i + 1 < len(rows) and rows[i + 1]["breakdown"]:
            if f["metric"] is None and f["kind"] == "casualty":
                f["metric"] = coalesce(*metrics[i:])
            if f["status"] is None and f["kind"] == "hostage":
                f["status"] = coalesce(*statuses[i:])


def classify_sentence(sentence: str, mentions: list[dict]) -> list[dict]:
    """classify_figures up to the breakdown inheritance, for the mentions of one sentence."""
    rows = [_features(sentence, m) for m in mentions]
    _bound_by_neighbours(rows)
    # Only counts of people, and breakdowns that may have no noun of their own, go on.
    candidates = [f for f in rows if not (f["_referenced"] or f["_age"]) and (f["_counts"] or (f["breakdown"] and not f["_excluded"]))]
    for f in candidates:
        _cues(f)
    _kind_and_measure(candidates, sentence)
    return candidates


def _previous(rows: list[dict], column: str, key: tuple[str, ...], skip_breakdowns: bool = True) -> list:
    """pl.when(~breakdown).then(column).forward_fill().shift(1).over(key): per row, the last
    non-null value of `column` among the earlier rows with the same key (breakdowns skipped)."""
    last: dict = {}
    out = []
    for row in rows:
        k = tuple(row[g] for g in key)
        out.append(last.get(k))
        if not (skip_breakdowns and row["breakdown"]) and row[column] is not None:
            last[k] = row[column]
    return out


def _inherit_breakdowns(rows: list[dict]) -> list[dict]:
    """figures._inherit_breakdowns over the candidates of one article (in sentence and position
    order): a breakdown takes kind and measure from the previous figure of its sentence (for
    "N of them", of the article) unless it carries its own status cue right after it."""
    status_cues = _rules()["status_cues"]
    parents = {}
    for column in ("kind", "metric", "status"):
        in_sentence = _previous(rows, column, ("sentence_id",))
        in_article = _previous(rows, column, ())
        parents[column] = [s if s is not None else (a if row["_partitive"] else None)
                           for row, s, a in zip(rows, in_sentence, in_article)]
    for i, row in enumerate(rows):
        kind = parents["kind"][i]
        row["_parent_kind"] = kind
        if row["breakdown"] and kind is not None:
            row["kind"] = kind
            if kind == "casualty":
                row["metric"] = coalesce(row["_noun_metric"], row["_bare_metric"], parents["metric"][i])
            else:
                own = pick({s: status_cues[s].dist_right(row["_right"]) for s in STATUSES}, NEAR * 2)
                row["status"] = coalesce(own, parents["status"][i])
    return [r for r in rows if r["_counts"] or r["_parent_kind"] is not None]


def _share_list_measures(rows: list[dict]) -> list[dict]:
    """The figures of one sentence: items of a list share the measure (and the status) named once
    for all of them; hostages default to held; Palestinian "hostages" and casualties with no
    measure are dropped."""
    metrics = [f["metric"] for f in rows]
    statuses = [f["status"] for f in rows]
    for i, f in enumerate(rows):
        if f["kind"] == "casualty":
            if f["metric"] is None and f["_list_before_next"]:
                f["metric"] = coalesce(*metrics[i:])
            elif f["metric"] is None and f["_listed"]:
                f["metric"] = coalesce(*reversed(metrics[:i + 1]))
            f["status"] = None
        else:
            if f["status"] is None and f["_list_before_next"]:
                f["status"] = coalesce(*statuses[i:])
            f["status"] = f["status"] or "held"
    r = _rules()
    rows = [f for f in rows if not (f["kind"] == "hostage" and r["palestinian"].search(f["_np"]))]
    return [f for f in rows if f["kind"] == "hostage" or f["metric"] is not None]


# --- figure_attributes.describe_figures ---------------------------------------------------------------------------


def without_reporting_days(sentence: str) -> str:
    """'the ministry said on Sunday', 'وزارت صحت روز پنجشنبه ... اعلام کرد' date a statement, not
    the deaths: blank the day (same length)."""
    on_day, near_day, near_day_ar, day_fa = _rules()["reporting_days"]
    sentence = on_day.sub(lambda m: m.group(1) + "~~" + m.group(2), sentence)
    for pattern in (near_day, near_day_ar):
        sentence = pattern.sub(lambda m: m.group(1) + "~" + m.group(3), sentence)
    return day_fa.sub(lambda m: "~~~" + m.group(1), sentence)


def _group(f: dict, np2: str, israeli: bool) -> str:
    """Victim group from the counted noun (up to the next figure)."""
    r = _rules()
    has = {g: c.contains(f["_np_own"]) for g, c in r["groups"].items()}
    # Nationality only counts when it qualifies the counted noun: "Israeli soldiers", "Americans".
    nationals = r["nationals"].search(np2) is not None and r["person_words"].search(np2) is not None
    if f["kind"] == "hostage":
        if has["children"] or has["women"]:
            return "women_children"
        if nationals or has["other"] or (israeli and f["breakdown"]):
            return "other"
        return "all"
    if has["children"] and not has["women"]:
        return "children"
    if has["women"] and not has["children"]:
        return "women"
    if has["other"] or nationals:
        return "other"
    return "all"


def _region(f: dict, np2: str, israeli: bool) -> str | None:
    """The nearest place word (not the dateline's filing place); Israeli victims and soldiers are
    Israel's unless the West Bank or Lebanon is named."""
    r = _rules()
    sentence, pos = f["sentence"], f["pos"]
    dateline = r["dateline"].search(sentence)
    start = len(dateline.group(1)) if dateline else 0
    left_of_figure = sentence[start:max(pos, start)]
    after = sentence[pos:]
    cue_region = pick({g: r["region_cues"][g].nearest(left_of_figure, after) for g in REGIONS})
    soldiers = r["soldiers"].search(np2) is not None
    if (israeli or soldiers) and cue_region not in ("west_bank", "lebanon"):
        return "israel"
    return cue_region


def _qualifier(f: dict) -> str:
    r = _rules()
    return coalesce(
        pick({q: c.dist_left(f["_left"]) for q, c in r["qualifiers"].items()}),
        # "36 على الأقل", "4213 فلسطينيا على الأقل": after the figure or its noun.
        pick({q: c.dist_right(f["_right"]) for q, c in r["trailing_qualifiers"].items()}),
    ) or "exact"


def _scope(f: dict, region: str | None) -> tuple[str, bool]:
    """(scope, whether the figure names its own window right after it)."""
    r = _rules()
    sentence, pos = f["sentence"], f["pos"]
    scoped = without_reporting_days(sentence)
    Ls = scoped[:pos][-WINDOW:]
    Rs = scoped[pos + f["mention_len"]:][:WINDOW]
    # An active verb right before the figure reports one event; "it has killed" is a running total.
    Lactive = r["running_total_verb"].sub("~", Ls)
    period = smallest(r["period"].nearest(Ls, Rs), r["period_left"].dist_left(Lactive))
    # Windows opened by an event count only between this number and its neighbours.
    since_event = r["since_event"].nearest(tail(Ls, f["_gap_before"]), head(Rs, f["_gap_after"]))
    day = r["day_cues"].nearest(Ls, Rs)
    cumulative = r["cumulative"].nearest(Ls, Rs)
    strong_cumulative = r["strong_cumulative"].nearest(Ls, Rs)
    if region == "israel" and r["attack_day"].search(sentence):
        scope = "cumulative"
    elif since_event is not None and (strong_cumulative is None or since_event <= strong_cumulative):
        scope = "period"
    elif period is not None and (cumulative is None or period < cumulative):
        scope = "period"
    elif cumulative is None and day is not None:
        scope = "period"
    else:
        scope = "cumulative"
    own = head(Rs, f["_gap_after"])
    own_period = smallest(r["period"].dist_right(own), r["since_event"].dist_right(own))
    return scope, own_period is not None and own_period <= NEAR * 2


def _describe(rows: list[dict]) -> None:
    """figure_attributes.describe_figures over the figures of one article: group, region, scope, qualifier and
    reporter of each, then what breakdowns and place-less figures inherit."""
    r = _rules()
    for f in rows:
        np2 = captured(r["np2"].search(f["_np_own"])) or ""
        israeli = r["israeli"].search(np2) is not None and (
            r["person_words"].search(np2) is not None or r["israelis"].search(np2) is not None)
        f["victim_group"] = _group(f, np2, israeli)
        f["region"] = _region(f, np2, israeli)
        f["qualifier"] = _qualifier(f)
        f["scope"], f["_own_period"] = _scope(f, f["region"])
        f["reported_by"] = pick({rep: c.dist_right(f["sentence"]) for rep, c in r["reporters"].items()})
    # Breakdowns share their parent's region; a figure with no place word is Gaza's if
    # Palestinians are named, else takes the place of the figure before it in the paragraph.
    for f, parent in zip(rows, _previous(rows, "region", ("sentence_id",))):
        if f["breakdown"] and parent is not None:
            f["region"] = parent
    before_in_paragraph = _previous(rows, "region", ("paragraph_id",), skip_breakdowns=False)
    for f, previous in zip(rows, before_in_paragraph):
        if f["region"] is None:
            f["region"] = "gaza" if r["palestinian"].search(f["sentence"]) else (previous or "gaza")
    # Breakdowns share their parent's scope unless they name their own window.
    for f, parent in zip(rows, _previous(rows, "scope", ("sentence_id",))):
        if f["breakdown"] and parent is not None and not f["_own_period"]:
            f["scope"] = parent
        elif f["breakdown"] and f["_own_period"]:
            f["scope"] = "period"


# --- facts.figure_facts, per article -------------------------------------------------------------


def _sentence_reporter(sentence: str) -> str | None:
    reporters = _rules()["reporters"]
    return next((rep for rep in REPORTERS if reporters[rep].contains(sentence)), None)


def extract_article(article_id: str, body: str) -> tuple[list[dict], list[dict]]:
    """(casualty facts, hostage facts) of one article, in the contract's columns (no as_of)."""
    candidates: list[dict] = []
    reporter_of: dict[int, str | None] = {}
    previous_here: dict[int, str | None] = {}
    for s in split_sentences(body):
        # facts.sentence_reporters: the sentence's own attribution, else the previous sentence's.
        here = _sentence_reporter(s["sentence"])
        reporter_of[s["sentence_id"]] = here if here is not None else previous_here.get(s["paragraph_id"])
        previous_here[s["paragraph_id"]] = here
        mentions = find_numbers(s["sentence"])
        if mentions:
            for f in classify_sentence(s["sentence"], mentions):
                f.update(sentence_id=s["sentence_id"], paragraph_id=s["paragraph_id"], sent_start=s["sent_start"])
                candidates.append(f)
    rows: list[dict] = []
    by_sentence: dict[int, list[dict]] = {}
    for f in _inherit_breakdowns(candidates):
        by_sentence.setdefault(f["sentence_id"], []).append(f)
    for figures in by_sentence.values():
        rows += _share_list_measures(figures)
    _describe(rows)
    casualties, hostages = [], []
    for f in rows:
        if not 1 <= f["value"] <= MAX_PLAUSIBLE:
            continue
        reported_by = coalesce(f["reported_by"], reporter_of[f["sentence_id"]])
        # Gaza's authorities count Palestinians only.
        if f["region"] not in ("gaza", "west_bank") and reported_by is not None and reported_by.startswith("gaza_"):
            reported_by = None
        start = f["sent_start"] + f["pos"]
        fact = {"article_id": article_id, "qualifier": f["qualifier"], "value": f["value"],
                "sentence": f["sentence"], "char_start": start, "char_end": start + f["mention_len"]}
        if f["kind"] == "casualty":
            casualties.append({**fact, "metric": f["metric"], "victim_group": f["victim_group"],
                               "region": f["region"], "scope": f["scope"], "reported_by": reported_by})
        else:
            hostages.append({**fact, "status": f["status"], "hostage_group": f["victim_group"]})
    return casualties, hostages


def extract(articles: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """articles: article_id, body. (casualty_facts, hostage_facts) frames, a Python loop inside."""
    casualties, hostages = [], []
    for article_id, body in articles.select("article_id", "body").iter_rows():
        c, h = extract_article(article_id, body)
        casualties += c
        hostages += h
    casualty_schema = {"article_id": pl.String, "metric": pl.String, "victim_group": pl.String, "region": pl.String,
                       "scope": pl.String, "qualifier": pl.String, "value": pl.Int64, "reported_by": pl.String,
                       "sentence": pl.String, "char_start": pl.Int64, "char_end": pl.Int64}
    hostage_schema = {"article_id": pl.String, "status": pl.String, "hostage_group": pl.String, "qualifier": pl.String,
                      "value": pl.Int64, "sentence": pl.String, "char_start": pl.Int64, "char_end": pl.Int64}
    return (pl.DataFrame(casualties, schema=casualty_schema, orient="row") if casualties else pl.DataFrame(schema=casualty_schema),
            pl.DataFrame(hostages, schema=hostage_schema, orient="row") if hostages else pl.DataFrame(schema=hostage_schema))


# --- agreement with the polars extractor ----------------------------------------------------------

CASUALTY_COLUMNS = ("article_id", "char_start", "value", "metric", "victim_group", "region", "scope", "qualifier", "reported_by")
HOSTAGE_COLUMNS = ("article_id", "char_start", "value", "status", "hostage_group", "qualifier")


def agreement(polars_facts: pl.DataFrame, baseline_facts: pl.DataFrame, columns: tuple[str, ...]) -> dict:
    """Figures found by both with every column equal, over the figures found by either."""
    a = {tuple(r) for r in polars_facts.select(columns).iter_rows()}
    b = {tuple(r) for r in baseline_facts.select(columns).iter_rows()}
    union = a | b
    return {"both": len(a & b), "polars_only": sorted(a - b, key=repr), "baseline_only": sorted(b - a, key=repr),
            "rate": len(a & b) / len(union) if union else 1.0}
