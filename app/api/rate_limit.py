"""Per-client request limits: a sliding one-minute window for each kind of request.

Kept in the process's memory, so each worker counts on its own; that bounds guessing and
flooding without a shared store.
"""

import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Request

from app.api.errors import AppError

WINDOW_SECONDS = 60.0
MAX_TRACKED_CLIENTS = 50_000  # past this, clients idle for a whole window are forgotten


class RateLimiter:
    """Counts events per (kind, client) over the last minute."""

    def __init__(self, limits: dict[str, int], clock: Callable[[], float] = time.monotonic):
        self.limits = limits  # kind -> events allowed per window
        self.clock = clock
        self._events: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    def retry_after(self, kind: str, client: str) -> float:
        """Seconds until `client` may do `kind` again; 0 when allowed now."""
        with self._lock:
            events = self._recent(kind, client)
            if len(events) < self.limits[kind]:
                return 0.0
            return max(events[0] + WINDOW_SECONDS - self.clock(), 0.001)

    def record(self, kind: str, client: str) -> None:
        with self._lock:
            self._recent(kind, client).append(self.clock())
            if len(self._events) > MAX_TRACKED_CLIENTS:
                self._forget_idle()

    def take(self, kind: str, client: str) -> float:
        """Record one event if allowed; otherwise return the seconds to wait (and record nothing)."""
        wait = self.retry_after(kind, client)
        if not wait:
            self.record(kind, client)
        return wait

    def _recent(self, kind: str, client: str) -> deque[float]:
        events = self._events.setdefault((kind, client), deque())
        cutoff = self.clock() - WINDOW_SECONDS
        while events and events[0] <= cutoff:
            events.popleft()
        return events

    def _forget_idle(self) -> None:
        cutoff = self.clock() - WINDOW_SECONDS
        for key in [k for k, events in self._events.items() if not events or events[-1] <= cutoff]:
            del self._events[key]


def client_of(request: Request) -> str:
    """The client's address (behind a proxy, run uvicorn with --proxy-headers so this is the real one)."""
    return request.client.host if request.client else "unknown"


def too_many(wait: float, what: str) -> AppError:
    seconds = max(1, round(wait))
    return AppError(429, f"too many {what} from this address; try again in {seconds} s",
                    headers={"Retry-After": str(seconds)})


def limited(kind: str, what: str):
    """A route dependency that allows `kind` a limited number of times a minute per client."""

    async def check(request: Request) -> None:
        wait = request.app.state.rate_limiter.take(kind, client_of(request))
        if wait:
            raise too_many(wait, what)

    return Depends(check)


CreationLimit = Annotated[None, limited("creations", "new calls or sessions")]
ScoringLimit = Annotated[None, limited("scoring", "scored replies")]
