"""The figure rules of the polars extractor, written as a plain Python loop with `re`.

This is the yardstick for the polars extractor's speed: the same rules, the same lexicon word
lists (`load_lexicon`, `patterns.alternation` / `cue`, `numbers.mention_pattern` /
`parse_number`), applied article by article, sentence by sentence, mention by mention:

    sentences    sentences.split_sentences (abbreviations masked, boundary regex, paragraphs)
    mentions     numbers.find_numbers (one regex over each sentence, values by parse_number)
    figures      figures.classify_figures (noun / participle / toll phrase after or before the
                 number, nearest cue word, breakdown inheritance, group, region, scope,
                 qualifier, reporter)
    facts        facts.figure_facts (plausible values, sentence reporters, offsets)

It mirrors orchestration/extraction/{sentences,numbers,figures,facts}.py as of the commit that
added it; `as_of` (the dating rules) is left out. The lexicon fragments are Rust regex syntax;
`to_python` translates what Python's `re` reads differently: \\p{...} classes become explicit
character classes (computed once by asking polars itself which characters are in them) and an
unescaped `$` becomes `\\Z` (Python's `$` also matches before a final newline).
"""

from __future__ import annotations

import re
from functools import lru_cache

import polars as pl

from orchestration.extraction.facts import MAX_PLAUSIBLE
from orchestration.extraction.figures import (
    ISRAELI, METRICS, NATIONALS, NEAR, PALESTINIAN, QUALIFIERS, REGIONS, REPORTERS, REPORTING_DAY, STATUSES, WEEKDAYS, WINDOW,
    YEAR, month_names,
)
from orchestration.extraction.lexicon import load_lexicon
from orchestration.extraction.numbers import mention_pattern, parse_number
from orchestration.extraction.patterns import alternation, cue
from orchestration.extraction.sentences import _BOUNDARY, _DOT_MASK

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


def _search(pattern: str, text: str) -> re.Match | None:
    return rx(pattern).search(text)


def dist_left(text: str, pattern: str) -> int | None:
    """figures._dist_left: characters between the end of the last cue and the end of `text`."""
    m = rx(f"(?s)^(.*{pattern})").search(text)
    return None if m is None else len(text) - len(m.group(1))


def dist_right(text: str, pattern: str) -> int | None:
    """figures._dist_right: characters before the first cue in `text`."""
    m = rx(f"(?s)^(.*?){pattern}").search(text)
    return None if m is None else len(m.group(1))


def nearest(left: str, right: str, pattern: str) -> int | None:
    return smallest(dist_left(left, pattern), dist_right(right, pattern))


def smallest(*values: int | None) -> int | None:
    present = [v for v in values if v is not None]
    return min(present) if present else None


def pick(distances: dict[str, int | None], limit: int | None = None) -> str | None:
    best = smallest(*distances.values())
    if best is None or (limit is not None and best > limit):
        return None
    return next(label for label, d in distances.items() if d == best)


def coalesce(*values):
    return next((v for v in values if v is not None), None)


def noun_after(right: str, pattern: str) -> str | None:
    m = rx(rf"^(?:[ ]+[\p{{L}}'’]+){{0,2}}?({pattern})").search(right)
    return None if m is None else m.group(1)


# --- the rules, prepared once ---------------------------------------------------------------


