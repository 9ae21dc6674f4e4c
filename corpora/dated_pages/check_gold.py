"""Check the dated-pages gold against its articles, without the extractor.

Run from the repository root: `.venv/bin/python corpora/dated_pages/check_gold.py`.
It checks that every gold line parses and names an article that exists (a file, or a
feed item `file:line`), that every article has a gold line, that every quote is an
exact substring of its article's text, that dates are real and inside the war, that
labels keep to the contract's vocabularies, that sidecars carry no date, and that the
calendar conversions the gold relies on (Solar Hijri, Hijri, weekdays) are right.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from pathlib import Path

import jdatetime

HERE = Path(__file__).resolve().parent
ARTICLES = HERE / "articles"
WAR_START, CORPUS_END = dt.date(2023, 10, 8), dt.date(2025, 10, 31)

METRICS = {"killed", "injured", "missing", "displaced", "starvation_deaths"}
GROUPS = {"all", "children", "women", "other"}
REGIONS = {"gaza", "israel", "west_bank", "lebanon", "other"}
SCOPES = {"cumulative", "period"}
QUALIFIERS = {"exact", "more_than", "at_least", "about", "up_to"}
STATUSES = {"taken", "held", "released", "dead", "to_be_released"}
HOSTAGE_GROUPS = {"all", "women_children", "other"}
REPORTERS = {"gaza_health_ministry", "gaza_media_office", "idf", "israeli_officials", "un"}
BASES = {"metadata", "url", "header", "text_date", "weekday_date", "unknown"}
EVENTS = {"talks_held", "talks_resumed", "delegation_sent", "proposal_made", "deal_agreed",
          "deal_rejected", "phone_call", "stalled"}
MEDIATORS = {"Qatar", "Egypt", "United States", "Turkey", "other"}

# Solar Hijri dates written in the pages (URL path, stamps, bylines) and the day they mean.
JALALI = [
    ((1403, 9, 1), "2024-11-21"),   # 10: URL path /1403/09/01/
    ((1402, 9, 4), "2023-11-25"),   # 11: ۰۴ آذر ۱۴۰۲
    ((1402, 11, 8), "2024-01-28"),  # 13: ۸ بهمن ۱۴۰۲
    ((1402, 11, 9), "2024-01-29"),  # 13: update line
    ((1402, 10, 15), "2024-01-05"),  # 13: older quoted date ۱۵ دی
    ((1403, 3, 20), "2024-06-09"),  # 14: update ۲۰ جوزا ۱۴۰۳
    ((1403, 7, 16), "2024-10-07"),  # 15: ۱۴۰۳/۰۷/۱۶
    ((1403, 11, 27), "2025-02-15"),  # 16: ۲۷ دلو ۱۴۰۳
    ((1403, 10, 30), "2025-01-19"),  # 16: ۳۰ جدی (older truce start)
    ((1402, 8, 18), "2023-11-09"),  # 18: ۱۸ عقرب ۱۴۰۲
    ((1403, 8, 25), "2024-11-15"),  # 18: the ticker's ۲۵ عقرب ۱۴۰۳
    ((1403, 12, 28), "2025-03-18"),  # 19: ۲۸ اسفند ۱۴۰۳
]
# Weekdays the texts give for their own day (or for a day they quote).
WEEKDAYS = {
    "2024-05-06": "Monday", "2023-11-24": "Friday", "2024-08-15": "Thursday",
    "2023-10-20": "Friday", "2024-05-12": "Sunday", "2024-03-03": "Sunday",
    "2024-10-21": "Monday", "2024-10-19": "Saturday", "2024-06-08": "Saturday",
    "2025-01-15": "Wednesday", "2024-03-02": "Saturday", "2025-10-13": "Monday",
    "2025-02-19": "Wednesday", "2024-11-21": "Thursday", "2023-11-25": "Saturday",
    "2025-04-17": "Thursday", "2024-01-28": "Sunday", "2024-01-29": "Monday",
    "2025-02-15": "Saturday", "2025-01-19": "Sunday", "2023-11-09": "Thursday",
    "2024-11-15": "Friday", "2025-03-18": "Tuesday", "2024-02-29": "Thursday",
    "2024-05-27": "Monday", "2025-08-13": "Wednesday", "2024-03-25": "Monday",
    "2023-11-22": "Wednesday", "2024-03-17": "Sunday", "2024-12-18": "Wednesday",
    "2025-03-22": "Saturday", "2023-10-17": "Tuesday", "2025-10-10": "Friday",
    "2024-07-24": "Wednesday", "2025-07-21": "Monday", "2024-03-26": "Tuesday",
    "2024-07-06": "Saturday", "2024-07-05": "Friday",
}
# Hijri date beside the Gregorian stamp of article 27 (tabular calendar; Umm al-Qura agrees).
HIJRI = [((1445, 11, 4), "2024-05-12")]


def tabular_hijri(day: dt.date) -> tuple[int, int, int]:
    """Convert a Gregorian day to the arithmetic (tabular) Islamic calendar."""
    jd = day.toordinal() + 1721425
    l = jd - 1948440 + 10632
    n = (l - 1) // 10631
    l = l - 10631 * n + 354
    j = ((10985 - l) // 5316) * ((50 * l) // 17719) + (l // 5670) * ((43 * l) // 15238)
    l = l - ((30 - j) // 15) * ((17719 * j) // 50) - (j // 16) * ((15238 * j) // 43) + 29
    month = (24 * l) // 709
    return 30 * n + j - 30, month, l - (709 * month) // 24


def feed_items(path: Path) -> dict[str, str]:
    """Text of each JSONL line or CSV record, keyed `name:line` (line where it starts)."""
    items = {}
    if path.suffix == ".jsonl":
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                items[f"{path.name}:{number}"] = json.loads(line)["text"]
    else:
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            reader.fieldnames  # reads the header row
            start = reader.line_num + 1
            for row in reader:
                items[f"{path.name}:{start}"] = row["body"]
                start = reader.line_num + 1
    return items


def article_texts() -> dict[str, str]:
    """Every article of the folder: text and HTML files whole, feed items one by one."""
    texts = {}
    for path in sorted(ARTICLES.iterdir()):
        if path.suffix in {".txt", ".html"}:
            texts[path.name] = path.read_text(encoding="utf-8")
        elif path.suffix in {".jsonl", ".csv"}:
            texts.update(feed_items(path))
    return texts


def check_sidecars(problems: list[str]) -> None:
    """A sidecar gives url, source and title, never a date (the date must come from the URL)."""
    for sidecar in ARTICLES.glob("*.json"):
        meta = json.loads(sidecar.read_text(encoding="utf-8"))
        if set(meta) != {"url", "source", "title"}:
            problems.append(f"{sidecar.name}: keys {sorted(meta)}")
        if not (ARTICLES / f"{sidecar.stem}.txt").exists():
            problems.append(f"{sidecar.name}: no text file beside it")


def check_date(value: str | None, where: str, problems: list[str]) -> None:
    """A gold date is an ISO calendar date inside the corpus window, or null."""
    if value is None:
        return
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        problems.append(f"{where}: {value!r} is no date")
        return
    if not WAR_START - dt.timedelta(days=1) <= day <= CORPUS_END:
        problems.append(f"{where}: {value} outside the corpus window")


def check_figure(fig: dict, text: str, where: str, problems: list[str]) -> None:
    """Quote found verbatim, vocabularies kept, value a positive integer."""
    if fig["quote"] not in text:
        problems.append(f"{where}: quote not in article: {fig['quote']!r}")
    if not isinstance(fig["value"], int) or fig["value"] <= 0:
        problems.append(f"{where}: bad value {fig['value']!r}")
    if fig["qualifier"] not in QUALIFIERS:
        problems.append(f"{where}: qualifier {fig['qualifier']}")
    if "metric" in fig:
        if (fig["metric"] not in METRICS or fig["group"] not in GROUPS or fig["region"] not in REGIONS
                or fig["scope"] not in SCOPES or fig.get("reported_by", "un") not in REPORTERS):
            problems.append(f"{where}: casualty labels {fig}")
        check_date(fig.get("as_of"), where, problems)
    elif fig["status"] not in STATUSES or fig["group"] not in HOSTAGE_GROUPS:
        problems.append(f"{where}: hostage labels {fig}")


def check_gold(problems: list[str]) -> int:
    """Every gold line against its article; every article has one line."""
    texts = article_texts()
    seen = set()
    lines = (HERE / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, 1):
        entry = json.loads(line)
        name = entry["file"]
        where = f"gold line {number} ({name})"
        if name in seen:
            problems.append(f"{where}: listed twice")
        seen.add(name)
        if name not in texts:
            problems.append(f"{where}: no such article")
            continue
        if entry["lang"] not in {"en", "fa", "ar"} or entry["date_basis"] not in BASES:
            problems.append(f"{where}: lang or date_basis")
        check_date(entry["published"], where, problems)
        for fig in entry["casualties"] + entry["hostages"]:
            check_figure(fig, texts[name], where, problems)
        negotiation = entry["negotiation"]
        if negotiation:
            if not set(negotiation["event_types"]) <= EVENTS or not set(negotiation["mediators"]) <= MEDIATORS:
                problems.append(f"{where}: negotiation labels")
            check_date(negotiation["event_date"], where, problems)
    for name in sorted(set(texts) - seen):
        problems.append(f"{name}: article without a gold line")
    return len(lines)


def check_calendars(problems: list[str]) -> None:
    """The Solar Hijri, Hijri and weekday facts the gold relies on."""
    for (year, month, day), iso in JALALI:
        got = jdatetime.date(year, month, day).togregorian().isoformat()
        if got != iso:
            problems.append(f"Jalali {year}/{month}/{day} is {got}, not {iso}")
    for hijri, iso in HIJRI:
        if tabular_hijri(dt.date.fromisoformat(iso)) != hijri:
            problems.append(f"Hijri {hijri} is not {iso}")
    for iso, weekday in WEEKDAYS.items():
        if dt.date.fromisoformat(iso).strftime("%A") != weekday:
            problems.append(f"{iso} is not a {weekday}")


def main() -> int:
    problems: list[str] = []
    check_sidecars(problems)
    count = check_gold(problems)
    check_calendars(problems)
    for problem in problems:
        print(problem)
    print(f"{count} gold lines, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
