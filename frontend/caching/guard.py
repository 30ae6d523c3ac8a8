"""The cache is an optimisation: when its store fails, pages are served without it.

`StoreGuard` wraps every call to the shared cache and the coordination store. A call
that fails (Redis down or frozen, a cache folder deleted or unwritable) gives the
caller's fallback instead of an error, marks the store as down for `retry_after`
seconds (so a frozen store costs one timeout, not one per request), logs one warning
per `warn_every` seconds, and tries the store again by itself afterwards: no restart.
That retry is one call at a time (the others get their fallback meanwhile), so a store
that is still frozen costs one timeout per `retry_after`, not one per waiting thread.
`/healthz` reads `problem()` to say which part is degraded.
"""

import logging
import threading
import time

log = logging.getLogger(__name__)


class StoreGuard:
    def __init__(self, name: str, *, retry_after: float = 2.0, warn_every: float = 60.0):
        self.name = name
        self.retry_after = retry_after
        self.warn_every = warn_every
        self.lock = threading.Lock()
        self.probe = threading.Lock()  # held by the one call that tries a store that was down
        self.down_until = 0.0  # monotonic time before which the store is not asked
        self.last_error: str | None = None
        self.last_warning = float("-inf")
        self.on_recovery = []  # callables run once when the store answers again

    def available(self) -> bool:
        return time.monotonic() >= self.down_until

    def call(self, function, *args, fallback=None, **kwargs):
        """`function(*args, **kwargs)`, or `fallback` if the store is down or fails now."""
        if not self.available():
            return fallback
        probing = self.last_error is not None
        if probing and not self.probe.acquire(blocking=False):
            return fallback  # another call is finding out whether the store is back
        try:
            result = function(*args, **kwargs)
        except Exception as error:  # any store failure: the page is served without it
            self.failed(error)
            return fallback
        finally:
            if probing:
                self.probe.release()
        if self.last_error is not None:
            self.recovered()
        return result

    def failed(self, error: Exception) -> None:
        now = time.monotonic()
        with self.lock:
            self.down_until = now + self.retry_after
            self.last_error = f"{type(error).__name__}: {error}"
            warn = now - self.last_warning >= self.warn_every
            if warn:
                self.last_warning = now
        if warn:
            log.warning(
                "The %s is unavailable (%s); serving pages without it and trying again every %ss",
                self.name,
                self.last_error,
                self.retry_after,
            )

    def recovered(self) -> None:
        with self.lock:
            if self.last_error is None:
                return
            self.last_error = None
        log.info("The %s is available again", self.name)
        for callback in self.on_recovery:
            callback()

    def problem(self) -> str | None:
        """Why the store is considered down, or None when it is fine."""
        return self.last_error
