"""Compare extracted facts with a gold file (the JSONL format of tests/fixtures/seeds_gold.jsonl).

Each gold line describes one article, named by the last component of its path (`a.txt`, or
`wire.jsonl:3` for the item on line 3 of a feed): its date, the casualty and hostage figures a
careful reader finds (some marked optional: allowed, not required) and its negotiation
story. Figures are matched one-to-one on their full description; what is left over on
either side is a miss or a false find.
"""

from __future__ import annotations

import json
import shutil
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
    """Strict: the value and every attribute as the contract labels them; no attribute has a lenient reading."""
    return all(fact[key] == gold[key] for key in keys)


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
ATTRIBUTES = {
    "casualty": ("metric", "victim_group", "region", "scope", "qualifier"),
    "hostage": ("status", "hostage_group", "qualifier"),
}
KEYS = {"casualty": CASUALTY_KEYS, "hostage": HOSTAGE_KEYS}


def materialize_into(articles_dir: Path, warehouse_path: Path):
    """Run the main command's job (assets and checks) in process against the given warehouse file."""
    from orchestration.runner import materialize_into as run_into

    return run_into(articles_dir, warehouse_path)


def _attribute_hits(found: list[dict], golds: list[dict], attrs: tuple[str, ...]) -> dict[str, list[int]]:
    """Of the required gold figures whose value was found, how many have each attribute right
    (`every` = all of them at once, on one found figure)."""
    counts = {name: [0, 0] for name in (*attrs, "every")}
    for gold in golds:
        same_value = [f for f in found if f["value"] == gold["value"]]
        if gold["optional"] or not same_value:
            continue
        for name in attrs:
            counts[name][0] += any(f[name] == gold[name] for f in same_value)
            counts[name][1] += 1
        counts["every"][0] += any(all(f[a] == gold[a] for a in attrs) for f in same_value)
        counts["every"][1] += 1
    return counts


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
    """Scores by kind (casualty | hostage) and bucket (a language, or `overall`).

    `figures` is the strict score (a figure counts only with its value and every attribute
    right: the headline); `values` matches on the value alone; `attributes` counts, per
    attribute, the gold figures whose value was found and whose attribute is right."""

    figures: dict[str, dict[str, Tally]] = field(default_factory=dict)
    values: dict[str, dict[str, Tally]] = field(default_factory=dict)
    attributes: dict[str, dict[str, dict[str, list[int]]]] = field(default_factory=dict)  # kind -> bucket -> attribute -> [right, total]
    negotiation: dict[str, Tally] = field(default_factory=dict)
    dates: list[int] = field(default_factory=lambda: [0, 0])

    def attribute_accuracy(self, kind: str, attribute: str = "every", bucket: str = "overall") -> float:
        right, total = self.attributes.get(kind, {}).get(bucket, {}).get(attribute, [0, 0])
        return right / total if total else 1.0

    @property
    def date_accuracy(self) -> float:
        return self.dates[0] / self.dates[1] if self.dates[1] else 1.0

    @property
    def languages(self) -> list[str]:
        return sorted({lang for by in self.figures.values() for lang in by if lang != "overall"})

    def figure_tally(self, language: str = "overall", scores: str = "figures") -> Tally:
        tally = Tally()
        for by_language in getattr(self, scores).values():
            tally.add(by_language.get(language, Tally()))
        return tally

    def add_figures(self, kind: str, language: str, facts: list[dict], golds: list[dict], label: str) -> None:
        strict = match_figures(facts, golds, KEYS[kind], label)
        by_value = match_figures(facts, golds, ("value",), label)
        hits = _attribute_hits(facts, golds, ATTRIBUTES[kind])
        for bucket in (language, "overall"):
            self.figures.setdefault(kind, {}).setdefault(bucket, Tally()).add(strict)
            self.values.setdefault(kind, {}).setdefault(bucket, Tally()).add(by_value)
            counts = self.attributes.setdefault(kind, {}).setdefault(bucket, {})
            for name, (right, total) in hits.items():
                counts.setdefault(name, [0, 0])
                counts[name][0] += right
                counts[name][1] += total


def _load_warehouse(warehouse_path: Path) -> dict[str, pl.DataFrame]:
    from orchestration.warehouse import connect

    with connect(warehouse_path, read_only=True) as conn:
        return {
            "articles": conn.execute(
                """select s.source_path, a.article_id, a.language, a.published_on
                   from raw.article_sources s join raw.articles a using (article_id)"""
            ).pl(),
            "casualty": conn.execute("select * from extracted.casualty_facts").pl(),
            "hostage": conn.execute("select * from extracted.hostage_facts").pl(),
            "events": conn.execute("select * from extracted.negotiation_events").pl(),
        }


