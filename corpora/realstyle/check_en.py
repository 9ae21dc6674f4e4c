"""Check the English real-style gold against its articles (does not run the pipeline).

Run: python corpora/realstyle/check_en.py
Checks, for dev/en and test/en: every gold line parses and has the expected keys; gold rows and
article files match one to one; every quote is an exact substring of its article and contains
the value (as digits, a scaled figure such as "1.2 million", or number words); every label comes
from the contract's vocabularies; the two parts share no outlet (file-name prefix).
"""
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
PARTS = ("dev", "test")
KEYS = ["file", "lang", "published", "published_basis", "date_basis", "casualties", "hostages",
        "negotiation", "notes"]
VOCAB = {
    "metric": {"killed", "injured", "missing", "displaced", "starvation_deaths"},
    "group": {"all", "children", "women", "soldiers", "fighters", "journalists", "medical_staff",
              "aid_workers", "aid_seekers", "other"},
    "region": {"israel", "gaza", "west_bank", "lebanon", "other"},
    "scope": {"cumulative", "period"},
    "qualifier": {"exact", "more_than", "at_least", "about", "up_to"},
    "reported_by": {"gaza_health_ministry", "gaza_media_office", "idf", "israeli_officials", "un"},
    "status": {"taken", "held", "released", "dead", "to_be_released"},
    "hgroup": {"all", "women_children", "other"},
    "event_type": {"talks_held", "talks_resumed", "delegation_sent", "proposal_made", "deal_agreed",
                   "deal_rejected", "phone_call", "stalled"},
    "mediators": {"Qatar", "Egypt", "United States", "Turkey", "other"},
    "parties": {"Israel", "Hamas"},
    "date_basis": {"metadata", "url", "header", "text_date", "weekday_date", "reference_series",
                   "unknown"},
}
WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
         "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
         "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
         "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12,
         "a": 1, "an": 1, "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5}
SCALES = {"million": 1_000_000, "mn": 1_000_000, "m": 1_000_000, "thousand": 1000, "k": 1000}


def numbers_in(quote):
    """Every value a quote can be read as: digit groups, scaled decimals, number words."""
    found = set()
    for m in re.finditer(r"(\d[\d,\u202f]*(?:\.\d+)?)\s*(?:(million|mn|m|thousand|k)\b)?", quote, re.I):
        raw = re.sub(r"[,\u202f]", "", m.group(1))
        value = float(raw)
        if m.group(2):
            value *= SCALES[m.group(2).lower()]
        found.add(int(round(value)))
    words = re.findall(r"[a-z]+", quote.lower())
    total = 0
    for i, w in enumerate(words):
        if w in WORDS:
            n = WORDS[w]
            found.add(n)
            if w == "hundred" and i > 0 and words[i - 1] in WORDS:
                found.add(WORDS[words[i - 1]] * 100)
            total = total + n if n < 100 else max(total, 1) * n
            found.add(total)
        elif w not in ("and",):
            total = 0
    for a, b in zip(words, words[1:]):  # "twenty one" / "twenty-one"
        if a in WORDS and b in WORDS and WORDS[a] >= 20 and WORDS[b] < 10:
            found.add(WORDS[a] + WORDS[b])
    return found


def check_part(part, errors):
    folder = HERE / part / "en"
    arts = {p.name for p in (folder / "articles").glob("*.txt")}
    rows = [json.loads(line) for line in (folder / "gold.jsonl").read_text().splitlines() if line.strip()]
    names = [r["file"] for r in rows]
    if len(names) != len(set(names)):
        errors.append(f"{part}: duplicate gold rows")
    if set(names) != arts:
        errors.append(f"{part}: gold/article mismatch {sorted(set(names) ^ arts)}")
    n_facts = 0
    for r in rows:
        f = r["file"]
        for k in KEYS:
            if k not in r:
                errors.append(f"{f}: missing key {k}")
        if r["lang"] != "en":
            errors.append(f"{f}: lang {r['lang']}")
        if r["date_basis"] not in VOCAB["date_basis"]:
            errors.append(f"{f}: date_basis {r['date_basis']}")
        if r["date_basis"] == "reference_series" and not r.get("inferred_date"):
            errors.append(f"{f}: reference_series without inferred_date")
        text = (folder / "articles" / f).read_text(encoding="utf-8")
        sidecar = folder / "articles" / f.replace(".txt", ".json")
        if sidecar.exists():
            meta = json.loads(sidecar.read_text())
            if not {"url", "source"} <= set(meta):
                errors.append(f"{f}: sidecar lacks url/source")
        for c in r["casualties"]:
            n_facts += 1
            for k in ("metric", "group", "region", "scope", "qualifier"):
                if c[k] not in VOCAB[k]:
                    errors.append(f"{f}: {k}={c[k]}")
            if "reported_by" in c and c["reported_by"] not in VOCAB["reported_by"]:
                errors.append(f"{f}: reported_by={c['reported_by']}")
            check_quote(f, text, c, errors)
        for h in r["hostages"]:
            n_facts += 1
            if h["status"] not in VOCAB["status"] or h["group"] not in VOCAB["hgroup"]:
                errors.append(f"{f}: hostage labels {h['status']}/{h['group']}")
            if h["qualifier"] not in VOCAB["qualifier"]:
                errors.append(f"{f}: qualifier {h['qualifier']}")
            check_quote(f, text, h, errors)
        neg = r["negotiation"]
        if neg:
            for t in neg["event_types"]:
                if t not in VOCAB["event_type"]:
                    errors.append(f"{f}: event_type {t}")
            for m in neg["mediators"]:
                if m not in VOCAB["mediators"]:
                    errors.append(f"{f}: mediator {m}")
            for p in neg["parties"]:
                if p not in VOCAB["parties"]:
                    errors.append(f"{f}: party {p}")
    return rows, n_facts


def check_quote(f, text, fact, errors):
    q = fact["quote"]
    if q not in text:
        errors.append(f"{f}: quote not in article: {q!r}")
    elif fact["value"] not in numbers_in(q):
        errors.append(f"{f}: value {fact['value']} not readable in quote {q!r}")


def outlet(name):
    return name.split("_")[1]


def main():
    errors = []
    outlets = {}
    for part in PARTS:
        rows, n = check_part(part, errors)
        outlets[part] = {outlet(r["file"]) for r in rows}
        print(f"{part}: {len(rows)} articles, {n} facts")
    shared = outlets["dev"] & outlets["test"]
    if shared:
        errors.append(f"outlets in both parts: {sorted(shared)}")
    for e in errors:
        print("ERROR", e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
