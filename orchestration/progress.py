"""Progress lines of a run, per stage with counts.

Assets report through `report(context, text)`: the line goes to the run's log (UI, last_run.log)
and, when the main command is running in a terminal, to that terminal as well.
"""

from __future__ import annotations

import sys
from typing import TextIO

_terminal: TextIO | None = None


def show_on(stream: TextIO | None) -> None:
    """Send progress lines to `stream` too (the main command passes its terminal; None stops)."""
    global _terminal
    _terminal = stream


def report(context, text: str) -> None:
    context.log.info(text)
    if _terminal is not None:
        print(f"  {text}", file=_terminal, flush=True)


def say(text: str) -> None:
    """A line of the main command itself (not of a step)."""
    print(text, file=_terminal or sys.stdout, flush=True)
