"""Benchmark the extractor and the pipeline (see benchmarks/README.md).

    python -m benchmarks.run [--sizes 20000] [--corpus realistic|generated] [--out DIR] [--work DIR]

For each size N (a corpus written by benchmarks.realistic, 2-5 KB pages, or by
benchmarks.generate_corpus, short articles with gold; reused when already in the work folder):
  extraction   extract_facts on the pre-normalized articles (MB/s of body text, articles/s), its
               stages (benchmarks.rule_costs), the loop generated from the rule registry
               (benchmarks.rule_loop) on the first --baseline-articles articles, extrapolated, and
               the extractor before the engine rewrite side by side (benchmarks.side_by_side):
               seconds, MB/s and the facts that differ
  normalize    normalize_articles alone on the raw texts (MB/s)
  end to end   `python -m orchestration.cli run` in a subprocess on a fresh warehouse: wall
               time and peak RSS (the largest process of the run, dbt included); then 1% new
               articles on top (the incremental run, as a fraction of the full run); then a
               run with nothing new
  seeds        the same command on the project's seeds/ into a fresh warehouse
  floors       what every run pays whatever it reads: the main command's start (Python, Dagster,
               the definitions) and `dbt build` alone on the last warehouse built (dbt's start,
               its parse and the build of every model and test)
Results go to OUT/results.json; a table is printed. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

import polars as pl

from benchmarks.generate_corpus import DEFAULT_MIX, parse_mix, write_corpus

ROOT = Path(__file__).resolve().parent.parent
OLD_LABEL = "before the engine"
SEEDS_DIR = ROOT / "seeds"

# Runs a command and reports its wall time and the peak RSS of its process tree's largest
# process (RUSAGE_CHILDREN of this small wrapper covers exactly that one command).
_MEASURE = r"""
import json, resource, subprocess, sys, time
start = time.perf_counter()
proc = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"returncode": proc.returncode, "wall_s": wall, "max_rss_mb": usage.ru_maxrss / 1024,
                  "user_s": usage.ru_utime, "sys_s": usage.ru_stime, "output_tail": proc.stdout[-3000:]}))
