"""The rule registry: every reading rule of the extractor, by name, with its examples.

A rule is data in orchestration/lexicon/rules/*.yaml (Duckling keeps rules and their corpus
side by side for the same reason: a rule without an example is a rule nobody can check):

    - name: hostage_nouns          # unique; code asks for rules by this name
      stage: measure               # candidates | exclusions | measure | attributes | propagation |
                                   # sentences | dating | entities | negotiation
      decides: kind                # the column (or flag) the rule sets
      languages: [en, fa, ar]
      context: right               # what it looks at: mention | left | right | clause |
                                   # sentence | paragraph | heading | url | page
      words: {en: [...], fa: [...]}            # whole words, compiled by patterns.alternation
      # or labels: {killed: {en: [...]}, ...}  # a family: which label's words match
      # or pattern: '...'                      # one Rust regex
      # or patterns: {label: '...'}            # a family of Rust regexes
      examples:
        - {text: "Hamas still holds [59] hostages", fires: true}
        - {text: "[59] prisoners were freed", fires: false}
        - {text: "...", label: killed}         # for families: the label that matches
        - {text: "...", facts: {casualties: [...], hostages: [...]}}   # whole output

In an example, the figure the rule is about is written in brackets: `left` context is the text
before it, `right` the text after it, `mention` the bracketed text, anything else the whole text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

RULES_DIR = Path(__file__).resolve().parent.parent / "lexicon" / "rules"
STAGES = (
    "normalize", "sentences", "candidates", "exclusions", "measure", "attributes", "propagation",
    "dating", "entities", "negotiation",
)
CONTEXTS = ("mention", "left", "right", "clause", "sentence", "paragraph", "heading", "url", "page")
DATA_FIELDS = ("words", "labels", "pattern", "patterns")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Rule:
    name: str
    stage: str
    decides: str
    languages: tuple[str, ...]
    context: str
    kind: str  # which of DATA_FIELDS holds its data
    data: Any
    examples: tuple[dict, ...] = field(default=())
    source: str = ""

    def regex(self, label: str | None = None) -> str:
        """The rule (or one label of a family) as one Rust regex."""
        from orchestration.extraction.patterns import alternation

        if self.kind == "pattern":
            return self.data
        if self.kind == "patterns":
            return self.data[label] if label else "|".join(f"(?:{p})" for p in self.data.values())
        if self.kind == "words":
            return alternation(self.data)
        if label:
            return alternation(self.data[label])
        merged: dict[str, list[str]] = {}
        for by_language in self.data.values():
            for language, words in by_language.items():
                merged.setdefault(language, []).extend(words or [])
        return alternation(merged)

    @property
    def labels(self) -> list[str]:
        return list(self.data) if self.kind in ("labels", "patterns") else []


def _parse(entry: dict, source: str) -> Rule:
    kinds = [k for k in DATA_FIELDS if k in entry]
    where = f"{source}: rule {entry.get('name')!r}"
    if len(kinds) != 1:
        raise ValueError(f"{where} needs exactly one of {DATA_FIELDS}, has {kinds}")
    if entry.get("stage") not in STAGES:
        raise ValueError(f"{where}: stage {entry.get('stage')!r} is not one of {STAGES}")
    if entry.get("context") not in CONTEXTS:
        raise ValueError(f"{where}: context {entry.get('context')!r} is not one of {CONTEXTS}")
    return Rule(
        name=entry["name"], stage=entry["stage"], decides=entry["decides"],
        languages=tuple(entry.get("languages") or ()), context=entry["context"],
        kind=kinds[0], data=entry[kinds[0]], examples=tuple(entry.get("examples") or ()), source=source,
    )


@lru_cache(maxsize=1)
def registry() -> dict[str, Rule]:
    """Every rule by name, in file order (file names sorted): that order is also the order the
    generated baseline applies them in."""
    rules: dict[str, Rule] = {}
    for path in sorted(RULES_DIR.glob("*.yaml")):
        document = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER) or {}
        for entry in document.get("rules") or []:
            rule = _parse(entry, path.name)
            if rule.name in rules:
                raise ValueError(f"rule {rule.name!r} defined twice ({rules[rule.name].source}, {path.name})")
            rules[rule.name] = rule
    return rules


def rule(name: str) -> Rule:
    try:
        return registry()[name]
    except KeyError:
        raise KeyError(f"no rule named {name!r} in {RULES_DIR}") from None


def rule_regex(name: str, label: str | None = None) -> str:
    """Shorthand for rule(name).regex(label), cached: patterns are built once per process."""
    return _cached_regex(name, label)


@lru_cache(maxsize=None)
def _cached_regex(name: str, label: str | None) -> str:
    return rule(name).regex(label)
