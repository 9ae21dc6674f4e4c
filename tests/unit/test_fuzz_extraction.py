"""Hostile text through the extraction library (issue 11, "Faults and bad input").

About 2,500 texts, the same on every run (fixed seeds): random soup of mixed scripts, digits of
three systems, zero-width and direction marks and control characters; sentences holding numbers
of 2^63 and more, digit runs with separators, runs of number words; sentences of the seeds and
of corpora/corpus mutated (characters inserted and deleted, digits re-written, numbers made huge,
sentence ends removed); and single sentences tens of thousands of characters long. All of them
go through normalization and `extract_facts` in one batch, as in the pipeline, and the output
must keep the contract: no exception, offsets that read back the figure, the surface and the
sentence, values of sane size and every label within the contract's vocabularies.
"""

from __future__ import annotations

import random
import re
from functools import lru_cache

import polars as pl
import pytest

from orchestration.extraction import extract_facts
from orchestration.extraction.facts import MAX_PLAUSIBLE
from orchestration.extraction.normalize import normalize_articles
from orchestration.extraction.numbers import parse_number
from tests.conftest import ROOT, contract_vocabularies

SEED = 11_2026
N_SOUP, N_HUGE, N_MUTATED, N_LONG = 800, 300, 1400, 6

# The README's table contract for the columns dbt's accepted_values do not list.
REPORTED_BY = {"gaza_health_ministry", "gaza_media_office", "idf", "israeli_officials", "un"}
DATE_BASES = {"stated", "weekday", "relative", "article_date", "unknown"}

LETTERS = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    + "".join(map(chr, range(0x0621, 0x064B))) + "پچژگکیۀ"  # Arabic and Persian
    + "אבגדהוזחטיכלמנסעפצקרשת" + "абвгдежзийклмнопрстуфхцчшщыэюя" + "中文字戰爭" + "😀🇵🇸👍🏽"
)
DIGITS = "0123456789" + "۰۱۲۳۴۵۶۷۸۹" + "٠١٢٣٤٥٦٧٨٩" + "٬٫,."
MARKS = "\u0300\u0301\u0308\u064b\u064e\u0650\u0651\u0670\u0640"  # combining marks, tatweel
INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
CONTROLS = "".join(map(chr, range(0x20))) + "\x7f\x85\u2028\u2029"
PUNCTUATION = ".,;:!?؟،؛…\"'“”«»()[]-–—/%+ \n"
WORDS = [
    "killed", "wounded", "people", "children", "women", "hostages", "soldiers", "at least", "more than", "about",
    "million", "thousand", "including", "Gaza", "Lebanon", "Rafah", "Doha", "Qatar", "Egypt", "ceasefire", "talks",
    "death toll", "since October 7", "in the past 24 hours", "released", "held", "the ministry said", "and",
    "کشته", "زخمی", "نفر", "کودک", "گروگان", "هزار", "میلیون", "دست کم", "غزه", "آتش بس", "مذاکرات",
    "شهيدا", "جريحا", "طفلا", "رهينة", "ألفا", "مليون", "على الأقل", "غزة", "الدوحة", "وقف إطلاق النار",
]
HUGE = [
    "9223372036854775807", "9223372036854775808", "18446744073709551616", "170141183460469231731687303715884105728",
    "1,000,000,000,000,000,000", "99,999,999,999", "10000000001", "00000000000000000000042", "1.5e30",
    "۹۹۹۹۹۹۹۹۹۹۹۹۹۹۹۹۹۹۹۹", "٩٢٢٣٣٧٢٠٣٦٨٥٤٧٧٥٨٠٨", "12345678901234567890.5", "999999 million", "4,294,967,296 thousand",
]
HUGE_TEMPLATES = [
    "The ministry said {n} people were killed in Gaza, including {m} children.",
    "{n} hostages remain held and {m} were released.",
    "At least {n} Palestinians have been wounded since October 7; {m} of them are women.",
    "وزارت بهداشت غزه اعلام کرد {n} نفر کشته و {m} نفر زخمی شده اند.",
    "وأعلنت وزارة الصحة استشهاد {n} شخصا وإصابة {m} آخرين.",
    "{n}, {m}, {n}",
    "{n}{m}{n} killed",
]
NUMBER_WORDS = ["one", "two", "hundred", "thousand", "million", "twenty-one", "دو", "صد", "هزار", "میلیون", "ثلاثة", "ألف", "مليون"]


