"""The local DRS's simulated clock.

Simulated time = a fixed origin + (real elapsed time × ``time_scale``) + manual offset.
``time_scale=0`` freezes it (tests then move it with `advance`), ``60`` makes a minute of
task life pass every second (demos).
"""

from __future__ import annotations

import threading
import time


class SimClock:
    def __init__(self, time_scale: float = 1.0, start_ms: int | None = None) -> None:
        if time_scale < 0:
            raise ValueError("time_scale must be >= 0")
        self._lock = threading.Lock()
        self._scale = float(time_scale)
        self._origin_ms = int(time.time() * 1000) if start_ms is None else int(start_ms)
        self._real0 = time.monotonic()
        self._offset_ms = 0.0

    @property
    def time_scale(self) -> float:
        return self._scale

    @time_scale.setter
    def time_scale(self, value: float) -> None:
        if value < 0:
            raise ValueError("time_scale must be >= 0")
        with self._lock:
            # Re-base so that changing speed does not jump the clock.
            now = self._now_locked()
            self._origin_ms, self._real0, self._offset_ms, self._scale = now, time.monotonic(), 0.0, float(value)

    def _now_locked(self) -> int:
        elapsed = (time.monotonic() - self._real0) * 1000.0 * self._scale
        return int(self._origin_ms + elapsed + self._offset_ms)

    def now_ms(self) -> int:
        with self._lock:
            return self._now_locked()

    def advance(self, seconds: float) -> int:
        """Move simulated time forward (tests, demos); returns the new time in ms."""
        if seconds < 0:
            raise ValueError("time only moves forward")
        with self._lock:
            self._offset_ms += seconds * 1000.0
            return self._now_locked()

    def wall_ms(self) -> int:
        """Real wall-clock time (for signature date checks, which are about real clocks)."""
        return int(time.time() * 1000)
