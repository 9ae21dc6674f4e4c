"""Ceasefire / hostage-deal negotiation events: one row per sentence and event type.

A sentence is an event when it holds a trigger of lexicon/negotiation.yaml (talks held or
resumed, a delegation sent, a proposal, a deal agreed or rejected, a phone call, a stall) and a
negotiation context (hostages, ceasefire, deal, Hamas, mediators...) appears in it or in a
sentence next to it: articles state the context once and then narrate. A sentence that only
speaks of talks or mediation ("as negotiations unfold", "Qatar and Egypt have been acting as
mediators") is evidence that talks were held, so it yields talks_held when no other trigger
fired.

Who and where come from the entity mentions inside the sentence:
- location: a place or country governed by a locative ("in Doha", "به قطر", "بالدوحة") or naming
  the talks ("the Qatar talks"), outside the war zone; a city is preferred to its country.
- parties: Israel and Hamas acting in the sentence, themselves or through their people and
  organisations (Netanyahu, Mossad, al-Hayya).
- participants: the people named in the sentence.
- mediators: the mediator-role states of the gazetteer (Qatar, Egypt, United States, Turkey)
  acting in the sentence, themselves or through their officials, when the sentence shows them
  brokering: it speaks of mediation, or two of them act together, or both sides act in it, or no party acts in it (an
  envoy working on talks alone), or the article calls that state a mediator elsewhere. A state
  listed after "between" in a mediation sentence ("mediators between Israel, the United States,
  and Hamas") is a side of that article's talks, never its mediator. So the US meeting Israel
  alone (Netanyahu in Washington) is not mediation, while the US with Qatar is.
"""

from __future__ import annotations

import hashlib

import polars as pl

from orchestration.extraction.entities import LANGUAGES, gazetteer, surface_lookup
from orchestration.extraction.lexicon import load_lexicon
from orchestration.extraction.patterns import respell

EVENT_TYPES = [
    "talks_held", "talks_resumed", "delegation_sent", "proposal_made",
    "deal_agreed", "deal_rejected", "phone_call", "stalled",
]
EVENT_COLUMNS = [
    "event_id", "article_id", "event_type", "event_date", "event_date_basis", "location",
    "mediators", "parties", "participants", "sentence", "char_start", "char_end",
]
_KEY = ["article_id", "sentence_id"]
# How cue lists are bounded per language (see the header of lexicon/negotiation.yaml): Arabic
# words may carry the proclitics و ف ب ل ك and the article ال in front of a cue.
_BOUNDED = {
    "en": (r"(?i:\b(?:", r")\b)"),
    "fa": (r"\b(?:", ")"),
    "ar": (r"(?:^|[^\p{L}\p{M}])[وفبلك]{0,2}(?:ال)?(?:", ")"),
}
_ANCHORED = {"en": ("(?i:", ")"), "fa": ("(?:", ")"), "ar": ("(?:", ")")}


def _cues() -> dict:
    return load_lexicon()["negotiation_cues"]


def _matches(by_language: dict, text: pl.Expr, anchored: bool = False) -> pl.Expr:
    """True where `text` matches the cue list of its row's language (column `language`)."""
    wrap = _ANCHORED if anchored else _BOUNDED
    expr = pl.lit(False)
    for lang in LANGUAGES:
        items = sorted({respell(str(e), lang) for e in (by_language.get(lang) or [])}, key=len, reverse=True)
        if items:
            pattern = wrap[lang][0] + "|".join(items) + wrap[lang][1]
            expr = pl.when(pl.col("language") == lang).then(text.str.contains(pattern)).otherwise(expr)
    return expr


def _flag_sentences(sentences: pl.DataFrame) -> pl.DataFrame:
    """One row per sentence with a boolean per event type (context already required)."""
    cues, text = _cues(), pl.col("sentence")
    frame = sentences.with_columns(pl.col("language").fill_null("en")).sort(_KEY).with_columns(
        *[_matches(cues["events"][t], text).alias(t) for t in EVENT_TYPES],
        _matches(cues["talks_mention"], text).alias("_talks"),
        _matches(cues["context"], text).alias("_context"),
        _matches(cues["mediation"], text).alias("_mediation"),
    )
    context = pl.col("_context") | pl.col("_talks")  # a word for talks is its own context
    near = (
        context
        | context.shift(1).over("article_id").fill_null(False)
        | context.shift(-1).over("article_id").fill_null(False)
    )
    weak = pl.col("_talks") & ~pl.any_horizontal(EVENT_TYPES)
    frame = frame.with_columns(near.alias("_near"), (pl.col("talks_held") | weak).alias("talks_held"))
    return frame.with_columns(pl.col(t) & pl.col("_near") for t in EVENT_TYPES)