@lru_cache(maxsize=1)
def real_sentences() -> list[str]:
    """Sentences of the seeds and of the hand-written corpus, the material of the mutations."""
    files = sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "corpora" / "corpus" / "articles").glob("*.txt"))
    sentences = []
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            sentences.extend(s for s in re.split(r"(?<=[.!?؟])\s+", line) if len(s) > 20)
    return sentences


def soup(rng: random.Random) -> str:
    """Random characters and words of every kind, in random proportions."""
    pools = [LETTERS, DIGITS, MARKS, INVISIBLE, CONTROLS, PUNCTUATION]
    weights = [rng.random() for _ in pools] + [rng.random()]
    out = []
    for _ in range(rng.randint(0, 300)):
        pool = rng.choices(range(len(pools) + 1), weights)[0]
        out.append(rng.choice(WORDS) + " " if pool == len(pools) else rng.choice(pools[pool]))
    return "".join(out)


def huge_numbers(rng: random.Random) -> str:
    """Numbers far beyond any count, with separators, in words, beside ordinary figures."""
    if rng.random() < 0.2:
        return " ".join(rng.choice(NUMBER_WORDS) for _ in range(rng.randint(50, 600))) + " people were killed."
    text = rng.choice(HUGE_TEMPLATES).format(n=rng.choice(HUGE), m=rng.choice([*HUGE, "12", "seven", "۴۶ هزار", "1.9 million"]))
    if rng.random() < 0.2:
        text = rng.choice(DIGITS[:10]) * rng.randint(19, 5000) + " " + text
    return text


def mutate(rng: random.Random, text: str) -> str:
    """One random edit of a real sentence."""
    kind = rng.randrange(7)
    at = rng.randint(0, len(text))
    if kind == 0:  # an invisible, control or foreign character
        return text[:at] + rng.choice(INVISIBLE + CONTROLS + MARKS + LETTERS) + text[at:]
    if kind == 1:  # a span deleted
        return text[:at] + text[at + rng.randint(1, 30):]
    if kind == 2:  # a span repeated
        span = text[at : at + rng.randint(1, 40)]
        return text[:at] + span * rng.randint(2, 5) + text[at:]
    if kind == 3:  # digits re-written in Persian or Arabic-Indic
        base = rng.choice([0x06F0, 0x0660])
        return re.sub(r"\d", lambda m: chr(base + int(m.group(0))), text)
    if kind == 4:  # a number made huge
        return re.sub(r"\d[\d,]*", lambda m: m.group(0) + "0" * rng.randint(10, 40), text, count=1)
    if kind == 5:  # sentence ends removed
        return re.sub(r"[.!?؟]", rng.choice([",", "", " ;"]), text)
    return text.upper() if rng.random() < 0.5 else text.replace(" ", rng.choice(["\u200c", "\u00a0", "  ", "\t", " \u200f"]))


def mutated(rng: random.Random) -> str:
    sentences = rng.sample(real_sentences(), rng.randint(1, 4))
    text = rng.choice([" ", "\n", "\n\n"]).join(sentences)
    for _ in range(rng.randint(1, 5)):
        text = mutate(rng, text)
    return text


def long_sentence(rng: random.Random) -> str:
    """Real sentences joined by commas into one sentence of 5,000 to 40,000 characters."""
    target, parts = rng.randint(5_000, 40_000), []
    while sum(map(len, parts)) < target:
        parts.append(re.sub(r"[.!?؟]+$", "", rng.choice(real_sentences())))
    return ", ".join(parts) + "."


