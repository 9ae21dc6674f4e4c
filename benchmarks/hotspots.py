"""Where the polars extractor spends its time: simple timers around its expression families.

    python -m benchmarks.hotspots ARTICLES.parquet|CORPUS_DIR [--limit N]

(A parquet of normalized articles as benchmarks.run caches it, or a corpus folder.) Each family
of classify_figures is evaluated alone on the same mention frame with the module's own helpers
and lexicon patterns, so the numbers add up to roughly the stage's time; then the stages that
evaluate one regex per language for every row (pl.when(language == ...).then(...) evaluates
every branch on every row) are compared with evaluating each language's pattern on its own rows.
This reaches into the private helpers of orchestration/extraction/figures.py, dating.py and
negotiations.py as they are when it was written; it is a diagnostic, not an API.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import polars as pl


def _select(frame: pl.DataFrame, *exprs: pl.Expr) -> pl.DataFrame:
    return frame.select(*[e.alias(f"_{i}") for i, e in enumerate(exprs)])


def _time(label: str, fn, results: dict) -> None:
    started = time.perf_counter()
    fn()
    results[label] = time.perf_counter() - started


def classify_families(mentions: pl.DataFrame) -> dict[str, float]:
    from orchestration.extraction import cue_context as C
    from orchestration.extraction import figure_attributes as A
    from orchestration.extraction import figures as F
    from orchestration.extraction.lexicon import load_lexicon
    from orchestration.extraction.patterns import alternation, cue

    lex = load_lexicon()
    left = pl.col("sentence").str.slice(0, pl.col("pos")).str.tail(C.WINDOW)
    right = pl.col("sentence").str.slice(pl.col("pos") + pl.col("mention_len")).str.head(C.WINDOW)
    frame = mentions.with_columns(left.alias("_left"), right.alias("_right"))
    L, R = pl.col("_left"), pl.col("_right")
    Lc, Rc = L.str.replace(r"(?s)^.*\d", ""), R.str.replace(r"(?s)\d.*$", "")
    clipped = frame.with_columns(Lc.alias("_lc"), Rc.alias("_rc"))
    LC, RC = pl.col("_lc"), pl.col("_rc")
    person_all = "|".join(alternation(v) for v in lex["person_nouns"].values())
    qualifier_words = "|".join(alternation(v) for v in lex["qualifiers"].values())
    months = C.month_names()
    sentence = pl.col("sentence")
    metric_cues = [alternation(lex["metric_cues"][m]) for m in F.METRICS]
    status_cues = [alternation(lex["hostage_status_cues"][s]) for s in F.STATUSES]
    families = {
        "context windows (slice/tail/head)": lambda: _select(mentions, left, right),
        "noun after: person nouns": lambda: _select(frame, C.noun_after(R, person_all)),
        "noun after: hostage + prisoner nouns": lambda: _select(frame, C.noun_after(R, cue("hostage_nouns")), C.noun_after(R, cue("prisoner_nouns"))),
        "partitive hostage, hyphen": lambda: _select(frame, R.str.contains(rf"^(?:[ ]+\S+)?[ ]+(?:of|از|من)(?:[ ]+the)?(?:[ ]+remaining)?{cue('hostage_nouns')}"), R.str.contains(r"^[-‐–]")),
        "metric nouns + bare participles (right)": lambda: _select(frame, 
            *[C.dist_right(R, rf"^(?:[ ]+\S+)?{alternation(v)}") for v in lex["metric_nouns"].values()],
            *[C.dist_right(R, "^" + alternation(v)) for v in lex["bare_participles"].values()]),
        "toll phrases (left, greedy ^(.*X))": lambda: _select(frame, 
            *[C.dist_left(L, alternation(v) + rf"[ ]*(?:{qualifier_words}[ ]*)?$") for v in lex["toll_phrases"].values()]),
        "breakdown marker + month (date part)": lambda: _select(frame, 
            L.str.contains(alternation(lex["breakdown_markers"]) + r"[ ]*(?:\S+[ ]+){0,5}$"),
            L.str.contains(months + r"\.?[ ]*$") | R.str.contains(r"^[ ]*" + months)),
        "neighbour clipping (Lc, Rc)": lambda: _select(frame, Lc, Rc),
        "metric cues, both sides (x1)": lambda: _select(clipped, *[C.nearest(LC, RC, p) for p in metric_cues]),
        "status cues, both sides (x1)": lambda: _select(clipped, *[C.nearest(LC, RC, p) for p in status_cues]),
        "describe: region cues on the whole sentence": lambda: _select(frame, *[
            pl.min_horizontal(C.dist_left(sentence.str.slice(0, pl.col("pos")), alternation(v)),
                              C.dist_right(sentence.str.slice(pl.col("pos")), alternation(v)))
            for v in A.region_cues().values()]),
        "describe: period/day/cumulative cues": lambda: _select(frame, *[C.nearest(L, R, cue(k)) for k in ("period_cues", "day_cues", "cumulative_cues")]),
        "describe: qualifiers (left)": lambda: _select(frame, *[C.dist_left(L, alternation(v) + r"[ ]*$") for v in lex["qualifiers"].values()]),
        "describe: reporters on the whole sentence": lambda: _select(frame, *[
            sentence.str.extract(f"(?s)^(.*?){alternation(v)}", 1).str.len_chars() for v in lex["reporter_cues"].values()]),
        "classify_figures, whole": lambda: F.classify_figures(mentions),
    }
    results: dict[str, float] = {}
    for label, fn in families.items():
        _time(label, fn, results)
    # classify_figures computes the metric and status cue distances about twice (the _pick and
    # the min_horizontal over the same patterns, plus _tbr_dist/_rel_dist/_starvation_dist).
    results["(metric+status cue distances are evaluated ~2x in classify_figures)"] = 0.0
    return results


def per_language(sentences: pl.DataFrame) -> dict[str, float]:
    """when/then over all rows versus each language's pattern on its own rows."""
    from orchestration.extraction.dating import _by_language, _calendar, sentence_dates
    from orchestration.extraction.negotiations import _flag_sentences

    patterns = _calendar()["patterns"]
    text = pl.col("sentence")
    results: dict[str, float] = {}
    _time("sentence_dates, whole", lambda: sentence_dates(sentences), results)
    _time("dating: date regex via when/then (3 languages on every row)",
          lambda: _select(sentences, _by_language(lambda lang: text.str.extract_all(patterns[lang]["date"]))), results)

    def split_dates():
        for lang, part in sentences.partition_by("language", as_dict=True).items():
            _select(part, text.str.extract_all(patterns[lang[0] if lang[0] in patterns else "en"]["date"]))

    _time("dating: date regex per language partition", split_dates, results)
    _time("dating: weekday words outside dates (replace_all x3 languages)",
          lambda: _select(sentences, _by_language(lambda lang: text.str.replace_all(patterns[lang]["date"], " ").str.extract(patterns[lang]["weekday"], 1))), results)
    _time("negotiations: _flag_sentences (11 cue lists, when/then per language)", lambda: _flag_sentences(sentences), results)
    return results