def _mention_roles(flags: pl.DataFrame, mentions: pl.DataFrame) -> pl.DataFrame:
    """Mentions placed in their sentence, with what each does there: venue, host, side, actor,
    agent of the mediation, participant."""
    cues = _cues()
    gaz = gazetteer()
    entities = gaz.select("entity_id", "affiliation", "role", "region").unique("entity_id", keep="first")
    states = gaz.filter(pl.col("role").is_not_null()).select(
        pl.col("canonical_name").alias("_acts_for"), pl.col("role").alias("_state_role"),
        pl.col("entity_type").alias("_state_type"),
    ).unique("_acts_for")
    hosts = states.filter(pl.col("_state_role") == "mediator_state").select(
        pl.col("_acts_for").alias("affiliation"), pl.col("_acts_for").alias("_host_state")
    )
    forms = surface_lookup().select("language", "surface", "form")
    seats = cues.get("seats") or {}
    spans = flags.select(*_KEY, "language", "sentence", "sent_start", "sent_end", "_mediation")
    # Each mention belongs to the last sentence starting at or before it (an as-of join).
    m = (
        mentions.join(entities, on="entity_id", how="left")
        .sort("char_start")
        .join_asof(
            spans.sort("sent_start"), left_on="char_start", right_on="sent_start", by="article_id",
            check_sortedness=False,  # sorted on the whole column, hence within every article
        )
        .filter(pl.col("char_end") <= pl.col("sent_end"))
        .join(forms, on=["language", "surface"], how="left")
        .sort(*_KEY, "char_start")
    )
    prev_end = pl.col("char_end").shift(1).over(_KEY)
    m = m.with_columns(
        pl.col("sentence").str.slice(0, pl.col("char_start") - pl.col("sent_start")).alias("_before"),
        pl.col("sentence").str.slice(pl.col("char_end") - pl.col("sent_start")).alias("_after"),
        pl.col("sentence").str.slice(prev_end - pl.col("sent_start"), pl.col("char_start") - prev_end).alias("_gap"),
        pl.when((pl.col("entity_type") == "country") | pl.col("role").is_not_null())
        .then(pl.col("canonical_name"))
        .when(pl.col("entity_type").is_in(["person", "organization"]))
        .then(pl.col("affiliation"))
        .alias("_acts_for"),
    ).join(states, on="_acts_for", how="left")
    located = (
        _matches(cues["location_before"], pl.col("_before"), anchored=True)
        | _matches(cues["location_after"], pl.col("_after"), anchored=True)
    ) & ~_matches(cues["modifier_after"], pl.col("_after"), anchored=True)
    mediator_countries = _matches(cues["mediators_in_before"], pl.col("_before"), anchored=True) & (pl.col("entity_type") == "country")
    located = located & ~mediator_countries
    # A venue is named by a place or a country ("in Qatar"), never by its adjective ("in Israeli
    # jails", "the Qatari capital"), or by an institution that sits in a place ("at the White House").
    venue_name = pl.col("canonical_name").replace_strict(seats, default=None, return_dtype=pl.String) if seats \
        else pl.lit(None, dtype=pl.String)
    can_be_venue = (
        pl.col("entity_type").is_in(["place", "country"]) & (pl.col("form") != "adjective").fill_null(True)
    ) | venue_name.is_not_null()
    # A list is a run of mentions separated only by commas/"and"; a locative governs all of it
    # ("in Doha and Cairo"), "between" opens a list of sides in a sentence about mediation, and
    # "brokered by" / "با میانجی گری" / "بوساطة" opens a list of mediators.
    m = m.with_columns(
        (_matches(cues["list_gap"], pl.col("_gap"), anchored=True) & pl.col("_gap").is_not_null()).alias("_in_list"),
    ).with_columns((~pl.col("_in_list")).cum_sum().over(_KEY).alias("_list"))
    # A party's own country is where a visitor goes ("flew to Israel"), not where talks are held:
    # those are named by its cities (Jerusalem, Tel Aviv).
    party_country = (pl.col("entity_type") == "country") & pl.col("role").is_in(cues["non_venue_roles"]).fill_null(False)
    m = m.with_columns(
        (
            # the first item of the list is itself a venue governed by the locative
            can_be_venue
            & (can_be_venue & located).first().over(*_KEY, "_list")
            & ~party_country
            & ~pl.col("region").is_in(cues["non_venue_regions"]).fill_null(False)
        ).alias("_is_location"),
        pl.coalesce(venue_name, pl.col("canonical_name")).alias("_venue"),
        _matches(cues["sides_before"], pl.col("_before"), anchored=True).alias("_opens_list"),
        (_matches(cues["agents_before"], pl.col("_before"), anchored=True) | mediator_countries).alias("_opens_agents"),
        (
            _matches(cues["not_participant_before"], pl.col("_before"), anchored=True)
            | _matches(cues["not_participant_after"], pl.col("_after"), anchored=True)
        ).alias("_not_participant"),
    ).join(hosts, on="affiliation", how="left")
    m = m.with_columns(
        (pl.col("_opens_list").first().over(*_KEY, "_list") & pl.col("_mediation")).alias("_side"),
        pl.col("_opens_agents").first().over(*_KEY, "_list").alias("_agent"),
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


def _sentence_roles(m: pl.DataFrame) -> pl.DataFrame:
    """Per sentence: venues (a list), mediators, parties, participants (lists sorted or in text order)."""
    actors = m.filter(pl.col("_actor"))
    party_actors = actors.filter(pl.col("_state_role") == "party")
    parties = party_actors.group_by(_KEY).agg(pl.col("_acts_for").unique().sort().alias("parties"))
    # Only a state party (Israel) has bilateral diplomacy; a state dealing with Hamas alone is brokering.
    state_party = party_actors.filter(pl.col("_state_type") == "country").select(
        *_KEY, pl.lit(True).alias("_has_party")
    ).unique()
    candidates = pl.concat([
        actors.filter(pl.col("_mediator").is_not_null() & ~pl.col("_side"))
        .select(*_KEY, "_mediator", "_mediation", "_agent"),
        m.filter(pl.col("_host").is_not_null())
        .select(*_KEY, pl.col("_host").alias("_mediator"), "_mediation", pl.lit(False).alias("_agent")),
    ]).unique()
    sides = m.filter(pl.col("_side") & pl.col("_mediator").is_not_null()).select("article_id", "_mediator").unique()
    named = candidates.filter(pl.col("_mediation")).select("article_id", "_mediator").unique()
    mediators = (
        candidates.join(sides, on=["article_id", "_mediator"], how="anti")
        .join(state_party, on=_KEY, how="left")
        .join(named.with_columns(pl.lit(True).alias("_named")), on=["article_id", "_mediator"], how="left")
        .join(parties.select(*_KEY, pl.col("parties").list.len().alias("_n_parties")), on=_KEY, how="left")
        .with_columns(pl.col("_mediator").n_unique().over(_KEY).alias("_n_states"))
        .filter(
            pl.col("_mediation")
            | pl.col("_agent")
            | (pl.col("_n_states") >= 2)
            # talking with both sides ("Qatar held talks with Hamas leaders and Israeli officials")
            | (pl.col("_n_parties") >= 2)
            | pl.col("_has_party").is_null()
            | pl.col("_named").fill_null(False)
        )
        .group_by(_KEY)
        .agg(pl.col("_mediator").unique().sort().alias("mediators"))
    )
    participants = (
        m.filter((pl.col("entity_type") == "person") & ~pl.col("_not_participant"))
        .group_by(_KEY, maintain_order=True)
        .agg(pl.col("canonical_name").unique(maintain_order=True).alias("participants"))
    )
    # Every venue of the sentence ("in Cairo on Monday and in Jerusalem later"); a city makes
    # its country redundant, so countries count only where no place is named.
    venues = m.filter(pl.col("_is_location")).with_columns(
        (pl.col("entity_type") == "country").alias("_is_country")
    )
    location = (
        venues.filter(~pl.col("_is_country") | ~(~pl.col("_is_country")).any().over(_KEY))
        .sort(*_KEY, "char_start")
        .group_by(_KEY, maintain_order=True)
        .agg(pl.col("_venue").unique(maintain_order=True).alias("locations"))
    )
    out = m.select(_KEY).unique()
    for part in (location, mediators, parties, participants):
        out = out.join(part, on=_KEY, how="left")
    return out


def _event_id(article_id: pl.Expr, sentence_id: pl.Expr, event_type: pl.Expr, venue: pl.Expr) -> pl.Expr:
    """Stable across runs and polars versions (polars' own hash is not). `venue` is null for a
    sentence's first venue, so a one-venue event keeps the id it always had."""
    joined = pl.concat_str([article_id, sentence_id.cast(pl.String), event_type], separator="|")
    joined = pl.when(venue.is_null()).then(joined).otherwise(pl.concat_str([joined, venue], separator="|"))
    return joined.map_elements(lambda t: hashlib.sha256(t.encode()).hexdigest()[:16], return_dtype=pl.String)


def negotiation_events(sentences: pl.DataFrame, mentions: pl.DataFrame) -> pl.DataFrame:
    """sentences: article_id, sentence_id, sentence, sent_start, sent_end, language, and the
    dating module's sentence_date / sentence_date_basis (null / "unknown" when absent).
    mentions: extracted.entity_mentions of the same articles.

    Returns extracted.negotiation_events (columns EVENT_COLUMNS), ordered by article and text.
    """
    if "sentence_date" not in sentences.columns:
        sentences = sentences.with_columns(pl.lit(None, dtype=pl.Date).alias("sentence_date"))
    if "sentence_date_basis" not in sentences.columns:
        sentences = sentences.with_columns(pl.lit(None, dtype=pl.String).alias("sentence_date_basis"))
    if "language" not in sentences.columns:
        sentences = sentences.with_columns(pl.lit("en").alias("language"))
    flags = _flag_sentences(sentences)
    roles = _sentence_roles(_mention_roles(flags, mentions))
    events = (
        flags.unpivot(index=_KEY, on=EVENT_TYPES, variable_name="event_type", value_name="_hit")
        .filter(pl.col("_hit"))
        .join(flags.select(*_KEY, "sentence", "sent_start", "sent_end", "sentence_date", "sentence_date_basis"),
              on=_KEY)
        .join(sentences.select(*_KEY, "published_on") if "published_on" in sentences.columns
              else flags.select(*_KEY, pl.lit(None, dtype=pl.Date).alias("published_on")), on=_KEY, how="left")
        .join(roles, on=_KEY, how="left")
        # One event per venue: talks "in Doha and Cairo" were held in both places.
        .explode("locations")
        .rename({"locations": "location"})
        .with_columns(pl.int_range(pl.len()).over(*_KEY, "event_type").alias("_venue_rank"))
    )
    empty = pl.lit([], dtype=pl.List(pl.String))
    return events.with_columns(
        _event_id(
            pl.col("article_id"), pl.col("sentence_id"), pl.col("event_type"),
            pl.when(pl.col("_venue_rank") > 0).then(pl.col("location")),
        ).alias("event_id"),
        # A date after the article's own is a plan ("leaves office on 20 January"), not when this was said.
        pl.when(pl.col("sentence_date") > pl.col("published_on")).then(pl.col("published_on"))
        .otherwise(pl.col("sentence_date")).cast(pl.Date).alias("event_date"),
        pl.when(pl.col("sentence_date") > pl.col("published_on")).then(pl.lit("article_date"))
        .otherwise(pl.col("sentence_date_basis")).fill_null("unknown").alias("event_date_basis"),
        *[pl.col(c).fill_null(empty) for c in ("mediators", "parties", "participants")],
        pl.col("sent_start").cast(pl.Int64).alias("char_start"),
        pl.col("sent_end").cast(pl.Int64).alias("char_end"),
        pl.col("event_type").replace_strict(EVENT_TYPES, range(len(EVENT_TYPES))).alias("_order"),
    ).sort("article_id", "char_start", "_order", "_venue_rank").select(EVENT_COLUMNS)
