"""Reading the article folder: bad files are reported by name and problem, good ones pass."""

from __future__ import annotations

from orchestration.article_files import MAX_BYTES, list_article_files, read_files


def _read(tmp_path, name: str, data: bytes) -> dict:
    (tmp_path / name).write_bytes(data)
    frame = read_files(list_article_files(tmp_path), tmp_path)
    return frame.filter(frame["source_path"] == name).to_dicts()[0]


def test_good_utf8_file(tmp_path):
    row = _read(tmp_path, "ok.txt", "Israeli strikes killed 25 people in Gaza on Monday.".encode())
    assert row["status"] == "ok" and row["problem"] is None and row["encoding"] == "utf-8"


def test_utf16_with_bom_is_decoded(tmp_path):
    row = _read(tmp_path, "wide.txt", "وزارت صحت غزه گفت که ۲۵ نفر کشته شدند".encode("utf-16"))
    assert row["status"] == "ok" and row["encoding"] == "utf-16"


def test_html_is_reduced_to_text(tmp_path):
    html = b"<html><body><script>var x=1;</script><p>Talks resumed in Doha on Monday, officials said.</p></body></html>"
    row = _read(tmp_path, "page.html", html)
    assert row["status"] == "ok"
    assert "Talks resumed in Doha" in row["raw_text"] and "var x" not in row["raw_text"]
    assert row["problem"] == "page.html: HTML markup removed"


def test_bad_files_are_rejected_with_their_name(tmp_path):
    assert _read(tmp_path, "empty.txt", b"   \n")["problem"] == "empty.txt: empty file"
    assert _read(tmp_path, "big.txt", b"a" * (MAX_BYTES + 1))["problem"].startswith("big.txt: too large")
    assert _read(tmp_path, "bin.txt", b"\x00\x01\x02" * 100)["problem"].startswith("bin.txt: binary file")
    cp1252 = _read(tmp_path, "cp.txt", "Le ministère a déclaré".encode("cp1252"))
    assert cp1252["status"] == "rejected" and "not valid UTF-8" in cp1252["problem"] and "offset" in cp1252["problem"]
    assert _read(tmp_path, "digits.txt", b"12 34 56 78 90 12,345 6789")["problem"].startswith("digits.txt: no readable text")


def test_sidecar_metadata_date(tmp_path):
    (tmp_path / "a.json").write_text('{"published_on": "2024-05-06"}', encoding="utf-8")
    row = _read(tmp_path, "a.txt", "Talks resumed in Cairo, officials said on Monday.".encode())
    assert row["metadata_date"].isoformat() == "2024-05-06"


def test_text_checks_reject_whole_files_and_keep_their_encoding(tmp_path):
    controls = _read(tmp_path, "ctrl.txt", b"abcdefghijklmnopqrstuvwxyz\x01\x02\x03\x04")
    assert controls["problem"] == "ctrl.txt: binary or corrupt text (control characters)"
    assert controls["status"] == "rejected" and controls["encoding"] == "utf-8" and controls["raw_text"] is None
    # One control character in more than a hundred characters is within the limit; tabs and newlines never count.
    assert _read(tmp_path, "one.txt", b"a" * 120 + b"\x01\t\n\r")["status"] == "ok"
    short_page = _read(tmp_path, "short.html", b"<p>too short</p>")
    assert short_page["problem"] == "short.html: no readable text (fewer than 20 letters)"
    assert short_page["metadata_date"] is None


def test_folder_listing_in_path_order_one_entry_per_file(tmp_path):
    from pathlib import Path

    for name in ["a-c.txt", "a/b.txt", "a/z/deep.md", "B.html", "notes.json", "a/skip.csv", ".hidden.txt"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("Talks resumed in Doha, officials said on Monday.", encoding="utf-8")
    (tmp_path / "link").symlink_to(tmp_path / "a")  # a link to a folder is not walked
    listed = list_article_files(tmp_path)
    expected = sorted(p for p in tmp_path.rglob("*") if p.is_file() and p.suffix.lower() in {".txt", ".md", ".html"})
    assert listed == expected
    assert [p.relative_to(tmp_path).as_posix() for p in listed][:3] == [".hidden.txt", "B.html", "a/b.txt"]
    assert all(isinstance(p, Path) for p in listed)
