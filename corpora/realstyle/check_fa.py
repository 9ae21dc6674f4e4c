"""Check the fa real-style gold against its articles (does not run the pipeline).

Checks: every gold line parses and names an existing article, every article has exactly one
gold line, every quote is a substring of its article and carries the figure's value (in
Latin or Persian digits, with or without separators, as 'N هزار و M', or in number words
when `words` is true), and every label is in the contract's vocabularies.
Usage: python corpora/realstyle/check_fa.py  (exit status 1 on any problem)
"""
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
METRICS = {"killed", "injured", "missing", "displaced", "starvation_deaths"}
GROUPS = {"all", "children", "women", "soldiers", "fighters", "journalists", "medical_staff",
          "aid_workers", "aid_seekers", "other"}
REGIONS = {"israel", "gaza", "west_bank", "lebanon", "other"}
SCOPES = {"cumulative", "period"}
QUALIFIERS = {"exact", "more_than", "at_least", "about", "up_to"}
SOURCES = {"gaza_health_ministry", "gaza_media_office", "idf", "israeli_officials", "un"}
H_STATUS = {"taken", "held", "released", "dead", "to_be_released"}
H_GROUPS = {"all", "women_children", "other"}
EVENTS = {"talks_held", "talks_resumed", "delegation_sent", "proposal_made", "deal_agreed",
          "deal_rejected", "phone_call", "stalled"}
MEDIATORS = {"Qatar", "Egypt", "United States", "Turkey", "other"}
PARTIES = {"Israel", "Hamas"}
BASES = {"metadata", "url", "header", "text_date", "weekday_date", "reference_series", "unknown"}
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TO_LATIN = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
# number words that may carry a value written out (checked only when words is true)
WORDS = {1: "یک", 2: "دو", 3: "سه", 4: "چهار", 5: "پنج", 6: "شش", 7: "هفت", 8: "هشت", 9: "نه",
         10: "ده", 11: "یازده", 12: "دوازده", 13: "سیزده", 14: "چهارده", 15: "پانزده",
         16: "شانزده", 17: "هفده", 18: "هجده", 19: "نوزده", 20: "بیست", 30: "سی", 40: "چهل",
         50: "پنجاه", 60: "شصت", 70: "هفتاد", 80: "هشتاد", 90: "نود", 100: "صد", 200: "دویست",
         300: "سیصد", 400: "چهارصد", 500: "پانصد"}


def value_forms(value):
    """Ways a value may be written in a quote once digits are Latin and separators dropped."""
    forms = {str(value)}
    if value >= 1000 and value % 1000:
        forms.add(f"{value // 1000} هزار و {value % 1000}")
        forms.add(f"{value // 1000} هزار {value % 1000}")
        forms.add(f"{value // 1000}هزار و {value % 1000}")
    if value >= 1000 and value % 1000 == 0:
        forms.add(f"{value // 1000} هزار")
    if value >= 1_000_000:
        m = value / 1_000_000
        forms.add(f"{m:g} میلیون")
    return forms


def quote_has_value(quote, value, words):
    flat = quote.translate(TO_LATIN)
    flat = re.sub(r"(?<=\d)[,٬،.](?=\d{3})", "", flat)
    flat = flat.replace("\u200c", " ")
    if any(f in flat for f in value_forms(value)):
        return True
    if not re.search(r"\d", flat) or words:
        thousands, rest = divmod(value, 1000)
        if value in WORDS and WORDS[value] in flat:
            return True
        if thousands and thousands in WORDS and "هزار" in flat:
            return True
        if words and any(w in flat for w in WORDS.values()):
            return True
    return False


def check_part(part):
    problems = []
    gold_path = HERE / part / "fa" / "gold.jsonl"
    articles = HERE / part / "fa" / "articles"
    seen = {}
    for n, line in enumerate(gold_path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            g = json.loads(line)
        except json.JSONDecodeError as e:
            problems.append(f"{part} line {n}: bad JSON ({e})")
            continue
        name = g.get("file")
        seen[name] = seen.get(name, 0) + 1
        path = articles / str(name)
        if not path.exists():
            problems.append(f"{part}/{name}: no such article")
            continue
        text = path.read_text(encoding="utf-8")
        where = f"{part}/{name}"
        if g.get("lang") != "fa":
            problems.append(f"{where}: lang {g.get('lang')}")
        if g.get("date_basis") not in BASES:
            problems.append(f"{where}: date_basis {g.get('date_basis')}")
        pub = g.get("published") or g.get("inferred_date")
        if pub is not None and not DATE.match(pub):
            problems.append(f"{where}: published {pub}")
        for f in g.get("casualties", []):
            for key, vocab in (("metric", METRICS), ("group", GROUPS), ("region", REGIONS),
                               ("scope", SCOPES), ("qualifier", QUALIFIERS)):
                if f.get(key) not in vocab:
                    problems.append(f"{where}: {key} {f.get(key)}")
            if "reported_by" in f and f["reported_by"] not in SOURCES:
                problems.append(f"{where}: reported_by {f['reported_by']}")
            if f.get("as_of") is not None and not DATE.match(f["as_of"]):
                problems.append(f"{where}: as_of {f['as_of']}")
            problems += check_quote(where, text, f)
        for f in g.get("hostages", []):
            if f.get("status") not in H_STATUS:
                problems.append(f"{where}: hostage status {f.get('status')}")
            if f.get("group") not in H_GROUPS:
                problems.append(f"{where}: hostage group {f.get('group')}")
            if f.get("qualifier") not in QUALIFIERS:
                problems.append(f"{where}: qualifier {f.get('qualifier')}")
            problems += check_quote(where, text, f)
        neg = g.get("negotiation") or {}
        if neg:
            for key, vocab in (("event_types", EVENTS), ("mediators", MEDIATORS), ("parties", PARTIES)):
                bad = set(neg.get(key, [])) - vocab
                if bad:
                    problems.append(f"{where}: {key} {sorted(bad)}")
            if neg.get("event_date") is not None and not DATE.match(neg["event_date"]):
                problems.append(f"{where}: event_date {neg['event_date']}")
    for path in articles.glob("*.txt"):
        if seen.get(path.name, 0) != 1:
            problems.append(f"{part}/{path.name}: {seen.get(path.name, 0)} gold lines")
    return problems, len(seen)


def check_quote(where, text, fact):
    if fact.get("quote") not in text:
        return [f"{where}: quote not in article: {fact.get('quote')}"]
    if not isinstance(fact.get("value"), int) or not quote_has_value(fact["quote"], fact["value"], fact.get("words")):
        return [f"{where}: quote lacks value {fact.get('value')}: {fact['quote']}"]
    return []


def main():
    problems, total = [], 0
    for part in ("dev", "test"):
        if (HERE / part / "fa" / "gold.jsonl").exists():
            p, n = check_part(part)
            problems += p
            total += n
    for p in problems:
        print(p)
    print(f"{total} articles checked, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
