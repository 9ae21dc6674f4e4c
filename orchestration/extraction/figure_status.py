"""The measure stage for hostages: their status (held, taken, released, to be released, dead).

The nearest status word of the clause proposes a status; named choices then correct it, in
order of precedence (engine.decide): a release said to be done, a release that is still a plan,
captives said to remain, and remains: handed back (released), due back (to be released) or
still held (dead).
"""

from __future__ import annotations

import polars as pl

from orchestration.extraction.cue_context import NEAR, dist_left, dist_right, first_label, nearest, qualifier_alternation
from orchestration.extraction.engine import KEEP, SENTENCE_KEYS, Choice, Context, decide
from orchestration.extraction.figure_candidates import qualified_end
from orchestration.extraction.figure_measure import STATUSES, status_words
from orchestration.extraction.patterns import cue
from orchestration.extraction.rules import rule_regex

CLAUSE_HEAD = r"^([^.;\x{061B},\x{060C}]*)"  # the right-hand words up to the first stop or comma
COMMA_THEN = r"[,\x{060C}][ ]*"
RELEASE_STATUSES = ["released", "to_be_released"]


def _hostage_text(text: pl.Expr) -> pl.Expr:
    """The text for a hostage figure, blank for the others: only hostages have a status, so the
    status patterns read only their texts."""
    return pl.when(pl.col("kind") == "hostage").then(text).otherwise(pl.lit(""))


def _planned() -> pl.Expr:
    """"the deal provides for the release of 33": a release in a story of a deal is a plan, unless
    the deal led to it ("أفضت إلى الإفراج عن 25") or the figure's own words free them ("سلمتهم حماس")."""
    left, right = _hostage_text(Context.left), _hostage_text(Context.right)
    outcome = dist_left(left, qualified_end(cue("release_outcome_cues"))).is_not_null()
    released_here = dist_right(_hostage_text(pl.col("_right_clause")), status_words("released")) <= NEAR
    release_of = nearest(left, right, rule_regex("figure_release_of")) == pl.col("_rel_dist")
    return pl.col("_deal_story") & ~outcome & ~released_here.fill_null(False) & release_of


def proposed_status() -> list[pl.Expr]:
    """The status word's proposal: a promise to release beats a plain "release of" nearby."""
    right_clause = _hostage_text(pl.col("_right_clause"))
    # "33 hostages were returned" in a story of a deal's first phase: done, not planned.
    released_past = right_clause.str.contains(rule_regex("figure_released_past")) | right_clause.str.contains(rule_regex("figure_released_past_ar"))
    cue_status, plan, release = pl.col("_cue_status"), pl.col("_tbr_dist"), pl.col("_rel_dist")
    plan_near = plan.is_not_null() & (release.is_null() | (plan <= release + 15)) & cue_status.is_in(RELEASE_STATUSES)
    return decide("status", [
        Choice("figure_released_past", released_past & cue_status.is_in(RELEASE_STATUSES), "released"),
        Choice("release_promise_nearer", plan_near, "to_be_released"),
        Choice("figure_release_of", (cue_status == "released") & _planned(), "to_be_released"),
    ], cue_status, "hostage_status_cues")


def _still_held() -> pl.Expr:
    """"109 hostages abducted on October 7 remain in Gaza": where they are now beats how they were
    taken, and any status word farther away; not for the whole of a part ("111 of the 251 people
    seized ... remain", "251 رهينة، لا يزال 48 منهم في غزة"): the part remains."""
    right_status = _hostage_text(pl.col("_right_status_clause"))
    still_dist, other_dist, cue_status = pl.col("_still_dist"), pl.col("_other_status_dist"), pl.col("_cue_status")
    whole_of_a_part = _hostage_text(pl.col("_left_status_clause")).str.contains(rule_regex("figure_whole_of_a_part") + rf"(?:(?:{qualifier_alternation()})[ ]*)?$")
    part_next = (pl.col("breakdown") | pl.col("_partitive")).shift(-1).over(SENTENCE_KEYS).fill_null(False) & right_status.str.contains(
        COMMA_THEN + cue("still_held_cues") + r"[ ]*$"
    )
    return ~whole_of_a_part & ~part_next & (
        ((cue_status != "held") & (still_dist <= NEAR) & (still_dist < other_dist))
        | ((cue_status == "taken") & right_status.str.extract(CLAUSE_HEAD, 1).str.contains(cue("still_held_cues")))
    )


