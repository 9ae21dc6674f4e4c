"""How the cost of one sentence grows with its length: `python -m benchmarks.scaling`.

A benchmark, not a test (nothing here is timed in the suite). Each length gets one article that
is a single sentence, with no sentence end before its last character, holding a fixed number of
figures per kilobyte, from about 1 KB up to the 2 MB ingest limit. Each length runs in a fresh
process, so its peak memory is its own; there the text goes through normalization and
`extract_facts` once to warm up (regexes compiled, lexicon loaded) on a short article, then once
measured. Printed per length: characters, number mentions, facts, seconds, peak resident memory
and its rise over the warmed-up process; then the growth exponent b of seconds = a * length^b,
fitted by least squares on the logarithms (1 is linear, 2 quadratic): over every length, and for
the seconds above those of the smallest length (the fixed cost of a call, seconds of regex
work on any text) over the lengths from 64 KB up.

    python -m benchmarks.scaling [--sizes 1000,4000,...] [--figures-per-kb 10] [--language en]
"""

from __future__ import annotations

import argparse
import json
import math
import random
import resource
import subprocess
import sys
import time

import polars as pl

INGEST_LIMIT = 2_000_000  # orchestration.article_files.MAX_BYTES (ASCII text: one byte a character)
GROWTH_FROM = 64_000  # below it, the fixed cost of a call hides the growth
DEFAULT_SIZES = [1_000, 4_000, 16_000, 64_000, 256_000, 1_000_000, INGEST_LIMIT]
SEED = 20261206

# Clauses of casualty and hostage reporting, each with one number ({n}); joined by commas and
# "and", never a sentence end. Words of no consequence ({pad}) set the density of figures.
CLAUSES = {
    "en": [
        "the ministry said {n} people were killed in the north{pad}",
        "{n} others were wounded{pad}",
        "including {n} children{pad}",
        "{n} hostages remain in Gaza{pad}",
        "at least {n} were freed{pad}",
        "{n} aid trucks crossed{pad}",
        "more than {n} displaced people sheltered in tents{pad}",
    ],
    "fa": [
        "وزارت بهداشت گفت {n} نفر کشته شدند{pad}",
        "{n} نفر دیگر زخمی شدند{pad}",
        "از جمله {n} کودک{pad}",
        "{n} گروگان هنوز در غزه هستند{pad}",
    ],
    "ar": [
        "قالت وزارة الصحة إن {n} شخصا استشهدوا{pad}",
        "وأصيب {n} آخرون{pad}",
        "بينهم {n} طفلا{pad}",
        "ولا يزال {n} محتجزا في غزة{pad}",
    ],
}
PAD = {"en": " near the old market road", "fa": " در نزدیکی بازار قدیم", "ar": " قرب السوق القديم"}
JOINERS = {"en": [", ", " and ", "; "], "fa": ["، ", " و "], "ar": ["، ", " و"]}


def one_sentence(length: int, figures_per_kb: float, language: str, seed: int = SEED) -> str:
    """A single sentence of about `length` characters with `figures_per_kb` numbers per 1,000."""
    rng = random.Random(seed)
    per_figure = 1000 / figures_per_kb
    parts, size = [], 0
    while size < length:
        clause = rng.choice(CLAUSES[language])
        pad = PAD[language] * max(0, round((per_figure - len(clause)) / len(PAD[language])))
        part = clause.format(n=f"{rng.randint(2, 60_000):,}", pad=pad) + rng.choice(JOINERS[language])
        parts.append(part)
        size += len(part)
    return "".join(parts)[: max(1, length - 1)].rstrip() + "."


def _extract(text: str):
    """(normalized articles, facts) of one article: normalization, then extract_facts."""
    from orchestration.extraction import extract_facts
    from orchestration.extraction.normalize import normalize_articles

    articles = normalize_articles(pl.DataFrame({"raw_text": [text]})).with_columns(
        pl.lit(None, dtype=pl.Date).alias("published_on")
    )
    return articles, extract_facts(articles.select("article_id", "language", "body", "published_on"))


def _mentions(articles: pl.DataFrame) -> int:
    from orchestration.extraction.numbers import find_numbers
    from orchestration.extraction.sentences import split_sentences

    return find_numbers(split_sentences(articles.select("article_id", "body"))).height


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux


def measure_one(length: int, figures_per_kb: float, language: str) -> dict:
    """Run in a fresh process: warm up, then time one article of `length` characters."""
    _extract(one_sentence(400, figures_per_kb, language, seed=SEED + 1))
    rest_mb = _peak_mb()
    text = one_sentence(length, figures_per_kb, language)
    started = time.perf_counter()
    articles, extracted = _extract(text)
    seconds = time.perf_counter() - started
    peak = _peak_mb()
    mentions, facts = _mentions(articles), extracted.casualty_facts.height + extracted.hostage_facts.height
    return {"chars": len(text), "mentions": mentions, "facts": facts, "seconds": round(seconds, 3),
            "peak_mb": round(peak), "rise_mb": round(peak - rest_mb)}


def growth_exponent(points: list[dict], fixed: float = 0.0) -> float | None:
    """Least-squares slope of log(seconds - fixed) on log(chars); `fixed` is the cost every call
    pays whatever its text (regexes run over the plan's columns, frames built)."""
    kept = [p for p in points if p["seconds"] > fixed]
    if len(kept) < 2:
        return None
    xs = [math.log(p["chars"]) for p in kept]
    ys = [math.log(p["seconds"] - fixed) for p in kept]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)))
    parser.add_argument("--figures-per-kb", type=float, default=10.0)
    parser.add_argument("--language", choices=sorted(CLAUSES), default="en")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # a child process: one length
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(measure_one(args.one, args.figures_per_kb, args.language)))
        return
    print(f"one sentence, {args.figures_per_kb:g} figures per 1,000 characters, language {args.language}")
    print(f"{'chars':>10} {'mentions':>9} {'facts':>7} {'seconds':>9} {'peak MB':>8} {'rise MB':>8}")
    points = []
    for size in (int(s) for s in args.sizes.split(",")):
        child = [sys.executable, "-m", "benchmarks.scaling", "--one", str(size),
                 "--figures-per-kb", str(args.figures_per_kb), "--language", args.language]
        point = json.loads(subprocess.run(child, check=True, capture_output=True, text=True).stdout.splitlines()[-1])
        points.append(point)
        print(f"{point['chars']:>10,} {point['mentions']:>9,} {point['facts']:>7,} {point['seconds']:>9.2f} "
              f"{point['peak_mb']:>8,} {point['rise_mb']:>8,}", flush=True)
    every = growth_exponent(points)
    fixed = points[0]["seconds"]
    large = growth_exponent([p for p in points if p["chars"] >= GROWTH_FROM], fixed)
    if every is not None:
        print(f"growth exponent of seconds in length, every length: {every:.2f}")
    if large is not None:
        print(f"growth exponent of the seconds above the smallest length's ({fixed:.2f} s, the fixed cost of a call), "
              f"from {GROWTH_FROM:,} characters up: {large:.2f} (1 is linear, 2 quadratic)")


if __name__ == "__main__":
    main()
