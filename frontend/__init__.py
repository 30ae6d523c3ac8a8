"""The clinic's public site: a Flask app that renders content from the CMS's API."""

from flask import Flask

from . import config
from .booking import links as booking_links
from .booking.clicks import MemoryClickStore, click_store_for
from .cache import BACKENDS, cache
from .content.client import CMSClient
from .coordination import LocalCoordinator, coordinator_for
from .guard import StoreGuard
from .page_cache import FastHits, PageCache
from .rendering import template_filters
from .serving import logs, security


def cache_backend(config) -> dict:
    """flask-caching settings: our self-healing file cache; Redis calls that give up quickly."""
    backend = {"CACHE_TYPE": BACKENDS.get(config["CACHE_TYPE"], config["CACHE_TYPE"])}
    if config["CACHE_TYPE"] == "RedisCache":
        timeout = config["CACHE_SOCKET_TIMEOUT"]
        backend["CACHE_OPTIONS"] = {"socket_timeout": timeout, "socket_connect_timeout": timeout}
    return backend


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__)
    app.config.from_mapping(config.from_env())
    if test_config:
        app.config.update(test_config)

    logs.configure(app)
    cache.init_app(app, cache_backend(app.config))
    app.extensions["cms_client"] = CMSClient(
        app.config["CMS_API_URL"],
        connect_timeout=app.config["CMS_CONNECT_TIMEOUT"],
        read_timeout=app.config["CMS_READ_TIMEOUT"],
        retries=app.config["CMS_RETRIES"],
    )

    guards = {
        part: StoreGuard(part, retry_after=app.config["CACHE_RETRY_SECONDS"], warn_every=app.config["CACHE_WARN_SECONDS"])
        for part in ("cache", "coordination store")
    }
    app.extensions["store_guards"] = guards
    app.extensions["coordination"] = (
        guards["coordination store"].call(coordinator_for, app.config, fallback=None) or LocalCoordinator()
    )
    # Booking clicks waiting for the CMS, in the same store (counts survive a restart).
    app.extensions["click_store"] = (
        guards["coordination store"].call(click_store_for, app.config, fallback=None) or MemoryClickStore()
    )
    app.extensions["page_cache"] = PageCache(
        cache,
        app.extensions["coordination"],
        fresh=app.config["PAGE_FRESH_SECONDS"],
        swr=app.config["PAGE_SWR_SECONDS"],
        keep=app.config["PAGE_KEEP_SECONDS"],
        missing=app.config["PAGE_MISSING_SECONDS"],
        stale_after=app.config["PAGE_STALE_AFTER_SECONDS"],
        cache_guard=guards["cache"],
        workers_guard=guards["coordination store"],
        local_workers=LocalCoordinator(),
        # No cache configured means no copies at all, not even this worker's own.
        memo_size=0 if app.config["CACHE_TYPE"] == "NullCache" else 256,
    )

    template_filters.register(app)
    security.register(app)
    booking_links.register(app)

    from .views import articles, booking, errors, feeds, health, home, icons, old_addresses, preview, search, services
    from .views import path_redirects, sitemap, tags, therapists, webhooks

    app.register_blueprint(home.bp)
    app.register_blueprint(articles.bp)
    app.register_blueprint(therapists.bp)
    app.register_blueprint(services.bp)
    app.register_blueprint(webhooks.bp)
    app.register_blueprint(health.bp)
    app.register_blueprint(icons.bp)
    app.register_blueprint(feeds.bp)
    app.register_blueprint(sitemap.bp)
    app.register_blueprint(booking.bp)
    app.register_blueprint(booking.collect_bp)
    app.register_blueprint(preview.bp)
    app.register_blueprint(tags.bp)
    app.register_blueprint(search.bp)
    app.register_blueprint(old_addresses.bp)  # every other path: old addresses
    errors.register(app)
    path_redirects.register(app)

    # Every answer, whether from Flask or the page cache's fast path, passes through the same
    # layers: request logs outermost, then the headers every answer carries.
    app.wsgi_app = logs.RequestLog(security.SecurityHeaders(FastHits(app.wsgi_app, app.extensions["page_cache"]), app.config))
    return app
