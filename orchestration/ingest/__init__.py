"""Readers of the article folder, one module per concern.

- `files`: open a listed path safely (inside the folder, bounded, tolerant of a folder that
  changes under the ingest);
- `encodings`: bytes to text (UTF-8, byte-order marks, legacy code pages via charset-normalizer);
- `metadata`: dates, URLs and the `name.json` sidecar;
- `pages`: saved web pages through trafilatura;
- `feeds`: JSONL and CSV feeds, one article per line or row.

`orchestration.article_files` puts them together into rows of `raw.article_files`.
"""
