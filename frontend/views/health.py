"""/healthz for load balancers: is the shared cache there, and can the CMS be reached?

The status is 503 only when the cache is unreachable. Without the CMS the site still
serves what it has cached (stale-if-error), so it reports itself degraded, not dead:
a balancer that pulled every site instance whenever the CMS restarts would take the
whole site down with it.
"""

import time

import requests
from flask import Blueprint, current_app, jsonify

from ..cache import cache

bp = Blueprint("health", __name__)


def cache_reachable() -> bool:
    try:
        token = str(time.time())
        cache.set("healthz", token, timeout=60)
        return cache.get("healthz") == token
    except Exception:  # any backend error means "unreachable"
        return False


def cms_reachable() -> bool:
    try:
        response = requests.get(
            f"{current_app.config['CMS_API_URL']}/pages/", params={"limit": 1, "fields": "_"}, timeout=2
        )
        return response.status_code == 200
    except requests.RequestException:
        return False


@bp.get("/healthz")
def healthz():
    checks = {
        "cache": "ok" if cache_reachable() else "unreachable",
        "cms": "ok" if cms_reachable() else "unreachable",
    }
    if checks["cache"] != "ok":
        status, code = "failing", 503
    elif checks["cms"] != "ok":
        status, code = "degraded", 200
    else:
        status, code = "ok", 200
    response = jsonify({"status": status, **checks})
    response.headers["Cache-Control"] = "no-store"
    return response, code
