"""The clinic's public site: a Flask app that renders content from the CMS's API."""

from flask import Flask

from . import config, filters, logs, security
from .cache import cache
from .coordination import coordinator_for
from .cms_client import CMSClient
from .page_cache import FastHits, PageCache


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__)
    app.config.from_mapping(config.from_env())
    if test_config:
        app.config.update(test_config)

    logs.configure(app)
    cache.init_app(app)
    app.extensions["cms_client"] = CMSClient(
        app.config["CMS_API_URL"],
        cache,
        connect_timeout=app.config["CMS_CONNECT_TIMEOUT"],
        read_timeout=app.config["CMS_READ_TIMEOUT"],
        retries=app.config["CMS_RETRIES"],
        cache_timeout=app.config["CACHE_DEFAULT_TIMEOUT"],
    )

    app.extensions["workers"] = coordinator_for(app.config)
    app.extensions["page_cache"] = PageCache(
        cache,
        app.extensions["workers"],
        fresh=app.config["PAGE_FRESH_SECONDS"],
        swr=app.config["PAGE_SWR_SECONDS"],
        keep=app.config["PAGE_KEEP_SECONDS"],
        # No cache configured means no copies at all, not even this worker's own.
        memo_size=0 if app.config["CACHE_TYPE"] == "NullCache" else 256,
    )

    filters.register(app)
    security.register(app)
    app.extensions["page_cache"].extra_headers = security.headers(app.config)
    app.wsgi_app = FastHits(app.wsgi_app, app.extensions["page_cache"], on_response=logs.record_fast_hit)

    from .views import articles, errors, health, home, services, therapists, webhooks

    app.register_blueprint(home.bp)
    app.register_blueprint(articles.bp)
    app.register_blueprint(therapists.bp)
    app.register_blueprint(services.bp)
    app.register_blueprint(webhooks.bp)
    app.register_blueprint(health.bp)
    errors.register(app)
    return app
