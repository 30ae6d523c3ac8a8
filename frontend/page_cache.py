"""Whole-page caching shared by every worker, built on flask-caching.

flask-caching stores and expires; this adds what a headless site needs on top:

- bounded keys: a page's key is its normalised path plus the canonical values of the
  query parameters its view declares; anything else in the query string is ignored and
  a malformed declared parameter is a 400 before the cache is touched;
- purges that reach every worker: each path has a generation token (coordination.py),
  stored with every copy of the page; a purge replaces the token, so every copy of that
  path stops being valid at once, in all workers;
- stale-while-revalidate: a copy past its freshness is served at once while one
  background refresh fetches a new one;
- stampede protection: concurrent misses on one page make one CMS request; the others
  wait for that result instead of asking the CMS themselves;
- stale-if-error and stale-if-slow: a reader who could be given an older copy waits at
  most `stale_after` seconds for the CMS, then gets that copy;
- missing pages (404) are kept briefly too, so a flood for one missing URL does not
  reach the CMS each time; a publish at that path purges it like any page;
- every call to the cache and to the coordination store goes through a StoreGuard:
  with either down, pages are rendered from the CMS and served.

Only 200, 404 and redirect (301, 302: an old address the CMS knows) answers are stored;
a view may keep its copies for less time (`cached_page(keep=...)`, e.g. search results).
Headers of a cached copy are computed in one place, `headers_for`, used by Flask and by
the fast path in front of it alike.
"""

import hashlib
import logging
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import wraps

from flask import abort, current_app, make_response, request
from werkzeug.exceptions import HTTPException, NotFound

from .content.client import CMSUnavailable
from .guard import StoreGuard

log = logging.getLogger(__name__)

REFRESH_FLAG = "clinic.page_cache.refresh"  # set in the environ of a background refresh
ALL = "*"  # the generation every page shares: replaced by "purge everything"
STORED_STATUSES = (200, 301, 302, 404)
REDIRECTS = (301, 302)


@dataclass
class Entry:
    body: bytes
    content_type: str
    etag: str
    stored_at: float
    generation: tuple[str, ...]
    keys: list[str] = field(default_factory=list)
    status: int = 200
    location: str | None = None  # of a redirect
    keep: float | None = None  # a view's shorter lifetime for its copies (seconds)
    fast_headers: list | None = field(default=None, compare=False)  # filled in by PageCache.fast_hit


