"""Score extracted figures against a generated gold, with the project's evaluation helpers.

`load_articles(folder)` reads, normalizes and dates a folder as the `raw/articles` asset does
(the same as tests/conftest.read_articles); `score(articles, casualty_facts, hostage_facts, gold)`
matches figures one-to-one on CASUALTY_KEYS / HOSTAGE_KEYS and returns tallies per kind and
language.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from pathlib import Path

import polars as pl

from orchestration.evaluation import CASUALTY_KEYS, HOSTAGE_KEYS, Tally, gold_casualties, gold_hostages, match_figures


def load_articles(folder: Path) -> pl.DataFrame:
    from orchestration.article_files import list_article_files, read_files
    from orchestration.assets.normalize import build_articles

    files = read_files(list_article_files(Path(folder)), Path(folder)).filter(pl.col("status") == "ok")
    files = files.with_columns(pl.lit(datetime(2026, 1, 1)).alias("ingested_at"))
    _, articles = build_articles(files, set())
    return articles


def facts_by_path(articles: pl.DataFrame, table: pl.DataFrame) -> dict[str, list[dict]]:
    """Facts grouped by their article's source path (relative to the corpus folder)."""
    names = articles.select("article_id", "source_path")
    out: dict[str, list[dict]] = defaultdict(list)
    for row in table.join(names, on="article_id", how="inner").iter_rows(named=True):
        out[row["source_path"]].append(row)
    return out


def score(articles: pl.DataFrame, casualty_facts: pl.DataFrame, hostage_facts: pl.DataFrame,
          gold: list[dict]) -> dict[str, dict[str, Tally]]:
    """{kind: {language | 'overall': Tally}} for kinds casualty, hostage and all."""
    found = {"casualty": facts_by_path(articles, casualty_facts), "hostage": facts_by_path(articles, hostage_facts)}
    out: dict[str, dict[str, Tally]] = {k: defaultdict(Tally) for k in ("casualty", "hostage", "all")}
    for entry in gold:
        for kind, golds, keys in (("casualty", gold_casualties(entry), CASUALTY_KEYS),
                                  ("hostage", gold_hostages(entry), HOSTAGE_KEYS)):
            tally = match_figures(found[kind].get(entry["file"], []), golds, keys, entry["file"])
            for bucket in (entry["lang"], "overall"):
                out[kind][bucket].add(tally)
                out["all"][bucket].add(_copy(tally))
    return {k: dict(v) for k, v in out.items()}


def _copy(t: Tally) -> Tally:
    return Tally(t.tp, t.fp, t.fn, list(t.misses), list(t.false_finds))


def format_scores(scores: dict[str, dict[str, Tally]]) -> str:
    lines = [f"{'figures':<22}{'precision':>10}{'recall':>10}{'F1':>8}{'tp':>7}{'fp':>6}{'fn':>6}"]
    for kind, by in scores.items():
        for bucket in ["overall", *sorted(b for b in by if b != "overall")]:
            t = by[bucket]
            lines.append(f"{kind + ' / ' + bucket:<22}{t.precision:>10.3f}{t.recall:>10.3f}{t.f1:>8.3f}{t.tp:>7}{t.fp:>6}{t.fn:>6}")
    return "\n".join(lines)
