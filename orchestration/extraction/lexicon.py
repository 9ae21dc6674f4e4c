"""Load the data files in orchestration/lexicon/ (vocabularies, cue words, gazetteer).

Rules live in data so that a linguist can extend them without touching code; every
YAML file contributes its top-level keys to one dictionary (keys must not collide).
"""

from __future__ import annotations

import csv
import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

LEXICON_DIR = Path(__file__).resolve().parent.parent / "lexicon"
# libyaml's loader reads the same documents ~10x faster than the pure-Python one (every process
# that extracts or dates articles loads the lexicon once).
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@lru_cache(maxsize=1)
def load_lexicon() -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for path in sorted(LEXICON_DIR.glob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER) or {}
        clash = set(merged) & set(data)
        if clash:
            raise ValueError(f"lexicon key(s) {sorted(clash)} defined twice (again in {path.name})")
        merged.update(data)
    from orchestration.extraction.rules import registry

    for name, named_rule in registry().items():  # a rule's words, labels or pattern, under its name
        if name in merged:
            raise ValueError(f"lexicon key {name!r} is also a rule ({named_rule.source})")
        merged[name] = named_rule.data
    return merged


@lru_cache(maxsize=None)
def load_table(name: str) -> tuple[dict[str, str], ...]:
    """A CSV data file of the lexicon as a tuple of row dicts."""
    with (LEXICON_DIR / name).open(encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(handle))


def lexicon_fingerprint() -> str:
    """A short hash of every lexicon file: part of the extractor version."""
    digest = hashlib.sha256()
    for path in sorted(LEXICON_DIR.rglob("*")):
        if path.is_file():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:8]
