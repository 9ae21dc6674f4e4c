"""The small engine the figure rules run on: named contexts, explicit precedence, a trace.

A figure's attributes are decided by `decide`: an ordered list of named choices, the first that
holds wins, and a `<column>__rule` column records which one did. Candidates are dropped by
`exclude`, which names the rule that dropped them. With a `Trace`, both are kept for the
`explain` command ("why is this 30 a period count of injured?"); without one, they cost
nothing beyond the decision itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

SENTENCE_KEYS = ["article_id", "sentence_id"]


@dataclass(frozen=True)
class Choice:
    """One named way of setting a column: when `when` holds, the column is `then`."""

    rule: str
    when: pl.Expr
    then: pl.Expr | str | None


def _value(then: pl.Expr | str | None) -> pl.Expr:
    if isinstance(then, pl.Expr):
        return then
    return pl.lit(then, dtype=pl.String)


def decide(column: str, choices: list[Choice], otherwise: pl.Expr | str | None, otherwise_rule: str) -> list[pl.Expr]:
    """The column and its `__rule` column from choices in order of precedence (first wins).

    `otherwise_rule` names the default; pass keep_rule(column) to keep an earlier decision's name."""
    value = _value(otherwise)
    by = pl.col(f"{column}__rule") if otherwise_rule == KEEP else pl.lit(otherwise_rule)
    for choice in reversed(choices):
        value = pl.when(choice.when).then(_value(choice.then)).otherwise(value)
        by = pl.when(choice.when).then(pl.lit(choice.rule)).otherwise(by)
    return [value.alias(column), by.alias(f"{column}__rule")]


KEEP = "<keep>"  # otherwise_rule: the column keeps its value and the rule that set it


@dataclass
class Trace:
    """What `explain` shows: the candidates each exclusion rule dropped, in stage order."""

    dropped: list[pl.LazyFrame] = field(default_factory=list)

    def frame(self) -> pl.DataFrame:
        if not self.dropped:
            return pl.DataFrame(schema={"article_id": pl.String, "sentence_id": pl.Int64, "pos": pl.Int64, "mention": pl.String, "excluded_by": pl.String})
        return pl.concat([d.collect() for d in self.dropped], how="vertical_relaxed")


def exclude(frame: pl.LazyFrame, rules: dict[str, pl.Expr], trace: Trace | None = None) -> pl.LazyFrame:
    """Drop the candidates any named rule holds for (or cannot tell: a null drops, as in a
    polars filter); the first rule in order is the one named."""
    keep = pl.lit(True)
    for condition in rules.values():
        keep = keep & ~condition
    if trace is not None:
        first = pl.lit("undecided")
        for name, condition in reversed(list(rules.items())):
            first = pl.when(condition.fill_null(False)).then(pl.lit(name)).otherwise(first)
        trace.dropped.append(
            frame.filter(~keep.fill_null(False)).with_columns(first.alias("excluded_by"))
            .select(*SENTENCE_KEYS, "pos", "mention", "excluded_by")
        )
    return frame.filter(keep)


class Context:
    """What a figure rule may look at, by name (the candidates stage makes these columns).

    left, right      up to cue_context.WINDOW characters before and after the figure
    left_clause,     the same, bounded by the neighbouring figures of the sentence
      right_clause   (figures.py / cue_context.since_previous, until_next)
    sentence         the whole sentence; paragraph_place the place its paragraph named last
    noun_phrase      the words right after the figure, up to four
    """

    left = pl.col("_left")
    right = pl.col("_right")
    sentence = pl.col("sentence")
    paragraph_place = pl.col("paragraph_place")
    noun_phrase = pl.col("_np")
    previous_end = pl.col("_prev_end")
    next_start = pl.col("_next_start")

    @staticmethod
    def left_clause() -> pl.Expr:
        from orchestration.extraction.cue_context import since_previous

        return since_previous(Context.left)

    @staticmethod
    def right_clause() -> pl.Expr:
        from orchestration.extraction.cue_context import until_next

        return until_next(Context.right)
