"""Matches that stand between word edges, with exact character offsets, found without `\\b`.

Rust's Unicode `\\b` takes the regex engine off its DFA (on the number pattern, forty times
slower). Here the edges are characters instead: the one before a match (LEAD, or the start of
the text) and the one after it (TRAIL, or the end), written into the caller's pattern where the
match must end at a word edge. A consumed edge changes nothing but in one case: when it is also
the edge the next match needs ("10-12", "Israel-Hamas", "U.S.-Israel"), the scan has used it up
and misses that match. Rows where a match could start there are found and scanned again one
match at a time, from just after the previous match, which is what a `\\b` scan does.

Matches are marked with the NUL-marker split of sentences.py: "<lead>\\x00<match>\\x01<trail>",
split on \\x00; a match's offset is the character length of the text before it.
"""

from __future__ import annotations

import polars as pl

LEAD = r"(?P<lead>^|[^\w])"
TRAIL = r"(?P<trail>[^\w]|$)"
_START, _END = "\x00", "\x01"
COLUMNS = ["_row", "_pos", "_match"]


def word_matches(texts: pl.Series, core: str, replacement: str) -> pl.DataFrame:
    """Every match of `core` in each text, leftmost first and not overlapping, where a match
    starts with a word character after a non-word one (or at the start): `_row` (index in
    `texts`), `_pos` (character offset), `_match` (the matched text, edges excluded).

    `core` holds TRAIL where a match must end at a word edge (it may have no other group named
    lead or trail); `replacement` spells the match from the core's groups ("${m}")."""
    frame = pl.DataFrame({"_text": texts.fill_null("")}).with_row_index("_row")
    found = _scan_all(frame, core, replacement)
    redo = _rows_to_rescan(frame, found, core)
    if redo.height:
        found = pl.concat([found.join(redo, on="_row", how="anti"), _scan_one_by_one(redo, core)])
    return found.sort("_row", "_pos").select(COLUMNS)


def _scan_all(frame: pl.DataFrame, core: str, replacement: str) -> pl.DataFrame:
    """One pass over every text: the matches a `\\b` scan finds, save those right after an edge
    the previous match consumed."""
    marked = pl.col("_text").str.replace_all(LEAD + "(?:" + core + ")", "${lead}" + _START + replacement + _END + "${trail}")
    length = pl.col("_text").str.len_chars().cast(pl.Int64)
    # Offsets as one running sum over every piece of every text that holds a match, less the
    # length of those texts before (a text's pieces add up to its length).
    pieces = (
        frame.select("_row", marked.alias("_marked"), length.alias("_length"))
        .filter(pl.col("_marked").str.contains(_START, literal=True))
        .select("_row", pl.col("_marked").str.split(_START).alias("_piece"), (pl.col("_length").cum_sum() - pl.col("_length")).alias("_base"))
        .with_columns(pl.int_ranges(pl.col("_piece").list.len()).alias("_k"))
        .explode("_piece", "_k")
        .with_columns(pl.col("_piece").str.replace_all(_END, "", literal=True).str.len_chars().cast(pl.Int64).alias("_n"))
        .with_columns((pl.col("_n").cum_sum() - pl.col("_n") - pl.col("_base")).alias("_pos"))
    )
    return (
        pieces.filter(pl.col("_k") > 0)
        .with_columns(pl.col("_piece").str.split(_END).list.first().alias("_match"))
        .with_columns(
            # the edge after the match, when it consumed one: the first character after _END
            pl.col("_piece").str.split(_END).list.get(1, null_on_oob=True).str.slice(0, 1).alias("_trail")
        )
        .select("_row", "_pos", "_match", "_trail")
    )


def _rows_to_rescan(frame: pl.DataFrame, found: pl.DataFrame, core: str) -> pl.DataFrame:
    """Rows where a match could start at an edge the one-pass scan could not use: the last
    character of a match, or the trail it consumed, followed by a match of `core`."""
    after = (pl.col("_pos") + pl.col("_match").str.len_chars()).cast(pl.Int64)
    could_start = "^[^\\w](?:" + core + ")"
    suspects = found.join(frame, on="_row").with_columns(
        pl.col("_text").str.slice(after - 1).str.contains(could_start).alias("_at_end"),
        ((pl.col("_trail").str.len_chars() > 0) & pl.col("_text").str.slice(after).str.contains(could_start))
        .alias("_after_trail"),
    )
    rows = suspects.filter(pl.col("_at_end") | pl.col("_after_trail")).select("_row").unique()
    return frame.join(rows, on="_row", how="semi")


def _scan_one_by_one(frame: pl.DataFrame, core: str) -> pl.DataFrame:
    """The exact scan for the few rows that need it: each round finds the first match after the
    previous one (whose last character, or the text's start, is the left edge)."""
    first = "(?s)^(?P<skip>.*?)" + LEAD + "(?P<whole>" + core + ")"
    state = frame.with_columns(pl.lit(0, dtype=pl.Int64).alias("_offset"))
    rounds = []
    while state.height:
        groups = pl.col("_text").str.slice(pl.col("_offset")).str.extract_groups(first)
        step = state.with_columns(groups.alias("_g")).filter(pl.col("_g").struct.field("whole").is_not_null())
        step = step.with_columns(
            (pl.col("_offset") + pl.col("_g").struct.field("skip").str.len_chars()
             + pl.col("_g").struct.field("lead").str.len_chars()).cast(pl.Int64).alias("_pos"),
            pl.col("_g").struct.field("whole").str.slice(
                0, pl.col("_g").struct.field("whole").str.len_chars() - pl.col("_g").struct.field("trail").fill_null("").str.len_chars()
            ).alias("_match"),
        )
        rounds.append(step.select("_row", "_pos", "_match"))
        state = step.select("_row", "_text", (pl.col("_pos") + pl.col("_match").str.len_chars()).cast(pl.Int64).alias("_offset"))
    return pl.concat(rounds).with_columns(pl.lit(None, dtype=pl.String).alias("_trail")) if rounds else \
        pl.DataFrame(schema={"_row": pl.UInt32, "_pos": pl.Int64, "_match": pl.String, "_trail": pl.String})