"""


def measure(cmd: list[str], env: dict[str, str], cwd: Path = ROOT) -> dict:
    out = subprocess.run([sys.executable, "-c", _MEASURE, *cmd], env=env, cwd=cwd, stdout=subprocess.PIPE, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


# --- corpora ---------------------------------------------------------------------------------


def _writer(kind: str):
    """The corpus writer: realistic 2-5 KB pages (benchmarks.realistic) or the short generated
    articles with gold (benchmarks.generate_corpus)."""
    if kind == "realistic":
        from benchmarks.realistic import write_corpus as write_realistic

        return write_realistic, "manifest.jsonl"
    return write_corpus, "gold.jsonl"


def corpus(work: Path, size: int, seed: int, mix: dict[str, float], kind: str = "realistic") -> Path:
    """WORK/<kind>-N, written unless a complete one is already there."""
    folder = work / f"{kind}-{size}-seed{seed}"
    writer, listing = _writer(kind)
    index = folder / listing
    if index.exists() and sum(1 for _ in index.open(encoding="utf-8")) == size:
        return folder
    if folder.exists():
        shutil.rmtree(folder)
    started = time.perf_counter()
    writer(folder, size, seed, mix)
    print(f"generated {size} articles in {time.perf_counter() - started:.1f}s: {folder}", flush=True)
    return folder


def articles_frame(folder: Path) -> tuple[pl.DataFrame, float]:
    """The normalized, dated articles of a corpus (cached as parquet beside it) and the seconds
    it took to read and normalize them (0 when cached)."""
    cache = folder.with_suffix(".articles.parquet")
    if cache.exists():
        return pl.read_parquet(cache), 0.0
    from benchmarks.scoring import load_articles

    started = time.perf_counter()
    frame = load_articles(folder)
    seconds = time.perf_counter() - started
    frame.write_parquet(cache)
    return frame, seconds


# --- extraction throughput -------------------------------------------------------------------------


def _timed(fn, *args):
    started = time.perf_counter()
    value = fn(*args)
    return value, time.perf_counter() - started


def normalize_benchmark(folder: Path, limit: int) -> dict:
    """normalize_articles alone on the raw texts of the first `limit` files (read beforehand)."""
    from orchestration.article_files import list_article_files
    from orchestration.extraction.normalize import normalize_articles

    texts = [p.read_text(encoding="utf-8") for p in list_article_files(folder)[:limit]]
    raw = pl.DataFrame({"raw_text": texts})
    normalize_articles(raw.head(20))
    mb = raw["raw_text"].str.len_bytes().sum() / 1e6
    _, seconds = _timed(normalize_articles, raw)
    return {"articles": raw.height, "raw_mb": round(mb, 2), "seconds": round(seconds, 2), "mb_per_s": round(mb / seconds, 2)}


def _stages(articles: pl.DataFrame) -> dict[str, float]:
    from benchmarks.rule_costs import stage_costs

    costs, _, _ = stage_costs(articles)
    return {name: round(seconds, 2) for name, seconds in costs.items()}


def extraction_benchmark(frame: pl.DataFrame, baseline_articles: int, gold_path: Path) -> dict:
    """extract_facts on the articles; its stages; the loop generated from the rule registry on
    the first `baseline_articles`, extrapolated; the extractor before the rewrite, side by side."""
    from benchmarks.rule_loop import RuleLoop
    from benchmarks.side_by_side import compare
    from orchestration.extraction import extract_facts

    articles = frame.select("article_id", "language", "body", pl.col("published_on").cast(pl.Date))
    n = articles.height
    mb = articles.select(pl.col("body").str.len_bytes().sum()).item() / 1e6
    extract_facts(articles.head(50))  # warm the lexicon and regex caches
    facts, total = _timed(extract_facts, articles)
    subset = articles.head(baseline_articles)
    loop = RuleLoop()
    _, baseline_s = _timed(loop.run, subset["body"].to_list())
    per_article_baseline = baseline_s / subset.height
    result = {
        "articles": n,
        "body_mb": round(mb, 2),
        "extract_facts_s": round(total, 2),
        "extract_facts_mb_per_s": round(mb / total, 3),
        "extract_facts_articles_per_s": round(n / total, 1),
        "stages_s": _stages(articles),
        "baseline_articles_measured": subset.height,
        "baseline_rules": len({name for name, _, _ in loop.compiled}),
        "baseline_s_measured": round(baseline_s, 2),
        "baseline_mb_per_s": round(mb / n / per_article_baseline, 3),
        "speedup_extract_facts_vs_baseline": round(per_article_baseline * n / total, 2),
        "side_by_side": compare(articles),
        "facts": {"casualty": facts.casualty_facts.height, "hostage": facts.hostage_facts.height,
                  "negotiation_events": facts.negotiation_events.height, "entity_mentions": facts.entity_mentions.height},
    }
    if gold_path.exists():
        from benchmarks.scoring import score
        from orchestration.evaluation import load_gold

        scores = score(frame, facts.casualty_facts, facts.hostage_facts, load_gold(gold_path))
        result["figure_f1"] = {kind: {bucket: round(t.f1, 4) for bucket, t in by.items()} for kind, by in scores.items()}
    return result


# --- end to end ---------------------------------------------------------------------------------------


def _env(articles: Path, run_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "CEASEFIRE_ARTICLES_DIR": str(articles),
        "CEASEFIRE_WAREHOUSE": str(run_dir / "warehouse.duckdb"),
        "CEASEFIRE_REPORTS_DIR": str(run_dir / "reports"),
        "DAGSTER_HOME": str(run_dir / "dagster_home"),
        "PYTHONPATH": str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else ""),
    })
    (run_dir / "dagster_home").mkdir(parents=True, exist_ok=True)
    return env


def _counts(warehouse: Path) -> dict:
    import duckdb

    with duckdb.connect(str(warehouse), read_only=True) as conn:
        row = conn.execute(
            """select (select count(*) from raw.articles), (select count(*) from extracted.casualty_facts),
                      (select count(*) from extracted.hostage_facts), (select count(*) from marts.casualty_trend)"""
        ).fetchone()
    return dict(zip(["articles", "casualty_facts", "hostage_facts", "casualty_trend_rows"], row))


_STEP = re.compile(r'STEP_SUCCESS - Finished execution of step "([^"]+)" in ([0-9.]+)(ms|s|m)\b')


def _step_seconds(log: Path) -> dict[str, float]:
    """Seconds per Dagster step of the run, from the run log (cli.py writes last_run.log)."""
    if not log.exists():
        return {}
    scale = {"ms": 0.001, "s": 1.0, "m": 60.0}
    steps = {m.group(1): round(float(m.group(2)) * scale[m.group(3)], 2) for m in _STEP.finditer(log.read_text(encoding="utf-8"))}
    return dict(sorted(steps.items(), key=lambda kv: -kv[1])[:8])


def _pipeline(env: dict[str, str], label: str) -> dict:
    print(f"  {label} ...", flush=True)
    result = measure([sys.executable, "-m", "orchestration.cli", "run"], env)
    if result["returncode"] != 0:
        print(f"  {label} FAILED:\n{result['output_tail']}", file=sys.stderr)
    result["counts"] = _counts(Path(env["CEASEFIRE_WAREHOUSE"])) if result["returncode"] == 0 else None
    result["slowest_steps_s"] = _step_seconds(Path(env["CEASEFIRE_WAREHOUSE"]).parent / "last_run.log")
    result.pop("output_tail")
    for key in ("wall_s", "max_rss_mb", "user_s", "sys_s"):
        result[key] = round(result[key], 2)
    print(f"  {label}: {result['wall_s']:.1f}s, peak RSS {result['max_rss_mb']:.0f} MB", flush=True)
    return result


def end_to_end(folder: Path, size: int, seed: int, mix: dict[str, float], work: Path, kind: str = "realistic") -> dict:
    run_dir = work / f"e2e-{size}"
    if run_dir.exists():
        shutil.rmtree(run_dir)
    articles = run_dir / "articles"
    # Hard links: the run gets its own folder (new articles are added to it) at no copying cost.
    shutil.copytree(folder, articles, copy_function=os.link, ignore=shutil.ignore_patterns("gold.jsonl", "manifest.jsonl"))
    env = _env(articles, run_dir)
    full = _pipeline(env, f"full run, {size} articles")
    new = max(1, size // 100)
    writer, listing = _writer(kind)
    writer(articles, new, seed, mix, start=size)
    (articles / listing).unlink()
    incremental = _pipeline(env, f"incremental run, +{new} articles")
    unchanged = _pipeline(env, "run with nothing new")
    shutil.rmtree(articles)
    floors = fixed_costs(env)
    return {
        "floors": floors,
        "full": full,
        "incremental": {**incremental, "new_articles": new,
                        "fraction_of_full": round(incremental["wall_s"] / full["wall_s"], 3)},
        "nothing_new": {**unchanged, "fraction_of_full": round(unchanged["wall_s"] / full["wall_s"], 3)},
    }


def fixed_costs(env: dict[str, str]) -> dict:
    """The floor of every run: the main command's start, and a dbt build with no new input (the
    warehouse of the run before; dbt rebuilds every view, table and test of the project), timed
    the second time, with its parse cache, as the pipeline runs it."""
    start = measure([sys.executable, "-c", "import orchestration.definitions"], env)
    dbt_dir = ROOT / "dbt_project"
    with tempfile.TemporaryDirectory(prefix="dbt-floor-") as target:
        command = [str(Path(sys.executable).parent / "dbt"), "build", "--project-dir", str(dbt_dir),
                   "--profiles-dir", str(dbt_dir), "--target-path", target, "--log-path", target]
        measure(command, env)  # the first build also parses the project; the pipeline keeps a parse cache
        dbt = measure(command, env)
    if dbt["returncode"] != 0:
        print(f"  dbt build alone FAILED:\n{dbt['output_tail']}", file=sys.stderr)
    floors = {"start_s": round(start["wall_s"], 2), "dbt_build_s": round(dbt["wall_s"], 2)}
    print(f"  floors: the command's start {floors['start_s']:.1f}s, dbt build alone {floors['dbt_build_s']:.1f}s", flush=True)
    return floors


def seeds_run(work: Path) -> dict:
    run_dir = work / "e2e-seeds"
    if run_dir.exists():
        shutil.rmtree(run_dir)
    return _pipeline(_env(SEEDS_DIR, run_dir), "seeds, fresh warehouse")


# --- report -------------------------------------------------------------------------------------------


def table(results: dict) -> str:
    lines = []
    for size, r in results["sizes"].items():
        x = r.get("extraction")
        lines.append(f"\n== {size} articles ==")
        if x:
            side = x["side_by_side"]
            lines += [
                f"body text                      {x['body_mb']:.1f} MB",
                f"extract_facts (polars)         {x['extract_facts_s']:.1f} s   {x['extract_facts_mb_per_s']:.2f} MB/s   {x['extract_facts_articles_per_s']:.0f} articles/s",
                f"old extractor ({OLD_LABEL})     {side['old']['seconds']:.1f} s   {side['old']['mb_per_s']:.2f} MB/s   (new, same run: {side['new']['seconds']:.1f} s, {side['new']['mb_per_s']:.2f} MB/s; {side['speedup']}x)",
                f"facts that differ, old vs new  {side['changed']}",
                f"rule loop (generated baseline) {x['baseline_mb_per_s']:.2f} MB/s on {x['baseline_articles_measured']} articles,"
                f" {x['baseline_rules']} rules; extract_facts is {x['speedup_extract_facts_vs_baseline']:.2f}x faster",
                "stages (s)                     " + ", ".join(f"{k} {v:.1f}" for k, v in x["stages_s"].items()),
            ]
            if x.get("figure_f1"):
                lines.append(f"figure F1 vs generated gold    {x['figure_f1']['all']['overall']:.3f}")
        if r.get("normalize"):
            z = r["normalize"]
            lines.append(f"normalize_articles             {z['seconds']:.1f} s   {z['mb_per_s']:.2f} MB/s on {z['articles']} articles")
        e = r.get("end_to_end")
        if e:
            lines += [
                f"end to end, full run           {e['full']['wall_s']:.1f} s   peak RSS {e['full']['max_rss_mb']:.0f} MB",
                f"incremental (+{e['incremental']['new_articles']} articles)   {e['incremental']['wall_s']:.1f} s"
                f"   = {e['incremental']['fraction_of_full']:.1%} of the full run   peak RSS {e['incremental']['max_rss_mb']:.0f} MB",
                f"nothing new                    {e['nothing_new']['wall_s']:.1f} s   = {e['nothing_new']['fraction_of_full']:.1%} of the full run",
                "slowest steps, full run (s)    " + ", ".join(f"{k} {v:.1f}" for k, v in e["full"].get("slowest_steps_s", {}).items()),
                "slowest steps, incremental (s) " + ", ".join(f"{k} {v:.1f}" for k, v in e["incremental"].get("slowest_steps_s", {}).items()),
            ]
            if e.get("floors"):
                f = e["floors"]
                lines.append(f"floors of every run            start (Python, Dagster, definitions) {f['start_s']:.1f} s;"
                             f" dbt build alone {f['dbt_build_s']:.1f} s")
    if results.get("seeds"):
        s = results["seeds"]
        lines.append(f"\nseeds (5 articles), fresh warehouse: {s['wall_s']:.1f} s, peak RSS {s['max_rss_mb']:.0f} MB")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000", help="corpus sizes, comma-separated (e.g. 10000,100000)")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results", help="where results.json goes")
    parser.add_argument("--work", type=Path, default=None, help="folder for corpora and warehouses (default: a temp dir, removed)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--mix", type=parse_mix, default=DEFAULT_MIX)
    parser.add_argument("--baseline-articles", type=int, default=1000, help="articles the generated rule loop is timed on")
    parser.add_argument("--corpus", choices=["realistic", "generated"], default="realistic",
                        help="realistic 2-5 KB pages (benchmarks.realistic) or short generated articles with gold")
    parser.add_argument("--skip", default="", help="comma-separated parts to skip: extraction, e2e, seeds")
    args = parser.parse_args(argv)
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    keep = args.work is not None
    work = args.work or Path(tempfile.mkdtemp(prefix="ceasefire-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    results: dict = {
        "started_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "polars": pl.__version__, "cpus": os.cpu_count(),
                    "platform": platform.platform()},
        "git_commit": _git_commit(),
        "sizes": {},
    }
    try:
        for size in sizes:
            folder = corpus(work, size, args.seed, args.mix, args.corpus)
            entry: dict = {}
            if "extraction" not in skip:
                frame, normalize_s = articles_frame(folder)
                print(f"extraction benchmark on {frame.height} articles ...", flush=True)
                entry["extraction"] = extraction_benchmark(frame, args.baseline_articles, folder / "gold.jsonl")
                entry["extraction"]["read_normalize_date_s"] = round(normalize_s, 1) if normalize_s else None
                del frame
                entry["normalize"] = normalize_benchmark(folder, min(size, 5000))
            if "e2e" not in skip:
                print(f"end-to-end runs on {size} articles ...", flush=True)
                entry["end_to_end"] = end_to_end(folder, size, args.seed, args.mix, work, args.corpus)
            results["sizes"][str(size)] = entry
            _write(args.out, results)
        if "seeds" not in skip:
            results["seeds"] = seeds_run(work)
    finally:
        results["benchmark_peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
        _write(args.out, results)
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
    print(table(results))
    print(f"\nresults: {args.out / 'results.json'}")
    return 0


def _git_commit() -> str | None:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True)
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "orchestration"], cwd=ROOT, capture_output=True, text=True)
        return out.stdout.strip() + (" (orchestration/ modified)" if dirty.stdout.strip() else "")
    except (OSError, subprocess.CalledProcessError):
        return None


def _write(out: Path, results: dict) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