class PageCache:
    def __init__(self, cache, workers, *, fresh: int, keep: int, swr: int, missing: int = 60,
                 stale_after: float = 2.0, wait: float = 10.0, fill_ttl: float = 30.0, memo_size: int = 256,
                 cache_guard: StoreGuard | None = None, workers_guard: StoreGuard | None = None,
                 local_workers=None):
        self.cache = cache
        self.workers = workers  # coordination between workers: claims and generations
        # While the shared store is down, claims fall back to this process's own.
        self.local_workers = local_workers or workers
        self.cache_guard = cache_guard or StoreGuard("cache")
        self.workers_guard = workers_guard or StoreGuard("coordination store")
        self.workers_guard.on_recovery.append(self.forget)
        # This worker's own copies of recently served pages: no cache read or unpickling on a
        # hit. Each is still checked against the shared generation tokens on every request.
        self.memo: OrderedDict[str, Entry] = OrderedDict()
        self.memo_size = memo_size
        self.memo_lock = threading.Lock()
        # Request URI -> (path, cache key) of the pages this worker served, for the fast path.
        self.uris: OrderedDict[str, tuple[str, str]] = OrderedDict()
        self.fresh = fresh  # seconds a copy is served without asking the CMS
        self.keep = keep  # seconds a copy is kept at all (the stale-if-error window)
        self.missing = missing  # seconds a "not found" answer is kept
        self.stale_after = stale_after  # longest a reader with an older copy waits for the CMS
        self.wait = wait  # longest a reader without one waits for another worker's fetch
        self.fill_ttl = fill_ttl  # a fetch claim outlives a crashed holder by this much at most
        self.cache_control = (
            f"public, max-age=0, s-maxage={fresh}, stale-while-revalidate={swr}, stale-if-error={keep}"
        )

    # -- keys and generations ------------------------------------------------------------

    @staticmethod
    def normalise_path(path: str) -> str:
        path = "/" + "/".join(part for part in path.split("/") if part)
        return path if path == "/" or path.endswith("/") or "." in path.rsplit("/", 1)[-1] else path + "/"

    def key_for(self, path: str, values: dict) -> str:
        """The cache key of a page: its normalised path plus the canonical values its view reads."""
        query = "&".join(f"{name}={value}" for name, value in sorted(values.items()) if value is not None)
        return f"page:{self.normalise_path(path)}?{query}"

    def generation(self, path: str) -> tuple[str, ...] | None:
        """The (path, site-wide) tokens a copy of this path must carry; None if the store cannot say."""
        tokens = self.workers_guard.call(self.workers.generations, [path, ALL])
        return tuple(tokens) if tokens is not None else None

    def purge(self, paths) -> int:
        """Invalidate every cached copy of these paths, for every worker. Raises if the store is down."""
        normalised = {self.normalise_path(path) for path in paths}
        self.workers.bump(normalised)
        return len(normalised)

    def purge_all(self) -> None:
        self.workers.bump([ALL])

    def forget(self) -> None:
        """Drop this worker's own copies (purges may have been missed while the store was down)."""
        with self.memo_lock:
            self.memo.clear()
            self.uris.clear()

    def _claim(self, key: str):
        claim = self.workers_guard.call(self.workers.claim, f"fill:{key}", self.fill_ttl, fallback=False)
        if claim is False:  # the store is down: at least one fetch per page in this process
            claim = self.local_workers.claim(f"fill:{key}", self.fill_ttl)
        return claim

    def _stored(self, key: str) -> Entry | None:
        return self.cache_guard.call(self.cache.get, key)

    # -- serving -------------------------------------------------------------------------

    def serve(self, render, values: dict, keep: float | None = None):
        """Answer the current request from the cache, or with `render()` (which returns a Response).

        `keep`: copies of this view are kept at most this many seconds (and fresh as long).
        """
        path = self.normalise_path(request.path)
        key = self.key_for(request.path, values)
        generation = self.generation(path)
        if request.environ.get(REFRESH_FLAG):
            return self._render_and_store(key, render, generation, keep)

        entry = self._lookup(key, generation)
        if generation is None:
            # The store cannot vouch for any copy: render, and keep a copy only for a CMS failure.
            return self._render_or_fallback(render, entry)
        if entry is not None and entry.generation == generation:
            if time.time() - entry.stored_at < self._fresh_for(entry):
                return self._respond(entry, "HIT", key)
            self._refresh_in_background(key)
            return self._respond(entry, "STALE", key)
        return self._fill(key, path, render, generation, fallback=entry, keep=keep)

    def _fresh_for(self, entry: Entry) -> float:
        # Redirects change only when the CMS says so (it purges them): as long as pages.
        fresh = self.fresh if entry.status == 200 or entry.status in REDIRECTS else min(self.fresh, self.missing)
        return min(fresh, entry.keep) if entry.keep else fresh

    def _lookup(self, key: str, generation) -> Entry | None:
        """This worker's copy while it is fresh and valid, else the shared cache's."""
        entry = self.memo.get(key)
        if entry is None or entry.generation != generation or time.time() - entry.stored_at >= self._fresh_for(entry):
            entry = self._stored(key) or entry
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

    def _render_or_fallback(self, render, fallback):
        try:
            return self._render(render)
        except CMSUnavailable:
            if fallback is None:
                raise
            return self._respond(fallback, "STALE-IF-ERROR")

    def _fill(self, key, path, render, generation, fallback, keep=None):
        """Fetch a missing or purged page once, however many readers ask for it at the same time."""
        claim = self._claim(key)
        if fallback is not None:
            # A reader with an older copy never waits long: the fetch runs beside it.
            done = self._refresh_in_background(key, claim) if claim else None
            return self._await_fill(key, path, fallback, done)
        deadline = time.monotonic() + self.wait
        while claim is None:
            time.sleep(0.02)  # another reader is fetching this page: use what it stores
            entry = self._stored(key)
            generation = self.generation(path)
            if entry is not None and entry.generation == generation:
                return self._respond(entry, "HIT", key)
            if time.monotonic() > deadline:
                return self._render_and_store(key, render, generation, keep)
            claim = self._claim(key)
        try:
            # The previous holder may have stored the page just before letting go.
            entry = self._stored(key)
            if entry is not None and entry.generation == generation:
                return self._respond(entry, "HIT", key)
            return self._render_and_store(key, render, generation, keep)
        finally:
            self.workers_guard.call(claim.release)

    def _await_fill(self, key, path, fallback, done: threading.Event | None):
        """The page as fetched within `stale_after` seconds, else the older copy."""
        deadline = time.monotonic() + self.stale_after
        while time.monotonic() < deadline:
            if done is None:
                time.sleep(0.02)  # another worker is fetching it
            finished = done is not None and done.wait(0.02)
            entry = self._stored(key)
            if entry is not None and entry.generation == self.generation(path):
                self._remember(key, entry)
                return self._respond(entry, "MISS", key)
            if finished:  # this worker's fetch ended without a new copy: the CMS failed
                return self._respond(fallback, "STALE-IF-ERROR")
        return self._respond(fallback, "STALE")

    def _render(self, render):
        """The view's response; a "not found" becomes the 404 page and a redirect (`abort(redirect(...))`)
        its response, so they can be stored too."""
        try:
            return render()
        except NotFound as error:
            return current_app.make_response(current_app.handle_http_exception(error))
        except HTTPException as error:
            if error.response is not None and error.response.status_code in REDIRECTS:
                return error.response
            raise

    def _render_and_store(self, key, render, generation, keep=None):
        response = self._render(render)
        if response.status_code not in STORED_STATUSES or response.direct_passthrough or generation is None:
            return response  # errors and streams are never stored
        body = response.get_data()
        entry = Entry(
            body=body,
            content_type=response.content_type,
            etag=hashlib.sha256(body).hexdigest()[:32],
            stored_at=time.time(),
            generation=generation,
            keys=response.headers.get("Surrogate-Key", "").split(),
            status=response.status_code,
            location=response.headers.get("Location"),
            keep=keep,
        )
        timeout = self.missing if entry.status == 404 else self.keep
        timeout = min(timeout, keep) if keep else timeout
        self.cache_guard.call(self.cache.set, key, entry, timeout=timeout)
        self._remember(key, entry)
        return self._respond(entry, "MISS", key)

    def _refresh_in_background(self, key, claim=None) -> threading.Event | None:
        """Fetch this page again in a thread; the returned event is set when it is done."""
        claim = claim or self._claim(key)
        if not claim:
            return None  # someone is already fetching it
        app = current_app._get_current_object()
        path, query, base_url = request.path, request.query_string.decode("latin-1"), request.host_url
        done = threading.Event()

        def refresh():
            # The same request again, dispatched in this thread; the view's cache
            # wrapper sees the flag, renders and stores.
            try:
                with app.test_request_context(
                    path, base_url=base_url, query_string=query, environ_overrides={REFRESH_FLAG: True}
                ):
                    app.full_dispatch_request()
            except Exception:  # a failed refresh keeps the older copy; log it and move on
                log.exception("Background refresh of %s failed", key)
            finally:
                self.workers_guard.call(claim.release)
                done.set()

        threading.Thread(target=refresh, name=f"refresh {path}", daemon=True).start()
        return done

    # -- answers -------------------------------------------------------------------------

    def headers_for(self, entry: Entry, state: str) -> list[tuple[str, str]]:
        """Every header a cached copy is sent with: the one place they are decided."""
        cache_control = self.cache_control
        if state == "STALE-IF-ERROR":
            cache_control = "public, max-age=0, s-maxage=10"
        elif entry.status != 200 or entry.keep:
            cache_control = f"public, max-age=0, s-maxage={self._fresh_for(entry)}"
        headers = [
            ("Content-Type", entry.content_type),
            ("Content-Length", str(len(entry.body))),
            ("ETag", f'"{entry.etag}"'),
            ("X-Cache", state),
            ("Cache-Control", cache_control),
        ]
        if entry.location:
            headers.append(("Location", entry.location))
        if entry.keys:
            headers += [("Surrogate-Key", " ".join(entry.keys)), ("Cache-Tag", ",".join(entry.keys))]
        return headers

    def _respond(self, entry: Entry, state: str, key: str | None = None):
        if key is not None and state in ("HIT", "MISS") and entry.status == 200:
            self._note_uri(key)
        response = current_app.response_class(entry.body, status=entry.status, headers=self.headers_for(entry, state))
        if entry.status == 200 and ("If-None-Match" in request.headers or "If-Modified-Since" in request.headers):
            return response.make_conditional(request)
        return response

    def _note_uri(self, key: str) -> None:
        if not self.memo_size:
            return
        uri = f"{request.path}?{request.query_string.decode('latin-1')}"
        with self.memo_lock:
            self.uris[uri] = (self.normalise_path(request.path), key)
            self.uris.move_to_end(uri)
            while len(self.uris) > self.memo_size * 4:
                self.uris.popitem(last=False)

    def fast_hit(self, environ):
        """(entry, headers) for the fresh, valid copy this worker holds for this exact request, or None."""
        paths = self.uris.get(f"{environ.get('PATH_INFO', '')}?{environ.get('QUERY_STRING', '')}")
        if paths is None:
            return None
        path, key = paths
        entry = self.memo.get(key)
        if entry is None or time.time() - entry.stored_at >= self._fresh_for(entry) or entry.generation != self.generation(path):
            return None
        if entry.fast_headers is None:
            entry.fast_headers = self.headers_for(entry, "HIT")
        return entry


