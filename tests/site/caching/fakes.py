"""Stand-ins for the page cache's parts: a clock that moves when told, stores that can fail,
freeze or lose their data, and a tiny Flask app whose "CMS" is a dict."""

import threading
import time

from flask import Flask, abort, redirect

from frontend.caching import FastHits, PageCache, StoreGuard, cached_page
from frontend.caching.coordination import LocalCoordinator


class FakeClock:
    def __init__(self):
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class Faults:
    """What a fake store does on each call: answer, fail at once (down), or hang then fail (frozen)."""

    def __init__(self):
        self.state = "up"
        self.calls = 0

    def check(self) -> None:
        self.calls += 1
        if self.state == "down":
            raise ConnectionError("store down")
        if self.state == "frozen":
            time.sleep(0.3)  # a socket timeout
            raise TimeoutError("store frozen")


class FakeCache:
    """flask-caching's get/set, in a dict (timeouts ignored: the clock is fake)."""

    def __init__(self, faults: Faults):
        self.faults = faults
        self.data: dict = {}

    def get(self, key):
        self.faults.check()
        return self.data.get(key)

    def set(self, key, value, timeout=None):
        self.faults.check()
        self.data[key] = value
        return True


class FakeCoordination(LocalCoordinator):
    """The shared coordination store, in memory; `lose_data()` is a restart without persistence."""

    def __init__(self, faults: Faults):
        super().__init__()
        self.faults = faults

    def lose_data(self) -> None:
        fresh = LocalCoordinator()
        with self.lock:
            self.generations, self.expiries = fresh.generations, {}

    def claim(self, name, ttl):
        self.faults.check()
        return super().claim(name, ttl)

    def tokens(self, names):
        self.faults.check()
        return super().tokens(names)

    def bump(self, names):
        self.faults.check()
        super().bump(names)


class FakeCMS:
    """Pages by name: (status, body) or ("redirect", target); counts renders, may block them."""

    def __init__(self):
        self.pages: dict[str, tuple] = {}
        self.keys: dict[str, str] = {}  # a page's Surrogate-Key header
        self.renders = 0
        self.active = 0
        self.most_active = 0
        self.gate = threading.Event()
        self.gate.set()  # cleared: renders wait (a slow or frozen CMS)
        self.lock = threading.Lock()

    def render(self, name: str):
        with self.lock:
            self.renders += 1
            self.active += 1
            self.most_active = max(self.most_active, self.active)
        try:
            self.gate.wait(10)
            page = self.pages.get(name)
            if page is None:
                abort(404)
            if page[0] == "redirect":
                abort(redirect(page[1], 301))
            return page[1], page[0], {"Surrogate-Key": self.keys[name]} if name in self.keys else {}
        finally:
            with self.lock:
                self.active -= 1


def make_app(clock=None, cms=None, share_with: PageCache | None = None, **options):
    """(app, cms, pages, faults) with `PageCache` on fake parts; `options` go to PageCache.
    `share_with`: another worker's PageCache whose clock and shared stores this one uses."""
    faults, cms = Faults(), cms or FakeCMS()
    clock = share_with.clock if share_with else clock or FakeClock()
    app = Flask(__name__)
    settings = {"fresh": 300, "swr": 60, "keep": 3600, "missing": 60, "stale_after": 0.5, "wait": 2.0, **options}
    pages = PageCache(
        FakeCache(faults),
        FakeCoordination(faults),
        clock=clock,
        cache_guard=StoreGuard("cache", retry_after=60),
        coordination_guard=StoreGuard("coordination store", retry_after=60),
        **settings,
    )
    if share_with is not None:
        pages.cache = pages.missing_pages.cache = share_with.cache
        pages.coordination = pages.generations.coordination = share_with.coordination
    app.extensions["page_cache"] = pages

    @app.get("/page/<name>/")
    @cached_page()
    def page(name):
        return cms.render(name)

    app.wsgi_app = FastHits(app.wsgi_app, pages)
    return app, cms, pages, faults