@lru_cache(maxsize=1)
def _rules() -> dict:
    lex = load_lexicon()
    abbreviations = lex["abbreviations"]
    return {
        "lex": lex,
        "abbrev": re.compile("|".join(re.escape(a) for a in sorted(abbreviations, key=len, reverse=True))),
        "boundary": rx(_BOUNDARY),
        "mention": rx(mention_pattern()),
        "person_all": "|".join(alternation(v) for v in lex["person_nouns"].values()),
        "qualifier_words": "|".join(alternation(v) for v in lex["qualifiers"].values()),
        "months": month_names(),
        "metric_nouns": {m: alternation(v) for m, v in lex["metric_nouns"].items()},
        "bare": {m: alternation(v) for m, v in lex["bare_participles"].items()},
        "toll": {m: alternation(v) for m, v in lex["toll_phrases"].items()},
        "breakdown": alternation(lex["breakdown_markers"]),
        "metric_cues": {m: alternation(v) for m, v in lex["metric_cues"].items()},
        "status_cues": {s: alternation(v) for s, v in lex["hostage_status_cues"].items()},
        "region_cues": {r: alternation(v) for r, v in lex["region_cues"].items()},
        "qualifiers": {q: alternation(v) for q, v in lex["qualifiers"].items()},
        "reporters": {r: alternation(v) for r, v in lex["reporter_cues"].items()},
        "groups": {g: alternation(v) for g, v in lex["person_nouns"].items()},
        "hostage_nouns": cue("hostage_nouns"),
        "prisoner_nouns": cue("prisoner_nouns"),
        "period": cue("period_cues"),
        "day": cue("day_cues"),
        "cumulative": cue("cumulative_cues"),
        "hostage_toll": cue("hostage_toll_phrases"),
        "units": cue("non_person_units"),
        "starvation_context": cue("starvation_context"),
        "attack_day": cue("attack_day_cues"),
        "deal_context": cue("deal_context"),
        "release_of": alternation({"en": ["release of"], "fa": ["آزادی"], "ar": ["الإفراج عن", "إطلاق سراح"]}),
        "person_words": "|".join(alternation(v) for v in lex["person_nouns"].values()),
        "period_left": cue("period_left_cues"),
        "since_event": cue("since_event_cues"),
        "trailing_qualifiers": {q: alternation(v) for q, v in lex["trailing_qualifiers"].items()},
    }


# --- sentences.split_sentences --------------------------------------------------------------


def split_sentences(body: str) -> list[dict]:
    """[{sentence_id, paragraph_id, sentence, sent_start, sent_end}] of one body."""
    rules = _rules()
    mask = lambda m: m.group(0).replace(".", _DOT_MASK)  # noqa: E731
    # Abbreviations only after a space or a line start (the text start counts as a space).
    masked = re.sub(r"(?<=[ \n])(?:" + rules["abbrev"].pattern + ")", mask, " " + body)[1:]
    masked = rules["boundary"].sub(lambda m: m.group(1) + "\x00" + m.group(2), masked).replace("\n", "\n\x00")
    out, start, paragraph = [], 0, 0
    for piece in masked.split("\x00"):
        piece = piece.replace(_DOT_MASK, ".")
        sentence = piece.rstrip()
        if sentence:
            out.append({"sentence_id": len(out), "paragraph_id": paragraph, "sentence": sentence,
                        "sent_start": start, "sent_end": start + len(sentence)})
        start += len(piece)
        paragraph += piece.endswith("\n")
    return out


# --- numbers.find_numbers ----------------------------------------------------------------------


@lru_cache(maxsize=65536)
def _value(mention: str) -> int | None:
    return parse_number(mention)[0]


def find_numbers(sentence: str) -> list[dict]:
    out = []
    for m in _rules()["mention"].finditer(sentence):
        value = _value(m.group(0))
        if value is not None:
            out.append({"mention": m.group(0), "pos": m.start(), "mention_len": len(m.group(0)), "value": value})
    return out


# --- figures.classify_figures ------------------------------------------------------------------


def _features(sentence: str, mention: dict) -> dict:
    """The first block of classify_figures: what is right after and right before the number."""
    r = _rules()
    pos, length = mention["pos"], mention["mention_len"]
    L = sentence[:pos][-WINDOW:]
    R = sentence[pos + length:][:WINDOW]
    np_ = _search(r"^((?:[ ]+[\p{L}'’]+){1,4})", R)
    person = noun_after(R, r["person_all"])
    f = dict(mention, _left=L, _right=R, _np=np_.group(1) if np_ else "", _person_noun=person)
    f["_partitive"] = _search(
        r"^(?:[ ]+(?:نفر|تن))?[ ]+(?:(?:of|از)[ ]+(?:them|those|whom|the[ ]+\d[\d,]*|آنان|آنها|ایشان|این تعداد)|آنان|آنها|منهم|بينهم)(?:[^\p{L}]|$)", R
    ) is not None
    f["_hostage_noun"] = noun_after(R, r["hostage_nouns"])
    f["_prisoner"] = noun_after(R, r["prisoner_nouns"]) is not None
    f["_partitive_hostage"] = _search(rf"^(?:[ ]+\S+)?[ ]+(?:of|از|من)(?:[ ]+the)?(?:[ ]+remaining)?{r['hostage_nouns']}", R) is not None
    f["_hyphenated"] = _search(r"^[-‐–]", R) is not None
    f["_noun_metric"] = pick({m: dist_right(R, rf"^(?:[ ]+\S+)?{p}") for m, p in r["metric_nouns"].items()})
    f["_bare_metric"] = pick({m: dist_right(R, r"^(?:[ ]+[\p{L}'’]+){0,1}?" + p) for m, p in r["bare"].items()})
    f["_hostage_toll"] = dist_left(L, r["hostage_toll"] + rf"[ ]*(?:{r['qualifier_words']}[ ]*)?$") is not None
    f["_unit"] = _search(r"^[ ]*" + r["units"], R) is not None
    f["_toll_metric"] = pick({m: dist_left(L, p + rf"[ ]*(?:{r['qualifier_words']}[ ]*)?$") for m, p in r["toll"].items()})
    f["_marked"] = _search(r["breakdown"] + r"[ ]*(?:\S+[ ]+){0,5}$", L) is not None
    f["_listed"] = _search(r"\d[\d,]*(?:[ ]+[\p{L}'’]+){1,3}[ ]*(?:,|و|and)[ ]*(?:(?:and|و)[ ]*)?$", L) is not None
    f["_date_part"] = (
        _search(r["months"] + r"\.?[ ]*(?:\d{1,2}(?:st|nd|rd|th)?,?[ ]*)?$", L) is not None
        or _search(r"^[ ]*" + r["months"], R) is not None
        or (_search(YEAR, mention["mention"]) is not None and person is None)
    )
    return f


