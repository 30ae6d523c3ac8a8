"""The public site's settings, read from environment variables with safe defaults."""

import os
from pathlib import Path

from shared.signing import LOCAL_DEV_SECRET

REPO_DIR = Path(__file__).resolve().parent.parent


def _env(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def from_env() -> dict:
    var_dir = Path(_env("VAR_DIR", str(REPO_DIR / "var")))
    config = {
        "SITE_NAME": _env("SITE_NAME", "Kestrel Therapy Clinic"),
        "LOG_LEVEL": _env("LOG_LEVEL", "INFO").upper(),
        # Where the site reaches the CMS's API; inside a private network this may differ
        # from the address readers' browsers use for images (that one comes in the API data).
        "CMS_API_URL": _env("CMS_API_URL", "http://127.0.0.1:8000/api/v2").rstrip("/"),
        "CMS_CONNECT_TIMEOUT": float(_env("CMS_CONNECT_TIMEOUT", "2")),
        "CMS_READ_TIMEOUT": float(_env("CMS_READ_TIMEOUT", "5")),
        "CMS_RETRIES": int(_env("CMS_RETRIES", "2")),
        # Page cache, in seconds: served without asking the CMS while fresh (the CMS
        # purges changed pages at once); then served while one refresh runs; and kept
        # this long in all to serve when the CMS is down.
        "PAGE_FRESH_SECONDS": int(_env("PAGE_FRESH_SECONDS", "300")),
        "PAGE_SWR_SECONDS": int(_env("PAGE_SWR_SECONDS", "60")),
        "PAGE_KEEP_SECONDS": int(_env("PAGE_KEEP_SECONDS", str(7 * 24 * 3600))),
        "CACHE_DEFAULT_TIMEOUT": int(_env("CACHE_TIMEOUT", "300")),
        # A prefix keeps the site's keys apart in a shared Redis (and `clear()` to them).
        "CACHE_KEY_PREFIX": _env("CACHE_KEY_PREFIX", "site:"),
        # Shared with the CMS, which signs its purge messages with it.
        "WEBHOOK_SECRET": _env("WEBHOOK_SECRET", LOCAL_DEV_SECRET),
    }
    redis_url = _env("REDIS_URL")
    cache_type = _env("CACHE_TYPE", "RedisCache" if redis_url else "FileSystemCache")
    config["CACHE_TYPE"] = cache_type
    if cache_type == "RedisCache":
        config["CACHE_REDIS_URL"] = redis_url or "redis://127.0.0.1:6379/0"
    elif cache_type == "FileSystemCache":
        # Shared by every worker process on the machine, unlike SimpleCache.
        config["CACHE_DIR"] = _env("CACHE_DIR", str(var_dir / "site-cache"))
        config["CACHE_THRESHOLD"] = int(_env("CACHE_THRESHOLD", "5000"))
    return config
