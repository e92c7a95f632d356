"""Progress of a long run on stderr: done / total, rate, time left.

On a terminal the line is redrawn in place (about 4 times a second); otherwise (a log, a
cluster job) a plain line is written every ``interval`` seconds, so a batch that runs for an
hour says where it is without flooding its log. ``MARSAD_NO_PROGRESS=1`` silences it;
``MARSAD_PROGRESS=1`` forces the plain lines even when stderr is not a terminal and the
caller did not ask for them.
"""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    if seconds >= 3600:
        return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
    if seconds >= 60:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds}s"


class Progress:
    """``with Progress("analyze", total=n) as p: ... p.advance(k)``."""

    def __init__(self, label: str, total: int | None = None, unit: str = "docs", *,
                 stream: TextIO | None = None, enabled: bool | None = None,
                 interval: float = 10.0) -> None:
        self.label = label
        self.total = total
        self.unit = unit
        self.stream = stream or sys.stderr
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        if os.environ.get("MARSAD_NO_PROGRESS"):
            enabled = False
        elif enabled is None:
            enabled = self.tty or bool(os.environ.get("MARSAD_PROGRESS"))
        self.enabled = enabled
        self.interval = 0.25 if self.tty else interval
        self.done = 0
        self.start = time.monotonic()
        self._last = 0.0
        self._width = 0

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def advance(self, n: int = 1) -> None:
        self.done += n
        if self.enabled:
            now = time.monotonic()
            if now - self._last >= self.interval:
                self._last = now
                self._show(now)

    def line(self, now: float | None = None) -> str:
        """``label: done/total (pct) rate unit/s, ETA``."""
        now = time.monotonic() if now is None else now
        elapsed = max(now - self.start, 1e-9)
        rate = self.done / elapsed
        text = f"{self.label}: {self.done:,}"
        if self.total:
            text += f"/{self.total:,} ({100 * self.done / self.total:.0f}%)"
        text += f" {self.unit}, {rate:,.0f} {self.unit}/s"
        if self.total and rate > 0 and self.done < self.total:
            text += f", ETA {_duration((self.total - self.done) / rate)}"
        else:
            text += f", {_duration(elapsed)}"
        return text

    def _show(self, now: float) -> None:
        text = self.line(now)
        if self.tty:
            pad = max(0, self._width - len(text))
            self.stream.write("\r" + text + " " * pad)
            self._width = len(text)
        else:
            self.stream.write(text + "\n")
        self.stream.flush()

    def close(self) -> None:
        if not self.enabled:
            return
        self._show(time.monotonic())
        if self.tty:
            self.stream.write("\n")
        self.stream.flush()
        self.enabled = False
