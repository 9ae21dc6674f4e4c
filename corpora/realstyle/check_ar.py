"""Check the Arabic real-style gold against its articles (it never runs the pipeline).

Usage: python corpora/realstyle/check_ar.py  -> prints one line per problem, exits 1 if any.
"""
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
PARTS = ("dev", "test")
KEYS = ["file", "lang", "published", "published_basis", "date_basis", "casualties", "hostages", "negotiation", "notes"]
VOCAB = {
    "metric": {"killed", "injured", "missing", "displaced", "starvation_deaths"},
    "group": {"all", "children", "women", "soldiers", "fighters", "journalists", "medical_staff",
              "aid_workers", "aid_seekers", "other"},
    "region": {"israel", "gaza", "west_bank", "lebanon", "other"},
    "scope": {"cumulative", "period"},
    "qualifier": {"exact", "more_than", "at_least", "about", "up_to"},
    "reported_by": {"gaza_health_ministry", "gaza_media_office", "idf", "israeli_officials", "un"},
    "status": {"taken", "held", "released", "dead", "to_be_released"},
    "hostage_group": {"all", "women_children", "other"},
    "event_type": {"talks_held", "talks_resumed", "delegation_sent", "proposal_made", "deal_agreed",
                   "deal_rejected", "phone_call", "stalled"},
    "mediators": {"Qatar", "Egypt", "United States", "Turkey", "other"},
    "parties": {"Israel", "Hamas"},
    "date_basis": {"metadata", "url", "header", "text_date", "weekday_date", "reference_series", "unknown"},
}
INDIC = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
SCALE = re.compile("ألف|آلاف|ألفا|مليون|ملايين")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def digits_of(text):
    """Western digits with thousands separators removed, so '٤٤٬٢٨٢' and '44,282' read 44282."""
    t = text.translate(INDIC)
    return re.sub(r"(?<=\d)[,٬](?=\d{3})", "", t)


def quote_carries_value(quote, value, words):
    """A quote must show its number: the digits, a scale word with digits, or number words."""
    t = digits_of(quote)
    if str(value) in re.findall(r"\d+", t):
        return True
    if SCALE.search(t) or re.search(r"\d+\.\d+", t):
        return True
    return bool(words)


def check_fact(where, f, kind):
    errs = []
    if kind == "casualty":
        for k in ("metric", "group", "region", "scope", "qualifier"):
            if f.get(k) not in VOCAB[k]:
                errs.append(f"{where}: bad {k} {f.get(k)!r}")
        if "reported_by" in f and f["reported_by"] not in VOCAB["reported_by"]:
            errs.append(f"{where}: bad reported_by {f['reported_by']!r}")
        if f.get("as_of") is not None and not DATE.match(f["as_of"]):
            errs.append(f"{where}: bad as_of {f['as_of']!r}")
    else:
        if f.get("status") not in VOCAB["status"]:
            errs.append(f"{where}: bad status {f.get('status')!r}")
        if f.get("group") not in VOCAB["hostage_group"]:
            errs.append(f"{where}: bad hostage group {f.get('group')!r}")
        if f.get("qualifier") not in VOCAB["qualifier"]:
            errs.append(f"{where}: bad qualifier {f.get('qualifier')!r}")
    if not isinstance(f.get("value"), int) or f["value"] <= 0:
        errs.append(f"{where}: value must be a positive integer")
    if not isinstance(f.get("words"), bool):
        errs.append(f"{where}: words must be true/false")
    return errs


def check_negotiation(where, n):
    errs = []
    if not n:
        return errs
    for k in ("locations", "mediators", "parties", "participants", "event_types", "event_date"):
        if k not in n:
            errs.append(f"{where}: negotiation lacks {k}")
    for m in n.get("mediators", []):
        if m not in VOCAB["mediators"]:
            errs.append(f"{where}: bad mediator {m!r}")
    for p in n.get("parties", []):
        if p not in VOCAB["parties"]:
            errs.append(f"{where}: bad party {p!r}")
    for e in n.get("event_types", []):
        if e not in VOCAB["event_type"]:
            errs.append(f"{where}: bad event_type {e!r}")
    if n.get("event_date") and not DATE.match(n["event_date"]):
        errs.append(f"{where}: bad event_date")
    return errs


def check_part(part):
    base = HERE / part / "ar"
    errs, seen = [], {}
    gold = base / "gold.jsonl"
    for no, line in enumerate(gold.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            g = json.loads(line)
        except json.JSONDecodeError as e:
            errs.append(f"{gold}:{no}: not JSON ({e})")
            continue
        name = g.get("file")
        where = f"{part}/{name}"
        if name in seen:
            errs.append(f"{where}: two gold lines")
        seen[name] = g
        missing = [k for k in KEYS if k not in g]
        if missing:
            errs.append(f"{where}: missing keys {missing}")
        if g.get("lang") != "ar":
            errs.append(f"{where}: lang is not ar")
        if g.get("date_basis") not in VOCAB["date_basis"]:
            errs.append(f"{where}: bad date_basis")
        if g.get("date_basis") == "reference_series" and not g.get("inferred_date"):
            errs.append(f"{where}: reference_series without inferred_date")
        path = base / "articles" / name
        if not path.exists():
            errs.append(f"{where}: article file missing")
            continue
        text = path.read_text(encoding="utf-8")
        facts = [("casualty", f) for f in g.get("casualties", [])] + [("hostage", f) for f in g.get("hostages", [])]
        for i, (kind, f) in enumerate(facts):
            fw = f"{where} {kind}#{i} {f.get('value')}"
            errs += check_fact(fw, f, kind)
            q = f.get("quote", "")
            if q not in text:
                errs.append(f"{fw}: quote not in article: {q!r}")
            elif not quote_carries_value(q, f.get("value"), f.get("words")):
                errs.append(f"{fw}: quote does not carry the value: {q!r}")
        errs += check_negotiation(where, g.get("negotiation", {}))
    for path in sorted((base / "articles").glob("*.txt")):
        if path.name not in seen:
            errs.append(f"{part}/{path.name}: article without a gold line")
    return errs, seen


def main():
    errs, counts = [], {}
    outlets = {}
    for part in PARTS:
        e, seen = check_part(part)
        errs += e
        counts[part] = (len(seen), sum(len(g["casualties"]) for g in seen.values()),
                        sum(len(g["hostages"]) for g in seen.values()))
        outlets[part] = {name.split("_")[1] for name in seen}
    shared = outlets["dev"] & outlets["test"]
    if shared:
        errs.append(f"outlet styles in both parts: {sorted(shared)}")
    for e in errs:
        print(e)
    for part, (n, c, h) in counts.items():
        print(f"{part}: {n} articles, {c} casualty facts, {h} hostage facts")
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main())
