"""Whole-page caching shared by every worker, built on flask-caching.

flask-caching stores and expires; this adds what a headless site needs on top:

- purges that reach every worker: each path has a generation token (see
  coordination.py), stored with every copy of the page; a purge replaces the token,
  so every copy of that path (?page=2 included) stops being valid at once, in all
  workers;
- stale-while-revalidate: a copy past its freshness is served at once while one
  background refresh fetches a new one;
- stampede protection: concurrent misses on one page make one CMS request; the
  others wait for that result instead of asking the CMS themselves;
- stale-if-error: when the CMS cannot answer, the last good copy is served,
  marked `X-Cache: STALE-IF-ERROR`;
- HTTP caching: Cache-Control with numbers, ETag with 304 Not Modified, and
  Surrogate-Key / Cache-Tag headers naming the CMS pages shown.

Only 200 responses are stored.
"""

import hashlib
import logging
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import wraps

from flask import current_app, g, make_response, request

from .cms_client import CMSUnavailable

log = logging.getLogger(__name__)

REFRESH_FLAG = "clinic.page_cache.refresh"  # set in the environ of a background refresh
ALL = "*"  # the generation every page shares: replaced by "purge everything"
TRACKING_PARAMS = ("utm_", "fbclid", "gclid", "mc_")


@dataclass
class Entry:
    body: bytes
    content_type: str
    etag: str
    stored_at: float
    generation: tuple[str, ...]
    keys: list[str] = field(default_factory=list)
    wsgi_headers: list | None = field(default=None, compare=False)  # filled in by PageCache.wsgi_headers