def _remains_planned() -> pl.Expr:
    """Remains whose return is still a plan (a plan named before a done release does not count:
    "the first phase, ..., handed over 25 living hostages and the bodies of eight others")."""
    plan, release = pl.col("_tbr_dist"), pl.col("_rel_dist")
    plan_nearer_than_release = plan.is_not_null() & (release.is_null() | (plan <= release))
    left = _hostage_text(Context.left)
    plan_left, release_left = dist_left(left, status_words("to_be_released")), dist_left(left, status_words("released"))
    plan_before_release = plan_left.is_not_null() & (release_left.is_null() | (plan_left <= release_left))
    return pl.col("_remains") & (plan_nearer_than_release | plan_before_release)


def _remains_returned() -> pl.Expr:
    """Remains handed over, returned or recovered (a verb in the figure's clause, either side) are
    released; remains said to be still in Gaza are not."""
    clause = _hostage_text(pl.col("_left_status_clause")) + " ~ " + _hostage_text(pl.col("_right_status_clause"))
    still = _hostage_text(pl.col("_right_status_clause")).str.contains(cue("still_held_cues"))
    return pl.col("_remains") & clause.str.contains(cue("remains_returned_cues")) & ~still


def hostage_status() -> list[pl.Expr]:
    """Only hostages have a status; remains, "until", "still" and "remaining" correct the proposal."""
    left_clause = _hostage_text(pl.col("_left_status_clause"))
    # "until the 59 hostages are returned", "the release of the remaining 136 hostages": still held.
    until = left_clause.str.contains(rule_regex("figure_until"))
    own_held = left_clause.str.contains(rule_regex("figure_remaining_before")) | _hostage_text(Context.right).str.contains(rule_regex("figure_hostages_still_held"))
    listed_after = pl.col("status").shift(1).over(SENTENCE_KEYS)
    joined = pl.col("_listed") | pl.col("_left_clause").str.contains(rule_regex("figure_joined_to_previous"))
    return decide("status", [
        Choice("status_only_for_hostages", pl.col("kind") != "hostage", None),
        Choice("remains_to_be_returned", _remains_planned(), "to_be_released"),
        Choice("remains_returned", _remains_returned(), "released"),
        # "handed over 25 living hostages and the bodies of eight others": the list's verb.
        Choice("remains_listed_with_a_release", pl.col("_remains") & joined & listed_after.is_in(RELEASE_STATUSES), listed_after),
        Choice("hostage_remains_nouns", pl.col("_remains"), "dead"),
        Choice("figure_until", until, "held"),
        Choice("still_held_cues", _still_held(), "held"),
        Choice("figure_remaining_before", (pl.col("status") == "to_be_released") & own_held & pl.col("_tbr_right").is_null(), "held"),
    ], pl.col("status"), KEEP)


def status_from_clause_end(frame: pl.LazyFrame) -> pl.LazyFrame:
    """"۵۰ زن و طفل گروگان ... در بدل ۱۵۰ زندانی ... آزاد می شوند": a verb at the clause's end, past
    the prisoners, tells what happens to a captive figure with no status word of its own; not past a
    part of the figure ("... که ۴۰ نفر از آنان کشته شده"): that verb is the part's. Else: held."""
    status = pl.col("status")
    # (Read only where it can decide: hostages without a status so far.)
    undecided = pl.when((pl.col("kind") == "hostage") & status.is_null()).then(Context.right).otherwise(pl.lit(""))
    clause_rest = undecided.str.replace(rule_regex("figure_captives_partitive"), " ~").str.extract(CLAUSE_HEAD, 1)
    clause_status = first_label(clause_rest, {status: status_words(status) for status in STATUSES if status != "held"})
    part_follows = (pl.col("breakdown") | pl.col("_partitive")).shift(-1).over(SENTENCE_KEYS).fill_null(False)
    return frame.with_columns(*decide("status", [
        Choice("status_only_for_hostages", pl.col("kind") != "hostage", None),
        Choice("status_verb_at_clause_end", status.is_null() & ~part_follows & clause_status.is_not_null(), clause_status),
        Choice("held_by_default", status.is_null(), "held"),
    ], status, KEEP))
