"""The extractor before the engine rewrite and today's, on the same articles, in one run.

    python -m benchmarks.side_by_side ARTICLES.parquet|CORPUS_DIR [--limit N] [--old COMMIT]

The old extractor is not kept as a copy in the tree: it is taken from git (`git archive` of
orchestration/extraction and orchestration/lexicon at OLD_EXTRACTOR, the last commit before the
rewrite) into a temporary folder. Each extractor runs in its own process on the same parquet of
normalized articles, warmed on 20 articles first; the table gives seconds, MB/s and the facts
each found, and how many facts differ.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parent.parent
OLD_EXTRACTOR = "8cc1b6cf6fb0c45342e8d66c04f028161f3afb19"  # 2026-12-06, before the rule engine
CODE = ["orchestration/__init__.py", "orchestration/extraction", "orchestration/lexicon"]
FACT_KEYS = {"casualty": ["article_id", "char_start", "value", "metric", "victim_group", "region", "scope", "qualifier"],
             "hostage": ["article_id", "char_start", "value", "status", "hostage_group", "qualifier"]}

_RUN = r"""
import json, sys, time
sys.path.insert(0, sys.argv[1])
import polars as pl
from orchestration.extraction import extract_facts
articles = pl.read_parquet(sys.argv[2])
extract_facts(articles.head(20))
started = time.perf_counter()
facts = extract_facts(articles)
seconds = time.perf_counter() - started
facts.casualty_facts.write_parquet(sys.argv[3] + "/casualty.parquet")
facts.hostage_facts.write_parquet(sys.argv[3] + "/hostage.parquet")
print(json.dumps({"seconds": seconds}))
"""


def checkout_old(commit: str, into: Path) -> Path:
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", commit, *CODE], check=True, capture_output=True).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


def run_extractor(code_root: Path, articles: Path, out: Path) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    done = subprocess.run([sys.executable, "-c", _RUN, str(code_root), str(articles), str(out)], check=True, capture_output=True, text=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    for kind in FACT_KEYS:
        result[kind] = pl.read_parquet(out / f"{kind}.parquet").select(FACT_KEYS[kind])
    return result


def changed_facts(old: dict, new: dict) -> dict[str, int]:
    counts = {}
    for kind, keys in FACT_KEYS.items():
        counts[f"{kind} only old"] = old[kind].join(new[kind], on=keys, how="anti", nulls_equal=True).height
        counts[f"{kind} only new"] = new[kind].join(old[kind], on=keys, how="anti", nulls_equal=True).height
    return counts


def compare(articles: pl.DataFrame, commit: str = OLD_EXTRACTOR) -> dict:
    mb = articles["body"].str.len_bytes().sum() / 1e6
    with tempfile.TemporaryDirectory() as work:
        work_dir = Path(work)
        parquet = work_dir / "articles.parquet"
        articles.write_parquet(parquet)
        old = run_extractor(checkout_old(commit, work_dir / "old"), parquet, work_dir / "old_out")
        new = run_extractor(ROOT, parquet, work_dir / "new_out")
    row = lambda r: {"seconds": round(r["seconds"], 2), "mb_per_s": round(mb / r["seconds"], 3),  # noqa: E731
                     "casualty_facts": r["casualty"].height, "hostage_facts": r["hostage"].height}
    return {"articles": articles.height, "body_mb": round(mb, 2), "old": row(old), "new": row(new),
            "speedup": round(old["seconds"] / new["seconds"], 2), "changed": changed_facts(old, new)}


def main(argv: list[str] | None = None) -> None:
    from benchmarks.rule_costs import load_articles

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("--limit", type=int)
    parser.add_argument("--old", default=OLD_EXTRACTOR)
    args = parser.parse_args(argv)
    result = compare(load_articles(args.source, args.limit), args.old)
    print(f"{result['articles']} articles, {result['body_mb']} MB")
    print(f"{'':6s} {'seconds':>9s} {'MB/s':>7s} {'casualty':>9s} {'hostage':>8s}")
    for name in ("old", "new"):
        r = result[name]
        print(f"{name:6s} {r['seconds']:9.2f} {r['mb_per_s']:7.3f} {r['casualty_facts']:9d} {r['hostage_facts']:8d}")
    print(f"speed-up {result['speedup']}x; facts that differ: {result['changed']}")


if __name__ == "__main__":
    main()
