"""Normalization: digits, letter variants, invisible characters, repeated paragraphs, identity."""

from __future__ import annotations

import polars as pl

from orchestration.extraction.normalize import clean_text, normalize_articles
from orchestration.extraction.sentences import MAX_SENTENCE_CHARS, clause_pieces, split_sentences


def _norm(*texts: str) -> pl.DataFrame:
    return normalize_articles(pl.DataFrame({"raw_text": list(texts)}))


def test_persian_text_is_unified():
    row = _norm("وزارت صحت غزه گفت كه ۴۶\u200cهزار نفر  كشته شده\u200cاند.\u200f\n")[0].to_dicts()[0]
    assert row["language"] == "fa"
    assert row["body"] == "وزارت صحت غزه گفت که 46 هزار نفر کشته شده اند."


def test_arabic_text_keeps_arabic_letters():
    row = _norm("قالت وزارة الصحة في غزة إن عدد الشهداء ارتفع إلى ٤٣ ألفاً و٩٢٢ شهيداً منذ بدء الحرب.")[0].to_dicts()[0]
    assert row["language"] == "ar"
    assert "43 ألفا و 922 شهيدا" in row["body"]


def test_repeated_paragraphs_and_titles_count_once():
    text = "Title line\nTitle line\nFirst paragraph here.\n\nSecond paragraph.\nFirst paragraph here.\n"
    row = _norm(text).to_dicts()[0]
    assert row["body"] == "Title line\nFirst paragraph here.\nSecond paragraph."
    assert row["duplicate_paragraphs"] == 2
    assert row["title"] == "Title line"


def test_same_text_same_id_whatever_the_spacing():
    a, b = _norm("Talks resumed in Doha.\n", "Talks  resumed in Doha.\r\n\r\n")["article_id"]
    assert a == b


def test_sentence_offsets_are_exact():
    frame = _norm("Mr. Biden spoke. The U.S. envoy met Qatar's Prime Minister in Doha! Talks went on.\nSecond line here.")
    sentences = split_sentences(frame.select("article_id", "body"))
    body = frame["body"][0]
    assert sentences["sentence"].to_list() == [
        "Mr. Biden spoke.", "The U.S. envoy met Qatar's Prime Minister in Doha!", "Talks went on.", "Second line here.",
    ]
    for row in sentences.iter_rows(named=True):
        assert body[row["sent_start"] : row["sent_end"]] == row["sentence"]


def _all_article_texts() -> list[str]:
    from tests.conftest import ROOT

    paths = sorted(ROOT.glob("corpora/**/articles/*")) + sorted(ROOT.glob("seeds/*"))
    return [p.read_text(encoding="utf-8") for p in paths if p.suffix in (".txt", ".html", ".json", ".md")]


def test_the_letters_and_lingua_agree():
    """detect_languages answers `en` without lingua for texts with no Arabic-script letter (lingua,
    limited to en/fa/ar, answers English or nothing for them), and fa or ar without lingua where
    the letters settle it (rule text_language_letters). Checked against lingua itself on every
    article of the repository and on texts with no letters, other scripts, mixed scripts and ties."""
    from orchestration.extraction.language import detect_languages, lingua_languages

    others = ["", "   ", "12 34 56", "46,660 (2024)", "Привет мир", "Привет мир hello world", "שלום עולם hello",
              "hello שלום עולם עוד", "ΑΒΓ δεζ", "中文 English", "😀 test", "Ünïcödé façade", "hello، world؛", "١٢٣ ٤٥٦", "Qatar قطر",
              "The envoy said: «گفت وگوها ادامه دارد و پیشنهاد تازه ای مطرح شد» on Monday in Doha, Qatar.",
              "قالت وزارة الصحة في غزة إن الحصيلة ارتفعت، و گفت که چند نفر کشته شدند", "پچژگ ة"]
    texts = pl.DataFrame({"raw_text": _all_article_texts() + others}).select(clean_text(pl.col("raw_text")))["raw_text"].to_list()
    assert detect_languages(texts) == lingua_languages(texts)
    assert detect_languages(["Talks resumed in Doha.", "وزارت صحت غزه گفت", "قالت وزارة الصحة في غزة إن عدد الشهداء ارتفع"]) == ["en", "fa", "ar"]