def evaluate_warehouse(warehouse_path: Path, gold: list[dict]) -> Evaluation:
    tables = _load_warehouse(warehouse_path)
    by_path = {}
    for row in tables["articles"].sort("source_path").iter_rows(named=True):
        by_path.setdefault(gold_name(row["source_path"]), row)
    found = {"casualty": _by_article(tables["casualty"]), "hostage": _by_article(tables["hostage"])}
    found_events = _by_article(tables["events"])
    result = Evaluation()
    for entry in gold:
        article = by_path.get(entry["file"])
        article_id = article["article_id"] if article else None
        for kind, golds in (("casualty", gold_casualties(entry)), ("hostage", gold_hostages(entry))):
            result.add_figures(kind, entry["lang"], found[kind].get(article_id, []), golds, entry["file"])
        _add_negotiation(result, entry, _negotiation_sets(found_events.get(article_id, [])))
        want_date, _ = expected_date(entry)
        if want_date:
            result.dates[1] += 1
            got_date = article["published_on"].isoformat() if article and article["published_on"] else None
            result.dates[0] += got_date == want_date
    return result


def _add_negotiation(result: Evaluation, entry: dict, got: dict[str, set]) -> None:
    want = entry.get("negotiation") or {}
    for name in NEGOTIATION_FIELDS:
        expected = set(want.get(name) or [])
        tally = Tally(tp=len(expected & got[name]), fp=len(got[name] - expected), fn=len(expected - got[name]))
        tally.misses = [f"{entry['file']}: missed {name[:-1]} {m}" for m in sorted(expected - got[name])]
        tally.false_finds = [f"{entry['file']}: extra {name[:-1]} {m}" for m in sorted(got[name] - expected)]
        result.negotiation.setdefault(name, Tally()).add(tally)


def _by_article(frame: pl.DataFrame) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for row in frame.iter_rows(named=True):
        out.setdefault(row["article_id"], []).append(row)
    return out


def _tally_line(name: str, t: Tally) -> str:
    return f"{name:<28}{t.precision:>10.3f}{t.recall:>10.3f}{t.f1:>8.3f}{t.tp:>6}{t.fp:>6}{t.fn:>6}"


def format_evaluation(ev: Evaluation) -> str:
    """The headline (strict F1) first, then strict and value-only scores per kind and language,
    accuracy per attribute, negotiation recall and dates."""
    strict, by_value = ev.figure_tally(), ev.figure_tally(scores="values")
    lines = [
        f"STRICT F1 (value and every attribute right): {strict.f1:.3f}"
        f"   (value-only F1 {by_value.f1:.3f}; {strict.tp} of {strict.tp + strict.fn} gold figures found whole)",
        f"{'strict figures':<28}{'precision':>10}{'recall':>10}{'F1':>8}{'tp':>6}{'fp':>6}{'fn':>6}",
    ]
    for scores in ("figures", "values"):
        prefix = "" if scores == "figures" else "value only: "
        if scores == "values":
            lines.append(f"{'figures by value alone':<28}{'precision':>10}{'recall':>10}{'F1':>8}{'tp':>6}{'fp':>6}{'fn':>6}")
        for kind, by_language in getattr(ev, scores).items():
            for bucket in ["overall", *sorted(k for k in by_language if k != "overall")]:
                lines.append(_tally_line(f"{prefix}{kind} / {bucket}", by_language[bucket]))
        for bucket in ["overall", *ev.languages]:
            lines.append(_tally_line(f"{prefix}all figures / {bucket}", ev.figure_tally(bucket, scores)))
    lines.append(_attribute_table(ev))
    for name, t in ev.negotiation.items():
        lines.append(_tally_line("negotiation " + name, t))
    lines.append(f"attributes right: casualty {ev.attribute_accuracy('casualty'):.3f}, hostage {ev.attribute_accuracy('hostage'):.3f}")
    lines.append(f"article dates right (where determinable): {ev.date_accuracy:.3f} ({ev.dates[0]}/{ev.dates[1]})")
    return "\n".join(lines)


