"""Synthetic news articles (English, Persian, Arabic) with a gold file of every figure they hold.

    python -m benchmarks.generate_corpus --n 10000 --out DIR --seed 7 --mix en=0.6,fa=0.25,ar=0.15

writes DIR/000/a0000000.txt ... (1,000 files per subfolder) and DIR/gold.jsonl in the format of
tests/fixtures/seeds_gold.jsonl (`file` is the path relative to DIR). `--start K` numbers the
articles from K (to add new articles to an existing corpus; with `--append` the gold lines are
appended). Article i depends only on (seed, i), so a corpus of 1,000 is the first 1,000
articles of a corpus of 100,000 with the same seed.

Sentences come from the templates in benchmarks/templates/*.yaml: figure sentences (casualty,
hostage) with random but known values, qualifiers, places and dates; distractor sentences with
numbers that are not figures (years, ages, trucks, prisoners, days, percentages); filler
sentences (vague quantities included); negotiation sentences. The gold follows the rules of
docs/DESIGN.md: a breakdown ("including N children") is its own figure with its parent's measure,
region and scope; prisoners are not hostages; vague words are not figures; qualifiers are
at_least, more_than, about, up_to or exact. Articles are dated by a header line, a dateline, a
weekday with day and month, an exact match of a cumulative Gaza figure with the Ministry of
Health series, or not at all, in the shares of templates/common.yaml.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import jdatetime
import yaml

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
REFERENCE_CSV = ROOT / "dbt_project" / "seeds" / "gaza_moh_daily.csv"
LANGUAGES = ("en", "fa", "ar")
DEFAULT_MIX = {"en": 0.6, "fa": 0.25, "ar": 0.15}
FILES_PER_FOLDER = 1000
ATTACK_DAY = date(2023, 10, 7)

# The reference series columns, as (metric, victim_group) of a cumulative Gaza figure
# (the same table as orchestration/extraction/reference_dating.py).
SERIES_COLUMNS = {
    "killed_cum": ("killed", "all"),
    "injured_cum": ("injured", "all"),
    "children_killed_cum": ("killed", "children"),
    "women_killed_cum": ("killed", "women"),
    "famine_cum": ("starvation_deaths", "all"),
    "child_famine_cum": ("starvation_deaths", "children"),
}

EN_WORDS = {
    1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine",
    10: "ten", 11: "eleven", 12: "twelve", 13: "thirteen", 14: "fourteen", 15: "fifteen", 16: "sixteen",
    17: "seventeen", 18: "eighteen", 19: "nineteen", 20: "twenty", 30: "thirty", 40: "forty", 50: "fifty",
    60: "sixty", 70: "seventy", 80: "eighty", 90: "ninety",
}
FA_WORDS = {
    1: "یک", 2: "دو", 3: "سه", 4: "چهار", 5: "پنج", 6: "شش", 7: "هفت", 8: "هشت", 9: "نه", 10: "ده",
    11: "یازده", 12: "دوازده", 13: "سیزده", 14: "چهارده", 15: "پانزده", 16: "شانزده", 17: "هفده",
    18: "هجده", 19: "نوزده", 20: "بیست", 30: "سی", 40: "چهل", 50: "پنجاه", 60: "شصت", 70: "هفتاد",
    80: "هشتاد", 90: "نود",
}
# Arabic number words with a masculine counted noun (the number takes the feminine form).
AR_WORDS = {3: "ثلاثة", 4: "أربعة", 5: "خمسة", 6: "ستة", 7: "سبعة", 8: "ثمانية", 9: "تسعة", 10: "عشرة"}
AR_MASCULINE_PLURALS = {"أشخاص", "أطفال", "فلسطينيين", "جنود", "صحفيين", "مصابين", "شهداء", "أيام", "أمريكيين"}

EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December"]
FA_MONTHS_IRAN = ["ژانویه", "فوریه", "مارس", "آوریل", "مه", "ژوئن", "ژوئیه", "اوت", "سپتامبر", "اکتبر", "نوامبر", "دسامبر"]
FA_MONTHS_AFGHAN = ["جنوری", "فبروری", "مارچ", "اپریل", "می", "جون", "جولای", "اگست", "سپتمبر", "اکتوبر", "نومبر", "دسمبر"]
FA_SOLAR_IRAN = ["فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند"]
FA_SOLAR_AFGHAN = ["حمل", "ثور", "جوزا", "سرطان", "اسد", "سنبله", "میزان", "عقرب", "قوس", "جدی", "دلو", "حوت"]
AR_MONTHS = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"]
AR_MONTHS_LEVANT = ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول", "تشرين الأول",
                    "تشرين الثاني", "كانون الأول"]
WEEKDAYS = {
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    "fa": ["دوشنبه", "سه شنبه", "چهارشنبه", "پنجشنبه", "جمعه", "شنبه", "یکشنبه"],
    "ar": ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"],
}
# Sentence-initial words that are lower-cased after an "On Tuesday, March 5, " lead.
EN_LOWER_AFTER_LEAD = {"the", "a", "an", "at", "more", "over", "about", "around", "nearly", "some", "roughly",
                       "medical", "families", "women", "of", "under", "during", "since", "in", "no", "as", "up",
                       "militants", "health"}
PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
_PLACEHOLDER = re.compile(r"\{([A-Za-z_]+[0-9]*)(?::([^{}]*))?\}")


# --- data ---------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def load_templates() -> tuple[dict, dict[str, dict]]:
    common = yaml.safe_load((TEMPLATES_DIR / "common.yaml").read_text(encoding="utf-8"))
    langs = {lang: yaml.safe_load((TEMPLATES_DIR / f"{lang}.yaml").read_text(encoding="utf-8")) for lang in LANGUAGES}
    for lang, data in langs.items():  # ids such as "en.casualty.3", recorded in the gold
        for section in ("casualty", "hostage"):
            for number, entry in enumerate(data[section]):
                entry["id"] = f"{lang}.{section}.{number}"
    return common, langs


@lru_cache(maxsize=1)
def load_series() -> tuple[dict[date, dict[str, int]], dict[tuple[str, str, int], date]]:
    """(values by report date, first report date of each (metric, group, value)), reported rows only."""
    by_date: dict[date, dict[str, int]] = {}
    first: dict[tuple[str, str, int], date] = {}
    with REFERENCE_CSV.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["report_source"] == "missing":
                continue
            day = date.fromisoformat(row["report_date"])
            values = {c: int(float(row[c])) for c in SERIES_COLUMNS if row.get(c)}
            by_date[day] = values
            for column, value in values.items():
                key = (*SERIES_COLUMNS[column], value)
                if key not in first or day < first[key]:
                    first[key] = day
    return by_date, first


def parse_mix(text: str) -> dict[str, float]:
    mix = {}
    for part in text.split(","):
        lang, _, share = part.partition("=")
        if lang.strip() not in LANGUAGES:
            raise ValueError(f"unknown language {lang!r} in --mix (use {', '.join(LANGUAGES)})")
        mix[lang.strip()] = float(share)
    if not mix or sum(mix.values()) <= 0:
        raise ValueError("--mix needs at least one positive share")
    return mix


def relative_path(index: int) -> str:
    return f"{index // FILES_PER_FOLDER:03d}/a{index:07d}.txt"


# --- numbers ------------------------------------------------------------------------------


def _en_words(value: int) -> str | None:
    if value in EN_WORDS:
        return EN_WORDS[value]
    if 20 < value < 100:
        return f"{EN_WORDS[value - value % 10]}-{EN_WORDS[value % 10]}"
    return None


def _fa_words(value: int) -> str | None:
    if value in FA_WORDS:
        return FA_WORDS[value]
    if 20 < value < 100:
        return f"{FA_WORDS[value - value % 10]} و {FA_WORDS[value % 10]}"
    return None


def _group3(value: int, sep: str) -> str:
    return f"{value:,}".replace(",", sep)


class Writer:
    """How one article writes numbers (its digit and separator habits), drawn once per article."""

    def __init__(self, lang: str, rng: random.Random):
        self.lang = lang
        self.rng = rng
        if lang == "en":
            self.sep = "," if rng.random() < 0.9 else ""
        elif lang == "fa":
            self.sep = rng.choices(["٬", ",", "", "scale_and", "scale"], [0.3, 0.15, 0.2, 0.2, 0.15])[0]
        else:
            self.sep = rng.choices(["", ",", "scale_and"], [0.55, 0.25, 0.2])[0]
        self.digits = {"en": None, "fa": PERSIAN_DIGITS if rng.random() < 0.85 else None,
                       "ar": ARABIC_DIGITS if rng.random() < 0.4 else None}[lang]
        self.zwnj = lang == "fa" and rng.random() < 0.5

    def number(self, value: int, words_ok: bool = True) -> tuple[str, bool, bool]:
        """(text, written in words, ends with a scale word)."""
        rng, lang = self.rng, self.lang
        if value >= 1_000_000 and value % 100_000 == 0:
            head = f"{value / 1_000_000:g}"
            if lang == "fa":
                head = head.replace(".", "٫")
            scale = {"en": "million", "fa": "میلیون", "ar": "مليون"}[lang]
            return f"{head} {scale}", False, True
        if words_ok:
            words = None
            if lang == "en" and (value <= 20 and rng.random() < 0.35 or 20 < value < 100 and rng.random() < 0.05):
                words = _en_words(value)
            elif lang == "fa" and (value <= 20 and rng.random() < 0.35 or 20 < value < 100 and rng.random() < 0.1):
                words = _fa_words(value)
            elif lang == "ar" and value in AR_WORDS and rng.random() < 0.3:
                words = AR_WORDS[value]
            if words:
                return words, True, False
        if value < 1000:
            return str(value), False, False
        thousands, rest = divmod(value, 1000)
        if self.sep in ("scale_and", "scale") and value < 1_000_000:
            if lang == "fa":
                if rest == 0:
                    return f"{thousands} هزار", False, True
                joiner = " و " if self.sep == "scale_and" else " "
                return f"{thousands} هزار{joiner}{rest}", False, False
            # Arabic: "46 ألفا و660", "5 آلاف و200"; a round thousand keeps the noun's genitive.
            scale = "آلاف" if 3 <= thousands <= 10 else ("ألف" if rest == 0 else "ألفا")
            if rest == 0:
                return f"{thousands} {scale}", False, True
            return f"{thousands} {scale} و{rest}", False, False
        if self.sep in ("scale_and", "scale"):
            return str(value), False, False
        return _group3(value, self.sep), False, False


def arabic_form(forms: list[str], value: int, ends_with_scale: bool) -> str:
    """The counted noun after `value`: 3-10 plural, round hundreds/thousands genitive, else accusative."""
    plural, accusative = forms[0], forms[1]
    genitive = forms[2] if len(forms) > 2 else accusative
    if ends_with_scale:
        return genitive
    if 3 <= value <= 10:
        return plural
    rest = value % 100
    if value >= 100 and rest == 0:
        return genitive
    if value > 100 and 3 <= rest <= 10:
        return plural
    return accusative


# --- dates --------------------------------------------------------------------------------


def _date_texts(lang: str, day: date, rng: random.Random) -> dict[str, str]:
    """How this article writes its date: long, iso, without year."""
    if lang == "en":
        month = EN_MONTHS[day.month - 1]
        if rng.random() < 0.5:
            return {"date_long": f"{month} {day.day}, {day.year}", "date_iso": day.isoformat(),
                    "date_nodash": f"{month} {day.day}"}
        return {"date_long": f"{day.day} {month} {day.year}", "date_iso": day.isoformat(),
                "date_nodash": f"{day.day} {month}"}
    if lang == "fa":
        solar = jdatetime.date.fromgregorian(date=day)
        afghan = rng.random() < 0.4
        solar_month = (FA_SOLAR_AFGHAN if afghan else FA_SOLAR_IRAN)[solar.month - 1]
        greg_month = (FA_MONTHS_AFGHAN if afghan else FA_MONTHS_IRAN)[day.month - 1]
        solar_long = f"{solar.day} {solar_month} {solar.year}"
        solar_nodash = f"{solar.day} {solar_month}"
        solar_iso = f"{solar.year}/{solar.month:02d}/{solar.day:02d}"
        use_solar = rng.random() < 0.5 or day.month == 5  # "۵ می" / "۵ مه" need their year
        if use_solar:
            return {"date_long": solar_long, "date_iso": solar_iso, "date_nodash": solar_nodash}
        return {"date_long": f"{day.day} {greg_month} {day.year}",
                "date_iso": day.isoformat() if rng.random() < 0.5 else solar_iso,
                "date_nodash": f"{day.day} {greg_month}"}
    month = AR_MONTHS[day.month - 1]
    style = rng.random()
    if style < 0.15:
        long = f"{day.day} {month}/{AR_MONTHS_LEVANT[day.month - 1]} {day.year}"
    elif style < 0.35:
        month = AR_MONTHS_LEVANT[day.month - 1]
        long = f"{day.day} {month} {day.year}"
    else:
        long = f"{day.day} {month} {day.year}"
    return {"date_long": long, "date_iso": day.isoformat(), "date_nodash": f"{day.day} {month}"}


def _is_attack_day(lang: str, day: date) -> bool:
    """A day-month without a year that names the attack day (7 October, 15 Mehr) is never a date."""
    if (day.month, day.day) == (10, 7):
        return True
    solar = jdatetime.date.fromgregorian(date=day)
    return lang == "fa" and (solar.month, solar.day) == (7, 15)


# --- templates ----------------------------------------------------------------------------


class Article:
    """Builds one article: sentences, figures and the gold."""

    def __init__(self, lang: str, rng: random.Random, published: date, exact_series: bool, avoid_series: bool):
        self.common, langs = load_templates()
        self.t = langs[lang]
        self.lang = lang
        self.rng = rng
        self.published = published
        self.exact_series = exact_series
        self.avoid_series = avoid_series
        self.writer = Writer(lang, rng)
        self.casualties: list[dict] = []
        self.hostages: list[dict] = []
        self.negotiation = {"locations": [], "mediators": [], "parties": [], "participants": [], "event_types": [], "event_date": None}

    # values
    def _value(self, spec: Any, metric_group: tuple[str, str] | None) -> int:
        rng = self.rng
        if isinstance(spec, list):
            return rng.randint(spec[0], spec[1])
        rng_spec = self.common["ranges"][spec]
        if "choices" in rng_spec:
            return rng.choice(rng_spec["choices"])
        series_value = None
        if "series" in rng_spec:
            by_date, _ = load_series()
            series_value = by_date.get(self.published, {}).get(rng_spec["series"])
        _, first = load_series()
        for _ in range(50):
            if series_value is not None and (self.exact_series or (not self.avoid_series and rng.random() < 0.6)):
                value = series_value
            elif series_value is not None:
                value = int(series_value * rng.uniform(0.97, 1.03))
            else:
                value = rng.randint(rng_spec["lo"], rng_spec["hi"])
                if rng_spec.get("step"):
                    value = max(rng_spec["step"], value // rng_spec["step"] * rng_spec["step"])
            if not (self.avoid_series and metric_group and (*metric_group, value) in first):
                return value
        return value

    def _qualifier(self, spec: dict) -> str:
        quals = spec.get("quals", "std")
        if isinstance(quals, str):
            weights = self.common["qualifier_weights"][quals]
            names = [q for q in weights if q == "exact" or self.t["qualifiers"].get(q)]
            return self.rng.choices(names, [weights[q] for q in names])[0]
        return self.rng.choice(quals)

    def render(self, text: str, figures: dict[str, dict] | None = None) -> tuple[str, dict[str, dict]]:
        """Fill a template; returns the text and the figures (slot -> gold dict with `_text`)."""
        rng, lang = self.rng, self.lang
        figures = figures or {}
        made: dict[str, dict] = {}
        for slot, spec in figures.items():  # parents are listed before their breakdowns
            parent = made.get(spec.get("of")) if spec.get("of") else None
            kind = "hostage" if ("status" in spec or (parent and parent["_kind"] == "hostage")) else "casualty"
            if parent:
                inherited = {k: parent[k] for k in ("metric", "region", "scope", "status") if k in parent}
                spec = {**inherited, **{k: v for k, v in spec.items() if k != "of"}}
            if kind == "casualty":
                metric_group = (spec["metric"], spec["group"]) if spec["region"] == "gaza" and spec["scope"] == "cumulative" else None
            else:
                metric_group = None
            if "value" in spec:
                value = self._value(spec["value"], metric_group)
            else:
                share = rng.uniform(*spec.get("share", [0.2, 0.5]))
                value = max(1, int(parent["value"] * share))
            if parent and value >= parent["value"]:
                value = max(1, int(parent["value"] * rng.uniform(0.2, 0.5)))
            # No "including 1 children": breakdowns count at least two (three in Arabic, whose
            # nouns take the dual form for two).
            value = max(value, 3 if lang == "ar" else (2 if parent else 1))
            qualifier = self._qualifier(spec)
            words_ok = spec.get("words", True)
            noun_forms = re.search(r"\{n" + slot[1:] + r":([^}]*)\}", text)
            if lang == "ar" and (noun_forms is None or noun_forms.group(1).split("|")[0] not in AR_MASCULINE_PLURALS):
                words_ok = False
            number, words, ends_scale = self.writer.number(value, words_ok)
            phrase = number
            if qualifier != "exact" and spec.get("prefix", True):
                phrase = f"{rng.choice(self.t['qualifiers'][qualifier])} {number}"
            gold = {"_kind": kind, "_text": phrase, "_scale": ends_scale, "value": value, "qualifier": qualifier, "words": words}
            if kind == "casualty":
                gold.update(metric=spec["metric"], group=spec["group"], region=spec["region"], scope=spec["scope"])
            else:
                gold.update(status=spec["status"], group=spec["group"])
            gold["reported_by"] = spec.get("by")
            gold["optional"] = bool(spec.get("optional", False))
            made[slot] = gold

        def fill(match: re.Match) -> str:
            name, arg = match.group(1), match.group(2)
            if name in made:
                return made[name]["_text"]
            if name.startswith("n") and name[1:].isdigit():
                figure = made["N" + name[1:]]
                return arabic_form(arg.split("|"), figure["value"], figure["_scale"])
            if name in ("X", "W"):
                lo, hi = (int(x) for x in arg.split("-"))
                value = rng.randint(lo, hi)
                return self.writer.number(value, words_ok=(name == "W"))[0]
            if name == "AGE":
                return str(rng.randint(18, 75))
            if name == "YEAR":
                return str(rng.randint(2023, max(2023, self.published.year)))
            if name in self.t["vocab"]:
                return rng.choice(self.t["vocab"][name])
            raise KeyError(f"unknown placeholder {{{name}}} in {lang} template: {text}")

        return _PLACEHOLDER.sub(fill, text), made

    def sentence(self, entry: dict | str, section: str) -> str:
        if isinstance(entry, str) or "figures" not in entry and section != "negotiation":
            text, _ = self.render(entry if isinstance(entry, str) else entry["text"])
            return self._finish(text)
        text, made = self.render(entry["text"], entry.get("figures"))
        text = self._finish(text)
        for gold in made.values():
            record = {k: v for k, v in gold.items() if not k.startswith("_")}
            record["quote"] = text
            record["template"] = entry.get("id")
            if gold["_kind"] == "casualty":
                record["as_of"] = None
                self.casualties.append(_ordered(record, casualty=True))
            else:
                record.pop("reported_by", None)
                self.hostages.append(_ordered(record, casualty=False))
        if section == "negotiation":
            for key in ("locations", "mediators", "participants"):
                for item in entry.get(key) or []:
                    if item not in self.negotiation[key]:
                        self.negotiation[key].append(item)
        return text

    def _finish(self, text: str) -> str:
        if self.lang == "en":
            text = text[:1].upper() + text[1:]
        return text


def _ordered(record: dict, casualty: bool) -> dict:
    keys = (["metric", "value", "group", "region", "scope", "qualifier", "words", "as_of", "reported_by"]
            if casualty else ["status", "value", "group", "qualifier", "words"])
    out = {k: record[k] for k in keys if k in record}
    if record.get("optional"):
        out["optional"] = True
    out["quote"] = record["quote"]
    out["template"] = record["template"]
    return out


# --- articles -----------------------------------------------------------------------------


def _pick_basis(rng: random.Random, common: dict) -> str:
    bases = common["date_bases"]
    return rng.choices(list(bases), list(bases.values()))[0]


def _reference_date(casualties: list[dict]) -> date | None:
    """The date the reference-series rule gives an undated article: most matching figures, then earliest."""
    _, first = load_series()
    votes: dict[date, int] = {}
    for c in casualties:
        if c["region"] == "gaza" and c["scope"] == "cumulative":
            day = first.get((c["metric"], c["group"], c["value"]))
            if day:
                votes[day] = votes.get(day, 0) + 1
    if not votes:
        return None
    return sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


def _series_killed_template(templates: list[dict]) -> list[dict]:
    """Casualty templates whose first figure is the cumulative Gaza death toll from the series."""
    return [t for t in templates if any(f.get("value") == "gaza_killed_cum" for f in t["figures"].values())]


def make_article(index: int, seed: int, mix: dict[str, float]) -> tuple[str, str, dict]:
    """Article `index` of the corpus of this seed: (relative path, text, gold dict)."""
    common, langs = load_templates()
    rng = random.Random(f"{seed}:{index}")
    lang = rng.choices(list(mix), list(mix.values()))[0]
    t = langs[lang]
    start, end = common["published_from"], common["published_to"]
    basis = _pick_basis(rng, common)
    if basis == "reference_series":
        by_date, _ = load_series()
        days = [d for d, v in by_date.items() if start <= d <= end and "killed_cum" in v]
        published = rng.choice(sorted(days))
    else:
        published = start + timedelta(days=rng.randint(0, (end - start).days))
        if basis == "weekday_date" and _is_attack_day(lang, published):
            basis = "text_date"
    article = Article(lang, rng, published, exact_series=basis == "reference_series",
                      avoid_series=basis == "unknown")

    n_sentences = rng.randint(common["min_sentences"], common["max_sentences"])
    n_figures = rng.randint(1, min(4, n_sentences))
    n_distractors = rng.randint(0, min(3, n_sentences - n_figures))
    n_negotiation = 1 if rng.random() < 0.3 and n_sentences - n_figures - n_distractors > 0 else 0
    n_filler = n_sentences - n_figures - n_distractors - n_negotiation

    def fits(entry: dict | str) -> bool:
        """Templates that speak of a later event (the March 2025 resumption) wait for it."""
        return not isinstance(entry, dict) or not entry.get("after") or published >= entry["after"]

    figure_entries: list[tuple[dict, str]] = []
    casualty_pool = [e for e in t["casualty"] if fits(e)]
    hostage_pool = [e for e in t["hostage"] if fits(e)]
    if basis == "reference_series":
        entry = rng.choice(_series_killed_template(casualty_pool))
        casualty_pool.remove(entry)
        figure_entries.append((entry, "casualty"))
    while len(figure_entries) < n_figures:
        pool = casualty_pool if (rng.random() < 0.6 and casualty_pool) or not hostage_pool else hostage_pool
        entry = pool.pop(rng.randrange(len(pool)))
        figure_entries.append((entry, "casualty" if pool is casualty_pool else "hostage"))
    body: list[str] = [article.sentence(e, section) for e, section in figure_entries]
    distractors = [e for e in t["distractor"] if fits(e)]
    fillers = [e for e in t["filler"] if fits(e)]
    others = [article.sentence(e, "distractor") for e in rng.sample(distractors, n_distractors)]
    others += [article.sentence(e, "negotiation") for e in rng.sample(t["negotiation"], n_negotiation)]
    others += [article.sentence(e, "filler") for e in rng.sample(fillers, min(n_filler, len(fillers)))]
    # The lead is a figure sentence; the rest in random order.
    rest = body[1:] + others
    rng.shuffle(rest)
    sentences = [body[0], *rest]

    dates = _date_texts(lang, published, rng)
    context = {**dates, "weekday_of_date": WEEKDAYS[lang][published.weekday()]}

    def fill(template: str) -> str:
        def one(match: re.Match) -> str:
            name = match.group(1)
            return context[name] if name in context else rng.choice(t["vocab"][name])

        return _PLACEHOLDER.sub(one, template)

    header = None
    lead_prefix = ""
    if basis == "header":
        header = fill(rng.choice(t["headers"]))
    elif basis == "text_date":
        lead_prefix = fill(rng.choice(t["datelines"]))
    elif basis == "weekday_date":
        lead_prefix = fill(rng.choice(t["weekday_leads"]))
    else:
        lead_prefix = fill(rng.choice(t["undated_leads"]))
    first = sentences[0]
    if lang == "en" and lead_prefix.startswith("On "):
        word = first.split(" ", 1)[0]
        if word.lower() in EN_LOWER_AFTER_LEAD or word.lower().split("-")[0] in EN_WORDS.values():
            first = first[:1].lower() + first[1:]
    sentences[0] = lead_prefix + first

    paragraphs: list[str] = []
    i = 0
    while i < len(sentences):
        size = rng.choice([1, 1, 2, 2, 3])
        paragraphs.append(" ".join(sentences[i:i + size]))
        i += size
    lines = []
    title = rng.choice(t["titles"]) if rng.random() < 0.6 else None
    if header:
        lines.append(header)
    if title:
        lines.append(title)
    lines += paragraphs
    text = ("\n\n" if rng.random() < 0.5 else "\n").join(lines) + "\n"
    if article.writer.digits:
        text = text.translate(article.writer.digits)
    if article.writer.zwnj:
        text = re.sub(r" (ها|های|اند|ای)\b", "\u200c\\1", text)
        text = re.sub(r"(?<!\S)می ", "می\u200c", text)

    path = relative_path(index)
    gold: dict[str, Any] = {"file": path, "lang": lang}
    if basis in ("header", "text_date", "weekday_date"):
        gold["published"] = published.isoformat()
        gold["published_basis"] = {"header": "header line", "text_date": "dateline in the lead",
                                   "weekday_date": "weekday with day and month in the lead"}[basis]
        gold["date_basis"] = basis
    else:
        inferred = _reference_date(article.casualties)
        gold["published"] = None
        if inferred:
            gold["published_basis"] = "no date in text"
            gold["inferred_date"] = inferred.isoformat()
            gold["inferred_basis"] = "a cumulative Gaza figure matches the reference series"
            gold["date_basis"] = "reference_series"
        else:
            gold["published_basis"] = "no date in text"
            gold["date_basis"] = "unknown"
    gold["true_date"] = published.isoformat()
    gold["casualties"] = _once(article.casualties, ("metric", "value", "group", "region", "scope", "qualifier"))
    gold["hostages"] = _once(article.hostages, ("status", "value", "group", "qualifier"))
    gold["negotiation"] = article.negotiation
    return path, text, gold


def _once(records: list[dict], keys: tuple[str, ...]) -> list[dict]:
    """A figure repeated in a later sentence is one fact, as a careful reader lists it (the first quote)."""
    seen, kept = set(), []
    for record in records:
        key = tuple(record.get(k) for k in keys)
        if key not in seen:
            seen.add(key)
            kept.append(record)
    return kept


def generate(n: int, seed: int = 7, mix: dict[str, float] | None = None, start: int = 0) -> list[tuple[str, str, dict]]:
    """Articles start .. start+n-1 in memory: [(relative path, text, gold dict)]."""
    mix = mix or DEFAULT_MIX
    return [make_article(i, seed, mix) for i in range(start, start + n)]


def write_corpus(out: Path, n: int, seed: int = 7, mix: dict[str, float] | None = None, start: int = 0,
                 append: bool = False) -> Path:
    """Write the articles under `out` and their gold to out/gold.jsonl; returns the gold path."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    gold_path = out / "gold.jsonl"
    mix = mix or DEFAULT_MIX
    with gold_path.open("a" if append else "w", encoding="utf-8") as gold_file:
        for index in range(start, start + n):
            path, text, gold = make_article(index, seed, mix)
            target = out / path
            target.parent.mkdir(exist_ok=True)
            target.write_text(text, encoding="utf-8")
            gold_file.write(json.dumps(gold, ensure_ascii=False) + "\n")
    return gold_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.generate_corpus", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, required=True, help="number of articles")
    parser.add_argument("--out", type=Path, required=True, help="output folder")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--mix", type=parse_mix, default=DEFAULT_MIX, help="language shares, e.g. en=0.6,fa=0.25,ar=0.15")
    parser.add_argument("--start", type=int, default=0, help="index of the first article (to extend a corpus)")
    parser.add_argument("--append", action="store_true", help="append to gold.jsonl instead of replacing it")
    args = parser.parse_args(argv)
    gold = write_corpus(args.out, args.n, args.seed, args.mix, args.start, args.append)
    print(f"wrote {args.n} articles to {args.out} (gold: {gold})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
