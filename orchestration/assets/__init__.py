"""Dagster assets, one module per stage: ingest, normalize, extract, transform, report."""
