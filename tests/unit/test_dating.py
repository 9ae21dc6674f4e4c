"""Article dates and sentence dates: the seeds as specified, then small cases per language and
per rule. Synthetic texts go through the same character normalization as real articles
(ASCII digits, Persian or Arabic letter forms) so Persian digits can be written as such."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from orchestration.extraction.dating import date_articles, sentence_dates, war_window
from orchestration.extraction.normalize import clean_text, normalize_articles, unify_letters
from orchestration.extraction.sentences import split_sentences

ROOT = Path(__file__).resolve().parents[2]
SEED_DATES = {
    "000_94136a29ffedcc97.txt": (date(2025, 1, 12), "weekday_date"),
    "001_ec79b04d46b10346.txt": (None, "unknown"),
    "002_687bd760bb2aa7d0.txt": (None, "unknown"),
    "003_9070d9ce8b0f556c.txt": (date(2023, 11, 22), "header"),
    "004_3ade7d54594a8bb9.txt": (None, "unknown"),
}


def _normalized(texts: list[str], language: str) -> list[str]:
    frame = pl.DataFrame({"t": texts, "language": [language] * len(texts)})
    return frame.select(unify_letters(clean_text(pl.col("t")), pl.col("language")))["t"].to_list()


def _date_one(
    body: str, language: str = "en", metadata: date | None = None, url: str | None = None
) -> tuple[date | None, str]:
    frame = pl.DataFrame(
        {
            "article_id": ["a"],
            "language": [language],
            "body": _normalized([body], language),
            "metadata_date": [metadata],
            "url": [url],
        },
        schema_overrides={"metadata_date": pl.Date, "url": pl.String},
    )
    row = date_articles(frame).row(0, named=True)
    return row["published_on"], row["published_on_basis"]


def _sentence_date(sentence: str, published: date | None, language: str = "en") -> tuple[date | None, str]:
    frame = pl.DataFrame(
        {
            "article_id": ["a"],
            "sentence_id": [0],
            "language": [language],
            "sentence": _normalized([sentence], language),
            "published_on": [published],
        },
        schema_overrides={"published_on": pl.Date},
    )
    row = sentence_dates(frame).row(0, named=True)
    return row["sentence_date"], row["sentence_date_basis"]


# --- the seeds -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seeds() -> pl.DataFrame:
    paths = sorted((ROOT / "seeds").glob("*.txt"))
    raw = pl.DataFrame({"file": [p.name for p in paths], "raw_text": [p.read_text(encoding="utf-8") for p in paths]})
    return date_articles(normalize_articles(raw))


def test_seed_article_dates(seeds):
    got = {r["file"]: (r["published_on"], r["published_on_basis"]) for r in seeds.iter_rows(named=True)}
    assert got == SEED_DATES


def test_seed_dates_agree_with_the_gold_file(seeds):
    gold = [json.loads(line) for line in (ROOT / "tests" / "fixtures" / "seeds_gold.jsonl").read_text().splitlines() if line]
    got = {r["file"]: r["published_on"] for r in seeds.iter_rows(named=True)}
    for entry in gold:
        want = date.fromisoformat(entry["published"]) if entry["published"] else None
        assert got[entry["file"]] == want, entry["file"]


def test_seed_sentence_dates(seeds):
    sentences = sentence_dates(split_sentences(seeds.select("article_id", "file", "language", "body", "published_on")))

    def of(file: str, fragment: str) -> tuple[date | None, str]:
        rows = sentences.filter(pl.col("file") == file, pl.col("sentence").str.contains(fragment, literal=True))
        assert rows.height == 1, fragment
        return rows["sentence_date"][0], rows["sentence_date_basis"][0]

    fa, en = "000_94136a29ffedcc97.txt", "003_9070d9ce8b0f556c.txt"
    assert of(fa, "وزارت صحت غزه روز شنبه گفت") == (date(2025, 1, 11), "weekday")
    assert of(fa, "روز یکشنبه 12 جنوری") == (date(2025, 1, 12), "stated")
    assert of(fa, "به تاریخ دوم دسمبر") == (date(2024, 12, 2), "stated")
    assert of(fa, "هفته گذشته در قطر") == (date(2025, 1, 5), "relative")
    assert of(en, "on Tuesday morning, Hamas approved") == (date(2023, 11, 21), "weekday")
    assert of(en, "from Gaza on October 23") == (date(2023, 10, 23), "stated")
    assert of(en, "Earlier that day") == (date(2023, 11, 22), "relative")
    assert of(en, "shortly after the October 7 attack") == (date(2023, 11, 22), "article_date")
    assert of("001_ec79b04d46b10346.txt", "since October 7, 2023") == (None, "unknown")
    assert of("004_3ade7d54594a8bb9.txt", "On October 7, in southern Israel") == (None, "unknown")


# --- article dates -------------------------------------------------------------------------


def test_war_window():
    assert war_window() == (date(2023, 10, 7), date(2026, 12, 31))


def test_metadata_comes_first():
    assert _date_one("date 2023-11-22 Talks resumed.", metadata=date(2024, 2, 1)) == (date(2024, 2, 1), "metadata")


def test_without_a_metadata_column():
    frame = pl.DataFrame({"article_id": ["a"], "language": ["en"], "body": ["date 2023-11-22 Talks."]})
    out = date_articles(frame)
    assert out.columns == ["article_id", "language", "body", "published_on", "published_on_basis"]
    assert out.row(0) == ("a", "en", "date 2023-11-22 Talks.", date(2023, 11, 22), "header")


@pytest.mark.parametrize(
    ("body", "language", "want"),
    [
        ("date 2023-11-22 Amidst a high-stakes situation", "en", date(2023, 11, 22)),
        ("Date: 22 November 2023\nNegotiators met in Doha.", "en", date(2023, 11, 22)),
        ("Published on: Wednesday, November 22, 2023\nTalks.", "en", date(2023, 11, 22)),
        ("تاریخ: ۱۴۰۳/۱۰/۲۳\nمذاکرات در دوحه ادامه دارد.", "fa", date(2025, 1, 12)),
        ("تاریخ انتشار: ۲۲ دی ۱۴۰۳\nمذاکرات ادامه دارد.", "fa", date(2025, 1, 11)),
        ("التاريخ: 22 تشرين الثاني 2023\nاستؤنفت المفاوضات.", "ar", date(2023, 11, 22)),
        ("التاريخ: ٢٢ نوفمبر ٢٠٢٣\nاستؤنفت المفاوضات.", "ar", date(2023, 11, 22)),
        # header words of another language: the source's tooling, not the article, wrote them
        ("date 2024-04-10\nالإسماعيلية - قال رئيس هيئة قناة السويس إن الإيرادات تراجعت.", "ar", date(2024, 4, 10)),
        ("date 2025-01-12\nمذاکرات در دوحه ادامه دارد.", "fa", date(2025, 1, 12)),
        ("تاریخ: 2025-01-12\nTalks resumed in Doha.", "en", date(2025, 1, 12)),
    ],
)
def test_header(body, language, want):
    assert _date_one(body, language) == (want, "header")


@pytest.mark.parametrize(
    ("body", "language", "want"),
    [
        ("GAZA CITY, Nov. 22, 2023 (Reuters) - Israel and Hamas agreed to a truce.", "en", date(2023, 11, 22)),
        ("WASHINGTON, 22 November 2023 — The White House said talks went well.", "en", date(2023, 11, 22)),
        ("Hostage deal approved\n22/11/2023 - Israel's cabinet approved the deal.", "en", date(2023, 11, 22)),
        ("DOHA, 11/22/2023 - Qatar announced a truce.", "en", date(2023, 11, 22)),
        ("Israel's cabinet on Wednesday, November 22, 2023, approved the deal.", "en", date(2023, 11, 22)),
        ("2025-01-12 Talks resumed in Doha.", "en", date(2025, 1, 12)),
        ("کابل، ۲۳ جدی ۱۴۰۳ - مذاکرات آتش بس در دوحه ادامه دارد.", "fa", date(2025, 1, 12)),
        ("تهران، ۲۲ دی ۱۴۰۳ - مذاکرات آتش بس ادامه دارد.", "fa", date(2025, 1, 11)),
        ("کابل، ۱۲ جنوری ۲۰۲۵: مذاکرات ادامه دارد.", "fa", date(2025, 1, 12)),
        ("غزة، 22 نوفمبر 2023 - أعلنت قطر التوصل إلى هدنة.", "ar", date(2023, 11, 22)),
        ("بيروت - ٢٢ تشرين الثاني ٢٠٢٣ - أعلنت قطر التوصل إلى هدنة.", "ar", date(2023, 11, 22)),
        ("الدوحة، 5 أيار 2024 - استؤنفت المفاوضات.", "ar", date(2024, 5, 5)),
        ("القاهرة، 1 إبريل 2024م - استؤنفت المفاوضات.", "ar", date(2024, 4, 1)),
        # a place with its region after a comma
        ("RAMALLAH, West Bank, Aug. 28, 2024 - Israeli forces launched raids.", "en", date(2024, 8, 28)),
        ("KHAN YOUNIS, Gaza Strip, July 13, 2024 (AP) - An Israeli strike hit Mawasi.", "en", date(2024, 7, 13)),
        ("رام الله، الضفة الغربية، 28 أغسطس 2024 - اقتحمت القوات الإسرائيلية جنين.", "ar", date(2024, 8, 28)),
        ("هرات، افغانستان، ۲۳ جدی ۱۴۰۳ - مذاکرات آتش بس ادامه دارد.", "fa", date(2025, 1, 12)),
        # the Maghreb month names (Tunisia, Morocco)
        ("تونس – 28 جويلية 2025 (وات)\nنشرت وزارة الصحة تقريرها.", "ar", date(2025, 7, 28)),
        ("هسبريس – الأربعاء 18 شتنبر 2024\nقتلى وجرحى في لبنان.", "ar", date(2024, 9, 18)),
    ],
)
def test_text_date_in_a_dateline(body, language, want):
    assert _date_one(body, language) == (want, "text_date")


@pytest.mark.parametrize(
    ("body", "language", "want"),
    [
        ("Israel said on Sunday, 12 January that a delegation left for Doha.", "en", date(2025, 1, 12)),
        ("The ministry said on Wednesday, November 22 that talks had ended.", "en", date(2023, 11, 22)),
        ("نتنیاهو روز یکشنبه ۱۲ جنوری با بایدن صحبت کرد.", "fa", date(2025, 1, 12)),
        ("نتنیاهو روز یکشنبه ۲۳ جدی با بایدن صحبت کرد.", "fa", date(2025, 1, 12)),
        ("نتنیاهو روز شنبه ۲۲ دی با بایدن صحبت کرد.", "fa", date(2025, 1, 11)),
        ("أعلن مكتب نتنياهو يوم الأحد 12 يناير إرسال وفد إلى الدوحة.", "ar", date(2025, 1, 12)),
        ("أعلنت قطر يوم الأربعاء 22 تشرين الثاني التوصل إلى هدنة.", "ar", date(2023, 11, 22)),
    ],
)
def test_weekday_fixes_the_year(body, language, want):
    assert _date_one(body, language) == (want, "weekday_date")


@pytest.mark.parametrize(
    ("body", "language"),
    [
        # historic dates in the lead are not the publication date
        ("Israel's war on Gaza since October 7, 2023 has killed tens of thousands.", "en"),
        ("On Saturday, October 7, 2023, Hamas attacked southern Israel.", "en"),
        ("Hamas fighters attacked on Saturday 7 October.", "en"),
        ("Talks that began after 15 January 2024 have stalled.", "en"),
        ("از هفتم اکتوبر ۲۰۲۳ تاکنون جنگ ادامه دارد.", "fa"),
        ("منذ 7 أكتوبر 2023 تتواصل الحرب على غزة.", "ar"),
        # implausible, or a weekday that contradicts its date
        ("GAZA, 15 January 2019 - An old report.", "en"),
        ("Israel's cabinet on Monday, November 22, 2023, approved the deal.", "en"),
        # a weekday that fits no year of the war, and a dateline without a year
        ("Israel said on Tuesday, 12 January that a delegation left.", "en"),
        ("GAZA CITY, Nov 22 (Reuters) - Israel and Hamas agreed to a truce.", "en"),
        ("Recent developments have led to talks in Qatar.", "en"),
    ],
)
def test_unknown(body, language):
    assert _date_one(body, language) == (None, "unknown")


def test_header_only_at_the_very_start():
    body = "Talks resumed in Doha, officials said.\nThe date 2023-11-22 was set for the truce."
    assert _date_one(body) == (None, "unknown")


# --- page furniture: stamps near the headline (basis header) -------------------------------


@pytest.mark.parametrize(
    ("body", "language", "want"),
    [
        # labelled lines
        ("Talks resume in Doha\nPublished 6 May 2024\nNegotiators met.", "en", date(2024, 5, 6)),
        ("Talks resume in Doha\nPublished On 6 May 2024 6 May 2024\nNegotiators met.", "en", date(2024, 5, 6)),
        ("Talks resume in Doha\nLast updated: 06 May 2024 14:32 GMT\nNegotiators met.", "en", date(2024, 5, 6)),
        ("Situation Report #140\nAll information valid as of 20 September 2024\nKey figures", "en", date(2024, 9, 20)),
        ("Talks resume in Doha\nUPDATED May 6, 2024\nNegotiators met.", "en", date(2024, 5, 6)),
        ("Talks resume in Doha\nCreated: 2024-05-06\nNegotiators met.", "en", date(2024, 5, 6)),
        ("Talks resume in Doha\nPosted on May 6, 2024 at 2:32 pm\nNegotiators met.", "en", date(2024, 5, 6)),
        ("Talks resume in Doha\nPublished September 08,2025\nNegotiators met.", "en", date(2025, 9, 8)),
        # time before the date, weekday between
        ("Talks resume in Doha\nUpdated 9:40 AM EDT, Tue May 7, 2024\nNegotiators met.", "en", date(2024, 5, 7)),
        # numeric: dots, slashes, dashes; day first unless impossible
        ("Talks resume in Doha\nPublished: 06.05.2024\nNegotiators met.", "en", date(2024, 5, 6)),
        ("Talks resume in Doha\nPublished: 06/05/2024\nNegotiators met.", "en", date(2024, 5, 6)),
        ("Talks resume in Doha\nPublished: 05/25/2024\nNegotiators met.", "en", date(2024, 5, 25)),
        ("Talks resume in Doha\nUpdated 06-05-2024 14:32\nNegotiators met.", "en", date(2024, 5, 6)),
        # time stamps, with zones and offsets
        ("Talks resume in Doha\n06 May 2024 14:32 GMT\nNegotiators met.", "en", date(2024, 5, 6)),
        ("Talks resume in Doha\nMay 6, 2024 2:32 PM GMT+3\nNegotiators met.", "en", date(2024, 5, 6)),
        ("Talks resume in Doha\nMay 6, 20242:32 PM GMT+3Updated 3 hours ago\nNegotiators met.", "en", date(2024, 5, 6)),
        ("Talks resume in Doha\n2024-05-06T23:32:00-03:00\nNegotiators met.", "en", date(2024, 5, 6)),
        ("Talks resume in Doha\nMon 6 May 2024 14.32 BST\nNegotiators met.", "en", date(2024, 5, 6)),
        ("Talks in Qatar\n\n28 October 2024, 07:10 | Updated: 28 October 2024, 09:40\n\nBy Flaminia Luck", "en", date(2024, 10, 28)),
        # bylines with a date
        ("Talks resume in Doha\nBy Jane Roe | May 6, 2024\nNegotiators met.", "en", date(2024, 5, 6)),
        ("How reliable is the toll?\n\nBy Lena Hartmann | Jan. 14, 2025\n\nThe ministry counts the dead.", "en", date(2025, 1, 14)),
        ("IDF recovers bodies\nBy Emanuel Fabian and ToI Staff | 20 August 2024, 8:52 am\nThe army said.", "en", date(2024, 8, 20)),
        # Persian and Dari: Solar Hijri (17 Ordibehesht 1403 = 6 May 2024) and Gregorian
        ("مذاکرات دوحه\nتاریخ انتشار: ۱۷ اردیبهشت ۱۴۰۳ - ۱۴:۳۲\nمذاکرات ادامه دارد.", "fa", date(2024, 5, 6)),
        ("مذاکرات دوحه\nبه‌روز شده: ۱۴۰۳/۰۲/۱۷\nمذاکرات ادامه دارد.", "fa", date(2024, 5, 6)),
        ("مذاکرات دوحه\nآخرین به‌روزرسانی: ۱۷ ثور ۱۴۰۳\nمذاکرات ادامه دارد.", "fa", date(2024, 5, 6)),
        ("مذاکرات دوحه\nمنتشر شده: دوشنبه ۱۷ اردیبهشت ماه ۱۴۰۳\nمذاکرات ادامه دارد.", "fa", date(2024, 5, 6)),
        ("مذاکرات دوحه\nدوشنبه ۱۷ اردیبهشت ۱۴۰۳ ساعت ۱۴:۳۲\nمذاکرات ادامه دارد.", "fa", date(2024, 5, 6)),
        ("ترور در ضاحیه\n\nسه‌شنبه / ۱۲ دی ۱۴۰۲ / ۲۳:۱۰\nکد خبر: ۱۴۰۲۱۰۱۲۲۱۶۵۴", "fa", date(2024, 1, 2)),
        ("مذاکرات دوحه\n۱۷/۰۲/۱۴۰۳ - ۱۴:۳۲\nمذاکرات ادامه دارد.", "fa", date(2024, 5, 6)),
        ("مذاکرات دوحه\nتاریخ نشر: ۶ می ۲۰۲۴\nمذاکرات ادامه دارد.", "fa", date(2024, 5, 6)),
        ("مذاکرات دوحه\nنویسنده: احمد کریمی | ۱۲ جنوری ۲۰۲۵\nمذاکرات ادامه دارد.", "fa", date(2025, 1, 12)),
        # Arabic: Egyptian/Gulf, Levantine and Maghreb months, numeric, with Hijri beside
        ("استئناف المفاوضات\nنُشر في 6 مايو 2024\nاستؤنفت المفاوضات.", "ar", date(2024, 5, 6)),
        ("استئناف المفاوضات\nنشر في 6 أيار/مايو 2024\nاستؤنفت المفاوضات.", "ar", date(2024, 5, 6)),
        ("استئناف المفاوضات\nآخر تحديث: 6/5/2024 14:32 (بتوقيت مكة)\nاستؤنفت المفاوضات.", "ar", date(2024, 5, 6)),
        ("استئناف المفاوضات\nآخر تحديث: 6/5/202414:32\nاستؤنفت المفاوضات.", "ar", date(2024, 5, 6)),
        ("استئناف المفاوضات\nتاريخ النشر: 2024-05-06\nاستؤنفت المفاوضات.", "ar", date(2024, 5, 6)),
        ("استئناف المفاوضات\nمحدث ٠٦.٠٥.٢٠٢٤ - ١٤:٣٢\nاستؤنفت المفاوضات.", "ar", date(2024, 5, 6)),
        ("استئناف المفاوضات\nالاثنين 27 شوال 1445 هـ - 06 مايو 2024 م 14:32\nاستؤنفت المفاوضات.", "ar", date(2024, 5, 6)),
        ("استئناف المفاوضات\nآخر تحديث: 28 جويلية 2025\nنشرت الوزارة تقريرها.", "ar", date(2025, 7, 28)),
        ("استئناف المفاوضات\nبقلم: سامي خليل | 22 تشرين الثاني 2023\nأعلنت قطر التوصل إلى هدنة.", "ar", date(2023, 11, 22)),
        ("حماس تعلن موعد الهدنة\nتاريخ النشر: 22nd, November 2023 GMT\nأعلن عضو المكتب السياسي.", "ar", date(2023, 11, 22)),
        # two-digit years, when only one order of day and month fits (or both give one day)
        ("ynetnews\nNews | 02.27.25, 07:54 | Updated: 02.27.25, 09:10\nBodies returned.", "en", date(2025, 2, 27)),
        ("ynetnews\nNews | 11.11.24, 08:30\nFour soldiers killed.", "en", date(2024, 11, 11)),
        ("Humanitarian Situation Update #214 | Gaza Strip\nIssued 03 Sep 2024\nKey highlights", "en", date(2024, 9, 3)),
        # a line with nothing but a date (a weekday, calendar marks, a Hijri date beside it,
        # a month in two series)
        ("رويترز\n16 ديسمبر كانون الأول 2023\nالجيش الإسرائيلي يقتل ثلاث رهائن.", "ar", date(2023, 12, 16)),
        ("Live: talks in Cairo\nFriday, May 3, 2024\nA delegation will visit Cairo.", "en", date(2024, 5, 3)),
        ("۱۴۰۳/۱۰/۲۳\nمذاکرات ادامه دارد.", "fa", date(2025, 1, 12)),
        ("مذاکرات دوحه\nیکشنبه ۲۳ دی ۱۴۰۳\nمذاکرات ادامه دارد.", "fa", date(2025, 1, 12)),
        ("القاهرة: «الشرق الأوسط»\nالثلاثاء - 28 شوّال 1445 هـ - 07 مايو 2024 مـ\nأعلنت حماس موافقتها.", "ar", date(2024, 5, 7)),
    ],
)
def test_page_stamp(body, language, want):
    assert _date_one(body, language) == (want, "header")


@pytest.mark.parametrize(
    ("body", "language"),
    [
        # a date in a sentence, with no label, clock or byline, is no stamp (and no dateline)
        ("Talks resume in Doha\nThe talks that ended on 6 May 2024 will resume.\nNegotiators met.", "en"),
        # a stamp outside the war, a Lunar Hijri date alone, a relative stamp
        ("Talks resume in Doha\nPublished 6 May 2019\nNegotiators met.", "en"),
        ("استئناف المفاوضات\nنشر في 27 شوال 1445 هـ\nاستؤنفت المفاوضات.", "ar"),
        ("Talks resume in Doha\nUpdated 3 hours ago\nNegotiators met.", "en"),
        # a label with no date, and a Persian word that is no month
        ("مذاکرات دوحه\nتاریخ نشان می دهد که ۲۰ کشور در ۱۴۰۳ آمدند\nمذاکرات ادامه دارد.", "fa"),
        # a two-digit year where day-first and month-first are both days (10 July or 7 October?)
        ("ynetnews\nNews | 10.07.24, 06:00\nA year on.", "en"),
        # the attack day alone on a line heads a story about the attack
        ("The day that changed everything\nSaturday, October 7, 2023\nHamas attacked at dawn.", "en"),
    ],
)
def test_no_page_stamp(body, language):
    assert _date_one(body, language) == (None, "unknown")


@pytest.mark.parametrize(
    ("body", "language", "want"),
    [
        # the line under a ticker's head is the site's clock on the day the page was saved
        ("لینک های قابل دسترسی\nخبر فوری\nسه شنبه ۱۵ آبان ۱۴۰۳ ایران ۱۰:۲۶\nحمله هوایی به غزه\nاسرائیل حمله کرد.", "fa", None),
        ("World\nBreaking News\nTue 5 Nov 2024 10:26 GMT\nStrikes on Gaza\nIsrael struck.", "en", None),
        ("عاجل\nالثلاثاء 5 نوفمبر 2024 10:26\nغارات على غزة\nشن الاحتلال غارات.", "ar", None),
        # the article's own stamp below it still dates the page
        ("خبر تازه\nجمعه ۲۵ عقرب ۱۴۰۳ کابل ۰۲:۱۹\nتوقف حملات\nنشر شده: ۱۸ عقرب ۱۴۰۲\nکاخ سفید اعلام کرد.", "fa", date(2023, 11, 9)),
        ("Breaking\nTue 5 Nov 2024 10:26 GMT\nStrikes on Gaza\nMay 6, 2024 2:32 PM GMT+3\nIsrael struck.", "en", date(2024, 5, 6)),
    ],
)
def test_news_ticker_clock_is_no_stamp(body, language, want):
    assert _date_one(body, language) == ((want, "header") if want else (None, "unknown"))


def test_stamp_only_in_the_head_of_the_page():
    paragraphs = [f"Paragraph {n} about the talks in Doha." for n in range(12)]
    body = "\n".join([*paragraphs, "Updated 7 May 2024 10:00 GMT", "More text."])
    assert _date_one(body) == (None, "unknown")


def test_published_stamp_beats_updated_stamp_in_either_order():
    body = "Talks\nUpdated 9:40 AM EDT, Tue May 7, 2024\nPublished 6:00 AM EDT, Mon May 6, 2024\nText."
    assert _date_one(body) == (date(2024, 5, 6), "header")
    body = "Talks\nPublished 6 May 2024 | Updated 7 May 2024\nText."
    assert _date_one(body) == (date(2024, 5, 6), "header")
    # a time stamp beats an Updated label, wherever it stands
    body = "Talks\nUpdated: 8 May 2024\n6 May 2024, 07:10\nText."
    assert _date_one(body) == (date(2024, 5, 6), "header")


# --- the URL, and the order of the sources ---------------------------------------------------


def test_url_date():
    body = "Talks resumed in Doha, officials said."
    assert _date_one(body, url="https://example.com/world/2024/05/06/talks") == (date(2024, 5, 6), "url")
    assert _date_one(body, "fa", url="https://example.ir/fa/news/1403/02/17/3075123/x") == (date(2024, 5, 6), "url")
    # a month-only URL is no date
    assert _date_one(body, url="https://example.com/world/2024/05/talks") == (None, "unknown")


def test_precedence_metadata_url_header_text_weekday():
    carried = "GAZA, 2 May 2024 (AFP) - An older paragraph the page carries along."
    stamp = "Updated: 7 May 2024 10:00"
    url = "https://example.com/2024/05/08/talks"
    body = f"Talks resume\n{stamp}\n{carried}\nIsrael said on Sunday, 12 January that talks resumed."
    assert _date_one(body, metadata=date(2024, 5, 9), url=url) == (date(2024, 5, 9), "metadata")
    assert _date_one(body, url=url) == (date(2024, 5, 8), "url")
    assert _date_one(body) == (date(2024, 5, 7), "header")
    assert _date_one(f"Talks resume\n{carried}\nIsrael said on Sunday, 12 January that talks resumed.") == (date(2024, 5, 2), "text_date")
    assert _date_one("Talks resume\nIsrael said on Sunday, 12 January that talks resumed.") == (date(2025, 1, 12), "weekday_date")
    # a header line at the very start counts as the page's stamp, below the URL
    assert _date_one("date 2023-11-22\nTalks resumed.", url=url) == (date(2024, 5, 8), "url")
    # a URL date outside the window gives way to the text
    assert _date_one(carried, url="https://example.com/2021/05/12/x") == (date(2024, 5, 2), "text_date")


@pytest.mark.parametrize(
    ("body", "language", "url", "want"),
    [
        ("GAZA, May 6 (Reuters) - Hamas said it accepted the proposal.", "en", "https://e.com/world/2024/05/gaza", date(2024, 5, 6)),
        ("GAZA CITY, Nov 22 (Reuters) - Israel and Hamas agreed to a truce.", "en", "https://e.com/2023/11/truce", date(2023, 11, 22)),
        ("غزة، 6 مايو (رويترز) - قالت حماس إنها قبلت المقترح.", "ar", "https://e.com/ar/2024/05/x", date(2024, 5, 6)),
        ("غزه، ۱۷ اردیبهشت (ایرنا) - حماس پیشنهاد را پذیرفت.", "fa", "https://e.ir/fa/news/1403/02/x", date(2024, 5, 6)),
        ("غزه، ۱۷ اردیبهشت (ایرنا) - حماس پیشنهاد را پذیرفت.", "fa", "https://e.com/fa/2024/05/x", date(2024, 5, 6)),
    ],
)
def test_dateline_without_year_takes_the_year_of_a_month_only_url(body, language, url, want):
    assert _date_one(body, language, url=url) == (want, "text_date")


def test_dateline_without_year_outside_the_url_month_stays_undated():
    body = "GAZA, May 6 (Reuters) - Hamas said it accepted the proposal."
    assert _date_one(body, url="https://e.com/world/2024/06/gaza") == (None, "unknown")
    assert _date_one(body) == (None, "unknown")


def test_month_only_url_narrows_weekday_dating():
    body = "The ministry said on Wednesday, November 22 that talks had ended."
    assert _date_one(body) == (date(2023, 11, 22), "weekday_date")
    assert _date_one(body, url="https://e.com/2023/11/talks") == (date(2023, 11, 22), "weekday_date")
    # 22 November is a Wednesday in 2023 only: a URL of November 2024 leaves no candidate
    assert _date_one(body, url="https://e.com/2024/11/talks") == (None, "unknown")


@pytest.mark.parametrize(
    ("body", "language", "want"),
    [
        # the dateline's day is the news day its sentence names (2024-11-28 is a Thursday)
        ("BEIRUT, Nov 28 (Reuters) - Israeli attacks have killed 3,961 people, the ministry said on Thursday.", "en", date(2024, 11, 28)),
        ("Talks\n\nJERUSALEM/BEIRUT, Oct 2 (Reuters) - Eight soldiers were killed on Wednesday, the military said.", "en", date(2024, 10, 2)),
        # an abbreviation does not end the sentence before its weekday
        ("JERUSALEM, Nov 10 (Reuters) - The toll of the attack of Oct. 7 was revised, a spokesperson said on Friday.", "en", date(2023, 11, 10)),
        # "late on Friday" is the evening before: 4 October is the Saturday (2025), not a Friday (2024)
        ("Hamas agrees\nCAIRO/WASHINGTON, Oct 4 (Reuters) - Hamas said late on Friday it had agreed.", "en", date(2025, 10, 4)),
        ("بيروت، 28 نوفمبر (رويترز) - قالت وزارة الصحة اللبنانية يوم الخميس إن الهجمات قتلت 3961 شخصا.", "ar", date(2024, 11, 28)),
        ("القاهرة، 4 أكتوبر (رويترز) - قالت حماس في وقت متأخر من مساء الجمعة إنها وافقت على الخطة.", "ar", date(2025, 10, 4)),
        ("بیروت، ۲۸ نوامبر - وزارت صحت لبنان روز پنجشنبه اعلام کرد که ۳۹۶۱ نفر کشته شده اند.", "fa", date(2024, 11, 28)),
        ("قاهره، ۴ اکتبر - حماس اواخر روز جمعه اعلام کرد که با طرح موافقت کرده است.", "fa", date(2025, 10, 4)),
    ],
)
def test_dateline_without_year_takes_the_year_its_weekday_fits(body, language, want):
    assert _date_one(body, language) == (want, "text_date")


@pytest.mark.parametrize(
    ("body", "language"),
    [
        # a weekday that bounds a span or lies apart says nothing of the dateline's day
        ("GAZA, Oct 4 (Reuters) - Strikes have killed 70 people since Friday, medics said.", "en"),
        ("غزة، 4 أكتوبر (رويترز) - قالت حماس يوم الجمعة الماضي إنها تدرس المقترح.", "ar"),
        ("غزه، ۴ اکتبر - حملات از روز جمعه تاکنون ۷۰ کشته برجا گذاشته است.", "fa"),
        # only the dateline's own sentence counts; no dateline, no rule
        ("DOHA, Aug 15 (Reuters) - Talks opened in Doha. Hamas said on Thursday it would not attend.", "en"),
        ("Hamas said on Thursday it would not attend the talks in Doha on Aug 15.", "en"),
    ],
)
def test_dateline_weekday_that_fixes_no_year(body, language):
    assert _date_one(body, language) == (None, "unknown")


@pytest.mark.parametrize(
    ("body", "language", "url", "want"),
    [
        # the 25th "of the current month" of a March 2024 URL, a Monday as the lead says
        ("مجلس الأمن\nتبنى مجلس الأمن الدولي يوم الاثنين 25 من الشهر الجاري قرارا يطالب بوقف إطلاق النار.", "ar",
         "https://e.net/2024/03/security-council/", date(2024, 3, 25)),
        ("شورای امنیت روز دوشنبه ۲۵ ماه جاری میلادی قطعنامه ای را تصویب کرد.", "fa", "https://e.com/fa/2024/03/x", date(2024, 3, 25)),
        ("The Security Council on Monday 25th of this month adopted a resolution.", "en", "https://e.com/2024/03/x", date(2024, 3, 25)),
        # the weekday disagrees, the URL gives no month, or a Solar month (the Gregorian day is unknown)
        ("تبنى مجلس الأمن الدولي يوم الثلاثاء 25 من الشهر الجاري قرارا.", "ar", "https://e.net/2024/03/x/", None),
        ("تبنى مجلس الأمن الدولي يوم الاثنين 25 من الشهر الجاري قرارا.", "ar", "https://e.net/news/x/", None),
        ("شورای امنیت روز دوشنبه ۲۵ ماه جاری میلادی قطعنامه ای را تصویب کرد.", "fa", "https://e.ir/fa/news/1403/01/x", None),
    ],
)
def test_day_of_the_current_month_takes_the_month_of_the_url(body, language, url, want):
    assert _date_one(body, language, url=url) == ((want, "text_date") if want else (None, "unknown"))


def _date_many(bodies: list[str], language: str, sources: list[str | None] | None = None) -> list[date | None]:
    frame = pl.DataFrame(
        {
            "article_id": [str(i) for i in range(len(bodies))],
            "language": [language] * len(bodies),
            "body": _normalized(bodies, language),
            "source": sources or [None] * len(bodies),
        },
        schema_overrides={"source": pl.String},
    )
    return date_articles(frame)["published_on"].to_list()


def test_two_digit_year_read_in_the_order_the_outlets_other_pages_show():
    ambiguous = "ynetnews\nNews | 10.07.24, 06:00\nA year on."  # 10 July or 7 October 2024
    month_first = "ynetnews\nNews | 11.25.23, 00:41\nTruce begins."  # only 25 November 2023
    day_first = "ynetnews\nNews | 25.11.23, 00:41\nTruce begins."
    assert _date_many([ambiguous, month_first], "en") == [date(2024, 10, 7), date(2023, 11, 25)]
    # pages that disagree settle nothing, nor do another outlet's pages
    assert _date_many([ambiguous, month_first, day_first], "en")[0] is None
    assert _date_many(["Other Times\nNews | 10.07.24, 06:00\nA year on.", month_first], "en")[0] is None
    # the outlet given with the article counts as well as a masthead
    no_masthead = ["A year on\nNews | 10.07.24, 06:00\nText.", "Truce\nNews | 11.25.23, 00:41\nText."]
    assert _date_many(no_masthead, "en", ["ynetnews.com", "ynetnews.com"])[0] == date(2024, 10, 7)
    assert _date_many(no_masthead, "en")[0] is None
    arabic = ["الموقع\nنشر في: 10.07.24 - 09:30\nنص.", "الموقع\nنشر في: 25.11.23 - 09:30\nنص."]
    assert _date_many(arabic, "ar") == [date(2024, 7, 10), date(2023, 11, 25)]


def test_url_column_passes_through_and_may_be_null():
    frame = pl.DataFrame(
        {"article_id": ["a", "b"], "language": ["en", "en"], "body": ["Talks.", "Talks."], "url": [None, "https://e.com/2024/05/06/x"]},
        schema_overrides={"url": pl.String},
    )
    out = date_articles(frame)
    assert out.columns == ["article_id", "language", "body", "url", "published_on", "published_on_basis"]
    assert out.select("published_on", "published_on_basis").rows() == [(None, "unknown"), (date(2024, 5, 6), "url")]


# --- sentence dates ------------------------------------------------------------------------

SUNDAY = date(2025, 1, 12)
WEDNESDAY = date(2023, 11, 22)


@pytest.mark.parametrize(
    ("sentence", "language", "published", "want"),
    [
        ("Hamas approved the deal on October 23.", "en", WEDNESDAY, date(2023, 10, 23)),
        ("The ministry updated its toll on 20 December.", "en", SUNDAY, date(2024, 12, 20)),
        ("Trump takes office on January 20.", "en", SUNDAY, date(2025, 1, 20)),
        ("The talks began on Nov. 9th, officials said.", "en", WEDNESDAY, date(2023, 11, 9)),
        ("The figure was published on 5 January 2025.", "en", None, date(2025, 1, 5)),
        ("Israel marked October 7, 2024 with a memorial.", "en", date(2024, 10, 8), date(2024, 10, 7)),
        ("وزارت صحت روز ۲۲ دی ۱۴۰۳ اعلام کرد.", "fa", SUNDAY, date(2025, 1, 11)),
        ("وزارت صحت روز ۲۲ جدی اعلام کرد.", "fa", SUNDAY, date(2025, 1, 11)),
        ("ترمپ به تاریخ دوم دسمبر هشدار داد.", "fa", SUNDAY, date(2024, 12, 2)),
        ("مذاکرات در ۲۰ دسامبر از سر گرفته شد.", "fa", SUNDAY, date(2024, 12, 20)),
        ("توافق در ۲۰ می ۲۰۲۴ اعلام شد.", "fa", SUNDAY, date(2024, 5, 20)),
        ("أعلنت الوزارة في 21 تشرين الثاني الحصيلة.", "ar", WEDNESDAY, date(2023, 11, 21)),
        ("أعلنت الوزارة في 22 نوفمبر 2023 الحصيلة.", "ar", None, date(2023, 11, 22)),
        ("أعلنت الوزارة في العاشر من كانون الثاني الحصيلة.", "ar", SUNDAY, date(2025, 1, 10)),
        ("أعلنت الوزارة في 3 آذار الحصيلة.", "ar", date(2024, 3, 5), date(2024, 3, 3)),
    ],
)
def test_stated(sentence, language, published, want):
    assert _sentence_date(sentence, published, language) == (want, "stated")


@pytest.mark.parametrize(
    ("sentence", "language"),
    [
        ("The war has raged since October 7.", "en"),
        ("The October 7 attack killed about 1,200 people.", "en"),
        ("Hamas attacked on Saturday, October 7, killing 1,200.", "en"),
        ("Since 7 October 2023, more than 46,000 have been killed.", "en"),
        ("از هفتم اکتوبر تاکنون بیش از ۴۶ هزار نفر کشته شده اند.", "fa"),
        ("از ۱۵ مهر ۱۴۰۲ تاکنون جنگ ادامه دارد.", "fa"),
        ("منذ 7 أكتوبر قتل أكثر من 46 ألف فلسطيني.", "ar"),
        ("منذ السابع من أكتوبر تتواصل الحرب.", "ar"),
        # Dari "می" is a verb prefix unless a year follows: "reaches 20"
        ("شمار کشته شدگان به ۲۰ می رسد.", "fa"),
    ],
)
def test_attack_day_and_false_dates_are_not_stated(sentence, language):
    assert _sentence_date(sentence, SUNDAY, language) == (SUNDAY, "article_date")


@pytest.mark.parametrize(
    ("sentence", "language", "want"),
    [
        ("The health ministry said on Saturday that 46,537 had been killed.", "en", date(2025, 1, 11)),
        ("Netanyahu spoke to Biden on Sunday.", "en", SUNDAY),
        ("Talks resumed Thursday in Doha.", "en", date(2025, 1, 9)),
        ("وزارت صحت غزه روز شنبه گفت.", "fa", date(2025, 1, 11)),
        ("این هیات روز سه شنبه وارد دوحه شد.", "fa", date(2025, 1, 7)),
        ("این هیات روز پنجشنبه وارد دوحه شد.", "fa", date(2025, 1, 9)),
        ("این هیات روز یکشنبه وارد دوحه شد.", "fa", SUNDAY),
        ("أعلنت الوزارة يوم السبت الحصيلة.", "ar", date(2025, 1, 11)),
        ("أعلنت الوزارة الإثنين الحصيلة.", "ar", date(2025, 1, 6)),
    ],
)
def test_weekday(sentence, language, want):
    assert _sentence_date(sentence, SUNDAY, language) == (want, "weekday")


@pytest.mark.parametrize(
    ("sentence", "language", "want"),
    [
        ("The ministry said yesterday that 46,537 had been killed.", "en", date(2025, 1, 11)),
        ("Strikes overnight killed 30 people.", "en", date(2025, 1, 11)),
        ("Talks resume today in Doha.", "en", SUNDAY),
        ("A delegation will travel tomorrow.", "en", date(2025, 1, 13)),
        ("Talks resumed last week in Qatar.", "en", date(2025, 1, 5)),
        ("وزارت صحت دیروز اعلام کرد.", "fa", date(2025, 1, 11)),
        ("وزارت صحت امروز اعلام کرد.", "fa", SUNDAY),
        ("أعلنت الوزارة أمس الحصيلة.", "ar", date(2025, 1, 11)),
        ("أعلنت الوزارة اليوم الحصيلة.", "ar", SUNDAY),
        ("استؤنفت المفاوضات الأسبوع الماضي.", "ar", date(2025, 1, 5)),
    ],
)
def test_relative(sentence, language, want):
    assert _sentence_date(sentence, SUNDAY, language) == (want, "relative")


def test_stated_beats_weekday_beats_relative():
    assert _sentence_date("On Saturday the ministry revised its 20 December toll.", SUNDAY) == (date(2024, 12, 20), "stated")
    assert _sentence_date("Yesterday, on Friday, the ministry spoke.", SUNDAY) == (date(2025, 1, 10), "weekday")


def test_article_date_and_unknown():
    assert _sentence_date("Talks continue in Doha.", SUNDAY) == (SUNDAY, "article_date")
    assert _sentence_date("Talks continue in Doha.", None) == (None, "unknown")
    assert _sentence_date("The ministry said on Saturday that talks failed.", None) == (None, "unknown")
    assert _sentence_date("The ministry said yesterday that talks failed.", None) == (None, "unknown")
    assert _sentence_date("Talks resumed on October 23.", None) == (None, "unknown")


def test_sentence_rows_and_columns_are_kept():
    frame = pl.DataFrame(
        {
            "article_id": ["a", "a", "b"],
            "sentence_id": [0, 1, 0],
            "language": ["en", "en", "fa"],
            "sentence": ["Talks resumed on Saturday.", "Nothing here.", "وزارت صحت دیروز اعلام کرد."],
            "published_on": [SUNDAY, SUNDAY, None],
        },
        schema_overrides={"published_on": pl.Date},
    )
    out = sentence_dates(frame)
    assert out.columns == [*frame.columns, "sentence_date", "sentence_date_basis"]
    assert out.select(frame.columns).equals(frame)
    assert out["sentence_date_basis"].to_list() == ["weekday", "article_date", "unknown"]


def test_reference_series_dates_only_a_cumulative_gaza_figure_of_the_series():
    from orchestration import settings
    from orchestration.extraction.reference_dating import dates_from_reference, load_reference

    articles = pl.DataFrame({
        "article_id": ["toll", "trucks", "other", "none"],
        "language": ["en"] * 4,
        "body": [
            "The Gaza health ministry said the death toll had risen to 7,028 since the war began.",
            "Aid agencies said 7,028 trucks had entered Gaza since the war began.",
            "The ministry said 7,029 people had been killed in Gaza since the war began.",
            "Talks resumed in Doha on Monday.",
        ],
    })
    found = dates_from_reference(articles, load_reference(settings.REFERENCE_SERIES_CSV))
    assert found.rows() == [("toll", date(2023, 10, 26))]
    assert dates_from_reference(articles.filter(pl.col("article_id") == "none"), load_reference(settings.REFERENCE_SERIES_CSV)).height == 0


def test_reference_series_match_narrowed_by_a_month_only_url():
    from orchestration import settings
    from orchestration.extraction.reference_dating import dates_from_reference, load_reference

    body = "The Gaza health ministry said the death toll had risen to 7,028 since the war began."
    articles = pl.DataFrame(
        {
            "article_id": ["same_month", "other_month", "no_url", "day_url"],
            "language": ["en"] * 4,
            "body": [body] * 4,
            "url": ["https://e.com/2023/10/toll", "https://e.com/2024/03/toll", None, "https://e.com/x"],
        }
    )
    found = dates_from_reference(articles, load_reference(settings.REFERENCE_SERIES_CSV))
    assert sorted(found.rows()) == [
        ("day_url", date(2023, 10, 26)),
        ("no_url", date(2023, 10, 26)),
        ("same_month", date(2023, 10, 26)),
    ]


# --- page stamps read by shape (stamp_templates.py) ----------------------------------------

_SHAPE_CASES = [
    *(f"{d}/{m}/2024" for d, m in ((6, 5), (25, 5), (5, 25), (15, 23), (31, 6), (3, 3))),
    *(f"{d:02d}.{m:02d}.2023" for d, m in ((6, 5), (25, 11), (11, 25))),
    *(f"2024-{m:02d}-{d:02d}" for m, d in ((5, 6), (11, 25), (2, 30))),
    *(f"{d} {month} 2024" for d in (1, 6, 15, 31) for month in ("May", "Nov", "June", "February")),
    *(f"{month} {d}, 2023" for d in (2, 22, 30) for month in ("October", "Nov.", "February")),
    "22nd November 2023", "3rd of May, 2024", "1th May 2024",
]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_stamps_read_by_shape_as_dateparser_reads_them(language: str) -> None:
    """Every string reads the same through its shape as through dateparser itself, including
    days that do not exist (fallback), numeric orders that flip at 12, and glued ordinals."""
    from orchestration.extraction.stamp_reading import DAY_FIRST, _dateparser, _parse

    arabic = ["6 مايو 2024", "16 ديسمبر 2023", "30 فبراير 2024", "7 أيار 2024", "13 أيار 2024"]
    for text in _SHAPE_CASES + (arabic if language == "ar" else []):
        assert _parse(text, language) == _dateparser.__wrapped__(text, language, DAY_FIRST), text
