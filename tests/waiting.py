"""Waiting for a condition with a deadline, instead of sleeping for a fixed time."""

import time


def wait_until(condition, timeout: float = 10.0, interval: float = 0.05, what: str = ""):
    """Call `condition()` until it returns something truthy, and return that value.

    Fails the test after `timeout` seconds, naming what was awaited (`what`, else the
    condition's name) and the last value or error seen.
    """
    deadline = time.monotonic() + timeout
    last = None
    while True:
        try:
            last = condition()
        except Exception as error:  # e.g. a server not listening yet
            last = error
        else:
            if last:
                return last
        if time.monotonic() >= deadline:
            name = what or getattr(condition, "__name__", repr(condition))
            raise AssertionError(f"gave up after {timeout} s waiting for {name}; last saw {last!r}")
        time.sleep(interval)
