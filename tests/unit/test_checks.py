"""Our asset checks, on a small warehouse: offsets must read back as the figure, only the given articles are checked."""

from __future__ import annotations

from orchestration.checks import articles_have_language_and_date_basis, offsets_point_at_figures
from orchestration.warehouse import connect, ensure_schema


def test_offset_check_reads_each_figure_back_from_the_body(tmp_path):
    with connect(tmp_path / "w.duckdb") as conn:
        ensure_schema(conn)
        for article_id, body in [("a1", "The toll rose to 46,660 on Sunday."), ("a2", "Four hostages were freed.")]:
            conn.execute("insert into raw.articles (article_id, source_path, ingested_at, language, title, body, published_on, "
                "published_on_basis, duplicate_paragraphs, extractor_version) values (?, 'x.txt', now(), 'en', null, ?, null, 'unknown', 0, 'v')", [article_id, body])
        facts = [("f1", "a1", 46660, "The toll rose to 46,660 on Sunday.", 17, 23),
                 ("f2", "a2", 4, "Four hostages were freed.", 0, 4),
                 ("f3", "a2", 5, "Four hostages were freed.", 0, 4)]  # wrong value
        for fact_id, article_id, value, sentence, start, end in facts:
            conn.execute(
                "insert into extracted.casualty_facts values (?, ?, 'killed', 'all', 'gaza', 'cumulative', 'exact', ?, null, null, 'unknown', ?, ?, ?)",
                [fact_id, article_id, value, sentence, start, end],
            )
        good = offsets_point_at_figures(conn, "casualty_facts", ["a1"])
        bad = offsets_point_at_figures(conn, "casualty_facts", ["a1", "a2"])
        none = offsets_point_at_figures(conn, "casualty_facts", [])
        languages = articles_have_language_and_date_basis(conn)
    assert good.passed and good.metadata["facts_checked"].value == 1
    assert not bad.passed and bad.metadata["failing_fact_ids"].value == "f3" and bad.metadata["facts_checked"].value == 3
    assert none.passed and none.metadata["facts_checked"].value == 0
    assert good.check_name == "casualty_offsets_point_at_figures" and good.asset_key.path == ["extracted", "casualty_facts"]
    assert languages.passed and languages.metadata["undated_articles"].value == 2