def fuzz_texts() -> list[str]:
    texts = []
    for seed, (count, make) in enumerate([(N_SOUP, soup), (N_HUGE, huge_numbers), (N_MUTATED, mutated), (N_LONG, long_sentence)]):
        rng = random.Random(SEED + seed)
        texts.extend(make(rng) for _ in range(count))
    return texts


# Hostile texts whose whole output is known, extracted in the same batch (one call of the
# extractor costs seconds of regex compilation: one batch keeps the test fast).
NUL_FILLER = "The talks went on through the night without a word from either side.\n" * 135
NUL_FIGURES = "At least 40 people were killed in Rafah on Tuesday and 112 wounded. Hamas still holds 59 hostages."
LONG_VALUES = list(range(101, 701))
NAMED = {
    # Numbers of 2^63 and 2^64 beside an ordinary figure.
    "huge": "The ministry said 9223372036854775808 people were killed in Gaza. "
    "Another 18446744073709551616 were wounded, it added. At least 40 people were killed in Rafah on Tuesday.",
    # The case: a NUL at character 9,500 cost facts and gave wrong offsets.
    "nul": NUL_FILLER[:9_500] + "\x00\x01" + NUL_FILLER[9_500:] + NUL_FIGURES,
    # A sentence of some 25,000 characters with no end, 600 figures in it.
    "long": "; ".join(f"a strike on the camp killed {v} people" for v in LONG_VALUES) + ".",
}


@pytest.fixture(scope="module")
def fuzzed():
    """(articles, extracted facts) of every fuzzed and named text: normalization and extraction
    in one batch, as the pipeline runs them. `case` names the named texts."""
    texts = fuzz_texts()
    raw = pl.DataFrame(
        {"raw_text": [*texts, *NAMED.values()], "case": [None] * len(texts) + list(NAMED)},
        schema={"raw_text": pl.String, "case": pl.String},
    )
    articles = normalize_articles(raw).unique("article_id", keep="last", maintain_order=True)
    articles = articles.with_columns(pl.lit(None, dtype=pl.Date).alias("published_on"))
    extracted = extract_facts(articles.select("article_id", "language", "body", "published_on"))
    return articles, extracted


def _case(fuzzed, name: str) -> tuple[str, pl.DataFrame, pl.DataFrame]:
    """(body, casualty facts, hostage facts) of one named text."""
    articles, extracted = fuzzed
    article = articles.filter(pl.col("case") == name).row(0, named=True)
    facts = [t.filter(pl.col("article_id") == article["article_id"]).sort("char_start") for t in (extracted.casualty_facts, extracted.hostage_facts)]
    return article["body"], *facts


def _with_body(frame: pl.DataFrame, articles: pl.DataFrame) -> list[dict]:
    return frame.join(articles.select("article_id", "body"), on="article_id", how="left").to_dicts()


def test_the_fuzz_reaches_every_stage(fuzzed):
    """The texts are hostile enough and real enough: hundreds of figures, events and names."""
    articles, extracted = fuzzed
    assert articles.height > 2400
    assert articles["body"].str.len_chars().max() > 30_000
    assert extracted.casualty_facts.height > 500
    assert extracted.hostage_facts.height > 100
    assert extracted.entity_mentions.height > 1000
    assert extracted.negotiation_events.height > 100


def test_bodies_hold_no_control_characters(fuzzed):
    articles, _ = fuzzed
    assert not articles["body"].str.contains(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]").any()


@pytest.mark.parametrize("table", ["casualty_facts", "hostage_facts"])
def test_figures_read_back_their_value_inside_their_sentence(fuzzed, table):
    articles, extracted = fuzzed
    bad = []
    for fact in _with_body(getattr(extracted, table), articles):
        body, start, end, sentence = fact["body"], fact["char_start"], fact["char_end"], fact["sentence"]
        if parse_number(body[start:end])[0] != fact["value"] or not _covers(body, sentence, start, end):
            bad.append((fact["value"], body[start:end], sentence[:80]))
    assert bad == []


