"""The clinic's public site: a Flask app that renders content from the CMS's API."""

import time

from flask import Flask

from . import caching, config
from .booking import links as booking_links
from .booking.clicks import MemoryClickStore, click_store_for
from .content.client import CMSClient
from .rendering import clinic_details, template_filters
from .serving import assets, compression, logs, security


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__)
    app.config.from_mapping(config.from_env())
    if test_config:
        app.config.update(test_config)

    logs.configure(app)
    # Wall-clock seconds for copies' ages and "next in clinic ..." alike (tests pass a fixed one: CLOCK).
    app.extensions["clock"] = app.config.get("CLOCK") or time.time
    pages = caching.init_app(app)  # the cache, the coordination store, their guards
    app.extensions["cms_client"] = CMSClient(
        app.config["CMS_API_URL"],
        connect_timeout=app.config["CMS_CONNECT_TIMEOUT"],
        read_timeout=app.config["CMS_READ_TIMEOUT"],
        retries=app.config["CMS_RETRIES"],
    )

    guards = app.extensions["store_guards"]
    # Booking clicks waiting for the CMS, in the same store (counts survive a restart).
    app.extensions["click_store"] = (
        guards["coordination store"].call(click_store_for, app.config, fallback=None) or MemoryClickStore()
    )

    assets.init_app(app)  # fingerprinted static files; url_for("static", ...) names them
    template_filters.register(app)
    clinic_details.register(app)
    security.register(app)
    booking_links.register(app)

    from .views import (
        articles,
        booking,
        errors,
        feeds,
        health,
        home,
        icons,
        old_addresses,
        path_redirects,
        preview,
        search,
        services,
        sitemap,
        tags,
        therapists,
        visit,
        webhooks,
    )

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
    app.register_blueprint(visit.bp)
    app.register_blueprint(old_addresses.bp)  # every other path: old addresses
    errors.register(app)
    path_redirects.register(app)

    # Every answer, whether from Flask, the page cache's fast path or the static files, passes
    # through the same layers: request logs outermost, then the headers every answer carries.
    # Static files come precompressed; pages are gzipped after the fast path (one copy per body).
    pages_app = caching.FastHits(app.wsgi_app, pages)
    if app.config["SITE_GZIP"]:
        pages_app = compression.GzipAnswers(pages_app)
    app.wsgi_app = logs.RequestLog(security.SecurityHeaders(assets.static_files(pages_app, app), app.config))
    return app
