"""Logging: JSON lines in production (LOG_FORMAT=json), and one line per request with its timing."""

import logging
import time

from flask import Flask, g, request
from pythonjsonlogger.json import JsonFormatter

log = logging.getLogger("frontend.requests")


class _SiteHandler(logging.StreamHandler):
    """Ours, so a second app in the same process (tests) does not add another."""


def configure(app: Flask) -> None:
    root = logging.getLogger()
    handler = next((h for h in root.handlers if isinstance(h, _SiteHandler)), None)
    if handler is None:
        handler = _SiteHandler()
        root.addHandler(handler)
    if app.config["LOG_FORMAT"] == "json":
        handler.setFormatter(JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.setLevel(app.config["LOG_LEVEL"])

    @app.before_request
    def start_timer():
        g.request_started = time.perf_counter()

    @app.after_request
    def log_request(response):
        if log.isEnabledFor(logging.INFO):
            record(request.method, request.full_path.rstrip("?"), response.status_code,
                   response.headers.get("X-Cache"), g.get("request_started"))
        return response


def record(method: str, path: str, status: int, cache: str | None, started: float | None) -> None:
    """One line per request: method, path, status, duration and the page cache's answer."""
    duration = round((time.perf_counter() - started) * 1000, 1) if started else None
    log.info(
        "%s %s %s",
        method,
        path,
        status,
        extra={"method": method, "path": path, "status": status, "duration_ms": duration, "cache": cache},
    )


def record_fast_hit(environ, status: int, cache: str, started: float) -> None:
    """The same line for pages the page cache's fast path answered before Flask saw them."""
    if log.isEnabledFor(logging.INFO):
        query = environ.get("QUERY_STRING")
        path = environ.get("PATH_INFO", "") + (f"?{query}" if query else "")
        record(environ["REQUEST_METHOD"], path, status, cache, started)
