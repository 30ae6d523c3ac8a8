"""The public site's settings, read from environment variables with safe defaults."""

from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from shared import env
from shared.signing import LOCAL_DEV_SECRET
from shared.site_map import SITEMAP_MAX_URLS

REPO_DIR = Path(__file__).resolve().parent.parent


_env = env.string


def from_env() -> dict:
    var_dir = Path(_env("VAR_DIR", str(REPO_DIR / "var")))
    config = {
        "SITE_NAME": _env("SITE_NAME", "Kestrel Therapy Clinic"),
        # The site's public origin: canonical URLs, social cards, structured data, feeds, the
        # sitemap and robots.txt (the CMS's SITE_URL when not set, as one .env serves both).
        "SITE_PUBLIC_URL": (_env("SITE_PUBLIC_URL") or _env("SITE_URL", "http://127.0.0.1:5000")).rstrip("/"),
        "LOG_LEVEL": _env("LOG_LEVEL", "INFO").upper(),
        # Where the site reaches the CMS's API; inside a private network this may differ
        # from the address readers' browsers use for images (that one comes in the API data).
        "CMS_API_URL": _env("CMS_API_URL", "http://127.0.0.1:8000/api/v2").rstrip("/"),
        # Where browsers reach the CMS: its media (images) and the admin that frames previews.
        "CMS_PUBLIC_URL": _env("CMS_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/"),
        # More places images may come from (object storage, a CDN), comma-separated origins.
        "MEDIA_ORIGINS": env.csv("MEDIA_ORIGINS"),
        # A staging copy asks search engines to stay away (robots.txt "Disallow: /").
        "ROBOTS_DISALLOW_ALL": env.boolean("ROBOTS_DISALLOW_ALL", False),
        # Addresses per sitemap file before /sitemap.xml becomes an index (the sitemaps.org
        # limit; the CMS names the children to purge by the same number). Tests set a small one.
        "SITEMAP_MAX_URLS": SITEMAP_MAX_URLS,
        "CMS_CONNECT_TIMEOUT": env.number("CMS_CONNECT_TIMEOUT", 2),
        "CMS_READ_TIMEOUT": env.number("CMS_READ_TIMEOUT", 5),
        "CMS_RETRIES": env.integer("CMS_RETRIES", 2),
        # Page cache, in seconds: served without asking the CMS while fresh (the CMS
        # purges changed pages at once); then served while one refresh runs; and kept
        # this long in all to serve when the CMS is down.
        "PAGE_FRESH_SECONDS": env.integer("PAGE_FRESH_SECONDS", 300),
        "PAGE_SWR_SECONDS": env.integer("PAGE_SWR_SECONDS", 60),
        "PAGE_KEEP_SECONDS": env.integer("PAGE_KEEP_SECONDS", 7 * 24 * 3600),
        # A missing page (404) is kept this long, so a flood for one URL does not reach the CMS.
        "PAGE_MISSING_SECONDS": env.integer("PAGE_MISSING_SECONDS", 60),
        # A reader who could be given an older copy waits at most this long for the CMS.
        "PAGE_STALE_AFTER_SECONDS": env.number("PAGE_STALE_AFTER_SECONDS", 2),
        # At most this many page renders of one worker process talk to the CMS at once (refreshes
        # included), with or without Redis: a cache failure never becomes a CMS overload.
        "PAGE_CMS_FETCHES": env.integer("PAGE_CMS_FETCHES", 4),
        # When the cache store fails: each call waits at most CACHE_SOCKET_TIMEOUT (Redis),
        # then the store is left alone for CACHE_RETRY_SECONDS, with one warning per
        # CACHE_WARN_SECONDS in the log.
        "CACHE_SOCKET_TIMEOUT": env.number("CACHE_SOCKET_TIMEOUT", 0.5),
        "CACHE_RETRY_SECONDS": env.number("CACHE_RETRY_SECONDS", 2),
        "CACHE_WARN_SECONDS": env.number("CACHE_WARN_SECONDS", 60),
        # HSTS on answers that reached the reader over https (production only by default).
        "SECURE_HSTS_SECONDS": env.integer("SECURE_HSTS_SECONDS", 31_536_000 if env.production() else 0),
        "CACHE_DEFAULT_TIMEOUT": env.integer("CACHE_TIMEOUT", 300),
        # A prefix keeps the site's keys apart in a shared Redis (and `clear()` to them).
        "CACHE_KEY_PREFIX": _env("CACHE_KEY_PREFIX", "site:"),
        # Shared with the CMS, which signs its purge messages with it.
        "WEBHOOK_SECRET": _env("WEBHOOK_SECRET") or LOCAL_DEV_SECRET,
        # No page takes an upload: Werkzeug answers 413 past 1 MiB of any body, chunked too
        # (under gunicorn, which marks its input stream as terminated).
        "MAX_CONTENT_LENGTH": 1024 * 1024,
        "DEBUG": env.boolean("DEBUG", False),
        # The day a booking click is counted on is the clinic's day (same variable as the CMS).
        "TIME_ZONE": _env("TIME_ZONE", "Europe/Helsinki"),
        # One privacy-friendly analytics script (e.g. a self-hosted Plausible): its origin alone
        # is added to the CSP, and public pages (never previews) load it. Unset: no analytics.
        "ANALYTICS_SCRIPT_URL": _env("ANALYTICS_SCRIPT_URL", ""),
        "LOG_FORMAT": _env("LOG_FORMAT", "json" if env.production() else "text"),
        # frontend/static/ with fingerprinted names and compressed copies (frontend/serving/assets.py),
        # built when the app starts.
        "STATIC_BUILD_DIR": _env("STATIC_BUILD_DIR", str(var_dir / "site-static")),
        # Gzip HTML, JSON and XML answers for readers who accept it; off when a proxy in front compresses.
        "SITE_GZIP": env.boolean("SITE_GZIP", True),
    }
    env.refuse_unsafe_production(
        "site",
        {
            **env.secret_problems("WEBHOOK_SECRET", _env("WEBHOOK_SECRET"), (LOCAL_DEV_SECRET,)),
            "DEBUG is on": config["DEBUG"],
        },
    )
    try:
        ZoneInfo(config["TIME_ZONE"])
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"TIME_ZONE {config['TIME_ZONE']!r} is not a time zone name (e.g. Europe/Helsinki)") from None
    redis_url = _env("REDIS_URL")
    cache_type = _env("CACHE_TYPE", "RedisCache" if redis_url else "FileSystemCache")
    config["CACHE_TYPE"] = cache_type
    if cache_type == "RedisCache":
        config["CACHE_REDIS_URL"] = redis_url or "redis://127.0.0.1:6379/0"
    elif cache_type == "RedisSentinelCache":
        config.update(sentinel_settings())
    elif cache_type == "FileSystemCache":
        # Shared by every worker process on the machine, unlike SimpleCache.
        config["CACHE_DIR"] = _env("CACHE_DIR", str(var_dir / "site-cache"))
        config["CACHE_THRESHOLD"] = env.integer("CACHE_THRESHOLD", 5000)
    return config


