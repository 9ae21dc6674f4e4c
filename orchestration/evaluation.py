"""Compare extracted facts with a gold file (the JSONL format of tests/fixtures/seeds_gold.jsonl).

Each gold line describes one article, named by the last component of its path (`a.txt`, or
`wire.jsonl:3` for the item on line 3 of a feed): its date, the casualty and hostage figures a
careful reader finds (some marked optional: allowed, not required) and its negotiation
story. Figures are matched one-to-one on their full description; what is left over on
either side is a miss or a false find.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

CASUALTY_KEYS = ("metric", "value", "victim_group", "region", "scope", "qualifier")
HOSTAGE_KEYS = ("status", "value", "hostage_group", "qualifier")


def load_gold(path: Path) -> list[dict]:
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def gold_name(source_path: str) -> str:
    """How a gold entry names an article: the last component of its path, so a file in a
    subfolder is `a.txt` and a feed item `wire.jsonl:3` (the feed file and the line of the item)."""
    return source_path.rsplit("/", 1)[-1]


def expected_date(gold: dict) -> tuple[str | None, str]:
    """(date, basis) a correct pipeline gives this article."""
    if gold.get("date_basis"):
        return gold.get("published") or gold.get("inferred_date"), gold["date_basis"]
    if gold.get("published"):
        text = gold.get("published_basis", "").lower()
        if text.startswith("metadata"):
            return gold["published"], "metadata"
        if "header" in text:
            return gold["published"], "header"
        weekdays = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "weekday")
        return gold["published"], "weekday_date" if any(w in text for w in weekdays) else "text_date"
    if gold.get("inferred_date"):
        return gold["inferred_date"], "reference_series"
    return None, "unknown"


def gold_casualties(gold: dict) -> list[dict]:
    return [
        {"metric": c["metric"], "value": c["value"], "victim_group": c["group"], "region": c["region"],
         "scope": c["scope"], "qualifier": c["qualifier"], "optional": c.get("optional", False),
         "as_of": c.get("as_of"), "reported_by": c.get("reported_by"), "quote": c["quote"]}
        for c in gold.get("casualties", [])
    ]


def gold_hostages(gold: dict) -> list[dict]:
    return [
        {"status": h["status"], "value": h["value"], "hostage_group": h["group"], "qualifier": h["qualifier"],
         "optional": h.get("optional", False), "as_of": h.get("as_of"), "quote": h["quote"]}
        for h in gold.get("hostages", [])
    ]


def _same(fact: dict, gold: dict, keys: tuple[str, ...]) -> bool:
    for key in keys:
        if key == "hostage_group" and gold[key] == "women_children" and fact[key] == "all":
            continue  # a deal's "50 hostages" may be read as all hostages
        if fact[key] != gold[key]:
            return False
    return True


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list = field(default_factory=list)
    false_finds: list = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: "Tally") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.misses += other.misses
        self.false_finds += other.false_finds


def match_figures(facts: list[dict], golds: list[dict], keys: tuple[str, ...], label: str) -> Tally:
    """One-to-one matching; required gold figures first, then optional ones absorb extras."""
    tally = Tally()
    remaining = list(facts)
    for gold in sorted(golds, key=lambda g: g["optional"]):
        hit = next((f for f in remaining if _same(f, gold, keys)), None)
        if hit is not None:
            remaining.remove(hit)
            if not gold["optional"]:
                tally.tp += 1
        elif not gold["optional"]:
            tally.fn += 1
            tally.misses.append(f"{label}: missed {gold}")
    tally.fp += len(remaining)
    tally.false_finds += [f"{label}: extra {{{', '.join(f'{k}={f[k]}' for k in keys)}}} in: {f['sentence'][:120]}" for f in remaining]
    return tally


def facts_by_file(articles: pl.DataFrame, table: pl.DataFrame) -> dict[str, list[dict]]:
    """Facts grouped by the file name of their article."""
    names = articles.select("article_id", pl.col("source_path").str.split("/").list.last().alias("file"))
    joined = table.join(names, on="article_id", how="inner")
    out: dict[str, list[dict]] = {}
    for row in joined.iter_rows(named=True):
        out.setdefault(row["file"], []).append(row)
    return out


# --- the evaluation command ------------------------------------------------------------

NEGOTIATION_FIELDS = ("locations", "mediators", "participants")


def materialize_into(articles_dir: Path, warehouse_path: Path):
    """Run the main command's job (assets and checks) in process against the given warehouse file."""
    from orchestration.runner import materialize_into as run_into

    return run_into(articles_dir, warehouse_path)


