"""Benchmarks of the extraction library and the pipeline on synthetic corpora (see README.md)."""
