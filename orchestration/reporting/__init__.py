"""Reporting: pure drawing code for the report assets (orchestration/assets/report.py)."""
