"""The extraction library: polars frames in, fact frames out. No Dagster, no DuckDB here.

    articles (article_id, language, body, published_on)
      -> sentences -> dated sentences -> number mentions -> classified figures
      -> casualty_facts, hostage_facts, entity_mentions, negotiation_events
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from orchestration.extraction.lexicon import LEXICON_DIR


SERIES_CSV = Path(__file__).resolve().parents[2] / "dbt_project" / "seeds" / "gaza_moh_daily.csv"


def _fingerprint() -> str:
    """Version of the extractor: a hash of its code, its lexicon and the reference series it
    reads as evidence (series_evidence.py), so any change re-extracts."""
    digest = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for path in sorted([*here.glob("*.py"), *LEXICON_DIR.rglob("*"), SERIES_CSV]):
        if path.is_file():
            digest.update(str(path.relative_to(path.parent.parent)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


EXTRACTOR_VERSION = _fingerprint()


@dataclass(frozen=True)
class ExtractedFacts:
    casualty_facts: pl.DataFrame
    hostage_facts: pl.DataFrame
    negotiation_events: pl.DataFrame
    entity_mentions: pl.DataFrame

    def tables(self) -> dict[str, pl.DataFrame]:
        return {
            "extracted.casualty_facts": self.casualty_facts,
            "extracted.hostage_facts": self.hostage_facts,
            "extracted.negotiation_events": self.negotiation_events,
            "extracted.entity_mentions": self.entity_mentions,
        }


def extract_facts(articles: pl.DataFrame, series: pl.DataFrame | None = None) -> ExtractedFacts:
    """articles: article_id, language, body, published_on (pl.Date, may be null); series: the
    Ministry of Health series (reference_dating.load_series), evidence for reading figures."""
    from orchestration.extraction.dating import sentence_dates
    from orchestration.extraction.deal_groups import with_deal_groups
    from orchestration.extraction.entities import entity_mentions
    from orchestration.extraction.facts import figure_facts, sentence_reporters
    from orchestration.extraction.figure_attributes import sentence_places
    from orchestration.extraction.figures import classify_figures
    from orchestration.extraction.negotiations import negotiation_events
    from orchestration.extraction.numbers import find_numbers
    from orchestration.extraction.sentences import split_sentences
    from orchestration.extraction.series_evidence import with_series_evidence

    frame = articles.select("article_id", "language", "body", pl.col("published_on").cast(pl.Date))
    sentences = sentence_dates(split_sentences(frame))
    figures = classify_figures(find_numbers(sentence_places(sentences)))
    figures = with_series_evidence(with_deal_groups(figures, sentences), series)
    casualties, hostages = figure_facts(figures, sentence_reporters(sentences))
    mentions = entity_mentions(sentences)
    events = negotiation_events(sentences, mentions)
    return ExtractedFacts(casualties, hostages, events, mentions)
