"""One folder holding every kind of bad input next to good articles, ingested in one run.

Every good article is ingested with its facts (legacy code pages and UTF-16 without a byte-order
mark included); every bad file is reported by name with its problem in `raw.article_files`, as
one line starting with its path; nothing else is lost and the run succeeds. The articles are
invented for the test."""

from __future__ import annotations

import json
import os
from pathlib import Path

import duckdb
import pytest

import orchestration.article_files as article_files
from orchestration.article_files import MAX_BYTES
from tests.conftest import materialize_everything

# name -> (bytes, a casualty figure the article must keep)
GOOD = {
    "good_en.txt": ("Israeli strikes killed 25 people in Gaza City on Sunday, the health ministry said.\n"
                    "Ambulance crews said more bodies were expected.".encode(), 25),
    "good_fa.txt": ("وزارت بهداشت غزه روز یکشنبه اعلام کرد که ۳۳ نفر در حملات هوایی اسرائیل بر رفح کشته شدند.".encode(), 33),
    "legacy_ar_1256.txt": ("قالت وزارة الصحة في غزة إن 40 شخصا قتلوا في غارات إسرائيلية على خان يونس خلال الليل."
                           .encode("cp1256"), 40),
    "legacy_en_1252.txt": ("The ministry\u2019s spokesman said 45 people were killed \u2014 including 12 children \u2014 "
                           "in strikes on Deir al-Balah.".encode("cp1252"), 45),
    "utf16_no_bom.txt": ("Medics said 18 people were killed in an air strike on Nuseirat camp in central Gaza."
                         .encode("utf-16-le"), 18),
    "bad_sidecar_date.txt": ("Civil defence crews said 7 people were killed when a house collapsed in Jabalia after a strike."
                             .encode(), 7),
}
ENCODINGS = {"legacy_ar_1256.txt": "cp1256", "legacy_en_1252.txt": "cp1252", "utf16_no_bom.txt": "utf_16_le",
             "good_en.txt": "utf-8", "good_fa.txt": "utf-8", "bad_sidecar_date.txt": "utf-8"}
_LONG = ("Negotiators met again in Cairo, officials said, and the talks will resume next week.\n" * 130).encode()


