"""Whole-page caching shared by every worker, built on flask-caching.

flask-caching stores and expires; this package adds what a headless site needs on top,
one job per module:

    keys.py          cache keys, the query parameters a view reads, generation names
    entries.py       a stored answer, its lifetimes, worker-memory LRUs, the bounded 404 cache
    core.py          PageCache: which copy a reader gets and when the CMS is asked
    headers.py       the headers of a cached answer (Cache-Control via Werkzeug)
    fast_path.py     FastHits: WSGI middleware answering this worker's fresh copies
    decorator.py     cached_page, page_cache
    coordination.py  claims, marks, generations and the epoch, in Redis or files
    generations.py   the generations a copy is checked against: its path's and its keys'
    guard.py         StoreGuard: a failing store gives a fallback, not an error
    backends.py      the flask-caching instance and its backends
    redis_clients.py Redis clients for the coordination store and click counts (URL or Sentinel)

`init_app(app)` sets it all up from the app's CACHE_* and PAGE_* settings.
"""

import time

from .backends import cache, cache_settings
from .coordination import LocalCoordinator, coordinator_for
from .core import PageCache
from .decorator import cached_page, page_cache
from .entries import Entry
from .fast_path import FastHits
from .guard import StoreGuard

__all__ = ["Entry", "FastHits", "PageCache", "StoreGuard", "cache", "cached_page", "init_app", "page_cache"]

PARTS = ("cache", "coordination store")


def init_app(app) -> PageCache:
    """The cache, the coordination store and their guards (app.extensions: "store_guards",
    "coordination", "page_cache"); returns the PageCache. FastHits is wrapped around the
    WSGI app by the factory, where the order of middleware is decided."""
    cache.init_app(app, cache_settings(app.config))
    guards = {
        part: StoreGuard(
            part, retry_after=app.config["CACHE_RETRY_SECONDS"], warn_every=app.config["CACHE_WARN_SECONDS"]
        )
        for part in PARTS
    }
    app.extensions["store_guards"] = guards
    app.extensions["coordination"] = (
        guards["coordination store"].call(coordinator_for, app.config, fallback=None) or LocalCoordinator()
    )
    pages = PageCache(
        cache,
        app.extensions["coordination"],
        fresh=app.config["PAGE_FRESH_SECONDS"],
        swr=app.config["PAGE_SWR_SECONDS"],
        keep=app.config["PAGE_KEEP_SECONDS"],
        missing=app.config["PAGE_MISSING_SECONDS"],
        stale_after=app.config["PAGE_STALE_AFTER_SECONDS"],
        cms_fetches=app.config["PAGE_CMS_FETCHES"],
        cache_guard=guards["cache"],
        coordination_guard=guards["coordination store"],
        # No cache configured means no copies at all, not even this worker's own.
        memo_size=0 if app.config["CACHE_TYPE"] == "NullCache" else 256,
        clock=app.extensions.get("clock", time.time),
    )
    app.extensions["page_cache"] = pages
    return pages