def main(argv: list[str] | None = None) -> int:
    from orchestration.extraction.dating import sentence_dates
    from orchestration.extraction.numbers import find_numbers
    from orchestration.extraction.sentences import split_sentences

    parser = argparse.ArgumentParser(prog="python -m benchmarks.hotspots", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source", type=Path, help="articles parquet (from benchmarks.run) or a corpus folder")
    parser.add_argument("--limit", type=int, default=None, help="first N articles only")
    args = parser.parse_args(argv)
    if args.source.is_dir():
        from benchmarks.scoring import load_articles

        articles = load_articles(args.source)
    else:
        articles = pl.read_parquet(args.source)
    if args.limit:
        articles = articles.head(args.limit)
    articles = articles.select("article_id", "language", "body", pl.col("published_on").cast(pl.Date))
    sentences = sentence_dates(split_sentences(articles))
    started = time.perf_counter()
    mentions = find_numbers(sentences)
    numbers_s = time.perf_counter() - started
    print(f"{articles.height} articles, {sentences.height} sentences, {mentions.height} number mentions "
          f"(find_numbers {numbers_s:.2f}s)")
    for title, results in (("classify_figures families", classify_families(mentions)),
                           ("per-language regex stages", per_language(sentences))):
        print(f"\n{title}")
        for label, seconds in sorted(results.items(), key=lambda kv: -kv[1]):
            print(f"  {seconds:7.2f}s  {label}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