class FastHits:
    """WSGI middleware in front of Flask: a GET for a page this worker has just served, still
    fresh and not purged, is answered from the worker's own copy, with the same headers
    (`PageCache.headers_for`) Flask would send.

    Everything else (misses, stale copies, conditional requests, other methods) goes to
    Flask as usual. Headers every answer needs and request logs are added by middleware
    around both (see frontend/__init__.py). This keeps cached pages near the cost of
    returning constant bytes.
    """

    def __init__(self, wsgi_app, pages: PageCache):
        self.wsgi_app = wsgi_app
        self.pages = pages

    def __call__(self, environ, start_response):
        method = environ.get("REQUEST_METHOD")
        if method in ("GET", "HEAD") and "HTTP_IF_NONE_MATCH" not in environ and "HTTP_IF_MODIFIED_SINCE" not in environ:
            entry = self.pages.fast_hit(environ)
            if entry is not None:
                start_response("200 OK", list(entry.fast_headers))
                return [entry.body] if method == "GET" else []
        return self.wsgi_app(environ, start_response)


def page_cache() -> PageCache:
    return current_app.extensions["page_cache"]


def cached_page(keep: float | None = None, **params):
    """Serve a view through the page cache.

    `keep`: seconds its copies live at most (default: as long as pages). `params` name the query parameters the view reads, each with a parser that returns
    its canonical value (None for the default) or raises ValueError for a malformed one
    (a 400). The parsed values are passed to the view as keyword arguments.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(**kwargs):
            values = {}
            for name, parse in params.items():
                try:
                    values[name] = parse(request.args.getlist(name))
                except ValueError as error:
                    abort(400, description=str(error))
            return page_cache().serve(lambda: make_response(view(**kwargs, **values)), values, keep)

        return wrapper

    return decorator
