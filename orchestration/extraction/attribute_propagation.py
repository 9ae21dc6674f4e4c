"""Attributes that pass from one figure to another: breakdowns share their parent's region and
scope, list items their head's people and window, and a figure with no place word takes the
place of the figure before it, of its paragraph, else Gaza's.

Each step is a decide() that keeps the earlier decision (and its rule's name) unless one of
its choices holds.
"""

from __future__ import annotations

import polars as pl

from orchestration.extraction.cue_context import WINDOW
from orchestration.extraction.engine import KEEP, SENTENCE_KEYS, Choice, Context, decide
from orchestration.extraction.figure_groups import BROAD_GROUPS
from orchestration.extraction.rules import rule_regex

BREAKDOWN, NOUNLESS = pl.col("breakdown"), pl.col("_nounless")


def _previous(column: str) -> pl.Expr:
    return pl.col(column).shift(1).over(SENTENCE_KEYS)


def _parent(column: str) -> pl.Expr:
    """The column of the last whole figure (not a breakdown) before this one in the sentence."""
    return pl.when(~BREAKDOWN).then(pl.col(column)).forward_fill().shift(1).over(SENTENCE_KEYS)


def _relations() -> list[pl.Expr]:
    # "Five IDF soldiers were killed and 14 others wounded": "others" are more of the same people.
    others = pl.col("_person_noun").str.contains(rule_regex("propagation_others_noun")) | Context.right.str.contains(rule_regex("propagation_others_fa"))
    return [
        (pl.col("_person_noun").is_null() & pl.col("_hostage_noun").is_null()).alias("_nounless"),
        (others & ~_previous("victim_group").is_in([*BROAD_GROUPS, "women_children"]) & (_previous("kind") == pl.col("kind"))).fill_null(False).alias("_others"),
        _parent("region").alias("_parent_region"),
        _parent("victim_group").alias("_parent_group"),
    ]


def _from_parents() -> list[pl.Expr]:
    """A breakdown with no noun counts its parent's people ("726 soldiers ..., including 346
    since ..."); "34 of them while waiting for aid": the part's own clause names who."""
    others, parent_region, parent_group = pl.col("_others"), pl.col("_parent_region"), pl.col("_parent_group")
    return [
        *decide("region", [
            Choice("breakdown_parent_region", BREAKDOWN & parent_region.is_not_null(), parent_region),
            Choice("others_of_israeli_figure", others & (_previous("region") == "israel"), "israel"),
        ], pl.col("region"), KEEP),
        *decide("victim_group", [
            Choice("breakdown_aid_seekers", BREAKDOWN & NOUNLESS & pl.col("_aid") & (pl.col("kind") == "casualty"), "aid_seekers"),
            # (Not for the living or the remains among captives: "25 of them alive": a subset of its own.)
            Choice("breakdown_parent_group", BREAKDOWN & NOUNLESS & pl.col("_predicate").is_null() & parent_group.is_not_null() & ~pl.col("_living") & ~pl.col("_remains"), parent_group),
            Choice("others_of_other_group", others, _previous("victim_group")),
        ], pl.col("victim_group"), KEEP),
    ]


def _from_earlier() -> list[pl.Expr]:
    """"bringing the total since October 2023 to more than 400": the people counted before; a
    figure with no place word: the figure before it in the paragraph, the paragraph, else Gaza."""
    earlier = pl.when(~BREAKDOWN).then(pl.col("victim_group")).shift(1).forward_fill().over("article_id")
    region = pl.col("region")
    in_paragraph = region.forward_fill().over("article_id", "paragraph_id")
    return [
        *decide("victim_group", [
            Choice("refers_back_to_earlier_group", pl.col("_refers_back") & NOUNLESS & earlier.is_not_null(), earlier),
        ], pl.col("victim_group"), KEEP),
        *decide("region", [
            # (Israel's figure before it does not make Palestinians Israel's.)
            Choice("region_of_earlier_figure", region.is_null() & in_paragraph.is_not_null() & ~((in_paragraph == "israel") & pl.col("_palestinian_people")), in_paragraph),
            Choice("paragraph_place", region.is_null() & Context.paragraph_place.is_not_null(), Context.paragraph_place),
            Choice("article_front", region.is_null() & pl.col("article_place").is_not_null(), pl.col("article_place")),
            Choice("region_default_gaza", region.is_null(), "gaza"),
        ], region, KEEP),
    ]


def _parent_scope() -> pl.Expr:
    """The parent's scope; "The dead included nine children": a part of a figure given in an
    earlier sentence."""
    in_article = pl.when(~BREAKDOWN).then(pl.col("scope")).forward_fill().shift(1).over("article_id")
    return pl.coalesce(_parent("scope"), pl.when(pl.col("_partitive")).then(in_article))