class PageCache:
    def __init__(self, cache, workers, *, fresh: int, keep: int, swr: int, wait: float = 10.0, fill_ttl: float = 30.0, memo_size: int = 256):
        self.cache = cache
        # This worker's own copies of recently served pages: no cache read or unpickling on a
        # hit. Each is still checked against the shared generation tokens on every request.
        self.memo: OrderedDict[str, Entry] = OrderedDict()
        self.memo_size = memo_size
        self.memo_lock = threading.Lock()
        # Request URI -> (path, cache key) of the pages this worker served, for FastHits.
        self.uris: OrderedDict[str, tuple[str, str]] = OrderedDict()
        self.extra_headers: list[tuple[str, str]] = []  # set by the app: security headers
        self.workers = workers  # coordination between workers: claims and generations
        self.fresh = fresh  # seconds a copy is served without asking the CMS
        self.keep = keep  # seconds a copy is kept at all (the stale-if-error window)
        self.wait = wait  # longest a reader waits for another worker's fetch
        self.fill_ttl = fill_ttl  # a fetch lock outlives a crashed holder by this much at most
        self.cache_control = (
            f"public, max-age=0, s-maxage={fresh}, stale-while-revalidate={swr}, stale-if-error={keep}"
        )

    # -- keys and generations ------------------------------------------------------------

    @staticmethod
    def normalise_path(path: str) -> str:
        path = "/" + "/".join(part for part in path.split("/") if part)
        return path if path == "/" or path.endswith("/") or "." in path.rsplit("/", 1)[-1] else path + "/"

    def key_for(self, path: str, args, params: tuple[str, ...]) -> str:
        """The cache key of a page: its normalised path plus the query parameters it depends on."""
        query = "&".join(
            f"{name}={value}"
            for name, value in sorted(args.items(multi=True))
            if name in params and not name.startswith(TRACKING_PARAMS)
        )
        return f"page:{self.normalise_path(path)}?{query}"

    def generation(self, path: str) -> tuple[str, ...]:
        """The (path, site-wide) tokens a copy of this path must have been stored under."""
        return tuple(self.workers.generations([path, ALL]))

    def purge(self, paths) -> int:
        """Invalidate every cached copy of these paths, for every worker."""
        normalised = {self.normalise_path(path) for path in paths}
        self.workers.bump(normalised)
        return len(normalised)

    def purge_all(self) -> None:
        self.workers.bump([ALL])

    # -- serving -------------------------------------------------------------------------

    def serve(self, render, params: tuple[str, ...] = ()):
        """Answer the current request from the cache, or with `render()` (which returns a Response)."""
        path = self.normalise_path(request.path)
        key = g.page_cache_key = self.key_for(request.path, request.args, params)
        if request.environ.get(REFRESH_FLAG):
            try:
                return self._render_and_store(key, render, self.generation(path), fallback=None)
            finally:
                self.workers.release(f"fill:{key}")

        entry = self._lookup(key)
        generation = self.generation(path)
        if entry is not None and entry.generation == generation:
            if time.time() - entry.stored_at < self.fresh:
                return self._respond(entry, "HIT")
            self._refresh_in_background(key)
            return self._respond(entry, "STALE")
        return self._fill(key, path, render, generation, fallback=entry)

    def _lookup(self, key: str):
        """This worker's copy while it is fresh, else the shared cache's (perhaps refreshed by another worker)."""
        entry = self.memo.get(key)
        if entry is None or time.time() - entry.stored_at >= self.fresh:
            entry = self.cache.get(key)
            if entry is not None:
                self._remember(key, entry)
        return entry

    def _remember(self, key: str, entry: Entry) -> None:
        if not self.memo_size:
            return
        with self.memo_lock:
            self.memo[key] = entry
            self.memo.move_to_end(key)
            while len(self.memo) > self.memo_size:
                self.memo.popitem(last=False)

    def _fill(self, key, path, render, generation, fallback):
        """Fetch a missing or purged page once, however many readers ask for it at the same time."""
        deadline = time.monotonic() + self.wait
        while True:
            if self.workers.claim(f"fill:{key}", self.fill_ttl):
                try:
                    # The previous holder may have stored the page just before letting go.
                    entry = self.cache.get(key)
                    if entry is not None and entry.generation == self.generation(path):
                        return self._respond(entry, "HIT")
                    return self._render_and_store(key, render, generation, fallback)
                finally:
                    self.workers.release(f"fill:{key}")
            time.sleep(0.02)  # another reader is fetching this page: use what it stores
            entry = self.cache.get(key)
            generation = self.generation(path)
            if entry is not None and entry.generation == generation:
                return self._respond(entry, "HIT")
            if time.monotonic() > deadline:
                if fallback is not None:
                    return self._respond(fallback, "STALE")
                return self._render_and_store(key, render, generation, fallback=None)

    def _render_and_store(self, key, render, generation, fallback):
        g.page_ids = set()
        try:
            response = render()
        except CMSUnavailable:
            if fallback is None:
                raise
            log.warning("CMS unavailable; serving the last good copy of %s", key)
            return self._respond(fallback, "STALE-IF-ERROR")
        if response.status_code != 200 or response.direct_passthrough:
            return response  # errors and streams are never stored
        body = response.get_data()
        entry = Entry(
            body=body,
            content_type=response.content_type,
            etag=hashlib.sha256(body).hexdigest()[:32],
            stored_at=time.time(),
            generation=generation,
            keys=sorted(f"page-{page_id}" for page_id in g.page_ids),
        )
        self.cache.set(key, entry, timeout=self.keep)
        self._remember(key, entry)
        return self._respond(entry, "MISS")

    def _refresh_in_background(self, key):
        if not self.workers.claim(f"fill:{key}", self.fill_ttl):
            return  # someone is already refreshing it
        app = current_app._get_current_object()
        path, query, base_url = request.path, request.query_string, request.host_url

        def refresh():
            # The same request again, dispatched in this thread; the view's cache
            # wrapper sees the flag, renders and stores.
            try:
                with app.test_request_context(
                    path, base_url=base_url, query_string=query, environ_overrides={REFRESH_FLAG: True}
                ):
                    app.full_dispatch_request()
            except Exception:  # a failed refresh keeps the stale copy; log it and move on
                log.exception("Background refresh of %s failed", key)
            finally:
                self.workers.release(f"fill:{key}")

        threading.Thread(target=refresh, name=f"refresh {path}", daemon=True).start()

    def _note_uri(self, key: str) -> None:
        if not self.memo_size:
            return
        uri = f"{request.path}?{request.query_string.decode('latin-1')}"
        with self.memo_lock:
            self.uris[uri] = (self.normalise_path(request.path), key)
            self.uris.move_to_end(uri)
            while len(self.uris) > self.memo_size * 4:
                self.uris.popitem(last=False)

    def fast_hit(self, environ) -> Entry | None:
        """The fresh, valid copy this worker holds for this exact request, if there is one."""
        paths = self.uris.get(f"{environ.get('PATH_INFO', '')}?{environ.get('QUERY_STRING', '')}")
        if paths is None:
            return None
        path, key = paths
        entry = self.memo.get(key)
        if entry is None or time.time() - entry.stored_at >= self.fresh or entry.generation != self.generation(path):
            return None
        return entry

    def wsgi_headers(self, entry: Entry) -> list[tuple[str, str]]:
        """Everything Flask would send with this copy as a HIT, computed once per copy."""
        if entry.wsgi_headers is None:
            headers = [
                ("Content-Type", entry.content_type),
                ("Content-Length", str(len(entry.body))),
                ("ETag", f'"{entry.etag}"'),
                ("X-Cache", "HIT"),
                ("Cache-Control", self.cache_control),
            ]
            if entry.keys:
                headers += [("Surrogate-Key", " ".join(entry.keys)), ("Cache-Tag", ",".join(entry.keys))]
            entry.wsgi_headers = headers + self.extra_headers
        return entry.wsgi_headers

    def _respond(self, entry: Entry, state: str):
        if state in ("HIT", "MISS") and "page_cache_key" in g:
            self._note_uri(g.page_cache_key)
        response = current_app.response_class(entry.body, content_type=entry.content_type)
        response.set_etag(entry.etag)
        response.headers["X-Cache"] = state
        if state == "STALE-IF-ERROR":
            response.headers["Cache-Control"] = "public, max-age=0, s-maxage=10"
        else:
            response.headers["Cache-Control"] = self.cache_control
        if entry.keys:
            response.headers["Surrogate-Key"] = " ".join(entry.keys)
            response.headers["Cache-Tag"] = ",".join(entry.keys)
        if "If-None-Match" in request.headers or "If-Modified-Since" in request.headers:
            return response.make_conditional(request)
        return response


