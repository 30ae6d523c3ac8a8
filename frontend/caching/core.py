"""The page cache's core: which copy a reader gets, and when the CMS is asked.

- purges that reach every worker: each copy records the coordination store's tokens
  (its epoch, the generations of its path, of every page and of its surrogate keys:
  generations.py) and is valid only while the store reports the same; a purge replaces
  generations, a store that lost its data starts a new epoch: every older copy is at
  best stale-if-error material;
- stale-while-revalidate: a copy past its freshness is served at once while one
  background refresh fetches a new one;
- stampedes: concurrent misses on one page make one CMS request (a claim in the store);
  readers without a copy wait for that result;
- readers are never held: only the reader that started a purged page's refill waits
  (at most `stale_after` seconds); the rest get the older copy at once;
- the store down: a worker serves its own copies (marked STALE-IF-ERROR) and fetches
  what it lacks, one fetch per page; with or without the store, at most `cms_fetches`
  renders of this worker talk to the CMS at once, so a Redis failure never becomes a
  CMS overload;
- every store call goes through a StoreGuard: a failing store gives a fallback.
Only 200, 404 and redirect (301, 302) answers are stored, each with its status.
"""

import logging
import threading
import time

from flask import copy_current_request_context, current_app, request
from werkzeug.exceptions import HTTPException, NotFound

from ..content.client import CMSUnavailable
from .coordination import LocalCoordinator
from .entries import REDIRECTS, STORED_STATUSES, Entry, Lifetimes, MissingPages, WorkerCopies
from .generations import Generations
from .guard import StoreGuard
from .headers import headers_for
from .keys import key_for, normalise_path

log = logging.getLogger(__name__)