def _classify_sentence(sentence: str, mentions: list[dict]) -> list[dict]:
    """classify_figures up to the breakdown inheritance, for the mentions of one sentence."""
    r = _rules()
    rows = [_features(sentence, m) for m in mentions]
    marked = [f["_marked"] or f["_partitive"] for f in rows]
    for i, f in enumerate(rows):
        f["breakdown"] = marked[i] or (f["_listed"] and i > 0 and marked[i - 1])
    kept = []
    metric_cues, status_cues = r["metric_cues"], r["status_cues"]
    for f in rows:
        L, R = f["_left"], f["_right"]
        Lc = rx(r"(?s)^.*\d").sub("", L, count=1)
        Rc = rx(r"(?s)\d.*$").sub("", R, count=1)
        cue_metric = pick({m: nearest(Lc, Rc, metric_cues[m]) for m in METRICS})
        cue_status = pick({s: nearest(Lc, Rc, status_cues[s]) for s in STATUSES if s != "held"})
        if cue_status is None and nearest(Lc, Rc, status_cues["held"]) is not None:
            cue_status = "held"
        metric_dist = smallest(*(nearest(Lc, Rc, p) for p in metric_cues.values()))
        status_dist = smallest(*(nearest(Lc, Rc, status_cues[s]) for s in ["taken", "held", "released", "to_be_released"]))
        tbr_dist = nearest(Lc, Rc, status_cues["to_be_released"])
        rel_dist = nearest(Lc, Rc, status_cues["released"])
        starvation_dist = nearest(Lc, Rc, r["starvation_context"])
        excluded = f["_prisoner"] or f["_hyphenated"] or f["_date_part"] or f["_unit"]
        counts = (
            f["_person_noun"] is not None or f["_hostage_noun"] is not None or f["_partitive_hostage"]
            or f["_noun_metric"] is not None or f["_bare_metric"] is not None or f["_toll_metric"] is not None
            or f["_hostage_toll"]
        ) and not excluded
        if not (counts or (f["breakdown"] and not excluded)):
            continue
        f["_counts"] = counts
        hostage = f["_hostage_noun"] is not None or f["_hostage_toll"] or f["_partitive_hostage"] or (
            f["_noun_metric"] is None and f["_toll_metric"] is None and status_dist is not None
            and (metric_dist is None or status_dist < metric_dist)
        )
        f["kind"] = "hostage" if hostage else "casualty"
        metric = coalesce(f["_noun_metric"], f["_bare_metric"], f["_toll_metric"], cue_metric)
        if metric == "killed" and starvation_dist is not None and starvation_dist <= NEAR:
            metric = "starvation_deaths"
        # A plan ("the deal provides for the release of 33") is a release to come.
        planned = rel_dist is not None and _search(r["deal_context"], sentence) is not None and nearest(L, R, r["release_of"]) == rel_dist
        if tbr_dist is not None and (rel_dist is None or tbr_dist <= rel_dist + 15) and cue_status in ("released", "to_be_released"):
            status = "to_be_released"
        elif cue_status == "released" and planned:
            status = "to_be_released"
        else:
            status = cue_status or "held"
        f["metric"] = metric if f["kind"] == "casualty" else None
        f["status"] = status if f["kind"] == "hostage" else None
        kept.append(f)
    return kept


