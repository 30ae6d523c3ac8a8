"""Gzip for the site's HTML, JSON and XML answers, for readers whose Accept-Encoding allows it.

A WSGI middleware rather than an extension inside Flask (flask-compress works in
`after_request`), because the page cache's fast path answers without Flask. A cached page
is the same bytes object on every hit, so its compressed copy is kept in a small LRU keyed
by the body: a hit costs a lookup, not a compression. Static files never get here
(WhiteNoise serves them, precompressed, in front).

Compressed answers get a weak ETag (`W/"..."`: the same page, not the same bytes, as
nginx and Django do it); conditional requests compare ETags weakly, so a reader's
`If-None-Match` still gets a 304. `Vary: Accept-Encoding` is on every answer that could
be compressed, so caches in front keep both versions apart. SITE_GZIP=off leaves
compression to a proxy in front.
"""

import gzip
import threading
from functools import lru_cache

from cachetools import LRUCache
from werkzeug.http import parse_accept_header

COMPRESSIBLE = (
    "text/",
    "application/json",
    "application/xml",
    "application/rss+xml",
    "application/atom+xml",
    "application/manifest+json",
    "image/svg+xml",
)
MIN_SIZE = 256  # bytes; below this gzip's own header and footer eat the gain
MEMO_MAX_BODY = 1024 * 1024  # larger bodies are compressed every time, never kept


@lru_cache(maxsize=128)
def accepts_gzip(accept_encoding: str) -> bool:
    return parse_accept_header(accept_encoding).quality("gzip") > 0


class CompressedCopies:
    """Compressed copies of recent bodies, keyed by the body itself (bytes cache their hash)."""

    def __init__(self, size: int = 256, level: int = 6):
        self.level = level
        self.lock = threading.Lock()
        self.copies = LRUCache(maxsize=size)

    def gzip(self, body: bytes) -> bytes:
        if len(body) > MEMO_MAX_BODY:
            return gzip.compress(body, self.level, mtime=0)
        with self.lock:
            copy = self.copies.get(body)
        if copy is None:
            copy = gzip.compress(body, self.level, mtime=0)
            with self.lock:
                self.copies[body] = copy
        return copy


def weak(etag: str) -> str:
    return etag if etag.startswith("W/") else f"W/{etag}"


class GzipAnswers:
    def __init__(self, wsgi_app, copies: CompressedCopies | None = None):
        self.wsgi_app = wsgi_app
        self.copies = copies or CompressedCopies()

    def __call__(self, environ, start_response):
        held = {}

        def hold(status, headers, exc_info=None):
            held.update(status=status, headers=headers)
            return lambda _data: None  # the legacy write(): neither Flask nor the fast path uses it

        body = self.wsgi_app(environ, hold)
        if "status" not in held:  # an app that starts its answer only when iterated
            body = [b"".join(body)]
        status, headers = held["status"], held["headers"]
        names = {name.lower(): value for name, value in headers}
        if not names.get("content-type", "").startswith(COMPRESSIBLE) or "content-encoding" in names:
            start_response(status, headers)
            return body
        headers = [*headers, ("Vary", "Accept-Encoding")] if "vary" not in names else vary_on_encoding(headers)
        compress = (
            environ.get("REQUEST_METHOD") == "GET"
            and accepts_gzip(environ.get("HTTP_ACCEPT_ENCODING", ""))
            and "no-transform" not in names.get("cache-control", "")
            and status[:3] not in ("204", "206", "304")
        )
        if not compress:
            start_response(status, headers)
            return body
        data = b"".join(body)
        if hasattr(body, "close"):
            body.close()
        if len(data) < MIN_SIZE:
            start_response(status, headers)
            return [data]
        packed = self.copies.gzip(data)
        headers = [(name, value) for name, value in headers if name.lower() not in ("content-length", "etag")]
        headers += [("Content-Encoding", "gzip"), ("Content-Length", str(len(packed)))]
        if "etag" in names:
            headers.append(("ETag", weak(names["etag"])))
        start_response(status, headers)
        return [packed]


def vary_on_encoding(headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
    out = []
    for name, value in headers:
        if name.lower() == "vary" and "accept-encoding" not in value.lower() and value.strip() != "*":
            value = f"{value}, Accept-Encoding"
        out.append((name, value))
    return out