def _breakdown_scope() -> list[pl.Expr]:
    parent, own_period = pl.col("_parent_scope"), pl.col("_own_period")
    return decide("scope", [
        Choice("breakdown_parent_scope", BREAKDOWN & parent.is_not_null() & ~own_period, parent),
        Choice("breakdown_own_window", BREAKDOWN & own_period, "period"),
    ], pl.col("scope"), KEEP)


def _neighbours() -> list[pl.Expr]:
    """The attributes of the figures before and after this one in the sentence, each once."""
    previous = {"victim_group": "_previous_group", "region": "_previous_region", "scope": "_previous_scope", "breakdown": "_previous_breakdown", "_aid": "_previous_aid"}
    following = {"_listed": "_next_listed", "_aid": "_next_aid", "_own_period": "_next_own_period", "breakdown": "_next_breakdown"}
    return [_previous(c).alias(a) for c, a in previous.items()] + [pl.col(c).shift(-1).over(SENTENCE_KEYS).alias(a) for c, a in following.items()]


def _list_items() -> list[pl.Expr]:
    """"five soldiers had been killed and 14 wounded": a list item with no noun counts the same
    people; "استشهاد 112 مواطنا وإصابة 760 آخرين": "others" in the same event share its window."""
    group, aid = pl.col("victim_group"), pl.col("_aid") & (pl.col("kind") == "casualty")
    previous_group, previous_region, previous_breakdown = pl.col("_previous_group"), pl.col("_previous_region"), pl.col("_previous_breakdown")
    same_kind = (pl.col("kind").shift(1).over(SENTENCE_KEYS) == pl.col("kind")).fill_null(False)
    same_people = pl.col("_listed") & NOUNLESS & previous_group.is_not_null() & ~previous_breakdown.fill_null(False) & ~pl.col("_living") & ~pl.col("_remains") & same_kind
    after_aid = (pl.col("kind") == "casualty") & NOUNLESS & ~BREAKDOWN & ~previous_breakdown.fill_null(True) & pl.col("_previous_aid").fill_null(False) & previous_group.is_in(["aid_seekers", "other"])
    next_aid = pl.col("_next_listed").fill_null(False) & pl.col("_next_aid").fill_null(False)
    others = Context.right.str.contains(rule_regex("attribute_others_after")) & (pl.col("_previous_scope") == "period")
    next_part_window = pl.col("_next_own_period").fill_null(False) & pl.col("_next_breakdown").fill_null(False)
    return [
        # "805 people had been killed and more than 5,250 injured at or near aid sites": who the
        # list's last item says they were holds for the whole list.
        *decide("victim_group", [
            Choice("aid_seekers_in_list", aid & group.is_in(["all", "other", "aid_seekers"]), "aid_seekers"),
            Choice("after_aid_seekers", after_aid, "aid_seekers"),
            Choice("before_aid_seekers", (group == "all") & (pl.col("kind") == "casualty") & pl.col("_list_before_next") & next_aid, "aid_seekers"),
            Choice("list_item_same_people", same_people, previous_group),
        ], group, KEEP),
        *decide("region", [
            Choice("list_item_same_people", same_people & (previous_region == "israel"), previous_region),
        ], pl.col("region"), KEEP),
        *decide("scope", [
            Choice("others_share_window", others & pl.col("_own_clause_cumulative").is_null() & ~BREAKDOWN, "period"),
            # "بينهم ١٩٥ شهيدا و٣٥٤ مصابا خلال الساعات الـ24": breakdowns listed together share a window.
            Choice("breakdowns_share_window", BREAKDOWN & pl.col("_list_before_next") & next_part_window, "period"),
        ], pl.col("scope"), KEEP),
    ]


def _same_period() -> list[pl.Expr]:
    """"Over the same period, ...": the window (or running total) of the figure before it (not
    for an increment: "در همین مدت سه نفر دیگر" counts more of a window)."""
    earlier = pl.when(~BREAKDOWN).then(pl.col("scope")).shift(1).forward_fill().over("article_id")
    own_total = (pl.col("_strong_cumulative") < (pl.col("pos") - Context.previous_end).fill_null(WINDOW)).fill_null(False)
    holds = (
        pl.col("_same_period") & earlier.is_not_null() & ~BREAKDOWN & ~own_total & ~pl.col("_refers_back")
        & ~Context.right.str.contains(rule_regex("attribute_others_after"))
    )
    return decide("scope", [Choice("same_period_as_earlier", holds, earlier)], pl.col("scope"), KEEP)


def propagate_attributes(frame: pl.LazyFrame) -> pl.LazyFrame:
    """The propagation stage, after the group, region and scope stages."""
    return (
        frame.with_columns(_relations())
        .with_columns(_from_parents())
        .with_columns(_from_earlier())
        .with_columns(_parent_scope().alias("_parent_scope"))
        .with_columns(_breakdown_scope())
        .with_columns(_neighbours())
        .with_columns(_list_items())
        .with_columns(_same_period())
    )
