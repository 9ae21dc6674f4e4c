"""Who a figure counts: the victim group of a casualty figure, the hostage group of a captive one.

The words that say who are the figure's own noun phrase, else the predicate of a part ("13,000
of the dead were Hamas fighters"), the words of the toll it ends ("the number of journalists
killed rose to 201") and a list item's label ("Women: 12,500"). Each step is a column of its
own, so that later ones read it instead of building it again.
"""

from __future__ import annotations

import polars as pl

from orchestration.extraction.cue_context import first_label, qualifier_alternation, until_next
from orchestration.extraction.engine import SENTENCE_KEYS, Choice, Context, decide
from orchestration.extraction.lexicon import load_lexicon
from orchestration.extraction.patterns import alternation, cue
from orchestration.extraction.rules import rule_regex

COUNTED = pl.col("_counted_words")
# Person-noun labels that are no subset (`all`) or are decided by their own rules.
BROAD_GROUPS = ("all", "children", "women")


def subset_patterns() -> dict[str, str]:
    """The finer groups' nouns (soldiers, journalists, ..., other), in the lexicon's order."""
    groups = load_lexicon()["person_nouns"]
    return {label: alternation(words) for label, words in groups.items() if label not in BROAD_GROUPS}


def _predicate() -> pl.Expr:
    """The words a part's predicate names: "13,000 of the dead were Hamas fighters"."""
    right = Context.right
    return pl.coalesce(
        right.str.extract(rule_regex("group_part_predicate"), 1),
        # "۸ نفر از شهدا از کارکنان هلال احمر": eight of the dead were of the Red Crescent's staff.
        right.str.extract(rule_regex("group_part_predicate_fa"), 1),
        # "20,179 of the dead were children and 12,500 were women": the next part's own predicate.
        pl.when(pl.col("breakdown")).then(right.str.extract(rule_regex("group_next_part_predicate"), 1)),
    )


def _toll_columns() -> list[pl.Expr]:
    """The toll a figure ends, and whether it names who it counts."""
    # "the running tally of children killed stands at 15,103", "Israeli soldiers killed ...: 405".
    # Only the toll's own clause: "killed 558 people, including 94 women, and wounded 1,835".
    toll_words = Context.left_clause().str.tail(60).str.replace(rule_regex("group_toll_clause_start"), "")
    # ("شمار خبرنگاران ... به 201 تن": "تن" and "نفر" only count; they name no one.)
    names_in_toll = pl.col("_toll_metric").is_not_null() & (
        pl.col("_person_noun").is_null() | pl.col("_person_noun").str.contains(rule_regex("group_counting_word"))
    )
    # "Hezbollah fighters: more than 500 killed", "النساء: ١٢٥٠٠ شهيدة": a list item's label names who.
    # (A dot inside the label is an abbreviation: "Soldiers killed since Oct. 7, 2023: 879".)
    label = Context.left_clause().str.extract(rule_regex("group_list_label") + rf"(?:(?:{qualifier_alternation()})[ ]*)?$", 1)
    return [
        _predicate().alias("_predicate"),
        toll_words.alias("_toll_words"),
        names_in_toll.alias("_names_in_toll"),
        label.alias("_list_label"),
        Context.left_clause().str.tail(80).alias("_toll_words_before"),
    ]


def _counted_words() -> pl.Expr:
    """The figure's own noun phrase, widened by the predicate, the toll and the label."""
    words = pl.coalesce("_predicate", "_np_own")
    # "طفل واحد" (one child): Arabic puts the noun before "one".
    before = Context.left.str.extract(r"(\S+)[ ]*$", 1).fill_null("")
    words = pl.when(pl.col("mention").str.contains(rule_regex("group_arabic_one"))).then(words + " " + before).otherwise(words)
    # (With "تن"/"نفر" after the figure, only the words from the toll's head: "شمار خبرنگاران ... به 201 تن".)
    toll_head = Context.left_clause().str.tail(160).str.extract(rule_regex("group_toll_head"), 1).fill_null("")
    toll = pl.when(pl.col("_person_noun").is_not_null()).then(toll_head).otherwise(pl.col("_toll_words"))
    words = pl.when(pl.col("_names_in_toll")).then(words + " " + toll).otherwise(words)
    return pl.when(pl.col("_list_label").is_not_null()).then(words + " " + pl.col("_list_label")).otherwise(words)


def _aid_seekers() -> pl.Expr:
    """People killed while seeking aid, named after the figure or in its toll's words."""
    # ... or in the words of its toll: "إجمالي شهداء لقمة العيش ... إلى 1,179".
    before = pl.col("_toll_words_before")
    aid = cue("aid_seekers")
    in_toll = before.str.contains(aid) & (
        before.str.contains(cue("strong_cumulative_cues")) | before.str.contains(rule_regex("group_number_of"))
    )
    # "شهداء لقمة العيش: وصل إلى المستشفيات ... ثلاثة عشر شهيدا": a label opening the sentence.
    in_label = Context.sentence.str.extract(r"^(?:[-•*–][ ]*)?([^:;.]{1,60}):", 1).str.contains(aid).fill_null(False)
    # "در مراکز توزیع کمک ها ... 46 نفر شهید": where they fell, said before them in their clause.
    in_clause_before = pl.col("_left_clause").str.tail(80).str.contains(aid)
    return until_next(Context.right.str.head(70)).str.contains(aid) | in_toll | in_label | in_clause_before


