"""Ceasefire / hostage-deal negotiation events: one row per sentence and event type.

A sentence is an event when it holds a trigger of rule negotiation_events (talks held or
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

from orchestration.extraction.negotiation_cues import flag_rows
from orchestration.extraction.negotiation_roles import KEY, mention_roles, sentence_roles

EVENT_TYPES = [
    "talks_held", "talks_resumed", "delegation_sent", "proposal_made",
    "deal_agreed", "deal_rejected", "phone_call", "stalled",
]
EVENT_COLUMNS = [
    "event_id", "article_id", "event_type", "event_date", "event_date_basis", "location",
    "mediators", "parties", "participants", "sentence", "char_start", "char_end",
]


def _flags_where(frame: pl.DataFrame, where: str | None, rules: dict[str, list[tuple[str, str | None]]]) -> pl.DataFrame:
    """The frame with a flag per rule, searched only in the rows where column `where` holds
    (every row when None; false elsewhere), each back in its own row."""
    rows = frame.with_row_index("_row")
    found = flag_rows(rows.filter(where) if where else rows, rules)
    return frame.with_columns(
        pl.repeat(False, frame.height, dtype=pl.Boolean, eager=True).scatter(found["_row"], found[name]).alias(name)
        for name in rules
    )


def _flag_sentences(sentences: pl.DataFrame) -> pl.DataFrame:
    """One row per sentence with a boolean per event type (context already required).

    Cue-first: one search per language over every sentence finds those with a trigger, a word
    for talks or for mediation; the cue rules then read only those, and the context rule only
    them and their neighbours."""
    any_cue = [("negotiation_events", None), ("negotiation_talks_mention", None), ("negotiation_mediation", None)]
    frame = _flags_where(sentences.with_columns(pl.col("language").fill_null("en")).sort(KEY), None, {"_cue": any_cue})
    beside_cue = pl.col("_cue").shift(1).over("article_id") | pl.col("_cue").shift(-1).over("article_id")
    frame = frame.with_columns((pl.col("_cue") | beside_cue.fill_null(False)).alias("_read"))
    cue_rules = {t: [("negotiation_events", t)] for t in EVENT_TYPES}
    cue_rules |= {"_talks": [("negotiation_talks_mention", None)], "_mediation": [("negotiation_mediation", None)]}
    frame = _flags_where(frame, "_cue", cue_rules)
    frame = _flags_where(frame, "_read", {"_context": [("negotiation_context", None)]})
    context = pl.col("_context") | pl.col("_talks")  # a word for talks is its own context
    near = (
        context
        | context.shift(1).over("article_id").fill_null(False)
        | context.shift(-1).over("article_id").fill_null(False)
    )
    weak = pl.col("_talks") & ~pl.any_horizontal(EVENT_TYPES)
    frame = frame.with_columns(near.alias("_near"), (pl.col("talks_held") | weak).alias("talks_held"))
    return frame.with_columns(pl.col(t) & pl.col("_near") for t in EVENT_TYPES)


def _role_sentences(flags: pl.DataFrame) -> pl.DataFrame:
    """The sentences whose mentions can matter: events, and sentences about mediation (a state
    the article calls a mediator, or lists as a side, anywhere counts in every event)."""
    return flags.filter(pl.any_horizontal(EVENT_TYPES) | pl.col("_mediation"))


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
    roles = sentence_roles(mention_roles(_role_sentences(flags), mentions))
    events = (
        flags.unpivot(index=KEY, on=EVENT_TYPES, variable_name="event_type", value_name="_hit")
        .filter(pl.col("_hit"))
        .join(flags.select(*KEY, "sentence", "sent_start", "sent_end", "sentence_date", "sentence_date_basis"),
              on=KEY)
        .join(sentences.select(*KEY, "published_on") if "published_on" in sentences.columns
              else flags.select(*KEY, pl.lit(None, dtype=pl.Date).alias("published_on")), on=KEY, how="left")
        .join(roles, on=KEY, how="left")
        # One event per venue: talks "in Doha and Cairo" were held in both places.
        .explode("locations")
        .rename({"locations": "location"})
        .with_columns(pl.int_range(pl.len()).over(*KEY, "event_type").alias("_venue_rank"))
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