def _bad_files(folder: Path) -> dict[str, str]:
    """Write the bad files; returns name -> the problem it must be reported with."""
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    (folder / "nul_at_9500.txt").write_bytes(_LONG[:9_500] + b"\x00" + _LONG[9_500:])
    (folder / "oversized.txt").write_bytes(b"Gaza " * (MAX_BYTES // 5 + 1))
    with open(folder / "sparse.txt", "wb") as sparse:
        sparse.truncate(3_000_000_000)
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    (folder / "dangling.txt").symlink_to(folder / "gone_before.txt")
    for name in ("vanishing.txt", "becomes_folder.txt"):
        (folder / name).write_bytes(GOOD["good_en.txt"][0])
    missing = os.path.realpath(folder / "gone_before.txt")
    return {
        "empty.txt": "empty.txt: empty file",
        "binary.txt": "binary.txt: binary file (a NUL byte at offset 8), not text",
        "nul_at_9500.txt": "nul_at_9500.txt: binary file (a NUL byte at offset 9,500), not text",
        "oversized.txt": f"oversized.txt: too large ({MAX_BYTES + 5:,} bytes; the limit is {MAX_BYTES:,}); not read",
        "sparse.txt": f"sparse.txt: too large (3,000,000,000 bytes; the limit is {MAX_BYTES:,}); not read",
        "passwd.txt": "passwd.txt: refused: it resolves to /etc/passwd, outside the article folder; not read",
        "dangling.txt": f"dangling.txt: dangling symbolic link (its target {missing} does not exist); skipped",
        "vanishing.txt": "vanishing.txt: vanished between listing and reading (deleted or moved); skipped",
        "becomes_folder.txt": "becomes_folder.txt: became a folder between listing and reading; skipped",
    }


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("bad_input")
    folder = root / "articles"
    folder.mkdir()
    for name, (data, _) in GOOD.items():
        (folder / name).write_bytes(data)
    (folder / "bad_sidecar_date.json").write_text(json.dumps({"published_on": "2024-13-45"}), encoding="utf-8")
    expected_problems = _bad_files(folder)

    # The folder changes under the ingest: between the listing and the read, one file is
    # deleted and another is replaced by a folder of the same name.
    read_bounded = article_files.read_bounded

    def moving_folder(real: str, limit: int):
        name = os.path.basename(real)
        if name in ("vanishing.txt", "becomes_folder.txt"):
            os.unlink(real)
            if name == "becomes_folder.txt":
                os.mkdir(real)
        return read_bounded(real, limit)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(article_files, "read_bounded", moving_folder)
        result = materialize_everything(folder, root / "warehouse.duckdb")
    return result, root / "warehouse.duckdb", expected_problems


def _rows(warehouse: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        return conn.execute(sql).fetchall()


def test_the_run_succeeds(bad_run):
    result, _, _ = bad_run
    assert result.success


def test_every_bad_file_is_reported_by_name_with_its_problem(bad_run):
    _, warehouse, expected = bad_run
    rejected = dict(_rows(warehouse, "select source_path, problem from raw.article_files where status = 'rejected'"))
    assert rejected == expected
    assert all("\n" not in problem for problem in rejected.values())


def test_nothing_of_a_bad_file_is_kept(bad_run):
    _, warehouse, _ = bad_run
    kept = _rows(warehouse, """select count(*) from raw.article_files where status = 'rejected'
                               and (raw_text is not null or url is not null or metadata_date is not null)""")
    assert kept == [(0,)]
    assert _rows(warehouse, "select count(*) from raw.articles where body like '%root:%'") == [(0,)]


def test_every_good_article_is_ingested_with_its_encoding_and_facts(bad_run):
    _, warehouse, _ = bad_run
    files = _rows(warehouse, "select source_path, encoding, problem from raw.article_files where status = 'ok'")
    assert {path: encoding for path, encoding, _ in files} == ENCODINGS
    facts = dict(_rows(warehouse, """
        select a.source_path, list(f.value) from raw.articles a join extracted.casualty_facts f using (article_id)
        group by 1"""))
    assert set(facts) == set(GOOD)
    for name, (_, value) in GOOD.items():
        assert value in facts[name], name
    assert _rows(warehouse, "select count(*) from raw.articles") == [(len(GOOD),)]


def test_decoded_legacy_text_is_the_text_that_was_written(bad_run):
    _, warehouse, _ = bad_run
    bodies = dict(_rows(warehouse, "select source_path, body from raw.articles"))
    assert bodies["legacy_en_1252.txt"].startswith("The ministry\u2019s spokesman said 45 people were killed \u2014 including")
    assert "خان يونس" in bodies["legacy_ar_1256.txt"]
    assert bodies["utf16_no_bom.txt"].startswith("Medics said 18 people were killed")


def test_a_bad_sidecar_date_is_a_warning_naming_the_sidecar_and_the_value(bad_run):
    _, warehouse, _ = bad_run
    row = _rows(warehouse, """select status, problem, metadata_date from raw.article_files
                              where source_path = 'bad_sidecar_date.txt'""")
    assert row == [("ok", "bad_sidecar_date.txt: sidecar bad_sidecar_date.json: published_on '2024-13-45' is not a full "
                          "date (day, month and year); date ignored", None)]
    assert _rows(warehouse, "select published_on_basis from raw.articles where source_path = 'bad_sidecar_date.txt'") \
        == [("unknown",)]


def test_the_terminal_summary_names_every_bad_file_with_its_problem(bad_run, monkeypatch, capsys):
    from orchestration.cli import print_summary

    _, warehouse, expected = bad_run
    monkeypatch.setenv("CEASEFIRE_WAREHOUSE", str(warehouse))
    print_summary()
    out = capsys.readouterr().out
    problems = dict(_rows(warehouse, "select source_path, problem from raw.article_files where status = 'rejected'"))
    assert set(problems) >= set(expected)
    for path, problem in problems.items():
        assert f"  {problem}" in out, path