def _living() -> pl.Expr:
    """"20 living hostages", "25 of them alive" (not "no longer alive", "living or dead")."""
    head = until_next(Context.right.str.head(50)).str.extract(r"^([^.;:]*)", 1).fill_null("")
    said = COUNTED.str.contains(cue("living_captives")) | head.str.contains(cue("living_captives"))
    return said & ~head.str.contains(cue("living_denied"))


def _recovered_bodies() -> pl.Expr:
    """"recovered the bodies of 29 people": said next to the figure, in its own part of the clause."""
    before = pl.col("_left_clause").str.replace(r"^.*[,;\x{060C}\x{061B}]", "").str.tail(45)
    return (before + " " + until_next(Context.right.str.head(45)).str.replace(r"[,;\x{060C}\x{061B}].*$", "")).str.contains(cue("recovered_bodies"))


def _group_cues() -> list[pl.Expr]:
    groups = load_lexicon()["person_nouns"]
    return [
        COUNTED.str.contains(alternation(groups["children"])).alias("_has_children"),
        COUNTED.str.contains(alternation(groups["women"])).alias("_has_women"),
        # "Israeli soldiers", "UNRWA staff": the first subset noun of the counted words names the group.
        first_label(COUNTED, subset_patterns()).alias("_subset_group"),
        _aid_seekers().alias("_aid"),
        # Nationality only counts when it qualifies the counted noun: "Israeli soldiers", "Americans".
        COUNTED.str.extract(r"^((?:[ ]+[\p{L}'’]+){1,2})", 1).fill_null("").alias("_first_words"),
        # "58 Israelis and foreign nationals": one count of everyone.
        COUNTED.str.contains(rule_regex("group_israelis_and_foreigners")).alias("_mixed_nationals"),
        # "20 living hostages", "25 of them alive": the living are a subset of the captives.
        _living().alias("_living"),
        _recovered_bodies().alias("_recovered_bodies"),
        (COUNTED.str.contains(cue("aid_agency_staff")) & Context.sentence.str.contains(cue("aid_agencies"))).alias("_agency_staff"),
        # "30 hostages, women, the elderly and the sick": women and children among others are everyone.
        until_next(Context.right.str.head(80)).str.extract(r"^([^.;:]*)", 1)
        .str.contains(cue("mixed_captive_groups")).fill_null(False).alias("_mixed_captives"),
    ]


def _nationality() -> list[pl.Expr]:
    groups = load_lexicon()["person_nouns"]
    person_words = "|".join(alternation(v) for v in groups.values())
    first = pl.col("_first_words")
    israeli_words = first.str.contains(person_words) | first.str.contains(cue("hostage_nouns")) | first.str.contains(rule_regex("group_israelis"))
    return [
        (first.str.contains(rule_regex("group_nationals")) & first.str.contains(person_words)).alias("_nationals"),
        (first.str.contains(rule_regex("group_israeli")) & israeli_words).alias("_israeli"),
        (pl.col("_subset_group").is_not_null() | pl.col("_aid")).alias("_has_other"),
    ]


def _by_nationality() -> pl.Expr:
    """"14 Israelis and three Thais", "سه اسیر صهیونیست و پنج کارگر تایلندی": a list split by nationality."""
    nation = pl.col("_nationals") | pl.col("_israeli")
    return (pl.col("_list_before_next") & nation.shift(-1).over(SENTENCE_KEYS)) | (pl.col("_listed") & nation.shift(1).over(SENTENCE_KEYS))


def victim_group() -> list[pl.Expr]:
    """victim_group (and its rule): hostages are women_children, other or all; the dead and
    wounded children, women, aid seekers (said in the clause after them), the subset their noun
    names (soldiers, journalists, ...), other or all."""
    hostage = pl.col("kind") == "hostage"
    children, women = pl.col("_has_children"), pl.col("_has_women")
    other, mixed, nationals = pl.col("_has_other"), pl.col("_mixed_nationals"), pl.col("_nationals")
    named_israelis = pl.col("_israeli") & (pl.col("breakdown") | pl.col("_by_nationality").fill_null(False))
    return decide("victim_group", [
        Choice("hostage_women_children", hostage & (children | women) & ~pl.col("_mixed_captives"), "women_children"),
        Choice("hostage_living_or_remains", hostage & (pl.col("_living") | pl.col("_remains")), "other"),
        Choice("hostage_israelis_and_foreigners", hostage & mixed, "all"),
        Choice("hostage_other_group", hostage & (nationals | other | named_israelis), "other"),
        Choice("hostage_everyone", hostage, "all"),
        Choice("group_israelis_and_foreigners", mixed, "all"),
        Choice("children_noun", children & ~women, "children"),
        Choice("women_noun", women & ~children, "women"),
        Choice("aid_seekers_clause", pl.col("_aid"), "aid_seekers"),
        Choice("recovered_bodies", pl.col("_recovered_bodies") & ~other & ~nationals, "other"),
        Choice("staff_of_an_aid_agency", (pl.col("_subset_group") == "other") & pl.col("_agency_staff"), "aid_workers"),
        Choice("subset_group_noun", other | nationals, pl.col("_subset_group").fill_null("other")),
    ], "all", "no_group_noun")


def describe_groups(frame: pl.LazyFrame) -> pl.LazyFrame:
    """The group stage: each step's columns in its own with_columns (polars would otherwise
    evaluate a nested expression again at every use)."""
    return (
        frame.with_columns(_toll_columns())
        .with_columns(_counted_words().alias("_counted_words"))
        .with_columns(_group_cues())
        .with_columns(_nationality())
        .with_columns(_by_nationality().alias("_by_nationality"))
        .with_columns(victim_group())
    )