def _previous(rows: list[dict], column: str, group: str | tuple[str, ...] | None, skip_breakdowns: bool = True) -> list:
    """pl.when(~breakdown).then(column).forward_fill().shift(1).over(group): per row, the last
    non-null value of `column` among the earlier rows of its group (breakdown rows skipped)."""
    last: dict = {}
    out = []
    for row in rows:
        key = tuple(row[g] for g in group) if isinstance(group, tuple) else row[group]
        out.append(last.get(key))
        if not (skip_breakdowns and row["breakdown"]) and row[column] is not None:
            last[key] = row[column]
    return out


def _inherit_breakdowns(rows: list[dict]) -> list[dict]:
    """The rows of one article, in sentence and position order."""
    status_cues = _rules()["status_cues"]
    sentence_key = ("sentence_id",)
    parents = {}
    for column in ("kind", "metric", "status"):
        in_sentence = _previous(rows, column, sentence_key)
        in_article = _previous(rows, column, "article")
        parents[column] = [s if s is not None else (a if row["_partitive"] else None)
                           for row, s, a in zip(rows, in_sentence, in_article)]
    for i, row in enumerate(rows):
        kind, metric, status = parents["kind"][i], parents["metric"][i], parents["status"][i]
        row["_parent_kind"] = kind
        if row["breakdown"] and kind is not None:
            row["kind"] = kind
            if kind == "casualty":
                row["metric"] = coalesce(row["_noun_metric"], row["_bare_metric"], metric)
            else:
                own = pick({s: dist_right(row["_right"], status_cues[s]) for s in STATUSES}, NEAR * 2)
                row["status"] = coalesce(own, status)
    rows = [r for r in rows if r["_counts"] or r["_parent_kind"] is not None]
    rows = [r for r in rows if not (r["kind"] == "hostage" and _search(PALESTINIAN, r["_np"]))]
    return [r for r in rows if (r["kind"] == "casualty" and r["metric"] is not None) or r["kind"] == "hostage"]


def _without_reporting_days(sentence: str) -> str:
    for day in WEEKDAYS:
        pattern = REPORTING_DAY.replace("WEEKDAY", day)
        sentence = rx(pattern).sub(lambda m, n=len(f"on {day}"): m.group(1) + "~" * n, sentence)
    return sentence


