"""The daily schedule and the new-articles sensor."""

from __future__ import annotations

import os

from dagster import RunRequest, SkipReason, build_sensor_context

from orchestration.automation import daily_schedule, new_articles_sensor


def test_daily_schedule_runs_the_whole_job():
    assert daily_schedule.cron_schedule == "0 6 * * *"
    assert daily_schedule.job_name == "ceasefire_ledger_job"


def test_sensor_requests_a_run_only_when_files_arrive(tmp_path, monkeypatch):
    monkeypatch.setenv("CEASEFIRE_ARTICLES_DIR", str(tmp_path))
    (tmp_path / "a.txt").write_text("first article", encoding="utf-8")

    first = new_articles_sensor(build_sensor_context())
    assert isinstance(first, RunRequest)

    context = build_sensor_context(cursor=_cursor_after(first, tmp_path))
    assert isinstance(new_articles_sensor(context), SkipReason)

    (tmp_path / "b.txt").write_text("second article", encoding="utf-8")
    os.utime(tmp_path / "b.txt", ns=(10**19, 10**19))
    assert isinstance(new_articles_sensor(build_sensor_context(cursor=context.cursor)), RunRequest)


def _cursor_after(_request, folder):
    import json

    from orchestration.automation import folder_state

    return json.dumps(folder_state(folder))
