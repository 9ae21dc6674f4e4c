"""Where a figure's victims were: the place word nearest to the figure, the side its victims
belong to ("Israeli soldiers"), else the place its paragraph named last (sentence_places).

Regions come from place words: the region cue phrases and every place of the gazetteer that
lies in a region. Names of the war ("the Gaza war") and where fire came from ("rockets from
Lebanon") are blanked first: they place no victims.
"""

from __future__ import annotations

from functools import lru_cache

import polars as pl

from orchestration.extraction.cue_context import dist_left, dist_right, pick
from orchestration.extraction.engine import Choice, Context, decide
from orchestration.extraction.lexicon import load_lexicon, load_table
from orchestration.extraction.patterns import alternation, cue, literal
from orchestration.extraction.rules import rule_regex

REGIONS = ["israel", "west_bank", "lebanon", "other", "gaza"]
COUNTED = pl.col("_counted_words")


@lru_cache(maxsize=1)
def region_cues() -> dict[str, dict[str, list[str]]]:
    """Region cue words plus every gazetteer place that lies in a region: a newly listed town
    ("Bureij", "جنين") places its victims without a rule of its own."""
    cues = {r: {lang: list(words or []) for lang, words in by_lang.items()} for r, by_lang in load_lexicon()["region_cues"].items()}
    for row in load_table("gazetteer.csv"):
        # Places of region "other" are mostly where talks are held (Doha, Cairo): no victims' place.
        if row["entity_type"] == "place" and row["region"] in cues and row["region"] != "other":
            cues[row["region"]].setdefault(row["language"], []).append(literal(row["surface"]))
    return cues


@lru_cache(maxsize=1)
def region_patterns() -> dict[str, str]:
    return {r: alternation(v) for r, v in region_cues().items()}


def blank_war_names(text: pl.Expr) -> pl.Expr:
    """The text with names of the war or the talks, and where fire came from, blanked: "the Gaza
    war" and "fire from Lebanon" place no victims."""
    return text.str.replace_all(cue("war_names"), " ~ ").str.replace_all(cue("fire_sources"), " ~ ")


def _place_texts() -> list[pl.Expr]:
    """The sentence left and right of the figure (its dateline aside), with war names blanked."""
    # "BEIRUT, Feb. 3, 2025 (AFP) - ...": where the story was filed is not where the victims were.
    dateline = pl.col("_dateline_length")
    left = Context.sentence.str.slice(dateline, (pl.col("pos") - dateline).clip(lower_bound=0))
    return [
        blank_war_names(left).alias("_place_left"),
        blank_war_names(Context.sentence.str.slice(pl.col("pos"))).alias("_place_right"),
    ]


def _place_distances() -> list[pl.Expr]:
    return [
        pl.min_horizontal(dist_left(pl.col("_place_left"), pattern), dist_right(pl.col("_place_right"), pattern)).alias(f"_place_{region}")
        for region, pattern in region_patterns().items()
    ]


def _soldiers() -> pl.Expr:
    """Soldiers are counted for Israel (the armies in this war that report their dead are
    Israel's); "349 of its soldiers" counts soldiers too."""
    first = pl.col("_first_words")
    owned = COUNTED.str.extract(r"^[ ]+of \S+((?:[ ]+[\p{L}'’]+){1,2})", 1)
    first = pl.when(COUNTED.str.contains(rule_regex("region_of_its_people"))).then(owned).otherwise(first).fill_null("")
    soldier = cue("soldier_nouns")
    return first.str.contains(soldier) | ((pl.col("_toll_after") | pl.col("_names_in_toll")) & COUNTED.str.contains(soldier))


def _attack_day_victims() -> pl.Expr:
    """A sentence naming the October 7 attack (not "since October 7") counts its victims for
    Israel, unless they are named Palestinians or fighters: "killing about 1,200 people". A place
    elsewhere than Israel nearer to the figure wins, unless the figure's own clause names the attack."""
    def names_attack(text: pl.Expr) -> pl.Expr:
        return text.str.replace_all(cue("region_since_attack_day"), " ~ ").str.contains(cue("region_attack_day"))

    own_clause = names_attack(pl.col("_left_clause") + " " + pl.col("_right_clause"))
    placed = pl.col("_cue_region").is_null() | (pl.col("_cue_region") == "israel") | own_clause
    return names_attack(Context.sentence) & placed & ~pl.col("_palestinian_people") & (pl.col("victim_group") != "fighters")


def _places() -> list[pl.Expr]:
    return [
        pick({r: pl.col(f"_place_{r}") for r in REGIONS}).alias("_cue_region"),
        COUNTED.str.contains(rule_regex("region_palestinian_people")).alias("_palestinian_people"),
        ((pl.col("_israeli") | _soldiers()) & ~pl.col("_first_words").str.contains(rule_regex("region_foreign_forces"))).alias("_israeli_side"),
    ]


def region() -> list[pl.Expr]:
    """Region is the population counted: Israeli victims and Israel's soldiers are Israel's
    wherever they fell (in Gaza, the West Bank or Lebanon); anyone else takes the nearest place."""
    return decide("region", [
        Choice("israeli_victims", pl.col("_israeli_side"), "israel"),
        Choice("attack_day_victims", pl.col("_attack_day_victims"), "israel"),
        Choice("nearest_place_word", pl.col("_cue_region").is_not_null(), pl.col("_cue_region")),
    ], None, "no_place_word")


def describe_regions(frame: pl.LazyFrame) -> pl.LazyFrame:
    """The region stage (reads the group stage's _counted_words, _first_words and _israeli)."""
    return (
        frame.with_columns(_place_texts())
        .with_columns(_place_distances())
        .with_columns(_places())
        .with_columns(_attack_day_victims().alias("_attack_day_victims"))
        .with_columns(region())
    )
