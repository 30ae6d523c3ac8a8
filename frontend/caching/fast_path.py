"""WSGI middleware in front of Flask: a GET for a page this worker has just served, still
fresh and not purged, is answered from the worker's own copy, with its own status and the
same headers (`headers.headers_for`) Flask would send.

Everything else (misses, stale copies, conditional requests, other methods, a store that
cannot vouch for copies) goes to Flask as usual. Headers every answer needs and request
logs are added by middleware around both (see frontend/__init__.py). This keeps cached
pages near the cost of returning constant bytes.
"""

from .core import PageCache
from .entries import Entry
from .headers import status_line


def fast_hit(pages: PageCache, environ) -> tuple[Entry, list] | None:
    """The fresh, valid copy this worker holds for this exact request and its headers, or None."""
    noted = pages.copies.uri(f"{environ.get('PATH_INFO', '')}?{environ.get('QUERY_STRING', '')}")
    if noted is None:
        return None
    path, key = noted
    entry = pages.copies.get(key)
    if entry is None or not pages.is_fresh(entry) or not entry.valid_under(pages.tokens(path, entry.surrogate_keys)):
        return None
    if entry.changes_at is not None:  # its s-maxage shrinks towards the change: worked out each time
        return entry, pages.headers_for(entry, "HIT")
    if entry.fast_headers is None:
        entry.fast_headers = pages.headers_for(entry, "HIT")
    return entry, entry.fast_headers


class FastHits:
    def __init__(self, wsgi_app, pages: PageCache):
        self.wsgi_app = wsgi_app
        self.pages = pages

    def __call__(self, environ, start_response):
        method = environ.get("REQUEST_METHOD")
        if (
            method in ("GET", "HEAD")
            and "HTTP_IF_NONE_MATCH" not in environ
            and "HTTP_IF_MODIFIED_SINCE" not in environ
        ):
            hit = fast_hit(self.pages, environ)
            if hit is not None:
                entry, headers = hit
                start_response(status_line(entry.status), list(headers))
                return [entry.body] if method == "GET" else []
        return self.wsgi_app(environ, start_response)
