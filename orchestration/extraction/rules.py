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
      edges: word                              # words / labels only, how entries are bounded:
                                               #   word (default): patterns.alternation
                                               #   event: the negotiation cue edges (below)
                                               #   anchored: as written, no edges
      # or pattern: '...'                      # one Rust regex
      # or patterns: {label: '...'}            # a family of Rust regexes
      examples:
        - {text: "Hamas still holds [59] hostages", fires: true}
        - {text: "[59] prisoners were freed", fires: false}
        - {text: "...", label: killed}         # for families: the label that matches
        - {text: "...", facts: {casualties: [...], hostages: [...]}}   # whole output

In an example, the figure the rule is about is written in brackets: `left` context is the text
before it, `right` the text after it, `mention` the bracketed text, anything else the whole text.

Edges other than `word` give each language its own regex (`regex_for(language)`); code that
knows a row's language uses that one. `regex()` is then their union, which is what the examples
test: the alternatives of one language only meet text of another where scripts overlap (fa, ar).
`event`: English between word edges, case-insensitively; Persian from a word edge on (endings
glue on: "گروگانها"); Arabic from rule negotiation_arabic_cue_start (proclitics and article
before) to rule negotiation_arabic_cue_end (a glued ending and pronoun, "رفضته", but no nisba or
ة: "الاجتماعي" is no meeting). `anchored`: the entries as written (they carry their
own ^ or $), English case-insensitively.
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
EDGES = ("word", "event", "anchored")
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
    edges: str = "word"  # words / labels: how entries are bounded (EDGES)

    def regex(self, label: str | None = None) -> str:
        """The rule (or one label of a family) as one Rust regex; with `event` or `anchored`
        edges, the union of its languages' regexes."""
        from orchestration.extraction.patterns import alternation

        if self.kind == "pattern":
            return self.data
        if self.kind == "patterns":
            return self.data[label] if label else "|".join(f"(?:{p})" for p in self.data.values())
        if self.edges == "word":
            return alternation(self.by_language(label))
        parts = [self.regex_for(language, label) for language in self.by_language(label)]
        return "|".join(f"(?:{p})" for p in parts if p) or "(?:$^)"

    def regex_for(self, language: str, label: str | None = None) -> str | None:
        """One language's regex (None when the rule has no entries for it). Patterns are the
        same in every language."""
        if self.kind in ("pattern", "patterns"):
            return self.regex(label)
        from orchestration.extraction.patterns import alternation, entries

        words = self.by_language(label).get(language) or []
        if not words:
            return None
        if self.edges == "word":
            return alternation({language: words})
        return _bounded(language, "|".join(entries({language: words})), self.edges)

    def by_language(self, label: str | None = None) -> dict[str, list[str]]:
        """The entries of a words rule, or of one label of a family (all labels when None)."""
        if self.kind == "words":
            return self.data
        if label:
            return self.data[label]
        merged: dict[str, list[str]] = {}
        for by_language in self.data.values():
            for language, words in by_language.items():
                merged.setdefault(language, []).extend(words or [])
        return merged

    @property
    def labels(self) -> list[str]:
        return list(self.data) if self.kind in ("labels", "patterns") else []


def _bounded(language: str, alternatives: str, edges: str) -> str:
    """An alternation of one language's entries inside the edges that `edges` names."""
    from orchestration.extraction.patterns import WORD_END, WORD_START

    if edges == "anchored":
        return ("(?i:" if language == "en" else "(?:") + alternatives + ")"
    if language == "en":
        return "(?i:" + WORD_START + "(?:" + alternatives + ")" + WORD_END + ")"
    if language == "fa":
        return WORD_START + "(?:" + alternatives + ")"
    end = rule_regex("negotiation_arabic_cue_end").removeprefix("^")
    return rule_regex("negotiation_arabic_cue_start") + "(?:" + alternatives + ")" + end


def _parse(entry: dict, source: str) -> Rule:
    kinds = [k for k in DATA_FIELDS if k in entry]
    where = f"{source}: rule {entry.get('name')!r}"
    if len(kinds) != 1:
        raise ValueError(f"{where} needs exactly one of {DATA_FIELDS}, has {kinds}")
    if entry.get("stage") not in STAGES:
        raise ValueError(f"{where}: stage {entry.get('stage')!r} is not one of {STAGES}")
    if entry.get("context") not in CONTEXTS:
        raise ValueError(f"{where}: context {entry.get('context')!r} is not one of {CONTEXTS}")
    edges = entry.get("edges", "word")
    if edges not in EDGES or (edges != "word" and kinds[0] not in ("words", "labels")):
        raise ValueError(f"{where}: edges {edges!r} must be one of {EDGES}, other than word only for words or labels")
    return Rule(
        name=entry["name"], stage=entry["stage"], decides=entry["decides"],
        languages=tuple(entry.get("languages") or ()), context=entry["context"],
        kind=kinds[0], data=entry[kinds[0]], examples=tuple(entry.get("examples") or ()), source=source,
        edges=edges,
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


@lru_cache(maxsize=None)
def rule_regex_for(name: str, language: str, label: str | None = None) -> str | None:
    """Shorthand for rule(name).regex_for(language, label), cached."""
    return rule(name).regex_for(language, label)