def _describe(rows: list[dict]) -> None:
    """The rows of one article: group, region, qualifier, scope, reporter, then the inheritances."""
    r = _rules()
    for row in rows:
        sentence, np_ = row["sentence"], row["_np"]
        has = {g: _search(r["groups"][g], np_) is not None for g in ("children", "women", "other", "all")}
        # Nationality counts only when it qualifies the counted noun.
        np2_match = _search(r"^((?:[ ]+[\p{L}'’]+){1,2})", np_)
        np2 = np2_match.group(1) if np2_match else ""
        person_words = _search(r["person_words"], np2) is not None
        nationals = _search(NATIONALS, np2) is not None and person_words
        israeli = _search(ISRAELI, np2) is not None and (person_words or _search(r"(?i)israelis", np2) is not None)
        if row["kind"] == "hostage":
            if has["children"] or has["women"]:
                group = "women_children"
            elif nationals or has["other"] or (israeli and row["breakdown"]):
                group = "other"
            else:
                group = "all"
        elif has["children"] and not has["women"]:
            group = "children"
        elif has["women"] and not has["children"]:
            group = "women"
        elif has["other"] or nationals:
            group = "other"
        else:
            group = "all"
        row["victim_group"] = group
        pos, L, R = row["pos"], row["_left"], row["_right"]
        before, after = sentence[:pos], sentence[pos:]
        cue_region = pick({g: smallest(dist_left(before, r["region_cues"][g]), dist_right(after, r["region_cues"][g])) for g in REGIONS})
        region = "israel" if israeli and cue_region not in ("west_bank", "lebanon") else cue_region
        row["region"] = region
        row["qualifier"] = coalesce(
            pick({q: dist_left(L, r["qualifiers"][q] + r"[ ]*$") for q in QUALIFIERS}),
            pick({q: dist_right(R, "^[ ]*" + p) for q, p in r["trailing_qualifiers"].items()}),
        ) or "exact"
        scoped = _without_reporting_days(sentence)
        Ls = scoped[:pos][-WINDOW:]
        Rs = scoped[pos + row["mention_len"]:][:WINDOW]
        period = smallest(nearest(Ls, Rs, r["period"]), dist_left(Ls, r["period_left"]))
        since_event = nearest(rx(r"(?s)^.*\d").sub("", Ls, count=1), rx(r"(?s)\d.*$").sub("", Rs, count=1), r["since_event"])
        day, cumulative = (nearest(Ls, Rs, r[k]) for k in ("day", "cumulative"))
        if region == "israel" and _search(r["attack_day"], sentence):
            row["scope"] = "cumulative"
        elif since_event is not None:
            row["scope"] = "period"
        elif period is not None and (cumulative is None or period < cumulative):
            row["scope"] = "period"
        elif cumulative is None and day is not None:
            row["scope"] = "period"
        else:
            row["scope"] = "cumulative"
        own_period = dist_right(Rs, r["period"])
        row["_own_period"] = own_period is not None and own_period <= NEAR
        row["reported_by"] = pick({rep: dist_right(sentence, r["reporters"][rep]) for rep in REPORTERS})
    # Breakdowns share their parent's region; a figure with no place takes Gaza when Palestinians
    # are named, else the place of the figure before it in the paragraph, else Gaza.
    inherited = _previous(rows, "region", ("sentence_id",))
    for row, value in zip(rows, inherited):
        if row["breakdown"] and value is not None:
            row["region"] = value
    before_in_paragraph = _previous(rows, "region", ("paragraph_id",), skip_breakdowns=False)
    for row, previous in zip(rows, before_in_paragraph):
        if row["region"] is None:
            row["region"] = "gaza" if _search(PALESTINIAN, row["sentence"]) else (previous or "gaza")
    inherited = _previous(rows, "scope", ("sentence_id",))
    for row, value in zip(rows, inherited):
        if row["breakdown"] and value is not None and not row["_own_period"]:
            row["scope"] = value
        elif row["breakdown"] and row["_own_period"]:
            row["scope"] = "period"


# --- facts.figure_facts, per article -------------------------------------------------------------


def _sentence_reporter(sentence: str) -> str | None:
    reporters = _rules()["reporters"]
    return next((rep for rep in REPORTERS if _search(reporters[rep], sentence)), None)


def extract_article(article_id: str, body: str) -> tuple[list[dict], list[dict]]:
    """(casualty facts, hostage facts) of one article, in the contract's columns (no as_of)."""
    rows: list[dict] = []
    reporter_of: dict[int, str | None] = {}
    previous_here: dict[int, str | None] = {}
    for s in split_sentences(body):
        here = _sentence_reporter(s["sentence"])
        reporter_of[s["sentence_id"]] = here if here is not None else previous_here.get(s["paragraph_id"])
        previous_here[s["paragraph_id"]] = here
        mentions = find_numbers(s["sentence"])
        if mentions:
            for row in _classify_sentence(s["sentence"], mentions):
                row.update(article=article_id, sentence_id=s["sentence_id"], paragraph_id=s["paragraph_id"],
                           sentence=s["sentence"], sent_start=s["sent_start"])
                rows.append(row)
    rows = _inherit_breakdowns(rows)
    _describe(rows)
    casualties, hostages = [], []
    for row in rows:
        if not 1 <= row["value"] <= MAX_PLAUSIBLE:
            continue
        reported_by = coalesce(row["reported_by"], reporter_of[row["sentence_id"]])
        if row["region"] not in ("gaza", "west_bank") and reported_by is not None and reported_by.startswith("gaza_"):
            reported_by = None
        start = row["sent_start"] + row["pos"]
        fact = {"article_id": article_id, "qualifier": row["qualifier"], "value": row["value"],
                "sentence": row["sentence"], "char_start": start, "char_end": start + row["mention_len"]}
        if row["kind"] == "casualty":
            casualties.append({**fact, "metric": row["metric"], "victim_group": row["victim_group"],
                               "region": row["region"], "scope": row["scope"], "reported_by": reported_by})
        else:
            hostages.append({**fact, "status": row["status"], "hostage_group": row["victim_group"]})
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
