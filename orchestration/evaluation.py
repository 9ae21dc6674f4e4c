"""Compare extracted facts with a gold file (the JSONL format of tests/fixtures/seeds_gold.jsonl).

Each gold line describes one article file: its date, the casualty and hostage figures a
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


def expected_date(gold: dict) -> tuple[str | None, str]:
    """(date, basis) a correct pipeline gives this article."""
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
