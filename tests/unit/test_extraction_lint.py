"""The extraction library's house rules, checked on its source.

- functions of at most 60 lines, files of at most 300 lines;
- no language pattern written in Python: words and patterns are rules in the lexicon;
- every pattern keeps the regex engine on its fast path (no `\\b`, no case folding where
  case has no meaning);
- every rule has an example, and every rule is used by the code.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from orchestration.extraction.rules import registry

ROOT = Path(__file__).resolve().parents[2]
EXTRACTION = ROOT / "orchestration" / "extraction"
SOURCES = sorted(EXTRACTION.glob("*.py"))
MAX_FUNCTION_LINES = 60
MAX_FILE_LINES = 300
# What a regex may spell with letters without being language: escapes, classes, flags, groups.
REGEX_SYNTAX = re.compile(r"\\[pP]\{\w+\}|\\[a-zA-Z]|\(\?[a-zA-Z]+[:)]|\(\?P?<\w+>|\$\{\w+\}|\{\w+\}")
REGEX_MARKS = re.compile(r"\(\?|\[\^|\\[dspPwS]|\[ \]|\|")
WORD = re.compile(r"[A-Za-z]{3,}")
NON_LATIN_LETTER = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")


def _functions(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield node


def _string_constants(tree: ast.AST):
    """String literals that are not docstrings."""
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            yield node


def is_language_pattern(text: str) -> bool:
    """Arabic-script letters, or a regex that spells words of a language."""
    if NON_LATIN_LETTER.search(text):
        return True
    return bool(REGEX_MARKS.search(text)) and bool(WORD.search(REGEX_SYNTAX.sub(" ", text)))


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_files_and_functions_are_short(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= MAX_FILE_LINES, f"{path.name} has {len(lines)} lines"
    long = [
        f"{fn.name} ({fn.end_lineno - fn.lineno + 1} lines)"
        for fn in _functions(ast.parse("\n".join(lines)))
        if fn.end_lineno - fn.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert not long, f"{path.name}: functions over {MAX_FUNCTION_LINES} lines: {long}"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_no_language_pattern_in_python(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = [f"line {node.lineno}: {node.value[:60]!r}" for node in _string_constants(tree) if is_language_pattern(node.value)]
    assert not found, f"{path.name} spells language in Python; move these to a rule:\n" + "\n".join(found)


def _rule_patterns():
    for rule in registry().values():
        for label in rule.labels or [None]:
            yield rule, rule.regex(label)


def test_patterns_keep_the_fast_path() -> None:
    slow = [rule.name for rule, pattern in _rule_patterns() if "\\b" in pattern or "\\B" in pattern]
    slow += [
        rule.name for rule, pattern in _rule_patterns()
        if rule.kind in ("pattern", "patterns") and "(?i" in pattern and "en" not in rule.languages
    ]
    python = [f"{p.name}: \\b" for p in SOURCES for n in _string_constants(ast.parse(p.read_text(encoding="utf-8"))) if "\\b" in n.value]
    assert not slow + python, f"patterns off the fast path: {sorted(set(slow + python))}"


def test_every_rule_has_an_example() -> None:
    bare = [name for name, rule in registry().items() if not rule.examples]
    assert not bare, f"rules without examples: {bare}"


def test_every_rule_is_used() -> None:
    code = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "orchestration").rglob("*.py"))
    unused = [name for name in registry() if f'"{name}"' not in code and f"'{name}'" not in code]
    assert not unused, f"rules no code asks for: {unused}"


def test_the_lint_sees_language() -> None:
    assert is_language_pattern(r"(?i)^[ ]+of (?:those|these)")
    assert is_language_pattern(r"^[ ]+(?:نفر|تن)")
    assert not is_language_pattern(r"^(?:[ ]+[\p{L}'’]+){1,4}")
    assert not is_language_pattern("article_id")
