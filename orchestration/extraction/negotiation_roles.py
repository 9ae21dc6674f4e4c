"""Who does what in a negotiation sentence: the roles of its entity mentions, then per sentence
the venues, mediators, parties and participants (see negotiations.py for the rules in words).

Each mention is placed in its sentence with the text around it (before, after, the gap to the
previous mention), the state it acts for (itself, or the affiliation of a person or
organisation), whether a locative governs it, and which list of mentions it belongs to (a run
separated only by commas and "and"), since a locative or a "between" governs a whole list.
"""

from __future__ import annotations

import polars as pl

from orchestration.extraction.entities import gazetteer, surface_forms
from orchestration.extraction.negotiation_cues import matches, venues

KEY = ["article_id", "sentence_id"]


def _states() -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """From the gazetteer: each entity's affiliation, role and region; the states by name with
    their role; the mediator states' names as the affiliation of what lies in them (hosts)."""
    gaz = gazetteer()
    entities = gaz.select("entity_id", "affiliation", "role", "region").unique("entity_id", keep="first")
    states = gaz.filter(pl.col("role").is_not_null()).select(
        pl.col("canonical_name").alias("_acts_for"), pl.col("role").alias("_state_role"),
        pl.col("entity_type").alias("_state_type"),
    ).unique("_acts_for")
    hosts = states.filter(pl.col("_state_role") == "mediator_state").select(
        pl.col("_acts_for").alias("affiliation"), pl.col("_acts_for").alias("_host_state")
    )
    return entities, states, hosts


def _placed(flags: pl.DataFrame, mentions: pl.DataFrame, entities: pl.DataFrame) -> pl.DataFrame:
    """Mentions with their entity's data, in the sentence they lie in, in text order."""
    spans = flags.select(*KEY, "language", "sentence", "sent_start", "sent_end", "_mediation")
    # Each mention belongs to the last sentence starting at or before it (an as-of join).
    return (
        mentions.join(entities, on="entity_id", how="left")
        .sort("char_start")
        .join_asof(
            spans.sort("sent_start"), left_on="char_start", right_on="sent_start", by="article_id",
            check_sortedness=False,  # sorted on the whole column, hence within every article
        )
        .filter(pl.col("char_end") <= pl.col("sent_end"))
        .join(surface_forms(), on=["language", "surface"], how="left")
        .sort(*KEY, "char_start")
    )


def _with_surroundings(m: pl.DataFrame, states: pl.DataFrame) -> pl.DataFrame:
    """The text before and after each mention and the gap from the previous one; the state it
    acts for (a country or a role-holding entity itself, a person or organisation through its
    affiliation), with that state's role."""
    prev_end = pl.col("char_end").shift(1).over(KEY)
    return m.with_columns(
        pl.col("sentence").str.slice(0, pl.col("char_start") - pl.col("sent_start")).alias("_before"),
        pl.col("sentence").str.slice(pl.col("char_end") - pl.col("sent_start")).alias("_after"),
        pl.col("sentence").str.slice(prev_end - pl.col("sent_start"), pl.col("char_start") - prev_end).alias("_gap"),
        pl.when((pl.col("entity_type") == "country") | pl.col("role").is_not_null())
        .then(pl.col("canonical_name"))
        .when(pl.col("entity_type").is_in(["person", "organization"]))
        .then(pl.col("affiliation"))
        .alias("_acts_for"),
    ).join(states, on="_acts_for", how="left")


def _venue_terms(venue: dict) -> tuple[pl.Expr, pl.Expr, pl.Expr, pl.Expr]:
    """(located, mediator_country, can_be_venue, venue_name) for each mention."""
    located = (
        matches("negotiation_location_before", pl.col("_before"))
        | matches("negotiation_location_after", pl.col("_after"))
    ) & ~matches("negotiation_modifier_after", pl.col("_after"))
    mediator_country = matches("negotiation_mediators_in_before", pl.col("_before")) & (pl.col("entity_type") == "country")
    seats = venue.get("seats") or {}
    # A venue is named by a place or a country ("in Qatar"), never by its adjective ("in Israeli
    # jails", "the Qatari capital") or an office of it ("to the US envoy"), or by an institution
    # that sits in a place ("at the White House").
    venue_name = pl.col("canonical_name").replace_strict(seats, default=None, return_dtype=pl.String) if seats \
        else pl.lit(None, dtype=pl.String)
    can_be_venue = (
        pl.col("entity_type").is_in(["place", "country"]) & ~pl.col("form").is_in(["adjective", "title"]).fill_null(False)
    ) | venue_name.is_not_null()
    return located & ~mediator_country, mediator_country, can_be_venue, venue_name


def _with_lists_and_venues(m: pl.DataFrame, hosts: pl.DataFrame) -> pl.DataFrame:
    """Which list each mention is in, whether it is a venue, and what opens its list."""
    venue = venues()
    located, mediator_country, can_be_venue, venue_name = _venue_terms(venue)
    # A list is a run of mentions separated only by commas/"and"; a locative governs all of it
    # ("in Doha and Cairo"), "between" opens a list of sides in a sentence about mediation, and
    # "brokered by" / "با میانجی گری" / "بوساطة" opens a list of mediators.
    m = m.with_columns(
        (matches("negotiation_list_gap", pl.col("_gap")) & pl.col("_gap").is_not_null()).alias("_in_list"),
    ).with_columns((~pl.col("_in_list")).cum_sum().over(KEY).alias("_list"))
    # A party's own country is where a visitor goes ("flew to Israel"), not where talks are held:
    # those are named by its cities (Jerusalem, Tel Aviv).
    party_country = (pl.col("entity_type") == "country") & pl.col("role").is_in(venue["non_venue_roles"]).fill_null(False)
    return m.with_columns(
        (
            # the first item of the list is itself a venue governed by the locative
            can_be_venue
            & (can_be_venue & located).first().over(*KEY, "_list")
            & ~party_country
            & ~pl.col("region").is_in(venue["non_venue_regions"]).fill_null(False)
        ).alias("_is_location"),
        pl.coalesce(venue_name, pl.col("canonical_name")).alias("_venue"),
        matches("negotiation_sides_before", pl.col("_before")).alias("_opens_list"),
        (matches("negotiation_agents_before", pl.col("_before")) | mediator_country).alias("_opens_agents"),
        (
            matches("negotiation_not_participant_before", pl.col("_before"))
            | matches("negotiation_not_participant_after", pl.col("_after"))
        ).alias("_not_participant"),
    ).join(hosts, on="affiliation", how="left")