def _attribute_table(ev: Evaluation) -> str:
    """Accuracy per attribute (of the gold figures whose value was found), overall and per language."""
    buckets = ["overall", *ev.languages]
    lines = [f"{'attribute right (of found)':<28}" + "".join(f"{b:>10}" for b in buckets)]
    for kind, names in ATTRIBUTES.items():
        for name in (*names, "every"):
            cells = []
            for bucket in buckets:
                right, total = ev.attributes.get(kind, {}).get(bucket, {}).get(name, [0, 0])
                cells.append(f"{right / total:>10.3f}" if total else f"{'-':>10}")
            lines.append(f"{kind + ' ' + name:<28}" + "".join(cells))
    return "\n".join(lines)


@dataclass(frozen=True)
class Thresholds:
    """Floors a scored corpus must reach (0 = not checked). Names are the evaluate command's
    options and the keys of a thresholds file (corpora/thresholds.yaml)."""

    min_f1: float = 0.0  # strict figure F1, overall
    min_language_f1: float = 0.0  # strict figure F1, every language
    min_value_f1: float = 0.0  # figures matched on their value alone
    min_attributes: float = 0.0  # found figures with every attribute right, per kind
    min_negotiation_recall: float = 0.0  # negotiation locations, mediators and participants
    min_date_accuracy: float = 0.0


def failed_thresholds(ev: Evaluation, floors: Thresholds) -> list[str]:
    failures = []
    overall = ev.figure_tally("overall")
    if overall.f1 < floors.min_f1:
        failures.append(f"strict figure F1 {overall.f1:.3f} < {floors.min_f1}")
    for language in ev.languages:
        f1 = ev.figure_tally(language).f1
        if f1 < floors.min_language_f1:
            failures.append(f"strict figure F1 for {language} {f1:.3f} < {floors.min_language_f1}")
    value_f1 = ev.figure_tally(scores="values").f1
    if value_f1 < floors.min_value_f1:
        failures.append(f"value F1 {value_f1:.3f} < {floors.min_value_f1}")
    for kind in ev.attributes:
        if ev.attribute_accuracy(kind) < floors.min_attributes:
            failures.append(f"{kind} attributes right {ev.attribute_accuracy(kind):.3f} < {floors.min_attributes}")
    for name in NEGOTIATION_FIELDS:
        recall = ev.negotiation.get(name, Tally()).recall
        if recall < floors.min_negotiation_recall:
            failures.append(f"negotiation {name} recall {recall:.3f} < {floors.min_negotiation_recall}")
    if ev.date_accuracy < floors.min_date_accuracy:
        failures.append(f"date accuracy {ev.date_accuracy:.3f} < {floors.min_date_accuracy}")
    return failures


# --- several corpora, each with its floors -------------------------------------------------


@dataclass(frozen=True)
class Corpus:
    """A scored corpus of a thresholds file: its folder (articles/ and gold.jsonl) and floors."""

    name: str
    folder: Path
    floors: Thresholds

    @property
    def articles(self) -> Path:
        return self.folder / "articles"

    @property
    def gold(self) -> Path:
        return self.folder / "gold.jsonl"


def load_thresholds(path: Path) -> list[Corpus]:
    """The corpora a thresholds file lists (folders relative to the file), with their floors;
    an unknown floor name is an error that names the file and the corpus."""
    import yaml

    path = Path(path)
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    known = set(Thresholds.__dataclass_fields__)
    corpora = []
    for name, floors in (data.get("corpora") or {}).items():
        unknown = set(floors or {}) - known
        if unknown:
            raise ValueError(f"{path}: corpus {name}: unknown threshold(s) {sorted(unknown)}; known: {sorted(known)}")
        folder = path.parent / name
        if not (folder / "gold.jsonl").is_file() or not (folder / "articles").is_dir():
            raise ValueError(f"{path}: corpus {name}: {folder} needs articles/ and gold.jsonl")
        corpora.append(Corpus(name, folder, Thresholds(**{k: float(v) for k, v in (floors or {}).items()})))
    return corpora


def gather_articles(corpora: list[Corpus], into: Path) -> Path:
    """Every corpus's articles in one folder, one subfolder each, for a single pipeline run
    (gold entries name articles by file name; a name met twice is an error)."""
    seen: dict[str, str] = {}
    for corpus in corpora:
        for file in corpus.articles.rglob("*"):
            if file.is_file():
                if file.name in seen and seen[file.name] != corpus.name:
                    raise ValueError(f"{file}: file name also used in corpus {seen[file.name]}; gold could not tell them apart")
                seen[file.name] = corpus.name
        shutil.copytree(corpus.articles, into / corpus.name.replace("/", "__"))
    return into
