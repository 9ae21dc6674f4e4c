"""Bytes to text: byte-order marks, UTF-8, then a legacy code page found by charset-normalizer.

A NUL byte anywhere in a text that is not UTF-16/32 makes it binary: the extractor uses low
control characters as markers, and a stray NUL is how a corrupt or binary file shows.
"""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from orchestration.ingest.files import Unreadable

# Longest marks first: the UTF-32 LE mark starts with the UTF-16 LE one.
BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
WIDE_ENCODINGS = ["utf_16", "utf_16_le", "utf_16_be", "utf_32", "utf_32_le", "utf_32_be"]
# The code pages our three languages are saved in. Letting charset-normalizer pick among every
# code page it knows reads short English text as Central European or Baltic (cp1250, cp775).
LEGACY_ENCODINGS = ["cp1252", "latin_1", "iso8859_15", "cp1256", "iso8859_6", "cp720", "cp864", "mac_arabic"]
# When several code pages give the same text, name the usual one.
PREFERRED = ("cp1252", "cp1256")


def _detect(data: bytes, candidates: list[str]) -> tuple[str, str] | None:
    match = from_bytes(data, cp_isolation=candidates).best()
    if match is None:
        return None
    encoding = next((e for e in PREFERRED if e in match.could_be_from_charset), match.encoding)
    return data.decode(encoding), encoding


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding name); Unreadable when the bytes are binary or no encoding fits."""
    text, encoding = _decode(data)
    if "\x00" in text:
        raise Unreadable(f"binary file (a NUL character at offset {text.index(chr(0)):,} of the {encoding} text), not text")
    return text, encoding


def _decode(data: bytes) -> tuple[str, str]:
    for mark, encoding in BYTE_ORDER_MARKS:
        if data.startswith(mark):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise Unreadable(f"starts with a {encoding} byte-order mark but is not {encoding} "
                                 f"(bad bytes at offset {exc.start:,})") from None
    nul = data.find(b"\x00")
    if nul >= 0:
        wide = _detect(data, WIDE_ENCODINGS)
        if wide is None:
            raise Unreadable(f"binary file (a NUL byte at offset {nul:,}), not text")
        return wide
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        legacy = _detect(data, LEGACY_ENCODINGS + WIDE_ENCODINGS)
        if legacy is None:
            raise Unreadable(
                f"encoding cannot be determined (not UTF-8: byte 0x{data[exc.start]:02x} at offset {exc.start:,}, "
                "and no Windows-1252/1256 or other known code page reads it cleanly); save it as UTF-8"
            ) from None
        return legacy