def sentinel_settings() -> dict:
    """A Redis watched by Sentinel (or a managed Redis that speaks its protocol): flask-caching's
    RedisSentinelCache settings, which the coordination store and the click counts use too."""
    sentinels = []
    for address in env.csv("CACHE_REDIS_SENTINELS"):
        host, colon, port = address.rpartition(":")
        if not (colon and host and port.isdigit() and 0 < int(port) < 65536):
            raise env.ConfigError(f"CACHE_REDIS_SENTINELS: {address!r} is not host:port")
        sentinels.append((host.strip("[]"), int(port)))
    if not sentinels:
        raise env.ConfigError("CACHE_TYPE=RedisSentinelCache needs CACHE_REDIS_SENTINELS (host:port, comma-separated)")
    return {
        "CACHE_REDIS_SENTINELS": sentinels,
        "CACHE_REDIS_SENTINEL_MASTER": _env("CACHE_REDIS_SENTINEL_MASTER", "mymaster"),
        "CACHE_REDIS_PASSWORD": _env("CACHE_REDIS_PASSWORD") or None,
        "CACHE_REDIS_SENTINEL_PASSWORD": _env("CACHE_REDIS_SENTINEL_PASSWORD") or None,
        "CACHE_REDIS_DB": env.integer("CACHE_REDIS_DB", 0),
    }