def test_texts_that_skip_nfkc_come_out_as_with_it():
    """clean_column runs NFKC only on texts with a character outside nfkc_stable_class; for every
    other text the result must be the one full NFKC gives. Checked on every pair of characters of
    the class (and with a harakat between), and on every article of the repository."""
    import unicodedata

    from orchestration.extraction.characters import nfkc_stable_class
    from orchestration.extraction.normalize import clean_column

    every = pl.Series([chr(c) for c in range(0x30000) if not 0xD800 <= c <= 0xDFFF])
    letters = every.filter(every.str.contains(nfkc_stable_class())).to_list()
    harakat = [c for c in letters if unicodedata.combining(c)]
    assert harakat and all(unicodedata.normalize("NFKC", c) == c for c in letters if c not in harakat)
    starters = [c for c in letters if c not in harakat]
    pairs = [a + b for a in starters for b in letters] + [a + h + b for a in starters[::7] for h in harakat for b in letters[::3]]
    samples = pl.Series("raw_text", pairs + _all_article_texts())
    full = samples.to_frame().select(clean_text(pl.col("raw_text"))).to_series()
    assert clean_column(samples).to_list() == full.to_list()


def test_control_characters_leave_the_body_and_line_breaks_stay_breaks():
    """U+0000 and U+0001 are the extractor's markers; the other controls have no place in prose.
    A vertical tab (a Word line break), a form feed (a PDF page) and NEL break lines."""
    row = _norm("Talks\x00 resumed\x01 in\x07 Doha\x7f\x9b.\x0bSecond\x0cThird\x85Fourth\x1e\tend\r\nlast")[0].to_dicts()[0]
    assert row["body"] == "Talks resumed in Doha.\nSecond\nThird\nFourth\nend\nlast"


def test_a_body_that_skipped_normalization_keeps_its_offsets():
    """A marker character left in a body reads as a space: no sentence or offset moves."""
    body = "Talks resumed\x00 in Doha. Mr.\x01 Biden spoke."
    sentences = split_sentences(pl.DataFrame({"article_id": ["a"], "body": [body]}))
    assert sentences.select("sentence", "sent_start", "sent_end").rows() == [
        ("Talks resumed  in Doha.", 0, 23), ("Mr.  Biden spoke.", 24, 41),
    ]


def test_a_long_sentence_is_cut_at_clause_breaks():
    """A sentence over MAX_SENTENCE_CHARS becomes pieces of at most that length, cut after a
    clause's comma or semicolon (else a space, else anywhere), and the pieces cover it."""
    clauses = [f"Clause number {i} of a sentence that never ends" for i in range(60)]
    body = "Intro sentence. " + "; ".join(clauses) + ". " + "X" * 2_500 + ". Short one."
    sentences = split_sentences(pl.DataFrame({"article_id": ["a"], "body": [body]}))
    rows = sentences.select("sentence_id", "sentence", "sent_start", "sent_end").rows()
    assert [r[0] for r in rows] == list(range(len(rows)))
    assert all(body[start:end] == text for _, text, start, end in rows)
    assert max(len(text) for _, text, _, _ in rows) == MAX_SENTENCE_CHARS
    texts = [text for _, text, _, _ in rows]
    assert texts[0] == "Intro sentence." and texts[-1] == "Short one."
    # The clauses: cut after a semicolon, nothing lost or repeated.
    assert all(t.endswith(";") for t in texts[1:3]) and texts[3].endswith("ends.")
    assert " ".join(texts[1:4]).split("; ") == clauses[:-1] + [clauses[-1] + "."]
    # 2,500 characters with no space: cut at the limit.
    assert [len(t) for t in texts[4:7]] == [1000, 1000, 501]


def test_clause_pieces_leave_a_sentence_within_the_limit_whole():
    assert clause_pieces("  A short sentence, with a comma.") == [(0, "  A short sentence, with a comma.")]
    assert clause_pieces("one, two, three four", limit=10) == [(0, "one, two,"), (10, "three four")]
    assert clause_pieces("alpha beta gamma delta", limit=12) == [(0, "alpha beta"), (11, "gamma delta")]
