"""Classify number mentions as casualty or hostage figures, vectorized over polars frames.

A mention is a figure when it counts people: a person or measure noun follows it ("1,200
lives", "۲۵۱ نفر", "four hostages"), a bare participle follows ("30 killed"), or a toll
phrase precedes it ("the death toll rose to"). The rules run in the stages of the engine
(engine.py), each a module of its own:

  candidates    figure_candidates.py, figure_neighbours.py: the contexts and their readings
  exclusions    figure_exclusions.py: numbers named again, no counts of people, rates, shares
  measure       figure_measure.py (kind, metric), figure_status.py (hostage status)
  propagation   figure_propagation.py: breakdowns, lists; figure_status.py: a clause's last verb
  attributes    figure_attributes.py: victim group, region, scope, qualifier, reporter

Their patterns are rules of lexicon/rules/figure_patterns_*.yaml and the word lists of the
lexicon. Each decided column keeps a `<column>__rule` column naming the rule that set it.
"""

from __future__ import annotations

import polars as pl

from orchestration.extraction import figure_candidates as candidates
from orchestration.extraction import figure_exclusions as exclusions
from orchestration.extraction import figure_measure as measure
from orchestration.extraction import figure_neighbours as neighbours
from orchestration.extraction import figure_propagation as propagation
from orchestration.extraction import figure_status as status
from orchestration.extraction.engine import Trace
from orchestration.extraction.figure_attributes import describe_figures


def classify_figures(mentions: pl.DataFrame, trace: Trace | None = None) -> pl.DataFrame:
    """mentions: output of numbers.find_numbers. Returns only the figures, with kind
    (casualty | hostage), metric, status, victim_group, region, scope, qualifier, reported_by.

    The plan runs lazily: the cue searches rebuild the same context expressions many times, and
    the lazy engine computes each of them once (about five times faster than eager frames)."""
    frame = find_candidates(mentions)
    frame = exclusions.exclude_named_again(frame, trace)
    frame = exclusions.exclude_non_counts(frame, trace)
    frame = exclusions.exclude_other_numbers(frame, trace)
    frame = decide_measures(frame)
    frame = propagate(frame, trace)
    return describe_figures(frame).drop(pl.selectors.starts_with("_"), "paragraph_place", "article_place").collect()


def find_candidates(mentions: pl.DataFrame) -> pl.LazyFrame:
    """Stage candidates: every mention with its contexts, readings and neighbours."""
    frame = candidates.candidate_readings(candidates.candidate_windows(mentions))
    frame = neighbours.non_neighbour_marks(frame)
    return neighbours.lists_and_parts(neighbours.neighbours(frame))


def decide_measures(frame: pl.LazyFrame) -> pl.LazyFrame:
    """Stage measure: kind, then metric for casualties and status for hostages."""
    frame = measure.cue_distances(measure.cue_clauses(frame))
    frame = measure.decide_kind(frame)
    frame = frame.with_columns(measure.refers_back().alias("_refers_back"))
    frame = frame.with_columns(*measure.own_metric(), *status.proposed_status())
    return frame.with_columns(*measure.casualty_metric(), *status.hostage_status())


def propagate(frame: pl.LazyFrame, trace: Trace | None = None) -> pl.LazyFrame:
    """Stage propagation: breakdowns, lists and the status a clause's last verb gives."""
    frame = propagation.parent_takes_breakdown_verb(frame)
    frame = propagation.exclude_orphans(propagation.inherit_breakdowns(frame), trace)
    frame = propagation.share_list_measures(frame)
    frame = status.status_from_clause_end(frame)
    return propagation.exclude_unmeasured(frame, trace)