def _covers(body: str, sentence: str, start: int, end: int) -> bool:
    """Whether `sentence` occurs in `body` at a place that holds [start, end)."""
    at = body.find(sentence, max(0, end - len(sentence)))
    return sentence != "" and at != -1 and at <= start and end <= at + len(sentence)


def test_entity_mentions_read_back_their_surface(fuzzed):
    articles, extracted = fuzzed
    rows = _with_body(extracted.entity_mentions, articles)
    assert [r for r in rows if r["body"][r["char_start"] : r["char_end"]] != r["surface"]] == []


def test_negotiation_events_span_their_sentence(fuzzed):
    articles, extracted = fuzzed
    rows = _with_body(extracted.negotiation_events, articles)
    assert [r for r in rows if r["body"][r["char_start"] : r["char_end"]] != r["sentence"]] == []


def test_values_are_counts_of_sane_size(fuzzed):
    _, extracted = fuzzed
    for frame in (extracted.casualty_facts, extracted.hostage_facts):
        assert frame["value"].dtype == pl.Int64
        assert frame["value"].null_count() == 0
        assert frame["value"].min() >= 1 and frame["value"].max() <= MAX_PLAUSIBLE


def test_every_label_is_in_the_contract_vocabularies(fuzzed):
    _, extracted = fuzzed
    vocab = contract_vocabularies()
    columns = {
        "casualty_facts": ["metric", "victim_group", "region", "scope", "qualifier"],
        "hostage_facts": ["status", "hostage_group", "qualifier"],
        "negotiation_events": ["event_type"],
        "entity_mentions": ["entity_type"],
    }
    outside = {}
    for table, names in columns.items():
        frame = getattr(extracted, table)
        for column in names:
            outside[column] = set(frame[column].to_list()) - vocab[column]
    for column in ("mediators", "parties"):
        outside[column] = set(extracted.negotiation_events[column].explode().drop_nulls().to_list()) - vocab[column]
    outside["reported_by"] = set(extracted.casualty_facts["reported_by"].drop_nulls().to_list()) - REPORTED_BY
    for frame, column in ((extracted.casualty_facts, "as_of_basis"), (extracted.hostage_facts, "as_of_basis"),
                          (extracted.negotiation_events, "event_date_basis")):
        outside[column] = outside.get(column, set()) | (set(frame[column].to_list()) - DATE_BASES)
    assert {column: values for column, values in outside.items() if values} == {}


def test_a_huge_number_is_no_figure_and_spoils_nothing_around_it(fuzzed):
    _, casualties, hostages = _case(fuzzed, "huge")
    assert casualties.select("value", "metric", "qualifier").rows() == [(40, "killed", "at_least")]
    assert hostages.height == 0


def test_a_nul_far_into_the_text_moves_no_offset(fuzzed):
    body, casualties, hostages = _case(fuzzed, "nul")
    clean = normalize_articles(pl.DataFrame({"raw_text": [NUL_FILLER + NUL_FIGURES]}))["body"][0]
    assert body == clean
    assert casualties.select("value", "metric").rows() == [(40, "killed"), (112, "injured")]
    assert [body[s:e] for s, e in casualties.select("char_start", "char_end").rows()] == ["40", "112"]
    assert hostages.select("value", "status").rows() == [(59, "held")]


def test_a_sentence_of_twenty_five_thousand_characters_keeps_every_figure(fuzzed):
    """A sentence with no end is cut at clause breaks into pieces: no figure is lost or split."""
    body, casualties, _ = _case(fuzzed, "long")
    assert len(body) > 20_000
    assert casualties["value"].to_list() == LONG_VALUES
    assert casualties["sentence"].str.len_chars().max() <= 1000