class FastHits:
    """WSGI middleware in front of Flask: a GET for a page this worker has just served, still
    fresh and not purged, is answered from the worker's own copy with precomputed headers.

    Everything else (misses, stale copies, conditional requests, other methods) goes to
    Flask as usual. This keeps cached pages near the cost of returning constant bytes.
    """

    def __init__(self, wsgi_app, pages: PageCache, on_response=None):
        self.wsgi_app = wsgi_app
        self.pages = pages
        self.on_response = on_response  # (environ, status code, cache state, started) -> None

    def __call__(self, environ, start_response):
        method = environ.get("REQUEST_METHOD")
        if method in ("GET", "HEAD") and "HTTP_IF_NONE_MATCH" not in environ and "HTTP_IF_MODIFIED_SINCE" not in environ:
            started = time.perf_counter()
            entry = self.pages.fast_hit(environ)
            if entry is not None:
                start_response("200 OK", self.pages.wsgi_headers(entry))
                if self.on_response:
                    self.on_response(environ, 200, "HIT", started)
                return [entry.body] if method == "GET" else []
        return self.wsgi_app(environ, start_response)


def page_cache() -> PageCache:
    return current_app.extensions["page_cache"]


def cached_page(*params: str):
    """Serve a view through the page cache; `params` name the query parameters it reads."""

    def decorator(view):
        @wraps(view)
        def wrapper(**kwargs):
            return page_cache().serve(lambda: make_response(view(**kwargs)), params=params)

        return wrapper

    return decorator