def _attribute_accuracy(found: list[dict], golds: list[dict], attrs: tuple[str, ...]) -> tuple[int, int]:
    """Of the gold figures whose value was found, how many have every attribute right."""
    right = total = 0
    for gold in golds:
        if gold["optional"]:
            continue
        same_value = [f for f in found if f["value"] == gold["value"]]
        if not same_value:
            continue
        total += 1
        right += any(all(f[a] == gold[a] or (a == "hostage_group" and gold[a] == "women_children" and f[a] == "all") for a in attrs) for f in same_value)
    return right, total


def _negotiation_sets(events: list[dict]) -> dict[str, set]:
    out = {"locations": set(), "mediators": set(), "participants": set()}
    for event in events:
        if event.get("location"):
            out["locations"].add(event["location"])
        out["mediators"].update(event.get("mediators") or [])
        out["participants"].update(event.get("participants") or [])
    return out


@dataclass
class Evaluation:
    figures: dict[str, dict[str, Tally]] = field(default_factory=dict)  # kind -> language|overall -> tally
    attributes: dict[str, list[int]] = field(default_factory=dict)  # kind -> [right, total]
    negotiation: dict[str, Tally] = field(default_factory=dict)
    dates: list[int] = field(default_factory=lambda: [0, 0])

    def attribute_accuracy(self, kind: str) -> float:
        right, total = self.attributes.get(kind, [0, 0])
        return right / total if total else 1.0

    @property
    def date_accuracy(self) -> float:
        return self.dates[0] / self.dates[1] if self.dates[1] else 1.0

    def figure_tally(self, language: str = "overall") -> Tally:
        tally = Tally()
        for by_language in self.figures.values():
            tally.add(by_language.get(language, Tally()))
        return tally


def evaluate_warehouse(warehouse_path: Path, gold: list[dict]) -> Evaluation:
    from orchestration.warehouse import connect

    with connect(warehouse_path, read_only=True) as conn:
        articles = conn.execute(
            """select s.source_path, a.article_id, a.language, a.published_on
               from raw.article_sources s join raw.articles a using (article_id)"""
        ).pl()
        casualty = conn.execute("select * from extracted.casualty_facts").pl()
        hostage = conn.execute("select * from extracted.hostage_facts").pl()
        events = conn.execute("select * from extracted.negotiation_events").pl()
    by_path = {}
    for row in articles.sort("source_path").iter_rows(named=True):
        by_path.setdefault(gold_name(row["source_path"]), row)
    found = {"casualty": _by_article(casualty), "hostage": _by_article(hostage)}
    found_events = _by_article(events)
    result = Evaluation()
    for entry in gold:
        article = by_path.get(entry["file"])
        article_id = article["article_id"] if article else None
        language = entry["lang"]
        for kind, golds, keys, attrs in (
            ("casualty", gold_casualties(entry), CASUALTY_KEYS, ("metric", "victim_group", "region", "scope")),
            ("hostage", gold_hostages(entry), HOSTAGE_KEYS, ("status", "hostage_group")),
        ):
            facts = found[kind].get(article_id, [])
            tally = match_figures(facts, golds, keys, entry["file"])
            for bucket in (language, "overall"):
                result.figures.setdefault(kind, {}).setdefault(bucket, Tally()).add(tally)
            right, total = _attribute_accuracy(facts, golds, attrs)
            acc = result.attributes.setdefault(kind, [0, 0])
            acc[0] += right
            acc[1] += total
        want = entry.get("negotiation") or {}
        got = _negotiation_sets(found_events.get(article_id, []))
        for name in NEGOTIATION_FIELDS:
            expected = set(want.get(name) or [])
            tally = Tally(tp=len(expected & got[name]), fp=len(got[name] - expected), fn=len(expected - got[name]))
            tally.misses = [f"{entry['file']}: missed {name[:-1]} {m}" for m in sorted(expected - got[name])]
            result.negotiation.setdefault(name, Tally()).add(tally)
        want_date, _ = expected_date(entry)
        if want_date:
            result.dates[1] += 1
            got_date = article["published_on"].isoformat() if article and article["published_on"] else None
            result.dates[0] += got_date == want_date
    return result


