"""Logging: JSON lines in production (LOG_FORMAT=json), and one line per request with its timing."""

import logging
import time

from flask import Flask
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


class RequestLog:
    """WSGI middleware: one line per request, whoever answered it (Flask or the fast path)."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        if not log.isEnabledFor(logging.INFO):
            return self.wsgi_app(environ, start_response)
        started = time.perf_counter()

        def logged(status, headers, exc_info=None):
            cache = next((value for name, value in headers if name == "X-Cache"), None)
            query = environ.get("QUERY_STRING")
            path = environ.get("PATH_INFO", "") + (f"?{query}" if query else "")
            record(environ.get("REQUEST_METHOD", ""), path, int(status.split(" ", 1)[0]), cache, started)
            return start_response(status, headers, exc_info)

        return self.wsgi_app(environ, logged)


def record(method: str, path: str, status: int, cache: str | None, started: float) -> None:
    """Method, path, status, the time until the answer started and the page cache's answer."""
    duration = round((time.perf_counter() - started) * 1000, 1)
    log.info(
        "%s %s %s",
        method,
        path,
        status,
        extra={"method": method, "path": path, "status": status, "duration_ms": duration, "cache": cache},
    )