class PageCache:
    def __init__(
        self,
        cache,
        coordination,
        *,
        fresh: float,
        keep: float,
        swr: float,
        missing: float = 60,
        stale_after: float = 2.0,
        wait: float = 10.0,
        fill_ttl: float = 30.0,
        memo_size: int = 256,
        cms_fetches: int = 4,
        cache_guard: StoreGuard | None = None,
        coordination_guard: StoreGuard | None = None,
        local_coordination=None,
        clock=time.time,
    ):
        self.cache = cache
        self.coordination = coordination  # shared between workers: claims and tokens
        # While the shared store is down, claims fall back to this process's own.
        self.local_coordination = local_coordination or LocalCoordinator()
        self.cache_guard = cache_guard or StoreGuard("cache")
        self.coordination_guard = coordination_guard or StoreGuard("coordination store")
        self.generations = Generations(coordination, self.coordination_guard)
        self.lifetimes = Lifetimes(fresh=fresh, swr=swr, keep=keep, missing=missing)
        self.copies = WorkerCopies(memo_size)
        self.missing_pages = MissingPages(cache)
        self.fetches = threading.BoundedSemaphore(max(1, cms_fetches))  # renders talking to the CMS
        self.stale_after = stale_after  # longest a reader with an older copy waits for the CMS
        self.wait = wait  # longest a reader without one waits for another's fetch, or a fetch slot
        self.fill_ttl = fill_ttl  # a fetch claim outlives a crashed holder by this much at most
        self.clock = clock  # wall-clock seconds: copies' ages (tests pass a fake one)

    # -- tokens, purges, claims -----------------------------------------------------------

    def tokens(self, path: str, keys=()) -> dict[str, str] | None:
        return self.generations.tokens(path, keys)

    def purge(self, paths, keys=()) -> int:
        return self.generations.purge(paths, keys)

    def purge_all(self) -> None:
        self.generations.purge_all()

    def _claim(self, key: str, shared: bool = True):
        claim = (
            self.coordination_guard.call(self.coordination.claim, f"fill:{key}", self.fill_ttl, fallback=False)
            if shared
            else False
        )
        if claim is False:  # the store is down: still one fetch per page in this process
            claim = self.local_coordination.claim(f"fill:{key}", self.fill_ttl)
            if claim is not None:
                claim.local = True
        return claim

    def _release(self, claim) -> None:
        if getattr(claim, "local", False):
            claim.release()
        else:  # a shared claim the store cannot release now lapses by itself
            self.coordination_guard.call(claim.release)

    # -- copies -----------------------------------------------------------------------------

    def _read_shared(self, key: str) -> Entry | None:
        entry = self.cache.get(key)
        return entry if isinstance(entry, Entry) else None

    def _current(self, entry: Entry | None) -> Entry | None:
        """The copy unless what it says has changed since (its `changes_at`): then none at all."""
        return None if entry is None or entry.outlived(self.clock()) else entry

    def _stored(self, key: str, tokens) -> Entry | None:
        """The shared cache's copy: the page's own, else a "not found" marker (both when invalid)."""
        page = self._current(self.cache_guard.call(self._read_shared, key))
        if page is not None and page.valid_under(self.generations.cover(tokens, page)):
            return page
        missing = self._current(self.cache_guard.call(self.missing_pages.get, key))
        return missing if missing is not None and (page is None or missing.valid_under(tokens)) else page

    def _lookup(self, key: str, tokens) -> Entry | None:
        """This worker's copy while it is fresh and valid (or the store is down), else the shared cache's."""
        entry = self._current(self.copies.get(key))
        if entry is not None and (tokens is None or (entry.valid_under(tokens) and self.is_fresh(entry))):
            return entry
        stored = self._stored(key, tokens)
        if stored is not None and (entry is None or stored.valid_under(tokens) or stored.stored_at > entry.stored_at):
            self.copies.put(key, stored)
            return stored
        return entry

    def is_fresh(self, entry: Entry) -> bool:
        return self.clock() - entry.stored_at < self.lifetimes.fresh_for(entry)

    def _store(self, key: str, entry: Entry) -> None:
        self.copies.put(key, entry)
        if entry.tokens is None:
            return  # nothing vouched for it: this worker's own, until the store is back
        timeout = self.lifetimes.kept_for(entry)
        if entry.status == 404:
            self.cache_guard.call(self.missing_pages.put, key, entry, timeout, self.clock())
        else:
            self.cache_guard.call(self.cache.set, key, entry, timeout=timeout)

    # -- serving ------------------------------------------------------------------------------

    def serve(self, render, values: dict, keep: float | None = None):
        """Answer the current request from the cache, or with `render()` (which returns a Response).

        `keep`: copies of this view are kept at most this many seconds (and fresh as long).
        """
        path = normalise_path(request.path)
        key = key_for(path, values)
        # With the keys this worker's copy carries: one read of the store for a hit.
        held = self.copies.get(key)
        tokens = self.tokens(path, held.surrogate_keys if held is not None else ())
        entry = self._lookup(key, tokens)
        if tokens is None:
            return self._serve_without_store(key, path, render, entry, keep)
        if entry is not None and entry.valid_under(tokens):
            if self.is_fresh(entry):
                return self.respond(entry, "HIT", key, path)
            self._refresh_in_background(key, render, tokens, keep)
            return self.respond(entry, "STALE", key, path)
        return self._fill(key, path, render, tokens, entry, keep)

    def _serve_without_store(self, key, path, render, entry, keep):
        """The store cannot vouch for any copy: this worker's own are served; what it lacks is
        fetched once per page, within the worker's fetch slots."""
        if entry is not None:
            if not self.is_fresh(entry):
                self._refresh_in_background(key, render, None, keep, shared=False)
            return self.respond(entry, "STALE-IF-ERROR")
        claim = self._claim(key, shared=False)
        deadline = time.monotonic() + self.wait
        while claim is None:  # this worker is fetching it already
            time.sleep(0.02)
            if (entry := self._current(self.copies.get(key))) is not None:
                return self.respond(entry, "STALE-IF-ERROR")
            if time.monotonic() > deadline:
                raise CMSUnavailable("the page is being fetched already and has not arrived")
            claim = self._claim(key, shared=False)
        try:
            # The previous holder may have kept the page just before letting go.
            if (entry := self._current(self.copies.get(key))) is not None:
                return self.respond(entry, "STALE-IF-ERROR")
            return self._fetch_now(key, path, render, None, keep)
        finally:
            self._release(claim)

    def _fill(self, key, path, render, tokens, fallback, keep):
        """Fetch a missing or purged page once, however many readers ask for it at the same time."""
        claim = self._claim(key)
        if fallback is not None:
            done = self._refresh_in_background(key, render, tokens, keep, claim=claim) if claim else None
            # Only the reader that started the refill waits for it, and not for long.
            if done is not None and done.wait(self.stale_after):
                entry = self.copies.get(key)
                if entry is not None and entry.valid_under(self.generations.cover(tokens, entry)):
                    return self.respond(entry, "MISS", key, path)
                return self.respond(fallback, "STALE-IF-ERROR")  # the fetch ended without a copy
            return self.respond(fallback, "STALE")
        deadline = time.monotonic() + self.wait
        while claim is None:
            time.sleep(0.02)  # another reader is fetching this page: use what it stores
            tokens = self.tokens(path)
            entry = self._stored(key, tokens)
            if entry is not None and entry.valid_under(tokens):
                self.copies.put(key, entry)
                return self.respond(entry, "HIT", key, path)
            if time.monotonic() > deadline or tokens is None:
                return self._fetch_now(key, path, render, tokens, keep)
            claim = self._claim(key)
        try:
            # The previous holder may have stored the page just before letting go.
            entry = self._stored(key, tokens)
            if entry is not None and entry.valid_under(tokens):
                self.copies.put(key, entry)
                return self.respond(entry, "HIT", key, path)
            return self._fetch_now(key, path, render, tokens, keep)
        finally:
            self._release(claim)

    # -- fetching --------------------------------------------------------------------------------

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

    def _fetch(self, key, render, tokens, keep):
        """(the rendered response, its stored Entry or None); the caller holds a fetch slot."""
        response = self._render(render)
        if response.status_code not in STORED_STATUSES or response.direct_passthrough:
            return response, None  # errors and streams are never stored
        keys = response.headers.get("Surrogate-Key", "").split()
        entry = Entry.of(response, self.generations.stored_under(tokens, request.path, keys), self.clock(), keep)
        self._store(key, entry)
        return response, entry

    def _fetch_now(self, key, path, render, tokens, keep):
        if not self.fetches.acquire(timeout=self.wait):
            raise CMSUnavailable("every CMS fetch slot of this worker stayed busy")
        try:
            response, entry = self._fetch(key, render, tokens, keep)
        finally:
            self.fetches.release()
        if entry is None:
            return response
        return self.respond(entry, "MISS" if tokens is not None else "STALE-IF-ERROR", key, path)

    def _refresh_in_background(self, key, render, tokens, keep, claim=None, shared=True) -> threading.Event | None:
        """Render this page again in a thread (the request's context copied, the view called
        directly); the returned event is set when it is done. None: someone else is fetching
        it, or every fetch slot is busy (then the older copy does for now)."""
        claim = claim or self._claim(key, shared)
        if not claim:
            return None
        if not self.fetches.acquire(blocking=False):
            self._release(claim)
            return None
        done = threading.Event()
        fetch = copy_current_request_context(lambda: self._fetch(key, render, tokens, keep))

        def refresh():
            try:
                fetch()
            except CMSUnavailable as error:  # the older copy stays; the CMS's state is logged elsewhere
                log.warning("Background refresh of %s failed: %s", key, error)
            except Exception:  # a failed refresh keeps the older copy; log it and move on
                log.exception("Background refresh of %s failed", key)
            finally:
                self.fetches.release()
                self._release(claim)
                done.set()

        threading.Thread(target=refresh, name=f"refresh {key}", daemon=True).start()
        return done

    # -- answers --------------------------------------------------------------------------------
    def headers_for(self, entry: Entry, state: str) -> list[tuple[str, str]]:
        return headers_for(entry, state, self.lifetimes, self.clock())

    def respond(self, entry: Entry, state: str, key: str | None = None, path: str | None = None):
        if key is not None and state in ("HIT", "MISS") and entry.status != 404:
            # Its URI, for the fast path (not 404s: junk URLs must not push real pages out).
            self.copies.note_uri(f"{request.path}?{request.query_string.decode('latin-1')}", path, key)
        response = current_app.response_class(entry.body, status=entry.status, headers=self.headers_for(entry, state))
        if entry.status == 200 and ("If-None-Match" in request.headers or "If-Modified-Since" in request.headers):
            return response.make_conditional(request)
        return response