def _with_mediator_and_host(m: pl.DataFrame) -> pl.DataFrame:
    """Side, agent and actor flags, then the mediator a mention stands for and the host state."""
    m = m.with_columns(
        (pl.col("_opens_list").first().over(*KEY, "_list") & pl.col("_mediation")).alias("_side"),
        pl.col("_opens_agents").first().over(*KEY, "_list").alias("_agent"),
        (~pl.col("_is_location") & pl.col("_acts_for").is_not_null()).alias("_actor"),
    )
    return m.with_columns(
        pl.when(pl.col("_state_role") == "mediator_state").then(pl.col("_acts_for"))
        .when(pl.col("_state_role") == "mediator_other").then(pl.lit("other"))
        # A state without the mediator role that brokers ("brokered by Iran and Egypt") is "other".
        .when(pl.col("_agent") & pl.col("_actor") & pl.col("_state_role").is_null()).then(pl.lit("other"))
        .alias("_mediator"),
        # The host of the talks: the mediator-role state a venue lies in ("in Doha": Qatar).
        pl.when(pl.col("_is_location") & (pl.col("entity_type") == "place")).then(pl.col("_host_state"))
        .alias("_host"),
    )


def mention_roles(flags: pl.DataFrame, mentions: pl.DataFrame) -> pl.DataFrame:
    """Mentions placed in their sentence, with what each does there: venue, host, side, actor,
    agent of the mediation, participant."""
    entities, states, hosts = _states()
    placed = _with_surroundings(_placed(flags, mentions, entities), states)
    return _with_mediator_and_host(_with_lists_and_venues(placed, hosts))


def sentence_roles(m: pl.DataFrame) -> pl.DataFrame:
    """Per sentence: venues (a list), mediators, parties, participants (lists sorted or in text order)."""
    actors = m.filter(pl.col("_actor"))
    party_actors = actors.filter(pl.col("_state_role") == "party")
    parties = party_actors.group_by(KEY).agg(pl.col("_acts_for").unique().sort().alias("parties"))
    # Only a state party (Israel) has bilateral diplomacy; a state dealing with Hamas alone is brokering.
    state_party = party_actors.filter(pl.col("_state_type") == "country").select(
        *KEY, pl.lit(True).alias("_has_party")
    ).unique()
    candidates = pl.concat([
        actors.filter(pl.col("_mediator").is_not_null() & ~pl.col("_side"))
        .select(*KEY, "_mediator", "_mediation", "_agent"),
        m.filter(pl.col("_host").is_not_null())
        .select(*KEY, pl.col("_host").alias("_mediator"), "_mediation", pl.lit(False).alias("_agent")),
    ]).unique()
    sides = m.filter(pl.col("_side") & pl.col("_mediator").is_not_null()).select("article_id", "_mediator").unique()
    named = candidates.filter(pl.col("_mediation")).select("article_id", "_mediator").unique()
    mediators = (
        candidates.join(sides, on=["article_id", "_mediator"], how="anti")
        .join(state_party, on=KEY, how="left")
        .join(named.with_columns(pl.lit(True).alias("_named")), on=["article_id", "_mediator"], how="left")
        .join(parties.select(*KEY, pl.col("parties").list.len().alias("_n_parties")), on=KEY, how="left")
        .with_columns(pl.col("_mediator").n_unique().over(KEY).alias("_n_states"))
        .filter(
            pl.col("_mediation")
            | pl.col("_agent")
            | (pl.col("_n_states") >= 2)
            # talking with both sides ("Qatar held talks with Hamas leaders and Israeli officials")
            | (pl.col("_n_parties") >= 2)
            | pl.col("_has_party").is_null()
            | pl.col("_named").fill_null(False)
        )
        .group_by(KEY)
        .agg(pl.col("_mediator").unique().sort().alias("mediators"))
    )
    participants = (
        m.filter((pl.col("entity_type") == "person") & ~pl.col("_not_participant"))
        .group_by(KEY, maintain_order=True)
        .agg(pl.col("canonical_name").unique(maintain_order=True).alias("participants"))
    )
    # Every venue of the sentence ("in Cairo on Monday and in Jerusalem later"); a city makes
    # its country redundant, so countries count only where no place is named.
    venues = m.filter(pl.col("_is_location")).with_columns(
        (pl.col("entity_type") == "country").alias("_is_country")
    )
    location = (
        venues.filter(~pl.col("_is_country") | ~(~pl.col("_is_country")).any().over(KEY))
        .sort(*KEY, "char_start")
        .group_by(KEY, maintain_order=True)
        .agg(pl.col("_venue").unique(maintain_order=True).alias("locations"))
    )
    out = m.select(KEY).unique()
    for part in (location, mediators, parties, participants):
        out = out.join(part, on=KEY, how="left")
    return out