def _by_article(frame: pl.DataFrame) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for row in frame.iter_rows(named=True):
        out.setdefault(row["article_id"], []).append(row)
    return out


def format_evaluation(ev: Evaluation) -> str:
    lines = [f"{'figures':<22}{'precision':>10}{'recall':>10}{'F1':>8}{'tp':>6}{'fp':>6}{'fn':>6}"]
    for kind, by_language in ev.figures.items():
        for bucket in ["overall", *sorted(k for k in by_language if k != "overall")]:
            t = by_language[bucket]
            lines.append(f"{kind + ' / ' + bucket:<22}{t.precision:>10.3f}{t.recall:>10.3f}{t.f1:>8.3f}{t.tp:>6}{t.fp:>6}{t.fn:>6}")
    languages = sorted({lang for by in ev.figures.values() for lang in by if lang != "overall"})
    for bucket in ["overall", *languages]:
        t = ev.figure_tally(bucket)
        lines.append(f"{'all figures / ' + bucket:<22}{t.precision:>10.3f}{t.recall:>10.3f}{t.f1:>8.3f}{t.tp:>6}{t.fp:>6}{t.fn:>6}")
    for name, t in ev.negotiation.items():
        lines.append(f"{'negotiation ' + name:<22}{t.precision:>10.3f}{t.recall:>10.3f}{t.f1:>8.3f}{t.tp:>6}{t.fp:>6}{t.fn:>6}")
    lines.append(f"attributes right: casualty {ev.attribute_accuracy('casualty'):.3f}, hostage {ev.attribute_accuracy('hostage'):.3f}")
    lines.append(f"article dates right (where determinable): {ev.date_accuracy:.3f} ({ev.dates[0]}/{ev.dates[1]})")
    return "\n".join(lines)


def failed_thresholds(ev: Evaluation, min_f1: float, min_language_f1: float, min_attributes: float,
                      min_negotiation_recall: float, min_date_accuracy: float) -> list[str]:
    failures = []
    overall = ev.figure_tally("overall")
    if overall.f1 < min_f1:
        failures.append(f"figure F1 {overall.f1:.3f} < {min_f1}")
    for language in sorted({lang for by in ev.figures.values() for lang in by if lang != "overall"}):
        f1 = ev.figure_tally(language).f1
        if f1 < min_language_f1:
            failures.append(f"figure F1 for {language} {f1:.3f} < {min_language_f1}")
    for kind in ev.attributes:
        if ev.attribute_accuracy(kind) < min_attributes:
            failures.append(f"{kind} attributes right {ev.attribute_accuracy(kind):.3f} < {min_attributes}")
    for name in ("locations", "mediators"):
        recall = ev.negotiation.get(name, Tally()).recall
        if recall < min_negotiation_recall:
            failures.append(f"negotiation {name} recall {recall:.3f} < {min_negotiation_recall}")
    if ev.date_accuracy < min_date_accuracy:
        failures.append(f"date accuracy {ev.date_accuracy:.3f} < {min_date_accuracy}")
    return failures
