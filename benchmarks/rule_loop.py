"""The speed baseline, generated from the rule registry: a plain per-article Python loop.

For each article it does what a rule-by-rule reader of the registry would do with Python's
regex library: cut the text into sentences, find the number candidates, and test every rule, in
registry order, on what the rule says it looks at (a figure's windows for left, right, mention and
clause rules; each sentence for sentence, paragraph and heading rules; the text for url and page
rules). The patterns are the Rust ones unchanged: the regex library reads the same syntax
(\p{L}, \p{Arabic}, (?i:...)); they differ only in `$` before a final newline, which windows
without newlines never meet. Because it is built from the registry, it can never drift from the rules the engine has;
it does not assemble facts, so it is a floor for a per-article loop's cost, not a second extractor.

    from benchmarks.rule_loop import RuleLoop
    loop = RuleLoop()                 # compiles every rule once
    firings = loop.run(texts)         # {rule name: times it fired}
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field

import regex  # Python's regex library: it reads \p{L}, \p{Arabic} and (?i:...) as Rust does

from orchestration.extraction.cue_context import WINDOW
from orchestration.extraction.numbers import mention_pattern
from orchestration.extraction.rules import registry

FIGURE_CONTEXTS = ("left", "right", "mention", "clause")
TEXT_CONTEXTS = ("url", "page")
SENTENCE_END = regex.compile(r"(?<=[.!?؟])\s+|\n+")


@dataclass
class RuleLoop:
    compiled: list[tuple[str, str, regex.Pattern]] = field(default_factory=list)
    seconds: Counter = field(default_factory=Counter)

    def __post_init__(self) -> None:
        for rule in registry().values():
            if rule.kind == "patterns" or rule.kind == "labels":
                patterns = [rule.regex(label) for label in rule.labels]
            else:
                patterns = [rule.regex()]
            for pattern in patterns:
                self.compiled.append((rule.name, rule.context, regex.compile(pattern)))
        self.numbers = regex.compile(mention_pattern())

    def _windows(self, sentence: str) -> list[dict[str, str]]:
        windows = []
        for match in self.numbers.finditer(sentence):
            left = sentence[max(0, match.start() - WINDOW):match.start()]
            right = sentence[match.end():match.end() + WINDOW]
            windows.append({"left": left, "right": right, "mention": match.group(0), "clause": left + match.group(0) + right})
        return windows

    def _apply(self, name: str, pattern: regex.Pattern, texts: list[str], firings: Counter) -> None:
        started = time.perf_counter()
        firings[name] += sum(1 for text in texts if pattern.search(text))
        self.seconds[name] += time.perf_counter() - started

    def run_article(self, text: str, firings: Counter) -> None:
        sentences = [s for s in SENTENCE_END.split(text) if s.strip()]
        windows = [w for s in sentences for w in self._windows(s)]
        for name, context, pattern in self.compiled:
            if context in FIGURE_CONTEXTS:
                self._apply(name, pattern, [w[context] for w in windows], firings)
            elif context in TEXT_CONTEXTS:
                self._apply(name, pattern, [text], firings)
            else:
                self._apply(name, pattern, sentences, firings)

    def run(self, texts: list[str]) -> Counter:
        firings: Counter = Counter()
        for text in texts:
            self.run_article(text, firings)
        return firings
